// Until the SEL archive library is merged (branch issue18-archive): the identity text of the
// contract, "<archive id>:<sequence>", for the eventing tests only.
#include "sel_archive/archive.hpp"

#include <charconv>

namespace sel_archive {

std::string to_text(const Identity& identity) {
    return identity.archive_id + ":" + std::to_string(identity.sequence);
}

std::optional<Identity> parse_identity(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::nullopt;
    }
    Sequence s = 0;
    const auto digits = text.substr(colon + 1);
    if (auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), s);
        ec != std::errc{} || p != digits.data() + digits.size() || digits.empty()) {
        return std::nullopt;
    }
    return Identity{std::string(text.substr(0, colon)), s};
}

} // namespace sel_archive
