// What the Redfish front end reads and calls: the published model (answers come from it
// alone, no BMC transaction per GET), the CIM provider for the few writes (Reset, ClearLog,
// the identify LED: the same role checks and IPMI commands as WS-Management's methods), the
// authenticator (users file, failure delays) and the session store.
#pragma once

#include "cim_mapping/provider.hpp"
#include "cim_mapping/snapshot.hpp"
#include "http_server/authenticator.hpp"
#include "redfish_front/json_body.hpp"
#include "redfish_front/sessions.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace redfish {

struct Service {
    std::function<std::shared_ptr<const cim::Snapshot>()> snapshot;
    cim::Provider* provider = nullptr;
    http::Authenticator* auth = nullptr;
    std::shared_ptr<SessionStore> sessions = std::make_shared<SessionStore>();
    BodyLimits body_limits;
    std::string product_version; // ServiceRoot.Product "bmcwsman <version>"
    // A session login's password over plain HTTP only where Basic is allowed there
    // (--allow-basic-over-http); over TLS always.
    bool password_over_http = false;
    // How a write that waits for the BMC runs: empty, on a thread of its own (the agent); the
    // fuzz target runs it inline.
    std::function<void(std::move_only_function<void()>)> run_write;
};

// The fixed parts of the tree (DSP0266 6.x URIs; the ids of the single system, chassis and
// manager).
namespace uri {
inline constexpr std::string_view root = "/redfish/v1/";
inline constexpr std::string_view systems = "/redfish/v1/Systems";
inline constexpr std::string_view system = "/redfish/v1/Systems/1";
inline constexpr std::string_view chassis_collection = "/redfish/v1/Chassis";
inline constexpr std::string_view chassis = "/redfish/v1/Chassis/1";
inline constexpr std::string_view managers = "/redfish/v1/Managers";
inline constexpr std::string_view manager = "/redfish/v1/Managers/bmc";
inline constexpr std::string_view session_service = "/redfish/v1/SessionService";
inline constexpr std::string_view sessions = "/redfish/v1/SessionService/Sessions";
inline constexpr std::string_view account_service = "/redfish/v1/AccountService";
inline constexpr std::string_view sel = "/redfish/v1/Systems/1/LogServices/SEL";
inline constexpr std::string_view sel_archive = "/redfish/v1/Systems/1/LogServices/SELArchive";
} // namespace uri

// One request's view of the service: the snapshot it answers from and who asks (null for
// the resources DSP0266 13.3.2 leaves open).
struct Context {
    const Service& service;
    const cim::Snapshot& snapshot;
    const cim::Caller* caller;
};

// A resource: the methods it answers and, for GET, its body (none for an action target).
struct Resource {
    std::vector<std::string> methods;
    std::optional<Json> body;
};

// The resource at the path segments after /redfish/v1 (nullopt: 404). Split by subtree.
[[nodiscard]] std::optional<Resource> find_resource(const Context& c, std::span<const std::string> segments);
[[nodiscard]] std::optional<Resource> find_service(const Context& c, std::span<const std::string> segments);
[[nodiscard]] std::optional<Resource> find_system(const Context& c, std::span<const std::string> segments);
[[nodiscard]] std::optional<Resource> find_chassis(const Context& c, std::span<const std::string> segments);
[[nodiscard]] std::optional<Resource> find_manager(const Context& c, std::span<const std::string> segments);
// Systems/1/LogServices/SELArchive and below (segments after "SELArchive"); nullopt when the
// agent keeps no archive.
[[nodiscard]] std::optional<Resource> find_sel_archive(const Context& c, std::span<const std::string> segments);

// Helpers every subtree uses.
[[nodiscard]] Json link(std::string_view uri);
[[nodiscard]] Json collection(std::string_view type, std::string_view odata_id, std::string_view name,
                              const std::vector<std::string>& members);
// A LogEntryCollection: its Members are OData.AutoExpand (the CSDL), so each entry in full.
[[nodiscard]] Json log_entry_collection(std::string_view odata_id, std::string_view name, std::vector<Json> entries);
[[nodiscard]] Json resource(std::string_view type, std::string_view odata_id, std::string_view id, std::string_view name);
[[nodiscard]] Resource get_only(Json body);
// The service's UUID (ServiceRoot.UUID): the system's SMBIOS UUID, else one derived from the
// system's name (stable across restarts).
[[nodiscard]] std::string service_uuid(const cim::Snapshot& s);
// Seconds since the epoch as Edm.DateTimeOffset ("2026-12-06T08:44:15Z").
[[nodiscard]] std::string iso8601(std::int64_t seconds);
// A CIM string property's text, "" when absent or null.
[[nodiscard]] std::string text_of(const cim::Instance& i, std::string_view name);
// Resource.Health from CIM HealthState (5 OK, 10/15 Warning, 20 and up Critical); "" unknown.
[[nodiscard]] std::string_view health_of_state(std::uint16_t health_state);

} // namespace redfish
