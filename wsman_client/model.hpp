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
  std::vector<Element> embedded;    // Kind::embedded: the elements as they came (views into the Instance's document)
  bool is_array() const { return values.size() + references.size() + embedded.size() > 1; }
};

struct Instance {
  std::string class_name;  // the element's local name, "_Type"/"_OUTPUT" kept as sent
  std::string ns;          // the element's namespace (the class's resource URI for DSP0230)
  std::vector<Property> properties;
  DocumentPtr document;  // keeps the embedded elements' views alive
  const Property* find(std::string_view name) const;  // case-insensitive
};

enum class EnumerationMode { object, epr, object_and_epr };

// One result: an instance, an EPR or both (EnumerateObjectAndEPR), with its XML. The element
// is parsed with the answer; the typed instance, the EPR and the standalone XML are read from
// it on first use (so a caller that reads one property pays for no other). An Item keeps its
// answer's document alive; like a std::string it is used from one thread at a time.
class Item {
 public:
  Item() = default;
  Item(DocumentPtr document, const Element* element, EnumerationMode mode);
  explicit Item(Epr epr);  // an EPR alone (Create's answer)

  const Element* element() const { return element_; }  // nullptr for an EPR alone
  const std::optional<Instance>& instance() const;
  const std::optional<Epr>& epr() const;
  const std::string& xml() const;  // the item element as standalone XML ("" for an EPR alone)
  // One property's first value read straight from the element, without building the Instance:
  // the text (a datetime's or interval's inside), nullopt when absent, nil or not a value. The
  // name is matched without case. A view into the document: valid while the Item lives.
  std::optional<std::string_view> value(std::string_view property) const;
  const DocumentPtr& document() const { return document_; }

 private:
  void read() const;
  const Element* object_element() const;  // the instance's element (inside wsman:Item too)

  DocumentPtr document_;
  const Element* element_ = nullptr;
  EnumerationMode mode_ = EnumerationMode::object;
  mutable bool read_ = false;
  mutable std::optional<Instance> instance_;
  mutable std::optional<Epr> epr_;
  mutable std::optional<std::string> xml_;
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
  DocumentPtr document;
  const Element* body = nullptr;  // the IdentifyResponse element, in document
};

// Readers over parsed elements (DSP0230 instances, WS-Addressing EPRs, SOAP 1.2 faults).
Instance read_instance(const Element& e, DocumentPtr document = {});
std::optional<Epr> read_epr(const Element& e);  // an element holding wsa:Address/ReferenceParameters
Fault read_fault(const Element& fault);

}  // namespace wsman::client
