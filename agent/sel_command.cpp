#include "agent/sel_command.hpp"

#include "agent/exit_codes.hpp"
#include "agent/failure.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sel/event_text.hpp"
#include "ipmi/sel_reader.hpp"
#include "sel_archive/archive.hpp"

#include <array>
#include <ctime>
#include <filesystem>
#include <utility>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

// Date and time columns as ipmi-sel prints them (local time, "Nov-24-2026" "05:12:24");
// relative timestamps (IPMI 2.0 section 37.1) are "PostInit", FFFFFFFFh "Unspec.".
std::pair<std::string, std::string> when(std::optional<std::uint32_t> ts) {
    if (!ts) {
        return {"N/A", "N/A"};
    }
    if (*ts == ipmi::sel::unspecified_timestamp) {
        return {"Unspec.", "Unspec."};
    }
    if (ipmi::sel::pre_init(*ts)) {
        return {"PostInit", "PostInit"};
    }
    const std::time_t t = static_cast<std::time_t>(*ts);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::array<char, 32> date{};
    std::array<char, 32> hms{};
    (void)std::strftime(date.data(), date.size(), "%b-%d-%Y", &tm);
    (void)std::strftime(hms.data(), hms.size(), "%H:%M:%S", &tm);
    return {date.data(), hms.data()};
}

// One entry as `bmcwsman sel` shows it: every decoded field (JSON) and the line of text.
struct Described {
    nlohmann::json json;
    std::string line;
};

Described describe(const ipmi::RawSel& entry, const std::vector<ipmi::sdr::Sensor>& sensors) {
    const auto r = ipmi::sel::decode(entry);
    const auto* e = r.system_event();
    const ipmi::sdr::Sensor* sensor = e != nullptr ? ipmi::sel::find_sensor(sensors, *e) : nullptr;
    const std::string text = ipmi::sel::event_text(r, sensor);
    nlohmann::json j{{"record_id", r.record_id}, {"record_type", r.record_type}, {"bytes", r.raw}, {"text", text}};
    const auto [date, clock] = when(r.timestamp());
    if (auto ts = r.timestamp()) {
        j["timestamp"] = *ts;
        j["pre_init"] = ipmi::sel::pre_init(*ts);
        j["date"] = date;
        j["time"] = clock;
    }
    std::string type_name = "N/A";
    std::string name = "N/A";
    std::string direction = "N/A";
    if (e != nullptr) {
        type_name = std::string(ipmi::sdr::sensor_type_name(e->sensor_type));
        name = sensor != nullptr ? sensor->name : fmt::format("Sensor #{}", e->sensor_number);
        direction = e->deassertion ? "Deassertion Event" : "Assertion Event";
        j["generator"] = {{"address", e->generator.address()}, {"id", e->generator.id},
                          {"software", e->generator.software}, {"channel", e->generator.channel},
                          {"lun", e->generator.lun}};
        j["evm_revision"] = e->evm_revision;
        j["sensor_type"] = e->sensor_type;
        j["sensor_type_name"] = type_name;
        j["sensor_number"] = e->sensor_number;
        j["sensor_name"] = sensor != nullptr ? nlohmann::json(sensor->name) : nlohmann::json(nullptr);
        j["event_reading_type"] = e->event_reading_type;
        j["direction"] = e->deassertion ? "deassertion" : "assertion";
        j["offset"] = e->offset();
        j["event_data"] = e->event_data;
        j["event_data2_use"] = static_cast<unsigned>(e->data2_use());
        j["event_data3_use"] = static_cast<unsigned>(e->data3_use());
        j["offset_text"] = ipmi::sel::offset_text(*e);
    } else if (const auto* o = std::get_if<ipmi::sel::OemTimestamped>(&r.body)) {
        j["manufacturer_id"] = o->manufacturer_id;
        j["oem_data"] = o->data;
    } else if (const auto* n = std::get_if<ipmi::sel::OemNonTimestamped>(&r.body)) {
        j["oem_data"] = n->data;
    }
    // The columns of `ipmi-sel -v`: ID, Date, Time, Name, Type, Event Direction, Event.
    auto line = fmt::format("{:4} | {:11} | {:8} | {:16} | {:24} | {:17} | {}", r.record_id, date, clock, name,
                            type_name, direction, text);
    return {std::move(j), std::move(line)};
}

// Sensor names and units come from the SDR; without it the events are still shown.
std::vector<ipmi::sdr::Sensor> sdr_sensors(ipmi::Client& client, const std::string& cache_dir,
                                           const std::string& transport_name) {
    if (auto repo = ipmi::load_sdr_repository(client, cache_dir, transport_name)) {
        return ipmi::sdr::sensors_of(ipmi::sdr::parse_repository(repo->records).records);
    } else {
        fmt::print(stderr, "bmcwsman: reading the SDR repository: {} (sensor names left out)\n",
                   repo.error().message());
    }
    return {};
}

