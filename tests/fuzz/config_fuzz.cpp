// libFuzzer target: the operator's files the daemon reads at start-up and on SIGHUP, as
// untrusted text (a file edited by hand, a configuration-management template gone wrong):
// an even first byte sends the rest through the TOML configuration reader (toml++ and every
// key's check, agent/serve_config.cpp), an odd one through the users-file parser
// (http_server/users.cpp). Either an error naming the line or key, or a value: no crash, no
// hang, no exception escaping.
#include "agent/serve_config.hpp"
#include "http_server/users.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((data[0] & 1U) == 0) {
        agent::ServeArgs serve;
        const agent::TransportChoice defaults;
        auto config = agent::parse_config(text, "fuzz.toml", serve, defaults);
        if (config && config->choice.lan && config->choice.lan->empty()) {
            __builtin_trap(); // transport = "lan" is refused without a host
        }
    } else {
        auto users = http::Users::parse(text, "fuzz-users");
        if (users && users->find("") != nullptr) {
            __builtin_trap(); // an empty user name is refused
        }
    }
    return 0;
}
