#!/usr/bin/env bash
# Malformed input against `jvtpm socket`: truncated, oversized, lying-size and random TPM commands
# over swtpm's data channel, garbage on its control channel (both unix sockets), and bad frames on the mssim TPM and
# platform sockets. Every reply must be a well-formed TPM response (tag, size equal to the bytes
# sent) with the expected response code, and after each case the server must still serve. With
# E2E_REFERENCE=swtpm the swtpm-protocol cases run against real swtpm 0.7.1 instead (the cases
# swtpm cannot survive, a header that never completes, are left out there). Against jvtpm (started
# with --idle-timeout 2) also: a TPM_SEND_COMMAND prefix locality above 4 is refused and not kept,
# an idle client gives its socket to a waiting one, a newer waiting client displaces an older one, and a client
# stalled mid-header does not keep the next one waiting, on the data, control and mssim sockets.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin socket-robustness
need python3 java:"a JDK"
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

# start swtpm|mssim: a server of that protocol. swtpm's data and control channels are unix sockets
# ($work/swtpm.sock, $work/swtpm.sock.ctrl); mssim needs TCP ports PORT and PORT + 1 (sets PORT).
IDLE_SECONDS=2
start() {
  local name=$1 idle=()
  mkdir -p "$work/$name-state"
  [ "$(tpm_impl)" = jvtpm ] && idle=(--idle-timeout "$IDLE_SECONDS")
  if [ "$name" = mssim ]; then
    tpm_server_tcp mssim "$(tpm_impl)" --tpm2 --tpmstate "dir=$work/$name-state" --protocol mssim \
      --server "type=tcp,port=PORT,bindaddr=127.0.0.1" "${idle[@]}"
  else
    tpm_server swtpm "$(tpm_impl)" --tpm2 --tpmstate "dir=$work/$name-state" "${idle[@]}" \
      --server "type=unixio,path=$work/swtpm.sock" --ctrl "type=unixio,path=$work/swtpm.sock.ctrl" \
      --flags not-need-init,startup-clear
  fi
}

cat >"$work/robust.py" <<'PY'
import os
import random
import socket
import struct
import sys
import time

# swtpm: DATA and CTRL are unix socket paths; mssim: the TPM port (the platform port is the next one)
mode = sys.argv[1]
if mode == "swtpm":
    DATA, CTRL = sys.argv[2], sys.argv[3]
else:
    DATA = int(sys.argv[2])
    CTRL = DATA + 1
reference = os.environ.get("E2E_REFERENCE") == "swtpm"
IDLE = float(os.environ.get("IDLE_SECONDS", "2"))
passed = failed = 0


