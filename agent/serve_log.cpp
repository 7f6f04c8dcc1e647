#include "agent/serve_log.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

namespace agent {
namespace {

std::string_view name_of(wsman::LogLevel level) {
    switch (level) {
    case wsman::LogLevel::error: return "error";
    case wsman::LogLevel::warning: return "warning";
    case wsman::LogLevel::notice: return "notice";
    case wsman::LogLevel::info: return "info";
    case wsman::LogLevel::debug: return "debug";
    }
    return "info";
}

} // namespace

ServeLog::ServeLog() : journal_(std::getenv("JOURNAL_STREAM") != nullptr) {}

bool ServeLog::set_level(std::string_view level) {
    for (auto l : {wsman::LogLevel::error, wsman::LogLevel::warning, wsman::LogLevel::notice, wsman::LogLevel::info,
                   wsman::LogLevel::debug}) {
        if (name_of(l) == level) {
            threshold_.store(static_cast<int>(l));
            return true;
        }
    }
    return false;
}

void ServeLog::write(wsman::LogLevel level, const std::string& message) {
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

wsman::LogSink ServeLog::sink() {
    return [this](wsman::LogLevel level, const std::string& message) { write(level, message); };
}

} // namespace agent
