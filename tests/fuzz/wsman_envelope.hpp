// The generator mode of wsman_request_fuzz: well-formed WS-Management envelopes built from
// fuzz input, with the header (action, resource URI, selectors, options, timeouts, sizes),
// the selector/WQL/association filters and the Put/Invoke properties taken from the input,
// so mutations reach the dispatcher's semantics instead of the XML parser's refusals.
// Raw envelopes here on purpose: fuzz input for the server's request parser.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsman_fuzz {

// Text content or an attribute value: every byte of the input kept, as an XML character
// reference where it is not plain printable ASCII (control bytes other than tab, CR and LF
// have no XML 1.0 form and become '?'), so the document stays well-formed UTF-8.
inline std::string escaped(std::string_view raw) {
    std::string out;
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (c >= 0x80) {
                static constexpr char hex[] = "0123456789ABCDEF";
                out += "&#x";
                out += hex[c >> 4U];
                out += hex[c & 0xfU];
                out += ';';
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                out += '?';
            } else {
                out += ch;
            }
        }
    }
    return out;
}

class EnvelopeGenerator {
public:
    EnvelopeGenerator(const std::uint8_t* data, std::size_t size) : in_(data, size) {}

    enum class Kind : std::uint8_t { identify, get, put, enumerate, pull, release, invoke, other };

    // An envelope; `context` (from an earlier Enumerate's answer) is used by Pull/Release.
    std::string next(std::string_view context = {}) {
        kind_ = static_cast<Kind>(in_.ConsumeIntegralInRange(0, 7));
        std::string resource = resource_uri();
        std::string action;
        switch (kind_) {
        case Kind::identify: break;
        case Kind::get: action = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"; break;
        case Kind::put: action = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put"; break;
        case Kind::enumerate: action = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"; break;
        case Kind::pull: action = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"; break;
        case Kind::release: action = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"; break;
        case Kind::invoke: action = resource + "/" + pick(methods); break;
        case Kind::other: action = text(80); break;
        }
        std::string x = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                        " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                        " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                        " xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\""
                        " xmlns:b=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd\""
                        " xmlns:i=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\""
                        " xmlns:m=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\">";
        x += "<s:Header>";
        if (kind_ != Kind::identify || in_.ConsumeBool()) {
            x += "<a:To>http://localhost:5985/wsman</a:To>";
            x += "<a:ReplyTo><a:Address" + must_understand() +
                 ">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>";
            x += "<a:Action" + must_understand() + ">" + escaped(action) + "</a:Action>";
            x += "<a:MessageID>uuid:" + escaped(text(40)) + "</a:MessageID>";
            x += "<w:ResourceURI" + must_understand() + ">" + escaped(resource) + "</w:ResourceURI>";
            const unsigned optional = in_.ConsumeIntegral<std::uint8_t>();
            if (optional & 1U) {
                x += "<w:MaxEnvelopeSize" + must_understand() + ">" + number() + "</w:MaxEnvelopeSize>";
            }
            if (optional & 2U) {
                x += "<w:OperationTimeout>" + duration() + "</w:OperationTimeout>";
            }
            if (optional & 4U) {
                x += "<w:Locale xml:lang=\"" + escaped(text(12)) + "\"" + must_understand() + "/>";
                x += "<m:DataLocale xml:lang=\"" + escaped(text(12)) + "\"/>";
            }
            if (optional & 8U) {
                x += "<w:OptionSet" + must_understand() + ">";
                for (int k = in_.ConsumeIntegralInRange(0, 3); k > 0; --k) {
                    x += "<w:Option Name=\"" + escaped(in_.ConsumeBool() ? "__cimnamespace" : text(20)) + "\">" +
                         escaped(text(40)) + "</w:Option>";
                }
                x += "</w:OptionSet>";
            }
            if (optional & 16U) {
                x += selector_set();
            }
            if (optional & 32U) {
                x += "<m:SessionId>uuid:" + escaped(text(40)) + "</m:SessionId>";
            }
            if (optional & 64U) {
                x += "<w:" + escaped_name(text(16)) + " s:mustUnderstand=\"true\">x</w:" + last_name_ + ">";
            }
        }
        x += "</s:Header><s:Body>";
        x += body(resource, context);
        x += "</s:Body></s:Envelope>";
        return x;
    }

    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] bool more() { return in_.remaining_bytes() > 0; }

