#!/usr/bin/env bash
# Sets up bmcwsman on a fresh Debian 12 machine and shows it working against the
# simulated BMC (the real KCS driver talking to a register-level simulated BMC).
# `bmcwsman serve` (the WS-Management daemon) is not written yet: until it is, this
# demonstrates the foundation: detection, raw IPMI commands, chassis, SEL and FRU
# of the built-in simulated server (45 sensors, 12 SEL entries, two FRU devices).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build agent/bmcwsman
b=build/agent/bmcwsman
set -x
"$b" --sim raw 0x06 0x01          # Get Device ID
"$b" raw --sim --json 0x06 0x37   # Get System GUID, as JSON
"$b" --sim raw 0x00 0x01          # Get Chassis Status
"$b" --sim chassis status
"$b" --sim sel                    # the event log as stored
"$b" --sim fru --id 1             # the power supply's FRU area
"$b" detect || true               # this machine's own BMC, if SMBIOS announces one
