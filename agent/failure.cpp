#include "agent/failure.hpp"

#include "agent/exit_codes.hpp"
#include "ipmi/completion_code.hpp"

#include <cstdio>
#include <fmt/format.h>

#include <fmt/format.h>

namespace agent {

std::string Failure::message() const {
    std::string text = context;
    if (code) {
        text += text.empty() ? code.message() : fmt::format(": {}", code.message());
    }
    if (!hint.empty()) {
        text += fmt::format(" ({})", hint);
    }
    return text;
}

int report_failure(const std::string& what, const std::error_code& ec) {
    fmt::print(stderr, "bmcwsman: {}: {}\n", what, ec.message());
    return ec.category() == ipmi::completion_category() ? exit_code::completion_code : exit_code::failure;
}

} // namespace agent
