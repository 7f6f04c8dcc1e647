// Process exit codes of the bmcwsman CLI (documented in README.md).
#pragma once

namespace agent::exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;         // the command could not be carried out
inline constexpr int usage = 2;           // bad command line
inline constexpr int completion_code = 3; // the BMC answered with a non-zero completion code
} // namespace agent::exit_code
