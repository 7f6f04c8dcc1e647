// Reading the request headers.
#include "wsman_front/request.hpp"

#include "wsman_front/namespaces.hpp"

#include <charconv>

namespace wsman {
namespace {

bool must_understand(const XmlNode& h) {
    const std::string* mu = h.attribute("mustUnderstand");
    return mu != nullptr && (*mu == "true" || *mu == "1");
}

// Headers we read or may safely ignore even when marked mustUnderstand.
bool known_header(const XmlNode& h) {
    if (h.ns == ns::wsa) {
        return h.local == "To" || h.local == "Action" || h.local == "MessageID" || h.local == "ReplyTo" ||
               h.local == "FaultTo" || h.local == "From";
    }
    if (h.ns == ns::wsman) {
        return h.local == "ResourceURI" || h.local == "SelectorSet" || h.local == "OperationTimeout" ||
               h.local == "MaxEnvelopeSize" || h.local == "Locale" || h.local == "OptionSet" ||
               h.local == "RequestTotalItemsCountEstimate";
    }
    // WS-Eventing's subscription identifier (DSP0226 10.4) and openwsman's sink credentials
    // (wst:IssuedTokens, read by eventing; facts sheet section 10).
    if (h.ns == ns::wse) {
        return h.local == "Identifier";
    }
    if (h.ns == "http://schemas.xmlsoap.org/ws/2005/02/trust") {
        return h.local == "IssuedTokens";
    }
    // WinRM's own headers (MS-WSMV 2.2.4): pywinrm and winrm send them, some marked.
    if (h.ns == "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd") {
        return h.local == "SessionId" || h.local == "DataLocale" || h.local == "OperationID" ||
               h.local == "SequenceId";
    }
    return false;
}

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view t) {
    if (t.empty() || t.front() != 'P' || t.size() > 64) {
        return std::nullopt;
    }
    t.remove_prefix(1);
    double total = 0;
    bool in_time = false;
    bool any = false;
    while (!t.empty()) {
        if (t.front() == 'T') {
            in_time = true;
            t.remove_prefix(1);
            continue;
        }
        std::size_t n = 0;
        while (n < t.size() && ((t[n] >= '0' && t[n] <= '9') || t[n] == '.')) {
            ++n;
        }
        if (n == 0 || n == t.size()) {
            return std::nullopt;
        }
        double v = 0;
        if (auto [p, ec] = std::from_chars(t.data(), t.data() + n, v); ec != std::errc{} || p != t.data() + n) {
            return std::nullopt;
        }
        const char unit = t[n];
        t.remove_prefix(n + 1);
        if (!in_time && unit == 'D') {
            total += v * 86400;
        } else if (in_time && unit == 'H') {
            total += v * 3600;
        } else if (in_time && unit == 'M') {
            total += v * 60;
        } else if (in_time && unit == 'S') {
            total += v;
        } else {
            return std::nullopt; // years and months have no fixed length
        }
        any = true;
    }
    if (!any || total > 1e9) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(total * 1000.0 + 0.5));
}

