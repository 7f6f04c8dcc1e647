// The Redfish front end on values: bounded bodies and their property checks, Base messages,
// paths (traversal), open requests, sessions (expiry, bound, logout), SEL names, $metadata.
#include "redfish_front/json_body.hpp"
#include "redfish_front/messages.hpp"
#include "redfish_front/metadata.hpp"
#include "redfish_front/redfish_route.hpp"
#include "redfish_front/sel_entry.hpp"
#include "redfish_front/service.hpp"
#include "redfish_front/sessions.hpp"

#include <array>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace redfish {
namespace {

TEST(JsonBody, DepthIsCountedOutsideStrings) {
    EXPECT_EQ(nesting_depth(R"({"a": [1, {"b": "[[[[{{{"}]})", 100), 3U);
    EXPECT_EQ(nesting_depth(R"({"a": "\"[[["})", 100), 1U);
    EXPECT_EQ(nesting_depth(std::string(100000, '['), 8), 9U); // stops past the limit
}

TEST(JsonBody, RefusesLargeDeepAndMalformedBodies) {
    const BodyLimits limits{64, 4};
    EXPECT_EQ(parse_body(std::string(65, ' '), limits).error(), Errc::body_too_large);
    EXPECT_EQ(parse_body("[[[[[1]]]]]", limits).error(), Errc::body_too_deep);
    EXPECT_EQ(parse_body("{\"a\":", limits).error(), Errc::malformed_json);
    EXPECT_EQ(parse_body("[1]", limits).error(), Errc::malformed_json);
    EXPECT_EQ(parse_body("\xff", limits).error(), Errc::malformed_json);
    ASSERT_TRUE(parse_body(R"({"ResetType": "On"})", limits));
}

TEST(JsonBody, ChecksFieldsInOrder) {
    const std::array fields{Field{"ResetType", Kind::string, {"On", "ForceOff"}, true}};
    const auto check = [&](std::string_view text, std::string_view action = "ComputerSystem.Reset") {
        return check_fields(Json::parse(text), fields, action);
    };
    EXPECT_FALSE(check(R"({"ResetType": "On"})"));
    EXPECT_EQ(check(R"({"ResetType": "Off"})")->code, Errc::not_in_list);
    EXPECT_EQ(check(R"({"ResetType": 3})")->code, Errc::wrong_type);
    EXPECT_EQ(check(R"({"ResetType": "On", "X": 1})")->code, Errc::unknown_property);
    EXPECT_EQ(check(R"({})")->code, Errc::missing_property);
    const Json current{{"Id", "1"}};
    const auto ro = check_fields(Json{{"Id", "2"}}, fields, "", &current);
    EXPECT_EQ(ro->code, Errc::not_writable);
    const std::array optional{Field{"LocationIndicatorActive", Kind::boolean}};
    EXPECT_EQ(check_fields(Json::object(), optional, "")->code, Errc::empty_patch);
}

TEST(Messages, RefusalsCarryBaseMessages) {
    const auto a = refusal_answer(Refusal{make_error_code(Errc::not_in_list), "ResetType", "Off", "ComputerSystem.Reset"});
    EXPECT_EQ(a.status, 400);
    const auto& info = a.body["error"]["@Message.ExtendedInfo"][0];
    EXPECT_EQ(info["MessageId"], "Base.1.22.ActionParameterValueNotInList");
    EXPECT_EQ(info["Message"], "The value 'Off' for the parameter ResetType in the action ComputerSystem.Reset is not in "
                               "the list of acceptable values.");
    EXPECT_EQ(refusal_answer(Refusal{make_error_code(Errc::body_too_large), {}, {}, {}}).status, 413);
    EXPECT_EQ(error_body("NoSuchMessage")["error"]["code"], "Base.1.22.GeneralError");
    // Every message the front end names is in the table (not GeneralError).
    for (const char* id : {"Success", "Created", "InternalError", "ResourceNotFound", "OperationNotAllowed",
                           "MalformedJSON", "PayloadTooLarge", "PropertyUnknown", "PropertyValueTypeError",
                           "PropertyValueNotInList", "PropertyMissing", "PropertyNotWritable", "NoOperation",
                           "ActionParameterMissing", "ActionParameterUnknown", "ActionParameterValueTypeError",
                           "ActionParameterValueNotInList", "InsufficientPrivilege", "NoValidSession",
                           "SessionLimitExceeded", "QueryNotSupported", "PreconditionFailed",
                           "ServiceTemporarilyUnavailable", "ResourceAtUriUnauthorized"}) {
        EXPECT_EQ(base_message(id)["MessageId"], std::string("Base.1.22.") + id);
    }
}

TEST(Paths, TraversalAndOddSegmentsNameNothing) {
    EXPECT_EQ(path_segments("/redfish/v1/")->size(), 0U);
    EXPECT_EQ(path_segments("/redfish/v1")->size(), 0U);
    EXPECT_EQ(*path_segments("/redfish/v1/Systems/1/"), (std::vector<std::string>{"Systems", "1"}));
    for (const char* bad : {"/redfish/v1/Systems/..", "/redfish/v1/Systems/./1", "/redfish/v1//Systems",
                            "/redfish/v1/Systems/%2e%2e", "/redfish/v10", "/redfish/v1x/a", "/etc/passwd",
                            "/redfish/v1/a\\b", "/redfish/v1/a\x01"}) {
        EXPECT_FALSE(path_segments(bad)) << bad;
    }
    EXPECT_FALSE(path_segments("/redfish/v1" + std::string(20, '/') + "a"));
}

TEST(Paths, OpenRequestsAreDsp0266s) {
    http::Request r;
    r.method = "GET";
    for (const char* open : {"/redfish", "/redfish/v1/", "/redfish/v1/$metadata", "/redfish/v1/odata"}) {
        r.path = open;
        EXPECT_TRUE(open_request(r)) << open;
    }
    r.path = "/redfish/v1/SessionService/Sessions";
    EXPECT_FALSE(open_request(r));
    r.method = "POST";
    EXPECT_TRUE(open_request(r));
    r.path = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";
    EXPECT_FALSE(open_request(r));
}

TEST(Sessions, ExpireWhenIdleAndAreBounded) {
    SessionStore store(SessionStore::Options{std::chrono::seconds(60), 2});
    const auto t0 = SessionStore::Clock::now();
    auto a = store.create("ann", cim::Role::reader, t0);
    auto b = store.create("olav", cim::Role::operator_role, t0);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->token.size(), 64U);
    EXPECT_NE(a->token, b->token);
    EXPECT_FALSE(store.create("ada", cim::Role::admin, t0)); // bounded
    EXPECT_EQ(store.find(a->token, t0 + std::chrono::seconds(59))->user, "ann");
    EXPECT_FALSE(store.find("not a token", t0));
    // b idle for 60 s: gone; a was used at 59 s and lives on.
    EXPECT_FALSE(store.find(b->token, t0 + std::chrono::seconds(60)));
    EXPECT_TRUE(store.find(a->token, t0 + std::chrono::seconds(100)));
    EXPECT_TRUE(store.create("ada", cim::Role::admin, t0 + std::chrono::seconds(100)));
    EXPECT_TRUE(store.remove(a->session.id));
    EXPECT_FALSE(store.find(a->token, t0 + std::chrono::seconds(100)));
}

TEST(SelEntry, SensorTypesAreRedfishs) {
    EXPECT_EQ(sel_sensor_type(0x01), "Temperature");
    EXPECT_EQ(sel_sensor_type(0x08), "Power Supply / Converter");
    EXPECT_EQ(sel_sensor_type(0x23), "Watchdog");
    EXPECT_EQ(sel_sensor_type(0x2c), "FRUState");
    EXPECT_EQ(sel_sensor_type(0x00), "");
    EXPECT_EQ(sel_sensor_type(0x50), "");
    EXPECT_EQ(sel_sensor_type(0xc3), "OEM");
}

// CPU1 Temp (sensor 1) Upper Critical going high, record `id`, event data 3 = `n`.
ipmi::RawSel upper_critical(std::uint8_t id, std::uint8_t n) {
    return {id, 0x00, 0x02, 0x10, 0x32, 0x54, 0x66, 0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x59, 0x5c, n};
}

std::optional<Resource> lookup(const cim::Snapshot& s, std::vector<std::string> path) {
    const Service service;
    return find_resource(Context{service, s, nullptr}, path);
}

// A URI's segments after /redfish/v1/.
std::vector<std::string> split(std::string_view uri) {
    auto segments = path_segments(uri);
    return segments ? *segments : std::vector<std::string>{};
}

TEST(SelArchive, ServedOnlyWhenTheAgentKeepsOne) {
    cim::Snapshot s;
    s.sel = {upper_critical(1, 7)};
    const auto logs = lookup(s, {"Systems", "1", "LogServices"});
    ASSERT_TRUE(logs && logs->body);
    EXPECT_EQ((*logs->body)["Members@odata.count"], 1);
    EXPECT_FALSE(lookup(s, {"Systems", "1", "LogServices", "SELArchive"}));
    EXPECT_FALSE(lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Entries"}));
}

TEST(SelArchive, EntriesAreTheSelsWithArchiveIdentity) {
    cim::Snapshot s;
    s.sel = {upper_critical(1, 7)};
    auto a = std::make_shared<cim::ArchivedSel>();
    a->archive_id = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    a->kept = 2;
    a->max_bytes = 41U * 1000U;
    for (const std::uint64_t seq : {41U, 42U}) {
        a->records.push_back({seq, {}, upper_critical(static_cast<std::uint8_t>(seq - 40), static_cast<std::uint8_t>(seq - 34)),
                              fmt::format("{}:{}", a->archive_id, seq)});
    }
    s.sel_archive = a;

    const auto logs = lookup(s, {"Systems", "1", "LogServices"});
    ASSERT_TRUE(logs && logs->body);
    EXPECT_EQ((*logs->body)["Members"][1]["@odata.id"], std::string(uri::sel_archive));

    const auto service = lookup(s, split(uri::sel_archive));
    ASSERT_TRUE(service && service->body);
    EXPECT_EQ(service->methods, std::vector<std::string>{"GET"});
    EXPECT_EQ((*service->body)["LogEntryType"], "SEL");
    EXPECT_EQ((*service->body)["MaxNumberOfRecords"], 1000);
    EXPECT_EQ((*service->body)["Status"]["Health"], "OK");
    EXPECT_FALSE(service->body->contains("Actions")); // the archive cannot be cleared
    EXPECT_FALSE(lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Actions", "LogService.ClearLog"}));

    const auto entries = lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Entries"});
    ASSERT_TRUE(entries && entries->body);
    const auto& members = (*entries->body)["Members"];
    ASSERT_EQ(members.size(), 2U);
    EXPECT_EQ((*entries->body)["Members@odata.count"], 2);
    EXPECT_EQ(members[1]["Id"], "42");
    EXPECT_EQ(members[1]["@odata.id"], fmt::format("{}/Entries/42", uri::sel_archive));
    EXPECT_EQ(members[1]["EventId"], "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:42");

    // The archived copy of the record the BMC still holds reads as the SEL's entry does.
    const auto sel = lookup(s, {"Systems", "1", "LogServices", "SEL", "Entries", "1"});
    ASSERT_TRUE(sel && sel->body);
    const auto one = lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Entries", "41"});
    ASSERT_TRUE(one && one->body);
    EXPECT_EQ(*one->body, members[0]);
    for (const auto* name : {"Message", "Severity", "SensorType", "SensorNumber", "EntryCode", "EntryType",
                             "GeneratorId", "Created"}) {
        EXPECT_EQ((*one->body)[name], (*sel->body)[name]) << name;
    }
    EXPECT_EQ((*one->body)["Severity"], "Critical");
    EXPECT_EQ((*one->body)["EntryCode"], "Upper Critical - going high");
    EXPECT_FALSE(lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Entries", "1"}));
    EXPECT_FALSE(lookup(s, {"Systems", "1", "LogServices", "SELArchive", "Entries", "41", "x"}));

    a->write_failing = true;
    EXPECT_EQ((*lookup(s, split(uri::sel_archive))->body)["Status"]["Health"], "Warning");
}

TEST(Metadata, ReferencesDmtfSchemas) {
    const auto m = metadata_document();
    EXPECT_NE(m.find("<edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/Sensor_v1.xml\">"), std::string::npos);
    EXPECT_NE(m.find("<edmx:Include Namespace=\"Sensor.v1_12_0\"/>"), std::string::npos);
    EXPECT_NE(m.find("Extends=\"ServiceRoot.v1_20_0.ServiceContainer\""), std::string::npos);
}

TEST(Etag, ChangesWithTheBody) {
    EXPECT_EQ(etag_of("a"), etag_of("a"));
    EXPECT_NE(etag_of("a"), etag_of("b"));
    EXPECT_TRUE(etag_of("").starts_with("W/\""));
}

} // namespace
} // namespace redfish
