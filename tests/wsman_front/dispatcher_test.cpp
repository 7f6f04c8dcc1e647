// The dispatcher without sockets: requests as XML text (parsed by gSOAP's DOM, as the server
// does), answers checked as XML. The provider is the real one over the simulated BMC.
// Raw envelopes here on purpose: the dispatcher's handling of request XML is the test.
#include "cim_mapping/model_provider.hpp"
#include "tests/sim/sim_bmc.hpp"
#include "wsman_front/dispatcher.hpp"
#include "wsman_front/xml_parser.hpp"
#include "wsman_front/enumerate_filter.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/request.hpp"

#include <gtest/gtest.h>

namespace {

using namespace wsman;

constexpr const char* uri_prefix = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";

// The simulated system's power management service by its keys, and the power-off input.
constexpr const char* power_service_keys =
    "<wsman:SelectorSet><wsman:Selector Name=\"SystemCreationClassName\">CIM_ComputerSystem</wsman:Selector>"
    "<wsman:Selector Name=\"SystemName\">sys-1</wsman:Selector>"
    "<wsman:Selector Name=\"CreationClassName\">CIM_PowerManagementService</wsman:Selector>"
    "<wsman:Selector Name=\"Name\">Power Management Service</wsman:Selector></wsman:SelectorSet>";

std::string power_off_input(const std::string& uri) {
    return "<p:RequestPowerStateChange_INPUT xmlns:p=\"" + uri +
           "\"><p:PowerState>8</p:PowerState></p:RequestPowerStateChange_INPUT>";
}

std::string request(const std::string& action, const std::string& uri, const std::string& body,
                    const std::string& extra_headers = "", const std::string& message_id = "uuid:1234") {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
           "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
           "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
           "xmlns:wsen=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><s:Header>"
           "<wsa:To>http://x/wsman</wsa:To>"
           "<wsa:ReplyTo><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>" +
           (action.empty() ? "" : "<wsa:Action s:mustUnderstand=\"true\">" + action + "</wsa:Action>") +
           (message_id.empty() ? "" : "<wsa:MessageID>" + message_id + "</wsa:MessageID>") +
           (uri.empty() ? "" : "<wsman:ResourceURI>" + uri + "</wsman:ResourceURI>") + extra_headers +
           "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

struct DispatcherOnSim : ::testing::Test {
    test::SimBmc sim;
    std::unique_ptr<cim::DirectBmc> bmc;
    std::unique_ptr<cim::ModelProvider> provider;
    EnumerationStore store{EnumerationLimits{std::chrono::seconds(60), 2, 10}};
    std::unique_ptr<Dispatcher> dispatcher;
    const cim::Caller reader{"ann", cim::Role::reader};

    void SetUp() override {
        cim::Snapshot s;
        s.system = {"CIM_ComputerSystem", "sys-1"};
        s.sensors = sim.sensors();
        bmc = std::make_unique<cim::DirectBmc>(*sim.client, std::move(s));
        provider = std::make_unique<cim::ModelProvider>(*bmc);
        dispatcher = std::make_unique<Dispatcher>(*provider, store, ServiceInfo{"bmcwsman project", "9.9", {"p1"}, 20, {}});
    }
    Reply send(const std::string& xml, const cim::Caller* caller) {
        auto node = parse_xml(xml);
        EXPECT_TRUE(node) << node.error();
        return dispatcher->handle(*node, caller);
    }
    Reply send(const std::string& xml) { return send(xml, &reader); }
    static XmlNode parsed(const Reply& r) {
        auto n = parse_xml(r.body);
        EXPECT_TRUE(n) << r.body;
        return n ? *n : XmlNode{};
    }
    static std::string subcode(const Reply& r) {
        const auto n = parsed(r);
        const XmlNode* body = n.child(ns::soap12, "Body");
        const XmlNode* fault = body ? body->child(ns::soap12, "Fault") : nullptr;
        const XmlNode* code = fault ? fault->child(ns::soap12, "Code") : nullptr;
        const XmlNode* sub = code ? code->child(ns::soap12, "Subcode") : nullptr;
        const XmlNode* value = sub ? sub->child(ns::soap12, "Value") : nullptr;
        return value ? value->text : "<no fault>";
    }
    static std::size_t count(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
            ++n;
        }
        return n;
    }
};

TEST_F(DispatcherOnSim, IdentifyWithAndWithoutCredentials) {
    const std::string identify =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header/><s:Body>"
        "<wsmid:Identify xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"/>"
        "</s:Body></s:Envelope>";
    auto anonymous = send(identify, nullptr);
    EXPECT_EQ(anonymous.http_status, 200);
    EXPECT_NE(anonymous.body.find("<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd<"),
              std::string::npos);
    EXPECT_NE(anonymous.body.find("<wsmid:ProductVersion>9.9<"), std::string::npos);
    EXPECT_EQ(anonymous.body.find("SecurityProfiles"), std::string::npos); // not without credentials
    EXPECT_NE(send(identify).body.find("<wsmid:SecurityProfileName>p1<"), std::string::npos);
    // Anything else without credentials is refused.
    auto get = send(request(std::string(ns::action::get), std::string(uri_prefix) + "CIM_RecordLog", "",
                            "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">IPMI:SEL</wsman:Selector></wsman:SelectorSet>"),
                    nullptr);
    EXPECT_EQ(subcode(get), "wsman:AccessDenied");
}

TEST_F(DispatcherOnSim, GetAnswersTheInstanceWithAddressingHeaders) {
    auto r = send(request(std::string(ns::action::get), std::string(uri_prefix) + "CIM_NumericSensor", "",
                          "<wsman:SelectorSet>"
                          "<wsman:Selector Name=\"SystemCreationClassName\">CIM_ComputerSystem</wsman:Selector>"
                          "<wsman:Selector Name=\"SystemName\">sys-1</wsman:Selector>"
                          "<wsman:Selector Name=\"CreationClassName\">CIM_NumericSensor</wsman:Selector>"
                          "<wsman:Selector Name=\"DeviceID\">1.0.32</wsman:Selector></wsman:SelectorSet>"));
    ASSERT_EQ(r.http_status, 200) << r.body;
    const auto n = parsed(r);
    const XmlNode* header = n.child(ns::soap12, "Header");
    ASSERT_NE(header, nullptr);
    EXPECT_EQ(header->child(ns::wsa, "RelatesTo")->text, "uuid:1234");
    EXPECT_EQ(header->child(ns::wsa, "Action")->text, "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse");
    EXPECT_EQ(header->child(ns::wsa, "To")->text, ns::anonymous);
    EXPECT_TRUE(header->child(ns::wsa, "MessageID")->text.starts_with("uuid:"));
    const XmlNode* sensor = n.child(ns::soap12, "Body")->child(std::string(uri_prefix) + "CIM_NumericSensor", "CIM_NumericSensor");
    ASSERT_NE(sensor, nullptr) << r.body;
    EXPECT_EQ(sensor->child(std::string(uri_prefix) + "CIM_NumericSensor", "ElementName")->text, "CPU1 Temp");
    EXPECT_NE(r.body.find("<p:LowerThresholdCritical xsi:nil=\"true\"/>"), std::string::npos);
    EXPECT_EQ(count(r.body, "<p:SupportedThresholds>"), 3U); // arrays repeat the element
}

TEST_F(DispatcherOnSim, AddressingAndHeaderFaults) {
    const std::string uri = std::string(uri_prefix) + "CIM_RecordLog";
    EXPECT_EQ(subcode(send(request("", uri, ""))), "wsa:MessageInformationHeaderRequired");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), uri, "", "", ""))),
              "wsa:InvalidMessageInformationHeader");
    EXPECT_EQ(subcode(send(request("http://example.com/Frobnicate", uri, ""))), "wsa:ActionNotSupported");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), std::string(uri_prefix) + "CIM_Nothing", ""))),
              "wsa:DestinationUnreachable");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), "urn:something", ""))),
              "wsa:DestinationUnreachable");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), uri, "",
                                   "<wsman:MaxEnvelopeSize>100</wsman:MaxEnvelopeSize>"))),
              "wsman:EncodingLimit");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), uri, "",
                                   "<wsman:Frobnicate s:mustUnderstand=\"true\">1</wsman:Frobnicate>"))),
              "wsman:UnsupportedFeature");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), uri, "",
                                   "<wsman:SelectorSet><wsman:Selector Name=\"Bogus\">1</wsman:Selector></wsman:SelectorSet>"))),
              "wsman:InvalidSelectors");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get), uri, "",
                                   "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">a</wsman:Selector>"
                                   "<wsman:Selector Name=\"InstanceID\">b</wsman:Selector></wsman:SelectorSet>"))),
              "wsman:InvalidSelectors");
    // A reply address other than anonymous: never answer elsewhere.
    std::string replyto = request(std::string(ns::action::get), uri, "");
    replyto.replace(replyto.find("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"),
                    std::string("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous").size(),
                    "http://attacker.example/collect");
    EXPECT_EQ(subcode(send(replyto)), "wsman:UnsupportedFeature");
    auto v11 = send("<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body/></e:Envelope>");
    EXPECT_EQ(v11.http_status, 500);
    EXPECT_NE(v11.body.find("s:VersionMismatch"), std::string::npos);
    // The MessageID of a faulted request is still related.
    EXPECT_NE(send(request("http://example.com/Frobnicate", uri, "")).body.find("<wsa:RelatesTo>uuid:1234<"),
              std::string::npos);
}

