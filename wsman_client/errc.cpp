// The wsman_client error category's names and messages.
#include "wsman_client/errc.hpp"

namespace wsman::client {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wsman_client"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::invalid_argument: return "invalid argument";
      case Errc::connect_failed: return "cannot connect";
      case Errc::tls_failed: return "TLS failure";
      case Errc::auth_failed: return "authentication failed";
      case Errc::timeout: return "timed out";
      case Errc::http_status: return "unexpected HTTP status";
      case Errc::redirect: return "redirected (WS-Management endpoints do not redirect)";
      case Errc::too_large: return "answer larger than the limit";
      case Errc::closed: return "connection closed before a whole answer";
      case Errc::bad_response: return "malformed answer";
      case Errc::fault: return "WS-Management fault";
      case Errc::enumeration_ended: return "enumeration already ended";
    }
    return "unknown wsman_client error";
  }
};

}  // namespace

const std::error_category& category() {
  static const Category instance;
  return instance;
}

std::error_code make_error_code(Errc e) { return {static_cast<int>(e), category()}; }

}  // namespace wsman::client
