#include "agent/failure.hpp"

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

} // namespace agent
