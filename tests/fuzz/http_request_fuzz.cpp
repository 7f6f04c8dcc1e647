// libFuzzer: the HTTP request assembler fed arbitrary bytes in pieces of sizes the input
// chooses (as reads from a socket or TLS records would give them), with tight limits and a
// head check that refuses some requests. Never a crash, an over-limit body or header set, or
// a complete request whose body disagrees with its Content-Length.
#include "http_server/request_assembler.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    http::Limits limits;
    limits.max_header_bytes = 2048;
    limits.max_headers = 20;
    limits.max_body_bytes = 4096;
    // The first byte: the piece sizes (1..16 bytes, or the rest at once); the second: which
    // heads the check refuses (by the low bits of the target's length).
    const unsigned piece = data[0] & 0x0F;
    const unsigned refuse = data[1];
    std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
    http::RequestAssembler a(limits);
    const http::RequestAssembler::HeadCheck check = [&](const http::Request& r) {
        if (r.headers.size() > limits.max_headers) {
            std::abort();
        }
        return refuse == 0 || (r.target.size() % 8) != (refuse % 8);
    };
    int requests = 0;
    while (!input.empty() && requests < 64) {
        const std::size_t n = piece == 0 ? input.size() : std::min<std::size_t>(piece, input.size());
        auto e = a.feed(input.substr(0, n), check);
        input.remove_prefix(n);
        while (e == http::RequestAssembler::Event::complete) {
            const http::Request r = a.take();
            if (r.body.size() != r.content_length || r.body.size() > limits.max_body_bytes) {
                std::abort();
            }
            ++requests;
            e = a.has_buffered() ? a.feed({}, check) : http::RequestAssembler::Event::need_more;
        }
        if (e == http::RequestAssembler::Event::error) {
            const int s = a.error_status();
            if (s != 400 && s != 411 && s != 413 && s != 415 && s != 431 && s != 501 && s != 505) {
                std::abort();
            }
            return 0;
        }
        if (e == http::RequestAssembler::Event::refused) {
            return 0;
        }
    }
    return 0;
}
