// Assembles HTTP/1.1 requests (RFC 9112) from bytes as they arrive, in pieces of any size,
// with Node's http_parser (Debian libhttp-parser): no thread waits for a client; the event
// loop appends what a read gave and asks for the next request. Limits are checked as the
// bytes come: header bytes and count (431), Content-Length (413, before any body byte is
// kept), chunked bodies (411: WS-Management clients say their length, and a body of unknown
// length cannot be bounded before it is read), Content-Encoding (415: a decoded size would be
// unbounded). Pipelined requests are handed out one at a time.
#pragma once

#include "http_server/limits.hpp"
#include "http_server/request.hpp"

#include <http_parser.h>

#include <functional>
#include <string>
#include <string_view>

namespace http {

class RequestAssembler {
public:
    // Called once a request's headers are complete and acceptable: true to read its body,
    // false to stop (the caller has answered it; the connection ends after that answer).
    using HeadCheck = std::function<bool(const Request&)>;

    explicit RequestAssembler(const Limits& limits);
    RequestAssembler(const RequestAssembler&) = delete;
    RequestAssembler& operator=(const RequestAssembler&) = delete;

    enum class Event : std::uint8_t {
        need_more, // nothing complete yet: read more
        complete,  // request() holds a whole request: take() it
        refused,   // the head check said no
        error,     // error_status() says what to answer; the connection ends
    };

    // Appends `bytes` and parses as far as one request. Bytes after a complete request stay
    // buffered for the next call (with empty `bytes`).
    Event feed(std::string_view bytes, const HeadCheck& check);
    // The complete request, moved out; the assembler is ready for the next one.
    [[nodiscard]] Request take();
    [[nodiscard]] const Request& request() const { return request_; }
    // 400, 411, 413, 415, 431 or 505, with a short reason for the log.
    [[nodiscard]] int error_status() const { return error_status_; }
    [[nodiscard]] std::string_view error_reason() const { return error_reason_; }
    // A request has begun (its first byte arrived) and is not complete yet.
    [[nodiscard]] bool in_request() const { return started_ && !complete_; }
    [[nodiscard]] bool headers_done() const { return headers_done_; }
    // Bytes of a following request are already buffered.
    [[nodiscard]] bool has_buffered() const { return buffered_ < pending_.size(); }

private:
    static int on_message_begin(http_parser* p);
    static int on_url(http_parser* p, const char* at, std::size_t n);
    static int on_header_field(http_parser* p, const char* at, std::size_t n);
    static int on_header_value(http_parser* p, const char* at, std::size_t n);
    static int on_headers_complete(http_parser* p);
    static int on_body(http_parser* p, const char* at, std::size_t n);
    static int on_message_complete(http_parser* p);
    int fail(int status, std::string_view why);
    bool count_header_bytes(std::size_t n);

    const Limits& limits_;
    http_parser parser_{};
    http_parser_settings settings_{};
    const HeadCheck* check_ = nullptr;
    Request request_;
    std::string pending_;      // bytes not yet parsed (after a paused, complete request)
    std::size_t buffered_ = 0; // how much of pending_ is parsed
    std::size_t header_bytes_ = 0;
    bool in_value_ = false;
    bool started_ = false;
    bool headers_done_ = false;
    bool complete_ = false;
    bool refused_ = false;
    int error_status_ = 0;
    std::string error_reason_;
};

} // namespace http
