// A record's stable identity as text: "<archive id>:<sequence>" (bookmarks,
// IndicationIdentifier).
#include "sel_archive/archive.hpp"
#include "sel_archive/frame.hpp"

#include <charconv>

namespace sel_archive {

std::string to_text(const Identity& identity) {
    return identity.archive_id + ":" + std::to_string(identity.sequence);
}

std::optional<Identity> parse_identity(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto id = format::parse_uuid(text.substr(0, colon));
    const auto digits = text.substr(colon + 1);
    if (!id || digits.empty() || digits.size() > 20 || digits.front() < '0' || digits.front() > '9') {
        return std::nullopt;
    }
    Identity out;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.sequence);
    if (ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    out.archive_id = format::uuid_text(*id); // lower case, as to_text writes it
    return out;
}

} // namespace sel_archive
