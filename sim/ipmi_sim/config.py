"""Turns a simulated-server profile (sim/profile/make_profile.py) into an
OpenIPMI ipmi_sim configuration: lan.conf and the emu command file
(ipmi_sim_cmd(5)), so the same server can be served over RMCP+ on loopback."""
import json
import os
import shlex

ORDER = ("unr", "uc", "unc", "lnr", "lc", "lnc")  # ipmi_sim: value5 first


def _bytes(data: bytes) -> str:
    return " ".join(f"0x{b:02x}" for b in data)


def lan_conf(lan_port: int, console_port: int, chassis_program: str, user: str, password: str,
             guid_hex: str, serial_port: int | None = None) -> str:
    lines = [
        'name "bmcwsman"',
        "set_working_mc 0x20",
        "  startlan 1",
        f"    addr 127.0.0.1 {lan_port}",
        "    priv_limit admin",
        "    allowed_auths_callback none md2 md5 straight",
        "    allowed_auths_user none md2 md5 straight",
        "    allowed_auths_operator none md2 md5 straight",
        "    allowed_auths_admin none md2 md5 straight",
        f"    guid {guid_hex}",
        "  endlan",
        f'  chassis_control "{chassis_program}"',
        f"  console 127.0.0.1 {console_port}",
        f'  user 2 true "{user}" "{password}" admin 10 none md2 md5 straight',
    ]
    if serial_port is not None:
        lines.append(f"  serial 15 127.0.0.1 {serial_port} codec VM")
    return "\n".join(lines) + "\n"


def emu(profile: dict) -> str:
    d = profile["device"]
    lines = [
        "mc_setbmc 0x20",
        f"mc_add 0x20 0x{d['device_id']:02x} no-device-sdrs 0x{d['device_revision']:02x} "
        f"0x{d['firmware_major']:02x} 0x{d['firmware_minor']:02x} 0x{d['additional_support']:02x} "
        f"0x{d['manufacturer_id']:06x} 0x{d['product_id']:04x}",
        "sel_enable 0x20 1000 0x0a",
    ]
    for record in profile["sdr"]:
        lines.append("main_sdr_add 0x20 " + _bytes(bytes.fromhex(record)))
    for s in profile["sensors"]:
        n = f"0x{s['number']:02x}"
        head = f"0x20 {s['lun']} {n}"
        kind = s["kind"]
        if kind == "event-only":
            lines.append(f"sensor_add {head} 0x{s['sensor_type']:02x} 0x{s['event_reading_type']:02x} event-only")
            continue
        lines.append(f"sensor_add {head} 0x{s['sensor_type']:02x} 0x{s['event_reading_type']:02x}")
        if kind == "threshold":
            t = s["thresholds"]
            enabled = "".join("1" if k in t else "0" for k in ORDER)
            values = " ".join(f"0x{t.get(k, 0):02x}" for k in ORDER)
            access = "settable" if s["settable"] else "readable"
            lines.append(f"sensor_set_threshold {head} {access} {enabled} {values}")
            lines.append(f"sensor_set_hysteresis {head} readable {s['hysteresis'][0]} {s['hysteresis'][1]}")
            lines.append(f"sensor_set_value {head} 0x{s['reading']:02x} 0")
            bits = "000111111111111"
        else:
            for bit in range(15):
                if s["states"] >> bit & 1:
                    lines.append(f"sensor_set_bit {head} {bit} 1 0")
            bits = "111111111111111"
        scanning = "scanning" if s.get("scanning", True) else "no-scanning"
        lines.append(f"sensor_set_event_support {head} enable {scanning} per-state {bits} {bits} {bits} {bits}")
    for fru_id, image in sorted(profile["fru"].items(), key=lambda kv: int(kv[0])):
        data = bytes.fromhex(image)
        lines.append(f"mc_add_fru_data 0x20 {int(fru_id)} {len(data)} data {_bytes(data)}")
    for entry in profile["sel"]:
        lines.append(f"sel_add 0x20 0x{entry['record_type']:02x} {_bytes(bytes.fromhex(entry['data']))}")
    lines.append("mc_enable 0x20")
    return "\n".join(lines) + "\n"


def write(profile_path: str, directory: str, lan_port: int, console_port: int, user: str,
          password: str, serial_port: int | None = None) -> dict:
    """Writes lan.conf, bmc.emu and the chassis state directory; returns their paths."""
    with open(profile_path, encoding="utf-8") as f:
        profile = json.load(f)
    chassis_dir = os.path.join(directory, "chassis")
    os.makedirs(chassis_dir, exist_ok=True)
    with open(os.path.join(chassis_dir, "power"), "w", encoding="utf-8") as f:
        f.write("1\n" if profile["chassis"]["power_on"] else "0\n")
    program = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chassis_control.sh")
    guid = profile["system_uuid"].replace("-", "")
    paths = {"lan_conf": os.path.join(directory, "lan.conf"), "emu": os.path.join(directory, "bmc.emu"),
             "chassis_dir": chassis_dir, "state_dir": os.path.join(directory, "state")}
    os.makedirs(paths["state_dir"], exist_ok=True)
    with open(paths["lan_conf"], "w", encoding="utf-8") as f:
        f.write(lan_conf(lan_port, console_port, f"{shlex.quote(program)} {shlex.quote(chassis_dir)}",
                         user, password, guid, serial_port))
    with open(paths["emu"], "w", encoding="utf-8") as f:
        f.write(emu(profile))
    return paths
