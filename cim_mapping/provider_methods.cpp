// Methods and Put: each becomes one IPMI command (or a reserve + command), then the model
// is refreshed so the next read shows the change.
#include "cim_mapping/provider_methods.hpp"

#include "cim_mapping/errc.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/sensor_mapping.hpp"
#include "ipmi/commands/chassis.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/completion_code.hpp"
#include "ipmi/errc.hpp"
#include "ipmi/sdr/conversion.hpp"

#include <charconv>
#include <cmath>

namespace cim {
namespace {

using Action = ipmi::cmd::ChassisControl::Action;

// An integer argument, whatever integer type the front end decoded it as.
std::optional<std::int64_t> integer_arg(const std::vector<Property>& args, std::string_view name) {
    for (const auto& a : args) {
        if (iequals(a.name, name) && !a.value.is_null() && !a.value.is_array()) {
            const std::string text = lexical(a.value.scalar());
            std::int64_t v = 0;
            const auto* end = text.data() + text.size();
            if (auto [p, ec] = std::from_chars(text.data(), end, v); ec == std::errc{} && p == end) {
                return v;
            }
        }
    }
    return std::nullopt;
}

MethodResult result(std::uint32_t rv) {
    MethodResult r;
    r.return_value = rv;
    return r;
}

// One command's outcome: completed (and the model refreshed), failed (the BMC refused:
// ReturnValue 4), or an error when the BMC could not be reached.
template <typename C>
std::expected<MethodResult, std::error_code> send(BmcAccess& bmc, const C& command,
                                                  bool thresholds_changed = false) {
    auto r = bmc.client().call(command);
    if (!r) {
        if (r.error().category() == ipmi::completion_category()) {
            return result(return_value::failed);
        }
        return std::unexpected(make_error_code(Errc::bmc_unavailable));
    }
    bmc.refresh(thresholds_changed);
    return result(return_value::completed);
}

std::expected<MethodResult, std::error_code> chassis(BmcAccess& bmc, Action action) {
    return send(bmc, ipmi::cmd::ChassisControl{action});
}

std::string text_of(const Instance& i, std::string_view name) {
    const Value* v = i.find(name);
    return v == nullptr || v->is_null() ? std::string() : lexical(v->scalar());
}

bool is_host(const Snapshot& s, const Instance& i) {
    return i.class_name == "CIM_ComputerSystem" && text_of(i, "Name") == s.system.name;
}

// The sensor an instance maps, by DeviceID.
const ipmi::sdr::Sensor* sensor_of(const Snapshot& s, const Instance& i) {
    const auto id = text_of(i, "DeviceID");
    for (const auto& sensor : s.sensors) {
        if (device_id(sensor) == id) {
            return &sensor;
        }
    }
    return nullptr;
}

// DSP1027 PowerState to Chassis Control (IPMI 2.0 Table 28-4).
std::optional<Action> power_action(std::int64_t state) {
    switch (state) {
    case 2: return Action::power_up;             // On
    case 5: return Action::power_cycle;          // Power Cycle (Off - Soft)
    case 8: return Action::power_down;           // Off - Soft
    case 10: return Action::hard_reset;          // Master Bus Reset
    case 11: return Action::diagnostic_interrupt; // Diagnostic Interrupt (NMI)
    case 12: return Action::soft_shutdown;        // Off - Soft Graceful
    default: return std::nullopt;
    }
}

std::expected<MethodResult, std::error_code> restore_thresholds(BmcAccess& bmc, const Snapshot& s,
                                                                const Instance& target) {
    const auto* sensor = sensor_of(s, target);
    if (sensor == nullptr || !sensor->full) {
        return result(return_value::failed);
    }
    ipmi::cmd::SetSensorThresholds set;
    set.sensor_number = sensor->number;
    for (unsigned t = 0; t < 6; ++t) {
        const auto th = static_cast<ipmi::sdr::Threshold>(t);
        if (sensor->masks.settable(th)) {
            set.set_mask = static_cast<std::uint8_t>(set.set_mask | (1U << t));
            set.raw[t] = sensor->full->threshold(th); // the SDR holds the defaults
        }
    }
    if (set.set_mask == 0) {
        return result(return_value::not_supported);
    }
    return send(bmc, set, true);
}

// The uint8[] argument `name`, or nullopt.
std::optional<std::vector<std::uint8_t>> bytes_arg(const std::vector<Property>& args,
                                                   std::string_view name) {
    for (const auto& a : args) {
        if (!iequals(a.name, name) || a.value.is_null()) {
            continue;
        }
        std::vector<std::uint8_t> out;
        for (const auto& item : a.value.items()) {
            const auto* b = std::get_if<std::uint8_t>(&item);
            if (b == nullptr) {
                return std::nullopt;
            }
            out.push_back(*b);
        }
        return out;
    }
    return std::vector<std::uint8_t>{};
}

// Microsoft_IPMI.RequestResponse: one IPMI request to the BMC (no bridging), the completion
// code and response data as output parameters.
std::expected<MethodResult, std::error_code> raw_request(BmcAccess& bmc,
                                                         const std::vector<Property>& args) {
    const auto cmd = integer_arg(args, "Command");
    const auto lun = integer_arg(args, "Lun").value_or(0);
    const auto netfn = integer_arg(args, "NetworkFunction");
    const auto responder = integer_arg(args, "ResponderAddress").value_or(0x20);
    const auto data = bytes_arg(args, "RequestData");
    const auto size = integer_arg(args, "RequestDataSize");
    // IPMI 2.0 Table 5-1: requests use even network functions; 6 bits; LUN 0-3.
    if (!cmd || *cmd < 0 || *cmd > 0xff || !netfn || *netfn < 0 || *netfn > 0x3e ||
        (*netfn & 1) != 0 || lun < 0 || lun > 3 || responder != 0x20 || !data ||
        (size && static_cast<std::size_t>(*size) != data->size()) || data->size() > 255) {
        return result(return_value::invalid_parameter);
    }
    auto r = bmc.client().send(ipmi::Request{static_cast<std::uint8_t>(*netfn),
                                             static_cast<std::uint8_t>(lun),
                                             static_cast<std::uint8_t>(*cmd), *data});
    if (!r) {
        return std::unexpected(make_error_code(Errc::bmc_unavailable));
    }
    MethodResult out = result(return_value::completed);
    out.out.push_back({"CompletionCode", Value::uint8(static_cast<std::uint8_t>(r->cc))});
    out.out.push_back({"ResponseData", Value::array(Type::uint8, std::vector<Scalar>(r->data.begin(), r->data.end()))});
    out.out.push_back({"ResponseDataSize", Value::uint32(static_cast<std::uint32_t>(r->data.size()))});
    bmc.refresh(false); // a raw command may have changed anything
    return out;
}

} // namespace

std::expected<MethodResult, std::error_code> run_method(BmcAccess& bmc, const Instance& target,
                                                        std::string_view method,
                                                        const std::vector<Property>& arguments) {
    const auto shared = bmc.snapshot();
    const Snapshot& s = *shared;
    const auto& cls = target.class_name;
    if (cls == "CIM_PowerManagementService" && iequals(method, "RequestPowerStateChange")) {
        const auto state = integer_arg(arguments, "PowerState");
        const auto action = state ? power_action(*state) : std::nullopt;
        if (!action) {
            return result(return_value::invalid_parameter);
        }
        return chassis(bmc, *action);
    }
    if (cls == "CIM_ComputerSystem" && iequals(method, "RequestStateChange")) {
        if (!is_host(s, target)) {
            return result(return_value::not_supported); // the BMC's own state is not ours
        }
        const auto state = integer_arg(arguments, "RequestedState");
        if (!state) {
            return result(return_value::invalid_parameter);
        }
        switch (*state) {
        case 2: return chassis(bmc, Action::power_up);      // Enabled
        case 3: return chassis(bmc, Action::power_down);    // Disabled
        case 4: return chassis(bmc, Action::soft_shutdown); // Shut Down
        case 10: return chassis(bmc, Action::power_cycle);  // Reboot
        case 11: return chassis(bmc, Action::hard_reset);   // Reset
        default: return result(*state >= 0 && *state <= 11 ? return_value::not_supported
                                                             : return_value::invalid_parameter);
        }
    }
    if (cls == "CIM_ComputerSystem" && iequals(method, "SetPowerState")) {
        if (!is_host(s, target)) {
            return result(return_value::not_supported);
        }
        switch (integer_arg(arguments, "PowerState").value_or(0)) {
        case 1: return chassis(bmc, Action::power_up);      // Full Power
        case 5: return chassis(bmc, Action::power_cycle);   // Power Cycle
        case 6: return chassis(bmc, Action::power_down);    // Power Off
        case 8: return chassis(bmc, Action::soft_shutdown); // Soft Off
        default: return result(return_value::invalid_parameter);
        }
    }
    if (cls == "CIM_RecordLog" && iequals(method, "ClearLog")) {
        if (const Value* id = target.find("InstanceID");
            id != nullptr && !id->is_null() && lexical(id->scalar()) == archive_log_instance_id) {
            return result(return_value::not_supported); // the archive is never cleared over WS-Man
        }
        const auto ec = bmc.clear_sel(std::chrono::seconds(10));
        if (ec) {
            if (ec.category() == ipmi::completion_category() ||
                ec == ipmi::Errc::sel_clear_timeout) {
                return result(return_value::failed);
            }
            return std::unexpected(make_error_code(Errc::bmc_unavailable));
        }
        bmc.refresh(false);
        return result(return_value::completed);
    }
    if (cls == "CIM_NumericSensor" && iequals(method, "RestoreDefaultThresholds")) {
        return restore_thresholds(bmc, s, target);
    }
    if (cls == "Microsoft_IPMI" && iequals(method, "RequestResponse")) {
        return raw_request(bmc, arguments);
    }
    // RequestStateChange on sensors, logs and LEDs: enabling/disabling them is not offered.
    return result(return_value::not_supported);
}

std::error_code apply_put(BmcAccess& bmc, const Instance& target, const std::vector<Property>& changes) {
    const auto shared = bmc.snapshot();
    const Snapshot& s = *shared;
    for (const auto& change : changes) {
        const Value* current = target.find(change.name);
        if (current != nullptr && *current == change.value) {
            continue;
        }
        const std::vector<Property> one{change};
        if (target.class_name == "CIM_NumericSensor" &&
            (iequals(change.name, "LowerThresholdNonCritical") ||
             iequals(change.name, "UpperThresholdNonCritical"))) {
            const auto* sensor = sensor_of(s, target);
            const auto scaled_value = integer_arg(one, change.name);
            if (sensor == nullptr || !sensor->full || !scaled_value) {
                return make_error_code(Errc::invalid_parameter);
            }
            const auto th = iequals(change.name, "LowerThresholdNonCritical")
                                ? ipmi::sdr::Threshold::lower_non_critical
                                : ipmi::sdr::Threshold::upper_non_critical;
            if (!sensor->masks.settable(th)) {
                return make_error_code(Errc::not_writable);
            }
            // CIM's value is scaled by 10^UnitModifier (reading_exponent in the SDR's unit).
            const double value = static_cast<double>(*scaled_value) *
                                 std::pow(10.0, static_cast<double>(reading_exponent(*sensor)));
            auto raw = ipmi::sdr::to_raw(value, ipmi::sdr::Conversion::from_record(*sensor->full));
            if (!raw) {
                return make_error_code(Errc::invalid_parameter);
            }
            ipmi::cmd::SetSensorThresholds set;
            set.sensor_number = sensor->number;
            set.set_mask = static_cast<std::uint8_t>(1U << static_cast<unsigned>(th));
            set.raw[static_cast<std::size_t>(th)] = *raw;
            auto r = send(bmc, set, true);
            if (!r) {
                return r.error();
            }
            if (r->return_value != return_value::completed) {
                return make_error_code(Errc::invalid_parameter); // the BMC refused the value
            }
            continue;
        }
        if (target.class_name == "CIM_IndicatorLED" && iequals(change.name, "ActivationState")) {
            ipmi::cmd::ChassisIdentify identify;
            switch (integer_arg(one, change.name).value_or(0)) {
            case 2: // Lit: on until turned off
                identify.interval_seconds = 0;
                identify.force_on = true;
                break;
            case 3: // Blinking: the BMC's default timed identify (15 s)
                break;
            case 4: // Off
                identify.interval_seconds = 0;
                break;
            default:
                return make_error_code(Errc::invalid_parameter);
            }
            auto r = send(bmc, identify);
            if (!r) {
                return r.error();
            }
            if (r->return_value != return_value::completed) {
                return make_error_code(Errc::invalid_parameter);
            }
            continue;
        }
        return make_error_code(Errc::not_writable);
    }
    return {};
}

} // namespace cim
