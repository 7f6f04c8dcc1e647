// CIM methods and Put as IPMI commands (DSP1027 power, DSP1010 ClearLog, DSP1009 thresholds,
// DSP1074 identify LED).
#pragma once

#include "cim_mapping/bmc_access.hpp"
#include "cim_mapping/provider.hpp"

namespace cim {

// ReturnValue codes shared by the profiles' extrinsic methods.
namespace return_value {
inline constexpr std::uint32_t completed = 0;
inline constexpr std::uint32_t not_supported = 1;
inline constexpr std::uint32_t failed = 4;
inline constexpr std::uint32_t invalid_parameter = 5;
} // namespace return_value

// `target` is the instance the method runs on (already found and access-checked).
// Transport failures are errors (Errc::bmc_unavailable); a BMC that refuses a command gives
// ReturnValue 4 (failed).
[[nodiscard]] std::expected<MethodResult, std::error_code>
run_method(BmcAccess& bmc, const Instance& target, std::string_view method,
           const std::vector<Property>& arguments);

// Writable properties of `target` set to `changes` (unchanged read-only ones skipped).
[[nodiscard]] std::error_code apply_put(BmcAccess& bmc, const Instance& target,
                                        const std::vector<Property>& changes);

} // namespace cim
