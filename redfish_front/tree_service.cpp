// The service root (DSP0266 6.4), the OData service document, SessionService with its
// sessions and AccountService reflecting the users file (read-only).
#include "redfish_front/service.hpp"

#include "http_server/users.hpp"
#include "redfish_front/metadata.hpp"

#include <fmt/format.h>

namespace redfish {
namespace {

// Redfish's predefined roles (DSP0266 13.4.2 "Roles") for the users file's three.
std::string_view role_id(cim::Role r) {
    switch (r) {
    case cim::Role::reader: return "ReadOnly";
    case cim::Role::operator_role: return "Operator";
    case cim::Role::admin: return "Administrator";
    }
    return "ReadOnly";
}

bool admin(const Context& c) {
    return c.caller != nullptr && c.caller->role == cim::Role::admin;
}

Json service_root(const Context& c) {
    Json j = resource("#ServiceRoot.v1_20_0.ServiceRoot", uri::root, "RootService", "Root Service");
    j["RedfishVersion"] = "1.17.0";
    j["UUID"] = service_uuid(c.snapshot);
    j["Product"] = c.service.product_version.empty() ? std::string("bmcwsman")
                                                     : "bmcwsman " + c.service.product_version;
    j["ProtocolFeaturesSupported"] = {
        {"ExpandQuery", {{"ExpandAll", false}, {"Levels", false}, {"Links", false}, {"NoLinks", false}}},
        {"SelectQuery", false},
        {"FilterQuery", false},
        {"OnlyMemberQuery", false},
        {"ExcerptQuery", false}};
    j["Systems"] = link(uri::systems);
    j["Chassis"] = link(uri::chassis_collection);
    j["Managers"] = link(uri::managers);
    j["SessionService"] = link(uri::session_service);
    j["AccountService"] = link(uri::account_service);
    j["JsonSchemas"] = link("/redfish/v1/JsonSchemas");
    j["Registries"] = link("/redfish/v1/Registries");
    j["Links"] = {{"Sessions", link(uri::sessions)}};
    return j;
}

Json odata_document() {
    Json value = Json::array();
    for (const auto& [name, url] : {std::pair{"Systems", uri::systems}, {"Chassis", uri::chassis_collection},
                                    {"Managers", uri::managers}, {"SessionService", uri::session_service},
                                    {"AccountService", uri::account_service}}) {
        value.push_back({{"name", name}, {"kind", "Singleton"}, {"url", url}});
    }
    return Json{{"@odata.context", "/redfish/v1/$metadata"}, {"value", std::move(value)}};
}

Json session_json(const Session& s) {
    Json j = resource("#Session.v1_8_0.Session", fmt::format("{}/{}", uri::sessions, s.id), s.id, "User Session");
    j["UserName"] = s.user;
    j["CreatedTime"] = iso8601(std::chrono::system_clock::to_time_t(s.created));
    return j;
}

std::optional<Resource> find_sessions(const Context& c, std::span<const std::string> seg) {
    auto& store = *c.service.sessions;
    if (seg.empty()) {
        Json j = resource("#SessionService.v1_2_0.SessionService", uri::session_service, "SessionService",
                          "Session Service");
        j["ServiceEnabled"] = true;
        j["SessionTimeout"] = store.timeout().count();
        j["Sessions"] = link(uri::sessions);
        return Resource{{"GET", "PATCH"}, std::move(j)};
    }
    if (seg[0] != "Sessions" || seg.size() > 2) {
        return std::nullopt;
    }
    if (seg.size() == 1) {
        std::vector<std::string> members;
        for (const auto& s : store.list()) {
            if (admin(c) || (c.caller != nullptr && s.user == c.caller->user)) {
                members.push_back(fmt::format("{}/{}", uri::sessions, s.id));
            }
        }
        return Resource{{"GET", "POST"}, collection("SessionCollection", uri::sessions, "Session Collection", members)};
    }
    const auto s = store.by_id(seg[1]);
    if (!s || !(admin(c) || (c.caller != nullptr && s->user == c.caller->user))) {
        return std::nullopt; // another user's session is not shown to a non-admin
    }
    return Resource{{"GET", "DELETE"}, session_json(*s)};
}

// A users-file name as a URI segment when it is one already; else its position.
std::string account_id(const http::User& u, std::size_t index) {
    const bool plain = !u.name.empty() && u.name.size() <= 64 && u.name != "." && u.name != ".." &&
                       u.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
                           std::string::npos;
    return plain ? u.name : fmt::format("user{}", index + 1);
}

std::optional<Resource> find_accounts(const Context& c, std::span<const std::string> seg) {
    constexpr std::string_view accounts = "/redfish/v1/AccountService/Accounts";
    constexpr std::string_view roles = "/redfish/v1/AccountService/Roles";
    if (seg.empty()) {
        Json j = resource("#AccountService.v1_18_1.AccountService", uri::account_service, "AccountService",
                          "Account Service");
        j["Description"] = "The users file, read-only here (bmcwsman hash-password writes its lines)";
        j["ServiceEnabled"] = true;
        j["Accounts"] = link(accounts);
        j["Roles"] = link(roles);
        return get_only(std::move(j));
    }
    if (seg[0] == "Roles" && seg.size() <= 2) {
        constexpr std::array all{cim::Role::reader, cim::Role::operator_role, cim::Role::admin};
        if (seg.size() == 1) {
            std::vector<std::string> members;
            for (auto r : all) {
                members.push_back(fmt::format("{}/{}", roles, role_id(r)));
            }
            return get_only(collection("RoleCollection", roles, "Roles Collection", members));
        }
        for (auto r : all) {
            if (seg[1] == role_id(r)) {
                Json j = resource("#Role.v1_3_3.Role", fmt::format("{}/{}", roles, role_id(r)), role_id(r),
                                  fmt::format("{} Role", role_id(r)));
                j["RoleId"] = role_id(r);
                j["IsPredefined"] = true;
                Json privileges = Json::array({"Login"});
                if (r != cim::Role::reader) {
                    privileges.push_back("ConfigureComponents");
                    privileges.push_back("ConfigureSelf");
                }
                if (r == cim::Role::admin) {
                    privileges.push_back("ConfigureManager");
                    privileges.push_back("ConfigureUsers");
                }
                j["AssignedPrivileges"] = std::move(privileges);
                return get_only(std::move(j));
            }
        }
        return std::nullopt;
    }
    if (seg[0] != "Accounts" || seg.size() > 2 || c.caller == nullptr) {
        return std::nullopt;
    }
    const auto users = c.service.auth->users();
    std::vector<std::string> members;
    for (std::size_t i = 0; i < users->all().size(); ++i) {
        const auto& u = users->all()[i];
        const auto id = account_id(u, i);
        const bool visible = admin(c) || u.name == c.caller->user; // ConfigureUsers, or ConfigureSelf
        if (seg.size() == 1) {
            if (visible) {
                members.push_back(fmt::format("{}/{}", accounts, id));
            }
            continue;
        }
        if (id == seg[1] && visible) {
            Json j = resource("#ManagerAccount.v1_14_1.ManagerAccount", fmt::format("{}/{}", accounts, id), id,
                              "User Account");
            j["UserName"] = u.name;
            j["RoleId"] = role_id(u.role);
            j["Enabled"] = true;
            j["Locked"] = false;
            j["Password"] = nullptr;
            j["AccountTypes"] = Json::array({"Redfish"});
            j["Links"] = {{"Role", link(fmt::format("{}/{}", roles, role_id(u.role)))}};
            return get_only(std::move(j));
        }
    }
    if (seg.size() == 1) {
        return get_only(collection("ManagerAccountCollection", accounts, "Accounts Collection", members));
    }
    return std::nullopt;
}

// JsonSchemas (DSP0266 8.5): where each schema the service uses is published (DMTF's site;
// the service stores no copies), and Registries: the Base registry its messages come from.
std::optional<Resource> find_schemas(std::span<const std::string> seg) {
    constexpr std::string_view self = "/redfish/v1/JsonSchemas";
    std::vector<std::string> members;
    for (const auto& s : served_schemas()) {
        const auto uri = fmt::format("{}/{}", self, s.file);
        members.push_back(uri);
        if (seg.size() == 1 && seg[0] == s.file) {
            Json j = resource("#JsonSchemaFile.v1_1_5.JsonSchemaFile", uri, s.file, fmt::format("{} Schema File", s.file));
            j["Languages"] = Json::array({"en"});
            const auto type = s.version.empty() ? fmt::format("#{0}.{0}", s.file)
                                                : fmt::format("#{0}.{1}.{0}", s.file, s.version);
            j["Schema"] = type;
            const auto file = s.version.empty() ? fmt::format("{}.json", s.file)
                                                : fmt::format("{}.{}.json", s.file, s.version);
            j["Location"] = Json::array(
                {{{"Language", "en"}, {"PublicationUri", fmt::format("http://redfish.dmtf.org/schemas/v1/{}", file)}}});
            return get_only(std::move(j));
        }
    }
    if (!seg.empty()) {
        return std::nullopt;
    }
    return get_only(collection("JsonSchemaFileCollection", self, "JSON Schema File Collection", members));
}

std::optional<Resource> find_registries(std::span<const std::string> seg) {
    constexpr std::string_view self = "/redfish/v1/Registries";
    const auto base = fmt::format("{}/Base", self);
    if (seg.empty()) {
        return get_only(collection("MessageRegistryFileCollection", self, "Registry File Collection", {base}));
    }
    if (seg.size() != 1 || seg[0] != "Base") {
        return std::nullopt;
    }
    Json j = resource("#MessageRegistryFile.v1_1_5.MessageRegistryFile", base, "Base", "Base Message Registry File");
    j["Languages"] = Json::array({"en"});
    j["Registry"] = base_registry;
    j["Location"] = Json::array(
        {{{"Language", "en"}, {"PublicationUri", "http://redfish.dmtf.org/registries/Base.1.22.1.json"}}});
    return get_only(std::move(j));
}

} // namespace

std::optional<Resource> find_service(const Context& c, std::span<const std::string> seg) {
    if (seg.empty()) {
        return get_only(service_root(c));
    }
    if (seg[0] == "odata" && seg.size() == 1) {
        return get_only(odata_document());
    }
    if (seg[0] == "SessionService") {
        return find_sessions(c, seg.subspan(1));
    }
    if (seg[0] == "AccountService") {
        return find_accounts(c, seg.subspan(1));
    }
    if (seg[0] == "JsonSchemas") {
        return find_schemas(seg.subspan(1));
    }
    if (seg[0] == "Registries") {
        return find_registries(seg.subspan(1));
    }
    return std::nullopt;
}

} // namespace redfish
