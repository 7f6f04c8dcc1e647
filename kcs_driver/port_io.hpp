// The seam: the host side of the two KCS registers (data; status/command).
#pragma once

#include <cstdint>

namespace kcs {

// IPMI 2.0 9.2: a KCS interface is a data register and a status register that is the
// command register when written. Register spacing and I/O vs MMIO live in the
// implementations (open_port_io.hpp); the state machine only sees these four calls.
class PortIo {
public:
    PortIo() = default;
    PortIo(const PortIo&) = delete;
    PortIo& operator=(const PortIo&) = delete;
    virtual ~PortIo() = default;

    virtual std::uint8_t read_data() = 0;
    virtual void write_data(std::uint8_t value) = 0;
    virtual std::uint8_t read_status() = 0;
    virtual void write_command(std::uint8_t value) = 0;
};

} // namespace kcs
