#!/usr/bin/env python3
"""Runs a command next to a fresh ipmi_sim serving a profile, then stops it.

    with_ipmi_sim.py PROFILE.json -- COMMAND [ARGS...]

The command finds the BMC through the environment:
  BMCWSMAN_TEST_LAN_HOST       127.0.0.1:PORT (RMCP+)
  BMCWSMAN_TEST_LAN_USER / BMCWSMAN_TEST_LAN_PASSWORD
  BMCWSMAN_TEST_LAN_WORKAROUNDS  libfreeipmi workaround flags ipmi_sim needs
  BMCWSMAN_TEST_IPMISIM_CONTROL  a unix socket: send one line ("restart",
      "pause", "resume", "kill", "start", or "console <ipmi_sim command>") and read
      one reply line ("ok ..." or "error ...").
BMCWSMAN_IPMISIM_PLUGINS (colon-separated absolute paths, e.g. sim/ipmi_sim/busy_plugin.c's
module) are loaded into ipmi_sim; their console commands go through "console ...".
The exit code is the command's (77, skipped, when ipmi_sim is not installed).
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import IpmiSim  # noqa: E402

# libfreeipmi IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE (ipmi_sim needs it)
OPEN_SESSION_PRIVILEGE = 0x10


def serve_control(bmc: IpmiSim, server: socket.socket) -> None:
    actions = {"restart": bmc.restart, "pause": bmc.pause, "resume": bmc.resume,
               "kill": bmc.stop, "start": bmc.start}
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            line = conn.makefile("r").readline().strip()
            try:
                if line.startswith("console "):
                    out = bmc.console(line[len("console "):]).replace("\n", " ")
                    reply = f"ok {out}"
                elif line in actions:
                    actions[line]()
                    reply = "ok"
                else:
                    reply = f"error unknown command {line!r}"
            except Exception as e:  # reported to the test, which fails on it
                reply = f"error {e}"
            conn.sendall(reply.encode() + b"\n")


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("ipmi_sim") is None:
        print("SKIP: ipmi_sim (Debian package openipmi) is not installed")
        return 77
    profile, command = sys.argv[1], sys.argv[3:]
    control_dir = tempfile.mkdtemp(prefix="bmcwsman-ctl-")
    control = os.path.join(control_dir, "control.sock")
    plugins = tuple(p for p in os.environ.get("BMCWSMAN_IPMISIM_PLUGINS", "").split(":") if p)
    with IpmiSim(profile, plugins=plugins) as bmc:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(control)
        server.listen(4)
        threading.Thread(target=serve_control, args=(bmc, server), daemon=True).start()
        env = dict(os.environ,
                   BMCWSMAN_TEST_LAN_HOST=f"127.0.0.1:{bmc.lan_port}",
                   BMCWSMAN_TEST_LAN_USER=bmc.user,
                   BMCWSMAN_TEST_LAN_PASSWORD=bmc.password,
                   BMCWSMAN_TEST_LAN_WORKAROUNDS=str(OPEN_SESSION_PRIVILEGE),
                   BMCWSMAN_TEST_IPMISIM_CONTROL=control,
                   BMCWSMAN_TEST_IPMISIM_DIR=bmc.workdir)
        try:
            rc = subprocess.run(command, env=env, check=False).returncode
        finally:
            server.close()
            shutil.rmtree(control_dir, ignore_errors=True)
        if rc != 0:
            print("--- ipmi_sim log (tail) ---\n" + bmc.log(), file=sys.stderr)
        return rc


if __name__ == "__main__":
    sys.exit(main())
