#include "sel_archive/errc.hpp"

#include <string>

namespace sel_archive {
namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "sel_archive"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::read_only:
            return "the SEL archive is open for reading only";
        case Errc::locked:
            return "another process has the SEL archive open for writing";
        case Errc::not_found:
            return "no SEL archive in this directory";
        case Errc::not_a_directory:
            return "the SEL archive path is not a directory";
        case Errc::short_write:
            return "the SEL archive file took fewer bytes than written (disk full?)";
        case Errc::frame_too_large:
            return "SEL archive frame larger than the format allows";
        }
        return "unknown sel_archive error";
    }
};
} // namespace

const std::error_category& category() noexcept {
    static const Category c;
    return c;
}

std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), category()};
}

} // namespace sel_archive
