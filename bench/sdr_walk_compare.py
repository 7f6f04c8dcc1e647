#!/usr/bin/env python3
"""Side by side against the same ipmi_sim (the 45-sensor profile): how many IPMI
transactions and how much wall time bmcwsman and FreeIPMI need to load the SDR
repository, cold (no cache) and warm (cache on disk).

    bench/sdr_walk_compare.py BMCWSMAN PROFILE.json [RUNS]

bmcwsman's count comes from `bmcwsman sdr --json` ("transactions"); FreeIPMI's
from `ipmi-sensors --debug` (each "IPMI 2.0 ... Request" it prints), counting only
the SDR commands (Get SDR Repository Info, Reserve SDR Repository, Get SDR), so
the sensor readings ipmi-sensors also takes are left out of its count. Wall times
are medians of RUNS runs of the whole command (process start to exit; ipmi-sensors
also reads 42 sensors, so its wall time is an upper bound for its SDR part).
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

SDR_REQUESTS = ("Get SDR Repository Info", "Reserve SDR Repository", "Get SDR")


def freeipmi_sdr_transactions(bmc, cache):
    r = subprocess.run(["ipmi-sensors", *bmc.freeipmi_args(), "--sdr-cache-directory", cache, "--debug",
                        "--quiet-cache"], capture_output=True, text=True, check=True)
    titles = collections.Counter(re.findall(r"^127\.0\.0\.1: IPMI 2\.0 (.*) Request$", r.stderr, re.M))
    return sum(titles[t] for t in SDR_REQUESTS)


def timed(argv, env=None):
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - start, out.stdout


def main():
    bmcwsman, profile = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    with IpmiSim(profile) as bmc:
        env = dict(os.environ, BMCWSMAN_PASSWORD=bmc.password)
        ours = [bmcwsman, "--lan", f"127.0.0.1:{bmc.lan_port}", "--user", bmc.user, "--lan-workarounds", "16",
                "--json", "sdr"]
        rows = []
        for mode in ("cold", "warm"):
            our_times, fi_times = [], []
            our_tx = fi_tx = None
            for _ in range(runs):
                our_cache, fi_cache = tempfile.mkdtemp(), tempfile.mkdtemp()
                try:
                    if mode == "warm":  # fill the caches first, untimed
                        subprocess.run(ours + ["--sdr-cache-dir", our_cache], capture_output=True, check=True, env=env)
                        freeipmi_sdr_transactions(bmc, fi_cache)
                    t, out = timed(ours + ["--sdr-cache-dir", our_cache], env)
                    our_times.append(t)
                    our_tx = json.loads(out)["transactions"]
                    start = time.perf_counter()
                    subprocess.run(["ipmi-sensors", *bmc.freeipmi_args(), "--sdr-cache-directory", fi_cache,
                                    "--quiet-cache"], capture_output=True, check=True)
                    fi_times.append(time.perf_counter() - start)
                    if fi_tx is None:
                        shutil.rmtree(fi_cache)
                        fi_cache = tempfile.mkdtemp()
                        if mode == "warm":
                            freeipmi_sdr_transactions(bmc, fi_cache)
                        fi_tx = freeipmi_sdr_transactions(bmc, fi_cache)
                finally:
                    shutil.rmtree(our_cache, ignore_errors=True)
                    shutil.rmtree(fi_cache, ignore_errors=True)
            rows.append((mode, our_tx, fi_tx, statistics.median(our_times) * 1e3, statistics.median(fi_times) * 1e3))
    print("| SDR load | bmcwsman transactions | FreeIPMI SDR transactions | ratio | bmcwsman wall (median) "
          "| ipmi-sensors wall (median, incl. 42 readings) |")
    print("|---|---|---|---|---|---|")
    for mode, ot, ft, ow, fw in rows:
        print(f"| {mode} | {ot} | {ft} | {ot / ft:.2f} | {ow:.1f} ms | {fw:.1f} ms |")


if __name__ == "__main__":
    main()
