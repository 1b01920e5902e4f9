#!/usr/bin/env bash
# Round-trip latency over swtpm's data socket (TCP, one client, one command at a time) for
# `jvtpm socket` and `swtpm socket` in one run: GetRandom(32), PCR_Extend(sha256), PCR_Read(sha256)
# and Hash(1 KiB, sha256). The client is a small python3 program; its own cost is the same for
# both servers. Prints median / mean / p99 in microseconds per command and each server's RSS.
# Usage: bench/socket-vs-swtpm.sh [ITERATIONS]   (default 3000, after as many warm-up rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/e2e/lib/ports.sh"
iterations=${1:-3000}
work=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for tool in swtpm python3 java; do
  command -v "$tool" >/dev/null || { echo "socket-vs-swtpm: $tool missing" >&2; exit 1; }
done

jvtpm_socket() {
  if "$root/bin/jvtpm" --help 2>/dev/null | grep -qw socket; then
    exec "$root/bin/jvtpm" socket "$@"
  else
    local jar
    jar=$(ls "$root"/examples/target/examples-*.jar | head -n 1)
    exec java ${JVTPM_JAVA_OPTS:-} -cp "$jar:$root/examples/target/lib/*" io.jvtpm.examples.socket.SocketCommand "$@"
  fi
}


# start NAME: starts that server on a free port pair; prints the data port
start() {
  local name=$1 port i launcher
  port=$(pick_port 2400 13)
  mkdir -p "$work/$name"
  local args=(--tpm2 --tpmstate "dir=$work/$name" --server "type=tcp,port=$port,bindaddr=127.0.0.1"
    --ctrl "type=tcp,port=$((port + 1)),bindaddr=127.0.0.1" --flags not-need-init,startup-clear
    --pid "file=$work/$name.pid")
  if [ "$name" = swtpm ]; then
    (exec swtpm socket "${args[@]}") </dev/null >"$work/$name.out" 2>&1 &
  else
    (jvtpm_socket "${args[@]}") </dev/null >"$work/$name.out" 2>&1 &
  fi
  launcher=$!
  disown "$launcher"
  for i in $(seq 1 600); do
    if [ -s "$work/$name.pid" ]; then pids+=("$(cat "$work/$name.pid")"); echo "$port"; return 0; fi
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.1
  done
  echo "socket-vs-swtpm: $name did not start: $(tail -n 2 "$work/$name.out")" >&2
  return 1
}

cat >"$work/bench.py" <<'PY'
import socket
import statistics
import struct
import sys
import time

name, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def cmd(tag, cc, body):
    return struct.pack(">HII", tag, 10 + len(body), cc) + body


pw_session = struct.pack(">I", 9) + struct.pack(">IHBH", 0x40000009, 0, 1, 0)
commands = {
    "GetRandom(32)": cmd(0x8001, 0x17B, struct.pack(">H", 32)),
    "PCR_Extend(sha256)": cmd(0x8002, 0x182, struct.pack(">I", 16) + pw_session + struct.pack(">IH", 1, 0x000B) + bytes(range(32))),
    "PCR_Read(sha256:16)": cmd(0x8001, 0x17E, struct.pack(">IHB", 1, 0x000B, 3) + bytes([0, 0, 1])),
    "Hash(1 KiB, sha256)": cmd(0x8001, 0x17D, struct.pack(">H", 1024) + bytes(1024) + struct.pack(">HI", 0x000B, 0x40000007)),
}


def roundtrip(c):
    s.sendall(c)
    head = b""
    while len(head) < 10:
        head += s.recv(10 - len(head))
    size = struct.unpack(">I", head[2:6])[0]
    rc = struct.unpack(">I", head[6:10])[0]
    left = size - 10
    while left:
        left -= len(s.recv(left))
    return rc


for what, c in commands.items():
    rc = roundtrip(c)
    if rc != 0:
        print(f"{name:6} {what:22} failed: rc={rc:#x}")
        continue
    for _ in range(n):
        roundtrip(c)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        roundtrip(c)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    print(f"{name:6} {what:22} median {times[len(times) // 2] / 1000:8.1f}  mean {statistics.fmean(times) / 1000:8.1f}"
          f"  p99 {times[int(len(times) * 0.99)] / 1000:8.1f}  us")
PY

jport=$(start jvtpm)
sport=$(start swtpm)
echo "round trip per command over the swtpm data socket (TCP, one client), $iterations iterations after $iterations warm-up:"
python3 "$work/bench.py" jvtpm "$jport" "$iterations"
python3 "$work/bench.py" swtpm "$sport" "$iterations"
for name in jvtpm swtpm; do
  pid=$(cat "$work/$name.pid")
  echo "$name resident memory: $(sed -n 's/^VmRSS: *//p' "/proc/$pid/status")"
done
