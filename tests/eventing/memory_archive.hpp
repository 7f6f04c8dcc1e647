// A SEL archive in memory for the eventing tests: the contract of sel_archive/archive.hpp
// (sequence numbers never reused, read_after, retain_after, on_append) without files.
#pragma once

#include "sel_archive/archive.hpp"

#include <mutex>

namespace eventing_test {

class MemoryArchive final : public sel_archive::Archive {
public:
    explicit MemoryArchive(std::string id = "0b5e9c1e-1111-4222-8333-444455556666") : id_(std::move(id)) {}

    std::expected<std::vector<sel_archive::Record>, std::error_code>
    append_new(std::span<const ipmi::RawSel> entries, ipmi::SelChange) override {
        std::vector<sel_archive::Record> added;
        std::vector<std::function<void(sel_archive::Sequence)>> listeners;
        {
            const std::lock_guard lock(mutex_);
            for (const auto& e : entries) {
                records_.push_back({++last_, std::chrono::system_clock::now(), e});
                added.push_back(records_.back());
            }
            listeners = listeners_;
        }
        for (auto& l : listeners) {
            l(last_);
        }
        return added;
    }
    void add(const ipmi::RawSel& e) { (void)append_new(std::span(&e, 1), {}); }
    // Rotation as the real archive does it: the oldest records go (when not pinned).
    void drop_oldest(std::size_t n) {
        const std::lock_guard lock(mutex_);
        while (n-- > 0 && !records_.empty()) {
            records_.erase(records_.begin());
        }
    }
    const std::string& id() const override { return id_; }
    sel_archive::Sequence first() const override {
        const std::lock_guard lock(mutex_);
        return records_.empty() ? 0 : records_.front().sequence;
    }
    sel_archive::Sequence last() const override {
        const std::lock_guard lock(mutex_);
        return last_;
    }
    std::vector<sel_archive::Record> read_after(sel_archive::Sequence after, std::size_t max) const override {
        const std::lock_guard lock(mutex_);
        std::vector<sel_archive::Record> out;
        for (const auto& r : records_) {
            if (r.sequence > after && out.size() < max) {
                out.push_back(r);
            }
        }
        return out;
    }
    void retain_after(sel_archive::Sequence floor) override {
        const std::lock_guard lock(mutex_);
        floor_ = floor;
    }
    sel_archive::Sequence floor() const {
        const std::lock_guard lock(mutex_);
        return floor_;
    }
    Stats stats() const override {
        const std::lock_guard lock(mutex_);
        return {records_.size(), records_.size() * 16, 1, last_, 0};
    }
    void on_append(std::function<void(sel_archive::Sequence)> listener) override {
        const std::lock_guard lock(mutex_);
        listeners_.push_back(std::move(listener));
    }

private:
    std::string id_;
    mutable std::mutex mutex_;
    std::vector<sel_archive::Record> records_;
    sel_archive::Sequence last_ = 0;
    sel_archive::Sequence floor_ = 0;
    std::vector<std::function<void(sel_archive::Sequence)>> listeners_;
};

} // namespace eventing_test
