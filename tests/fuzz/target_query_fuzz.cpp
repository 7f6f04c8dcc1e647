// libFuzzer target: the multi-target query string (/ipmi?target=&module=) through the
// form-urlencoded parser and the target validator, the answer to a refusal, and the same
// bytes as an Accept header through the exposition-format negotiation.
#include "metrics_front/errc.hpp"
#include "metrics_front/exposition.hpp"
#include "metrics_front/target_query.hpp"
#include "metrics_front/targets_route.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto q = metrics::parse_target_query(text);
    if (q) {
        // What is accepted is a usable key: a host without separators, a port in range.
        const std::string key = q->key();
        if (q->host.empty() || q->port == 0 || q->host.find_first_of("/?#@ \r\n") != std::string::npos ||
            key.size() > metrics::max_query_bytes + 8) {
            std::abort();
        }
        (void)metrics::refused(make_error_code(metrics::Errc::unknown_module), q->module);
    } else {
        const auto r = metrics::refused(q.error(), text);
        if (r.status != 400 && r.status != 503) {
            std::abort();
        }
    }
    (void)metrics::form_decode(text);
    (void)metrics::negotiate(text);
    return 0;
}
