#!/usr/bin/env python3
"""Side by side against the same ipmi_sim (the 45-sensor profile): a warm sweep of
every sensor (SDR cache on disk) by `bmcwsman sensors` and by FreeIPMI's
`ipmi-sensors --shared-sensors`: IPMI transactions and wall time.

    bench/sensor_sweep_compare.py BMCWSMAN PROFILE.json [RUNS]

bmcwsman's count comes from its JSON ("transactions"); FreeIPMI's from
`--debug` (every "IPMI 2.0 ... Request" except the session set-up and close,
which bmcwsman's count does not include either). Wall times: medians of RUNS
whole-process runs each, alternating the two tools.
"""
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim", "ipmi_sim"))
from harness import IpmiSim  # noqa: E402

SESSION = {"Open Session", "RAKP Message 1", "RAKP Message 3", "Set Session Privilege Level", "Close Session",
           "Get Channel Authentication Capabilities", "Get Session Challenge", "Activate Session"}


def main():
    bmcwsman, profile = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    ours_cache, fi_cache = tempfile.mkdtemp(), tempfile.mkdtemp()
    try:
        with IpmiSim(profile) as bmc:
            env = dict(os.environ, BMCWSMAN_PASSWORD=bmc.password)
            ours = [bmcwsman, "--lan", f"127.0.0.1:{bmc.lan_port}", "--user", bmc.user, "--lan-workarounds", "16",
                    "--json", "sensors", "--sdr-cache-dir", ours_cache]
            theirs = ["ipmi-sensors", *bmc.freeipmi_args(), "--sdr-cache-directory", fi_cache, "--shared-sensors",
                      "--quiet-cache"]
            subprocess.run(ours, capture_output=True, check=True, env=env)  # fill the caches
            subprocess.run(theirs, capture_output=True, check=True)
            doc = json.loads(subprocess.run(ours, capture_output=True, text=True, check=True, env=env).stdout)
            our_tx, sensors = doc["transactions"], len(doc["sensors"])
            debug = subprocess.run(theirs + ["--debug"], capture_output=True, text=True, check=True).stderr
            titles = collections.Counter(re.findall(r"^127\.0\.0\.1: IPMI 2\.0 (.*) Request$", debug, re.M))
            fi_tx = sum(n for t, n in titles.items() if t not in SESSION)
            our_t, fi_t = [], []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run(ours, capture_output=True, check=True, env=env)
                our_t.append(time.perf_counter() - start)
                start = time.perf_counter()
                subprocess.run(theirs, capture_output=True, check=True)
                fi_t.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(ours_cache, ignore_errors=True)
        shutil.rmtree(fi_cache, ignore_errors=True)
    om, fm = statistics.median(our_t) * 1e3, statistics.median(fi_t) * 1e3
    print(f"sensors read: bmcwsman {sensors}; FreeIPMI commands seen: {dict(titles)}")
    print("| warm sweep | transactions (no session set-up) | wall, median | wall, min |")
    print("|---|---|---|---|")
    print(f"| bmcwsman sensors | {our_tx} | {om:.1f} ms | {min(our_t) * 1e3:.1f} ms |")
    print(f"| ipmi-sensors --shared-sensors | {fi_tx} | {fm:.1f} ms | {min(fi_t) * 1e3:.1f} ms |")
    print(f"| ratio bmcwsman / FreeIPMI | {our_tx / fi_tx:.2f} | {om / fm:.2f} | |")


if __name__ == "__main__":
    main()
