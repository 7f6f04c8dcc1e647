#include "sel_archive/known_entries.hpp"

#include <algorithm>

namespace sel_archive {

std::size_t RawSelHash::operator()(const ipmi::RawSel& e) const noexcept {
    // FNV-1a over the 16 bytes.
    std::uint64_t h = 1469598103934665603ULL;
    for (auto b : e) {
        h = (h ^ b) * 1099511628211ULL;
    }
    return static_cast<std::size_t>(h);
}

void KnownEntries::remove(const ipmi::RawSel& e) {
    const auto it = counts_.find(e);
    if (it == counts_.end()) {
        return;
    }
    if (--it->second == 0) {
        counts_.erase(it);
    }
    --size_;
}

void KnownEntries::assign(std::span<const ipmi::RawSel> entries) {
    counts_.clear();
    for (const auto& e : entries) {
        ++counts_[e];
    }
    size_ = entries.size();
}

std::vector<ipmi::RawSel> KnownEntries::all() const {
    std::vector<ipmi::RawSel> out;
    out.reserve(size_);
    for (const auto& [e, n] : counts_) {
        out.insert(out.end(), n, e);
    }
    std::ranges::sort(out); // the same set gives the same bytes
    return out;
}

KnownEntries::Difference KnownEntries::compare(std::span<const ipmi::RawSel> bmc) const {
    Difference d;
    auto left = counts_;
    for (const auto& e : bmc) {
        const auto it = left.find(e);
        if (it != left.end() && it->second > 0) {
            --it->second;
        } else {
            d.fresh.push_back(e);
        }
    }
    for (const auto& [e, n] : left) {
        d.vanished.insert(d.vanished.end(), n, e);
    }
    std::ranges::sort(d.vanished);
    return d;
}

} // namespace sel_archive