def result(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS socket-robustness: {what}")
    else:
        failed += 1
        print(f"FAIL socket-robustness: {what} {detail}")


def connect(where):
    """A connection to a unix socket path or a TCP port on 127.0.0.1."""
    if isinstance(where, str):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(where)
        return s
    s = socket.create_connection(("127.0.0.1", where), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError(f"closed after {len(b)} of {n} bytes")
        b += c
    return b


def response(s):
    """Reads one TPM response; returns (rc, body) after checking it is well-formed."""
    head = read_exact(s, 10)
    tag, size, rc = struct.unpack(">HII", head)
    if tag not in (0x8001, 0x8002, 0x00C4):
        raise ValueError(f"bad response tag {tag:#x}")
    if size < 10 or size > 65536:
        raise ValueError(f"bad response size {size}")
    body = read_exact(s, size - 10)
    return rc, body


def get_random(n):
    return struct.pack(">HIIH", 0x8001, 12, 0x17B, n)


def still_serves(s):
    s.sendall(get_random(8))
    rc, body = response(s)
    return rc == 0 and len(body) == 10


def fresh_connection_serves():
    with connect(DATA) as s:
        return still_serves(s)


def tpm_case(what, data, expect, extra_responses=0, same_conn=True):
    """Sends data, expects a well-formed response with rc in expect (None: any rc but 0)."""
    try:
        with connect(DATA) as s:
            s.sendall(data)
            rc, _ = response(s)
            ok = (rc != 0) if expect is None else rc in expect
            detail = f"rc={rc:#x}"
            for _ in range(extra_responses):
                rc2, _ = response(s)
                ok = ok and rc2 != 0
                detail += f" then rc={rc2:#x}"
            if same_conn:
                ok = ok and still_serves(s)
        result(ok and fresh_connection_serves(), what, detail)
    except Exception as e:  # noqa: BLE001 - any failure is a FAIL line
        result(False, what, repr(e))


def swtpm_cases():
    rc_command_size, rc_command_code, rc_bad_tag = 0x142, 0x143, 0x1E
    with connect(DATA) as s:
        s.sendall(get_random(100))
        rc, body = response(s)
        result(rc == 0 and len(body) == 2 + 64, "GetRandom(100) gives the 64-byte maximum", f"rc={rc:#x} len={len(body)}")
    tpm_case("truncated body (size 12, 10 bytes sent)", bytes.fromhex("80010000000c00000181"), {rc_command_size})
    tpm_case("size larger than sent (100 for 12)", struct.pack(">HIIH", 0x8001, 100, 0x17B, 8), {rc_command_size})
    tpm_case("size 0xffffffff", struct.pack(">HIIH", 0x8001, 0xFFFFFFFF, 0x17B, 8), {rc_command_size})
    big = struct.pack(">HII", 0x8001, 5000, 0x17B) + bytes(4990)
    # swtpm does not frame: what its one read() left over of the 5000 bytes comes back as a command
    tpm_case("oversized command of 5000 bytes", big, {rc_command_size}, same_conn=not reference)
    tpm_case("unknown command code 0x1ff", struct.pack(">HII", 0x8001, 10, 0x1FF), {rc_command_code})
    # TPM_RC_BAD_TAG (Part 3, 5.2); libtpms 0.9.2 answers TPM_RC_VALUE (0x84) instead
    tpm_case("bad tag 0x1234", struct.pack(">HIIH", 0x1234, 12, 0x17B, 8), {rc_bad_tag, 0x84} if reference else {rc_bad_tag})
    tpm_case("GetRandom without its parameter", struct.pack(">HII", 0x8001, 10, 0x17B), None)
    params = struct.pack(">I", 16) + struct.pack(">I", 9) + bytes.fromhex("400000090000010000") + struct.pack(">I", 10000)
    tpm_case("PCR_Extend with a digest count of 10000",
             struct.pack(">HII", 0x8002, 10 + len(params), 0x182) + params, None)
    if reference:
        # swtpm hands everything of one read() to libtpms: the surplus goes with the command
        tpm_case("size smaller than the header (8 in 12 bytes)", bytes.fromhex("800100000008000001810000"),
                 {rc_command_size})
    else:
        # framed by the header: the 10 header bytes, then the 2 bytes behind them as a frame of their own
        tpm_case("size smaller than the header (8 in 12 bytes)", bytes.fromhex("800100000008000001810000"),
                 {rc_command_size}, extra_responses=1)
        tpm_case("header that never completes (5 bytes)", bytes.fromhex("8001000000"), None)
    rnd = random.Random(20261128)
    bad = 0
    for i in range(40):
        body = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(0, 300)))
        tag = rnd.choice([0x8001, 0x8002, rnd.getrandbits(16)])
        cc = rnd.choice([rnd.getrandbits(32), 0x100 + rnd.randrange(0, 0x9F)])
        data = struct.pack(">HII", tag, 10 + len(body), cc) + body
        try:
            with connect(DATA) as s:
                s.sendall(data)
                response(s)
                if not still_serves(s):
                    bad += 1
        except Exception as e:  # noqa: BLE001
            bad += 1
            print(f"    random command {i}: {e!r} for {data[:16].hex()}")
    result(bad == 0 and fresh_connection_serves(), "40 random commands answered well-formed", f"{bad} bad")
    try:
        s = connect(DATA)
        s.sendall(bytes.fromhex("80010000"))
        s.close()
        result(fresh_connection_serves(), "client gone mid-command")
    except Exception as e:  # noqa: BLE001
        result(False, "client gone mid-command", repr(e))
    # control channel
    for what, msg, want in [
        ("control: unknown command 0x1234", struct.pack(">I", 0x1234), 0x0A),
        ("control: a TPM command on the control channel", get_random(8), 0x0A),
        ("control: CMD_STOP with surplus bytes", struct.pack(">II", 14, 0), 0x03),
        ("control: CMD_SET_LOCALITY 9", struct.pack(">IB", 5, 9), 0x3D),
        ("control: CMD_SET_DATAFD without a descriptor", struct.pack(">I", 16), 0x03),
    ]:
        try:
            # CMD_SET_DATAFD is refused with TPM_IOERROR (0x1f) while a data connection is open:
            # the server may not have seen the last case's data connection close yet, so ask again
            for _ in range(20):
                with connect(CTRL) as c:
                    c.sendall(msg)
                    got = struct.unpack(">I", read_exact(c, 4))[0]
                    c.sendall(struct.pack(">I", 1))
                    caps = read_exact(c, 8)
                if got != 0x1F or want == 0x1F:
                    break
                time.sleep(0.1)
            result(got == want and caps == bytes.fromhex("000000000000ffff") and fresh_connection_serves(),
                   what, f"answer {got:#x}")
        except Exception as e:  # noqa: BLE001
            result(False, what, repr(e))


