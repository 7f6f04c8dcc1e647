// Errors of the SEL archive (the file system's own errors pass through as errno values).
#pragma once

#include <system_error>

namespace sel_archive {

enum class Errc {
    read_only = 1,      // append_new on an archive opened with Options::read_only
    locked,             // another process has the archive open for writing
    not_found,          // read-only open of a directory that holds no archive
    not_a_directory,    // the archive path exists and is not a directory
    short_write,        // write(2) took fewer bytes than given (disk full)
    frame_too_large,    // a frame over max_frame_bytes (a SEL of more than 65535 entries)
};

[[nodiscard]] const std::error_category& category() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc e) noexcept;

} // namespace sel_archive

template <> struct std::is_error_code_enum<sel_archive::Errc> : std::true_type {};