TEST_F(DispatcherOnSim, OptimizedEnumerationEndsWithoutAContext) {
    const std::string uri = std::string(uri_prefix) + "CIM_Sensor";
    auto r = send(request(std::string(ns::action::enumerate), uri,
                          "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsman:MaxElements>1000</wsman:MaxElements></wsen:Enumerate>"));
    ASSERT_EQ(r.http_status, 200) << r.body;
    // 45 sensors, the server caps a batch at 20: a context follows.
    EXPECT_EQ(count(r.body, "<p:DeviceID>"), 20U);
    EXPECT_EQ(r.body.find("EndOfSequence"), std::string::npos);
    const auto n = parsed(r);
    const std::string context =
        n.child(ns::soap12, "Body")->child(ns::wsen, "EnumerateResponse")->child(ns::wsen, "EnumerationContext")->text;
    ASSERT_FALSE(context.empty());
    std::size_t seen = 20;
    for (int round = 0; round < 5; ++round) {
        auto p = send(request(std::string(ns::action::pull), uri,
                              "<wsen:Pull><wsen:EnumerationContext>" + context +
                                  "</wsen:EnumerationContext><wsen:MaxElements>20</wsen:MaxElements></wsen:Pull>"));
        ASSERT_EQ(p.http_status, 200) << p.body;
        seen += count(p.body, "<p:DeviceID>");
        if (p.body.find("<wsen:EndOfSequence/>") != std::string::npos) {
            EXPECT_EQ(p.body.find("<wsen:EnumerationContext>"), std::string::npos); // none after the end
            break;
        }
    }
    EXPECT_EQ(seen, 45U);
    EXPECT_EQ(store.size(), 0U);
    auto again = send(request(std::string(ns::action::pull), uri,
                              "<wsen:Pull><wsen:EnumerationContext>" + context + "</wsen:EnumerationContext></wsen:Pull>"));
    EXPECT_EQ(subcode(again), "wsen:InvalidEnumerationContext");
}

