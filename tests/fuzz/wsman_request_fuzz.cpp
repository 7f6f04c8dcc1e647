// libFuzzer target: a request body as the server reads it (the charset decoding and DTD
// refusal of body_as_utf8, then gSOAP's DOM parser with its depth and element bounds), the
// header checks, and the dispatcher over a provider with one instance of each class; the
// first input byte picks the Content-Type. Everything must end in an answer or a fault: no
// crash, hang or unbounded work.
#include "cim_mapping/errc.hpp"
#include "cim_mapping/provider.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/body_text.hpp"
#include "wsman_front/xml_parser.hpp"

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
    static wsman::EnumerationStore store;
    static wsman::Dispatcher dispatcher(provider, store, wsman::ServiceInfo{});
    const cim::Caller caller{"fuzz", cim::Role::admin};
    if (size == 0) {
        return 0;
    }
    static constexpr const char* types[] = {"application/soap+xml;charset=UTF-8", "application/soap+xml;charset=UTF-16",
                                            "", "text/xml; charset=\"utf-16le\"", "application/soap+xml;charset=koi8-r"};
    const char* type = types[data[0] % (sizeof types / sizeof types[0])];
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
