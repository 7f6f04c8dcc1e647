"""End to end: inside a QEMU guest the agent finds the BMC through SMBIOS type 38
and talks KCS to it over real port I/O.

    qemu_kcs_test.py BMCWSMAN

Boot 1 (SMBIOS 2.8 entry point, QEMU's ipmi-bmc-sim behind isa-ipmi-kcs at 0xca2):
detect (JSON and human), Get Device ID over the SMBIOS-chosen KCS and over --kcs,
Get Self Test Results over an explicit --kcs=io:0xca2, a KCS address with no BMC
behind it, then the kernel's ipmi_si loaded: the agent must see it and keep off the ports.
Boot 2 (SMBIOS 3.0 entry point, a BMC with its own manufacturer and product ids):
detect and Get Device ID again, proving the bytes come from QEMU's BMC.

Exit 77 (skip) only when qemu-system-x86_64 or a kernel image is missing.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_guest  # noqa: E402

SKIP = 77
NEGATIVE_LIMIT_MS = 30_000  # the agent's own deadline is 5 s; the guest allows 60 s

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)
    return ok


def show(name: str, r: qemu_guest.CommandResult) -> None:
    print(f"--- {name}: rc={r.rc}, {r.ms} ms")
    for label, text in (("stdout", r.stdout), ("stderr", r.stderr)):
        if text:
            print(f"  {label}: " + text.rstrip("\n").replace("\n", "\n          "))


def parse_json(name: str, r: qemu_guest.CommandResult):
    try:
        value = json.loads(r.stdout)
    except ValueError as e:
        check(False, f"{name}: stdout is JSON ({e})")
        return None
    if not check(isinstance(value, dict), f"{name}: stdout is a JSON object"):
        return None
    return value


def check_detect_json(name: str, r: qemu_guest.CommandResult, smbios_major: str) -> None:
    check(r.rc == 0, f"{name}: exit status 0 (got {r.rc})")
    d = parse_json(name, r)
    if d is None:
        return
    check(d.get("interface") == "KCS", f"{name}: interface KCS (got {d.get('interface')!r})")
    check(d.get("address_space") == "io",
          f"{name}: address_space io (got {d.get('address_space')!r})")
    base = d.get("base_address")
    check(isinstance(base, int) and not isinstance(base, bool) and base == 0xCA2,
          f"{name}: base_address 3234 (0xca2) as an integer (got {base!r})")
    check(d.get("register_spacing") == 1,
          f"{name}: register_spacing 1 (got {d.get('register_spacing')!r})")
    check(d.get("ipmi_version") == "2.0", f"{name}: ipmi_version 2.0 (got {d.get('ipmi_version')!r})")
    check(d.get("irq") == 5, f"{name}: irq 5 (got {d.get('irq')!r})")
    check(str(d.get("kcs_spec", "")).startswith("io:0xca2"),
          f"{name}: kcs_spec io:0xca2 (got {d.get('kcs_spec')!r})")
    check(d.get("source") == "smbios", f"{name}: source smbios (got {d.get('source')!r})")
    check(str(d.get("smbios_version", "")).startswith(smbios_major + "."),
          f"{name}: SMBIOS {smbios_major}.x entry point (got {d.get('smbios_version')!r})")
    # No kernel IPMI driver is loaded in this guest (the initramfs has no modules):
    # firmware resource entries in /proc/ioports are not owners.
    check(d.get("kernel_driver") is None,
          f"{name}: no kernel driver owns the ports (got {d.get('kernel_driver')!r})")


def device_id_bytes(device_id: int, mfg_id: int, product_id: int) -> list[int]:
    # QEMU hw/ipmi/ipmi_bmc_sim.c get_device_id(): device id, revision 0, firmware
    # 0.0, IPMI version 0x02 (2.0), additional support 0x07 (sensor, SDR, SEL),
    # manufacturer (3 bytes LE), product (2 bytes LE).
    return [device_id, 0, 0, 0, 0x02, 0x07, mfg_id & 0xFF, (mfg_id >> 8) & 0xFF,
            (mfg_id >> 16) & 0xFF, product_id & 0xFF, (product_id >> 8) & 0xFF]


def check_raw_json(name: str, r: qemu_guest.CommandResult, expected: list[int],
                   via: str = "kcs") -> None:
    check(r.rc == 0, f"{name}: exit status 0 (got {r.rc})")
    d = parse_json(name, r)
    if d is None:
        return
    check(d.get("completion_code") == 0,
          f"{name}: completion_code 0 (got {d.get('completion_code')!r})")
    data = d.get("data")
    if not check(isinstance(data, list) and len(data) >= 11,
                 f"{name}: at least 11 data bytes (got {data!r})"):
        return
    check(data[0] == expected[0], f"{name}: device id {expected[0]:#04x} (got {data[0]!r})")
    check(data[4] == 0x02, f"{name}: IPMI version byte 0x02 at data[4] (got {data[4]!r})")
    check(data == expected, f"{name}: data {expected} (got {data})")
    transport = str(d.get("transport", ""))
    check(via in transport.lower(), f"{name}: went over {via} (transport {transport!r})")


def check_raw_human(name: str, r: qemu_guest.CommandResult, cc: int, data: list[int]) -> None:
    lines = r.stdout.splitlines()
    check(len(lines) >= 1 and lines[0].startswith(f"completion code {cc:#04x} ("),
          f"{name}: first line 'completion code {cc:#04x} (...)' (got {lines[:1]})")
    if cc == 0 and lines:
        check(lines[0] == "completion code 0x00 (command completed normally)",
              f"{name}: first line wording (got {lines[:1]})")
    want = " ".join(f"{b:02x}" for b in data)
    if data:
        check(len(lines) >= 2 and lines[1] == want,
              f"{name}: second line {want!r} (got {lines[1:2]})")


def modules_for(kernel: str) -> dict[str, bytes] | None:
    """ipmi_msghandler, ipmi_si and ipmi_devintf of the guest kernel, if the host has them
    uncompressed."""
    version = os.path.basename(kernel).removeprefix("vmlinuz-")
    base = f"/lib/modules/{version}/kernel/drivers/char/ipmi"
    files = {}
    for mod in ("ipmi_msghandler", "ipmi_si", "ipmi_devintf"):
        path = f"{base}/{mod}.ko"
        if not os.access(path, os.R_OK):
            return None
        with open(path, "rb") as f:
            files[f"/modules/{mod}.ko"] = f.read()
    return files


def boot(label: str, commands, **kwargs) -> qemu_guest.GuestRun | None:
    print(f"=== {label}")
    try:
        run = qemu_guest.run(commands, **kwargs)
    except qemu_guest.GuestError as e:
        print(e.console)
        check(False, f"{label}: {e}")
        return None
    print(f"    boot-to-init {run.init_uptime} s (guest uptime), QEMU run "
          f"{run.wall_seconds:.1f} s")
    for name, _ in commands:
        show(name, run.results[name])
    return run


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    agent = os.path.abspath(argv[1])
    if qemu_guest.find_qemu() is None:
        print("SKIP: qemu-system-x86_64 not found (apt-get install qemu-system-x86)")
        return SKIP
    kernel = qemu_guest.find_kernel()
    if kernel is None:
        print("SKIP: no kernel image /boot/vmlinuz-* (apt-get install linux-image-amd64)")
        return SKIP
    if not os.access(agent, os.X_OK):
        print(f"FAIL: agent binary {agent} is not executable")
        return 1
    started = time.monotonic()
    bmc = "bmcwsman"

    # --- Boot 1: SMBIOS 2.8, default ipmi-bmc-sim ---------------------------------
    commands = [
        ("detect_json", f"{bmc} detect --json"),
        ("detect_human", f"{bmc} detect"),
        ("raw_json", f"{bmc} raw 0x06 0x01 --json"),
        ("raw_kcs_human", f"{bmc} raw --kcs 0x06 0x01"),
        ("self_test", f"{bmc} raw --kcs=io:0xca2 0x06 0x04"),
        ("no_bmc", f"{bmc} raw --kcs=io:0xca8 0x06 0x01"),
    ]
    modules = modules_for(kernel)
    if modules:
        commands += [
            ("load_ipmi_si", "insmod /modules/ipmi_msghandler.ko && insmod /modules/ipmi_si.ko"
                             " && grep -A1 'IPMI Address 1' /proc/ioports"),
            ("detect_with_ipmi_si", f"{bmc} detect --json"),
            ("raw_with_ipmi_si", f"{bmc} raw --kcs 0x06 0x01"),
            # The kernel's driver owns the interface: /dev/ipmi0 is the way in.
            ("load_ipmi_devintf", "insmod /modules/ipmi_devintf.ko && ls /dev/ipmi0"),
            ("raw_openipmi", f"{bmc} --openipmi raw --json 0x06 0x01"),
            ("chassis_openipmi", f"{bmc} chassis status --openipmi=/dev/ipmi0 --json"),
        ]
    run1 = boot("boot 1: q35, SMBIOS 2.8 entry point, ipmi-bmc-sim on isa-ipmi-kcs", commands,
                binaries=[agent], files=modules, devices=qemu_guest.KCS_DEVICES)
    if run1:
        res = run1.results
        check_detect_json("detect --json", res["detect_json"], "2")

        r = res["detect_human"]
        check(r.rc == 0, f"detect: exit status 0 (got {r.rc})")
        check("KCS" in r.stdout and "0xca2" in r.stdout.lower(),
              "detect: the human output mentions KCS and 0xca2")

        expected = device_id_bytes(0x20, 0, 0)
        check_raw_json("raw 0x06 0x01 --json (SMBIOS-chosen KCS)", res["raw_json"], expected)

        r = res["raw_kcs_human"]
        check(r.rc == 0, f"raw --kcs 0x06 0x01: exit status 0 (got {r.rc})")
        check_raw_human("raw --kcs 0x06 0x01", r, 0, expected)

        # QEMU 7.2's ipmi-bmc-sim has no Get Self Test Results handler: it answers
        # C1h (invalid command), which the agent reports with exit status 3.
        r = res["self_test"]
        check(r.rc == 3, f"raw --kcs=io:0xca2 0x06 0x04: exit status 3 for a completion code "
                         f"(got {r.rc})")
        check_raw_human("raw --kcs=io:0xca2 0x06 0x04", r, 0xC1, [])

        r = res["no_bmc"]
        err_lines = [line for line in r.output.splitlines() if line.strip()]
        check(r.rc not in (0, 124, 143),
              f"raw --kcs=io:0xca8: fails on its own (exit status {r.rc})")
        check(r.ms < NEGATIVE_LIMIT_MS,
              f"raw --kcs=io:0xca8: gives up in {r.ms} ms (< {NEGATIVE_LIMIT_MS} ms)")
        check(len(err_lines) == 1 and "kcs" in err_lines[0].lower(),
              f"raw --kcs=io:0xca8: one error line mentioning KCS (got {err_lines})")

        if modules:
            r = res["load_ipmi_si"]
            if check(r.rc == 0 and "ipmi_si" in r.stdout,
                     "ipmi_si loaded and claims the ports in /proc/ioports"):
                d = parse_json("detect --json with ipmi_si", res["detect_with_ipmi_si"])
                if d is not None:
                    check(d.get("kernel_driver") == "ipmi_si",
                          f"detect --json with ipmi_si: kernel_driver 'ipmi_si' "
                          f"(got {d.get('kernel_driver')!r})")
                r = res["raw_with_ipmi_si"]
                check(r.rc != 0 and "ipmi_si" in r.stderr,
                      f"raw --kcs with ipmi_si loaded: refused, naming ipmi_si (rc {r.rc})")
                r = res["load_ipmi_devintf"]
                if check(r.rc == 0 and "/dev/ipmi0" in r.stdout, "ipmi_devintf loaded: /dev/ipmi0 exists"):
                    check_raw_json("--openipmi raw 0x06 0x01 --json (through the kernel driver)",
                                   res["raw_openipmi"], expected, via="openipmi /dev/ipmi0")
                    c = parse_json("chassis status --openipmi --json", res["chassis_openipmi"])
                    if c is not None:
                        check(c.get("power_on") is True,
                              f"chassis status over /dev/ipmi0: power on (got {c.get('power_on')!r})")
        else:
            print(f"note: no uncompressed ipmi_si.ko for {kernel}; the ipmi_si case is left out")

    # --- Boot 2: SMBIOS 3.0, a BMC with its own identity ----------------------------
    # QEMU 7.2's ipmi_sim_realize() overwrites the device_id property with 0x20, so the
    # manufacturer and product ids are what tell this BMC apart from a canned answer.
    device_id, mfg_id, product_id = 0x20, 0x001291, 0x0F02
    devices = ["-device", f"ipmi-bmc-sim,id=bmc0,mfg_id={mfg_id:#x},product_id={product_id:#x}",
               "-device", "isa-ipmi-kcs,bmc=bmc0"]
    commands = [
        ("detect_json", f"{bmc} detect --json"),
        ("raw_json", f"{bmc} raw 0x06 0x01 --json"),
    ]
    run2 = boot("boot 2: q35 with smbios-entry-point-type=64 (SMBIOS 3.0)", commands,
                binaries=[agent], devices=devices, machine="q35,smbios-entry-point-type=64")
    if run2:
        check_detect_json("detect --json (SMBIOS 3.0)", run2.results["detect_json"], "3")
        check_raw_json("raw 0x06 0x01 --json (SMBIOS 3.0)", run2.results["raw_json"],
                       device_id_bytes(device_id, mfg_id, product_id))

    total = time.monotonic() - started
    boots = ", ".join(f"boot-to-init {r.init_uptime} s / QEMU {r.wall_seconds:.1f} s"
                      for r in (run1, run2) if r)
    print(f"=== total {total:.1f} s ({boots})")
    if failures:
        for run in (run1, run2):
            if run:
                print("=== console log\n" + run.console)
        print(f"{len(failures)} check(s) failed:")
        for f in failures:
            print(f"  - {f}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
