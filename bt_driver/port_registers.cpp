// The adapter from kcs::PortIo (two registers) to bt::Registers.
#include "bt_driver/port_registers.hpp"

#include "kcs_driver/open_port_io.hpp"

namespace bt {
namespace {

class PortRegisters final : public Registers {
public:
    explicit PortRegisters(std::unique_ptr<kcs::PortIo> io) : io_(std::move(io)) {}
    std::uint8_t read_control() override { return io_->read_data(); }
    void write_control(std::uint8_t value) override { io_->write_data(value); }
    std::uint8_t read_buffer() override { return io_->read_status(); }
    void write_buffer(std::uint8_t value) override { io_->write_command(value); }

private:
    std::unique_ptr<kcs::PortIo> io_;
};

} // namespace

std::expected<std::unique_ptr<Registers>, std::error_code> open_port_registers(const kcs::PortSpec& spec) {
    auto io = kcs::open_port_io(spec);
    if (!io) {
        return std::unexpected(io.error());
    }
    return std::make_unique<PortRegisters>(std::move(*io));
}

} // namespace bt
