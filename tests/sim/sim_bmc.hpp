// The simulated server behind the real KCS transport and a Client, for component tests of
// the layers above ipmi/ (cim_mapping): one place that wires them and reads the SDR.
#pragma once

#include "ipmi/client.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sdr_reader.hpp"
#include "kcs_driver/kcs_transport.hpp"
#include "sim/kcs_bmc.hpp"
#include "sim/profile.hpp"

#include <memory>
#include <stdexcept>

namespace test {

struct SimBmc {
    sim::KcsBmc* bmc = nullptr; // owned by the transport
    std::unique_ptr<kcs::KcsTransport> transport;
    std::unique_ptr<ipmi::Client> client;

    // `steady`: no slow wave on the readings (golden files).
    explicit SimBmc(bool steady = false) {
        auto owned = std::make_unique<sim::KcsBmc>();
        bmc = owned.get();
        bmc->model().load(sim::server45());
        if (steady) {
            for (auto& s : bmc->model().state().sensors) {
                s.wave = 0;
            }
        }
        transport = std::make_unique<kcs::KcsTransport>(std::move(owned));
        client = std::make_unique<ipmi::Client>(*transport);
    }
    sim::BmcModel::State& state() { return bmc->model().state(); }

    // Every sensor of the SDR (a whole walk), shared records expanded.
    std::vector<ipmi::sdr::Sensor> sensors() {
        ipmi::SdrReadLimits limits;
        ipmi::SdrReader reader(*client, limits);
        auto raw = reader.read_all(64);
        if (!raw) {
            throw std::runtime_error("SDR walk failed: " + raw.error().message());
        }
        return ipmi::sdr::sensors_of(ipmi::sdr::parse_repository(*raw).records);
    }
};

} // namespace test
