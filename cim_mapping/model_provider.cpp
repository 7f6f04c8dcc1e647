// ModelProvider: enumerate, get, put, associations; methods are in provider_methods.cpp.
#include "cim_mapping/model_provider.hpp"

#include "cim_mapping/errc.hpp"
#include "cim_mapping/filter.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/provider_methods.hpp"

namespace cim {
namespace {

std::unexpected<std::error_code> fail(Errc e) {
    return std::unexpected(make_error_code(e));
}

bool same_reference(const Reference& a, const Reference& b) {
    if (!iequals(a.class_name, b.class_name) || a.keys.size() != b.keys.size()) {
        return false;
    }
    for (const auto& [name, value] : a.keys) {
        bool found = false;
        for (const auto& [n2, v2] : b.keys) {
            if (iequals(name, n2) && value == v2) {
                found = true;
                break;
            }
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

} // namespace

std::expected<bool, std::error_code> keys_match(const ClassDef& c, const Instance& i,
                                                const Selectors& keys) {
    const auto key_defs = c.keys();
    for (const auto& [name, value] : keys) {
        const PropertyDef* p = c.property(name);
        if (p == nullptr || !p->key) {
            return fail(Errc::unexpected_selectors);
        }
        if (p->type == Type::datetime && !parse_datetime(value)) {
            return fail(Errc::selector_type_mismatch); // DSP0226 7.1: wsman:InvalidSelectors/TypeMismatch
        }
    }
    // The last keys are the most specific (DeviceID, InstanceID after the system's): checked
    // first, a mismatch is found at once.
    for (auto it = key_defs.rbegin(); it != key_defs.rend(); ++it) {
        const PropertyDef* k = *it;
        const std::pair<std::string, std::string>* given = nullptr;
        for (const auto& sel : keys) {
            if (iequals(sel.first, k->name)) {
                given = &sel;
            }
        }
        if (given == nullptr) {
            return fail(Errc::bad_keys);
        }
        const Value* v = i.find(k->name);
        if (v == nullptr || v->is_null()) {
            return false;
        }
        // Values compare without case, as WinRM compares them (MS-WSMV 3.1.4.1.2; DSP0226
        // R5.1.2.2-1 leaves it to the service) and as the clients expect.
        if (!iequals(lexical(v->scalar()), given->second)) {
            return false;
        }
    }
    return true;
}

bool ModelProvider::serves(const ClassDef& c) const {
    return options_.raw_ipmi || c.name != "Microsoft_IPMI";
}

const ClassDef* ModelProvider::served_class(std::string_view class_name) const {
    const ClassDef* c = find_class(class_name);
    return c != nullptr && serves(*c) ? c : nullptr;
}

ModelProvider::Mapped ModelProvider::mapped(const std::shared_ptr<const Snapshot>& s, const ClassDef& c) {
    {
        const std::lock_guard lock(cache_mutex_);
        if (cached_snapshot_ != s) {
            cached_snapshot_ = s; // holding it keeps the pointer from being reused
            cache_.clear();
        } else if (auto it = cache_.find(c.name); it != cache_.end()) {
            return it->second;
        }
    }
    auto instances = instances_of(*s, c.name);
    for (auto& i : instances) {
        i.rendered.slot = std::make_shared<RenderSlot>(); // the front end renders each once
    }
    auto made = std::make_shared<const std::vector<Instance>>(std::move(instances));
    const std::lock_guard lock(cache_mutex_);
    if (cached_snapshot_ == s) {
        cache_.emplace(c.name, made);
    }
    return made;
}

std::vector<ModelProvider::Mapped> ModelProvider::parts(const ClassDef& c) {
    std::vector<Mapped> out;
    const auto s = bmc_.snapshot();
    for (const ClassDef* k : kinds_of(c)) {
        if (serves(*k)) {
            out.push_back(mapped(s, *k));
        }
    }
    return out;
}

std::expected<std::vector<Instance>, std::error_code> ModelProvider::enumerate(const Caller&,
                                                                               std::string_view class_name) {
    const ClassDef* c = served_class(class_name);
    if (c == nullptr) {
        return fail(Errc::unknown_class);
    }
    std::vector<Instance> out;
    for (const auto& part : parts(*c)) {
        out.insert(out.end(), part->begin(), part->end());
    }
    return out;
}

std::expected<std::vector<std::shared_ptr<const Instance>>, std::error_code>
ModelProvider::enumerate_shared(const Caller&, std::string_view class_name) {
    const ClassDef* c = served_class(class_name);
    if (c == nullptr) {
        return fail(Errc::unknown_class);
    }
    std::vector<std::shared_ptr<const Instance>> out;
    for (const auto& part : parts(*c)) {
        for (const auto& i : *part) {
            out.emplace_back(part, &i); // aliasing: owned with its part
        }
    }
    return out;
}

std::expected<Instance, std::error_code> ModelProvider::get(const Caller& caller, std::string_view class_name,
                                                            const Selectors& keys) {
    auto i = get_shared(caller, class_name, keys);
    if (!i) {
        return std::unexpected(i.error());
    }
    return **i;
}

std::expected<std::shared_ptr<const Instance>, std::error_code>
ModelProvider::get_shared(const Caller&, std::string_view class_name, const Selectors& keys) {
    const ClassDef* c = served_class(class_name);
    if (c == nullptr) {
        return fail(Errc::unknown_class);
    }
    // DSP0227 8.1: a Get of a parent class finds the instance among its subclasses, each part
    // judged by its own class's keys; a part whose class the selectors do not fit is passed
    // over, and the selectors are wrong only when they fit none.
    bool any = false;
    bool fitted = false;
    std::error_code first_error;
    for (const auto& part : parts(*c)) {
        // A part holds instances of one class (mapped()): its definition is looked up once.
        const ClassDef* own = part->empty() ? nullptr : find_class(part->front().class_name);
        for (const auto& i : *part) {
            any = true;
            auto m = keys_match(own != nullptr ? *own : *c, i, keys);
            if (!m) {
                if (!first_error) {
                    first_error = m.error();
                }
                break; // the same selectors fail every instance of this class
            }
            fitted = true;
            if (*m) {
                return std::shared_ptr<const Instance>(part, &i); // aliasing: owned with its part
            }
        }
    }
    if (any && !fitted) {
        return std::unexpected(first_error);
    }
    if (!any) {
        // Keys are still checked against the class so a bad selector is named as such.
        for (const auto& [name, value] : keys) {
            const PropertyDef* p = c->property(name);
            if (p == nullptr || !p->key) {
                return fail(Errc::unexpected_selectors);
            }
        }
    }
    return fail(Errc::not_found);
}

std::expected<MethodResult, std::error_code> ModelProvider::invoke(const Caller& caller,
                                                                   std::string_view class_name,
                                                                   const Selectors& keys,
                                                                   std::string_view method,
                                                                   const std::vector<Property>& arguments) {
    const ClassDef* c = find_class(class_name);
    if (c == nullptr) {
        return fail(Errc::unknown_class);
    }
    const MethodDef* m = c->method(method);
    if (m == nullptr) {
        return fail(Errc::method_not_supported);
    }
    if (caller.role < m->role) {
        return fail(Errc::access_denied);
    }
    for (const auto& a : arguments) {
        const bool known = std::any_of(m->parameters.begin(), m->parameters.end(),
                                       [&](const ParameterDef& p) { return p.in && iequals(p.name, a.name); });
        if (!known) {
            return fail(Errc::invalid_parameter);
        }
    }
    auto target = get(caller, class_name, keys);
    if (!target) {
        return std::unexpected(target.error());
    }
    const std::lock_guard lock(changes_);
    return run_method(bmc_, *target, m->name, arguments);
}

std::expected<Instance, std::error_code> ModelProvider::put(const Caller& caller,
                                                            std::string_view class_name,
                                                            const Selectors& keys,
                                                            const std::vector<Property>& changes) {
    const ClassDef* c = find_class(class_name);
    if (c == nullptr) {
        return fail(Errc::unknown_class);
    }
    if (caller.role < Role::operator_role) {
        return fail(Errc::access_denied);
    }
    auto target = get(caller, class_name, keys);
    if (!target) {
        return std::unexpected(target.error());
    }
    const ClassDef* own = find_class(target->class_name);
    for (const auto& change : changes) {
        const PropertyDef* p = own->property(change.name);
        if (p == nullptr) {
            return fail(Errc::invalid_parameter);
        }
        if (!p->writable) {
            // Unchanged values of read-only properties are allowed (a client may send the
            // whole instance back); a different value is refused.
            const Value* current = target->find(change.name);
            if (current == nullptr || !(*current == change.value)) {
                return fail(Errc::not_writable);
            }
        }
    }
    {
        const std::lock_guard lock(changes_);
        if (auto ec = apply_put(bmc_, *target, changes)) {
            return std::unexpected(ec);
        }
    }
    return get(caller, target->class_name, keys);
}

std::expected<std::vector<Instance>, std::error_code> ModelProvider::associated(const Caller& caller,
                                                                                const AssociationQuery& q) {
    std::vector<const ClassDef*> associations;
    for (const auto& c : all_classes()) {
        if (c.association && (q.association_class.empty() || is_a(c.name, q.association_class))) {
            associations.push_back(&c);
        }
    }
    if (associations.empty()) {
        return fail(Errc::unknown_class);
    }
    if (!q.result_class.empty() && find_class(q.result_class) == nullptr) {
        return fail(Errc::unknown_class);
    }
    const auto s = bmc_.snapshot();
    std::vector<Instance> out;
    for (const ClassDef* a : associations) {
        const auto roles = a->keys(); // the two reference properties
        for (const auto& link : *mapped(s, *a)) {
            for (const PropertyDef* near : roles) {
                if (!q.role.empty() && !iequals(near->name, q.role)) {
                    continue;
                }
                const Value* v = link.find(near->name);
                if (v == nullptr || v->is_null() ||
                    !same_reference(std::get<Reference>(v->scalar()), q.object)) {
                    continue;
                }
                for (const PropertyDef* far : roles) {
                    if (far == near || (!q.result_role.empty() && !iequals(far->name, q.result_role))) {
                        continue;
                    }
                    const auto& target = std::get<Reference>(link.find(far->name)->scalar());
                    if (!q.result_class.empty() && !is_a(target.class_name, q.result_class)) {
                        continue;
                    }
                    if (q.references) {
                        out.push_back(link);
                        continue;
                    }
                    if (auto i = get(caller, target.class_name,
                                     Selectors(target.keys.begin(), target.keys.end()))) {
                        out.push_back(std::move(*i));
                    }
                }
            }
        }
    }
    return out;
}

} // namespace cim
