#!/usr/bin/env bash
# Sets up bmcwsman on a fresh Debian 12 machine and runs it: the agent serving the
# simulated BMC (the real KCS driver talking to a register-level simulated server: 45
# sensors, 12 SEL entries, two FRU devices) over WS-Management on 127.0.0.1:5985.
# The agent prints a demo user with a random password and commands to try; Ctrl-C stops it.
#   PORT   listening port (default 5985)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build agent/bmcwsman agent/bmcwsman-serve
b=build/agent/bmcwsman
port=${PORT:-5985}

echo "== the command line against the simulated BMC"
set -x
"$b" --sim chassis status
"$b" --sim sensors | head -12
"$b" --sim sel | head -6
"$b" --sim cim CIM_RecordLog
set +x

echo "== the WS-Management agent on http://127.0.0.1:$port/wsman (loopback only)"
# serve --sim without a users file is the first look: a demo user with a random password,
# plain HTTP on loopback only; it prints the user and a curl and a wslenum command to try.
exec "$b" serve --sim --listen "127.0.0.1:$port" --poll-interval 5
