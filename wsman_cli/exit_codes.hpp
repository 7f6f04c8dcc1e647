// bmcwsman-client's exit codes: one per kind of failure so scripts can tell them apart.
#pragma once

namespace wsman::cli::exit_code {

inline constexpr int ok = 0;
inline constexpr int fault = 1;        // the server answered a WS-Management (SOAP) fault
inline constexpr int usage = 2;        // bad command line or input
inline constexpr int connection = 3;   // cannot connect, connection closed, HTTP status, redirect
inline constexpr int tls = 4;          // TLS handshake or certificate verification
inline constexpr int auth = 5;         // HTTP 401/403
inline constexpr int timeout = 6;      // the --timeout deadline passed
inline constexpr int bad_answer = 7;   // not XML/SOAP, too large, too deep

}  // namespace wsman::cli::exit_code
