#!/usr/bin/env bash
# Round-trip latency over swtpm's data socket (a unix socket, as QEMU uses; one client, one command
# at a time) for `jvtpm socket` and `swtpm socket` in one run: GetRandom(32), PCR_Extend(sha256), PCR_Read(sha256)
# and Hash(1 KiB, sha256). The client is a small python3 program; its own cost is the same for
# both servers. Prints median / mean / p99 in microseconds per command and each server's RSS.
# Usage: bench/socket-vs-swtpm.sh [ITERATIONS]   (default 3000, after as many warm-up rounds)
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
iterations=${1:-3000}
e2e_begin socket-vs-swtpm
need swtpm python3 java:"a JDK"
need_jvtpm

# start NAME: that server (jvtpm or swtpm) with its data socket at $work/NAME.sock
start() {
  local name=$1
  mkdir -p "$work/$name"
  tpm_server "$name" "$name" --tpm2 --tpmstate "dir=$work/$name" --server "type=unixio,path=$work/$name.sock" \
    --ctrl "type=unixio,path=$work/$name.sock.ctrl" --flags not-need-init,startup-clear || exit 1
  eval "${name}_pid=\$SERVER_PID"
}

cat >"$work/bench.py" <<'PY'
import socket
import statistics
import struct
import sys
import time

name, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)


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

start jvtpm
start swtpm
echo "round trip per command over the swtpm data socket (unix socket, one client), $iterations iterations after $iterations warm-up:"
python3 "$work/bench.py" jvtpm "$work/jvtpm.sock" "$iterations"
python3 "$work/bench.py" swtpm "$work/swtpm.sock" "$iterations"
echo "jvtpm resident memory: $(sed -n 's/^VmRSS: *//p' "/proc/$jvtpm_pid/status")"
echo "swtpm resident memory: $(sed -n 's/^VmRSS: *//p' "/proc/$swtpm_pid/status")"
