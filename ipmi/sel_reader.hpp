// Keeping a copy of the SEL current with the fewest transactions (IPMI 2.0
// section 31): one Get SEL Info when nothing changed; when entries were added,
// the last known entry again (for its next-record ID) and only the new ones;
// everything again only after an erase. Clearing with reservation and polling.
#pragma once

#include "ipmi/client.hpp"
#include "ipmi/commands/sel_commands.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <system_error>
#include <vector>

namespace ipmi {

using RawSel = std::array<std::uint8_t, 16>; // IPMI 2.0 section 32: every entry is 16 bytes

struct SelChange {
    std::size_t added = 0;
    bool reloaded = false; // the whole SEL was read again (first read, erase, deletion)
};

struct SelReadStats {
    unsigned get_info = 0;
    unsigned get_entry = 0;
    unsigned reloads = 0;
    unsigned skipped = 0; // entries shorter than 16 bytes, left out (the chain goes on)
};

class SelReader {
public:
    explicit SelReader(Client& client) : client_(client) {}

    [[nodiscard]] std::expected<SelChange, std::error_code> refresh();

    // Reserve SEL (IPMI 2.0 31.4): the reservation a Clear SEL needs. The BMC cancels it when
    // it adds an entry, so a reservation taken before a read makes the clear after the read
    // fail (C5h) instead of erasing an entry the read did not see.
    [[nodiscard]] std::expected<std::uint16_t, std::error_code> reserve();

    // Clear SEL (initiate) with that reservation, then poll until the erasure completes.
    [[nodiscard]] std::error_code clear(std::uint16_t reservation, std::chrono::milliseconds timeout);

    // Reserve SEL, then clear (no read between them).
    [[nodiscard]] std::error_code clear(std::chrono::milliseconds timeout);

    [[nodiscard]] const std::vector<RawSel>& entries() const { return entries_; }
    [[nodiscard]] const std::optional<cmd::GetSelInfo::Response>& info() const { return info_; }
    [[nodiscard]] const SelReadStats& stats() const { return stats_; }

private:
    std::expected<cmd::GetSelEntry::Response, std::error_code> get(std::uint16_t id);
    std::expected<std::size_t, std::error_code> append_from(std::uint16_t next, std::size_t bound);
    std::expected<SelChange, std::error_code> reload(std::uint16_t announced);

    Client& client_;
    std::vector<RawSel> entries_;
    std::optional<cmd::GetSelInfo::Response> info_;
    SelReadStats stats_;
};

} // namespace ipmi