TEST_F(DispatcherOnSim, SmallEnumerationInOneAnswerEprModesReleaseAndQuota) {
    const std::string uri = std::string(uri_prefix) + "CIM_RecordLog";
    auto one = send(request(std::string(ns::action::enumerate), uri,
                            "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsman:MaxElements>5</wsman:MaxElements>"
                            "<wsman:EnumerationMode>EnumerateObjectAndEPR</wsman:EnumerationMode></wsen:Enumerate>"));
    EXPECT_NE(one.body.find("<wsen:EnumerationContext/>"), std::string::npos) << one.body;
    EXPECT_NE(one.body.find("<wsman:EndOfSequence/>"), std::string::npos);
    EXPECT_EQ(store.size(), 0U); // everything in one answer: no context was opened
    EXPECT_NE(one.body.find("<wsman:Item><p:CIM_RecordLog"), std::string::npos);
    EXPECT_NE(one.body.find("<wsman:Selector Name=\"InstanceID\">IPMI:SEL</wsman:Selector>"), std::string::npos);
    EXPECT_EQ(subcode(send(request(std::string(ns::action::enumerate), uri,
                                   "<wsen:Enumerate><wsman:EnumerationMode>Everything</wsman:EnumerationMode></wsen:Enumerate>"))),
              "wsman:UnsupportedFeature");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::enumerate), uri,
                                   "<wsen:Enumerate><wsman:Filter Dialect=\"urn:x\">a</wsman:Filter></wsen:Enumerate>"))),
              "wsen:FilterDialectRequestedUnavailable");
    // Two open contexts per user in this store: a third evicts the user's least recently
    // used one (its Pull is then an invalid context), never another user's.
    const cim::Caller other{"bob", cim::Role::reader};
    const auto context_of = [&](const Reply& r) {
        return parsed(r).child(ns::soap12, "Body")->child(ns::wsen, "EnumerateResponse")
            ->child(ns::wsen, "EnumerationContext")->text;
    };
    const std::string bobs = context_of(send(request(std::string(ns::action::enumerate), uri, "<wsen:Enumerate/>"), &other));
    std::vector<std::string> contexts;
    for (int i = 0; i < 3; ++i) {
        auto r = send(request(std::string(ns::action::enumerate), uri, "<wsen:Enumerate/>"));
        EXPECT_EQ(r.http_status, 200) << r.body;
        contexts.push_back(context_of(r));
    }
    const auto pull_of = [&](const std::string& context, const cim::Caller* who = nullptr) {
        auto req = request(std::string(ns::action::pull), uri,
                           "<wsen:Pull><wsen:EnumerationContext>" + context + "</wsen:EnumerationContext></wsen:Pull>");
        return who != nullptr ? send(req, who) : send(req);
    };
    EXPECT_EQ(subcode(pull_of(contexts[0])), "wsen:InvalidEnumerationContext"); // evicted
    EXPECT_EQ(store.evicted(), 1U);
    auto foreign = send(request(std::string(ns::action::release), uri,
                                "<wsen:Release><wsen:EnumerationContext>" + contexts[1] + "</wsen:EnumerationContext></wsen:Release>"),
                        &other);
    EXPECT_EQ(subcode(foreign), "wsen:InvalidEnumerationContext"); // not another user's
    auto released = send(request(std::string(ns::action::release), uri,
                                 "<wsen:Release><wsen:EnumerationContext>" + contexts[1] + "</wsen:EnumerationContext></wsen:Release>"));
    EXPECT_EQ(released.http_status, 200);
    EXPECT_EQ(pull_of(contexts[2]).http_status, 200);
    EXPECT_EQ(pull_of(bobs, &other).http_status, 200); // bob's context outlived ann's three
}

