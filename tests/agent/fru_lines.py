"""What FreeIPMI's ipmi-fru (1.6.10) prints for a FRU device, and the same lines built from
`bmcwsman fru --json`, for the differential tests (fru_freeipmi_test.py over LAN,
fru_file_freeipmi_test.py on image files).

The keys are ipmi-fru's own wording, typos included ("Output on Standy", "AutoSwitch
Supprt"). Known, deliberate differences (bmcwsman follows the FRU specification):
- board date 0 is "unspecified" (section 11); ipmi-fru 1.6.10 prints 01/01/96 - 00:00:00;
- BCD plus packs two digits per byte (13.1); ipmi-fru reads one per byte, so BCD plus
  fields are not compared (the unit tests check them against the spec);
- ipmi-fru names IANA enterprise numbers ("Intel Corporation (157h)"); only the number is
  compared.
"""
import re


def parse_ipmi_fru(text):
    """{device key: [(key, value), ...]}: the key is the FRU ID for devices, 'file' for
    --fru-file output. Continuation lines of byte dumps are joined to their line."""
    devices = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"FRU Inventory Device: .*\(ID ([0-9A-F]+)h\)", line)
        if m:
            current = devices.setdefault(int(m.group(1), 16), [])
            continue
        if line.startswith("FRU Inventory From File:"):
            current = devices.setdefault("file", [])
            continue
        if current is None:
            continue
        if line.startswith("  FRU ") and ":" in line:
            key, value = line[2:].split(":", 1)
            current.append((key, value[1:] if value.startswith(" ") else value))  # trailing spaces kept
        elif line.startswith("    ") and current:  # bytes continued from the line before
            key, value = current[-1]
            current[-1] = (key, " ".join((value + " " + line.strip()).split()))
    return devices


def iana_number_only(lines):
    """'Intel Corporation (157h)' -> '157h' for the manufacturer ID lines."""
    out = []
    for key, value in lines:
        if key.endswith("Manufacturer ID"):
            m = re.search(r"\(([0-9A-F]+h)\)$", value)
            value = m.group(1) if m else value
        out.append((key, value))
    return out


def _field(out, key, area, name):
    errors = {e["field"]: e["error"] for e in area.get("field_errors", [])}
    if name in errors:
        out.append((key, "Error 'FRU language code not supported'"))
    elif area[name]:
        out.append((key, area[name]))


def _custom(out, key, area):
    errors = {e["field"] for e in area.get("field_errors", [])}
    for i, value in enumerate(area["custom"]):
        if f"custom[{i}]" in errors:
            out.append((key, "Error 'FRU language code not supported'"))
        elif value:
            out.append((key, value))


VOLTAGES = {0: "12V", 1: "-12V", 2: "5V", 3: "3.3V"}
ACCESS = {1: "System Management URL", 2: "System Name", 3: "System Ping Address",
          4: "Component Management URL", 5: "Component Name", 6: "Component Ping Address",
          7: "System Unique ID"}


def _power_supply(s):
    yes = lambda b: "Yes" if b else "No"  # noqa: E731
    out = [("FRU Power Supply Overall Capacity", f"{s['overall_capacity_w']} Watts"),
           ("FRU Power Supply Peak VA", f"{s['peak_va']} VA"),
           ("FRU Power Supply Max Inrush Current", f"{s['inrush_current_a']} Amps"),
           ("FRU Power Supply Inrush Interval", f"{s['inrush_interval_ms']} ms"),
           ("FRU Power Supply Low End Input Voltage 1", f"{s['low_input_voltage_1_mv']} mV"),
           ("FRU Power Supply High End Input Voltage 1", f"{s['high_input_voltage_1_mv']} mV"),
           ("FRU Power Supply Low End Input Voltage 2", f"{s['low_input_voltage_2_mv']} mV"),
           ("FRU Power Supply High End Input Voltage 2", f"{s['high_input_voltage_2_mv']} mV"),
           ("FRU Power Supply Low End Acceptable Frequency", f"{s['low_input_frequency_hz']} Hz"),
           ("FRU Power Supply High End Acceptable Frequency", f"{s['high_input_frequency_hz']} Hz"),
           ("FRU Power Supply A/C Dropout Tolerance", f"{s['ac_dropout_tolerance_ms']} ms"),
           ("FRU Power Supply Predictive Fail Support", yes(s["predictive_fail_support"]))]
    if s["predictive_fail_support"]:
        tach = s["predictive_fail_tach_rps"] != 0
        if s["tach_polarity"]:
            text = "Tach output, two pulses per rotation" if tach else "Pass/Fail predictive fail pin (0 = fail)"
        else:
            text = "Tach output, one pulse per rotation" if tach else "Pass/Fail predictive fail pin (1 = fail)"
        out.append(("FRU Power Supply Predictive Fail", text))
    peak = s["peak_wattage_w"]
    out += [("FRU Power Supply Power Factor Correction Supported", yes(s["power_factor_correction"])),
            ("FRU Power Supply AutoSwitch Supprt", yes(s["autoswitch"])),
            ("FRU Power Supply Hot Swap Support", yes(s["hot_swap"])),
            ("FRU Power Supply Peak Capacity", "unspecified" if peak is None else f"{peak} Watts"),
            ("FRU Power Supply Hold Up Time", f"{s['holdup_time_s']} s"),
            ("FRU Power Supply Voltage 1", VOLTAGES.get(s["voltage_1"], f"Unknown ({s['voltage_1']:X}h)")),
            ("FRU Power Supply Voltage 2", VOLTAGES.get(s["voltage_2"], f"Unknown ({s['voltage_2']:X}h)")),
            ("FRU Power Supply Total Combined Wattage", f"{s['total_combined_wattage_w']} Watts")]
    return out


