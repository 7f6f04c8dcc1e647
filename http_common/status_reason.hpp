// HTTP status reason phrases (RFC 9110 section 15), shared by the agent's HTTP layer
// (http_server/) and the client library's event sink (wsman_client/): a folder of its own that
// depends on nothing, so neither side includes the other's HTTP code.
#pragma once

#include <string_view>

namespace http_common {

// The reason phrase of the statuses either side answers ("Unknown" for others).
[[nodiscard]] std::string_view reason_phrase(int status);

} // namespace http_common
