// Text 0.0.4 and OpenMetrics 1.0.0 writers (sources in exposition.hpp).
#include "metrics_front/exposition.hpp"

#include "http_server/header_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace metrics {
namespace {

using http::iequals;
using http::trim_ows;

// The q of one media range (RFC 9110 12.4.2), 1 when absent or unreadable.
double quality(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        auto p = trim_ows(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (p.size() > 2 && (p[0] | 0x20) == 'q' && p[1] == '=') {
            double q = 1;
            const auto v = p.substr(2);
            const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
            if (ec == std::errc{} && q >= 0 && q <= 1) {
                return q;
            }
            return 1;
        }
    }
    return 1;
}

void escape(std::string& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quote) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

} // namespace

Format negotiate(std::string_view accept) {
    double openmetrics = -1;
    double text = -1;
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        const auto range = trim_ows(accept.substr(0, comma));
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        const auto semi = range.find(';');
        const auto type = trim_ows(range.substr(0, semi));
        const double q = quality(semi == std::string_view::npos ? std::string_view{} : range.substr(semi + 1));
        if (iequals(type, "application/openmetrics-text")) {
            openmetrics = std::max(openmetrics, q);
        } else if (iequals(type, "text/plain")) {
            text = std::max(text, q);
        }
    }
    return openmetrics > 0 && openmetrics > text ? Format::openmetrics : Format::text;
}

std::string_view content_type(Format format) {
    return format == Format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                         : "text/plain; version=0.0.4; charset=utf-8";
}

std::string format_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    std::array<char, 32> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return ec == std::errc{} ? std::string(buf.data(), end) : std::string("NaN");
}

std::string render(std::span<const Family> families, Format format) {
    std::vector<const Family*> sorted;
    sorted.reserve(families.size());
    for (const auto& f : families) {
        sorted.push_back(&f);
    }
    std::ranges::sort(sorted, [](const Family* a, const Family* b) { return a->name < b->name; });
    const bool om = format == Format::openmetrics;
    std::string out;
    out.reserve(families.size() * 256);
    for (const Family* f : sorted) {
        const bool counter = f->type == Type::counter;
        const std::string family_name = counter && !om ? f->name + "_total" : f->name;
        const std::string sample_name = counter ? f->name + "_total" : f->name;
        // Metadata order: OpenMetrics 1.0 writes TYPE, UNIT, HELP; text 0.0.4 HELP then TYPE, as
        // client_golang (and so ipmi_exporter) does.
        const auto type_line = "# TYPE " + family_name + (counter ? " counter\n" : " gauge\n");
        std::string help_line = "# HELP " + family_name + " ";
        escape(help_line, f->help, om);
        help_line += '\n';
        if (om) {
            out += type_line;
            out += help_line;
        } else {
            out += help_line;
            out += type_line;
        }
        for (const auto& s : f->samples) {
            out += sample_name;
            if (!s.labels.empty()) {
                out += '{';
                bool first = true;
                for (const auto& [name, value] : s.labels) {
                    if (!first) {
                        out += ',';
                    }
                    first = false;
                    out += name;
                    out += "=\"";
                    escape(out, value, true);
                    out += '"';
                }
                out += '}';
            }
            out += ' ';
            out += format_value(s.value);
            out += '\n';
        }
    }
    if (om) {
        out += "# EOF\n";
    }
    return out;
}

} // namespace metrics
