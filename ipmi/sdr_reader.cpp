#include "ipmi/sdr_reader.hpp"

#include "ipmi/errc.hpp"

#include <algorithm>
#include <unordered_set>

namespace ipmi {
namespace {

constexpr std::uint8_t header_size = 5; // IPMI 2.0 section 43: record ID, version, type, length
constexpr std::uint8_t first_partial_read = 32; // fits a 36-byte response cap (ipmi_sim)
constexpr std::uint8_t smallest_read = 4;
constexpr unsigned max_renewals = 8; // C5h answers tolerated for one read
constexpr std::size_t hard_record_cap = 8192;

// IPMI 2.0 Table 5-2: the BMC cannot return this many bytes (CAh), or rejects
// the size (C7h, C8h; seen on BMCs with small buffers).
bool too_many_bytes(const std::error_code& ec) {
    return ec == CompletionCode::cannot_return_requested_bytes ||
           ec == CompletionCode::request_data_length_invalid ||
           ec == CompletionCode::request_data_field_length_exceeded;
}

// The record's size by its header (at least header_size bytes present).
std::size_t record_size(const RawSdr& record) {
    return header_size + std::size_t{record[4]};
}

// IPMI 2.0 Table 5-2: answers about this record's bytes, not about the BMC or the session
// (C9h offset beyond the record, CCh invalid field, CBh gone, CDh illegal for the record type).
bool record_content_refused(const std::error_code& ec) {
    return ec == CompletionCode::parameter_out_of_range || ec == CompletionCode::invalid_data_field ||
           ec == CompletionCode::not_present || ec == CompletionCode::illegal_for_sensor_or_record_type;
}

} // namespace

std::error_code SdrReader::reserve() {
    ++stats_.reservations;
    auto r = client_.call(cmd::ReserveSdrRepository{});
    if (!r) {
        return r.error();
    }
    reservation_ = r->reservation_id;
    reserved_ = true;
    return {};
}

std::expected<cmd::GetSdr::Response, std::error_code>
SdrReader::get(std::uint16_t record_id, std::uint8_t offset, std::uint8_t count) {
    // IPMI 2.0 section 33.12: a reservation is needed only for non-zero offsets.
    for (unsigned renewals = 0;; ++renewals) {
        if (offset != 0 && !reserved_) {
            if (auto ec = reserve()) {
                return std::unexpected(ec);
            }
        }
        ++stats_.get_sdr;
        auto r = client_.call(
            cmd::GetSdr{reserved_ ? reservation_ : std::uint16_t{0}, record_id, offset, count});
        if (r || r.error() != CompletionCode::reservation_cancelled) {
            return r;
        }
        ++stats_.cancelled;
        reserved_ = false;
        if (renewals >= max_renewals) {
            return std::unexpected(make_error_code(Errc::sdr_reservation_lost));
        }
    }
}

std::expected<RawSdr, std::error_code> SdrReader::read_record(std::uint16_t record_id,
                                                              std::uint16_t& next) {
    RawSdr record;
    if (limits_.max_read == SdrReadLimits::whole_record) {
        auto whole = get(record_id, 0, SdrReadLimits::whole_record);
        if (whole) {
            next = whole->next_record_id;
            record = std::move(whole->data);
            // IPMI 2.0 section 43: the header's length byte is the truth. Bytes after the
            // record (ipmi_sim pads every answer with 6) are dropped; a shorter answer than
            // the header announces is finished with partial reads.
            if (record.size() >= header_size && record.size() >= record_size(record)) {
                record.resize(record_size(record));
                return record;
            }
            if (record.size() < header_size) {
                record.clear();
            }
        } else if (!too_many_bytes(whole.error())) {
            return std::unexpected(whole.error());
        }
        limits_.max_read = first_partial_read;
        ++stats_.shrinks;
    }

    if (record.empty()) {
        auto header = get(record_id, 0, header_size);
        if (!header) {
            return std::unexpected(too_many_bytes(header.error())
                                       ? make_error_code(Errc::sdr_read_size_exhausted)
                                       : header.error());
        }
        if (header->data.size() < header_size) {
            return std::unexpected(make_error_code(Errc::sdr_record_malformed));
        }
        next = header->next_record_id;
        record = std::move(header->data);
        record.resize(header_size); // more than asked for: the header is what counts
    }
    const std::size_t total = record_size(record);
    record.reserve(total);
    while (record.size() < total) {
        if (record.size() > 0xff) { // the offset field is one byte: the rest is unreachable
            return record;
        }
        const auto want = static_cast<std::uint8_t>(
            std::min<std::size_t>(limits_.max_read, total - record.size()));
        auto part = get(record_id, static_cast<std::uint8_t>(record.size()), want);
        if (!part) {
            if (record_content_refused(part.error())) {
                // The BMC will not give the rest of this record (its length byte lies, or
                // the record is broken): keep what was read; parse_sdr rejects the record
                // by its ID and the walk goes on with the next one.
                return record;
            }
            if (!too_many_bytes(part.error())) {
                return std::unexpected(part.error());
            }
            if (limits_.max_read <= smallest_read) {
                return std::unexpected(make_error_code(Errc::sdr_read_size_exhausted));
            }
            limits_.max_read = std::max<std::uint8_t>(
                smallest_read, static_cast<std::uint8_t>(limits_.max_read / 2));
            ++stats_.shrinks;
            continue;
        }
        // Fewer bytes than asked still make progress; none ends this record as it is; more
        // are dropped (the offset and count asked for are what the bytes mean).
        if (part->data.empty()) {
            return record;
        }
        const std::size_t take = std::min<std::size_t>(part->data.size(), want);
        record.insert(record.end(), part->data.begin(), part->data.begin() + static_cast<long>(take));
    }
    return record;
}

std::expected<std::vector<RawSdr>, std::error_code>
SdrReader::read_all(std::uint16_t expected_count) {
    const std::size_t cap =
        std::min<std::size_t>(hard_record_cap, std::size_t{expected_count} * 2 + 16);
    std::vector<RawSdr> records;
    records.reserve(expected_count);
    std::unordered_set<std::uint16_t> requested;
    std::uint16_t id = cmd::GetSdr::first_record;
    while (id != cmd::GetSdr::last_record) {
        if (!requested.insert(id).second) {
            return std::unexpected(make_error_code(Errc::sdr_chain_loop));
        }
        if (records.size() >= cap) {
            return std::unexpected(make_error_code(Errc::sdr_too_many_records));
        }
        std::uint16_t next = cmd::GetSdr::last_record;
        auto record = read_record(id, next);
        if (!record) {
            return std::unexpected(record.error());
        }
        records.push_back(std::move(*record));
        id = next;
    }
    return records;
}

} // namespace ipmi
