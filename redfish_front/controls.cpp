// The identify LED's state for LocationIndicatorActive (see controls.hpp).
#include "redfish_front/controls.hpp"

#include "cim_mapping/model_mapping.hpp"

namespace redfish {

std::optional<bool> location_indicator(const cim::Snapshot& s) {
    const auto led = cim::identify_led(s);
    const auto* v = led.find("ActivationState");
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    switch (std::get<std::uint16_t>(v->scalar())) {
    case 2: // Lit
    case 3: // Blinking
        return true;
    case 4: // Off
        return false;
    default:
        return std::nullopt;
    }
}

} // namespace redfish