def hexbytes(data):
    return " ".join(f"{b:02X}h" for b in data)


def _record(r):
    if "power_supply" in r:
        return _power_supply(r["power_supply"])
    if "dc_output" in r:
        d = r["dc_output"]
        return [("FRU DC Output Output Number", str(d["output_number"])),
                ("FRU DC Output Output on Standy", "Yes" if d["standby"] else "No"),
                ("FRU DC Output Nominal Voltage", f"{d['nominal_voltage_mv']} mV"),
                ("FRU DC Output Maximum Negative Voltage Deviation", f"{d['max_negative_deviation_mv']} mV"),
                ("FRU DC Output Maximum Positive Voltage Deviation", f"{d['max_positive_deviation_mv']} mV"),
                ("FRU DC Output Ripple and Noise pk-pk", f"{d['ripple_noise_mv']} mV"),
                ("FRU DC Output Minimum Current Draw", f"{d['min_current_ma']} mA"),
                ("FRU DC Output Maximum Current Draw", f"{d['max_current_ma']} mA")]
    if "dc_load" in r:
        d = r["dc_load"]
        return [("FRU DC Load Output Number", str(d["output_number"])),
                ("FRU DC Load Nominal Voltage", f"{d['nominal_voltage_mv']} mV"),
                ("FRU DC Load Spec'd Minimum Voltage", f"{d['min_voltage_mv']} mV"),
                ("FRU DC Load Spec'd Maximum Voltage", f"{d['max_voltage_mv']} mV"),
                ("FRU DC Load Spec'd Ripple and Noise pk-pk", f"{d['ripple_noise_mv']} mV"),
                ("FRU DC Load Minimum Current Load", f"{d['min_current_ma']} mA"),
                ("FRU DC Load Maximum Current Load", f"{d['max_current_ma']} mA")]
    for kind, name in (("base_compatibility", "Base"), ("extended_compatibility", "Extended")):
        if kind in r:
            c = r[kind]
            out = [(f"FRU {name} Compatibility Manufacturer ID", f"{c['manufacturer_id']:X}h"),
                   (f"FRU {name} Compatibility Entity ID", f"{c['entity_id']:X}h"),
                   (f"FRU {name} Compatibility Comptability Base", f"{c['compatibility_base']:X}h"),
                   (f"FRU {name} Compatibility Comptability Code Start Value", f"{c['code_start']:X}h")]
            if c["code_range_mask"]:
                out.append((f"FRU {name} Compatibility Code Mask", hexbytes(c["code_range_mask"])))
            return out
    if "management_access" in r:
        m = r["management_access"]
        if m["subtype"] in ACCESS:
            return [(f"FRU Management Access {ACCESS[m['subtype']]}", m["text"])]
        return [("FRU Management Access Record", f"Unknown Sub Record Type: {m['text']}")]
    if r["type"] >= 0xC0:  # OEM (16.2): manufacturer ID, then the OEM's bytes
        d = r["data"]
        out = [("FRU OEM Manufacturer ID", f"{d[0] | d[1] << 8 | d[2] << 16:X}h")]
        if len(d) > 3:
            out.append(("FRU OEM Data", hexbytes(d[3:])))
        return out
    return []


def expected_lines(dev):
    """Our JSON as the (key, value) lines ipmi-fru prints, in its order."""
    out = []
    c = dev.get("chassis")
    if c:
        name = c["type_name"]
        out.append(("FRU Chassis Type", name if name else "Unknown"))  # 1.6.10: no code
        _field(out, "FRU Chassis Part Number", c, "part_number")
        _field(out, "FRU Chassis Serial Number", c, "serial_number")
        _custom(out, "FRU Chassis Custom Info", c)
    b = dev.get("board")
    if b:
        out.append(("FRU Board Manufacturing Date/Time",
                    b["manufactured_text"] if b["manufactured"] is not None else "01/01/96 - 00:00:00"))
        for key, field in (("Manufacturer", "manufacturer"), ("Product Name", "product_name"),
                           ("Serial Number", "serial_number"), ("Part Number", "part_number")):
            _field(out, f"FRU Board {key}", b, field)
        _field(out, "FRU FRU File ID", b, "fru_file_id")
        _custom(out, "FRU Board Custom Info", b)
    p = dev.get("product")
    if p:
        for key, field in (("Manufacturer Name", "manufacturer"), ("Name", "product_name"),
                           ("Part/Model Number", "part_model_number"), ("Version", "version"),
                           ("Serial Number", "serial_number"), ("Asset Tag", "asset_tag")):
            _field(out, f"FRU Product {key}", p, field)
        _field(out, "FRU FRU File ID", p, "fru_file_id")
        _custom(out, "FRU Product Custom Info", p)
    for r in dev["multirecords"]:
        out += _record(r)
    return out


# ipmi-fru's error lines, by the area they name.
ERROR_AREAS = (("chassis info area", "chassis"), ("board info area", "board"),
               ("product info area", "product"), ("multirecord", "multirecord"))


def error_areas(lines):
    """The areas ipmi-fru reports an error for ('FRU Error: chassis info area checksum
    invalid', 'FRU Chassis Info Area Error: ...')."""
    areas = set()
    for key, value in lines:
        text = f"{key}: {value}".lower()
        if "error" not in key.lower():
            continue
        for words, area in ERROR_AREAS:
            if words in text:
                areas.add(area)
    return areas
