// `bmcwsman serve` and `bmcwsman hash-password` run bmcwsman-serve, installed next to
// bmcwsman, with the same arguments: the command-line tools stay free of gSOAP and OpenSSL
// (whose loading doubled their start-up time).
#pragma once

namespace agent {

// Replaces this process; returns (exit code 1, with a message) only when that fails.
[[nodiscard]] int exec_serve_binary(char** argv);

} // namespace agent