def mssim_send(s, data, locality=0, size=None):
    s.sendall(struct.pack(">IBI", 8, locality, len(data) if size is None else size) + data)


def mssim_response(s):
    n = struct.unpack(">I", read_exact(s, 4))[0]
    rsp = read_exact(s, n)
    tag, size, rc = struct.unpack(">HII", rsp[:10])
    if size != n or tag not in (0x8001, 0x8002, 0x00C4):
        raise ValueError(f"bad response framing {rsp[:10].hex()}")
    ack = struct.unpack(">I", read_exact(s, 4))[0]
    if ack != 0:
        raise ValueError(f"ack {ack}")
    return rc, rsp


def mssim_serves():
    with connect(DATA) as s:
        mssim_send(s, get_random(8))
        rc, rsp = mssim_response(s)
        return rc == 0 and len(rsp) == 20


def mssim_cases():
    with connect(CTRL) as p:
        p.sendall(struct.pack(">I", 1))
        ok = read_exact(p, 4) == bytes(4)
    with connect(DATA) as s:
        mssim_send(s, bytes.fromhex("80010000000c000001440000"))
        rc, _ = mssim_response(s)
    result(ok and rc == 0 and mssim_serves(), "mssim: POWER_ON, Startup, GetRandom")
    for what, data, size, locality, want in [
        ("mssim: truncated command (size 12, 10 bytes)", bytes.fromhex("80010000000c00000181"), None, 0, {0x142}),
        ("mssim: oversized command of 5000 bytes", struct.pack(">HII", 0x8001, 5000, 0x17B) + bytes(4990), None, 0,
         {0x142}),
        ("mssim: locality 7", get_random(8), None, 7, {0x907}),
        ("mssim: unknown command code", struct.pack(">HII", 0x8001, 10, 0x1FF), None, 0, {0x143}),
    ]:
        try:
            with connect(DATA) as s:
                mssim_send(s, data, locality, size)
                rc, _ = mssim_response(s)
            result(rc in want and mssim_serves(), what, f"rc={rc:#x}")
        except Exception as e:  # noqa: BLE001
            result(False, what, repr(e))
    for what, sock, msg in [
        ("mssim: unknown TPM-socket command", DATA, struct.pack(">I", 0x77)),
        ("mssim: unknown platform command", CTRL, struct.pack(">I", 0x77)),
    ]:
        try:
            with connect(sock) as s:
                s.sendall(msg)
                answer = read_exact(s, 4)
                closed = s.recv(1) == b""
            result(answer == struct.pack(">I", 1) and closed and mssim_serves(), what)
        except Exception as e:  # noqa: BLE001
            result(False, what, repr(e))
    try:
        s = connect(DATA)
        s.sendall(struct.pack(">IBI", 8, 0, 0xFFFFFFFF) + bytes(100))
        s.settimeout(15)
        closed = s.recv(1) == b""
        s.close()
        result(closed and mssim_serves(), "mssim: size 0xffffffff never sent closes only that connection")
    except Exception as e:  # noqa: BLE001
        result(False, "mssim: size 0xffffffff", repr(e))