// `bmcwsman sel --archive`: the agent's SEL archive, read-only (docs/SEL_ARCHIVE.md). The BMC
// is asked only for its SDR (sensor names); the archive is printed without it when it does
// not answer.
int run_sel_archive(const TransportChoice& choice, const SelArgs& args) {
    const auto dir = std::filesystem::path(args.state_dir) / sel_archive::directory_name;
    sel_archive::Options options;
    options.read_only = true;
    sel_archive::OpenReport report;
    auto archive = sel_archive::Archive::open(dir, options, &report);
    if (!archive) {
        return report_failure(fmt::format("opening the SEL archive {}", dir.string()), archive.error());
    }
    for (const auto& w : report.warnings) {
        fmt::print(stderr, "bmcwsman: SEL archive: {}\n", w);
    }
    std::vector<ipmi::sdr::Sensor> sensors;
    if (auto transport = open_transport(choice)) {
        ipmi::Client client(**transport);
        sensors = sdr_sensors(client, args.sdr_cache_dir, std::string((*transport)->name()));
    } else {
        fmt::print(stderr, "bmcwsman: {} (sensor names left out)\n", transport.error().message());
    }
    const auto& a = **archive;
    if (args.json) {
        fmt::print("{{\"archive_id\":{},\"first\":{},\"last\":{},\"truncated_bytes\":{},\"warnings\":{},\"records\":[",
                   nlohmann::json(a.id()).dump(), a.first(), a.last(), report.truncated_bytes,
                   nlohmann::json(report.warnings).dump());
    } else {
        fmt::print("SEL archive {}: {} records{}\n", a.id(), report.records,
                   report.truncated_bytes > 0 ? fmt::format(", {} damaged bytes left out", report.truncated_bytes)
                                              : std::string());
    }
    // In batches: an archive may hold a million records.
    constexpr std::size_t batch = 4096;
    bool first = true;
    for (sel_archive::Sequence after = 0;;) {
        const auto records = a.read_after(after, batch);
        for (const auto& r : records) {
            auto d = describe(r.bytes, sensors);
            if (args.json) {
                d.json["sequence"] = r.sequence;
                d.json["identity"] = sel_archive::to_text({a.id(), r.sequence});
                d.json["archived_at_us"] =
                    std::chrono::duration_cast<std::chrono::microseconds>(r.archived_at.time_since_epoch()).count();
                fmt::print("{}{}", first ? "" : ",", d.json.dump());
            } else {
                fmt::print("{:6} | {}\n", r.sequence, d.line);
            }
            first = false;
        }
        if (records.size() < batch) {
            break;
        }
        after = records.back().sequence;
    }
    if (args.json) {
        fmt::print("]}}\n");
    }
    return exit_code::ok;
}

} // namespace

int run_sel(const TransportChoice& choice, const SelArgs& args) {
    if (args.archive) {
        return run_sel_archive(choice, args);
    }
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    ipmi::SelReader sel(client);
    if (args.clear) {
        if (auto ec = sel.clear(std::chrono::seconds(10))) {
            return report_failure("clearing the SEL", ec);
        }
        fmt::print("{}\n", args.json ? R"({"cleared":true})" : "SEL cleared");
        return exit_code::ok;
    }
    const auto sensors = sdr_sensors(client, args.sdr_cache_dir, std::string((*transport)->name()));
    auto change = sel.refresh();
    if (!change) {
        return report_failure("reading the SEL", change.error());
    }
    const auto& info = *sel.info();
    nlohmann::json records = nlohmann::json::array();
    std::vector<std::string> lines;
    for (const auto& entry : sel.entries()) {
        auto d = describe(entry, sensors);
        records.push_back(std::move(d.json));
        lines.push_back(std::move(d.line));
    }
    if (args.json) {
        nlohmann::json out{{"entries", info.entries},
                           {"free_space", info.free_space},
                           {"overflow", info.overflow()},
                           {"most_recent_addition", info.most_recent_addition},
                           {"most_recent_erase", info.most_recent_erase},
                           {"records", records},
                           {"read_stats",
                            {{"get_info", sel.stats().get_info},
                             {"get_entry", sel.stats().get_entry},
                             {"reloads", sel.stats().reloads}}},
                           {"transactions", client.stats().transactions}};
        fmt::print("{}\n", out.dump(1));
        return exit_code::ok;
    }
    fmt::print("SEL: {} entries, {} bytes free{}\n", info.entries, info.free_space,
               info.overflow() ? ", OVERFLOW (entries were dropped)" : "");
    for (const auto& l : lines) {
        fmt::print("{}\n", l);
    }
    return exit_code::ok;
}

} // namespace agent
