// libFuzzer target: what a BMC (or a file) can hand the ipmi layer. The first
// byte chooses: every typed command's decoder on the rest; the SDR cache file
// parser; the sensor list of an SDR record; or the SDR, sensor, SEL and FRU readers driven by a
// transport whose answers (completion codes, next-record IDs, data) come from the input. All must end with a value
// or an error: no crash, hang, over-read or unbounded walk.
#include "ipmi/client.hpp"
#include "ipmi/commands/app.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sel_commands.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/commands/storage.hpp"
#include "ipmi/fru_reader.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sdr_reader.hpp"
#include "ipmi/sel_reader.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sensor_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

// Each execute() takes a length byte, a completion code and that many data
// bytes from the input; when the input runs out it answers "not present".
class InputTransport final : public ipmi::Transport {
public:
    explicit InputTransport(std::span<const std::uint8_t> input) : in_(input) {}
    std::expected<ipmi::Response, std::error_code> execute(const ipmi::Request& r) override {
        ipmi::Response rsp{static_cast<std::uint8_t>(r.netfn | 1U),
                           r.lun,
                           r.cmd,
                           ipmi::CompletionCode::not_present,
                           {}};
        if (in_.size() < 2 || ++calls_ > 4096) {
            return rsp;
        }
        const std::size_t n = std::min<std::size_t>(in_[0], in_.size() - 2);
        rsp.cc = static_cast<ipmi::CompletionCode>(in_[1]);
        rsp.data.assign(in_.begin() + 2, in_.begin() + 2 + static_cast<std::ptrdiff_t>(n));
        in_ = in_.subspan(2 + n);
        return rsp;
    }
    std::string_view name() const noexcept override { return "fuzz input"; }

private:
    std::span<const std::uint8_t> in_;
    unsigned calls_ = 0;
};

template <typename C> void decode(std::span<const std::uint8_t> d) {
    (void)C::decode(d);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    switch (data[0] % 4) {
    case 0:
        decode<ipmi::cmd::GetDeviceId>(rest);
        decode<ipmi::cmd::GetSelfTestResults>(rest);
        decode<ipmi::cmd::GetSystemGuid>(rest);
        decode<ipmi::cmd::GetChassisStatus>(rest);
        decode<ipmi::cmd::GetSystemBootOptions>(rest);
        decode<ipmi::cmd::GetSensorReading>(rest);
        decode<ipmi::cmd::GetSensorThresholds>(rest);
        decode<ipmi::cmd::GetSensorHysteresis>(rest);
        decode<ipmi::cmd::GetSensorReadingFactors>(rest);
        decode<ipmi::cmd::GetSdrRepositoryInfo>(rest);
        decode<ipmi::cmd::ReserveSdrRepository>(rest);
        decode<ipmi::cmd::GetSdr>(rest);
        decode<ipmi::cmd::GetFruInventoryAreaInfo>(rest);
        decode<ipmi::cmd::ReadFruData>(rest);
        decode<ipmi::cmd::GetSelInfo>(rest);
        decode<ipmi::cmd::ReserveSel>(rest);
        decode<ipmi::cmd::GetSelEntry>(rest);
        decode<ipmi::cmd::ClearSel>(rest);
        decode<ipmi::cmd::GetSelTime>(rest);
        break;
    case 1:
        (void)ipmi::parse_sdr_cache(rest);
        break;
    case 2:
        if (auto record = ipmi::sdr::parse_sdr(rest)) {
            for (const auto& s : ipmi::sdr::sensors_of(std::span(&*record, 1))) {
                (void)ipmi::sdr::asserted_state_names(s.event_reading_type, s.sensor_type, 0x7fff);
                (void)ipmi::threshold_value(s, ipmi::sdr::Threshold::upper_critical);
            }
        }
        break;
    default: {
        InputTransport transport(rest);
        ipmi::Client client(
            transport,
            ipmi::ClientOptions{2, std::chrono::milliseconds(0), std::chrono::milliseconds(0)},
            [](std::chrono::milliseconds) {});
        ipmi::SdrReadLimits limits;
        ipmi::SdrReader sdr(client, limits);
        if (auto raw = sdr.read_all(64)) {
            for (const auto& s : ipmi::sdr::sensors_of(ipmi::sdr::parse_repository(*raw).records)) {
                (void)ipmi::read_sensor(client, s);
            }
        }
        ipmi::SelReader sel(client);
        (void)sel.refresh();
        (void)sel.refresh();
        ipmi::FruReadLimits fru_limits;
        (void)ipmi::read_fru(client, 0, fru_limits);
        break;
    }
    }
    return 0;
}