def prefix_locality_cases():
    """TPM_SEND_COMMAND with locality 9: TPM_RC_LOCALITY framed, nothing kept."""
    try:
        with connect(DATA) as s:
            s.sendall(struct.pack(">IBI", 8, 9, 12) + get_random(8))
            n = struct.unpack(">I", read_exact(s, 4))[0]
            rsp = read_exact(s, n)
            trailer = read_exact(s, 4)
            rc = struct.unpack(">I", rsp[6:10])[0]
            ok = rc == 0x907 and trailer == bytes(4)
            s.sendall(struct.pack(">IBI", 8, 3, 12) + get_random(8))
            n = struct.unpack(">I", read_exact(s, 4))[0]
            rc3 = struct.unpack(">I", read_exact(s, n)[6:10])[0]
            read_exact(s, 4)
        result(ok and rc3 == 0 and fresh_connection_serves(), "prefix locality 9 is refused with TPM_RC_LOCALITY",
               f"rc={rc:#x} then locality 3 rc={rc3:#x}")
    except Exception as e:  # noqa: BLE001
        result(False, "prefix locality 9", repr(e))


def closed_within(s, seconds):
    s.settimeout(seconds)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def slot_cases(name, where, exchange, partial):
    """One client per socket: an idle one yields to a waiting one; a third is closed at once."""
    try:
        holder = connect(where)
        exchange(holder)
        t0 = time.time()
        with connect(where) as waiting:
            waiting.settimeout(IDLE + 8)
            exchange(waiting)
            dt = time.time() - t0
            yielded = closed_within(holder, 2)
            holder.close()
            result(yielded and dt < IDLE + 3, f"{name}: an idle client gives its socket to a waiting one",
                   f"served after {dt:.1f} s")
            with connect(where) as queued:
                time.sleep(0.3)
                with connect(where):
                    t1 = time.time()
                    told = closed_within(queued, 2)
                    result(told and time.time() - t1 < 1.5,
                           f"{name}: a newer client takes a waiting one's place, which is closed at once")
                exchange(waiting)
    except Exception as e:  # noqa: BLE001
        result(False, f"{name}: one client per socket", repr(e))
    time.sleep(0.5)
    try:
        with connect(where) as stalled:
            stalled.sendall(partial)
            time.sleep(0.3)
            t0 = time.time()
            with connect(where) as nxt:
                nxt.settimeout(IDLE + 8)
                exchange(nxt)
                dt = time.time() - t0
        result(dt < IDLE + 3, f"{name}: a client stalled mid-message does not keep the next waiting",
               f"served after {dt:.1f} s")
    except Exception as e:  # noqa: BLE001
        result(False, f"{name}: stalled client", repr(e))


def data_exchange(s):
    if not still_serves(s):
        raise ValueError("GetRandom failed")


def control_exchange(s):
    s.sendall(struct.pack(">I", 1))
    if read_exact(s, 8) != bytes.fromhex("000000000000ffff"):
        raise ValueError("bad CMD_GET_CAPABILITY answer")


def mssim_exchange(s):
    mssim_send(s, get_random(8))
    rc, rsp = mssim_response(s)
    if rc != 0:
        raise ValueError(f"rc={rc:#x}")


if mode == "swtpm":
    swtpm_cases()
    if not reference:
        prefix_locality_cases()
        slot_cases("data", DATA, data_exchange, bytes.fromhex("80010000"))
        slot_cases("control", CTRL, control_exchange, bytes.fromhex("0000"))
else:
    mssim_cases()
    slot_cases("mssim TPM", DATA, mssim_exchange, struct.pack(">IBI", 8, 0, 12) + bytes(3))
PY

# run_py MODE ENDPOINT...: the cases of MODE; a client that dies is a FAIL of its own
run_py() {
  local rc=0
  IDLE_SECONDS=$IDLE_SECONDS python3 "$work/robust.py" "$@" >"$work/py.out" 2>&1 || rc=$?
  cat "$work/py.out"
  count_results "$work/py.out"
  [ "$rc" -eq 0 ] || fail "the $1 client died (exit $rc)"
}

if start swtpm; then
  run_py swtpm "$work/swtpm.sock" "$work/swtpm.sock.ctrl"
fi
if [ "$(tpm_impl)" != swtpm ] && start mssim; then
  run_py mssim "$PORT"
fi
finish
