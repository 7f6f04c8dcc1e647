// A failure the CLI reports as one line: what was being done, and why it failed.
#pragma once

#include <string>
#include <system_error>

namespace agent {

struct Failure {
    std::string context;  // e.g. "reading SMBIOS from /sys/firmware/dmi/tables"
    std::error_code code; // the library's error value
    std::string hint;     // optional advice ("run as root or grant CAP_SYS_RAWIO")

    [[nodiscard]] std::string message() const;
};

// Prints "bmcwsman: WHAT: why" and answers the exit code: 3 when the BMC refused with a
// completion code, else 1.
[[nodiscard]] int report_failure(const std::string& what, const std::error_code& ec);

} // namespace agent
