// Serialising instances and envelopes.
#include "wsman_front/xml_writer.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/resource_uri.hpp"

#include <array>
#include <fmt/format.h>
#include <random>

namespace wsman {
namespace {

std::string scalar_xml(const std::string& element, const cim::Scalar& s) {
    if (const auto* ref = std::get_if<cim::Reference>(&s)) {
        return epr_xml(*ref, element);
    }
    if (const auto* dt = std::get_if<cim::Datetime>(&s)) {
        return fmt::format("<{0}><cim:{1}>{2}</cim:{1}></{0}>", element,
                           dt->interval ? "Interval" : "Datetime", dt->xml_lexical());
    }
    return fmt::format("<{0}>{1}</{0}>", element, escape(cim::lexical(s)));
}

} // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                out += "\xef\xbf\xbd"; // XML 1.0 2.2: not a Char
            } else {
                out += c;
            }
        }
    }
    return out;
}

namespace {

// What `make` renders of `instance`, from its render slot when the provider's cache gave it
// one (the same snapshot renders the same text).
template <class Make>
std::shared_ptr<const std::string> cached(const cim::Instance& instance, ItemForm form, Make make) {
    const auto index = static_cast<std::size_t>(form);
    if (!instance.rendered.slot) {
        return std::make_shared<const std::string>(make());
    }
    cim::RenderSlot& slot = *instance.rendered.slot;
    {
        const std::lock_guard lock(slot.mutex);
        if (slot.text[index]) {
            return slot.text[index];
        }
    }
    auto out = std::make_shared<const std::string>(make());
    const std::lock_guard lock(slot.mutex);
    if (!slot.text[index]) {
        slot.text[index] = out;
    }
    return slot.text[index];
}

std::string render_instance(const cim::Instance& instance) {
    std::string out = fmt::format("<p:{} xmlns:p=\"{}\">", instance.class_name,
                                  escape(resource_uri_of(instance.class_name, instance.name_space)));
    for (const auto& p : instance.properties) {
        const std::string element = "p:" + p.name;
        if (p.value.is_null()) {
            out += fmt::format("<{} xsi:nil=\"true\"/>", element);
            continue;
        }
        for (const auto& item : p.value.items()) { // an array repeats the element
            out += scalar_xml(element, item);
        }
    }
    return out + fmt::format("</p:{}>", instance.class_name);
}

} // namespace

std::shared_ptr<const std::string> item_xml(const cim::Instance& instance, ItemForm form) {
    switch (form) {
    case ItemForm::object: break;
    case ItemForm::epr:
        return cached(instance, form, [&] { return epr_xml(cim::reference_to(instance), "wsa:EndpointReference"); });
    case ItemForm::object_and_epr:
        return cached(instance, form, [&] {
            return "<wsman:Item>" + *item_xml(instance, ItemForm::object) + *item_xml(instance, ItemForm::epr) +
                   "</wsman:Item>";
        });
    }
    return cached(instance, ItemForm::object, [&] { return render_instance(instance); });
}

std::string instance_xml(const cim::Instance& instance) {
    return *item_xml(instance, ItemForm::object);
}

std::string epr_xml(const cim::Reference& ref, std::string_view element) {
    std::string out = fmt::format("<{}><wsa:Address>{}</wsa:Address><wsa:ReferenceParameters>"
                                  "<wsman:ResourceURI>{}</wsman:ResourceURI><wsman:SelectorSet>",
                                  element, ns::anonymous,
                                  escape(resource_uri_of(ref.class_name, ref.name_space)));
    for (const auto& [name, value] : ref.keys) {
        out += fmt::format("<wsman:Selector Name=\"{}\">{}</wsman:Selector>", escape(name), escape(value));
    }
    if (ref.name_space != "root/hardware" && !ref.name_space.empty()) {
        out += fmt::format("<wsman:Selector Name=\"__cimnamespace\">{}</wsman:Selector>", escape(ref.name_space));
    }
    return out + fmt::format("</wsman:SelectorSet></wsa:ReferenceParameters></{}>", element);
}

std::string new_message_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::array<std::uint8_t, 16> b{};
    for (std::size_t i = 0; i < b.size(); i += 8) {
        const auto r = rng();
        for (std::size_t k = 0; k < 8; ++k) {
            b[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
        }
    }
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0fU) | 0x40U); // version 4 (RFC 4122 4.4)
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3fU) | 0x80U); // variant 10
    return fmt::format("uuid:{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
                       "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                       b[12], b[13], b[14], b[15]);
}

std::string envelope_head(const ResponseHeader& header, std::string_view extra_headers) {
    std::string out = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<s:Envelope xmlns:s=\"{}\" xmlns:wsa=\"{}\" xmlns:wsman=\"{}\" xmlns:wsen=\"{}\" "
        "xmlns:wxf=\"{}\" xmlns:wse=\"{}\" xmlns:wsmid=\"{}\" xmlns:xsi=\"{}\" xmlns:cim=\"{}\">"
        "<s:Header><wsa:To>{}</wsa:To>",
        ns::soap12, ns::wsa, ns::wsman, ns::wsen, ns::wxf, ns::wse, ns::wsmid, ns::xsi, ns::cim_common,
        ns::anonymous);
    if (!header.action.empty()) {
        out += fmt::format("<wsa:Action s:mustUnderstand=\"true\">{}</wsa:Action>", escape(header.action));
    }
    out += fmt::format("<wsa:MessageID>{}</wsa:MessageID>", new_message_id());
    if (!header.relates_to.empty()) {
        out += fmt::format("<wsa:RelatesTo>{}</wsa:RelatesTo>", escape(header.relates_to));
    }
    out += extra_headers;
    out += "</s:Header><s:Body>";
    return out;
}

std::string envelope(const ResponseHeader& header, std::string_view body, std::string_view extra_headers) {
    std::string out = envelope_head(header, extra_headers);
    out.reserve(out.size() + body.size() + envelope_tail.size());
    out += body;
    out += envelope_tail;
    return out;
}

std::string identify_envelope(std::string_view body) {
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"{}\" "
                       "xmlns:wsmid=\"{}\"><s:Header/><s:Body>{}</s:Body></s:Envelope>",
                       ns::soap12, ns::wsmid, body);
}

std::string fault_envelope(const Fault& f, std::string_view relates_to) {
    std::string body = "<s:Fault><s:Code>";
    if (f.subcode.empty()) {
        body += "<s:Value>s:VersionMismatch</s:Value>";
    } else {
        body += fmt::format("<s:Value>{}</s:Value><s:Subcode><s:Value>{}</s:Value></s:Subcode>",
                            f.sender ? "s:Sender" : "s:Receiver", f.subcode);
    }
    body += fmt::format("</s:Code><s:Reason><s:Text xml:lang=\"en-US\">{}</s:Text></s:Reason>",
                        escape(f.reason));
    if (!f.detail.empty()) {
        body += fmt::format("<s:Detail><wsman:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/"
                            "faultDetail/{}</wsman:FaultDetail></s:Detail>",
                            f.detail);
    }
    body += "</s:Fault>";
    const std::string_view action = f.addressing               ? ns::action::addressing_fault
                                     : f.subcode.starts_with("wse:") ? ns::action::eventing_fault
                                                                     : ns::action::fault;
    return envelope({std::string(action), std::string(relates_to)}, body);
}

} // namespace wsman
