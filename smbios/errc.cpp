// Messages of the smbios error category.
#include "smbios/errc.hpp"

#include <string>

namespace smbios {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "smbios"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::cannot_read:
            return "cannot read the SMBIOS entry point or table";
        case Errc::file_too_large:
            return "SMBIOS file larger than any SMBIOS table";
        case Errc::entry_point_too_short:
            return "SMBIOS entry point truncated";
        case Errc::bad_anchor:
            return "no SMBIOS entry point anchor (_SM_, _SM3_ or _DMI_)";
        case Errc::bad_entry_point_length:
            return "SMBIOS entry point length field is wrong";
        case Errc::bad_entry_point_checksum:
            return "SMBIOS entry point checksum mismatch";
        case Errc::bad_intermediate_anchor:
            return "SMBIOS 2.x entry point lacks the _DMI_ anchor";
        case Errc::bad_intermediate_checksum:
            return "SMBIOS 2.x intermediate (_DMI_) checksum mismatch";
        case Errc::unsupported_revision:
            return "unsupported SMBIOS entry point revision";
        case Errc::table_truncated:
            return "SMBIOS structure table shorter than its entry point says";
        case Errc::structure_too_short:
            return "SMBIOS structure length under 4 bytes";
        case Errc::structure_overruns_table:
            return "SMBIOS structure runs past the end of the table";
        case Errc::missing_terminator:
            return "SMBIOS structure string set has no double-NUL terminator";
        case Errc::string_index_out_of_range:
            return "SMBIOS string number beyond the structure's strings";
        case Errc::too_many_structures:
            return "more SMBIOS structures than the table can hold";
        case Errc::no_ipmi_device:
            return "no IPMI device information (SMBIOS type 38)";
        case Errc::ipmi_device_too_short:
            return "SMBIOS type 38 record shorter than 16 bytes";
        case Errc::unknown_interface:
            return "SMBIOS type 38 names an unknown interface type";
        case Errc::zero_base_address:
            return "SMBIOS type 38 base address is zero (no interface)";
        case Errc::bad_register_spacing:
            return "SMBIOS type 38 register spacing is reserved (11b)";
        case Errc::wrong_structure_type:
            return "SMBIOS structure of another type than the decoder's";
        }
        return "unknown smbios error";
    }
};

} // namespace

const std::error_category& category() noexcept {
    static const Category instance;
    return instance;
}

std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace smbios
