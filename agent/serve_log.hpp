// The daemon's log: one line per event on stderr, never interleaved; with the syslog level
// prefix journald reads (sd-daemon(3) "<N>") when stderr is the journal (JOURNAL_STREAM
// set), else "bmcwsman: LEVEL: ". Lines below the configured level are dropped.
#pragma once

#include "http_server/log_sink.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>

namespace agent {

class ServeLog {
public:
    ServeLog();
    // "error", "warning", "notice", "info" or "debug"; false for anything else.
    [[nodiscard]] bool set_level(std::string_view level);
    void write(http::LogLevel level, const std::string& message);
    // A sink for the front end and the model (valid while this log lives).
    [[nodiscard]] http::LogSink sink();

private:
    std::mutex mutex_;
    std::atomic<int> threshold_{static_cast<int>(http::LogLevel::info)};
    bool journal_ = false;
};

} // namespace agent
