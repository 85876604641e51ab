#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make demo: the product end to end over real TLS on loopback.
#  1. start the HTTPS simulator of Azure Resource Manager and of the Azure AD
#     token endpoint (its own CA),
#  2. `amsop start --wait`: get a token with client credentials
#     (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET), start a live
#     event (POST .../liveEvents/{name}/start -> 202 + Azure-AsyncOperation)
#     and follow its operation until it succeeds; the last line is the live
#     event's own resourceState (Running),
#  3. `amsop show`: the live event as an encoder reads it (state, ingest
#     endpoints, encoding, stream options).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
state="$build/demo"
rm -rf "$state"
mkdir -p "$state"
secret="demo-secret.$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
tenant=72f988bf-86f1-41af-91ab-2d7cd011db47
client=5d0c1f7e-3a4b-4c2d-9e8f-0a1b2c3d4e5f

# The real interpreter, not a pyenv shim: its PID must be the simulator's.
py="$(command -v /usr/bin/python3 || command -v python3)"
"$py" "$root/tests/sim/amsop_sim.py" --state-dir "$state" --port 0 \
    --tenant "$tenant" --client-id "$client" --client-secret "$secret" \
    --polls 3 --retry-after 1 --lifetime 120 --quiet \
    > "$state/sim.out" 2> "$state/sim.err" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    [ -s "$state/ready.json" ] && break
    sleep 0.1
done
[ -s "$state/ready.json" ] || { echo "simulator did not start:"; cat "$state/sim.err"; exit 1; }
port="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$state/ready.json")"

echo "== simulator of https://management.azure.com and https://login.microsoftonline.com"
echo "   listening on https://localhost:$port (CA $state/ca.pem)"
echo "== amsop start --wait (client credentials from AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET)"
export AZURE_TENANT_ID="$tenant" AZURE_CLIENT_ID="$client" AZURE_CLIENT_SECRET="$secret"
export AZURE_SUBSCRIPTION_ID=0a6ec948-5a62-437d-b9df-934dc7c1b722
unset AMSOP_ACCESS_TOKEN
set -x
"$build/boards/posix/amsop" start --resource-group mediaresources --account slitestmedia10 \
    --live-event myLiveEvent1 --wait --endpoint "https://localhost:$port" \
    --authority-host "https://localhost:$port" --ca-file "$state/ca.pem" --timeout 60
"$build/boards/posix/amsop" show -g mediaresources -a slitestmedia10 -n myLiveEvent1 \
    --endpoint "https://localhost:$port" --authority-host "https://localhost:$port" \
    --ca-file "$state/ca.pem"
