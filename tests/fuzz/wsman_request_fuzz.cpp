// libFuzzer target: a request body as the server reads it (the charset decoding and DTD
// refusal of body_as_utf8, then the Expat-based DOM parser of wsman_front/xml_parser with its
// depth and element bounds), the header checks, and the dispatcher over a provider with one
// instance of each class. A first input byte below 80h picks the Content-Type of the raw body
// that follows; from 80h on the rest drives wsman_envelope.hpp's generator: well-formed
// envelopes with fuzzed header, selector, filter and property content, up to four in a row, a
// Pull or Release using the EnumerationContext an earlier Enumerate answered. Everything must
// end in an answer or a fault: no crash, hang or unbounded work; a generated envelope must parse.
// Raw envelopes here on purpose: fuzz input for the server's request parser.
#include "cim_mapping/errc.hpp"
#include "cim_mapping/provider.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/body_text.hpp"
#include "wsman_front/xml_parser.hpp"
#include "tests/fuzz/wsman_envelope.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

class OneOfEach final : public cim::Provider {
public:
    std::expected<std::vector<cim::Instance>, std::error_code> enumerate(const cim::Caller&, std::string_view c) override {
        if (cim::find_class(c) == nullptr) {
            return std::unexpected(make_error_code(cim::Errc::unknown_class));
        }
        cim::Instance i;
        i.class_name = std::string(c);
        i.set("InstanceID", cim::Value::string("x"));
        i.set("Values", cim::Value::array(cim::Type::uint16, {std::uint16_t{1}, std::uint16_t{2}}));
        i.set("Nothing", cim::Value::null(cim::Type::sint32));
        return std::vector<cim::Instance>(3, i);
    }
    std::expected<cim::Instance, std::error_code> get(const cim::Caller& caller, std::string_view c,
                                                      const cim::Selectors&) override {
        auto all = enumerate(caller, c);
        if (!all) {
            return std::unexpected(all.error());
        }
        return all->front();
    }
    std::expected<cim::MethodResult, std::error_code> invoke(const cim::Caller&, std::string_view, const cim::Selectors&,
                                                             std::string_view, const std::vector<cim::Property>&) override {
        return cim::MethodResult{};
    }
    std::expected<cim::Instance, std::error_code> put(const cim::Caller& caller, std::string_view c,
                                                      const cim::Selectors& k, const std::vector<cim::Property>&) override {
        return get(caller, c, k);
    }
    std::expected<std::vector<cim::Instance>, std::error_code> associated(const cim::Caller&,
                                                                          const cim::AssociationQuery&) override {
        return std::vector<cim::Instance>{};
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static OneOfEach provider;
    // The store and dispatcher live for one input: what a run allocates it frees, so that
    // libFuzzer's leak check (run when a run's mallocs and frees differ) has nothing to scan
    // for; kept across runs, every run would scan the store's growing heap (~400 runs/s).
    wsman::EnumerationStore store;
    wsman::Dispatcher dispatcher(provider, store, wsman::ServiceInfo{});
    const cim::Caller caller{"fuzz", cim::Role::admin};
    if (size == 0) {
        return 0;
    }
    if (data[0] >= 0x80) {
        wsman_fuzz::EnvelopeGenerator generator(data + 1, size - 1);
        std::string context;
        for (int n = 0; n < 4 && (n == 0 || generator.more()); ++n) {
            const std::string envelope = generator.next(context);
            auto xml = wsman::parse_document(envelope);
            if (!xml) {
                __builtin_trap(); // the generator writes well-formed XML within the parser's bounds
            }
            const auto reply = dispatcher.handle(*xml, &caller);
            if (generator.kind() == wsman_fuzz::EnvelopeGenerator::Kind::enumerate) {
                const std::string_view tag = "EnumerationContext>";
                const auto at = reply.body.find(tag);
                const auto end = at == std::string::npos ? at : reply.body.find('<', at + tag.size());
                if (end != std::string::npos) {
                    context = reply.body.substr(at + tag.size(), end - at - tag.size());
                }
            }
        }
        return 0;
    }
    static constexpr const char* types[] = {"application/soap+xml;charset=UTF-8", "application/soap+xml;charset=UTF-16",
                                            "", "text/xml; charset=\"utf-16le\"", "application/soap+xml;charset=koi8-r"};
    const char* type = types[data[0] % (sizeof types / sizeof types[0])]; // data[0] < 80h
    auto text = wsman::body_as_utf8(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), type);
    (void)wsman::charset_of(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    if (!text) {
        return 0;
    }
    auto xml = wsman::parse_document(*text);
    if (xml) {
        (void)dispatcher.handle(*xml, &caller);
        (void)dispatcher.handle(*xml, nullptr);
    }
    return 0;
}
