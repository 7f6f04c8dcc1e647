// --ssif parsing and the sysfs walk that finds the SSIF adapter and its owner.
#include "ssif_driver/locate.hpp"

#include "ssif_driver/errc.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fstream>
#include <vector>

namespace ssif {
namespace fs = std::filesystem;
namespace {

std::string read_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::optional<std::string> bound_driver(const fs::path& client) {
    std::error_code ec;
    const auto target = fs::read_symlink(client / "driver", ec);
    if (ec) {
        return std::nullopt;
    }
    return target.filename().string();
}

// "i2c-7" -> 7.
std::optional<unsigned> adapter_number(std::string_view name) {
    if (!name.starts_with("i2c-")) {
        return std::nullopt;
    }
    name.remove_prefix(4);
    unsigned n = 0;
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), n);
    if (err != std::errc{} || end != name.data() + name.size()) {
        return std::nullopt;
    }
    return n;
}

Placement placed(const fs::path& sysfs_i2c, unsigned adapter, std::string how,
                 std::optional<std::string> driver) {
    Placement p;
    p.device = fmt::format("/dev/i2c-{}", adapter);
    p.adapter_name = read_line(sysfs_i2c / fmt::format("i2c-{}", adapter) / "name");
    p.how = std::move(how);
    p.driver = std::move(driver);
    return p;
}

} // namespace

std::expected<Spec, std::error_code> parse_spec(std::string_view text) {
    Spec spec;
    const auto comma = text.find(',');
    spec.device = std::string(text.substr(0, comma));
    if (!spec.device.starts_with("/dev/") || spec.device.size() <= 5) {
        return std::unexpected(make_error_code(Errc::bad_spec));
    }
    if (comma != std::string_view::npos) {
        auto addr = text.substr(comma + 1);
        if (addr.starts_with("0x") || addr.starts_with("0X")) {
            addr.remove_prefix(2);
        }
        unsigned value = 0;
        const auto [end, err] = std::from_chars(addr.data(), addr.data() + addr.size(), value, 16);
        // 7-bit addresses outside the reserved ranges (I2C: 0x00-0x02, 0x78-0x7f).
        if (addr.empty() || err != std::errc{} || end != addr.data() + addr.size() || value < 0x03 ||
            value > 0x77) {
            return std::unexpected(make_error_code(Errc::bad_spec));
        }
        spec.address = static_cast<std::uint8_t>(value);
    }
    return spec;
}

std::expected<Placement, std::error_code> find_placement(const fs::path& sysfs_i2c,
                                                         std::uint8_t address) {
    std::error_code ec;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(sysfs_i2c, ec)) {
        entries.push_back(entry.path());
    }
    if (ec) {
        return std::unexpected(make_error_code(Errc::no_adapter));
    }
    std::ranges::sort(entries);
    const auto client_suffix = fmt::format("-{:04x}", address);
    std::vector<unsigned> smbus_adapters;
    for (const auto& path : entries) {
        const auto name = path.filename().string();
        // ACPI IPI0001 with _IFT 4 (q35): the client sits below its adapter.
        if (name.starts_with("i2c-IPI0001:")) {
            const auto real = fs::canonical(path, ec);
            if (auto n = ec ? std::nullopt : adapter_number(real.parent_path().filename().string())) {
                return placed(sysfs_i2c, *n, "ACPI IPI0001 client " + name, bound_driver(path));
            }
        }
        // A client "N-00AA" (created from SMBIOS by ipmi_ssif, or by hand).
        if (name.ends_with(client_suffix)) {
            unsigned n = 0;
            const auto digits = std::string_view(name).substr(0, name.size() - client_suffix.size());
            const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
            if (err == std::errc{} && end == digits.data() + digits.size() && !digits.empty()) {
                return placed(sysfs_i2c, n, "client " + name, bound_driver(path));
            }
        }
        if (auto n = adapter_number(name)) {
            const auto adapter = read_line(path / "name");
            if (adapter.find("I801") != std::string::npos || adapter.find("PIIX4") != std::string::npos ||
                adapter.starts_with("SMBus")) {
                smbus_adapters.push_back(*n);
            }
        }
    }
    if (smbus_adapters.empty()) {
        return std::unexpected(make_error_code(Errc::no_adapter));
    }
    std::ranges::sort(smbus_adapters);
    return placed(sysfs_i2c, smbus_adapters.front(), "adapter name", std::nullopt);
}

} // namespace ssif
