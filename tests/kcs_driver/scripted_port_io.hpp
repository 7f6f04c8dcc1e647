// A PortIo that plays scripted status/data bytes and records what the host wrote.
#pragma once

#include "kcs_driver/port_io.hpp"

#include <cstdint>
#include <deque>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace kcs_test {

// Status register values (IPMI 2.0 Tables 9-1/9-2) written out for readable scripts.
inline constexpr std::uint8_t s_idle = 0x00;
inline constexpr std::uint8_t s_read = 0x40;
inline constexpr std::uint8_t s_write = 0x80;
inline constexpr std::uint8_t s_error = 0xc0;
inline constexpr std::uint8_t s_obf = 0x01;
inline constexpr std::uint8_t s_ibf = 0x02;

class ScriptedPortIo final : public kcs::PortIo {
public:
    std::deque<std::uint8_t> statuses; // one per read_status()
    std::deque<std::uint8_t> data;     // one per read_data()
    std::vector<std::string> log;      // "C61" command, "D18" data write, "R" data read

    std::uint8_t read_status() override {
        if (statuses.empty()) {
            ADD_FAILURE() << "status read past the script";
            return s_idle;
        }
        const auto s = statuses.front();
        statuses.pop_front();
        return s;
    }
    std::uint8_t read_data() override {
        log.emplace_back("R");
        if (data.empty()) {
            return 0x00;
        }
        const auto d = data.front();
        data.pop_front();
        return d;
    }
    void write_data(std::uint8_t value) override { log.push_back(hex('D', value)); }
    void write_command(std::uint8_t value) override { log.push_back(hex('C', value)); }

    // The log since the last take().
    std::vector<std::string> take() {
        auto out = std::move(log);
        log.clear();
        return out;
    }

private:
    static std::string hex(char kind, std::uint8_t v) {
        static constexpr char digits[] = "0123456789abcdef";
        return {kind, digits[v >> 4], digits[v & 0xf]};
    }
};

} // namespace kcs_test
