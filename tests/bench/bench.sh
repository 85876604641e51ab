#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench: amsop against what a host developer would use instead.
#   tests/bench/bench.sh BUILD_DIR OUT_DIR [POLLS]
# 1. parse cost: callgrind instructions to parse one real ARM reply into the
#    result struct, amsop vs a header scan + de-chunking + cJSON baseline
# 2. polls per second over TLS on loopback, one kept connection: amsop
#    (library, tests/bench/bench_amsop_poll) vs the curl CLI (same URL list)
#    vs libcurl + cJSON (tests/bench/bench_curl_poll), all against
#    tests/bench/bench_tls_server (C, mbedTLS, TLS 1.2, canned reply)
# 3. cold start: the amsop CLI (`amsop get`) vs `curl` for one URL, wall time
#    from process start to exit after the first parsed reply (median of 11),
#    and TCP payload bytes on the wire as the server counted them
# Every number is printed with the command that produced it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
out="${2:-$build/bench}"
polls="${3:-1000}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
bin="$build/tests/bench"
for b in bench_parse bench_amsop_poll bench_curl_poll bench_tls_server; do
    [ -x "$bin/$b" ] || { echo "bench: $bin/$b missing (need libcjson-dev, libcurl4-openssl-dev)" >&2; exit 1; }
done
cli="$build/boards/posix/amsop"

# ---------------------------------------------------------------- parse ----
/usr/bin/python3 "$root/tests/bench/make_reply.py" \
    "$root/tests/vectors/operation-inprogress.json" "$out/reply.bin"
reply_bytes=$(stat -c %s "$out/reply.bin")
iters=1000
declare -A ir
for m in amsop cjson; do
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$m" \
        --toggle-collect="parse_$m" "$bin/bench_parse" "$m" "$out/reply.bin" "$iters" \
        >"$out/parse.$m.log" 2>&1
    ir[$m]=$(sed -n 's/^summary: *//p' "$out/callgrind.$m")
done
echo "== parse one reply ($reply_bytes bytes: status line, 15 headers, chunked CRLF JSON) =="
echo "   valgrind --tool=callgrind --toggle-collect=parse_<m> $bin/bench_parse <m> reply.bin $iters"
awk -v a="${ir[amsop]}" -v c="${ir[cjson]}" -v n="$iters" -v b="$reply_bytes" 'BEGIN {
    printf "   %-34s %9.0f instr/reply  %6.1f instr/byte\n", "amsop (http_feed + json_extract)", a / n, a / n / b
    printf "   %-34s %9.0f instr/reply  %6.1f instr/byte\n", "baseline (header scan + cJSON)", c / n, c / n / b
    printf "   baseline / amsop = %.2fx  (target >= 3x: %s)\n", c / a, (c / a >= 3) ? "MET" : "NOT MET"
}'

