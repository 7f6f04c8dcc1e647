// Least privilege for the daemon: after the listeners and the BMC are open, become an
// unprivileged user, keeping only CAP_SYS_RAWIO when KCS port I/O needs it again (ioperm
// after a reconnect); no new privileges afterwards (PR_SET_NO_NEW_PRIVS). Must run before
// any other thread starts: capabilities are per thread and threads inherit them.
#pragma once

#include <expected>
#include <string>

namespace agent {

struct DropResult {
    unsigned uid = 0;
    unsigned gid = 0;
    bool kept_rawio = false;
};

// Errors name what failed (unknown user, not root, a refused call).
[[nodiscard]] std::expected<DropResult, std::string> drop_privileges(const std::string& user, bool keep_rawio);

// Makes `path` (a directory or file the dropped user writes) owned by `user`; nothing when absent.
[[nodiscard]] std::expected<void, std::string> give_to(const std::string& path, unsigned uid, unsigned gid);

// The uid/gid of a user name.
[[nodiscard]] std::expected<std::pair<unsigned, unsigned>, std::string> user_ids(const std::string& user);

} // namespace agent
