// What a typed IPMI command is: netfn and command codes, request encoding and a
// response decoder that rejects short or long data (the phosphor-host-ipmid
// habit: the handler's signature is the wire format).
#pragma once

#include <concepts>
#include <cstdint>
#include <expected>
#include <span>
#include <system_error>
#include <vector>

namespace ipmi {

template <typename C>
concept Command = requires(const C& command, std::span<const std::uint8_t> data) {
    { C::netfn } -> std::convertible_to<std::uint8_t>;
    { C::cmd } -> std::convertible_to<std::uint8_t>;
    { command.encode() } -> std::same_as<std::vector<std::uint8_t>>;
    { C::decode(data) } -> std::same_as<std::expected<typename C::Response, std::error_code>>;
};

// A response with no data beyond the completion code.
struct Empty {};

} // namespace ipmi
