// libFuzzer target: WQL text through the parser (length and depth bounds) and, when it
// parses, the evaluator and projection on an instance with every kind of property.
#include "cim_mapping/filter.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const cim::Instance instance = [] {
        cim::Instance i;
        i.class_name = "CIM_NumericSensor";
        i.set("DeviceID", cim::Value::string("1.0.32"));
        i.set("ElementName", cim::Value::string("CPU1 Temp"));
        i.set("CurrentReading", cim::Value::sint32(-5));
        i.set("IsLinear", cim::Value::boolean(true));
        i.set("Nothing", cim::Value::null(cim::Type::uint16));
        i.set("Values", cim::Value::uint16_array({1, 2}));
        return i;
    }();
    auto q = cim::parse_wql(std::string_view(reinterpret_cast<const char*>(data), size));
    if (q) {
        (void)cim::matches(*q, instance);
        (void)cim::project(*q, instance);
    }
    (void)cim::selector_match(instance, {{"DeviceID", std::string(reinterpret_cast<const char*>(data), size)}});
    return 0;
}
