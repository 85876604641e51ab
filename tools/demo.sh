#!/usr/bin/env bash
# make demo: the product end to end over real TLS on loopback.
#  1. start the HTTPS simulator of Azure Resource Manager (its own CA),
#  2. start a live event (POST .../liveEvents/{name}/start -> 202 +
#     Azure-AsyncOperation),
#  3. run `amsop wait --url <that URL>` until the operation succeeds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
state="$build/demo"
rm -rf "$state"
mkdir -p "$state"
token_file="$state/token"
printf 'demo-token.%s' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" > "$token_file"

# The real interpreter, not a pyenv shim: its PID must be the simulator's.
py="$(command -v /usr/bin/python3 || command -v python3)"
"$py" "$root/tests/sim/amsop_sim.py" --state-dir "$state" --port 0 \
    --token "$(cat "$token_file")" --polls 3 --retry-after 1 --lifetime 120 --quiet \
    > "$state/sim.out" 2> "$state/sim.err" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    [ -s "$state/ready.json" ] && break
    sleep 0.1
done
[ -s "$state/ready.json" ] || { echo "simulator did not start:"; cat "$state/sim.err"; exit 1; }
port="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$state/ready.json")"

echo "== simulator of https://management.azure.com listening on https://localhost:$port (CA $state/ca.pem)"
sub=0a6ec948-5a62-437d-b9df-934dc7c1b722
echo "== POST .../liveEvents/myLiveEvent1/start"
url="$(python3 "$root/tools/sim_action.py" "$state" start "$sub" mediaresources slitestmedia10 myLiveEvent1 "$token_file")"
echo "   202 Accepted, Azure-AsyncOperation: $url"
echo "== amsop wait --url ..."
set -x
"$build/boards/posix/amsop" wait --url "$url" --endpoint "https://localhost:$port" \
    --ca-file "$state/ca.pem" --token-file "$token_file" --timeout 60