TEST_F(DispatcherOnSim, InvokeAndPutReachTheBmcWithRoles) {
    const std::string uri = std::string(uri_prefix) + "CIM_PowerManagementService";
    const std::string keys = power_service_keys;
    const std::string body = power_off_input(uri);
    EXPECT_EQ(subcode(send(request(uri + "/RequestPowerStateChange", uri, body, keys))), "wsman:AccessDenied");
    EXPECT_TRUE(sim.state().power_on);
    const cim::Caller op{"olav", cim::Role::operator_role};
    auto r = send(request(uri + "/RequestPowerStateChange", uri, body, keys), &op);
    ASSERT_EQ(r.http_status, 200) << r.body;
    EXPECT_NE(r.body.find("<p:ReturnValue>0</p:ReturnValue>"), std::string::npos);
    EXPECT_FALSE(sim.state().power_on);
    EXPECT_EQ(subcode(send(request(uri + "/Explode", uri, "", keys), &op)), "wsa:ActionNotSupported");
    const std::string bad = "<p:RequestPowerStateChange_INPUT xmlns:p=\"" + uri +
                            "\"><p:PowerState>lots</p:PowerState></p:RequestPowerStateChange_INPUT>";
    EXPECT_EQ(subcode(send(request(uri + "/RequestPowerStateChange", uri, bad, keys), &op)), "wsman:InvalidParameter");

    const std::string sensor_uri = std::string(uri_prefix) + "CIM_NumericSensor";
    const std::string sensor_keys =
        "<wsman:SelectorSet><wsman:Selector Name=\"SystemCreationClassName\">CIM_ComputerSystem</wsman:Selector>"
        "<wsman:Selector Name=\"SystemName\">sys-1</wsman:Selector>"
        "<wsman:Selector Name=\"CreationClassName\">CIM_NumericSensor</wsman:Selector>"
        "<wsman:Selector Name=\"DeviceID\">1.0.32</wsman:Selector></wsman:SelectorSet>";
    const std::string put = "<p:CIM_NumericSensor xmlns:p=\"" + sensor_uri +
                            "\"><p:UpperThresholdNonCritical>80</p:UpperThresholdNonCritical></p:CIM_NumericSensor>";
    auto p = send(request(std::string(ns::action::put), sensor_uri, put, sensor_keys), &op);
    ASSERT_EQ(p.http_status, 200) << p.body;
    EXPECT_NE(p.body.find("<p:UpperThresholdNonCritical>80<"), std::string::npos);
    for (const auto& s : sim.state().sensors) {
        if (s.number == 0x01) {
            EXPECT_EQ(s.thresholds[3], 80);
        }
    }
}

TEST(Duration, XsDurations) {
    EXPECT_EQ(parse_duration("PT60S"), std::chrono::milliseconds(60000));
    EXPECT_EQ(parse_duration("PT0.500S"), std::chrono::milliseconds(500));
    EXPECT_EQ(parse_duration("P1DT2H3M4S"), std::chrono::milliseconds(93784000));
    EXPECT_FALSE(parse_duration("60"));
    EXPECT_FALSE(parse_duration("P1Y"));
    EXPECT_FALSE(parse_duration("PT"));
    EXPECT_FALSE(parse_duration("PTxS"));
}

TEST(ParseXml, HostileInputIsRefused) {
    EXPECT_FALSE(parse_xml("<a><b></a>"));
    EXPECT_FALSE(parse_xml(""));
    std::string deep;
    for (int i = 0; i < 100; ++i) {
        deep += "<a>";
    }
    for (int i = 0; i < 100; ++i) {
        deep += "</a>";
    }
    EXPECT_FALSE(parse_xml(deep)); // deeper than max_xml_depth
    // No entity expansion (billion laughs): the DTD is not processed.
    auto laughs = parse_xml("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><x>&b;</x>");
    if (laughs) {
        EXPECT_LT(laughs->text.size(), 100U);
    }
}

} // namespace