# -------------------------------------------------------------- server ----
certs="$out/certs"
mkdir -p "$certs"
if [ ! -f "$certs/server.pem" ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$certs/ca.key" 2>/dev/null
    openssl req -x509 -new -key "$certs/ca.key" -subj /CN=amsop-bench-ca -days 30 \
        -out "$certs/ca.pem" 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out "$certs/server.key" 2>/dev/null
    openssl req -new -key "$certs/server.key" -subj /CN=localhost -out "$certs/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$certs/ext.cnf"
    openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
        -CAcreateserial -days 30 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2>/dev/null
fi
token="bench-token.abc_DEF-123"
stats="$out/server_stats.txt"
rm -f "$stats" "$out/port"
"$bin/bench_tls_server" "$certs/server.pem" "$certs/server.key" "$out/reply.bin" "$token" \
    "$out/port" "$stats" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/port" ] && break; sleep 0.05; done
port=$(cat "$out/port")
endpoint="https://localhost:$port"
url="$endpoint/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b722/resourceGroups/mediaresources/providers/Microsoft.Media/mediaservices/slitestmedia10/liveEventOperations/62e4d893-d233-4005-988e-a428d9f77076?api-version=2022-11-01"

now() { date +%s.%N; }
last_conn() { tail -1 "$stats"; }
wait_stats() { # the server writes a line when the connection ends
    local want="$1"
    for _ in $(seq 100); do [ "$(wc -l <"$stats" 2>/dev/null || echo 0)" -ge "$want" ] && return; sleep 0.02; done
}
lines=0

# ---------------------------------------------------------------- polls ----
echo "== polls per second over TLS 1.2 on loopback, one kept connection, $polls polls =="
echo "   server: tests/bench/bench_tls_server (C, mbedTLS; the python simulator would be the bottleneck)"
t0=$(now)
"$bin/bench_amsop_poll" "$endpoint" "$certs/ca.pem" "$token" "$url" "$polls" >"$out/poll.amsop.log"
t1=$(now)
lines=$((lines + 1)); wait_stats $lines
amsop_conn=$(last_conn)
# The same URL list for curl; -K keeps the command line short, -Z is not used
# (sequential, one connection reused, as curl does for consecutive URLs).
{ for _ in $(seq "$polls"); do echo "url = \"$url\""; echo "output = /dev/null"; done; } >"$out/curl.urls"
t2=$(now)
curl -s --cacert "$certs/ca.pem" -H "Authorization: Bearer $token" -K "$out/curl.urls"
t3=$(now)
lines=$((lines + 1)); wait_stats $lines
curl_conn=$(last_conn)
t4=$(now)
"$bin/bench_curl_poll" "$certs/ca.pem" "$token" "$url" "$polls" >"$out/poll.libcurl.log"
t5=$(now)
lines=$((lines + 1)); wait_stats $lines
libcurl_conn=$(last_conn)
awk -v n="$polls" -v a="$(echo "$t1 - $t0" | bc)" -v c="$(echo "$t3 - $t2" | bc)" \
    -v l="$(echo "$t5 - $t4" | bc)" -v ac="$amsop_conn" -v cc="$curl_conn" -v lc="$libcurl_conn" 'BEGIN {
    printf "   %-46s %8.0f polls/s  (%s)\n", "amsop library (bench_amsop_poll)", n / a, ac
    printf "   %-46s %8.0f polls/s  (%s)\n", "curl CLI (curl --cacert -H -K urls)", n / c, cc
    printf "   %-46s %8.0f polls/s  (%s)\n", "libcurl + cJSON (bench_curl_poll)", n / l, lc
    printf "   amsop / curl = %.2fx (target >= 1.5x: %s)   amsop / libcurl+cJSON = %.2fx\n",
        c / a, (c / a >= 1.5) ? "MET" : "NOT MET", l / a
}'
echo "   amsop client: $(cat "$out/poll.amsop.log")"

# ----------------------------------------------------------- cold start ----
echo "== cold start: process start to first parsed reply (median of 11 runs), bytes on the wire =="
cold() { # label command...
    local label="$1"
    shift
    local times=()
    for _ in $(seq 11); do
        local s e
        s=$(now)
        "$@" >/dev/null 2>&1 || { echo "bench: $label failed: $*" >&2; exit 1; }
        e=$(now)
        times+=("$(echo "($e - $s) * 1000" | bc -l)")
        lines=$((lines + 1)); wait_stats $lines
    done
    local med
    med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
    printf "   %-12s %7.2f ms  %s\n" "$label" "$med" "$(last_conn)"
}
if [ -x "$cli" ]; then
    AMSOP_ACCESS_TOKEN="$token" cold "amsop get" "$cli" get --endpoint "$endpoint" \
        --ca-file "$certs/ca.pem" --url "$url"
else
    echo "   (amsop CLI not built at $cli)"
fi
cold "curl" curl -s --cacert "$certs/ca.pem" -H "Authorization: Bearer $token" -o /dev/null "$url"
echo "   commands: AMSOP_ACCESS_TOKEN=... $cli get --endpoint $endpoint --ca-file ca.pem --url URL"
echo "             curl -s --cacert ca.pem -H 'Authorization: Bearer ...' -o /dev/null URL"
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
trap - EXIT