std::expected<Request, Fault> parse_request(const XmlNode& env, std::string* message_id_for_fault) {
    if (env.ns == ns::soap11 && env.local == "Envelope") {
        return std::unexpected(fault::version_mismatch());
    }
    if (env.ns != ns::soap12 || env.local != "Envelope") {
        return std::unexpected(fault::invalid_representation("The message is not a SOAP 1.2 envelope."));
    }
    const XmlNode* body = env.child(ns::soap12, "Body");
    if (body == nullptr) {
        return std::unexpected(fault::invalid_representation("The envelope has no Body."));
    }
    Request r;
    r.body = *body;
    const XmlNode* header = env.child(ns::soap12, "Header");
    if (header != nullptr) {
        for (const auto& h : header->children) {
            if (h.ns == ns::wsa && h.local == "MessageID") {
                r.message_id = trimmed(h.text);
                if (message_id_for_fault != nullptr) {
                    *message_id_for_fault = r.message_id;
                }
            }
        }
    }
    if (body->child(ns::wsmid, "Identify") != nullptr) {
        r.identify = true; // Identify carries no addressing headers (DSP0226 11)
        return r;
    }
    if (header == nullptr) {
        return std::unexpected(fault::message_information_header_required("wsa:Action"));
    }
    for (const auto& h : header->children) {
        if (must_understand(h) && !known_header(h)) {
            return std::unexpected(fault::unsupported_feature(
                "A header marked mustUnderstand is not supported: " + h.local, ""));
        }
        if (h.ns == ns::wsa && h.local == "Action") {
            r.action = trimmed(h.text);
        } else if (h.ns == ns::wsa && h.local == "ReplyTo") {
            const XmlNode* address = h.child(ns::wsa, "Address");
            if (address == nullptr || trimmed(address->text) != ns::anonymous) {
                // Never send an answer anywhere but back on this connection.
                return std::unexpected(fault::unsupported_feature(
                    "Only the anonymous ReplyTo address is supported.", "AddressingMode"));
            }
        } else if (h.ns == ns::wsman && h.local == "ResourceURI") {
            r.resource_uri = trimmed(h.text);
        } else if (h.ns == ns::wsman && h.local == "SelectorSet") {
            for (const auto& sel : h.children) {
                if (sel.ns != ns::wsman || sel.local != "Selector") {
                    continue;
                }
                const std::string* name = sel.attribute("Name");
                if (name == nullptr || name->empty()) {
                    return std::unexpected(fault::invalid_selectors("A selector has no Name.", "InvalidValue"));
                }
                for (const auto& [n, v] : r.selectors) {
                    if (cim::iequals(n, *name)) { // names are case-insensitive: so are duplicates
                        return std::unexpected(
                            fault::invalid_selectors("Selector given twice: " + *name, "DuplicateSelectors"));
                    }
                }
                if (cim::iequals(*name, "__cimnamespace")) {
                    if (!r.namespace_selector.empty()) {
                        return std::unexpected(
                            fault::invalid_selectors("Selector given twice: __cimnamespace", "DuplicateSelectors"));
                    }
                    r.namespace_selector = trimmed(sel.text);
                } else {
                    r.selectors.emplace_back(*name, sel.text);
                }
            }
        } else if (h.ns == ns::wsman && h.local == "OptionSet") {
            // DSP0226 6.4: options the service does not know are ignored unless the client
            // insists (MustComply on the option, or mustUnderstand on the whole set). None is
            // implemented here, so insisting on any is InvalidOptions (R6.4-2, R6.4-4).
            for (const auto& option : h.children) {
                if (option.ns != ns::wsman || option.local != "Option") {
                    continue;
                }
                const std::string* comply = option.attribute("MustComply");
                if ((comply != nullptr && (*comply == "true" || *comply == "1")) || must_understand(h)) {
                    const std::string* name = option.attribute("Name");
                    return std::unexpected(fault::invalid_options(
                        "The option is not supported: " + (name != nullptr ? name->substr(0, 100) : std::string("?"))));
                }
            }
        } else if (h.ns == ns::wsman && h.local == "Locale") {
            // DSP0226 6.3: answers are in English; a client that requires another locale
            // (mustUnderstand) gets UnsupportedFeature/Locale (R6.3-3).
            const std::string* lang = h.attribute("lang");
            const bool english = lang == nullptr || lang->empty() || *lang == "en" || lang->starts_with("en-") ||
                                 lang->starts_with("EN") || lang->starts_with("En");
            if (must_understand(h) && !english) {
                return std::unexpected(fault::unsupported_feature("Only English (en-US) is available: " +
                                                                      lang->substr(0, 40), "Locale"));
            }
        } else if (h.ns == ns::wsman && h.local == "OperationTimeout") {
            auto d = parse_duration(trimmed(h.text));
            if (!d) {
                return std::unexpected(fault::invalid_message_information_header("OperationTimeout is not an xs:duration."));
            }
            r.operation_timeout = std::min(*d, max_operation_timeout);
        } else if (h.ns == ns::wsman && h.local == "MaxEnvelopeSize") {
            const auto text = trimmed(h.text);
            std::uint64_t v = 0;
            if (auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
                ec != std::errc{} || p != text.data() + text.size()) {
                return std::unexpected(fault::invalid_message_information_header("MaxEnvelopeSize is not a number."));
            }
            if (v < min_envelope_size) {
                return std::unexpected(fault::encoding_limit("MaxEnvelopeSize is below 8192 octets.",
                                                             "MinimumEnvelopeLimit"));
            }
            r.max_envelope_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(v, 0xffffffffU));
        }
    }
    if (r.action.empty()) {
        return std::unexpected(fault::message_information_header_required("wsa:Action"));
    }
    if (r.message_id.empty()) {
        return std::unexpected(fault::invalid_message_information_header("wsa:MessageID is missing or empty."));
    }
    // Renew, GetStatus and Unsubscribe find the subscription by its wse:Identifier; openwsman's
    // clients leave the ResourceURI out of them (facts sheet section 10).
    const bool managing = r.action == ns::action::renew || r.action == ns::action::get_status ||
                          r.action == ns::action::unsubscribe;
    if (r.resource_uri.empty() && !managing) {
        return std::unexpected(fault::destination_unreachable("wsman:ResourceURI is missing."));
    }
    return r;
}

} // namespace wsman
