// FreeIPMI's workaround names for RMCP+ sessions, mapped to libfreeipmi's flag bits.
#include "agent/lan_workarounds.hpp"

#include <array>
#include <charconv>
#include <freeipmi/api/ipmi-api.h>
#include <utility>

namespace agent {
namespace {

// ipmi-sensors(8), FreeIPMI 1.6: the workarounds of IPMI 2.0 (lanplus) sessions.
constexpr std::array<std::pair<std::string_view, unsigned>, 7> names{{
    {"authcap", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_AUTHENTICATION_CAPABILITIES},
    {"intel20", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION},
    {"supermicro20", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUPERMICRO_2_0_SESSION},
    {"sun20", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUN_2_0_SESSION},
    {"opensesspriv", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE},
    {"integritycheckvalue", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE},
    {"nochecksumcheck", IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NO_CHECKSUM_CHECK},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::expected<unsigned, std::string> one(std::string_view word) {
    for (const auto& [name, flag] : names) {
        if (word == name) {
            return flag;
        }
    }
    const bool hex = word.starts_with("0x") || word.starts_with("0X");
    const std::string_view digits = hex ? word.substr(2) : word;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (!digits.empty() && ec == std::errc{} && end == digits.data() + digits.size()) {
        return value;
    }
    std::string known;
    for (const auto& [name, flag] : names) {
        known += (known.empty() ? "" : ", ") + std::string(name);
    }
    return std::unexpected("unknown LAN workaround '" + std::string(word.substr(0, 40)) + "' (FreeIPMI's names: " +
                           known + "; or a number)");
}

} // namespace

std::expected<unsigned, std::string> parse_lan_workarounds(std::string_view list) {
    unsigned flags = 0;
    while (true) {
        const auto comma = list.find(',');
        const auto word = trim(list.substr(0, comma));
        if (!word.empty()) {
            auto f = one(word);
            if (!f) {
                return f;
            }
            flags |= *f;
        }
        if (comma == std::string_view::npos) {
            return flags;
        }
        list.remove_prefix(comma + 1);
    }
}

} // namespace agent
