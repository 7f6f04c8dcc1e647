#include "agent/raw_command.hpp"

#include "agent/byte_args.hpp"
#include "agent/exit_codes.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {

int run_raw(const TransportChoice& choice, const RawArgs& args) {
    if (args.words.size() < 2) {
        fmt::print(stderr, "bmcwsman: raw needs NETFN and CMD (for example: raw 0x06 0x01)\n");
        return exit_code::usage;
    }
    auto bytes = parse_bytes(args.words);
    if (!bytes) {
        fmt::print(stderr, "bmcwsman: {}\n", bytes.error());
        return exit_code::usage;
    }
    if ((*bytes)[0] > 0x3f || ((*bytes)[0] & 1U) != 0) {
        fmt::print(stderr,
                   "bmcwsman: NETFN {:#04x} is not a request network function (even, 0x00-0x3e)\n",
                   (*bytes)[0]);
        return exit_code::usage;
    }
    if (args.lun > 3) {
        fmt::print(stderr, "bmcwsman: LUN must be 0 to 3\n");
        return exit_code::usage;
    }

    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Request request;
    request.netfn = (*bytes)[0];
    request.cmd = (*bytes)[1];
    request.lun = static_cast<std::uint8_t>(args.lun);
    request.data.assign(bytes->begin() + 2, bytes->end());

    auto response = (*transport)->execute(request);
    if (!response) {
        fmt::print(stderr, "bmcwsman: sending netfn {:#04x} cmd {:#04x} over {}: {}\n",
                   request.netfn, request.cmd, (*transport)->name(), response.error().message());
        return exit_code::failure;
    }
    const auto cc = static_cast<unsigned>(response->cc);
    if (args.json) {
        nlohmann::json out;
        out["transport"] = std::string((*transport)->name());
        out["netfn"] = response->netfn;
        out["cmd"] = response->cmd;
        out["completion_code"] = cc;
        out["completion_text"] = std::string(ipmi::describe(response->cc));
        out["data"] = response->data;
        fmt::print("{}\n", out.dump());
    } else {
        fmt::print("completion code {:#04x} ({})\n", cc, ipmi::describe(response->cc));
        fmt::print("{}\n", hex_bytes(response->data));
    }
    return response->ok() ? exit_code::ok : exit_code::completion_code;
}

} // namespace agent
