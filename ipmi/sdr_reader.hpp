// Reading the whole SDR repository (IPMI 2.0 section 33) with the fewest
// transactions the BMC allows: whole-record reads while they work, otherwise a
// header read and partial reads whose size shrinks on CAh/C7h/C8h and is kept
// for the next walk; reservations taken only for partial reads, renewed on C5h.
// The header's length byte is the truth (section 43): bytes past it in a whole-record answer
// are dropped, a shorter answer is finished with partial reads, and a record whose rest the
// BMC refuses (C9h, CBh, CCh, CDh) is kept as far as it was read, for parse_sdr to reject
// by its record ID while the walk goes on.
#pragma once

#include "ipmi/client.hpp"
#include "ipmi/commands/storage.hpp"

#include <cstdint>
#include <expected>
#include <system_error>
#include <vector>

namespace ipmi {

// One SDR as stored: the 5-byte header (record ID, version, type, length) and body.
using RawSdr = std::vector<std::uint8_t>;

// What the reader learned about a BMC's limits; keep it per BMC across walks.
struct SdrReadLimits {
    static constexpr std::uint8_t whole_record = 0xff;
    std::uint8_t max_read = whole_record; // bytes per Get SDR; FFh = try whole records
};

struct SdrWalkStats {
    unsigned get_sdr = 0;      // Get SDR transactions
    unsigned reservations = 0; // Reserve SDR Repository transactions
    unsigned shrinks = 0;      // times the read size was lowered
    unsigned cancelled = 0;    // C5h answers (reservation lost to another client)
};

class SdrReader {
public:
    SdrReader(Client& client, SdrReadLimits& limits) : client_(client), limits_(limits) {}

    // Walks from the first record to FFFFh. `expected_count` (from Get SDR
    // Repository Info) bounds the walk together with a hard cap, so a BMC whose
    // next-record chain loops cannot hold the reader.
    [[nodiscard]] std::expected<std::vector<RawSdr>, std::error_code>
    read_all(std::uint16_t expected_count);

    // One record by ID; `next` receives the next record ID. The record may be shorter than
    // its header says when the BMC refused the rest (see above).
    [[nodiscard]] std::expected<RawSdr, std::error_code> read_record(std::uint16_t record_id,
                                                                     std::uint16_t& next);

    [[nodiscard]] const SdrWalkStats& stats() const { return stats_; }

private:
    std::expected<cmd::GetSdr::Response, std::error_code>
    get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count);
    std::error_code reserve();

    Client& client_;
    SdrReadLimits& limits_;
    SdrWalkStats stats_;
    std::uint16_t reservation_ = 0;
    bool reserved_ = false;
};

} // namespace ipmi
