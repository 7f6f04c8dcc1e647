// setgroups/setgid/setuid with PR_SET_KEEPCAPS, then capabilities through libcap.
#include "agent/privileges.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace agent {
namespace {

std::string why(const char* what) {
    return fmt::format("{}: {}", what, std::strerror(errno));
}

} // namespace

std::expected<std::pair<unsigned, unsigned>, std::string> user_ids(const std::string& user) {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
        return std::unexpected(fmt::format("no such user: {}", user));
    }
    return std::pair{static_cast<unsigned>(pw.pw_uid), static_cast<unsigned>(pw.pw_gid)};
}

std::expected<void, std::string> give_to(const std::string& path, unsigned uid, unsigned gid) {
    struct stat st{};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) {
        return {};
    }
    if (::chown(path.c_str(), uid, gid) != 0) {
        return std::unexpected(why(("chown " + path).c_str()));
    }
    return {};
}

std::expected<DropResult, std::string> drop_privileges(const std::string& user, bool keep_rawio) {
    auto ids = user_ids(user);
    if (!ids) {
        return std::unexpected(ids.error());
    }
    if (::geteuid() != 0) {
        return std::unexpected(fmt::format("cannot become {}: not running as root", user));
    }
    DropResult r{ids->first, ids->second, keep_rawio};
    if (keep_rawio && prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) != 0) {
        return std::unexpected(why("prctl(PR_SET_KEEPCAPS)"));
    }
    const gid_t group = r.gid;
    if (::setgroups(1, &group) != 0) {
        return std::unexpected(why("setgroups"));
    }
    if (::setresgid(r.gid, r.gid, r.gid) != 0) {
        return std::unexpected(why("setresgid"));
    }
    if (::setresuid(r.uid, r.uid, r.uid) != 0) {
        return std::unexpected(why("setresuid"));
    }
    // Only CAP_SYS_RAWIO (permitted and effective) or nothing at all.
    cap_t caps = cap_init();
    if (caps == nullptr) {
        return std::unexpected(why("cap_init"));
    }
    if (keep_rawio) {
        const cap_value_t rawio[] = {CAP_SYS_RAWIO};
        if (cap_set_flag(caps, CAP_PERMITTED, 1, rawio, CAP_SET) != 0 ||
            cap_set_flag(caps, CAP_EFFECTIVE, 1, rawio, CAP_SET) != 0) {
            cap_free(caps);
            return std::unexpected(why("cap_set_flag"));
        }
    }
    const int set = cap_set_proc(caps);
    cap_free(caps);
    if (set != 0) {
        return std::unexpected(why("cap_set_proc"));
    }
    (void)prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0) {
        return std::unexpected(why("prctl(PR_SET_NO_NEW_PRIVS)"));
    }
    // Check: the way back must be closed.
    if (::setuid(0) == 0 || ::getuid() != r.uid || ::geteuid() != r.uid) {
        return std::unexpected(std::string("the user change did not hold"));
    }
    return r;
}

} // namespace agent
