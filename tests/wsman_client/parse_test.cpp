// The answer shapes of tests/data/wsman_client (WinRM, iDRAC, openwsman, AMT) through the
// parser and the readers; the envelope writer's escaping; bounds on hostile documents.
// Raw envelopes here on purpose: the client's answer parser and envelope writer are the test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "wsman_client/envelope.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/model.hpp"
#include "wsman_client/namespaces.hpp"
#include "wsman_client/session.hpp"
#include "wsman_client/xml.hpp"

namespace wc = wsman::client;

namespace {

std::string fixture(const std::string& name) {
  const char* dir = std::getenv("WSMAN_CLIENT_DATA");
  std::ifstream in(std::string(dir ? dir : "tests/data/wsman_client") + "/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const wc::Element& body_of(const std::shared_ptr<wc::XmlDocument>& doc) {
  return doc->root.child(wc::ns::soap, "Body")->children.front();
}

}  // namespace

TEST(Parse, Utf16GetWithTypesNilArrayAndDatetime) {
  auto raw = fixture("winrm_get_utf16.xml");
  ASSERT_TRUE(raw.starts_with("\xFF\xFE"));
  auto doc = wc::parse_xml(raw);
  ASSERT_TRUE(doc) << doc.error().message();
  auto inst = wc::read_instance(body_of(*doc));
  EXPECT_EQ(inst.class_name, "NumericSensor");
  ASSERT_EQ(inst.properties.size(), 6u);
  EXPECT_EQ(inst.properties[0].name, "BaseUnits");
  EXPECT_EQ(inst.properties[0].type, "cim:cimUnsignedShort");
  EXPECT_EQ(inst.properties[2].kind, wc::Property::Kind::nil);
  EXPECT_EQ(inst.find("deviceid")->values.at(0), "Temp\xC3\xA9rature CPU 1");
  EXPECT_TRUE(inst.find("OperationalStatus")->is_array());
  EXPECT_EQ(inst.find("InstallDate")->kind, wc::Property::Kind::datetime);
  EXPECT_EQ(inst.find("InstallDate")->values.at(0), "2024-03-01T10:00:00Z");
}

TEST(Parse, AmtPrefixes) {
  auto doc = wc::parse_xml(fixture("amt_get_sensor.xml"));
  ASSERT_TRUE(doc);
  auto inst = wc::read_instance(body_of(*doc));
  EXPECT_EQ(inst.class_name, "CIM_Sensor");
  EXPECT_EQ(inst.ns, "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Sensor");
  EXPECT_EQ(inst.find("PossibleStates")->values, (std::vector<std::string>{"Bad", "Good", "Unknown"}));
}

TEST(Parse, FaultWithWmiError) {
  auto doc = wc::parse_xml(fixture("winrm_fault_wmi.xml"));
  ASSERT_TRUE(doc);
  auto f = wc::read_fault(body_of(*doc));
  EXPECT_EQ(f.code, "s:Sender");
  EXPECT_EQ(f.subcode, "w:QuotaLimit");
  EXPECT_TRUE(f.reason.starts_with("The WS-Management service cannot process"));
  ASSERT_TRUE(f.wmi_error_code);
  EXPECT_EQ(*f.wmi_error_code, 2150859173u);
  EXPECT_EQ(f.message, "This user is allowed a maximum number of 30 concurrent operations.");
  EXPECT_NE(f.detail_xml.find("MSFT_WmiError"), std::string::npos);
}

TEST(Parse, FaultWithWsmanFaultAndDetailUri) {
  auto doc = wc::parse_xml(fixture("winrm_fault_wsmanfault.xml"));
  ASSERT_TRUE(doc);
  auto f = wc::read_fault(body_of(*doc));
  EXPECT_EQ(f.subcode, "w:InvalidSelectors");
  EXPECT_EQ(f.fault_detail, "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors");
  ASSERT_TRUE(f.wmi_error_code);
  EXPECT_EQ(*f.wmi_error_code, 2150858843u);
  EXPECT_FALSE(f.message.empty());
}

TEST(Parse, FaultWithoutDetail) {
  auto doc = wc::parse_xml(fixture("openwsman_fault_no_detail.xml"));
  ASSERT_TRUE(doc);
  auto f = wc::read_fault(body_of(*doc));
  EXPECT_EQ(f.subcode, "wsa:DestinationUnreachable");
  EXPECT_TRUE(f.detail_xml.empty());
  EXPECT_FALSE(f.wmi_error_code);
}

TEST(Parse, EprItemsUnderDefaultNamespaces) {
  auto doc = wc::parse_xml(fixture("openwsman_enumerate_epr.xml"));
  ASSERT_TRUE(doc);
  const auto& response = body_of(*doc);
  EXPECT_EQ(response.name, "EnumerateResponse");
  const auto* items = response.child(wc::ns::wsman, "Items");
  ASSERT_NE(items, nullptr);
  wc::Item item(*doc, &items->children.at(0), wc::EnumerationMode::epr);
  ASSERT_TRUE(item.epr());
  EXPECT_EQ(item.epr()->resource_uri, "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem");
  ASSERT_EQ(item.epr()->selectors.size(), 2u);
  EXPECT_EQ(item.epr()->selectors[1], (std::pair<std::string, std::string>{"Name", "host & co"}));
}

TEST(Parse, ObjectAndEprWithReferenceProperty) {
  auto doc = wc::parse_xml(fixture("winrm_enumerate_object_and_epr.xml"));
  ASSERT_TRUE(doc);
  const auto* items = body_of(*doc).child(wc::ns::wsman, "Items");
  wc::Item item(*doc, &items->children.at(0), wc::EnumerationMode::object_and_epr);
  ASSERT_TRUE(item.instance());
  ASSERT_TRUE(item.epr());
  EXPECT_EQ(item.instance()->class_name, "AssociatedSensor");
  const auto* ante = item.instance()->find("Antecedent");
  ASSERT_NE(ante, nullptr);
  EXPECT_EQ(ante->kind, wc::Property::Kind::reference);
  EXPECT_EQ(ante->references.at(0).selectors.at(0).second, "7.1");
  EXPECT_EQ(item.epr()->resource_uri, "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AssociatedSensor");
}

TEST(Parse, ItemXmlReparses) {
  auto doc = wc::parse_xml(fixture("idrac_enumerate_optimized.xml"));
  ASSERT_TRUE(doc);
  const auto* items = body_of(*doc).child(wc::ns::wsman, "Items");
  wc::Item item(*doc, &items->children.at(0), wc::EnumerationMode::object);
  auto again = wc::parse_xml(item.xml());
  ASSERT_TRUE(again) << item.xml();
  EXPECT_EQ(wc::read_instance((*again)->root).find("FQDD")->values.at(0), "CPU.Socket.1");
}

TEST(Parse, HostileDocumentsRefused) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "<a>";
  EXPECT_EQ(wc::parse_xml(deep).error(), wc::Errc::bad_response);
  EXPECT_EQ(wc::parse_xml("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>").error(), wc::Errc::bad_response);
  EXPECT_EQ(wc::parse_xml("not xml at all").error(), wc::Errc::bad_response);
  EXPECT_EQ(wc::parse_xml(std::string("\xFF\xFE<\0", 5)).error(), wc::Errc::bad_response);  // odd UTF-16
  EXPECT_EQ(wc::parse_xml("").error(), wc::Errc::bad_response);
}

