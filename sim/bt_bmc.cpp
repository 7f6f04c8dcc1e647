// BtBmc: the BT handshake from the BMC's side, responses from BmcModel, faults.
#include "sim/bt_bmc.hpp"

namespace sim {
namespace {

// IPMI 2.0 Table 11-1, BT_CTRL (the simulator's own copy).
constexpr std::uint8_t clr_wr_ptr = 0x01;
constexpr std::uint8_t clr_rd_ptr = 0x02;
constexpr std::uint8_t h2b_atn = 0x04;
constexpr std::uint8_t b2h_atn = 0x08;
constexpr std::uint8_t h_busy = 0x40;
constexpr std::uint8_t b_busy = 0x80;
constexpr std::size_t buffer_size = 256;

} // namespace

BtBmc::BtBmc(BtFaults faults) : request_(buffer_size, 0) { set_faults(faults); }

void BtBmc::set_faults(const BtFaults& faults) {
    faults_ = faults;
    faulty_left_ = faults.only_next_requests.value_or(0);
}

bool BtBmc::faulty() const noexcept {
    return !faults_.only_next_requests || this_request_faulty_;
}

std::uint8_t BtBmc::read_control() {
    ++stats_.control_reads;
    if (h2b_atn_) {
        take_request();
    } else if (b_busy_ && !(faulty() && faults_.busy_stuck)) {
        if (busy_left_ > 0) {
            --busy_left_;
        } else {
            b_busy_ = false;
            if (!(faulty() && faults_.never_respond)) {
                post(stale_left_ > 0 ? static_cast<std::uint8_t>(seq_ - 1) : seq_);
            }
        }
    }
    return static_cast<std::uint8_t>((b_busy_ ? b_busy : 0) | (h_busy_ ? h_busy : 0) |
                                     (b2h_atn_ ? b2h_atn : 0) | (h2b_atn_ ? h2b_atn : 0));
}

void BtBmc::write_control(std::uint8_t value) {
    if ((value & clr_wr_ptr) != 0) {
        write_pos_ = 0;
    }
    if ((value & clr_rd_ptr) != 0) {
        read_pos_ = 0;
    }
    if ((value & h2b_atn) != 0) {
        h2b_atn_ = true;
    }
    if ((value & h_busy) != 0) {
        h_busy_ = !h_busy_;
        // The host freed the buffer: a stale answer was read, the real one follows.
        if (!h_busy_ && stale_left_ > 0 && !b2h_atn_) {
            --stale_left_;
            post(stale_left_ > 0 ? static_cast<std::uint8_t>(seq_ - 1) : seq_);
        }
    }
    if ((value & b2h_atn) != 0) {
        b2h_atn_ = false;
    }
}

std::uint8_t BtBmc::read_buffer() {
    return read_pos_ < out_.size() ? out_[read_pos_++] : std::uint8_t{0};
}

void BtBmc::write_buffer(std::uint8_t value) {
    if (write_pos_ < request_.size()) {
        request_[write_pos_++] = value;
    }
}

// The BMC takes HOST2BMC: Length, NetFn/LUN, Seq, Cmd, Data (section 11).
void BtBmc::take_request() {
    h2b_atn_ = false;
    b_busy_ = true;
    ++stats_.requests;
    this_request_faulty_ = faults_.only_next_requests && faulty_left_ > 0;
    if (this_request_faulty_) {
        --faulty_left_;
    }
    busy_left_ = faulty() ? faults_.busy_polls : 0;
    stale_left_ = faulty() ? faults_.stale_responses : 0;
    const std::size_t length = request_[0];
    std::vector<std::uint8_t> message;
    if (length >= 3 && length < request_.size()) {
        seq_ = request_[2];
        message.push_back(request_[1]);                                    // NetFn/LUN
        message.insert(message.end(), request_.begin() + 3, request_.begin() + 1 + static_cast<std::ptrdiff_t>(length));
    }
    reply_ = message.size() >= 2 ? model_.handle(message) : std::vector<std::uint8_t>{};
}

// BMC2HOST: Length, NetFn/LUN, Seq, Cmd, CC, Data; then B2H_ATN.
void BtBmc::post(std::uint8_t seq) {
    out_.clear();
    if (reply_.size() >= 3) {
        out_.push_back(static_cast<std::uint8_t>(reply_.size() + 1));
        out_.push_back(reply_[0]);
        out_.push_back(seq);
        out_.insert(out_.end(), reply_.begin() + 1, reply_.end());
    }
    if (faulty() && faults_.length_byte && !out_.empty()) {
        out_[0] = *faults_.length_byte;
    }
    read_pos_ = 0;
    b2h_atn_ = true;
    ++stats_.responses;
}

} // namespace sim