namespace {

std::string enumerate_with(const std::string& uri, const std::string& filter) {
    return request(std::string(ns::action::enumerate), uri,
                   "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsman:MaxElements>20</wsman:MaxElements>" + filter +
                       "</wsen:Enumerate>");
}

TEST_F(DispatcherOnSim, WqlFilterSelectsAndProjects) {
    const std::string wql = "<wsman:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
                            "SELECT ElementName, HealthState FROM CIM_NumericSensor WHERE HealthState &gt; 5"
                            "</wsman:Filter>";
    auto r = send(enumerate_with(std::string(uri_prefix) + "CIM_NumericSensor", wql));
    ASSERT_EQ(r.http_status, 200) << r.body;
    EXPECT_EQ(count(r.body, "<p:ElementName>"), 1U); // only FAN6 is unhealthy among numeric sensors
    EXPECT_NE(r.body.find("<p:ElementName>FAN6</p:ElementName>"), std::string::npos);
    EXPECT_EQ(r.body.find("<p:CurrentReading>"), std::string::npos); // projected away
    EXPECT_NE(r.body.find("<p:DeviceID>70.0.32</p:DeviceID>"), std::string::npos); // keys kept
    // The all-classes URI takes its class from the query; without a filter it is refused.
    auto all = send(enumerate_with(std::string(all_classes_uri),
                                   "<wsman:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
                                   "SELECT * FROM CIM_RecordLog</wsman:Filter>"));
    EXPECT_NE(all.body.find("<p:InstanceID>IPMI:SEL</p:InstanceID>"), std::string::npos) << all.body;
    EXPECT_EQ(subcode(send(enumerate_with(std::string(all_classes_uri), ""))), "wsman:UnsupportedFeature");
    // Errors: syntax, unsupported construct, another class than the URI's.
    const auto bad = [&](const std::string& query) {
        return subcode(send(enumerate_with(std::string(uri_prefix) + "CIM_NumericSensor",
                                           "<wsman:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">" +
                                               query + "</wsman:Filter>")));
    };
    EXPECT_EQ(bad("SELECT * FROM"), "wsen:CannotProcessFilter");
    EXPECT_EQ(bad("ASSOCIATORS OF {x}"), "wsen:CannotProcessFilter");
    EXPECT_EQ(bad("SELECT * FROM CIM_RecordLog"), "wsen:CannotProcessFilter");
    EXPECT_EQ(send(enumerate_with(std::string(uri_prefix) + "CIM_Sensor",
                                  "<wsman:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
                                  "SELECT * FROM CIM_NumericSensor WHERE ElementName LIKE 'CPU%'</wsman:Filter>"))
                  .http_status,
              200); // a subclass of the URI's class
}

TEST_F(DispatcherOnSim, SelectorFilter) {
    auto r = send(enumerate_with(std::string(uri_prefix) + "CIM_Sensor",
                                 "<wsman:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter\">"
                                 "<wsman:SelectorSet><wsman:Selector Name=\"SensorType\">5</wsman:Selector>"
                                 "</wsman:SelectorSet></wsman:Filter>"));
    ASSERT_EQ(r.http_status, 200) << r.body;
    EXPECT_EQ(count(r.body, "<p:SensorType>5</p:SensorType>"), 6U); // six fans (tachometers)
    EXPECT_EQ(count(r.body, "<p:DeviceID>"), 6U);
    EXPECT_EQ(subcode(send(enumerate_with(std::string(uri_prefix) + "CIM_Sensor",
                                          "<wsman:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter\">"
                                          "<wsman:SelectorSet><wsman:Selector Name=\"Nope\">5</wsman:Selector>"
                                          "</wsman:SelectorSet></wsman:Filter>"))),
              "wsen:CannotProcessFilter");
}

TEST_F(DispatcherOnSim, AssociationFilter) {
    const std::string object =
        "<wsmb:Object><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address>"
        "<wsa:ReferenceParameters><wsman:ResourceURI>" + std::string(uri_prefix) +
        "CIM_ComputerSystem</wsman:ResourceURI><wsman:SelectorSet>"
        "<wsman:Selector Name=\"CreationClassName\">CIM_ComputerSystem</wsman:Selector>"
        "<wsman:Selector Name=\"Name\">sys-1</wsman:Selector></wsman:SelectorSet></wsa:ReferenceParameters></wsmb:Object>";
    const std::string dialect = "<wsman:Filter Dialect=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter\" "
                                "xmlns:wsmb=\"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd\">";
    auto r = send(enumerate_with(std::string(uri_prefix) + "CIM_ComputerSystem",
                                 dialect + "<wsmb:AssociatedInstances>" + object +
                                     "<wsmb:AssociationClassName>CIM_UseOfLog</wsmb:AssociationClassName>"
                                     "</wsmb:AssociatedInstances></wsman:Filter>"));
    ASSERT_EQ(r.http_status, 200) << r.body;
    EXPECT_NE(r.body.find("<p:InstanceID>IPMI:SEL</p:InstanceID>"), std::string::npos);
    auto links = send(enumerate_with(std::string(uri_prefix) + "CIM_ComputerSystem",
                                     dialect + "<wsmb:AssociationInstances>" + object +
                                         "<wsmb:ResultClassName>CIM_RecordLog</wsmb:ResultClassName>"
                                         "</wsmb:AssociationInstances></wsman:Filter>"));
    EXPECT_NE(links.body.find("<p:CIM_UseOfLog"), std::string::npos) << links.body;
    EXPECT_EQ(subcode(send(enumerate_with(std::string(uri_prefix) + "CIM_ComputerSystem",
                                          dialect + "<wsmb:AssociatedInstances/></wsman:Filter>"))),
              "wsen:CannotProcessFilter");

    // From a fan (DSP1013) to its tachometer through CIM_AssociatedSensor.
    const std::string fan =
        "<wsmb:Object><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address>"
        "<wsa:ReferenceParameters><wsman:ResourceURI>" + std::string(uri_prefix) +
        "CIM_Fan</wsman:ResourceURI><wsman:SelectorSet>"
        "<wsman:Selector Name=\"SystemCreationClassName\">CIM_ComputerSystem</wsman:Selector>"
        "<wsman:Selector Name=\"SystemName\">sys-1</wsman:Selector>"
        "<wsman:Selector Name=\"CreationClassName\">CIM_Fan</wsman:Selector>"
        "<wsman:Selector Name=\"DeviceID\">29.6</wsman:Selector></wsman:SelectorSet></wsa:ReferenceParameters></wsmb:Object>";
    auto tach = send(enumerate_with(std::string(uri_prefix) + "CIM_Fan",
                                    dialect + "<wsmb:AssociatedInstances>" + fan +
                                        "<wsmb:AssociationClassName>CIM_AssociatedSensor</wsmb:AssociationClassName>"
                                        "</wsmb:AssociatedInstances></wsman:Filter>"));
    ASSERT_EQ(tach.http_status, 200) << tach.body;
    EXPECT_EQ(count(tach.body, "<p:ElementName>"), 1U) << tach.body;
    EXPECT_NE(tach.body.find("<p:ElementName>FAN6</p:ElementName>"), std::string::npos) << tach.body;
}

} // namespace