TEST(Parse, WellFormednessAndNamespaces) {
  auto doc = wc::parse_xml(
      "<?xml version=\"1.0\"?><!-- c --><p:a xmlns:p=\"urn:p\" xmlns=\"urn:d\" p:x=\"1 &amp; &#x41;\" y='2'>"
      "<b>t&lt;1<!-- c --><![CDATA[<raw>&amp;]]>&#233;</b><c xmlns=\"\"/><p:d>  </p:d></p:a>\n");
  ASSERT_TRUE(doc);
  const wc::Element& a = (*doc)->root;
  EXPECT_EQ(a.ns, "urn:p");
  EXPECT_EQ(a.name, "a");
  ASSERT_NE(a.attribute("urn:p", "x"), nullptr);
  EXPECT_EQ(*a.attribute("urn:p", "x"), "1 & A");
  EXPECT_EQ(*a.attribute("", "y"), "2");
  EXPECT_EQ(a.attributes.size(), 2u);  // the declarations are not attributes
  ASSERT_EQ(a.children.size(), 3u);
  EXPECT_EQ(a.children[0].ns, "urn:d");
  EXPECT_EQ(a.children[0].text, "t<1<raw>&amp;\xC3\xA9");
  EXPECT_EQ(a.children[1].ns, "");
  EXPECT_EQ(a.children[2].text, "  ");
  for (const char* bad : {"<a><b></a></b>", "<a>", "<a></a><b/>", "<a></a>x", "<p:a/>", "<a x='1' x='2'/>",
                          "<a x=1/>", "<a x='<'/>", "<a>&unknown;</a>", "<a>&#0;</a>", "<a>\x01</a>",
                          "<a>\xC3</a>", "<a>\xED\xA0\x80</a>", "<a>\xC0\xAF</a>", "<a>]]></a>",
                          "<a xmlns:p=''/>", "<a/ >", "<a b='1'c='2'/>", "<1a/>", "<!DOCTYPE a><a/>"}) {
    EXPECT_FALSE(wc::parse_xml(bad)) << bad;
  }
  wc::XmlLimits few;
  few.max_elements = 3;
  EXPECT_FALSE(wc::parse_xml("<a><b/><c/><d/></a>", few));
  EXPECT_TRUE(wc::parse_xml("<a><b/><c/></a>", few));
}

TEST(Envelope, EscapesEverythingTheCallerGives) {
  wc::HeaderFields h;
  h.to = "http://h/wsman";
  h.action = wc::ns::action_get;
  h.resource_uri = "http://x/<y>";
  h.selectors = {{"Name", "a&b\"<"}};
  h.operation_timeout_ms = 1500;
  auto xml = wc::build_envelope(h, {});
  auto doc = wc::parse_xml(xml);
  ASSERT_TRUE(doc) << xml;
  const auto* header = (*doc)->root.child(wc::ns::soap, "Header");
  EXPECT_EQ(header->child(wc::ns::wsman, "ResourceURI")->text, "http://x/<y>");
  EXPECT_EQ(header->child(wc::ns::wsman, "SelectorSet")->children.at(0).text, "a&b\"<");
  EXPECT_EQ(header->child(wc::ns::wsman, "OperationTimeout")->text, "PT1.5S");
  EXPECT_TRUE(header->child(wc::ns::wsa, "MessageID")->text.starts_with("uuid:"));
  EXPECT_NE(wc::new_message_id(), wc::new_message_id());
}

TEST(Envelope, Utf16RequestsRoundTrip) {
  auto u = wc::utf8_to_utf16le("<a>\xC3\xA9\xF0\x9F\x98\x80</a>");
  auto back = wc::to_utf8(u);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "<a>\xC3\xA9\xF0\x9F\x98\x80</a>");
}
