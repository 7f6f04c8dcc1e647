// Reading bmcwsman.toml with toml++.
#include "agent/serve_config.hpp"

#include "agent/lan_workarounds.hpp"

#include <array>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <toml++/toml.h>

namespace agent {
namespace {

using Table = toml::table;

struct Reader {
    const Table& root;
    std::string error;

    // Every key of every section must be known.
    bool only(const std::map<std::string, std::set<std::string>>& known) {
        for (const auto& [section, node] : root) {
            const std::string name(section.str());
            if (name == "modules") {
                continue; // [modules.NAME], read by read_modules
            }
            auto it = known.find(name);
            if (it == known.end() || !node.is_table()) {
                error = fmt::format("unknown section [{}]", name);
                return false;
            }
            for (const auto& [key, value] : *node.as_table()) {
                if (!it->second.contains(std::string(key.str()))) {
                    error = fmt::format("unknown key {}.{}", name, key.str());
                    return false;
                }
            }
        }
        return true;
    }
    const toml::node* at(std::string_view section, std::string_view key) const {
        const toml::node* s = root.get(section);
        return s != nullptr && s->is_table() ? s->as_table()->get(key) : nullptr;
    }
    void text(std::string_view section, std::string_view key, std::string& out) {
        if (const toml::node* n = at(section, key)) {
            if (auto v = n->value<std::string>()) {
                out = *v;
            } else {
                error = fmt::format("{}.{} must be a string", section, key);
            }
        }
    }
    void texts(std::string_view section, std::string_view key, std::vector<std::string>& out) {
        if (const toml::node* n = at(section, key)) {
            const toml::array* a = n->as_array();
            if (a == nullptr) {
                error = fmt::format("{}.{} must be an array of strings", section, key);
                return;
            }
            out.clear();
            for (const auto& item : *a) {
                auto v = item.value<std::string>();
                if (!v) {
                    error = fmt::format("{}.{} must be an array of strings", section, key);
                    return;
                }
                out.push_back(*v);
            }
        }
    }
    void flag(std::string_view section, std::string_view key, bool& out) {
        if (const toml::node* n = at(section, key)) {
            if (auto v = n->value<bool>()) {
                out = *v;
            } else {
                error = fmt::format("{}.{} must be true or false", section, key);
            }
        }
    }
    void number(std::string_view section, std::string_view key, unsigned& out, unsigned lo, unsigned hi) {
        if (const toml::node* n = at(section, key)) {
            // Integers only: toml++ (3.x as Debian ships it) converts a float node to int64 without
            // a range check, undefined for 5e34 (found by config_fuzz).
            const auto* integer = n->as_integer();
            const auto v = integer != nullptr ? std::optional<std::int64_t>(integer->get()) : std::nullopt;
            if (!v || *v < static_cast<std::int64_t>(lo) || *v > static_cast<std::int64_t>(hi)) {
                error = fmt::format("{}.{} must be an integer from {} to {}", section, key, lo, hi);
            } else {
                out = static_cast<unsigned>(*v);
            }
        }
    }
};

// [modules.NAME] of multi-target mode: user, password_file, privilege, cipher_suite,
// workarounds (FreeIPMI's names or libfreeipmi's number), timeout_ms, collectors.
std::string read_modules(const Table& root, std::map<std::string, TargetModule>& out) {
    const toml::node* modules = root.get("modules");
    if (modules == nullptr) {
        return {};
    }
    if (!modules->is_table()) {
        return "modules must be tables [modules.NAME]";
    }
    for (const auto& [name_key, node] : *modules->as_table()) {
        const std::string name(name_key.str());
        const std::string section = "modules." + name;
        if (!node.is_table()) {
            return fmt::format("{} must be a table", section);
        }
        Table wrapper;
        wrapper.insert(section, *node.as_table());
        Reader r{wrapper, {}};
        if (!r.only({{section, {"user", "password_file", "privilege", "cipher_suite", "workarounds", "timeout_ms",
                                "collectors"}}})) {
            return r.error;
        }
        TargetModule m;
        r.text(section, "user", m.user);
        r.text(section, "password_file", m.password_file);
        r.text(section, "privilege", m.privilege);
        r.number(section, "cipher_suite", m.cipher_suite, 0, 17);
        r.number(section, "timeout_ms", m.timeout_ms, 1, 600000);
        if (const toml::node* n = r.at(section, "workarounds"); n != nullptr && n->is_string()) {
            auto flags = parse_lan_workarounds(*n->value<std::string>());
            if (!flags) {
                return fmt::format("{}.workarounds: {}", section, flags.error());
            }
            m.workarounds = *flags;
        } else {
            r.number(section, "workarounds", m.workarounds, 0, 0xFFFFFFFFU);
        }
        if (const toml::node* n = r.at(section, "collectors")) {
            if (!n->is_array()) {
                return fmt::format("{}.collectors must be an array of strings", section);
            }
            m.collectors = {false, false, false, false};
            for (const auto& c : *n->as_array()) {
                const auto v = c.value<std::string>();
                if (v == "ipmi") {
                    m.collectors.ipmi = true;
                } else if (v == "bmc") {
                    m.collectors.bmc = true;
                } else if (v == "chassis") {
                    m.collectors.chassis = true;
                } else if (v == "sel") {
                    m.collectors.sel = true;
                } else {
                    return fmt::format("{}.collectors: {} is not one of ipmi, bmc, chassis, sel (dcmi and "
                                       "sm-lan-mode are not read into the model)",
                                       section, v ? *v : std::string("a non-string"));
                }
            }
        }
        if (!r.error.empty()) {
            return r.error;
        }
        if (m.privilege != "user" && m.privilege != "operator" && m.privilege != "admin") {
            return section + ".privilege must be user, operator or admin";
        }
        if (m.user.empty()) {
            return section + ".user is required";
        }
        out[name] = std::move(m);
    }
    return {};
}

} // namespace

std::expected<ConfiguredTransport, std::string> read_config(const std::filesystem::path& file, ServeArgs& serve,
                                                            const TransportChoice& defaults) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::unexpected(fmt::format("{}: cannot be read", file.string()));
    }
    std::string text;
    std::array<char, 4096> chunk{};
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_config_bytes) {
            return std::unexpected(fmt::format("{}: larger than {} bytes", file.string(), max_config_bytes));
        }
    }
    return parse_config(text, file.string(), serve, defaults);
}

