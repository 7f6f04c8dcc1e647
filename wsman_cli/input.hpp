// winrm's input syntax: @{KEY="VALUE";KEY=$null} and the {Name="V";...} of -filter.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsman::cli {

using Pairs = std::vector<std::pair<std::string, std::optional<std::string>>>;  // nullopt = $null

// "@{K="V";K2=$null}" (or "{...}" when at_sign is false). Keys [\w:]+, values double-quoted
// (\" escapes a quote) or $null; duplicate keys refused. The error names what was wrong.
// bare_values: unquoted values up to ';' or the end (winrm's association -filter).
std::expected<Pairs, std::string> parse_hash(std::string_view text, bool at_sign = true, bool bare_values = false);

// The instance body winrm builds for create/invoke: <p:ROOT xmlns:p="NS"><p:K>V</p:K>...</p:ROOT>
// ($null as xsi:nil).
std::string build_body(const std::string& root, const std::string& ns, const Pairs& pairs);

}  // namespace wsman::cli
