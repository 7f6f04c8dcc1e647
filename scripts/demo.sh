#!/usr/bin/env bash
# Sets up bmcwsman on a fresh Debian 12 machine and runs it: the agent serving the
# simulated BMC (the real KCS driver talking to a register-level simulated server: 45
# sensors, 12 SEL entries, two FRU devices) over WS-Management on 127.0.0.1:5985.
# A demo user with a random password is created and printed; Ctrl-C stops the agent.
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
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
echo "demo:$(printf '%s\n' "$password" | "$b" hash-password):operator" > "$dir/users"
cat <<MSG
Demo user: demo / $password (role operator). Try, from another terminal:
  curl -s -u demo:$password -H 'Content-Type: application/soap+xml;charset=UTF-8' \\
    --data '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>' \\
    http://127.0.0.1:$port/wsman
  HOME=\$(mktemp -d) WSENDPOINT=127.0.0.1:$port WSUSER=demo WSPASS=$password WSNOSSL=1 KEEPHISTORY=0 WSAUTOMATED=1 \\
    wslenum http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_NumericSensor
MSG
"$b" --sim serve --listen "127.0.0.1:$port" --allow-basic-over-http --users "$dir/users" --poll-interval 5
