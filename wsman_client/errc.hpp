// The wsman_client error category: every failure of the requesting side as one value.
#pragma once

#include <string>
#include <system_error>

namespace wsman::client {

enum class Errc {
  invalid_argument = 1,  // the caller's input (URL, selector, option) is unusable
  connect_failed,        // DNS, refused, unreachable
  tls_failed,            // handshake, certificate or host-name verification
  auth_failed,           // HTTP 401/403 after the credentials were offered
  timeout,               // the session's timeout passed (connect, whole exchange, trickle)
  http_status,           // an HTTP status that is neither 200 nor a SOAP fault
  redirect,              // a 3xx answer: WS-Management endpoints do not redirect
  too_large,             // the answer exceeded the session's byte limit
  closed,                // the server closed the connection before a whole answer
  bad_response,          // not XML, not SOAP 1.2, too deep, or a required element missing
  fault,                 // a SOAP fault (details in Failure::fault)
  enumeration_ended,     // Pull or Release on an enumeration that is over
};

const std::error_category& category();
std::error_code make_error_code(Errc e);

}  // namespace wsman::client

template <>
struct std::is_error_code_enum<wsman::client::Errc> : std::true_type {};
