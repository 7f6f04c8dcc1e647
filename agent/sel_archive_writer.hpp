// The poller's side of the SEL archive (docs/SEL_ARCHIVE.md): after each SEL read, before the
// snapshot is published, what the BMC holds that is not archived yet is appended, and the
// snapshot gets the archive's newest records to serve as the "SEL archive" record log. A
// failed write is logged and counted and never stops the poller; the entries are tried again
// at the next read.
#pragma once

#include "cim_mapping/snapshot.hpp"
#include "http_server/log_sink.hpp"
#include "sel_archive/archive.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace agent {

class SelArchiveWriter {
public:
    // The newest records the snapshot carries (the CIM record log); the archive may hold more
    // (`bmcwsman sel --archive` prints them all).
    static constexpr std::size_t served_records = 4096;

    SelArchiveWriter(sel_archive::Archive& archive, std::uint64_t max_bytes, http::LogSink log);

    // DirectBmc's SelArchiver.
    void archive(cim::Snapshot& work, std::optional<ipmi::SelChange> change);

    struct Counters {
        std::uint64_t appended = 0;       // records appended by this agent
        std::uint64_t write_failures = 0; // appends that failed
    };
    [[nodiscard]] Counters counters() const { return {appended_.load(), write_failures_.load()}; }
    [[nodiscard]] sel_archive::Archive& archive() { return archive_; }

private:
    void publish(std::span<const sel_archive::Record> appended);

    sel_archive::Archive& archive_;
    std::uint64_t max_bytes_;
    http::LogSink log_;
    std::shared_ptr<const cim::ArchivedSel> view_; // poller thread only
    bool failing_ = false;
    std::atomic<std::uint64_t> appended_{0};
    std::atomic<std::uint64_t> write_failures_{0};
};

} // namespace agent