std::expected<ConfiguredTransport, std::string> parse_config(std::string_view text, const std::string& origin,
                                                             ServeArgs& serve, const TransportChoice& defaults) {
    // Debian's toml++ reports parse errors as exceptions: start-up only, caught here.
    Table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        return std::unexpected(fmt::format("{}:{}:{}: {}", origin, e.source().begin.line,
                                           e.source().begin.column, e.description()));
    }
    Reader r{root, {}};
    const auto fail = [&]() { return std::unexpected(fmt::format("{}: {}", origin, r.error)); };
    if (!r.only({{"listen", {"https", "http", "allow_basic_over_http"}},
                 {"tls", {"certificate", "key", "client_ca", "ciphers", "ciphersuites", "min_version"}},
                 {"auth", {"users_file"}},
                 {"bmc", {"transport", "kcs", "ssif", "bt", "openipmi_device", "lan_host", "lan_user", "lan_password_file",
                          "lan_privilege", "lan_cipher_suite", "lan_workarounds", "timeout_ms", "sdr_cache_dir",
                          "system_name", "raw_ipmi", "smbios_dir"}},
                 {"model", {"poll_interval_seconds", "max_reading_age_seconds", "sel_poll_interval_ms"}},
                 {"limits", {"workers", "max_connections", "max_connections_per_source", "max_header_bytes",
                             "max_body_bytes", "header_timeout_seconds", "read_timeout_seconds",
                             "send_timeout_seconds", "idle_timeout_seconds", "max_requests_per_connection"}},
                 {"daemon", {"user", "log_level", "status_socket", "state_dir"}},
                 {"sel_archive", {"max_mib", "hard_max_mib", "sync"}},
                 {"metrics", {"anonymous_loopback", "max_targets", "target_idle_seconds", "scrape_timeout_seconds"}},
                 {"eventing", {"max_subscriptions", "max_subscriptions_per_user", "notify_allow", "sink_ca_file",
                               "sink_client_cert", "sink_client_key"}}})) {
        return fail();
    }
    r.text("listen", "https", serve.https_listen);
    r.text("listen", "http", serve.listen);
    r.flag("listen", "allow_basic_over_http", serve.allow_basic_over_http);
    r.text("tls", "certificate", serve.tls_certificate);
    r.text("tls", "key", serve.tls_key);
    r.text("tls", "client_ca", serve.tls_client_ca);
    r.text("tls", "ciphers", serve.tls_ciphers);
    r.text("tls", "ciphersuites", serve.tls_ciphersuites);
    r.text("tls", "min_version", serve.tls_min_version);
    r.text("auth", "users_file", serve.users_file);
    r.text("bmc", "sdr_cache_dir", serve.sdr_cache_dir);
    r.text("bmc", "system_name", serve.system_name);
    r.flag("bmc", "raw_ipmi", serve.raw_ipmi);
    r.number("model", "poll_interval_seconds", serve.poll_seconds, 1, 3600);
    r.number("model", "max_reading_age_seconds", serve.max_reading_age_seconds, 1, 86400);
    r.number("model", "sel_poll_interval_ms", serve.sel_poll_ms, 0, 3600000);
    r.number("limits", "workers", serve.workers, 0, 256); // 0: default_workers()
    r.number("limits", "max_connections", serve.max_connections, 1, 65536);
    r.number("limits", "max_connections_per_source", serve.max_connections_per_source, 1, 65536);
    r.number("limits", "max_header_bytes", serve.max_header_bytes, 1024, 1024 * 1024);
    r.number("limits", "max_body_bytes", serve.max_body_bytes, 4096, 64 * 1024 * 1024);
    r.number("limits", "header_timeout_seconds", serve.header_timeout_seconds, 1, 300);
    r.number("limits", "read_timeout_seconds", serve.read_timeout_seconds, 1, 300);
    r.number("limits", "send_timeout_seconds", serve.send_timeout_seconds, 1, 300);
    r.number("limits", "idle_timeout_seconds", serve.idle_timeout_seconds, 1, 3600);
    r.number("limits", "max_requests_per_connection", serve.max_requests_per_connection, 1, 1000000000);
    r.text("daemon", "user", serve.run_as);
    r.text("daemon", "log_level", serve.log_level);
    r.text("daemon", "status_socket", serve.status_socket);
    r.text("daemon", "state_dir", serve.state_dir);
    r.number("sel_archive", "max_mib", serve.sel_archive_max_mib, 1, 1048576);
    r.number("sel_archive", "hard_max_mib", serve.sel_archive_hard_max_mib, 0, 1048576);
    r.text("sel_archive", "sync", serve.sel_archive_sync);
    if (serve.sel_archive_sync != "every_append" && serve.sel_archive_sync != "none" && r.error.empty()) {
        r.error = "sel_archive.sync must be every_append or none";
    }
    r.flag("metrics", "anonymous_loopback", serve.metrics_anonymous_loopback);
    r.number("metrics", "max_targets", serve.metrics_max_targets, 1, 4096);
    r.number("metrics", "target_idle_seconds", serve.metrics_target_idle_seconds, 1, 86400);
    r.number("metrics", "scrape_timeout_seconds", serve.metrics_scrape_timeout_seconds, 1, 300);
    r.number("eventing", "max_subscriptions", serve.max_subscriptions, 0, 100000);
    r.number("eventing", "max_subscriptions_per_user", serve.max_subscriptions_per_user, 0, 100000);
    r.text("eventing", "sink_ca_file", serve.sink_ca_file);
    r.text("eventing", "sink_client_cert", serve.sink_client_cert);
    r.text("eventing", "sink_client_key", serve.sink_client_key);
    r.texts("eventing", "notify_allow", serve.notify_allow);
    if (auto e = read_modules(root, serve.metrics_modules); !e.empty()) {
        r.error = e;
    }
    if (!r.error.empty()) {
        return fail();
    }
    ConfiguredTransport out;
    out.choice = defaults;
    std::string transport = "auto";
    std::string kcs;
    std::string ssif_spec;
    std::string bt_spec;
    std::string device;
    std::string lan;
    std::string smbios_dir;
    unsigned timeout_ms = static_cast<unsigned>(defaults.timeout.count());
    r.text("bmc", "transport", transport);
    r.text("bmc", "kcs", kcs);
    r.text("bmc", "ssif", ssif_spec);
    r.text("bmc", "bt", bt_spec);
    r.text("bmc", "openipmi_device", device);
    r.text("bmc", "lan_host", lan);
    r.text("bmc", "lan_user", out.choice.user);
    r.text("bmc", "lan_password_file", out.choice.password_file);
    r.text("bmc", "lan_privilege", out.choice.lan_privilege);
    r.text("bmc", "smbios_dir", smbios_dir);
    r.number("bmc", "lan_cipher_suite", out.choice.cipher_suite, 0, 17);
    // A number (libfreeipmi's flags) or a string of FreeIPMI's names ("opensesspriv,intel20").
    if (const toml::node* n = r.at("bmc", "lan_workarounds"); n != nullptr && n->is_string()) {
        auto flags = parse_lan_workarounds(*n->value<std::string>());
        if (flags) {
            out.choice.lan_workarounds = *flags;
        } else {
            r.error = "bmc.lan_workarounds: " + flags.error();
        }
    } else {
        r.number("bmc", "lan_workarounds", out.choice.lan_workarounds, 0, 0xFFFFFFFFU);
    }
    r.number("bmc", "timeout_ms", timeout_ms, 1, 600000);
    if (!r.error.empty()) {
        return fail();
    }
    if (out.choice.lan_privilege != "user" && out.choice.lan_privilege != "operator" &&
        out.choice.lan_privilege != "admin") {
        r.error = "bmc.lan_privilege must be user, operator or admin";
        return fail();
    }
    out.choice.timeout = std::chrono::milliseconds(timeout_ms);
    if (!smbios_dir.empty()) {
        out.choice.smbios_dir = smbios_dir;
    }
    out.named = transport != "auto";
    if (transport == "sim") {
        out.choice.sim = true;
    } else if (transport == "kcs") {
        out.choice.kcs = kcs.empty() ? std::string("auto") : kcs;
    } else if (transport == "ssif") {
        out.choice.ssif = ssif_spec.empty() ? std::string("auto") : ssif_spec;
    } else if (transport == "bt") {
        out.choice.bt = bt_spec.empty() ? std::string("auto") : bt_spec;
    } else if (transport == "openipmi") {
        out.choice.openipmi = device.empty() ? std::string("auto") : device;
    } else if (transport == "lan") {
        if (lan.empty()) {
            r.error = "bmc.transport = \"lan\" needs bmc.lan_host";
            return fail();
        }
        out.choice.lan = lan;
    } else if (transport != "auto") {
        r.error = "bmc.transport must be auto, kcs, ssif, bt, openipmi, lan or sim";
        return fail();
    }
    return out;
}

} // namespace agent
