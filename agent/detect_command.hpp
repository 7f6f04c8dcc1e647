// `bmcwsman detect`: where the BMC is and how it was found.
#pragma once

#include <filesystem>

namespace agent {

// Prints the BMC location (human text or JSON) and returns the process exit code.
int run_detect(const std::filesystem::path& smbios_dir, bool json);

} // namespace agent
