#include "agent/serve_exec.hpp"

#include "agent/exit_codes.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <unistd.h>

namespace agent {

int exec_serve_binary(char** argv) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::string path = (ec ? std::filesystem::path(argv[0]) : self).parent_path() / "bmcwsman-serve";
    std::string name = "bmcwsman-serve";
    argv[0] = name.data();
    execv(path.c_str(), argv);
    fmt::print(stderr, "bmcwsman: cannot run {}: {}\n", path, std::strerror(errno));
    return exit_code::failure;
}

} // namespace agent
