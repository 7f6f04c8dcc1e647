// Reset, ClearLog, LocationIndicatorActive, SessionTimeout, login and logout (see writes.hpp).
#include "redfish_front/writes.hpp"

#include "cim_mapping/errc.hpp"
#include "cim_mapping/model_mapping.hpp"
#include "cim_mapping/provider_methods.hpp"
#include "redfish_front/controls.hpp"

#include <array>
#include <fmt/format.h>
#include <openssl/evp.h>

namespace redfish {
namespace {

bool at_least(const Context& c, cim::Role r) {
    return c.caller != nullptr && static_cast<int>(c.caller->role) >= static_cast<int>(r);
}

Answer refused(const Refusal& r) {
    auto a = refusal_answer(r);
    return Answer{a.status, std::move(a.body), {}};
}

Answer success() {
    return Answer{200, Json{{"@Message.ExtendedInfo", Json::array({base_message("Success")})}}, {}};
}

// A provider error as the Redfish answer.
Answer provider_error(std::error_code e) {
    if (e == cim::Errc::access_denied) {
        return error_answer(403, "InsufficientPrivilege");
    }
    if (e == cim::Errc::bmc_unavailable || e == cim::Errc::timed_out) {
        return error_answer(503, "ServiceTemporarilyUnavailable", {"30"});
    }
    if (e == cim::Errc::invalid_parameter) {
        return error_answer(400, "GeneralError");
    }
    return error_answer(500, "InternalError");
}

// A method's ReturnValue: 0 done, anything else the BMC refused (IPMI completion code).
Answer method_answer(const std::expected<cim::MethodResult, std::error_code>& r) {
    if (!r) {
        return provider_error(r.error());
    }
    if (r->return_value != cim::return_value::completed) {
        return error_answer(400, "GeneralError");
    }
    return success();
}

cim::Selectors keys_of(const cim::Instance& i) {
    return cim::reference_to(i).keys;
}

Answer reset(const Context& c, const Json& body) {
    if (!at_least(c, cim::Role::operator_role)) {
        return error_answer(403, "InsufficientPrivilege");
    }
    std::vector<std::string_view> names;
    for (const auto& r : reset_types) {
        names.push_back(r.name);
    }
    const std::array fields{Field{"ResetType", Kind::string, names, true}};
    if (auto bad = check_fields(body, fields, "ComputerSystem.Reset")) {
        return refused(*bad);
    }
    const auto wanted = body["ResetType"].get<std::string>();
    for (const auto& r : reset_types) {
        if (r.name == wanted) {
            const auto service = cim::power_management_service(c.snapshot);
            return method_answer(c.service.provider->invoke(*c.caller, service.class_name, keys_of(service),
                                                            "RequestPowerStateChange",
                                                            {{"PowerState", cim::Value::uint16(r.power_state)}}));
        }
    }
    return error_answer(500, "InternalError");
}

Answer clear_log(const Context& c, const Json& body) {
    if (!at_least(c, cim::Role::admin)) { // ConfigureManager
        return error_answer(403, "InsufficientPrivilege");
    }
    if (auto bad = check_fields(body, {}, "LogService.ClearLog")) {
        return refused(*bad);
    }
    const auto log = cim::record_log(c.snapshot);
    return method_answer(c.service.provider->invoke(*c.caller, log.class_name, keys_of(log), "ClearLog", {}));
}

Answer patch_indicator(const Context& c, const Json& body, const Json& current) {
    if (!at_least(c, cim::Role::operator_role)) {
        return error_answer(403, "InsufficientPrivilege");
    }
    const std::array fields{Field{"LocationIndicatorActive", Kind::boolean}};
    if (auto bad = check_fields(body, fields, {}, &current)) {
        return refused(*bad);
    }
    const auto led = cim::identify_led(c.snapshot);
    const bool on = body["LocationIndicatorActive"].get<bool>();
    auto r = c.service.provider->put(*c.caller, led.class_name, keys_of(led),
                                     {{"ActivationState", cim::Value::uint16(on ? 2 : 4)}}); // DSP1074 Lit / Off
    if (!r) {
        return provider_error(r.error());
    }
    return Answer{204, nullptr, {}};
}

Answer patch_session_service(const Context& c, const Json& body, const Json& current) {
    if (!at_least(c, cim::Role::admin)) {
        return error_answer(403, "InsufficientPrivilege");
    }
    const std::array fields{Field{"SessionTimeout", Kind::integer}};
    if (auto bad = check_fields(body, fields, {}, &current)) {
        return refused(*bad);
    }
    const auto t = body["SessionTimeout"].get<std::int64_t>();
    if (t < 30 || t > 86400) { // SessionService.v1 SessionTimeout: minimum 30, maximum 86400
        return error_answer(400, "PropertyValueNotInList", {std::to_string(t), "SessionTimeout"});
    }
    c.service.sessions->set_timeout(std::chrono::seconds(t));
    return Answer{204, nullptr, {}};
}

std::string base64(std::string_view text) {
    std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

} // namespace

Answer error_answer(int status, std::string_view message_id, const std::vector<std::string>& args) {
    return Answer{status, error_body(message_id, args), {}};
}

bool needs_bmc(std::string_view method, std::span<const std::string> seg) {
    if (method == "POST") {
        return !seg.empty() && seg.back().find('.') != std::string::npos && seg.size() >= 2 && seg[seg.size() - 2] == "Actions";
    }
    return method == "PATCH" && seg.size() == 2 && (seg[0] == "Systems" || seg[0] == "Chassis");
}

Answer post_action(const Context& c, std::span<const std::string> seg, const Json& body) {
    if (seg.size() == 4 && seg[0] == "Systems" && seg[3] == "ComputerSystem.Reset") {
        return reset(c, body);
    }
    if (seg.size() == 6 && seg[0] == "Systems" && seg[5] == "LogService.ClearLog") {
        return clear_log(c, body);
    }
    return error_answer(405, "OperationNotAllowed");
}

Answer patch(const Context& c, std::span<const std::string> seg, const Json& body, const Json& current) {
    if (seg.size() == 2 && (seg[0] == "Systems" || seg[0] == "Chassis")) {
        return patch_indicator(c, body, current);
    }
    if (seg.size() == 1 && seg[0] == "SessionService") {
        return patch_session_service(c, body, current);
    }
    return error_answer(405, "OperationNotAllowed");
}

Answer delete_resource(const Context& c, std::span<const std::string> seg) {
    if (seg.size() != 3 || seg[1] != "Sessions" || c.caller == nullptr) {
        return error_answer(405, "OperationNotAllowed");
    }
    const auto s = c.service.sessions->by_id(seg[2]);
    if (!s || !(c.caller->role == cim::Role::admin || s->user == c.caller->user)) {
        return error_answer(404, "ResourceNotFound", {"Session", seg[2]});
    }
    c.service.sessions->remove(seg[2]);
    return Answer{204, nullptr, {}};
}

Login login(const Service& service, const Json& body, const std::string& peer, bool tls) {
    const std::array fields{Field{"UserName", Kind::string, {}, true}, Field{"Password", Kind::string, {}, true}};
    if (auto bad = check_fields(body, fields, "")) {
        // An action name is not involved: a create's body is refused as a resource's.
        return Login{refused(*bad), {}};
    }
    const auto user = body["UserName"].get<std::string>();
    const auto credentials = base64(user + ":" + body["Password"].get<std::string>());
    const std::string authorization = "Basic " + credentials;
    http::AuthRequest ar;
    ar.authorization = authorization;
    ar.method = "POST";
    ar.uri = uri::sessions;
    ar.basic_allowed = tls || service.password_over_http; // as Basic on this listener
    ar.peer = peer;
    auto who = service.auth->authenticate(ar);
    if (!who.caller) {
        Answer a = error_answer(401, "ResourceAtUriUnauthorized", {std::string(uri::sessions), "Unauthorized"});
        return Login{std::move(a), who.delay};
    }
    auto created = service.sessions->create(who.caller->user, who.caller->role);
    if (!created) {
        return Login{error_answer(503, "SessionLimitExceeded"), {}};
    }
    const auto location = fmt::format("{}/{}", uri::sessions, created->session.id);
    Json j = resource("#Session.v1_8_0.Session", location, created->session.id, "User Session");
    j["UserName"] = created->session.user;
    Answer a{201, std::move(j), {{"X-Auth-Token", created->token}, {"Location", location}}};
    return Login{std::move(a), {}};
}

} // namespace redfish
