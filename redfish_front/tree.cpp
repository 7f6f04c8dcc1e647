// The tree's top level and the helpers of every subtree (see service.hpp).
#include "redfish_front/service.hpp"

#include <array>
#include <cctype>
#include <fmt/format.h>
#include <openssl/sha.h>

namespace redfish {

std::optional<Resource> find_resource(const Context& c, std::span<const std::string> segments) {
    if (segments.empty()) {
        return find_service(c, segments);
    }
    const auto& top = segments.front();
    if (top == "Systems") {
        return find_system(c, segments.subspan(1));
    }
    if (top == "Chassis") {
        return find_chassis(c, segments.subspan(1));
    }
    if (top == "Managers") {
        return find_manager(c, segments.subspan(1));
    }
    return find_service(c, segments);
}

Json link(std::string_view uri) {
    return Json{{"@odata.id", uri}};
}

Json collection(std::string_view type, std::string_view odata_id, std::string_view name,
                const std::vector<std::string>& members) {
    Json j;
    j["@odata.id"] = odata_id;
    j["@odata.type"] = fmt::format("#{0}.{0}", type);
    j["Name"] = name;
    Json list = Json::array();
    for (const auto& m : members) {
        list.push_back(link(m));
    }
    j["Members@odata.count"] = members.size();
    j["Members"] = std::move(list);
    return j;
}

Json log_entry_collection(std::string_view odata_id, std::string_view name, std::vector<Json> entries) {
    std::vector<std::string> members;
    members.reserve(entries.size());
    for (const auto& e : entries) {
        members.push_back(e["@odata.id"].get<std::string>());
    }
    Json j = collection("LogEntryCollection", odata_id, name, members);
    j["Members"] = std::move(entries);
    return j;
}

Json resource(std::string_view type, std::string_view odata_id, std::string_view id, std::string_view name) {
    Json j;
    j["@odata.id"] = odata_id;
    j["@odata.type"] = type;
    j["Id"] = id;
    j["Name"] = name;
    return j;
}

Resource get_only(Json body) {
    return Resource{{"GET"}, std::move(body)};
}

namespace {

// The textual UUID form (RFC 9562 section 4): 8-4-4-4-12 hexadecimal digits.
bool is_uuid_text(std::string_view t) {
    if (t.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : std::isxdigit(static_cast<unsigned char>(t[i])) == 0) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string service_uuid(const cim::Snapshot& s) {
    if (s.host.system && s.host.system->uuid && is_uuid_text(*s.host.system->uuid)) {
        return *s.host.system->uuid;
    }
    if (is_uuid_text(s.system.name)) {
        return s.system.name;
    }
    std::array<unsigned char, 32> h{};
    const std::string seed = "bmcwsman redfish " + s.system.name;
    SHA256(reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), h.data());
    h[6] = static_cast<unsigned char>((h[6] & 0x0fU) | 0x50U); // RFC 9562 name-based layout
    h[8] = static_cast<unsigned char>((h[8] & 0x3fU) | 0x80U);
    return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                       h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
                       h[15]);
}

std::string iso8601(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

std::string text_of(const cim::Instance& i, std::string_view name) {
    const cim::Value* v = i.find(name);
    return v == nullptr || v->is_null() || v->is_array() ? std::string() : cim::lexical(v->scalar());
}

std::string_view health_of_state(std::uint16_t health_state) {
    if (health_state == 5) {
        return "OK";
    }
    if (health_state == 10 || health_state == 15) {
        return "Warning";
    }
    return health_state >= 20 ? "Critical" : "";
}

} // namespace redfish
