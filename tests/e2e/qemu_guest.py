"""Boot a throwaway QEMU guest, run commands in it, return what they printed.

Standard library only. The guest is the host's own kernel (the ELF vmlinux
extracted from /boot/vmlinuz-*, booted directly through PVH: no decompression
under TCG) and an initramfs built here: busybox-static, the given host binaries
with their shared libraries, and an /init script that mounts proc, sysfs and
devtmpfs, runs each command with a per-command deadline and prints

    @@BEGIN name@@
    @@OUT name@@
    <stdout>
    @@ERR name@@
    <stderr>
    @@END name rc=N ms=T@@

then powers the guest off. No kernel modules are in the initramfs, so the
kernel's ipmi_si never claims the KCS ports and raw port I/O is ours.

Environment:
  BMCWSMAN_QEMU_TIMEOUT   seconds per guest run (default 120)
  BMCWSMAN_QEMU_KERNEL    kernel image (default: the newest /boot/vmlinuz-*)
  BMCWSMAN_QEMU_CACHE     directory for the extracted vmlinux (default: a temp dir)
  BMCWSMAN_QEMU           the QEMU binary (default: qemu-system-x86_64 on PATH)

Run by hand:  python3 qemu_guest.py [--kcs] [--copy BIN] -- 'shell command' ...
"""

from __future__ import annotations

import dataclasses
import glob
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

APPEND = ("console=ttyS0 panic=-1 quiet cryptomgr.notests=1 mitigations=off tsc=reliable "
          "no_timer_check i8042.noaux i8042.nokbd i8042.nopnp audit=0")

# QEMU's built-in BMC behind an ISA KCS interface at 0xca2/0xca3 (SMBIOS type 38 follows).
KCS_DEVICES = ["-device", "ipmi-bmc-sim,id=bmc0", "-device", "isa-ipmi-kcs,bmc=bmc0"]

XZ_MAGIC = b"\xfd7zXZ\x00"
ELF_MAGIC = b"\x7fELF"
GUEST_BIN = "/usr/local/bin"
BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")


class GuestError(RuntimeError):
    """The guest did not run to the end; .console holds everything it printed."""

    def __init__(self, message: str, console: str = ""):
        super().__init__(message)
        self.console = console


@dataclasses.dataclass
class CommandResult:
    rc: int
    stdout: str
    stderr: str
    ms: int          # guest wall time, /proc/uptime resolution (10 ms)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclasses.dataclass
class GuestRun:
    results: dict[str, CommandResult]
    console: str
    wall_seconds: float          # QEMU start to exit, host clock
    init_uptime: float | None    # guest uptime when /init started (boot-to-init)


# ---------------------------------------------------------------------------
# Locating the pieces

def timeout_seconds() -> float:
    return float(os.environ.get("BMCWSMAN_QEMU_TIMEOUT", "120"))


def find_qemu() -> str | None:
    explicit = os.environ.get("BMCWSMAN_QEMU")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("qemu-system-x86_64")


def find_kernel() -> str | None:
    explicit = os.environ.get("BMCWSMAN_QEMU_KERNEL")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    images = glob.glob("/boot/vmlinuz-*")
    if not images:
        return None
    return max(images, key=lambda p: (os.stat(p).st_mtime, p))


def find_busybox() -> str | None:
    for path in BUSYBOX_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("busybox")


