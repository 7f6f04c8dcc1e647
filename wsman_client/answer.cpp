// An HTTP answer to Answer or Failure: redirects, 401/403, non-XML bodies, malformed XML, SOAP
// faults (SOAP 1.2 part 1, 5.4; DSP0226 14) and non-200 statuses without a fault.
#include "wsman_client/answer.hpp"

#include "wsman_client/errc.hpp"
#include "wsman_client/namespaces.hpp"

namespace wsman::client {

namespace {

bool looks_like_xml(const HttpAnswer& a) {
  if (a.body.empty()) return false;
  return a.content_type.find("xml") != std::string::npos || a.body.front() == '<' ||
         a.body.starts_with("\xEF\xBB\xBF") || a.body.starts_with("\xFF\xFE") || a.body.starts_with("\xFE\xFF");
}

std::string snippet(std::string_view body) {
  std::string s;
  for (char c : body.substr(0, 80)) s.push_back((c >= 0x20 && c < 0x7F) ? c : '.');
  return s;
}

}  // namespace

Result<Answer> read_answer(long status, const std::string& content_type, std::string body_bytes,
                           const XmlLimits& limits) {
  HttpAnswer answer{status, content_type, std::move(body_bytes)};
  auto* http = &answer;
  if (status >= 300 && status < 400) {
    auto f = failure(make_error_code(Errc::redirect), "the server redirected (HTTP " + std::to_string(status) +
                                                          "); WS-Management endpoints do not redirect");
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  if (status == 401 || status == 403) {
    auto f = failure(make_error_code(Errc::auth_failed), "authentication failed (HTTP " + std::to_string(status) + ")");
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  if (!looks_like_xml(*http)) {
    Errc e = status == 200 ? Errc::bad_response : Errc::http_status;
    auto f = failure(make_error_code(e), "HTTP " + std::to_string(status) + " without a SOAP envelope" +
                                             (http->body.empty() ? "" : ": \"" + snippet(http->body) + "\""));
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  char head[80];  // for the message when the XML is bad (the bytes move into the document)
  const std::size_t head_size = http->body.copy(head, sizeof head);
  auto doc = parse_owned(std::move(http->body), limits);
  if (!doc) {
    auto f = failure(make_error_code(Errc::bad_response), "HTTP " + std::to_string(status) +
                                                              ": the answer is not well-formed XML within the limits"
                                                              " (depth, elements): \"" +
                                                              snippet({head, head_size}) + "\"");
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  const Element& root = (*doc)->root;
  const Element* body = nullptr;
  if (root.ns == ns::soap && root.name == "Envelope") {
    for (const auto& c : root.children) {
      if (c.ns == ns::soap && c.name == "Body") body = &c;
    }
  }
  if (body == nullptr) {
    auto f = failure(make_error_code(Errc::bad_response), "the answer is not a SOAP 1.2 envelope");
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  if (auto* fault = body->child(ns::soap, "Fault")) {
    Failure f = failure(make_error_code(Errc::fault));
    f.fault = read_fault(*fault);
    f.message = f.fault->subcode.empty() ? f.fault->code : f.fault->subcode;
    if (!f.fault->reason.empty()) f.message += ": " + f.fault->reason;
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  if (status != 200) {
    auto f = failure(make_error_code(Errc::http_status), "HTTP " + std::to_string(status) + " without a SOAP fault");
    f.http_status = static_cast<int>(status);
    return std::unexpected(std::move(f));
  }
  static const Element empty;
  Answer a;
  a.body = body->children.empty() ? &empty : &body->children.front();
  a.document = std::move(*doc);
  return a;
}

}  // namespace wsman::client