private:
    static constexpr std::array<std::string_view, 12> classes = {
        "CIM_ComputerSystem", "CIM_NumericSensor",    "CIM_Sensor",          "CIM_RecordLog",
        "CIM_LogRecord",      "CIM_PowerManagementService", "CIM_IndicatorLED", "CIM_Chassis",
        "CIM_SoftwareIdentity", "CIM_RegisteredProfile", "CIM_AssociatedSensor", "CIM_ManagedElement"};
    static constexpr std::array<std::string_view, 4> methods = {"RequestPowerStateChange", "ClearLog",
                                                                "RestoreDefaultThresholds", "Reset"};
    static constexpr std::array<std::string_view, 8> keys = {"InstanceID", "DeviceID", "CreationClassName",
                                                             "SystemName", "SystemCreationClassName", "Name",
                                                             "__cimnamespace", "Tag"};
    static constexpr std::array<std::string_view, 6> properties = {
        "UpperThresholdNonCritical", "LowerThresholdCritical", "ActivationState", "PowerState",
        "ElementName", "Values"};

    template <std::size_t N> std::string pick(const std::array<std::string_view, N>& from) {
        return std::string(from[in_.ConsumeIntegralInRange<std::size_t>(0, N - 1)]);
    }
    std::string text(std::size_t max) { return in_.ConsumeRandomLengthString(max); }
    std::string number() {
        switch (in_.ConsumeIntegralInRange(0, 3)) {
        case 0: return std::to_string(in_.ConsumeIntegral<std::uint32_t>());
        case 1: return std::to_string(in_.ConsumeIntegral<std::int64_t>());
        case 2: return std::to_string(in_.ConsumeIntegralInRange(0, 600));
        default: return escaped(text(24));
        }
    }
    std::string duration() {
        if (in_.ConsumeBool()) {
            return escaped(text(24));
        }
        return "PT" + std::to_string(in_.ConsumeIntegralInRange(0, 100000)) + "." +
               std::to_string(in_.ConsumeIntegralInRange(0, 999)) + "S";
    }
    std::string must_understand() {
        switch (in_.ConsumeIntegralInRange(0, 3)) {
        case 0: return " s:mustUnderstand=\"true\"";
        case 1: return " s:mustUnderstand=\"" + escaped(text(6)) + "\"";
        default: return {};
        }
    }
    // An element name from the input: letters only (at least one), remembered for the end tag.
    std::string escaped_name(std::string raw) {
        last_name_.clear();
        for (const char c : raw) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                last_name_ += c;
            }
        }
        if (last_name_.empty()) {
            last_name_ = "Unknown";
        }
        return last_name_;
    }
    std::string resource_uri() {
        switch (in_.ConsumeIntegralInRange(0, 5)) {
        case 0: return "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/hardware/" + pick(classes);
        case 1: return "http://schemas.dmtf.org/wbem/wscim/1/*";
        case 2: return "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/" + text(30);
        case 3: return text(80);
        default: return "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/" + pick(classes);
        }
    }
    std::string selector_set(int depth = 0) {
        std::string x = "<w:SelectorSet>";
        for (int k = in_.ConsumeIntegralInRange(0, 4); k > 0; --k) {
            const std::string name = in_.ConsumeBool() ? pick(keys) : text(20);
            x += "<w:Selector Name=\"" + escaped(name) + "\">";
            if (depth < 2 && in_.ConsumeIntegralInRange(0, 7) == 0) {
                x += endpoint_reference(depth + 1);
            } else {
                x += escaped(text(60));
            }
            x += "</w:Selector>";
        }
        return x + "</w:SelectorSet>";
    }
    std::string endpoint_reference(int depth) {
        return "<a:EndpointReference><a:Address>" + escaped(text(40)) +
               "</a:Address><a:ReferenceParameters><w:ResourceURI>" + escaped(resource_uri()) + "</w:ResourceURI>" +
               selector_set(depth) + "</a:ReferenceParameters></a:EndpointReference>";
    }
    std::string filter() {
        std::string x;
        switch (in_.ConsumeIntegralInRange(0, 3)) {
        case 0:
            x = "<w:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter\">" + selector_set() +
                "</w:Filter>";
            break;
        case 1:
            x = "<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">" + escaped(text(200)) +
                "</w:Filter>";
            break;
        case 2: {
            const bool associated = in_.ConsumeBool();
            const char* el = associated ? "AssociatedInstances" : "AssociationInstances";
            x = "<w:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter\"><b:";
            x += el;
            x += "><b:Object><a:Address>http://localhost/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>" +
                 escaped(resource_uri()) + "</w:ResourceURI>" + selector_set() +
                 "</a:ReferenceParameters></b:Object>";
            const unsigned parts = in_.ConsumeIntegral<std::uint8_t>();
            if (parts & 1U) {
                x += "<b:AssociationClassName>" + escaped(in_.ConsumeBool() ? pick(classes) : text(30)) +
                     "</b:AssociationClassName>";
            }
            if (parts & 2U) {
                x += "<b:Role>" + escaped(text(20)) + "</b:Role>";
            }
            if (parts & 4U) {
                x += "<b:ResultClassName>" + escaped(in_.ConsumeBool() ? pick(classes) : text(30)) +
                     "</b:ResultClassName>";
            }
            if (parts & 8U) {
                x += "<b:ResultRole>" + escaped(text(20)) + "</b:ResultRole>";
            }
            if (parts & 16U) {
                x += "<b:IncludeResultProperty>" + escaped(text(20)) + "</b:IncludeResultProperty>";
            }
            x += "</b:";
            x += el;
            x += "></w:Filter>";
            break;
        }
        default:
            x = "<w:Filter Dialect=\"" + escaped(text(60)) + "\">" + escaped(text(40)) + "</w:Filter>";
        }
        return x;
    }
    std::string properties_of(const std::string& element, const std::string& resource) {
        // A prefix cannot be bound to the empty namespace name (Namespaces in XML 1.0, 3).
        const std::string ns = resource.empty() ? std::string("urn:bmcwsman:fuzz") : escaped(resource);
        std::string x = "<p:" + element + " xmlns:p=\"" + ns + "\">";
        for (int k = in_.ConsumeIntegralInRange(0, 4); k > 0; --k) {
            const std::string name = escaped_name(in_.ConsumeBool() ? pick(properties) : text(20));
            if (in_.ConsumeIntegralInRange(0, 5) == 0) {
                x += "<p:" + name + " xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
            } else {
                x += "<p:" + name + ">" + (in_.ConsumeBool() ? number() : escaped(text(30))) + "</p:" + name + ">";
            }
        }
        return x + "</p:" + element + ">";
    }
    std::string body(const std::string& resource, std::string_view context) {
        switch (kind_) {
        case Kind::identify: return in_.ConsumeBool() ? "<i:Identify/>" : "";
        case Kind::get:
        case Kind::release:
            if (kind_ == Kind::release) {
                return "<n:Release><n:EnumerationContext>" +
                       escaped(context.empty() || in_.ConsumeIntegralInRange(0, 7) == 0 ? text(40) : std::string(context)) +
                       "</n:EnumerationContext></n:Release>";
            }
            return {};
        case Kind::put: return properties_of(class_of(resource), resource);
        case Kind::invoke: return properties_of(pick(methods) + "_INPUT", resource);
        case Kind::pull: {
            std::string x = "<n:Pull><n:EnumerationContext>";
            x += escaped(context.empty() || in_.ConsumeIntegralInRange(0, 7) == 0 ? text(40) : std::string(context));
            x += "</n:EnumerationContext>";
            if (in_.ConsumeBool()) {
                const bool w = in_.ConsumeBool();
                x += std::string(w ? "<w:MaxElements>" : "<n:MaxElements>") + number() +
                     (w ? "</w:MaxElements>" : "</n:MaxElements>");
            }
            if (in_.ConsumeBool()) {
                x += "<n:MaxTime>" + duration() + "</n:MaxTime>";
            }
            return x + "</n:Pull>";
        }
        case Kind::enumerate: {
            std::string x = "<n:Enumerate>";
            const unsigned parts = in_.ConsumeIntegral<std::uint8_t>();
            if (parts & 1U) {
                x += "<w:OptimizeEnumeration/>";
            }
            if (parts & 2U) {
                x += (parts & 4U ? "<w:MaxElements>" : "<n:MaxElements>") + number() +
                     (parts & 4U ? "</w:MaxElements>" : "</n:MaxElements>");
            }
            if (parts & 8U) {
                static constexpr std::array<std::string_view, 3> modes = {"EnumerateObjectAndEPR", "EnumerateEPR",
                                                                         "EnumerateObject"};
                x += "<w:EnumerationMode>" + (in_.ConsumeBool() ? pick(modes) : escaped(text(24))) +
                     "</w:EnumerationMode>";
            }
            if (parts & 16U) {
                x += filter();
            }
            if (parts & 32U) {
                x += "<w:RequestTotalItemsCountEstimate/>";
            }
            return x + "</n:Enumerate>";
        }
        case Kind::other: return escaped(text(100));
        }
        return {};
    }
    static std::string class_of(const std::string& resource) {
        const auto slash = resource.rfind('/');
        std::string name;
        for (const char c : resource.substr(slash == std::string::npos ? 0 : slash + 1)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                name += c;
            }
        }
        return name.empty() || name[0] == '_' ? "Instance" : name;
    }

    FuzzedDataProvider in_;
    Kind kind_ = Kind::identify;
    std::string last_name_;
};

} // namespace wsman_fuzz
