// Request envelopes: the WS-Addressing/WS-Management header block (DSP0226 6, 7) and the bodies
// of Identify, Enumerate (WS-Enumeration 3.1, DSP0226 8.2-8.7, DSP0227 8) and Pull.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wsman_client/model.hpp"

namespace wsman::client {

struct HeaderFields {
  std::string to;            // the endpoint URL
  std::string action;
  std::string resource_uri;
  Selectors selectors;
  Selectors options;         // wsman:OptionSet
  std::uint32_t max_envelope_size = 512000;
  std::uint32_t operation_timeout_ms = 60000;
  std::string locale = "en-US";
  std::string extra_headers_xml;  // more header blocks, written as given (e.g. wse:Identifier)
};

// An xs:duration of whole and fractional seconds ("PT1.5S").
std::string duration(std::uint32_t ms);

// A fresh "uuid:..." (random version 4).
std::string new_message_id();

// "<s:Envelope" with the prefixes every request and reply here uses (s, a, w, n, b) declared.
void append_envelope_start(std::string& s);

// A whole request; message_id "" makes a fresh one.
std::string build_envelope(const HeaderFields& h, const std::string& body_xml, const std::string& message_id = {});

// DSP0226 11: the Identify request has no addressing headers.
std::string identify_envelope();

struct AssociationFilter {
  Epr object;                     // resource URI and selectors of the source instance
  bool association_instances = false;  // true: the links (references); false: the far ends
  std::string association_class, result_class, role, result_role;
};

struct EnumerateOptions {
  bool optimize = true;
  std::uint32_t max_elements = 100;  // per batch (optimized Enumerate and each Pull)
  EnumerationMode mode = EnumerationMode::object;
  std::string wql;                   // WQL filter (dialect WQL)
  std::optional<Selectors> selector_filter;
  std::optional<AssociationFilter> association_filter;
  std::string dialect, filter_text;  // any other dialect, sent verbatim as text
  bool shallow = false;              // wsmb:PolymorphismMode None (DSP0227 8.1)
  bool base_properties_only = false; // wsmb:PolymorphismMode ExcludeSubClassProperties
};

std::string enumerate_body(const EnumerateOptions& o);
std::string pull_body(const std::string& context, std::uint32_t max_elements);
std::string release_body(const std::string& context);

}  // namespace wsman::client
