// wsmb:PolymorphismMode (DSP0227 8.1) applied to an Enumerate's instances.
#include "wsman_front/polymorphism.hpp"

#include "cim_mapping/instance.hpp"

namespace wsman {
namespace {

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// The instance cast to `base`: its class and namespace, and of its properties those `base` has.
cim::Instance as_base(const cim::Instance& i, const cim::ClassDef& base) {
    cim::Instance out;
    out.class_name = std::string(base.name);
    out.name_space = std::string(base.name_space);
    for (const auto& p : i.properties) {
        if (base.property(p.name) != nullptr) {
            out.properties.push_back(p);
        }
    }
    return out;
}

} // namespace

std::expected<PolymorphismMode, Fault> polymorphism_mode(const XmlNode& enumerate) {
    const XmlNode* m = enumerate.child(cim_binding_ns, "PolymorphismMode");
    if (m == nullptr) {
        return PolymorphismMode::include_subclass_properties;
    }
    const std::string text = trimmed(m->text);
    if (text == "IncludeSubClassProperties") {
        return PolymorphismMode::include_subclass_properties;
    }
    if (text == "ExcludeSubClassProperties") {
        return PolymorphismMode::exclude_subclass_properties;
    }
    if (text == "None") {
        return PolymorphismMode::none;
    }
    return std::unexpected(fault::invalid_parameter("Unknown wsmb:PolymorphismMode: " + text.substr(0, 100)));
}

std::vector<Item> polymorphic_items(const std::vector<std::shared_ptr<const cim::Instance>>& instances,
                                    const cim::ClassDef* cls, PolymorphismMode mode, ItemForm form) {
    std::vector<Item> out;
    out.reserve(instances.size());
    for (const auto& i : instances) {
        const bool own_class = cls == nullptr || cim::iequals(i->class_name, cls->name);
        if (own_class || mode == PolymorphismMode::include_subclass_properties) {
            out.push_back(item_xml(*i, form));
            continue;
        }
        if (mode == PolymorphismMode::none) {
            continue; // shallow: a subclass instance is left out
        }
        // ExcludeSubClassProperties: the object as the requested class, the EPR as the instance.
        if (form == ItemForm::epr) {
            out.push_back(item_xml(*i, form));
            continue;
        }
        const auto object = item_xml(as_base(*i, *cls), ItemForm::object);
        if (form == ItemForm::object) {
            out.push_back(object);
        } else {
            out.push_back(std::make_shared<const std::string>("<wsman:Item>" + *object +
                                                              *item_xml(*i, ItemForm::epr) + "</wsman:Item>"));
        }
    }
    return out;
}

} // namespace wsman
