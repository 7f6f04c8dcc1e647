// CIM values (DSP0004 section 5.2: the intrinsic data types) as plain C++ values: a type,
// scalar or array, possibly null. The WS-Man front end turns them into XML (DSP0230); this
// file only knows their lexical forms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cim {

enum class Type : std::uint8_t {
    boolean,
    string,
    char16,
    uint8,
    sint8,
    uint16,
    sint16,
    uint32,
    sint32,
    uint64,
    sint64,
    real32,
    real64,
    datetime,
    reference,
};

// "boolean", "string", "uint16", ... as DSP0004 spells the type names.
[[nodiscard]] std::string_view type_name(Type t) noexcept;

// DSP0004 5.2.4: a point in time (seconds since the Unix epoch in UTC) or an interval.
struct Datetime {
    bool interval = false;
    std::int64_t seconds = 0; // since 1970-01-01 00:00:00 UTC, or the interval's length
    std::uint32_t microseconds = 0;

    // xs:dateTime ("2025-11-24T16:00:00Z") for a timestamp, xs:duration ("P1DT2H3M4S") for
    // an interval: the forms DSP0230 uses for cim:cimDateTime.
    [[nodiscard]] std::string xml_lexical() const;
    friend bool operator==(const Datetime&, const Datetime&) = default;
};

// A reference to an instance (DSP0230 EPR form): class, namespace and key selectors.
struct Reference {
    std::string class_name;
    std::string name_space;
    std::vector<std::pair<std::string, std::string>> keys; // in key order
    friend bool operator==(const Reference&, const Reference&) = default;
};

using Scalar = std::variant<bool, std::string, char16_t, std::uint8_t, std::int8_t,
                            std::uint16_t, std::int16_t, std::uint32_t, std::int32_t,
                            std::uint64_t, std::int64_t, float, double, Datetime, Reference>;

class Value {
public:
    // A null value of a type (a property without a value).
    static Value null(Type type, bool array = false) { return Value(type, array, true, {}); }
    static Value boolean(bool v) { return Value(Type::boolean, false, false, {v}); }
    static Value string(std::string v) { return Value(Type::string, false, false, {std::move(v)}); }
    static Value uint8(std::uint8_t v) { return Value(Type::uint8, false, false, {v}); }
    static Value uint16(std::uint16_t v) { return Value(Type::uint16, false, false, {v}); }
    static Value uint32(std::uint32_t v) { return Value(Type::uint32, false, false, {v}); }
    static Value uint64(std::uint64_t v) { return Value(Type::uint64, false, false, {v}); }
    static Value sint8(std::int8_t v) { return Value(Type::sint8, false, false, {v}); }
    static Value sint16(std::int16_t v) { return Value(Type::sint16, false, false, {v}); }
    static Value sint32(std::int32_t v) { return Value(Type::sint32, false, false, {v}); }
    static Value sint64(std::int64_t v) { return Value(Type::sint64, false, false, {v}); }
    static Value real64(double v) { return Value(Type::real64, false, false, {v}); }
    static Value datetime(Datetime v) { return Value(Type::datetime, false, false, {v}); }
    static Value reference(Reference v) { return Value(Type::reference, false, false, {std::move(v)}); }
    static Value string_array(const std::vector<std::string>& items) {
        return array(Type::string, std::vector<Scalar>(items.begin(), items.end()));
    }
    static Value uint16_array(const std::vector<std::uint16_t>& items) {
        return array(Type::uint16, std::vector<Scalar>(items.begin(), items.end()));
    }
    // An array; every item must hold the alternative of `type` (checked in debug builds).
    static Value array(Type type, std::vector<Scalar> items);

    [[nodiscard]] Type type() const { return type_; }
    [[nodiscard]] bool is_array() const { return array_; }
    [[nodiscard]] bool is_null() const { return null_; }
    [[nodiscard]] const std::vector<Scalar>& items() const { return items_; }
    // The scalar of a non-null, non-array value.
    [[nodiscard]] const Scalar& scalar() const { return items_.front(); }

    friend bool operator==(const Value&, const Value&) = default;

private:
    Value(Type type, bool array, bool null, std::vector<Scalar> items)
        : type_(type), array_(array), null_(null), items_(std::move(items)) {}
    Type type_;
    bool array_;
    bool null_;
    std::vector<Scalar> items_;
};

// The XML lexical form of one scalar (DSP0230 / XML Schema): "true", "42", "-1", "1.5E1",
// strings as they are (escaping is the serialiser's job), a datetime as xml_lexical(); a
// reference as "Class.Key1=\"v\",Key2=\"w\"" (for logs and tests; the front end writes EPRs).
[[nodiscard]] std::string lexical(const Scalar& s);

} // namespace cim
