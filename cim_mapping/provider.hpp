// What the WS-Man front end calls (design.md "cim::Provider"): plain C++ values in and out,
// errors as cim::Errc so the front end maps each to one fault.
#pragma once

#include "cim_mapping/instance.hpp"
#include "cim_mapping/schema.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace cim {

// Key selectors as a request names them (names compare case-insensitively).
using Selectors = std::vector<std::pair<std::string, std::string>>;

// The authenticated caller: the front end fills it in; every operation checks the role.
struct Caller {
    Caller() = default;
    Caller(std::string name, Role r, std::string from = {})
        : user(std::move(name)), role(r), source(std::move(from)) {}
    std::string user;
    Role role = Role::reader;
    std::string source; // where the request came from (an address), for the log
};

// A method's answer: ReturnValue (0 completed, 1 not supported, 2 unknown error, 4 failed,
// 5 invalid parameter, per the profiles) and output parameters.
struct MethodResult {
    std::uint32_t return_value = 0;
    std::vector<Property> out;
};

// Association traversal (DSP0227 association filter): the instances associated with
// `object` through `association_class` (all associations when empty), optionally only those
// of `result_class`, with `object` in `role` and the result in `result_role` (empty: any).
struct AssociationQuery {
    Reference object;
    std::string association_class;
    std::string result_class;
    std::string role;
    std::string result_role;
    bool references = false; // the association instances themselves, not the far ends
};

class Provider {
public:
    virtual ~Provider() = default;
    // Every instance of the class and of its subclasses (DSP0227 8.1 polymorphism).
    [[nodiscard]] virtual std::expected<std::vector<Instance>, std::error_code>
    enumerate(const Caller& caller, std::string_view class_name) = 0;
    // enumerate() as shared read-only instances (a caching provider hands out its own; this
    // default copies enumerate()'s answer once).
    [[nodiscard]] virtual std::expected<std::vector<std::shared_ptr<const Instance>>, std::error_code>
    enumerate_shared(const Caller& caller, std::string_view class_name) {
        auto all = enumerate(caller, class_name);
        if (!all) {
            return std::unexpected(all.error());
        }
        std::vector<std::shared_ptr<const Instance>> out;
        out.reserve(all->size());
        for (auto& i : *all) {
            out.push_back(std::make_shared<const Instance>(std::move(i)));
        }
        return out;
    }
    [[nodiscard]] virtual std::expected<Instance, std::error_code>
    get(const Caller& caller, std::string_view class_name, const Selectors& keys) = 0;
    // get() as a shared read-only instance: a provider that caches its instances hands out
    // its own, without copying one per request (this default copies get()'s answer once).
    [[nodiscard]] virtual std::expected<std::shared_ptr<const Instance>, std::error_code>
    get_shared(const Caller& caller, std::string_view class_name, const Selectors& keys) {
        auto i = get(caller, class_name, keys);
        if (!i) {
            return std::unexpected(i.error());
        }
        return std::make_shared<const Instance>(std::move(*i));
    }
    [[nodiscard]] virtual std::expected<MethodResult, std::error_code>
    invoke(const Caller& caller, std::string_view class_name, const Selectors& keys,
           std::string_view method, const std::vector<Property>& arguments) = 0;
    // Changes writable properties; answers the instance as it is afterwards.
    [[nodiscard]] virtual std::expected<Instance, std::error_code>
    put(const Caller& caller, std::string_view class_name, const Selectors& keys,
        const std::vector<Property>& changes) = 0;
    [[nodiscard]] virtual std::expected<std::vector<Instance>, std::error_code>
    associated(const Caller& caller, const AssociationQuery& query) = 0;
};

} // namespace cim
