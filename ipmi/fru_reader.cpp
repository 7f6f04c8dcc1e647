#include "ipmi/fru_reader.hpp"

#include "ipmi/commands/storage.hpp"
#include "ipmi/errc.hpp"

#include <algorithm>

namespace ipmi {
namespace {

constexpr std::uint8_t smallest_read = 4;

bool too_many_bytes(const std::error_code& ec) {
    return ec == CompletionCode::request_data_field_length_exceeded ||
           ec == CompletionCode::cannot_return_requested_bytes ||
           ec == CompletionCode::request_data_length_invalid;
}

} // namespace

std::expected<std::vector<std::uint8_t>, std::error_code>
read_fru(Client& client, std::uint8_t fru_device_id, FruReadLimits& limits, FruReadStats* stats) {
    FruReadStats local;
    FruReadStats& st = stats != nullptr ? *stats : local;
    auto info = client.call(cmd::GetFruInventoryAreaInfo{fru_device_id});
    if (!info) {
        return std::unexpected(info.error());
    }
    // Section 34.1: a device accessed by words takes offsets and counts in words.
    const unsigned unit = info->word_access ? 2 : 1;
    const std::size_t size = info->area_size;
    std::vector<std::uint8_t> image;
    image.reserve(size);
    while (image.size() < size) {
        const auto want_bytes = std::min<std::size_t>(limits.max_read, size - image.size());
        const auto count = static_cast<std::uint8_t>(std::max<std::size_t>(1, want_bytes / unit));
        ++st.reads;
        auto part = client.call(cmd::ReadFruData{
            fru_device_id, static_cast<std::uint16_t>(image.size() / unit), count});
        if (!part) {
            if (!too_many_bytes(part.error())) {
                return std::unexpected(part.error());
            }
            if (limits.max_read <= smallest_read) {
                return std::unexpected(make_error_code(Errc::fru_read_size_exhausted));
            }
            limits.max_read = std::max<std::uint8_t>(
                smallest_read, static_cast<std::uint8_t>(limits.max_read / 2));
            ++st.shrinks;
            continue;
        }
        // The count returned is in the same unit; fewer bytes than asked still
        // progress, none would loop forever.
        if (part->data.empty()) {
            return std::unexpected(make_error_code(Errc::fru_empty_read));
        }
        // More bytes than asked are padding (the offset and count asked say what they are).
        const auto take = std::min({part->data.size(), std::size_t{count} * unit, size - image.size()});
        image.insert(image.end(), part->data.begin(), part->data.begin() + static_cast<long>(take));
    }
    return image;
}

} // namespace ipmi