TEST_F(DispatcherOnSim, OptionsLocaleAndNamespace) {
    const std::string uri = std::string(uri_prefix) + "CIM_RecordLog";
    const std::string log = "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">IPMI:SEL</wsman:Selector>";
    const auto get = [&](const std::string& extra, const std::string& selectors = "") {
        return send(request(std::string(ns::action::get), uri, "", log + selectors + "</wsman:SelectorSet>" + extra));
    };
    // Unknown options are ignored unless the client insists (DSP0226 6.4).
    EXPECT_EQ(get("<wsman:OptionSet><wsman:Option Name=\"ShowExtensions\">true</wsman:Option></wsman:OptionSet>")
                  .http_status,
              200);
    const auto insist = get("<wsman:OptionSet><wsman:Option Name=\"ShowExtensions\" MustComply=\"true\">true"
                            "</wsman:Option></wsman:OptionSet>");
    EXPECT_EQ(subcode(insist), "wsman:InvalidOptions");
    EXPECT_NE(insist.body.find("faultDetail/NotSupported"), std::string::npos);
    EXPECT_EQ(subcode(get("<wsman:OptionSet s:mustUnderstand=\"true\"><wsman:Option Name=\"X\">1</wsman:Option>"
                          "</wsman:OptionSet>")),
              "wsman:InvalidOptions");
    // English is served; another locale only matters when the client requires it (6.3).
    EXPECT_EQ(get("<wsman:Locale xml:lang=\"en-US\" s:mustUnderstand=\"true\"/>").http_status, 200);
    EXPECT_EQ(get("<wsman:Locale xml:lang=\"de-DE\" s:mustUnderstand=\"false\"/>").http_status, 200);
    const auto klingon = get("<wsman:Locale xml:lang=\"tlh-KL\" s:mustUnderstand=\"true\"/>");
    EXPECT_EQ(subcode(klingon), "wsman:UnsupportedFeature");
    EXPECT_NE(klingon.body.find("faultDetail/Locale"), std::string::npos);
    // WinRM's own headers marked mustUnderstand are known (pywinrm sends them).
    EXPECT_EQ(get("<p:SessionId xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\" "
                  "s:mustUnderstand=\"true\">uuid:1</p:SessionId>")
                  .http_status,
              200);
    // __cimnamespace: the class's own namespace in any case; another one is not served.
    EXPECT_EQ(get("", "<wsman:Selector Name=\"__cimnamespace\">ROOT/Hardware</wsman:Selector>").http_status, 200);
    EXPECT_EQ(subcode(get("", "<wsman:Selector Name=\"__cimnamespace\">root/elsewhere</wsman:Selector>")),
              "wsa:DestinationUnreachable");
    EXPECT_EQ(subcode(send(request(std::string(ns::action::get),
                                   "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/CIM_RecordLog", "",
                                   log + "</wsman:SelectorSet>"))),
              "wsa:DestinationUnreachable");
    // Values without case; a selector that is no key, a key missing.
    EXPECT_EQ(send(request(std::string(ns::action::get), uri, "",
                           "<wsman:SelectorSet><wsman:Selector Name=\"instanceid\">ipmi:sel</wsman:Selector>"
                           "</wsman:SelectorSet>"))
                  .http_status,
              200);
    const auto extra = get("", "<wsman:Selector Name=\"ElementName\">x</wsman:Selector>");
    EXPECT_EQ(subcode(extra), "wsman:InvalidSelectors");
    EXPECT_NE(extra.body.find("faultDetail/UnexpectedSelectors"), std::string::npos);
    const auto missing = send(request(std::string(ns::action::get), std::string(uri_prefix) + "CIM_NumericSensor", "",
                                      "<wsman:SelectorSet><wsman:Selector Name=\"DeviceID\">1.0.32</wsman:Selector>"
                                      "</wsman:SelectorSet>"));
    EXPECT_NE(missing.body.find("faultDetail/InsufficientSelectors"), std::string::npos) << missing.body;
}

