#include "agent/sel_archive_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace agent {

SelArchiveWriter::SelArchiveWriter(sel_archive::Archive& archive, std::uint64_t max_bytes, http::LogSink log)
    : archive_(archive), max_bytes_(max_bytes), log_(std::move(log)) {}

void SelArchiveWriter::archive(cim::Snapshot& work, std::optional<ipmi::SelChange> change) {
    std::vector<sel_archive::Record> appended;
    bool failed = false;
    if (change && work.bmc_reachable) {
        auto got = archive_.append_new(work.sel, *change);
        if (got) {
            appended = std::move(*got);
            appended_ += appended.size();
        } else {
            failed = true;
            ++write_failures_;
            // Logged when writes start failing, then every 100th failure, and on recovery.
            if (log_ && (!failing_ || write_failures_.load() % 100 == 0)) {
                log_(http::LogLevel::error,
                     fmt::format("SEL archive: appending failed ({}; {} failures): polling goes on, the entries "
                                 "are tried again at the next poll",
                                 got.error().message(), write_failures_.load()));
            }
        }
    }
    if (failing_ && !failed && change && log_) {
        log_(http::LogLevel::notice, "SEL archive: appending works again");
    }
    if (failed != failing_ || !appended.empty() || view_ == nullptr) {
        failing_ = failed;
        publish(appended);
    }
    work.sel_archive = view_;
}

// A new view: the previous one's records plus those just appended (the first from disk),
// the newest served_records of them.
void SelArchiveWriter::publish(std::span<const sel_archive::Record> appended) {
    auto next = std::make_shared<cim::ArchivedSel>();
    next->archive_id = archive_.id();
    const auto stats = archive_.stats();
    next->kept = stats.records;
    next->bytes = stats.bytes;
    next->max_bytes = max_bytes_;
    next->write_failing = failing_;
    const auto add = [&](const sel_archive::Record& r) {
        next->records.push_back({r.sequence, r.archived_at, r.bytes, sel_archive::to_text({archive_.id(), r.sequence})});
    };
    if (view_ == nullptr) {
        const auto last = archive_.last();
        const auto from = last > served_records ? last - served_records : 0;
        for (const auto& r : archive_.read_after(from, served_records)) {
            add(r);
        }
    } else {
        next->records = view_->records;
        for (const auto& r : appended) {
            add(r);
        }
        if (next->records.size() > served_records) {
            next->records.erase(next->records.begin(),
                                next->records.end() - static_cast<std::ptrdiff_t>(served_records));
        }
    }
    view_ = std::move(next);
}

} // namespace agent
