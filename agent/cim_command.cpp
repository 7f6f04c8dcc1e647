#include "agent/cim_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/initial_snapshot.hpp"
#include "cim_mapping/errc.hpp"
#include "cim_mapping/instance_text.hpp"
#include "cim_mapping/model_provider.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

std::expected<std::pair<std::string, std::string>, std::string> split(const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
        return std::unexpected(fmt::format("expected NAME=VALUE, got '{}'", kv));
    }
    return std::pair{kv.substr(0, eq), kv.substr(eq + 1)};
}

// A command-line value as the CIM type the registry declares for that name.
std::optional<cim::Value> typed(cim::Type type, const std::string& text) {
    try {
        switch (type) {
        case cim::Type::string: return cim::Value::string(text);
        case cim::Type::boolean: return cim::Value::boolean(text == "true" || text == "1");
        case cim::Type::uint16: return cim::Value::uint16(static_cast<std::uint16_t>(std::stoul(text)));
        case cim::Type::uint32: return cim::Value::uint32(static_cast<std::uint32_t>(std::stoul(text)));
        case cim::Type::sint32: return cim::Value::sint32(std::stoi(text));
        case cim::Type::uint64: return cim::Value::uint64(std::stoull(text));
        default: return std::nullopt;
        }
    } catch (const std::exception&) { // std::stoul and friends: the CLI's input only
        return std::nullopt;
    }
}

nlohmann::json to_json(const cim::Instance& i) {
    nlohmann::json props = nlohmann::json::object();
    const auto scalar = [](cim::Type t, const cim::Scalar& s) -> nlohmann::json {
        const auto text = cim::lexical(s);
        switch (t) {
        case cim::Type::boolean: return std::get<bool>(s);
        case cim::Type::uint8: case cim::Type::uint16: case cim::Type::uint32: case cim::Type::uint64:
            return std::stoull(text);
        case cim::Type::sint8: case cim::Type::sint16: case cim::Type::sint32: case cim::Type::sint64:
            return std::stoll(text);
        default: return text;
        }
    };
    for (const auto& p : i.properties) {
        if (p.value.is_null()) {
            props[p.name] = nullptr;
        } else if (p.value.is_array()) {
            nlohmann::json a = nlohmann::json::array();
            for (const auto& s : p.value.items()) {
                a.push_back(scalar(p.value.type(), s));
            }
            props[p.name] = a;
        } else {
            props[p.name] = scalar(p.value.type(), p.value.scalar());
        }
    }
    return {{"class", i.class_name}, {"namespace", i.name_space}, {"properties", props}};
}

int usage(const std::string& message) {
    fmt::print(stderr, "bmcwsman: {}\n", message);
    return exit_code::usage;
}

} // namespace

int run_cim(const TransportChoice& choice, const CimArgs& args) {
    const cim::ClassDef* cls = cim::find_class(args.class_name);
    if (cls == nullptr) {
        std::string known;
        for (const auto& c : cim::all_classes()) {
            known += (known.empty() ? "" : ", ") + std::string(c.name);
        }
        return usage(fmt::format("unknown class '{}'; served: {}", args.class_name, known));
    }
    cim::Selectors keys;
    for (const auto& k : args.keys) {
        auto kv = split(k);
        if (!kv) {
            return usage(kv.error());
        }
        keys.push_back(*kv);
    }
    std::vector<cim::Property> method_args;
    if (!args.method.empty()) {
        const cim::MethodDef* m = cls->method(args.method);
        if (m == nullptr) {
            return usage(fmt::format("{} has no method {}", cls->name, args.method));
        }
        for (const auto& a : args.arguments) {
            auto kv = split(a);
            if (!kv) {
                return usage(kv.error());
            }
            const cim::ParameterDef* param = nullptr;
            for (const auto& p : m->parameters) {
                if (cim::iequals(p.name, kv->first)) {
                    param = &p;
                }
            }
            auto v = param != nullptr ? typed(param->type, kv->second) : std::nullopt;
            if (!v) {
                return usage(fmt::format("bad argument '{}' for {}", a, m->name));
            }
            method_args.push_back({std::string(param->name), *v});
        }
    }
    std::vector<cim::Property> changes;
    for (const auto& c : args.changes) {
        auto kv = split(c);
        if (!kv) {
            return usage(kv.error());
        }
        const cim::PropertyDef* p = cls->property(kv->first);
        auto v = p != nullptr ? typed(p->type, kv->second) : std::nullopt;
        if (!v) {
            return usage(fmt::format("bad property value '{}' for {}", c, cls->name));
        }
        changes.push_back({std::string(p->name), *v});
    }

    auto opened = open_bmc(choice, args.system_name, args.sdr_cache_dir);
    if (!opened) {
        fmt::print(stderr, "bmcwsman: {}\n", opened.error());
        return exit_code::failure;
    }
    for (const auto& w : opened->warnings) {
        fmt::print(stderr, "bmcwsman: {}\n", w);
    }
    cim::DirectBmc bmc(*opened->client, std::move(opened->snapshot));
    cim::ModelProvider provider(bmc);
    const cim::Caller caller{"cli", cim::Role::admin}; // the local administrator

    std::vector<cim::Instance> out;
    std::optional<cim::MethodResult> result;
    std::error_code ec;
    if (!args.method.empty()) {
        auto r = provider.invoke(caller, cls->name, keys, args.method, method_args);
        r ? void(result = *r) : void(ec = r.error());
    } else if (!changes.empty()) {
        auto r = provider.put(caller, cls->name, keys, changes);
        r ? out.push_back(*r) : void(ec = r.error());
    } else if (!keys.empty()) {
        auto r = provider.get(caller, cls->name, keys);
        r ? out.push_back(*r) : void(ec = r.error());
    } else {
        auto r = provider.enumerate(caller, cls->name);
        r ? void(out = std::move(*r)) : void(ec = r.error());
    }
    if (ec) {
        fmt::print(stderr, "bmcwsman: {}: {}\n", cls->name, ec.message());
        return exit_code::failure;
    }
    if (result) {
        if (args.json) {
            fmt::print("{}\n", nlohmann::json{{"ReturnValue", result->return_value}}.dump());
        } else {
            fmt::print("{}: ReturnValue = {}\n", args.method, result->return_value);
        }
        return result->return_value == 0 ? exit_code::ok : exit_code::failure;
    }
    if (args.json) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& i : out) {
            a.push_back(to_json(i));
        }
        fmt::print("{}\n", a.dump(1));
    } else {
        for (const auto& i : out) {
            fmt::print("{}\n", cim::to_text(i));
        }
    }
    return exit_code::ok;
}

} // namespace agent
