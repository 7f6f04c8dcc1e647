// A scripted SDR repository answering Get SDR Repository Info, Reserve SDR
// Repository and Get SDR like a BMC (IPMI 2.0 33.9, 33.11, 33.12), with a
// response-size cap and reservation loss to exercise the reader.
#pragma once

#include "ipmi/transport.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace test {

using Bytes = std::vector<std::uint8_t>;

class FakeRepository final : public ipmi::Transport {
public:
    std::vector<Bytes> records;
    std::size_t max_response_data = 255; // completion code not counted
    int cancel_at_get = -1;              // invalidate the reservation before this Get SDR
    std::vector<std::uint16_t> next_ids; // overrides of the next-record chain
    // ipmi_sim stores each record with 6 bytes more than it has and answers reads up to
    // that size (bmc_storage.c new_sdr_entry: length + 6): the padding its answers carry.
    std::size_t whole_record_padding = 0;
    std::size_t whole_record_short = 0; // nonzero: whole-record answers cut to this many bytes
    unsigned gets = 0;
    unsigned info_requests = 0;
    std::uint32_t addition_timestamp = 0x5f000000;

    static Bytes record(std::uint16_t id, std::uint8_t type, std::size_t body) {
        Bytes r{static_cast<std::uint8_t>(id & 0xff), static_cast<std::uint8_t>(id >> 8), 0x51,
                type, static_cast<std::uint8_t>(body)};
        for (std::size_t i = 0; i < body; ++i) {
            r.push_back(static_cast<std::uint8_t>(id * 7 + i));
        }
        return r;
    }

    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& req) override {
        ipmi::Response rsp{static_cast<std::uint8_t>(req.netfn + 1),
                           req.lun,
                           req.cmd,
                           ipmi::CompletionCode::ok,
                           {}};
        if (req.cmd == 0x20) { // Get SDR Repository Info (Table 33-3)
            ++info_requests;
            const auto n = static_cast<std::uint16_t>(records.size());
            rsp.data = {0x51, static_cast<std::uint8_t>(n & 0xff),
                        static_cast<std::uint8_t>(n >> 8), 0xff, 0xff};
            for (int shift = 0; shift < 32; shift += 8) {
                rsp.data.push_back(static_cast<std::uint8_t>(addition_timestamp >> shift));
            }
            rsp.data.insert(rsp.data.end(), {0, 0, 0, 0, 0x02});
            return rsp;
        }
        if (req.cmd == 0x22) {
            ++reservation_;
            valid_ = true;
            rsp.data = {static_cast<std::uint8_t>(reservation_ & 0xff),
                        static_cast<std::uint8_t>(reservation_ >> 8)};
            return rsp;
        }
        const auto reservation = static_cast<std::uint16_t>(req.data[0] | req.data[1] << 8);
        const auto id = static_cast<std::uint16_t>(req.data[2] | req.data[3] << 8);
        const std::uint8_t offset = req.data[4];
        const std::uint8_t count = req.data[5];
        if (static_cast<int>(gets++) == cancel_at_get) {
            valid_ = false; // another client reserved
        }
        if (offset != 0 && (!valid_ || reservation != reservation_)) {
            rsp.cc = ipmi::CompletionCode::reservation_cancelled;
            return rsp;
        }
        std::size_t index = 0;
        if (id != 0) {
            while (index < records.size() && (records[index][0] | records[index][1] << 8) != id) {
                ++index;
            }
        }
        if (index >= records.size()) {
            rsp.cc = ipmi::CompletionCode::not_present;
            return rsp;
        }
        const Bytes& r = records[index];
        if (offset >= r.size()) { // ipmi_sim: C9h
            rsp.cc = ipmi::CompletionCode::parameter_out_of_range;
            return rsp;
        }
        const std::size_t n = std::min<std::size_t>(count == 0xff ? r.size() - offset + whole_record_padding : count,
                                                    r.size() - offset + whole_record_padding);
        if (2 + n > max_response_data) {
            rsp.cc = ipmi::CompletionCode::cannot_return_requested_bytes;
            return rsp;
        }
        std::uint16_t next =
            index + 1 < records.size()
                ? static_cast<std::uint16_t>(records[index + 1][0] | records[index + 1][1] << 8)
                : 0xffff;
        if (index < next_ids.size()) {
            next = next_ids[index];
        }
        rsp.data = {static_cast<std::uint8_t>(next & 0xff), static_cast<std::uint8_t>(next >> 8)};
        const std::size_t real = std::min(n, r.size() - offset);
        rsp.data.insert(rsp.data.end(), r.begin() + offset, r.begin() + static_cast<long>(offset + real));
        rsp.data.insert(rsp.data.end(), n - real, std::uint8_t{0}); // ipmi_sim's padding
        if (count == 0xff && whole_record_short > 0 && rsp.data.size() > 2 + whole_record_short) {
            rsp.data.resize(2 + whole_record_short); // a BMC that answers FFh with fewer bytes
        }
        return rsp;
    }
    std::string_view name() const noexcept override { return "fake repository"; }

private:
    std::uint16_t reservation_ = 0;
    bool valid_ = false;
};

} // namespace test
