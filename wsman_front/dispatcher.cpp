// Operations: each turns a checked request into provider calls and an answer body.
#include "wsman_front/dispatcher.hpp"

#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/schema.hpp"
#include "wsman_front/enumerate_filter.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/polymorphism.hpp"
#include "wsman_front/request.hpp"
#include "wsman_front/resource_uri.hpp"
#include "wsman_front/xml_writer.hpp"

#include <charconv>
#include <limits>
#include <fmt/format.h>

namespace wsman {
namespace {

constexpr std::string_view enumeration_mode_epr = "EnumerateEPR";
constexpr std::string_view enumeration_mode_both = "EnumerateObjectAndEPR";

Reply fault_reply(const Fault& f, std::string_view relates_to) {
    return {500, fault_envelope(f, relates_to)};
}

// A property or parameter's text as the registry's type; nullopt when it does not parse.
std::optional<cim::Value> typed_value(cim::Type type, const std::string& raw) {
    const std::string text = type == cim::Type::string ? raw : trim_text(raw);
    const auto integer = [&](auto lo, auto hi) -> std::optional<std::int64_t> {
        std::int64_t v = 0;
        if (auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            ec != std::errc{} || p != text.data() + text.size() || v < static_cast<std::int64_t>(lo) ||
            v > static_cast<std::int64_t>(hi)) {
            return std::nullopt;
        }
        return v;
    };
    switch (type) {
    case cim::Type::string: return cim::Value::string(text);
    case cim::Type::boolean:
        if (text == "true" || text == "1") return cim::Value::boolean(true);
        if (text == "false" || text == "0") return cim::Value::boolean(false);
        return std::nullopt;
    case cim::Type::uint8: if (auto v = integer(0, 0xff)) return cim::Value::uint8(static_cast<std::uint8_t>(*v)); break;
    case cim::Type::uint16: if (auto v = integer(0, 0xffff)) return cim::Value::uint16(static_cast<std::uint16_t>(*v)); break;
    case cim::Type::uint32: if (auto v = integer(0, 0xffffffffLL)) return cim::Value::uint32(static_cast<std::uint32_t>(*v)); break;
    case cim::Type::sint32: if (auto v = integer(INT32_MIN, INT32_MAX)) return cim::Value::sint32(static_cast<std::int32_t>(*v)); break;
    default: break;
    }
    return std::nullopt;
}

// The Method_INPUT children (or an instance's property elements) as typed properties.
std::expected<std::vector<cim::Property>, Fault>
typed_children(const XmlNode& parent, auto find_type) {
    std::vector<cim::Property> out;
    for (const auto& c : parent.children) {
        auto type = find_type(c.local);
        if (!type) {
            return std::unexpected(fault::invalid_parameter("Unknown parameter or property: " + c.local));
        }
        const auto [t, is_array] = *type;
        if (t == cim::Type::reference || t == cim::Type::datetime) {
            continue; // references and times are accepted and not used by any method here
        }
        const std::string* nil = c.attribute("nil");
        if (nil != nullptr && *nil == "true") {
            out.push_back({c.local, cim::Value::null(t, is_array)});
            continue;
        }
        auto v = typed_value(t, c.text);
        if (!v) {
            return std::unexpected(fault::invalid_parameter("Not a valid " + std::string(cim::type_name(t)) + ": " + c.local));
        }
        if (is_array) {
            auto existing = std::find_if(out.begin(), out.end(), [&](const cim::Property& p) { return p.name == c.local; });
            if (existing == out.end()) {
                out.push_back({c.local, cim::Value::array(t, {v->scalar()})});
            } else {
                auto items = existing->value.items();
                items.push_back(v->scalar());
                existing->value = cim::Value::array(t, std::move(items));
            }
        } else {
            out.push_back({c.local, *v});
        }
    }
    return out;
}

// The answer envelope, or EncodingLimit when it would exceed the client's MaxEnvelopeSize.
Reply answer(const Request& r, std::string_view action, const std::string& body) {
    std::string text = envelope({std::string(action), r.message_id}, body);
    if (r.max_envelope_size != 0 && text.size() > r.max_envelope_size) {
        return fault_reply(fault::encoding_limit("The answer exceeds MaxEnvelopeSize.", "MaxEnvelopeSize"),
                           r.message_id);
    }
    return {200, std::move(text)};
}

ItemForm form_of(EnumerationMode mode) {
    switch (mode) {
    case EnumerationMode::epr: return ItemForm::epr;
    case EnumerationMode::object_and_epr: return ItemForm::object_and_epr;
    case EnumerationMode::objects: break;
    }
    return ItemForm::object;
}

std::chrono::steady_clock::time_point deadline_of(const Request& r) {
    return std::chrono::steady_clock::now() + r.operation_timeout;
}

Fault busy_or_late(BoundedCalls::Outcome o) {
    return o == BoundedCalls::Outcome::busy
               ? fault::concurrency("Too many state-changing operations are waiting for the BMC.")
               : fault::timed_out();
}

// MaxElements of an Enumerate (wsman:) or a Pull (wsen:), also found in the other namespace
// (clients mix them up: shared/corpus); 1 when absent (DSP0226 8.2.3, 8.4); 0 when malformed.
std::size_t max_elements_of(const XmlNode& op, std::string_view preferred, std::string_view other) {
    const XmlNode* m = op.child(preferred, "MaxElements");
    if (m == nullptr) {
        m = op.child(other, "MaxElements");
    }
    if (m == nullptr) {
        return 1;
    }
    auto v = unsigned_text(m->text);
    return v ? static_cast<std::size_t>(std::min<std::uint64_t>(*v, 1U << 30)) : 0;
}

// The room items have in the answer: the client's MaxEnvelopeSize less the envelope around
// them (DSP0226 R6.2-2 and 8.4: a Pull returns fewer items rather than exceed it).
std::size_t item_budget(const Request& r, std::string_view action) {
    if (r.max_envelope_size == 0) {
        return std::numeric_limits<std::size_t>::max();
    }
    constexpr std::size_t wrappers = 400; // response element, context, Items, EndOfSequence
    const std::size_t overhead = envelope({std::string(action), r.message_id}, "").size() + wrappers;
    return r.max_envelope_size > overhead ? r.max_envelope_size - overhead : 0;
}

} // namespace

std::optional<EnumerationStore::Batch> Dispatcher::next_batch(const std::string& user, const std::string& id,
                                                              std::size_t max, std::size_t budget,
                                                              std::vector<Item>& items) {
    std::size_t bytes = 0;
    return enumerations_.pull(user, id, std::min(max, info_.max_elements), [&](const Item& x) {
        if (bytes + x->size() > budget) {
            return false;
        }
        bytes += x->size();
        items.push_back(x);
        return true;
    });
}

namespace {

// An Enumerate or Pull answer with its items, written once into one buffer of the right
// size (an optimized Enumerate of every sensor is ~75 KB: no copies of it per layer).
Reply items_answer(const Request& r, std::string_view action, std::string_view element, std::string_view context,
                   std::string_view items_element, const std::vector<Item>& items, bool end) {
    // wsen:Items/wsen:EndOfSequence in a Pull, wsman:Items/wsman:EndOfSequence in an
    // optimized Enumerate (DSP0226 8.2.3): the same prefix as the items element.
    const std::string_view prefix = items_element.substr(0, items_element.find(':'));
    std::string text = envelope_head({std::string(action), r.message_id});
    std::size_t size = text.size() + 2 * element.size() + context.size() + 2 * items_element.size() + 128;
    for (const auto& i : items) {
        size += i->size();
    }
    text.reserve(size);
    text += '<';
    text += element;
    text += '>';
    text += context;
    text += '<';
    text += items_element;
    text += '>';
    for (const auto& i : items) {
        text += *i;
    }
    text += "</";
    text += items_element;
    text += '>';
    if (end) {
        text += '<';
        text += prefix;
        text += ":EndOfSequence/>";
    }
    text += "</";
    text += element;
    text += '>';
    text += envelope_tail;
    if (r.max_envelope_size != 0 && text.size() > r.max_envelope_size) {
        return fault_reply(fault::encoding_limit("The answer exceeds MaxEnvelopeSize.", "MaxEnvelopeSize"),
                           r.message_id);
    }
    return {200, std::move(text)};
}

} // namespace

Reply Dispatcher::enumerate(const Request& r, const cim::Caller& caller, const cim::ClassDef* cls) {
    const XmlNode* e = r.body.child(ns::wsen, "Enumerate");
    if (e == nullptr) {
        return fault_reply(fault::invalid_representation("The body holds no wsen:Enumerate."), r.message_id);
    }
    EnumerationMode mode = EnumerationMode::objects;
    if (const XmlNode* m = e->child(ns::wsman, "EnumerationMode")) {
        const auto text = trim_text(m->text);
        if (text == enumeration_mode_epr) {
            mode = EnumerationMode::epr;
        } else if (text == enumeration_mode_both) {
            mode = EnumerationMode::object_and_epr;
        } else {
            return fault_reply(fault::unsupported_feature("Unknown EnumerationMode: " + text, "EnumerationMode"),
                               r.message_id);
        }
    }
    const bool optimized = e->child(ns::wsman, "OptimizeEnumeration") != nullptr;
    const std::size_t max = optimized ? max_elements_of(*e, ns::wsman, ns::wsen) : 1;
    if (max == 0) {
        return fault_reply(fault::invalid_parameter("MaxElements must be a positive integer."), r.message_id);
    }
    const auto polymorphism = polymorphism_mode(*e);
    if (!polymorphism) {
        return fault_reply(polymorphism.error(), r.message_id);
    }
    auto items = enumerate_filtered(provider_, caller, cls, e->child(ns::wsman, "Filter"));
    if (!items) {
        return fault_reply(items.error(), r.message_id);
    }
    std::vector<Item> rendered = polymorphic_items(*items, cls, *polymorphism, form_of(mode));
    std::size_t bytes = 0;
    for (const auto& i : rendered) {
        bytes += i->size();
    }
    items->clear();
    const std::string action = std::string(ns::action::enumerate) + "Response";
    // An optimized Enumerate whose items all fit one answer (the scrapers' usual request)
    // needs no context at all: EndOfSequence with an empty context (DSP0226 8.2.3).
    if (optimized && rendered.size() <= std::min(max, info_.max_elements) && bytes <= item_budget(r, action)) {
        return items_answer(r, action, "wsen:EnumerateResponse", "<wsen:EnumerationContext/>", "wsman:Items",
                            rendered, true);
    }
    const std::string id = enumerations_.open(caller.user, std::move(rendered));
    if (optimized) {
        std::vector<Item> batch_items;
        auto batch = next_batch(caller.user, id, max, item_budget(r, action), batch_items);
        if (batch && batch->taken == 0 && !batch->end) {
            (void)enumerations_.release(caller.user, id);
            return fault_reply(fault::encoding_limit("An item does not fit in MaxEnvelopeSize.", "MaxEnvelopeSize"),
                               r.message_id);
        }
        // The context goes only with the last batch: no non-empty context after EndOfSequence.
        const bool end = !batch || batch->end;
        return items_answer(r, action, "wsen:EnumerateResponse",
                            end ? std::string("<wsen:EnumerationContext/>")
                                : fmt::format("<wsen:EnumerationContext>{}</wsen:EnumerationContext>", id),
                            "wsman:Items", batch_items, end);
    }
    return answer(r, action,
                  fmt::format("<wsen:EnumerateResponse><wsen:EnumerationContext>{}</wsen:EnumerationContext>"
                              "</wsen:EnumerateResponse>",
                              id));
}

bool Dispatcher::may_wait(const XmlNode& envelope) {
    const XmlNode* header = envelope.child(ns::soap12, "Header");
    const XmlNode* action = header != nullptr ? header->child(ns::wsa, "Action") : nullptr;
    if (action == nullptr) {
        return false; // Identify, or a fault
    }
    const std::string_view a = action->text;
    return a != ns::action::get && a != ns::action::enumerate && a != ns::action::pull && a != ns::action::release &&
           a != ns::action::subscribe && a != ns::action::renew && a != ns::action::get_status &&
           a != ns::action::unsubscribe;
}

std::string_view Dispatcher::operation(const XmlNode& envelope) {
    const XmlNode* header = envelope.child(ns::soap12, "Header");
    const XmlNode* action = header != nullptr ? header->child(ns::wsa, "Action") : nullptr;
    if (action == nullptr) {
        return "Identify";
    }
    for (const auto& [uri, name] :
         {std::pair{ns::action::get, "Get"}, std::pair{ns::action::put, "Put"},
          std::pair{ns::action::enumerate, "Enumerate"}, std::pair{ns::action::pull, "Pull"},
          std::pair{ns::action::release, "Release"}, std::pair{ns::action::subscribe, "Subscribe"},
          std::pair{ns::action::renew, "Renew"}, std::pair{ns::action::get_status, "GetStatus"},
          std::pair{ns::action::unsubscribe, "Unsubscribe"}}) {
        if (action->text == uri) {
            return name;
        }
    }
    return "Invoke";
}

Reply Dispatcher::handle(const XmlNode& request_envelope, const cim::Caller* caller) {
    std::string relates_to;
    auto parsed = parse_request(request_envelope, &relates_to);
    if (!parsed) {
        return fault_reply(parsed.error(), relates_to);
    }
    const Request& r = *parsed;
    if (r.identify) {
        std::string body = fmt::format(
            "<wsmid:IdentifyResponse><wsmid:ProtocolVersion>{}</wsmid:ProtocolVersion>"
            "<wsmid:ProductVendor>{}</wsmid:ProductVendor><wsmid:ProductVersion>{}</wsmid:ProductVersion>",
            ns::wsman, escape(info_.product_vendor), escape(info_.product_version));
        if (caller != nullptr && !info_.security_profiles.empty()) {
            body += "<wsmid:SecurityProfiles>";
            for (const auto& p : info_.security_profiles) {
                body += fmt::format("<wsmid:SecurityProfileName>{}</wsmid:SecurityProfileName>", escape(p));
            }
            body += "</wsmid:SecurityProfiles>";
        }
        body += "</wsmid:IdentifyResponse>";
        return {200, identify_envelope(body)};
    }
    if (caller == nullptr) {
        return fault_reply(fault::access_denied(), r.message_id);
    }
    if (events_ != nullptr) {
        if (auto reply = events_->handle(r, request_envelope, *caller)) {
            return std::move(*reply);
        }
    }
    const bool all_classes = r.resource_uri == all_classes_uri;
    if (all_classes && r.action == ns::action::enumerate) {
        return enumerate(r, *caller, nullptr);
    }
    auto address = parse_resource_uri(r.resource_uri);
    if (!address) {
        return fault_reply(fault::destination_unreachable("The resource URI is not served: " + r.resource_uri),
                           r.message_id);
    }
    const cim::ClassDef* cls = cim::find_class(address->class_name);
    if (cls == nullptr) {
        return fault_reply(fault::destination_unreachable("No such class: " + address->class_name), r.message_id);
    }
    // The namespace: the __cimnamespace selector (DSP0227 7.1), else the WMI-style URI's path;
    // a DMTF class URI alone means the class's own namespace (WinRM defaults it too).
    const std::string& space = !r.namespace_selector.empty() ? r.namespace_selector : address->name_space;
    if ((!r.namespace_selector.empty() || !address->dmtf) && !cim::iequals(space, cls->name_space)) {
        return fault_reply(fault::destination_unreachable("The class " + std::string(cls->name) +
                                                          " is not in the namespace " + space.substr(0, 100)),
                           r.message_id);
    }
    if (r.action == ns::action::get) {
        auto i = provider_.get_shared(*caller, cls->name, r.selectors);
        if (!i) {
            return fault_reply(fault::from_provider_error(i.error()), r.message_id);
        }
        return answer(r, std::string(ns::action::get) + "Response", instance_xml(**i));
    }
    if (r.action == ns::action::put) {
        const XmlNode* instance = nullptr;
        for (const auto& c : r.body.children) {
            if (c.local == cls->name) {
                instance = &c;
            }
        }
        if (instance == nullptr) {
            return fault_reply(fault::invalid_representation("The body holds no instance of " + std::string(cls->name)),
                               r.message_id);
        }
        auto changes = typed_children(*instance, [&](std::string_view name) -> std::optional<std::pair<cim::Type, bool>> {
            const cim::PropertyDef* p = cls->property(name);
            return p ? std::optional(std::pair{p->type, p->array}) : std::nullopt;
        });
        if (!changes) {
            return fault_reply(changes.error(), r.message_id);
        }
        const cim::Caller who = *caller;
        auto call = changes_.run<std::expected<cim::Instance, std::error_code>>(
            deadline_of(r), [this, who, name = std::string(cls->name), selectors = r.selectors,
                             values = std::move(*changes)] { return provider_.put(who, name, selectors, values); });
        if (call.outcome != BoundedCalls::Outcome::done) {
            return fault_reply(busy_or_late(call.outcome), r.message_id);
        }
        auto& i = *call.value;
        if (info_.log) {
            info_.log(http::LogLevel::notice, fmt::format("Put {} by {} from {}: {}", cls->name, who.user, who.source,
                                                    i ? "done" : i.error().message()));
        }
        if (!i) {
            return fault_reply(fault::from_provider_error(i.error()), r.message_id);
        }
        return answer(r, std::string(ns::action::put) + "Response", instance_xml(*i));
    }
    if (r.action == ns::action::enumerate) {
        return enumerate(r, *caller, cls);
    }
    if (r.action == ns::action::pull || r.action == ns::action::release) {
        const bool pull = r.action == ns::action::pull;
        const XmlNode* op = r.body.child(ns::wsen, pull ? "Pull" : "Release");
        const XmlNode* ctx = op != nullptr ? op->child(ns::wsen, "EnumerationContext") : nullptr;
        if (ctx == nullptr) {
            return fault_reply(fault::invalid_enumeration_context(), r.message_id);
        }
        const std::string id = trim_text(ctx->text);
        if (!pull) {
            if (!enumerations_.release(caller->user, id)) {
                return fault_reply(fault::invalid_enumeration_context(), r.message_id);
            }
            return answer(r, std::string(ns::action::release) + "Response", "");
        }
        const std::size_t max = max_elements_of(*op, ns::wsen, ns::wsman);
        if (max == 0) {
            return fault_reply(fault::invalid_parameter("MaxElements must be a positive integer."), r.message_id);
        }
        const std::string action = std::string(ns::action::pull) + "Response";
        std::vector<Item> batch_items;
        auto batch = next_batch(caller->user, id, max, item_budget(r, action), batch_items);
        if (!batch) {
            return fault_reply(fault::invalid_enumeration_context(), r.message_id);
        }
        if (batch->taken == 0 && !batch->end) {
            return fault_reply(fault::encoding_limit("An item does not fit in MaxEnvelopeSize.", "MaxEnvelopeSize"),
                               r.message_id);
        }
        return items_answer(r, action, "wsen:PullResponse",
                            batch->end ? std::string()
                                       : fmt::format("<wsen:EnumerationContext>{}</wsen:EnumerationContext>", id),
                            "wsen:Items", batch_items, batch->end);
    }
    // Invoke: the action is the resource URI, a slash and the method name (DSP0227 9).
    if (r.action.size() > r.resource_uri.size() + 1 && r.action.starts_with(r.resource_uri) &&
        r.action[r.resource_uri.size()] == '/') {
        const std::string method = r.action.substr(r.resource_uri.size() + 1);
        const cim::MethodDef* m = cls->method(method);
        if (m == nullptr) {
            return fault_reply(fault::action_not_supported(r.action), r.message_id);
        }
        const XmlNode* input = nullptr;
        for (const auto& c : r.body.children) {
            if (cim::iequals(c.local, std::string(m->name) + "_INPUT")) {
                input = &c;
            }
        }
        std::vector<cim::Property> args;
        if (input != nullptr) {
            auto typed = typed_children(*input, [&](std::string_view name) -> std::optional<std::pair<cim::Type, bool>> {
                for (const auto& p : m->parameters) {
                    if (p.in && cim::iequals(p.name, name)) {
                        return std::pair{p.type, p.array};
                    }
                }
                return std::nullopt;
            });
            if (!typed) {
                return fault_reply(typed.error(), r.message_id);
            }
            args = std::move(*typed);
        }
        const cim::Caller who = *caller;
        auto call = changes_.run<std::expected<cim::MethodResult, std::error_code>>(
            deadline_of(r), [this, who, name = std::string(cls->name), selectors = r.selectors,
                             method_name = std::string(m->name), arguments = std::move(args)] {
                return provider_.invoke(who, name, selectors, method_name, arguments);
            });
        if (call.outcome != BoundedCalls::Outcome::done) {
            if (info_.log) {
                info_.log(http::LogLevel::warning, fmt::format("{}.{} by {} from {}: no answer within the OperationTimeout",
                                                         cls->name, m->name, who.user, who.source));
            }
            return fault_reply(busy_or_late(call.outcome), r.message_id);
        }
        auto& result = *call.value;
        if (info_.log) {
            info_.log(http::LogLevel::notice,
                      fmt::format("{}.{} by {} from {}: {}", cls->name, m->name, who.user, who.source,
                                  result ? fmt::format("ReturnValue {}", result->return_value) : result.error().message()));
        }
        if (!result) {
            return fault_reply(fault::from_provider_error(result.error()), r.message_id);
        }
        const std::string uri = resource_uri_of(cls->name, cls->name_space);
        std::string body = fmt::format("<p:{}_OUTPUT xmlns:p=\"{}\"><p:ReturnValue>{}</p:ReturnValue>", m->name,
                                       escape(uri), result->return_value);
        for (const auto& out : result->out) {
            for (const auto& item : out.value.items()) {
                body += fmt::format("<p:{0}>{1}</p:{0}>", out.name, escape(cim::lexical(item)));
            }
        }
        body += fmt::format("</p:{}_OUTPUT>", m->name);
        return answer(r, r.action + "Response", body);
    }
    return fault_reply(fault::action_not_supported(r.action), r.message_id);
}

} // namespace wsman