def extract_vmlinux(vmlinuz: str, cache_dir: str) -> str:
    """The ELF vmlinux inside a bzImage, cached by the image's size and mtime.

    Returns the bzImage itself when no xz stream decompresses to an ELF file
    (QEMU boots that too, just slower).
    """
    st = os.stat(vmlinuz)
    name = f"vmlinux-{os.path.basename(vmlinuz)}-{st.st_size}-{st.st_mtime_ns}"
    cached = os.path.join(cache_dir, name)
    if os.path.exists(cached):
        return cached
    with open(vmlinuz, "rb") as f:
        image = f.read()
    start = image.find(XZ_MAGIC)
    while start >= 0:
        # --single-stream ignores whatever follows the stream (the bzImage's tail).
        proc = subprocess.run(["xz", "-dc", "--single-stream"], input=image[start:],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        if proc.returncode == 0 and proc.stdout.startswith(ELF_MAGIC):
            os.makedirs(cache_dir, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".vmlinux-")
            with os.fdopen(fd, "wb") as out:
                out.write(proc.stdout)
            os.replace(tmp, cached)  # atomic: concurrent runs may race here
            return cached
        start = image.find(XZ_MAGIC, start + 1)
    print(f"qemu_guest: no ELF vmlinux found in {vmlinuz}; booting the bzImage (slower)",
          file=sys.stderr)
    return vmlinuz


def shared_libraries(binary: str) -> list[str]:
    """Host paths of the ELF interpreter and every library `ldd` lists (empty if static)."""
    proc = subprocess.run(["ldd", binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    libs: list[str] = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        m = re.match(r"\S+ => (/\S+) \(0x[0-9a-f]+\)$", line)
        if m:
            libs.append(m.group(1))
            continue
        m = re.match(r"(/\S+) \(0x[0-9a-f]+\)$", line)  # the interpreter
        if m:
            libs.append(m.group(1))
        elif "=> not found" in line:
            raise GuestError(f"{binary}: shared library not found on the host: {line}")
    return libs


# ---------------------------------------------------------------------------
# initramfs (newc cpio, written here)

class Cpio:
    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._ino = 1
        self._dirs: set[str] = set()

    def _entry(self, name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0),
               nlink: int = 1) -> None:
        name_b = name.encode() + b"\0"
        header = "070701" + "".join(f"{v:08x}" for v in (
            self._ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0))
        self._ino += 1
        blob = header.encode() + name_b
        blob += b"\0" * (-len(blob) % 4)
        blob += data
        blob += b"\0" * (-len(blob) % 4)
        self._parts.append(blob)

    def dir(self, path: str) -> None:
        path = path.strip("/")
        if not path or path in self._dirs:
            return
        parent = os.path.dirname(path)
        if parent:
            self.dir(parent)
        self._dirs.add(path)
        self._entry(path, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, path: str, data: bytes, mode: int = 0o755) -> None:
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self._entry(path, stat.S_IFREG | mode, data)

    def symlink(self, path: str, target: str) -> None:
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self._entry(path, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, path: str, major: int, minor: int, mode: int = 0o600) -> None:
        path = path.strip("/")
        self.dir(os.path.dirname(path))
        self._entry(path, stat.S_IFCHR | mode, rdev=(major, minor))

    def bytes(self) -> bytes:
        trailer = Cpio()
        trailer._entry("TRAILER!!!", 0)
        out = b"".join(self._parts) + trailer._parts[0]
        return out + b"\0" * (-len(out) % 512)


def _init_script(names: list[str], command_timeout: int) -> str:
    lines = [
        "#!/bin/busybox sh",
        "export PATH=/bin:/sbin:/usr/bin:/usr/sbin:" + GUEST_BIN,
        "mount -t proc proc /proc",
        "mount -t sysfs sysfs /sys",
        "mount -t devtmpfs devtmpfs /dev",
        "mount -t tmpfs tmpfs /tmp",
        "echo 1 > /proc/sys/kernel/printk",  # keep late kernel messages out of the output
        "read up _ < /proc/uptime",
        "echo \"@@INIT uptime=$up@@\"",
        "ms() { awk '{ printf \"%d\\n\", $1 * 1000 }' /proc/uptime; }",
    ]
    for i, name in enumerate(names):
        lines += [
            f"t0=$(ms)",
            f"timeout {command_timeout} sh /cmds/{i}.sh >/tmp/{i}.out 2>/tmp/{i}.err </dev/null",
            "rc=$?",
            "t1=$(ms)",
            f"echo '@@BEGIN {name}@@'",
            f"echo '@@OUT {name}@@'",
            f"cat /tmp/{i}.out",
            f"printf '\\n@@ERR {name}@@\\n'",
            f"cat /tmp/{i}.err",
            f"printf '\\n@@END {name} rc=%d ms=%d@@\\n' $rc $((t1 - t0))",
        ]
    lines += ["echo '@@DONE@@'", "sync", "poweroff -f", ""]
    return "\n".join(lines)


def build_initramfs(commands: list[tuple[str, str]], binaries: list[str] | None = None,
                    files: dict[str, bytes] | None = None, command_timeout: int = 60) -> bytes:
    """commands: (name, shell command). binaries: host programs put in /usr/local/bin
    with their shared libraries at the paths ldd reports."""
    busybox = find_busybox()
    if busybox is None:
        raise GuestError("busybox (busybox-static) not found on the host")
    cpio = Cpio()
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "etc",
              "root", GUEST_BIN, "cmds"):
        cpio.dir(d)
    cpio.chardev("dev/console", 5, 1)
    cpio.chardev("dev/null", 1, 3, 0o666)
    with open(busybox, "rb") as f:
        cpio.file("bin/busybox", f.read())
    applets = subprocess.run([busybox, "--list-full"], stdout=subprocess.PIPE, text=True,
                             check=True).stdout.split()
    for applet in applets:
        if applet != "bin/busybox" and "/" in applet:
            cpio.symlink(applet, "/bin/busybox")
    seen_libs: set[str] = set()
    for binary in binaries or []:
        with open(binary, "rb") as f:
            cpio.file(f"{GUEST_BIN}/{os.path.basename(binary)}", f.read())
        for lib in shared_libraries(binary):
            if lib in seen_libs:
                continue
            seen_libs.add(lib)
            with open(os.path.realpath(lib), "rb") as f:
                cpio.file(lib, f.read())
    for path, data in (files or {}).items():
        cpio.file(path, data)
    names = []
    for i, (name, command) in enumerate(commands):
        if not re.fullmatch(r"[A-Za-z0-9_.:-]+", name):
            raise ValueError(f"command name {name!r}: use letters, digits, _ . : -")
        names.append(name)
        cpio.file(f"cmds/{i}.sh", (command + "\n").encode(), 0o644)
    cpio.file("init", _init_script(names, command_timeout).encode())
    return cpio.bytes()


# ---------------------------------------------------------------------------
# Running

_BLOCK = re.compile(
    r"^@@BEGIN (?P<name>\S+)@@\n@@OUT (?P=name)@@\n(?P<out>.*?)\n@@ERR (?P=name)@@\n"
    r"(?P<err>.*?)\n@@END (?P=name) rc=(?P<rc>-?\d+) ms=(?P<ms>-?\d+)@@$",
    re.S | re.M)


def parse_console(console: str) -> dict[str, CommandResult]:
    results = {}
    for m in _BLOCK.finditer(console):
        results[m.group("name")] = CommandResult(int(m.group("rc")), m.group("out"),
                                                 m.group("err"), int(m.group("ms")))
    return results


def run(commands: list[tuple[str, str]], *, binaries: list[str] | None = None,
        files: dict[str, bytes] | None = None, devices: list[str] | None = None,
        machine: str = "q35", timeout: float | None = None, cache_dir: str | None = None,
        command_timeout: int = 60) -> GuestRun:
    """Boot once, run the commands in order, return their results.

    Raises GuestError (with the console log) if QEMU cannot start, the run
    times out, or the guest did not reach the end of its command list.
    """
    qemu = find_qemu()
    if qemu is None:
        raise GuestError("qemu-system-x86_64 not found")
    kernel = find_kernel()
    if kernel is None:
        raise GuestError("no kernel image (/boot/vmlinuz-*)")
    if not os.access(kernel, os.R_OK):
        raise GuestError(f"{kernel} is not readable (run as root or set BMCWSMAN_QEMU_KERNEL)")
    timeout = timeout_seconds() if timeout is None else timeout
    cache_dir = cache_dir or os.environ.get("BMCWSMAN_QEMU_CACHE")

    with tempfile.TemporaryDirectory(prefix="bmcwsman-qemu-") as tmp:
        vmlinux = extract_vmlinux(kernel, os.path.join(cache_dir or tmp, "qemu-kernel"))
        initrd = os.path.join(tmp, "initramfs.cpio")
        with open(initrd, "wb") as f:
            f.write(build_initramfs(commands, binaries, files, command_timeout))
        argv = [qemu, "-accel", "tcg", "-machine", machine, "-smp", "1",
                "-m", "512", "-display", "none", "-monitor", "none", "-serial", "stdio",
                "-no-reboot", "-nodefaults",
                "-kernel", vmlinux, "-initrd", initrd, "-append", APPEND] + (devices or [])
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        try:
            raw, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            raw, _ = proc.communicate()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        wall = time.monotonic() - started

    console = raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "")
    header = f"$ {shlex.join(argv)}\n"
    if timed_out:
        raise GuestError(f"QEMU run timed out after {timeout:.0f} s "
                         "(BMCWSMAN_QEMU_TIMEOUT raises the limit)", header + console)
    if "@@DONE@@" not in console:
        raise GuestError(f"the guest stopped before running all commands (QEMU exit "
                         f"status {proc.returncode})", header + console)
    results = parse_console(console)
    missing = [name for name, _ in commands if name not in results]
    if missing:
        raise GuestError(f"no result markers for {missing}", header + console)
    m = re.search(r"@@INIT uptime=([\d.]+)@@", console)
    return GuestRun(results, header + console, wall, float(m.group(1)) if m else None)


