#include "agent/serve_log.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

namespace agent {
namespace {

std::string_view name_of(http::LogLevel level) {
    switch (level) {
    case http::LogLevel::error: return "error";
    case http::LogLevel::warning: return "warning";
    case http::LogLevel::notice: return "notice";
    case http::LogLevel::info: return "info";
    case http::LogLevel::debug: return "debug";
    }
    return "info";
}

} // namespace

ServeLog::ServeLog() : journal_(std::getenv("JOURNAL_STREAM") != nullptr) {}

bool ServeLog::set_level(std::string_view level) {
    for (auto l : {http::LogLevel::error, http::LogLevel::warning, http::LogLevel::notice, http::LogLevel::info,
                   http::LogLevel::debug}) {
        if (name_of(l) == level) {
            threshold_.store(static_cast<int>(l));
            return true;
        }
    }
    return false;
}

void ServeLog::write(http::LogLevel level, const std::string& message) {
    if (static_cast<int>(level) > threshold_.load()) {
        return;
    }
    // Control characters from the network (user names) cannot forge a second line.
    std::string clean;
    clean.reserve(message.size());
    for (char c : message) {
        clean += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    const std::lock_guard lock(mutex_);
    if (journal_) {
        fmt::print(stderr, "<{}>{}\n", static_cast<int>(level), clean);
    } else {
        fmt::print(stderr, "bmcwsman: {}: {}\n", name_of(level), clean);
    }
    std::fflush(stderr);
}

http::LogSink ServeLog::sink() {
    return [this](http::LogLevel level, const std::string& message) { write(level, message); };
}

} // namespace agent
