// What one listener allows, with safe defaults an operator can change ([limits] in
// bmcwsman.toml and the serve flags): connections in all and per source address, header and
// body bytes, the header, whole-request and send deadlines, idle keep-alive time,
// requests per connection, parked requests (Responder::park) in all and per user. Going over
// one closes or refuses that connection (a request over a parking cap is answered at once).
#pragma once

#include <cstddef>

namespace http {

struct Limits {
    unsigned max_connections = 512;            // open connections; beyond it 503 (HTTP) or close (TLS)
    unsigned max_connections_per_source = 256; // from one address; beyond it the same
    std::size_t max_header_bytes = 16 * 1024;  // request line and headers; 431 above it
    std::size_t max_headers = 100;             // header fields; 431 above it
    std::size_t max_body_bytes = 512 * 1024;   // Content-Length; 413 above it (before the body)
    int header_timeout_seconds = 10;           // from a request's first byte to the end of its headers (408)
    int request_timeout_seconds = 10;          // from a request's first byte to the end of its body (408)
    int send_timeout_seconds = 10;             // an answer must be taken by the client within this
    int idle_timeout_seconds = 60;             // a keep-alive connection with no request is closed
    unsigned max_requests_per_connection = 1000; // then the answer says Connection: close (as nginx)
    unsigned max_parked = 256;                 // requests parked (held WS-Eventing Pulls) in all
    unsigned max_parked_per_user = 16;         // and per authenticated user; beyond, answered at once
};

} // namespace http
