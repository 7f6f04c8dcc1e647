// Typed IPMI calls over any Transport: one Client per BMC serialises access and
// retries the completion codes that mean "try again" (C0h busy, C3h timeout).
#pragma once

#include "ipmi/commands/command.hpp"
#include "ipmi/completion_code.hpp"
#include "ipmi/message.hpp"
#include "ipmi/transport.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <mutex>
#include <system_error>

namespace ipmi {

struct ClientOptions {
    unsigned busy_retries = 5;                  // extra attempts after C0h/C3h
    std::chrono::milliseconds first_backoff{5}; // doubled after each retry
    std::chrono::milliseconds max_backoff{200};
};

class Client {
public:
    using Sleep = std::function<void(std::chrono::milliseconds)>;

    struct Stats {
        std::uint64_t transactions = 0; // requests handed to the transport
        std::uint64_t retries = 0;      // of which repeats after C0h/C3h
    };

    // `sleep` defaults to std::this_thread::sleep_for; tests pass their own.
    explicit Client(Transport& transport, ClientOptions options = {}, Sleep sleep = {});

    // One request; the completion code is data. After the last retry a C0h/C3h
    // answer is returned as it is.
    [[nodiscard]] std::expected<Response, std::error_code> send(const Request& request);

    // A typed command: a non-zero completion code becomes an error in
    // completion_category(), so callers can compare with CompletionCode values.
    template <Command C>
    [[nodiscard]] std::expected<typename C::Response, std::error_code> call(const C& command,
                                                                            std::uint8_t lun = 0) {
        auto response = send(Request{C::netfn, lun, C::cmd, command.encode()});
        if (!response) {
            return std::unexpected(response.error());
        }
        if (!response->ok()) {
            return std::unexpected(make_error_code(response->cc));
        }
        return C::decode(response->data);
    }

    [[nodiscard]] Stats stats() const;
    [[nodiscard]] Transport& transport() { return transport_; }

private:
    Transport& transport_;
    ClientOptions options_;
    Sleep sleep_;
    mutable std::mutex mutex_;
    Stats stats_;
};

} // namespace ipmi
