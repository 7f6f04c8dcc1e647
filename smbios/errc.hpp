// Errors of the smbios library: each names what was wrong with the bytes.
#pragma once

#include <system_error>

namespace smbios {

enum class Errc {
    cannot_read = 1,           // the entry point or table file cannot be read
    file_too_large,            // a file larger than any SMBIOS table
    entry_point_too_short,     // fewer bytes than the entry point's kind needs
    bad_anchor,                // neither "_SM_", "_SM3_" nor "_DMI_"
    bad_entry_point_length,    // the length field disagrees with the kind
    bad_entry_point_checksum,  // the entry point's bytes do not sum to zero
    bad_intermediate_anchor,   // 2.x entry point without "_DMI_" at 10h
    bad_intermediate_checksum, // 2.x "_DMI_" part does not sum to zero
    unsupported_revision,      // entry point revision this parser does not know
    table_truncated,           // fewer table bytes than the entry point announces
    structure_too_short,       // a structure length under 4 (DSP0134 6.1.2)
    structure_overruns_table,  // a formatted area past the end of the table
    missing_terminator,        // no double NUL ending a structure's string set
    string_index_out_of_range, // a string number beyond the structure's strings
    too_many_structures,       // more structures than a table of that size can hold
    no_ipmi_device,            // no type 38 structure: no BMC announced
    ipmi_device_too_short,     // type 38 shorter than 10h bytes
    unknown_interface,         // type 38 interface type outside 1..4
    zero_base_address,         // type 38 base address 0: no interface (as Linux reads it)
    bad_register_spacing,      // type 38 register spacing 11b (reserved)
    wrong_structure_type,      // a decoder given a structure of another type
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace smbios

template <> struct std::is_error_code_enum<smbios::Errc> : std::true_type {};
