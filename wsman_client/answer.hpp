// The reading of one HTTP answer into a SOAP payload or a typed failure (pure: no I/O), shared
// by Session and the response fuzz target.
#pragma once

#include <string>

#include "wsman_client/model.hpp"
#include "wsman_client/transport.hpp"

namespace wsman::client {

// A parsed answer: the document (the bytes as received and the tree), the SOAP Body's first element.
struct Answer {
  DocumentPtr document;
  const Element* body = nullptr;  // the payload element inside s:Body (an empty one when none)
  std::string_view raw() const { return document->raw(); }
};

Result<Answer> read_answer(long status, const std::string& content_type, std::string body,
                           const XmlLimits& limits = {});

}  // namespace wsman::client
