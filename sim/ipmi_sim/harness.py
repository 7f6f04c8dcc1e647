"""Starts and stops OpenIPMI's ipmi_sim serving a simulated-server profile on
free loopback ports, with a fresh state directory, and talks to its console.

    with IpmiSim(profile_json) as bmc:
        subprocess.run(["ipmi-sensors", *bmc.freeipmi_args()])
        bmc.console("sensor_set_value 0x20 0 0x01 0x50 0")
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import config


def free_port(kind=socket.SOCK_DGRAM) -> int:
    """A port the kernel just handed out on 127.0.0.1 (UDP or TCP)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class IpmiSim:
    def __init__(self, profile_json: str, user: str = "admin", password: str = "bmcwsman-test",
                 workdir: str | None = None, serial_port: int | None = None, plugins: tuple[str, ...] = ()):
        self.profile_json = profile_json
        self.user = user
        self.password = password
        self._own_dir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="bmcwsman-ipmisim-")
        self.serial_port = serial_port
        self.lan_port = free_port(socket.SOCK_DGRAM)
        self.console_port = free_port(socket.SOCK_STREAM)
        self.paths = config.write(profile_json, self.workdir, self.lan_port, self.console_port,
                                  user, password, serial_port)
        # ipmi_sim plug-ins (e.g. sim/ipmi_sim/busy_plugin.c): loadlib wants an absolute path
        # and both strings quoted, the option string too.
        if plugins:
            with open(self.paths["lan_conf"], "a", encoding="utf-8") as f:
                for plugin in plugins:
                    f.write(f'loadlib "{os.path.abspath(plugin)}" ""\n')
        self.proc: subprocess.Popen | None = None
        self.log_path = os.path.join(self.workdir, "ipmi_sim.log")

    # -- process ---------------------------------------------------------
    def start(self, timeout: float = 20.0) -> None:
        if shutil.which("ipmi_sim") is None:
            raise FileNotFoundError("ipmi_sim not found (Debian package openipmi)")
        log = open(self.log_path, "ab")
        # ipmi_sim dies of SIGPIPE when a console client goes away mid-write:
        # the child inherits Python's SIG_IGN when signals are not restored.
        self.proc = subprocess.Popen(
            ["ipmi_sim", "-c", self.paths["lan_conf"], "-f", self.paths["emu"],
             "-s", self.paths["state_dir"], "-n"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, restore_signals=False,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        # The console listens once the emu file has been read; then the LAN is up.
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ipmi_sim exited with {self.proc.returncode}; log: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.console_port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"ipmi_sim did not come up within {timeout}s; log: {self.log()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def pause(self) -> None:
        """A silent BMC (SIGSTOP): requests get no answer until resume()."""
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def restart(self) -> None:
        """Kill and start again on the same ports and state directory."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.start()

    def close(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def log(self) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    # -- console and clients ---------------------------------------------
    def console(self, command: str, timeout: float = 5.0) -> str:
        """Runs one ipmi_sim_cmd(5) command on the console and returns its output."""
        with socket.create_connection(("127.0.0.1", self.console_port), timeout=timeout) as s:
            s.sendall(command.encode() + b"\n")  # LF only (CRLF confuses it)
            out = b""
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                s.settimeout(max(0.05, min(0.3, end - time.monotonic())))
                try:
                    chunk = s.recv(4096)
                except socket.timeout:
                    if out.endswith(b"> "):
                        break
                    continue
                if not chunk:
                    break
                out += chunk
                if out.count(b"> ") >= 2:
                    break
            return out.decode(errors="replace")

    def chassis_log(self) -> list[str]:
        path = os.path.join(self.paths["chassis_dir"], "chassis.log")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]

    def freeipmi_args(self) -> list[str]:
        """Arguments for FreeIPMI tools (-W opensesspriv: ipmi_sim's session quirk)."""
        return ["-h", f"127.0.0.1:{self.lan_port}", "-u", self.user, "-p", self.password,
                "-l", "ADMIN", "-D", "LAN_2_0", "-W", "opensesspriv"]

    def ipmitool_args(self) -> list[str]:
        return ["-I", "lanplus", "-H", "127.0.0.1", "-p", str(self.lan_port), "-U", self.user,
                "-P", self.password, "-C", "3"]