# ---------------------------------------------------------------------------
# In-band interfaces: what each needs in front of the BMC and in the guest (issue 16)

IPMI_MODULES = ["drivers/char/ipmi/ipmi_msghandler", "drivers/char/ipmi/ipmi_si",
                "drivers/char/ipmi/ipmi_ssif", "drivers/char/ipmi/ipmi_devintf"]


@dataclasses.dataclass
class Interface:
    phase: str             # name of the first phase (and of the interface in messages)
    machine: str           # QEMU machine type
    device: list[str]      # the QEMU device in front of bmc0
    modules: list[str]     # guest modules the first phase needs, in load order (insmod)
    kernel_driver: str     # the kernel's driver for it: loaded for the second phase
    transport: str         # the agent's "BMC via ..." for the first phase (regex)
    smbios_name: str       # `detect --json` "interface" (SMBIOS type 38 byte 04h)
    base_address: int      # `detect --json` "base_address" (the SMBus address for SSIF)


SSIF_DEVICE = ["-device", "smbus-ipmi,bmc=bmc0,address=0x10"]
INTERFACES = {
    "kcs": Interface("kcs", "q35", ["-device", "isa-ipmi-kcs,bmc=bmc0"], [], "ipmi_si",
                     r"BMC via kcs io:0xca2", "KCS", 0xCA2),
    "ssif-q35": Interface("ssif", "q35", SSIF_DEVICE,
                          ["drivers/i2c/i2c-smbus", "drivers/i2c/busses/i2c-i801", "drivers/i2c/i2c-dev"],
                          "ipmi_ssif", r"BMC via ssif /dev/i2c-\d+,0x10", "SSIF", 0x10),
    "ssif-pc": Interface("ssif", "pc", SSIF_DEVICE,
                         ["drivers/i2c/busses/i2c-piix4", "drivers/i2c/i2c-dev"],
                         "ipmi_ssif", r"BMC via ssif /dev/i2c-\d+,0x10", "SSIF", 0x10),
    "bt": Interface("bt", "q35", ["-device", "isa-ipmi-bt,bmc=bmc0"], [], "ipmi_si",
                    r"BMC via bt io:0xe4", "BT", 0xE4),
}


