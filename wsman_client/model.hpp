// Typed results: instances as ordered properties, EPRs with selectors, faults, Identify (DSP0230).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "wsman_client/xml.hpp"

namespace wsman::client {

using Selectors = std::vector<std::pair<std::string, std::string>>;

struct Epr {
  std::string address;
  std::string resource_uri;
  Selectors selectors;
};

struct Property {
  enum class Kind { value, nil, reference, datetime, embedded };
  std::string name;
  Kind kind = Kind::value;
  std::string type;                 // xsi:type when the server gave one (e.g. "cim:cimString"), else ""
  std::vector<std::string> values;  // one per occurrence (arrays repeat the element); datetimes' text
  std::vector<Epr> references;      // Kind::reference
  std::vector<Element> embedded;    // Kind::embedded: the elements as they came
  bool is_array() const { return values.size() + references.size() + embedded.size() > 1; }
};

struct Instance {
  std::string class_name;  // the element's local name, "_Type"/"_OUTPUT" kept as sent
  std::string ns;          // the element's namespace (the class's resource URI for DSP0230)
  std::vector<Property> properties;
  const Property* find(std::string_view name) const;  // case-insensitive
};

// One result: an instance, an EPR or both (EnumerateObjectAndEPR), with its XML.
struct Item {
  std::optional<Instance> instance;
  std::optional<Epr> epr;
  std::string xml;  // the item element as standalone XML
};

struct Fault {
  std::string code;          // e.g. "s:Sender" as sent
  std::string subcode;       // e.g. "wsa:DestinationUnreachable" as sent
  std::string reason;
  std::string fault_detail;  // wsman:FaultDetail URI, if any
  std::string detail_xml;    // the whole s:Detail as XML, "" when absent
  std::optional<std::uint32_t> wmi_error_code;  // MSFT_WmiError error_Code / f:WSManFault Code
  std::string message;       // the WMI/WinRM message when present
};

// A failure: the code (wsman_client category), a readable message, the fault when the code is Errc::fault.
struct Failure {
  std::error_code code;
  std::string message;
  std::optional<Fault> fault;
  int http_status = 0;
};

template <typename T>
using Result = std::expected<T, Failure>;

Failure failure(std::error_code code, std::string message = {});

struct IdentifyInfo {
  std::string protocol_version;
  std::string product_vendor;
  std::string product_version;
  std::vector<std::string> security_profiles;
  Element body;  // the IdentifyResponse element
};

// Readers over parsed elements (DSP0230 instances, WS-Addressing EPRs, SOAP 1.2 faults).
Instance read_instance(const Element& e);
std::optional<Epr> read_epr(const Element& e);  // an element holding wsa:Address/ReferenceParameters
Fault read_fault(const Element& fault);

}  // namespace wsman::client
