#!/usr/bin/env python3
"""Serves the simulated server with ipmi_sim on free loopback ports until
interrupted, printing how to reach it. Usage: run_ipmi_sim.py PROFILE.json"""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import IpmiSim  # noqa: E402


def main():
    with IpmiSim(sys.argv[1]) as bmc:
        print(f"ipmi_sim pid {bmc.proc.pid}, LAN 127.0.0.1:{bmc.lan_port}, "
              f"console 127.0.0.1:{bmc.console_port}, dir {bmc.workdir}")
        print("ipmi-sensors " + " ".join(bmc.freeipmi_args()), flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})


if __name__ == "__main__":
    main()
