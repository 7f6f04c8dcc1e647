"""Per-command latency in a QEMU guest over KCS, BT and SSIF (our drivers) next to the
kernel's driver (/dev/ipmi0: ipmi_si or ipmi_ssif) in the same guest, same commands.

    inband_latency_compare.py BUILD_DIR [--count N] [--backend builtin|ipmi_sim|both]

One guest per interface and backend (q35, TCG): bench/inband_latency runs with --kcs, --bt
or --ssif, then the kernel's driver is loaded (tests/e2e/qemu_guest.py's INTERFACES
say how) and it runs again with --openipmi. Backends: QEMU's built-in ipmi-bmc-sim
(answers synchronously) and OpenIPMI's ipmi_sim behind ipmi-bmc-extern serving the
project's 45-sensor profile. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "sim", "ipmi_sim"))
import qemu_guest  # noqa: E402
from harness import IpmiSim, free_port  # noqa: E402

BIN = qemu_guest.GUEST_BIN
FLAGS = {"kcs": "--kcs", "bt": "--bt", "ssif-q35": "--ssif"}


def run_guest(build: str, iface_name: str, backend: str, count: int, profile: str) -> list[list[str]]:
    iface = qemu_guest.INTERFACES[iface_name]
    kernel = qemu_guest.find_kernel()
    files, missing = qemu_guest.module_files(kernel, qemu_guest.IPMI_MODULES + iface.modules)
    if missing:
        raise SystemExit(f"missing guest modules: {missing}")
    bench = f"{BIN}/inband_latency"
    commands = []
    if iface.modules:
        commands.append(("adapter", qemu_guest.modules_script(iface.modules)))
    commands += [
        ("ours", f"{bench} {FLAGS[iface_name]} --count {count}"),
        ("load", qemu_guest.load_ipmi_script(iface.kernel_driver)),
        ("kernel", f"{bench} --openipmi --count {count}"),
    ]
    bmc = None
    if backend == "builtin":
        devices = ["-device", "ipmi-bmc-sim,id=bmc0"] + iface.device
    else:
        port = free_port(socket.SOCK_STREAM)
        bmc = IpmiSim(profile, serial_port=port)
        bmc.start()
        devices = ["-chardev", f"socket,id=ipmi0,host=127.0.0.1,port={port},reconnect=1",
                   "-device", "ipmi-bmc-extern,id=bmc0,chardev=ipmi0"] + iface.device
    try:
        run = qemu_guest.run(commands, binaries=[os.path.join(build, "bench", "inband_latency"),
                                                 os.path.join(build, "agent", "bmcwsman")],
                             files=files, devices=devices, machine=iface.machine, command_timeout=240)
    finally:
        if bmc is not None:
            bmc.close()
    rows = []
    for name in ("ours", "kernel"):
        r = run.results[name]
        if r.rc != 0:
            print(f"{iface_name}/{backend}/{name}: rc={r.rc}\n{r.stdout}\n{r.stderr}", file=sys.stderr)
        for line in r.stdout.splitlines():
            fields = dict(f.split("=", 1) for f in line.split("\t")[2:])
            rows.append([backend, iface_name, line.split("\t")[0], line.split("\t")[1], fields["median_us"],
                         fields["p90_us"], fields["cc"], fields["failures"]])
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--backend", choices=("builtin", "ipmi_sim", "both"), default="both")
    args = parser.parse_args(argv)
    profile = os.path.join(args.build, "sim", "profile", "server45.json")
    backends = ["builtin", "ipmi_sim"] if args.backend == "both" else [args.backend]
    rows = []
    for backend in backends:
        for iface in ("kcs", "bt", "ssif-q35"):
            rows += run_guest(os.path.abspath(args.build), iface, backend, args.count, profile)
    print("| BMC | guest | transport | command | median µs | p90 µs | cc | failures |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
