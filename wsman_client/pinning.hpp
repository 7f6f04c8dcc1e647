// Certificate pinning by thumbprint for HttpTransport (issue 18: the sink certificate a
// WS-Eventing subscriber names with a wst:IssuedTokens token of type
// http://schemas.dmtf.org/wbem/wsman/1/wsman/token/certificateThumbprint). A thumbprint, as
// Windows shows it, is the SHA-1 hash of the whole DER certificate (40 hex digits); SHA-256
// (64) is accepted too. Not CURLOPT_PINNEDPUBLICKEY, which hashes only the public key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsman::client {

// Lower-case hex of 40 or 64 digits; colons and white space between them dropped; nullopt
// for anything else.
[[nodiscard]] std::optional<std::string> normalize_thumbprint(std::string_view text);

// CURLOPT_SSL_CTX_FUNCTION with CURLOPT_SSL_CTX_DATA = the normalized thumbprint (const
// std::string*): the server's leaf certificate must hash to it; the chain and the host name
// are not checked then (the pin replaces them). libcurl's OpenSSL back end only.
int pin_thumbprint(void* curl, void* ssl_ctx, void* thumbprint);

}  // namespace wsman::client