def load_ipmi_script(driver: str) -> str:
    """The kernel's driver for the interface, then /dev/ipmi0; shows who owns the interface."""
    owner = ("grep -i ipmi /proc/ioports" if driver == "ipmi_si" else
             f"ls -l /sys/bus/i2c/devices/*/driver | grep {driver} && {GUEST_BIN}/bmcwsman detect")
    return LOAD_IPMI_SCRIPT.replace("ipmi_si.ko", f"{driver}.ko").replace("@OWNER@", owner)


def modules_script(modules: list[str]) -> str:
    lines = [f"insmod /modules/{os.path.basename(m)}.ko || exit 1" for m in modules]
    return "\n".join(lines + ["i=0", "while ! ls /dev/i2c-* >/dev/null 2>&1 && [ $i -lt 50 ]; do sleep 0.1; "
                               "i=$((i + 1)); done", "ls /dev/i2c-* && cat /sys/bus/i2c/devices/i2c-*/name",
                               f"{GUEST_BIN}/bmcwsman detect"])


LOAD_IPMI_SCRIPT = """
insmod /modules/ipmi_msghandler.ko && insmod /modules/ipmi_si.ko && insmod /modules/ipmi_devintf.ko || exit 1
i=0
while [ ! -e /dev/ipmi0 ] && [ $i -lt 300 ]; do
  if [ $i -ge 20 ] && [ -r /sys/class/ipmi/ipmi0/dev ]; then
    IFS=: read major minor </sys/class/ipmi/ipmi0/dev
    mknod /dev/ipmi0 c $major $minor && echo "mknod /dev/ipmi0 c $major $minor"
  fi
  sleep 0.1; i=$((i + 1))
done
ls -l /dev/ipmi0 && @OWNER@
"""


def module_files(kernel: str, modules: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The guest kernel's modules (paths below kernel/, without .ko) as initramfs files
    /modules/NAME.ko, and the host paths that are missing."""
    version = os.path.basename(kernel).removeprefix("vmlinuz-")
    files, missing = {}, []
    for rel in modules:
        path = f"/lib/modules/{version}/kernel/{rel}.ko"
        if os.access(path, os.R_OK):
            with open(path, "rb") as f:
                files[f"/modules/{os.path.basename(rel)}.ko"] = f.read()
        else:
            missing.append(path)
    return files, missing


def main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kcs", action="store_true", help="add QEMU's ipmi-bmc-sim behind KCS")
    parser.add_argument("--machine", default="q35")
    parser.add_argument("--copy", action="append", default=[], help="host binary to copy in")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args(argv)
    commands = [(f"cmd{i}", c) for i, c in enumerate(args.commands)]
    try:
        result = run(commands, binaries=args.copy, machine=args.machine,
                     devices=KCS_DEVICES if args.kcs else [])
    except GuestError as e:
        print(e.console, file=sys.stderr)
        print(f"qemu_guest: {e}", file=sys.stderr)
        return 1
    for (name, command) in commands:
        r = result.results[name]
        print(f"$ {command}   [rc={r.rc}, {r.ms} ms]")
        sys.stdout.write(r.stdout + ("\n" if r.stdout else ""))
        sys.stdout.write(r.stderr + ("\n" if r.stderr else ""))
    print(f"boot-to-init {result.init_uptime} s (guest uptime), run {result.wall_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
