// Answers printed as winrm prints them (text: the element's name, then 4-space indented
// "Name = value" lines, null for nil, repeated values joined with ", "), as XML (raw or
// indented) and as JSON (one object per line).
#pragma once

#include <string>

#include "wsman_client/model.hpp"

namespace wsman::cli {

enum class Format { text, xml, pretty, json };

std::string text_of(const client::Element& e);
std::string json_of(const client::Item& item);
std::string json_of(const client::Element& e);  // a generic element (Identify, method output)
std::string json_of(const client::Failure& f);
// The failure as winrm's stderr shows it (WSManFault block and "Error number:" line), or one line.
std::string text_of(const client::Failure& f);

}  // namespace wsman::cli
