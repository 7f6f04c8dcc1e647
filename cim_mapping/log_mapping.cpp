// The SEL as CIM_RecordLog (DSP1010, and the Windows IPMI provider's RecordLog), and the
// agent's SEL archive as a second one.
#include "cim_mapping/model_mapping.hpp"

namespace cim {

Instance record_log(const Snapshot& s) {
    Instance i;
    i.class_name = "CIM_RecordLog";
    i.set("ElementName", Value::string("IPMI System Event Log"));
    i.set("Name", Value::string("IPMI SEL"));
    const bool known = s.bmc_reachable && s.sel_info.has_value();
    const bool overflow = known && s.sel_info->overflow();
    // An overflowed SEL has dropped events: degraded (DSP1010 leaves the choice to us).
    i.set("OperationalStatus", Value::uint16_array({!s.bmc_reachable ? std::uint16_t{12}
                                                    : overflow       ? std::uint16_t{3}
                                                                     : std::uint16_t{2}}));
    i.set("HealthState", Value::uint16(!known ? 0 : overflow ? 10 : 5));
    i.set("EnabledState", Value::uint16(2));
    i.set("RequestedState", Value::uint16(12));
    i.set("InstanceID", Value::string("IPMI:SEL"));
    if (s.sel_info) {
        // Every entry is 16 bytes (IPMI 2.0 section 31.2); free space FFFFh means "65535 or
        // more", so the maximum is a lower bound there.
        const std::uint64_t current = s.sel_info->entries;
        i.set("MaxNumberOfRecords", Value::uint64(current + s.sel_info->free_space / 16U));
        i.set("CurrentNumberOfRecords", Value::uint64(current));
    } else {
        i.set("MaxNumberOfRecords", Value::null(Type::uint64));
        i.set("CurrentNumberOfRecords", Value::null(Type::uint64));
    }
    i.set("OverwritePolicy", Value::uint16(7)); // Never Overwrites: a full SEL drops new events
    i.set("LogState", Value::uint16(known ? 2 : 0)); // Normal / Unknown
    return i;
}

Instance archive_log(const Snapshot& s) {
    const auto& a = *s.sel_archive;
    Instance i;
    i.class_name = "CIM_RecordLog";
    i.set("ElementName", Value::string(std::string(archive_log_name)));
    i.set("Name", Value::string(std::string(archive_log_name)));
    // Writes failing: the archive misses what the BMC logs meanwhile (degraded).
    i.set("OperationalStatus", Value::uint16_array({a.write_failing ? std::uint16_t{3} : std::uint16_t{2}}));
    i.set("HealthState", Value::uint16(a.write_failing ? 10 : 5));
    i.set("EnabledState", Value::uint16(2));
    i.set("RequestedState", Value::uint16(12));
    i.set("InstanceID", Value::string(std::string(archive_log_instance_id)));
    // Bounded by bytes, not records: the count a full archive holds (41 bytes per record).
    i.set("MaxNumberOfRecords", Value::uint64(a.max_bytes / 41U));
    i.set("CurrentNumberOfRecords", Value::uint64(a.kept));
    i.set("OverwritePolicy", Value::uint16(2)); // Wraps When Full: the oldest segments go
    i.set("LogState", Value::uint16(2));        // Normal
    return i;
}

std::vector<Instance> record_logs(const Snapshot& s) {
    std::vector<Instance> out{record_log(s)};
    if (s.sel_archive) {
        out.push_back(archive_log(s));
    }
    return out;
}

} // namespace cim
