// Filter dialects to provider calls and cim filter evaluation.
#include "wsman_front/enumerate_filter.hpp"

#include "cim_mapping/filter.hpp"
#include "cim_mapping/schema.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/resource_uri.hpp"

namespace wsman {
namespace {

constexpr std::string_view selector_dialect = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter";
constexpr std::string_view wql_dialect = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
constexpr std::string_view association_dialect = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter";
constexpr std::string_view wsmb = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";

std::string text_of(const XmlNode* n) {
    if (n == nullptr) {
        return {};
    }
    const auto b = n->text.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return {};
    }
    return n->text.substr(b, n->text.find_last_not_of(" \t\r\n") - b + 1);
}

cim::Selectors selectors_of(const XmlNode& set) {
    cim::Selectors out;
    for (const auto& s : set.children) {
        if (s.ns == ns::wsman && s.local == "Selector") {
            if (const std::string* name = s.attribute("Name")) {
                out.emplace_back(*name, s.text);
            }
        }
    }
    return out;
}

} // namespace

std::expected<std::vector<std::shared_ptr<const cim::Instance>>, Fault>
enumerate_filtered(cim::Provider& provider, const cim::Caller& caller, const cim::ClassDef* cls,
                   const XmlNode* filter) {
    if (filter == nullptr) {
        if (cls == nullptr) {
            return std::unexpected(fault::unsupported_feature("Enumerating all classes needs a filter.", "FilteringRequired"));
        }
        auto all = provider.enumerate_shared(caller, cls->name);
        if (!all) {
            return std::unexpected(fault::from_provider_error(all.error()));
        }
        return std::move(*all);
    }
    const std::string* dialect_attr = filter->attribute("Dialect");
    const std::string dialect = dialect_attr != nullptr ? *dialect_attr : std::string();
    if (dialect == wql_dialect) {
        auto q = cim::parse_wql(text_of(filter));
        if (!q) {
            return std::unexpected(fault::cannot_process_filter(q.error().detail));
        }
        const cim::ClassDef* from = cim::find_class(q->class_name);
        if (from == nullptr) {
            return std::unexpected(fault::cannot_process_filter("The query names no class this service serves: " + q->class_name));
        }
        if (cls != nullptr && !cim::is_a(from->name, cls->name)) {
            return std::unexpected(fault::cannot_process_filter("The query's class " + std::string(from->name) +
                                                                " is not the resource URI's " + std::string(cls->name)));
        }
        auto all = provider.enumerate_shared(caller, from->name);
        if (!all) {
            return std::unexpected(fault::from_provider_error(all.error()));
        }
        std::vector<std::shared_ptr<const cim::Instance>> out;
        for (const auto& i : *all) {
            if (cim::matches(*q, *i)) {
                out.push_back(std::make_shared<const cim::Instance>(cim::project(*q, *i)));
            }
        }
        return out;
    }
    if (cls == nullptr) {
        return std::unexpected(fault::unsupported_feature("Enumerating all classes needs a WQL filter.", "FilteringRequired"));
    }
    if (dialect == selector_dialect) {
        const XmlNode* set = filter->child(ns::wsman, "SelectorSet");
        if (set == nullptr) {
            return std::unexpected(fault::cannot_process_filter("A selector filter needs a wsman:SelectorSet."));
        }
        auto all = provider.enumerate_shared(caller, cls->name);
        if (!all) {
            return std::unexpected(fault::from_provider_error(all.error()));
        }
        std::vector<std::shared_ptr<const cim::Instance>> out;
        const auto selectors = selectors_of(*set);
        for (auto& i : *all) {
            auto m = cim::selector_match(*i, selectors);
            if (!m) {
                return std::unexpected(fault::cannot_process_filter(m.error().detail));
            }
            if (*m) {
                out.push_back(std::move(i));
            }
        }
        return out;
    }
    if (dialect == association_dialect) {
        // DSP0227 8.2: AssociatedInstances (the far ends) or AssociationInstances (the links).
        const XmlNode* f = filter->child(wsmb, "AssociatedInstances");
        const bool references = f == nullptr;
        if (f == nullptr) {
            f = filter->child(wsmb, "AssociationInstances");
        }
        const XmlNode* object = f != nullptr ? f->child(wsmb, "Object") : nullptr;
        const XmlNode* params = object != nullptr ? object->child(ns::wsa, "ReferenceParameters") : nullptr;
        const XmlNode* uri = params != nullptr ? params->child(ns::wsman, "ResourceURI") : nullptr;
        const XmlNode* set = params != nullptr ? params->child(ns::wsman, "SelectorSet") : nullptr;
        auto address = uri != nullptr ? parse_resource_uri(text_of(uri)) : std::nullopt;
        if (!address || set == nullptr) {
            return std::unexpected(fault::cannot_process_filter("The association filter needs an Object reference."));
        }
        cim::AssociationQuery q;
        q.object = cim::Reference{address->class_name, address->name_space, selectors_of(*set)};
        q.association_class = text_of(f->child(wsmb, "AssociationClassName"));
        q.result_class = text_of(f->child(wsmb, "ResultClassName"));
        q.role = text_of(f->child(wsmb, "Role"));
        q.result_role = text_of(f->child(wsmb, "ResultRole"));
        q.references = references;
        auto found = provider.associated(caller, q);
        if (!found) {
            return std::unexpected(fault::from_provider_error(found.error()));
        }
        std::vector<std::shared_ptr<const cim::Instance>> out;
        out.reserve(found->size());
        for (auto& i : *found) {
            out.push_back(std::make_shared<const cim::Instance>(std::move(i)));
        }
        return out;
    }
    return std::unexpected(fault::filter_dialect_unavailable(dialect.empty() ? "(none)" : dialect));
}

} // namespace wsman
