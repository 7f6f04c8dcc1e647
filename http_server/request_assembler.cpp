// The request assembler over http_parser 2.9: callbacks collect the request; a complete
// message pauses the parser so pipelined bytes wait for the next request.
#include "http_server/request_assembler.hpp"

#include "http_server/header_text.hpp"

#include <algorithm>
#include <strings.h>

namespace http {
namespace {

RequestAssembler& self(http_parser* p) {
    return *static_cast<RequestAssembler*>(p->data);
}

} // namespace

RequestAssembler::RequestAssembler(const Limits& limits) : limits_(limits) {
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
    settings_.on_message_begin = on_message_begin;
    settings_.on_url = on_url;
    settings_.on_header_field = on_header_field;
    settings_.on_header_value = on_header_value;
    settings_.on_headers_complete = on_headers_complete;
    settings_.on_body = on_body;
    settings_.on_message_complete = on_message_complete;
}

int RequestAssembler::fail(int status, std::string_view why) {
    if (error_status_ == 0) {
        error_status_ = status;
        error_reason_ = why;
    }
    return -1; // the parser stops with a callback error (1 from on_headers_complete would mean "no body")
}

bool RequestAssembler::count_header_bytes(std::size_t n) {
    header_bytes_ += n;
    return header_bytes_ <= limits_.max_header_bytes;
}

int RequestAssembler::on_message_begin(http_parser* p) {
    auto& a = self(p);
    a.request_ = Request{};
    a.header_bytes_ = 0;
    a.in_value_ = false;
    a.started_ = true;
    a.headers_done_ = false;
    a.complete_ = false;
    return 0;
}

int RequestAssembler::on_url(http_parser* p, const char* at, std::size_t n) {
    auto& a = self(p);
    if (!a.count_header_bytes(n)) {
        return a.fail(431, "request line too long");
    }
    a.request_.target.append(at, n);
    return 0;
}

int RequestAssembler::on_header_field(http_parser* p, const char* at, std::size_t n) {
    auto& a = self(p);
    if (!a.count_header_bytes(n + 4)) { // ": " and CRLF count too
        return a.fail(431, "header fields too large");
    }
    if (a.request_.headers.empty() || a.in_value_) {
        if (a.request_.headers.size() >= a.limits_.max_headers) {
            return a.fail(431, "too many header fields");
        }
        a.request_.headers.emplace_back();
        a.in_value_ = false;
    }
    a.request_.headers.back().first.append(at, n);
    return 0;
}

int RequestAssembler::on_header_value(http_parser* p, const char* at, std::size_t n) {
    auto& a = self(p);
    if (!a.count_header_bytes(n)) {
        return a.fail(431, "header fields too large");
    }
    if (a.request_.headers.empty()) {
        return a.fail(400, "header value without a name");
    }
    a.in_value_ = true;
    a.request_.headers.back().second.append(at, n);
    return 0;
}

int RequestAssembler::on_headers_complete(http_parser* p) {
    auto& a = self(p);
    auto& r = a.request_;
    a.headers_done_ = true;
    r.method = http_method_str(static_cast<http_method>(p->method));
    r.version_major = p->http_major;
    r.version_minor = p->http_minor;
    r.keep_alive = http_should_keep_alive(p) != 0;
    const auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    r.query = q == std::string::npos ? std::string() : r.target.substr(q + 1);
    for (auto& [k, v] : r.headers) {
        v = std::string(trim_ows(v));
    }
    if (p->http_major != 1) {
        return a.fail(505, "HTTP version not supported");
    }
    // CONNECT asks for a tunnel (RFC 9110 9.3.6), which an origin server does not give.
    // http_parser ends a CONNECT at its head whatever its Content-Length (what follows is the
    // tunnel's), so its body would be read as the next request: refused before that.
    if (p->method == HTTP_CONNECT) {
        return a.fail(501, "CONNECT (this server is not a proxy)");
    }
    if ((p->flags & F_CHUNKED) != 0 || r.has_header("Transfer-Encoding")) {
        return a.fail(411, "a chunked body (the length is required)");
    }
    if (const auto enc = r.header("Content-Encoding"); !enc.empty() && !iequals(enc, "identity")) {
        return a.fail(415, "a Content-Encoding");
    }
    if ((p->flags & F_CONTENTLENGTH) != 0) {
        if (p->content_length > a.limits_.max_body_bytes) {
            return a.fail(413, "Content-Length over the limit");
        }
        r.content_length = static_cast<std::size_t>(p->content_length);
    }
    r.expect_continue = iequals(r.header("Expect"), "100-continue");
    if (a.check_ != nullptr && *a.check_ && !(*a.check_)(r)) {
        a.refused_ = true;
        return -1;
    }
    r.body.reserve(r.content_length);
    return 0;
}

int RequestAssembler::on_body(http_parser* p, const char* at, std::size_t n) {
    auto& a = self(p);
    if (a.request_.body.size() + n > a.limits_.max_body_bytes) {
        return a.fail(413, "body over the limit");
    }
    a.request_.body.append(at, n);
    return 0;
}

int RequestAssembler::on_message_complete(http_parser* p) {
    auto& a = self(p);
    a.complete_ = true;
    http_parser_pause(p, 1); // the next request waits in pending_
    return 0;
}

RequestAssembler::Event RequestAssembler::feed(std::string_view bytes, const HeadCheck& check) {
    if (error_status_ != 0) {
        return Event::error;
    }
    if (refused_) {
        return Event::refused;
    }
    if (complete_) {
        return Event::complete; // take() it first
    }
    // Bytes are parsed straight from `bytes` when nothing waits before them (the usual
    // case): only a remainder after a complete request is copied.
    std::string_view input = bytes;
    bool from_pending = false;
    if (buffered_ < pending_.size()) {
        pending_.append(bytes);
        input = std::string_view(pending_).substr(buffered_);
        from_pending = true;
    }
    if (input.empty()) {
        return Event::need_more; // never hand http_parser 0 bytes: that means end of input
    }
    check_ = &check;
    const std::size_t used = http_parser_execute(&parser_, &settings_, input.data(), input.size());
    check_ = nullptr;
    const auto err = HTTP_PARSER_ERRNO(&parser_);
    if (refused_) {
        return Event::refused;
    }
    if (err != HPE_OK && err != HPE_PAUSED) {
        if (error_status_ == 0) {
            error_status_ = err == HPE_HEADER_OVERFLOW ? 431 : 400;
            error_reason_ = http_errno_description(err);
        }
        return Event::error;
    }
    // What was not parsed (only after a pause at a complete request) waits for the next one.
    if (from_pending) {
        buffered_ += used;
        if (buffered_ >= pending_.size()) {
            pending_.clear();
            buffered_ = 0;
        }
    } else if (used < input.size()) {
        pending_.assign(input.substr(used));
        buffered_ = 0;
    }
    return complete_ ? Event::complete : Event::need_more;
}

Request RequestAssembler::take() {
    Request r = std::move(request_);
    request_ = Request{};
    complete_ = false;
    started_ = false;
    headers_done_ = false;
    http_parser_pause(&parser_, 0);
    return r;
}

} // namespace http