TEST_F(DispatcherOnSim, MaxElementsInEitherNamespace) {
    const std::string uri = std::string(uri_prefix) + "CIM_Sensor";
    // Clients put MaxElements in the enumeration namespace inside an optimized Enumerate.
    auto r = send(request(std::string(ns::action::enumerate), uri,
                          "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsen:MaxElements>3</wsen:MaxElements>"
                          "</wsen:Enumerate>"));
    EXPECT_EQ(count(r.body, "<p:DeviceID>"), 3U) << r.body;
    const std::string context = parsed(r).child(ns::soap12, "Body")->child(ns::wsen, "EnumerateResponse")
                                    ->child(ns::wsen, "EnumerationContext")->text;
    // ... and in the management namespace inside a Pull.
    auto p = send(request(std::string(ns::action::pull), uri,
                          "<wsen:Pull><wsen:EnumerationContext>" + context +
                              "</wsen:EnumerationContext><wsman:MaxElements>4</wsman:MaxElements></wsen:Pull>"));
    EXPECT_EQ(count(p.body, "<p:DeviceID>"), 4U) << p.body;
    EXPECT_EQ(subcode(send(request(std::string(ns::action::pull), uri,
                                   "<wsen:Pull><wsen:EnumerationContext>" + context +
                                       "</wsen:EnumerationContext><wsen:MaxElements>0</wsen:MaxElements></wsen:Pull>"))),
              "wsman:InvalidParameter");
}

TEST_F(DispatcherOnSim, BatchesShrinkToFitMaxEnvelopeSize) {
    const std::string uri = std::string(uri_prefix) + "CIM_Sensor";
    const std::string limit = "<wsman:MaxEnvelopeSize>8192</wsman:MaxEnvelopeSize>";
    auto r = send(request(std::string(ns::action::enumerate), uri,
                          "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsman:MaxElements>20</wsman:MaxElements>"
                          "</wsen:Enumerate>",
                          limit));
    ASSERT_EQ(r.http_status, 200) << r.body;
    EXPECT_LE(r.body.size(), 8192U);
    std::size_t seen = count(r.body, "<p:DeviceID>");
    EXPECT_GT(seen, 0U);
    EXPECT_LT(seen, 20U); // fewer than asked: 20 sensors do not fit in 8 KiB
    auto xml = parsed(r);
    std::string context = xml.child(ns::soap12, "Body")->child(ns::wsen, "EnumerateResponse")
                              ->child(ns::wsen, "EnumerationContext")->text;
    for (int round = 0; !context.empty() && round < 60; ++round) {
        auto p = send(request(std::string(ns::action::pull), uri,
                              "<wsen:Pull><wsen:EnumerationContext>" + context +
                                  "</wsen:EnumerationContext><wsen:MaxElements>20</wsen:MaxElements></wsen:Pull>",
                              limit));
        ASSERT_EQ(p.http_status, 200) << p.body;
        EXPECT_LE(p.body.size(), 8192U);
        seen += count(p.body, "<p:DeviceID>");
        const XmlNode answer = parsed(p);
        const XmlNode* c = answer.child(ns::soap12, "Body")->child(ns::wsen, "PullResponse")
                               ->child(ns::wsen, "EnumerationContext");
        context = c != nullptr ? c->text : "";
    }
    EXPECT_EQ(seen, 45U); // nothing lost to the smaller batches
}

