"""End to end with a realistic BMC: inside a QEMU guest the agent finds the BMC
through SMBIOS type 38 and talks KCS over real port I/O to OpenIPMI's ipmi_sim
(QEMU's ipmi-bmc-extern), which serves the project's 45-sensor profile.

    qemu_ipmi_sim_test.py BMCWSMAN PROFILE.json [kcs | ssif-q35 | ssif-pc | bt]

The third argument picks the in-band interface (qemu_guest.INTERFACES, default kcs); the
commands run with transport auto, so SMBIOS must lead the agent to that interface, and the
second part loads that interface's kernel driver (ipmi_si, or ipmi_ssif for SSIF). Over
SSIF a 40-byte raw request also checks the multi-part write (06h/07h/08h) end to end.

Checks: Get Device ID is the profile's; the whole SDR repository (45 records,
read through ipmi_sim's ~34-byte response cap) equals the profile's records; the
SEL has the profile's events; FRU device 0 is the profile's image; Chassis Control
reaches ipmi_sim's chassis_control program; then, with the kernel's ipmi_si and
ipmi_devintf loaded, the SDR and FRU read through /dev/ipmi0 are identical to the
KCS answers. Exit 77 (skip) only when
qemu-system-x86_64, a kernel image or ipmi_sim is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "sim", "ipmi_sim"))
import qemu_guest  # noqa: E402
from harness import IpmiSim, free_port  # noqa: E402

SKIP = 77
failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)
    return ok


def output(name: str, r: qemu_guest.CommandResult):
    print(f"--- {name}: rc={r.rc}, {r.ms} ms")
    if r.stderr:
        print("  stderr: " + r.stderr.rstrip("\n").replace("\n", "\n          "))
    if not check(r.rc == 0, f"{name}: exit status 0 (got {r.rc})"):
        return None
    try:
        return json.loads(r.stdout)
    except ValueError as e:
        check(False, f"{name}: stdout is JSON ({e})")
        return None


def modules_for(kernel: str, iface: qemu_guest.Interface) -> dict[str, bytes] | None:
    """The IPMI modules and the interface's own (uncompressed .ko), or None if any is missing."""
    files, missing = qemu_guest.module_files(kernel, qemu_guest.IPMI_MODULES + iface.modules)
    return None if missing else files


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] not in qemu_guest.INTERFACES):
        print(__doc__)
        return 2
    agent, profile_path = os.path.abspath(argv[1]), argv[2]
    iface = qemu_guest.INTERFACES[argv[3] if len(argv) == 4 else "kcs"]
    if qemu_guest.find_qemu() is None or qemu_guest.find_kernel() is None:
        print("SKIP: qemu-system-x86_64 or a kernel image (/boot/vmlinuz-*) is missing")
        return SKIP
    if shutil.which("ipmi_sim") is None:
        print("SKIP: ipmi_sim (Debian package openipmi) is missing")
        return SKIP
    with open(profile_path, encoding="utf-8") as f:
        profile = json.load(f)

    serial_port = free_port(socket.SOCK_STREAM)
    bmc = IpmiSim(profile_path, serial_port=serial_port)
    bmc.start()
    try:
        b = f"{qemu_guest.GUEST_BIN}/bmcwsman"
        modules = modules_for(qemu_guest.find_kernel(), iface)
        commands = []
        if iface.modules:
            if not modules:
                print(f"FAIL: the guest kernel's modules for {iface.phase} are missing")
                return 1
            commands.append(("adapter", qemu_guest.modules_script(iface.modules)))
        commands += [
            ("detect", f"{b} detect --json"),
            ("device_id", f"{b} raw --json 0x06 0x01"),
            ("sdr", f"{b} sdr --json"),
            ("sel", f"{b} sel --json"),
            ("fru", f"{b} fru --id 0 --json"),
            ("power_off", f"{b} chassis power off"),
            ("status", f"{b} chassis status --json"),
            # 40 request bytes: a multi-part write over SSIF (ipmi_sim ignores the extra bytes).
            ("long_request", f"{b} raw --json 0x06 0x01 " + " ".join(["0x00"] * 38)),
        ]
        if modules:
            # The same BMC through the kernel's driver: the answers must be identical.
            commands += [
                ("load_ipmi", qemu_guest.load_ipmi_script(iface.kernel_driver)),
                ("sdr_openipmi", f"{b} --openipmi sdr --json"),
                ("fru_openipmi", f"{b} --openipmi fru --id 0 --json"),
            ]
        devices = ["-chardev", f"socket,id=ipmi0,host=127.0.0.1,port={serial_port},reconnect=1",
                   "-device", "ipmi-bmc-extern,id=bmc0,chardev=ipmi0"] + iface.device
        print(f"=== {iface.machine} guest, {iface.device[1]} -> ipmi-bmc-extern -> ipmi_sim (45-sensor profile)")
        try:
            run = qemu_guest.run(commands, binaries=[agent], devices=devices, files=modules,
                                 machine=iface.machine)
        except qemu_guest.GuestError as e:
            print(e.console)
            print(f"FAIL {e}")
            return 1
        print(f"    boot-to-init {run.init_uptime} s (guest uptime), QEMU run {run.wall_seconds:.1f} s")
        res = run.results

        d = output("detect --json", res["detect"])
        if d is not None:
            check(d.get("interface") == iface.smbios_name and d.get("base_address") == iface.base_address,
                  f"detect: {iface.smbios_name} at {iface.base_address:#x} from SMBIOS type 38 "
                  f"(got {d.get('interface')} {d.get('base_address')})")

        r = output("raw --json 0x06 0x01", res["device_id"])
        if r is not None:
            data = r.get("data", [])
            dev = profile["device"]
            check(r.get("completion_code") == 0 and r.get("transport", "").startswith(iface.phase),
                  f"Get Device ID over {iface.phase}: completion code 0 (transport {r.get('transport')!r})")
            check(len(data) >= 11 and data[0] == dev["device_id"]
                  and (data[6] | data[7] << 8 | data[8] << 16) == dev["manufacturer_id"]
                  and (data[9] | data[10] << 8) == dev["product_id"],
                  f"Get Device ID: the profile's device, manufacturer and product ids (got {data})")

        s = output("sdr --json", res["sdr"])
        if s is not None:
            got = [bytes(rec["bytes"]) for rec in s["records"]]
            want = [bytes.fromhex(h) for h in profile["sdr"]]
            check(len(got) == len(want), f"SDR: {len(want)} records (got {len(got)})")
            # ipmi_sim numbers the records itself: compare from the SDR version on.
            check([g[2:] for g in got] == [w[2:] for w in want],
                  "SDR: every record's bytes equal the profile's")
            check(s["transactions"] > len(want),
                  f"SDR: partial reads through the response cap ({s['transactions']} transactions)")

        e = output("sel --json", res["sel"])
        if e is not None:
            records = e["records"]
            check(len(records) >= len(profile["sel"]) and len(records) % len(profile["sel"]) == 0,
                  f"SEL: the profile's {len(profile['sel'])} entries (got {len(records)})")
            # ipmi_sim stamps entries with its own clock: compare what follows the timestamp.
            want = [bytes.fromhex(x["data"]) for x in profile["sel"] if x["record_type"] == 0x02]
            got = [bytes(x["bytes"][3:]) for x in records if x["record_type"] == 0x02]
            check([g[4:] for g in got[:len(want)]] == [w[4:] for w in want],
                  "SEL: system event records carry the profile's generator, sensor and event data")

        f = output("fru --id 0 --json", res["fru"])
        if f is not None:
            check(bytes(f["bytes"]) == bytes.fromhex(profile["fru"]["0"]),
                  f"FRU 0: the profile's {len(profile['fru']['0'])//2}-byte image")

        check(res["power_off"].rc == 0, f"chassis power off: exit status 0 (got {res['power_off'].rc})")
        check("power 0" in bmc.chassis_log(),
              f"chassis power off reached ipmi_sim's chassis_control (log {bmc.chassis_log()})")
        st = output("chassis status --json", res["status"])
        if st is not None:
            check("power_on" in st, f"chassis status over {iface.phase} answers")
        lr = res["long_request"]
        print(f"--- raw with 40 request bytes: rc={lr.rc}, {lr.ms} ms")
        try:
            long_cc = json.loads(lr.stdout).get("completion_code")
        except ValueError:
            long_cc = None
        check(lr.rc in (0, 3) and long_cc is not None,
              f"a 40-byte request is carried and answered (completion code {long_cc}, rc {lr.rc}; "
              f"stderr {lr.stderr.strip()!r})")

        if modules and check(res["load_ipmi"].rc == 0 and iface.kernel_driver in res["load_ipmi"].stdout,
                             f"{iface.kernel_driver} and ipmi_devintf loaded: /dev/ipmi0, "
                             f"{iface.kernel_driver} owns the interface"):
            so = output("--openipmi sdr --json", res["sdr_openipmi"])
            if so is not None and s is not None:
                check(so["records"] == s["records"], "SDR over /dev/ipmi0 is identical to SDR over " + iface.phase)
            fo = output("--openipmi fru --id 0 --json", res["fru_openipmi"])
            if fo is not None and f is not None:
                check(fo["bytes"] == f["bytes"], "FRU 0 over /dev/ipmi0 is identical to FRU 0 over " + iface.phase)
        elif not modules:
            print("note: no uncompressed IPMI modules for this kernel; the /dev/ipmi0 part is left out")
    finally:
        bmc.close()

    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
