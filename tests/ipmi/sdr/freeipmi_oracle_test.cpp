// FreeIPMI (libfreeipmi 1.6.10) as the oracle: reading conversion for every raw byte over many
// factor sets, formats and linearizations (ipmi_sensor_decode_value); unit strings
// (ipmi_sensor_units_string); event and sensor type names; and full/compact record fields
// (ipmi_sdr_parse_*) over generated records.
#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr/record.hpp"
#include "ipmi/sdr/units.hpp"

#include <cmath>
#include <freeipmi/freeipmi.h>
#include <gtest/gtest.h>
#include <random>
#include <string>

namespace {

using namespace ipmi::sdr;

struct FactorSet {
    std::int16_t m, b;
    std::int8_t r_exp, b_exp;
};

constexpr FactorSet factor_sets[] = {
    {1, 0, 0, 0},        {2, 0, 0, 0},       {60, 0, -3, 0},  {10, 100, -3, 1},
    {10, -100, -3, 0},   {-3, 0, -2, 0},     {1, -40, 0, 0},  {59, -3, -3, 2},
    {511, -512, -1, -1}, {-512, 511, 2, -8}, {2, -1, -1, 7},  {7, 3, -8, 2},
    {-212, -496, -2, 3}, {1, 1, 0, 0},       {100, 0, -4, 0}, {-1, 0, 0, 0},
};

Conversion conversion(const FactorSet& f, std::uint8_t format, std::uint8_t lin) {
    Conversion c;
    c.format = static_cast<AnalogFormat>(format);
    c.linearization = lin;
    c.factors.m = f.m;
    c.factors.b = f.b;
    c.factors.r_exp = f.r_exp;
    c.factors.b_exp = f.b_exp;
    return c;
}

// L 00h-0Ah, formats 0-2, every raw byte. Where FreeIPMI's value is finite ours must equal it;
// where it is not (log of <= 0, sqrt of < 0) ours must refuse. Deliberate differences: 1/x at
// y = 0, where FreeIPMI answers 0 and we answer sdr_conversion_undefined; 0Bh (cube-1, the cube
// root), where Debian's libfreeipmi 1.6.10 answers 1/x^3 (raw 2 -> 0.125): conversion_test.cpp
// checks 0Bh by hand.
TEST(FreeIpmiOracle, DecodeValueEveryRawByte) {
    int compared = 0;
    for (const auto& f : factor_sets) {
        for (std::uint8_t format = 0; format < 3; ++format) {
            for (std::uint8_t lin = 0; lin <= 0x0a; ++lin) {
                for (int raw = 0; raw < 256; ++raw) {
                    const auto r = static_cast<std::uint8_t>(raw);
                    double want = 0;
                    ASSERT_EQ(
                        ipmi_sensor_decode_value(f.r_exp, f.b_exp, f.m, f.b, lin, format, r, &want),
                        0);
                    const auto got = to_value(r, conversion(f, format, lin));
                    const auto where = ::testing::Message()
                                       << "m=" << f.m << " b=" << f.b << " r=" << int{f.r_exp}
                                       << " bexp=" << int{f.b_exp} << " L=" << int{lin}
                                       << " fmt=" << int{format} << " raw=" << raw;
                    if (!std::isfinite(want)) {
                        EXPECT_FALSE(got) << where;
                        continue;
                    }
                    if (lin == 0x07 && want == 0.0) {
                        EXPECT_FALSE(got) << where; // 1/0
                        continue;
                    }
                    ASSERT_TRUE(got) << where << " " << got.error().message();
                    ASSERT_NEAR(*got, want, std::fabs(want) * 1e-12 + 1e-300) << where;
                    ++compared;
                }
            }
        }
    }
    EXPECT_GT(compared, 100000);
}

// Non-linear sensors (70h-7Fh): with reading factors, the same formula without L. FreeIPMI
// refuses 70h-7Fh itself, so the oracle is its linear conversion with those factors.
TEST(FreeIpmiOracle, NonLinearWithGivenFactors) {
    for (const auto& f : factor_sets) {
        for (std::uint8_t format = 0; format < 3; ++format) {
            for (std::uint8_t code = 0x70; code <= 0x7f; ++code) {
                auto c = conversion(f, format, code);
                c.reading_factors = true;
                for (int raw = 0; raw < 256; raw += 7) {
                    double want = 0;
                    ASSERT_EQ(ipmi_sensor_decode_value(f.r_exp, f.b_exp, f.m, f.b, 0, format,
                                                       static_cast<std::uint8_t>(raw), &want),
                              0);
                    const auto got = to_value(static_cast<std::uint8_t>(raw), c);
                    ASSERT_TRUE(got);
                    ASSERT_NEAR(*got, want, std::fabs(want) * 1e-12 + 1e-300);
                }
            }
        }
    }
}

// Linear sensors: value -> raw gives back every raw byte, and agrees with FreeIPMI's
// ipmi_sensor_decode_raw_value for x >= 1. For negative x FreeIPMI rounds with
// `(dval - (int)dval) >= 0.5 ? ceil : floor`, so -67.0000001 becomes -68 and x = 0 computed as
// -1e-15 becomes -1: one count off.
TEST(FreeIpmiOracle, DecodeRawValueLinear) {
    for (const auto& f : factor_sets) {
        for (std::uint8_t format = 0; format < 3; ++format) {
            const auto c = conversion(f, format, 0);
            for (int raw = 0; raw < 256; ++raw) {
                if (format == 1 && raw == 0xff) {
                    continue; // negative zero
                }
                const auto v = to_value(static_cast<std::uint8_t>(raw), c);
                ASSERT_TRUE(v);
                std::uint8_t want = 0;
                ASSERT_EQ(
                    ipmi_sensor_decode_raw_value(f.r_exp, f.b_exp, f.m, f.b, 0, format, *v, &want),
                    0);
                const auto got = to_raw(*v, c);
                ASSERT_TRUE(got);
                EXPECT_EQ(*got, raw) << "m=" << f.m << " raw=" << raw << " fmt=" << int{format};
                if (*decode_raw(static_cast<std::uint8_t>(raw), c.format) >= 1) {
                    EXPECT_EQ(*got, want)
                        << "m=" << f.m << " raw=" << raw << " fmt=" << int{format};
                }
            }
        }
    }
}

TEST(FreeIpmiOracle, UnitStrings) {
    const std::uint8_t codes[] = {0, 1, 4, 5, 6, 18, 19, 24, 58, 59, 60, 82, 92};
    int compared = 0;
    for (std::uint8_t pct = 0; pct < 2; ++pct) {
        for (std::uint8_t mod = 0; mod < 3; ++mod) {
            for (std::uint8_t rate = 0; rate < 7; ++rate) {
                for (const auto base : codes) {
                    for (const auto modifier : codes) {
                        for (unsigned abbreviated = 0; abbreviated < 2; ++abbreviated) {
                            char buf[256] = {};
                            if (ipmi_sensor_units_string(pct, mod, rate, base, modifier, buf,
                                                         sizeof buf, abbreviated) < 0) {
                                continue; // combinations FreeIPMI refuses
                            }
                            const SensorUnits units{rate, static_cast<ModifierUse>(mod), pct != 0,
                                                    base, modifier};
                            EXPECT_EQ(unit_string(units, abbreviated != 0 ? UnitStyle::abbreviated
                                                                          : UnitStyle::full),
                                      std::string(buf));
                            ++compared;
                        }
                    }
                }
            }
        }
    }
    EXPECT_GT(compared, 1000);
    for (unsigned code = 0; code <= max_unit_code; ++code) {
        EXPECT_EQ(unit_name(static_cast<std::uint8_t>(code)), ipmi_sensor_units[code]);
        EXPECT_EQ(unit_abbreviation(static_cast<std::uint8_t>(code)),
                  ipmi_sensor_units_abbreviated[code]);
    }
}

TEST(FreeIpmiOracle, EventAndSensorTypeNames) {
    for (unsigned type = 0; type < 256; ++type) {
        const auto t = static_cast<std::uint8_t>(type);
        const char* name = ipmi_get_sensor_type_string(t);
        EXPECT_EQ(sensor_type_name(t), name ? std::string(name) : std::string()) << type;
        for (unsigned offset = 0; offset < 16; ++offset) {
            char buf[512] = {};
            const auto o = static_cast<std::uint8_t>(offset);
            const int g = ipmi_get_generic_event_message(t, offset, buf, sizeof buf);
            EXPECT_EQ(generic_offset_name(t, o), g > 0 ? std::string(buf) : std::string())
                << type << "/" << offset;
            buf[0] = '\0';
            const int s = ipmi_get_sensor_type_message(t, offset, buf, sizeof buf);
            EXPECT_EQ(sensor_specific_offset_name(t, o), s > 0 ? std::string(buf) : std::string())
                << type << "/" << offset;
        }
    }
}

// Generated full and compact records with random field bytes: every field FreeIPMI's parser
// reports matches ours.
TEST(FreeIpmiOracle, RecordFieldsOfGeneratedRecords) {
    ipmi_sdr_ctx_t ctx = ipmi_sdr_ctx_create();
    ASSERT_NE(ctx, nullptr);
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int i = 0; i < 2000; ++i) {
        const bool full = (i % 2) == 0;
        const std::size_t fixed = full ? 48 : 32;
        const std::size_t id_len = static_cast<std::size_t>(i % 17);
        std::vector<std::uint8_t> r(fixed + id_len);
        for (auto& b : r) {
            b = static_cast<std::uint8_t>(byte(rng));
        }
        r[2] = 0x51;
        r[3] = full ? 0x01 : 0x02;
        r[4] = static_cast<std::uint8_t>(r.size() - 5);
        r[fixed - 1] = static_cast<std::uint8_t>(0xc0 | id_len);
        for (std::size_t k = fixed; k < r.size(); ++k) {
            r[k] = static_cast<std::uint8_t>('A' + byte(rng) % 26); // no NULs in the ID
        }
        const auto parsed = parse_sdr(r);
        ASSERT_TRUE(parsed) << parsed.error().message();
        const auto len = static_cast<unsigned>(r.size());

        std::uint8_t owner_type = 0, owner_id = 0, lun = 0, channel = 0, number = 0;
        std::uint8_t entity = 0, instance = 0, instance_type = 0, type = 0, ert = 0;
        ASSERT_EQ(ipmi_sdr_parse_sensor_owner_id(ctx, r.data(), len, &owner_type, &owner_id), 0);
        ASSERT_EQ(ipmi_sdr_parse_sensor_owner_lun(ctx, r.data(), len, &lun, &channel), 0);
        ASSERT_EQ(ipmi_sdr_parse_sensor_number(ctx, r.data(), len, &number), 0);
        ASSERT_EQ(ipmi_sdr_parse_entity_id_instance_type(ctx, r.data(), len, &entity, &instance,
                                                         &instance_type),
                  0);
        ASSERT_EQ(ipmi_sdr_parse_sensor_type(ctx, r.data(), len, &type), 0);
        ASSERT_EQ(ipmi_sdr_parse_event_reading_type_code(ctx, r.data(), len, &ert), 0);
        std::uint8_t pct = 0, mod = 0, rate = 0, base = 0, modifier = 0;
        ASSERT_EQ(
            ipmi_sdr_parse_sensor_units(ctx, r.data(), len, &pct, &mod, &rate, &base, &modifier),
            0);
        char id[64] = {};
        ASSERT_GE(ipmi_sdr_parse_id_string(ctx, r.data(), len, id, sizeof id - 1), 0);

        const auto check_common = [&](const auto& s) {
            EXPECT_EQ(s.owner.software_id, owner_type != 0);
            EXPECT_EQ(s.owner.id, owner_id);
            EXPECT_EQ(s.owner.lun, lun);
            EXPECT_EQ(s.owner.channel, channel);
            EXPECT_EQ(s.number, number);
            EXPECT_EQ(s.entity.id, entity);
            EXPECT_EQ(s.entity.instance, instance);
            EXPECT_EQ(s.entity.logical, instance_type != 0);
            EXPECT_EQ(s.sensor_type, type);
            EXPECT_EQ(s.event_reading_type, ert);
            EXPECT_EQ(s.units.percentage, pct != 0);
            EXPECT_EQ(static_cast<std::uint8_t>(s.units.modifier_use), mod);
            EXPECT_EQ(s.units.rate, rate);
            // FreeIPMI reports codes above 92 as 0 (unspecified); we keep the raw code.
            EXPECT_EQ(s.units.base <= max_unit_code ? s.units.base : 0, base);
            EXPECT_EQ(s.units.modifier <= max_unit_code ? s.units.modifier : 0, modifier);
            EXPECT_EQ(s.id.text, std::string(id));
        };
        if (full) {
            const auto& s = std::get<FullSensorRecord>(*parsed);
            check_common(s);
            std::int8_t r_exp = 0, b_exp = 0;
            std::int16_t m = 0, b = 0;
            std::uint8_t lin = 0, format = 0;
            ASSERT_EQ(ipmi_sdr_parse_sensor_decoding_data(ctx, r.data(), len, &r_exp, &b_exp, &m,
                                                          &b, &lin, &format),
                      0);
            EXPECT_EQ(s.factors.r_exp, r_exp);
            EXPECT_EQ(s.factors.b_exp, b_exp);
            EXPECT_EQ(s.factors.m, m);
            EXPECT_EQ(s.factors.b, b);
            EXPECT_EQ(s.linearization, lin);
            EXPECT_EQ(static_cast<std::uint8_t>(s.analog_format), format);
            std::uint8_t hp = 0, hn = 0;
            ASSERT_EQ(ipmi_sdr_parse_hysteresis(ctx, r.data(), len, &hp, &hn), 0);
            EXPECT_EQ(s.positive_hysteresis, hp);
            EXPECT_EQ(s.negative_hysteresis, hn);
        } else {
            const auto& s = std::get<CompactSensorRecord>(*parsed);
            check_common(s);
            std::uint8_t count = 0, mtype = 0, moffset = 0, sharing = 0;
            ASSERT_EQ(ipmi_sdr_parse_sensor_record_sharing(ctx, r.data(), len, &count, &mtype,
                                                           &moffset, &sharing),
                      0);
            EXPECT_EQ(s.sharing.share_count, count == 0 ? 1 : count);
            EXPECT_EQ(static_cast<std::uint8_t>(s.sharing.modifier_type), mtype);
            EXPECT_EQ(s.sharing.modifier_offset, moffset);
            EXPECT_EQ(s.sharing.entity_instance_increments, sharing != 0);
        }
        if (::testing::Test::HasFailure()) {
            break;
        }
    }
    ipmi_sdr_ctx_destroy(ctx);
}

} // namespace
