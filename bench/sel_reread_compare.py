#!/usr/bin/env python3
"""Side by side against one ipmi_sim whose SEL holds 999 entries (then 1000): bmcwsman's
incremental SEL reader (bench/sel_reread_probe: first read, re-read with nothing new,
re-read after one added entry) and FreeIPMI's `ipmi-sel`, which reads the whole SEL each
time. Transactions and wall time.

    bench/sel_reread_compare.py SEL_REREAD_PROBE PROFILE.json [RUNS]

FreeIPMI's transactions come from `--debug` (every IPMI request except session set-up and
close); wall times are medians of RUNS whole-process runs.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim", "ipmi_sim"))
from harness import IpmiSim  # noqa: E402

SESSION = {"Open Session", "RAKP Message 1", "RAKP Message 3", "Set Session Privilege Level", "Close Session",
           "Get Channel Authentication Capabilities", "Get Session Challenge", "Activate Session"}


def big_profile(path, entries):
    with open(path) as f:
        profile = json.load(f)
    base = 1_764_000_000
    sel = []
    for i in range(entries):
        ts = (base + i).to_bytes(4, "little")
        sel.append({"record_type": 2, "data": (ts + bytes([0x20, 0x00, 0x04, 0x01, 0x01, 0x01, 0x59, 92, 90])).hex()})
    profile["sel"] = sel
    out = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(profile, out)
    out.close()
    return out.name


def main():
    probe, profile = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    path = big_profile(profile, 999)
    try:
        with IpmiSim(path) as bmc:
            env = dict(os.environ, BMCWSMAN_TEST_LAN_HOST=f"127.0.0.1:{bmc.lan_port}", BMCWSMAN_TEST_LAN_USER=bmc.user,
                       BMCWSMAN_TEST_LAN_PASSWORD=bmc.password)
            theirs = ["ipmi-sel", *bmc.freeipmi_args(), "--sdr-cache-directory", tempfile.mkdtemp(), "--quiet-cache"]
            debug = subprocess.run([*theirs, "--debug"], capture_output=True, text=True, check=True).stderr
            fi_tx = sum(1 for m in re.finditer(r"IPMI 2\.0 (.+?) Request", debug) if m.group(1) not in SESSION)
            fi_times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run(theirs, capture_output=True, check=True)
                fi_times.append((time.perf_counter() - t0) * 1000)
            out = subprocess.run([probe], capture_output=True, text=True, env=env, check=True).stdout
            ours = [json.loads(line) for line in out.splitlines()]
    finally:
        os.unlink(path)
    fi_ms = statistics.median(fi_times)
    print(f"SEL of {ours[0]['entries']} entries on ipmi_sim (loopback); ipmi-sel reads it all every time:")
    print(f"  ipmi-sel (FreeIPMI 1.6.10), whole SEL: {fi_tx} transactions, {fi_ms:.1f} ms (median of {runs} runs,"
          " whole process incl. session)")
    for o in ours:
        ratio = o["ms"] / fi_ms if fi_ms else float("nan")
        print(f"  bmcwsman {o['phase']:11}: {o['transactions']:4} transactions, {o['ms']:8.1f} ms"
              f" (ratio to ipmi-sel {ratio:.3f}); {o['entries']} entries, {o['added']} new")


if __name__ == "__main__":
    main()
