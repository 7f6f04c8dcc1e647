// What is new in the BMC's SEL: the entries already archived that the BMC still holds, as a
// multiset of their 16 bytes (a record ID alone is reused after a clear). Pure code.
#pragma once

#include "ipmi/sel_reader.hpp"

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace sel_archive {

struct RawSelHash {
    std::size_t operator()(const ipmi::RawSel& e) const noexcept;
};

class KnownEntries {
public:
    void add(const ipmi::RawSel& e) {
        ++counts_[e];
        ++size_;
    }
    void remove(const ipmi::RawSel& e);
    void assign(std::span<const ipmi::RawSel> entries);
    [[nodiscard]] std::vector<ipmi::RawSel> all() const; // for a view frame
    [[nodiscard]] std::size_t size() const { return size_; }

    struct Difference {
        std::vector<ipmi::RawSel> fresh;    // on the BMC, not archived: to append, in BMC order
        std::vector<ipmi::RawSel> vanished; // archived and no longer on the BMC
    };
    // The BMC holds `bmc` now: each of its entries matches one known entry with the same
    // bytes; the rest are fresh, and known entries left unmatched have vanished.
    [[nodiscard]] Difference compare(std::span<const ipmi::RawSel> bmc) const;

private:
    std::unordered_map<ipmi::RawSel, std::uint32_t, RawSelHash> counts_;
    std::size_t size_ = 0;
};

} // namespace sel_archive