TEST_F(DispatcherOnSim, ABmcThatDoesNotAnswerTimesOutAtTheOperationTimeout) {
    const std::string uri = std::string(uri_prefix) + "CIM_PowerManagementService";
    const std::string keys = power_service_keys;
    const std::string body = power_off_input(uri);
    sim::Faults hung;
    hung.obf_never_sets = true; // requests go in, no answer comes out
    sim.bmc->set_faults(hung);
    const cim::Caller op{"olav", cim::Role::operator_role};
    const auto start = std::chrono::steady_clock::now();
    auto r = send(request(uri + "/RequestPowerStateChange", uri, body,
                          keys + "<wsman:OperationTimeout>PT0.300S</wsman:OperationTimeout>"),
                  &op);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(subcode(r), "wsman:TimedOut");
    EXPECT_EQ(r.http_status, 500);
    EXPECT_GE(took, std::chrono::milliseconds(290));
    EXPECT_LT(took, std::chrono::milliseconds(1500)); // at the deadline, not after the BMC's 5 s
    // Reads are answered from the model meanwhile.
    auto get = send(request(std::string(ns::action::get), std::string(uri_prefix) + "CIM_RecordLog", "",
                            "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">IPMI:SEL</wsman:Selector>"
                            "</wsman:SelectorSet><wsman:OperationTimeout>PT0.300S</wsman:OperationTimeout>"));
    EXPECT_EQ(get.http_status, 200);
}

TEST(EnumerationStore, ContextsExpireAfterTheirIdleTimeAndUseRenewsThem) {
    EnumerationStore store{EnumerationLimits{std::chrono::seconds(60), 16, 1024}};
    const auto t0 = EnumerationStore::Clock::now();
    const std::vector<Item> items(3, std::make_shared<const std::string>("<p:X/>"));
    auto id = std::optional(store.open("ann", items, t0));
    const auto take = [](const Item&) { return true; };
    // Used at 50 s: alive, and the clock starts again from there.
    auto first = store.pull("ann", *id, 1, take, t0 + std::chrono::seconds(50));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->taken, 1U);
    EXPECT_TRUE(store.pull("ann", *id, 1, take, t0 + std::chrono::seconds(105)));
    // 61 s after its last use it is gone, as any unknown context.
    EXPECT_FALSE(store.pull("ann", *id, 1, take, t0 + std::chrono::seconds(167)));
    EXPECT_EQ(store.size(), 0U);
    // Another user's context is not this user's, and a forged one is nobody's.
    const std::string other = store.open("bob", items, t0);
    EXPECT_FALSE(store.pull("ann", other, 1, take, t0));
    EXPECT_FALSE(store.pull("bob", "uuid:00000000-0000-0000-0000-000000000000", 1, take, t0));
}

TEST(EnumerationStore, DefaultsAreWinRmLikeAndCapsEvictTheLeastRecentlyUsed) {
    const EnumerationLimits defaults;
    EXPECT_GE(defaults.per_user, 500U);
    EXPECT_GE(defaults.idle_expiry, std::chrono::seconds(240));
    EnumerationStore store{EnumerationLimits{std::chrono::seconds(600), 3, 5}};
    const auto t0 = EnumerationStore::Clock::now();
    const std::vector<Item> items(3, std::make_shared<const std::string>("<p:X/>"));
    const auto take = [](const Item&) { return true; };
    std::vector<std::string> ann;
    for (int i = 0; i < 3; ++i) {
        ann.push_back(store.open("ann", items, t0 + std::chrono::seconds(i)));
    }
    // ann's first context is used again: the second is now her least recently used.
    ASSERT_TRUE(store.pull("ann", ann[0], 1, take, t0 + std::chrono::seconds(10)));
    ann.push_back(store.open("ann", items, t0 + std::chrono::seconds(11)));
    EXPECT_FALSE(store.pull("ann", ann[1], 1, take, t0 + std::chrono::seconds(12)));
    EXPECT_TRUE(store.pull("ann", ann[0], 1, take, t0 + std::chrono::seconds(12)));
    EXPECT_EQ(store.size(), 3U);
    // The total cap (5): the least recently used of all goes.
    const std::string bob1 = store.open("bob", items, t0 + std::chrono::seconds(13));
    const std::string bob2 = store.open("bob", items, t0 + std::chrono::seconds(14));
    const std::string bob3 = store.open("bob", items, t0 + std::chrono::seconds(15));
    EXPECT_EQ(store.size(), 5U);
    EXPECT_FALSE(store.pull("ann", ann[2], 1, take, t0 + std::chrono::seconds(16))); // the oldest use of all
    EXPECT_TRUE(store.pull("bob", bob1, 1, take, t0 + std::chrono::seconds(16)));
    EXPECT_EQ(store.evicted(), 2U);
    // 1000 opens by one user never fail and keep the store at its caps.
    for (int i = 0; i < 1000; ++i) {
        (void)store.open("scraper", items, t0 + std::chrono::seconds(20));
    }
    // The scraper holds its 3; the two most recently used of the others are left.
    EXPECT_EQ(store.size(), 5U);
    EXPECT_TRUE(store.pull("bob", bob3, 1, take, t0 + std::chrono::seconds(21)));
    EXPECT_TRUE(store.pull("bob", bob1, 1, take, t0 + std::chrono::seconds(21)));
    EXPECT_FALSE(store.pull("ann", ann[0], 1, take, t0 + std::chrono::seconds(21)));
    EXPECT_FALSE(store.pull("bob", bob2, 1, take, t0 + std::chrono::seconds(21)));
}
