// Answers of the eventing handlers: an envelope relating to the request, or a fault.
#pragma once

#include "wsman_front/dispatcher.hpp"
#include "wsman_front/request.hpp"
#include "wsman_front/xml_writer.hpp"

#include <string>
#include <string_view>

namespace eventing {

inline wsman::Reply answer(const wsman::Request& r, std::string_view action, std::string_view body,
                           std::string_view extra_headers = {}) {
    return {200, wsman::envelope({std::string(action), r.message_id}, body, extra_headers)};
}

inline wsman::Reply fault_answer(const wsman::Request& r, const wsman::Fault& f) {
    return {500, wsman::fault_envelope(f, r.message_id)};
}

} // namespace eventing
