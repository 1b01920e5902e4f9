# The one shell library of the end-to-end scripts (tests/e2e/*.sh) and the benchmarks (bench/*.sh).
# Source it, then call e2e_begin NAME first:
#   . "$(dirname "$0")/lib/common.sh"      (from tests/e2e; bench/ sources ../tests/e2e/lib/common.sh)
#
# Results: pass WHAT / fail WHAT / skip WHAT print one PASS/FAIL/SKIP line each (prefixed with the
# script's label); check WHAT CMD... runs CMD and passes or fails with its output; refuses_with WHAT
# RC CMD... passes when CMD fails with TPM response code RC; count_results FILE
# adds the PASS/FAIL lines another program wrote; finish prints the "N passed, M failed" total that
# scripts/test-all.sh reads and returns non-zero when something failed.
# Peers: need TOOL[:HINT]... stops the script when a tool is missing: a FAIL with CI=true, a SKIP
# otherwise. need_jvtpm makes sure bin/jvtpm runs (it builds the jars on first use) before any test.
# Servers: tpm_server and tpm_server_tcp start `jvtpm socket` or `swtpm socket` and return once
# they listen; every server still running is stopped when the script exits, and $work (a temp
# directory of the script's own) is removed.
# Benchmarks: test_classpath MODULE compiles MODULE with what it needs and prints its test class
# path; built_classpath MODULE only resolves it.
# Guests: guest_kernel, rig_args (scripts/nested-kvm.sh's options), and boot_verdict, which sorts a
# `jvtpm boot` run into ok / retry CAUSE / fail CAUSE (tests/e2e/lib/boot-verdict-test.sh tests it).
# scripts/main.sh and scripts/cds-classlist.sh use it too. The parts of a script that run inside the
# rig (boot-linux.sh --inside, boot-vs-qemu.sh --inside) call its functions without e2e_begin.

e2e_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

# e2e_begin NAME [LABEL]: counters, $work, and the teardown at exit. PASS/FAIL lines read
# "PASS LABEL: what" (LABEL defaults to NAME; an empty LABEL leaves the prefix out).
e2e_begin() {
  E2E_NAME=$1
  E2E_LABEL=${2-$1}
  passed=0 failed=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/jvtpm-$E2E_NAME.XXXXXX")
  E2E_SERVERS=()
  E2E_AT_EXIT=()
  E2E_BIND_RETRIES=0
  trap e2e_teardown EXIT
}

# at_exit CMD...: runs CMD when the script exits, before the servers stop and $work goes
at_exit() { E2E_AT_EXIT+=("$(printf '%q ' "$@")"); }

e2e_teardown() {
  local i p
  for ((i = ${#E2E_AT_EXIT[@]} - 1; i >= 0; i--)); do eval "${E2E_AT_EXIT[i]}" || true; done
  for p in "${E2E_SERVERS[@]}"; do server_stop "$p" >/dev/null 2>&1 || true; done
  [ -z "${work:-}" ] || rm -rf "$work"
}

e2e_line() { echo "$1 ${E2E_LABEL:+$E2E_LABEL: }$2"; }
pass() { e2e_line PASS "$*"; passed=$((passed + 1)); }
fail() { e2e_line FAIL "$*"; failed=$((failed + 1)); }
skip() { e2e_line SKIP "$*"; }
info() { e2e_line INFO "$*"; }

# check WHAT CMD...: PASS when CMD succeeds, FAIL with the last lines of its output otherwise
check() {
  local what=$1; shift
  if "$@" >"$work/check.log" 2>&1; then
    pass "$what"
  else
    fail "$what"; sed 's/^/    /' "$work/check.log" | tail -n 15
  fi
}

# refuses_with WHAT RC CMD...: PASS when CMD fails and its output names the TPM response code RC
# (tpm2-tools print "ErrorCode (RC)"); FAIL when CMD succeeds or fails with something else
refuses_with() {
  local what=$1 rc=$2; shift 2
  if "$@" >"$work/check.log" 2>&1; then
    fail "$what (accepted)"
  elif grep -qi "ErrorCode ($rc)" "$work/check.log"; then
    pass "$what ($rc)"
  else
    fail "$what (expected $rc)"; sed 's/^/    /' "$work/check.log" | tail -n 8
  fi
}

# count_results FILE: adds the PASS and FAIL lines in FILE (another program's results) to the totals
count_results() {
  passed=$((passed + $(grep -c '^PASS' "$1" || true)))
  failed=$((failed + $(grep -c '^FAIL' "$1" || true)))
}

# finish [NOTE]: the total line (NOTE after it on the same line); the status says whether
# everything passed
finish() {
  echo "$passed passed, $failed failed${1:+; $1}"
  [ "$failed" -eq 0 ]
}

# abort WHAT: one FAIL, the total, exit 1
abort() { fail "$*"; finish; exit 1; }

# need TOOL[:HINT]...: every TOOL must be on PATH. A missing one is a FAIL with CI=true and a SKIP
# outside CI (the peer is not installed here); either way the script stops.
need() {
  local t tool hint
  for t in "$@"; do
    tool=${t%%:*} hint=
    [ "$tool" = "$t" ] || hint=" (${t#*:})"
    command -v "$tool" >/dev/null 2>&1 && continue
    if [ "${CI:-}" = true ]; then
      abort "peer $tool missing$hint"
    fi
    skip "peer $tool missing$hint; with CI=true this is a failure"
    finish; exit 0
  done
}

# need_jvtpm: bin/jvtpm answers --help (it builds the jars on first use, here and not inside a test)
need_jvtpm() {
  local out
  if ! out=$("$e2e_root/bin/jvtpm" --help 2>&1); then
    abort "bin/jvtpm does not run: $(printf '%s\n' "$out" | tail -n 3 | tr '\n' ' ')"
  fi
}

# The server the tests talk to: jvtpm, or swtpm with E2E_REFERENCE=swtpm (to check a test
# against the reference).
tpm_impl() { echo "${E2E_REFERENCE:-jvtpm}"; }

# tpm_server NAME IMPL ARGS...: starts `IMPL socket ARGS --pid file=$work/NAME.pid` (IMPL jvtpm or
# swtpm) in the background, its output appended to $work/NAME.out, and waits until it listens:
# its pid file is written (both write it once their sockets are bound) and every unix socket named
# in ARGS (type=unixio,path=P) exists. Sets SERVER_PID. A server that exits first or is not
# listening within 60 s is a FAIL with its last output lines; returns 1 then.
tpm_server() {
  local name=$1 impl=$2; shift 2
  local pidfile="$work/$name.pid" out="$work/$name.out" a p socks=() cmd launcher i
  for a in "$@"; do
    case "$a" in *type=unixio*path=*) p=${a#*path=}; socks+=("${p%%,*}") ;; esac
  done
  case "$impl" in
    jvtpm) cmd=("$e2e_root/bin/jvtpm" socket) ;;
    swtpm) cmd=(swtpm socket) ;;
    *) fail "$name: unknown TPM server '$impl'"; return 1 ;;
  esac
  rm -f "$pidfile"
  (exec "${cmd[@]}" "$@" --pid "file=$pidfile") </dev/null >>"$out" 2>&1 &
  launcher=$!
  disown "$launcher" 2>/dev/null || true
  E2E_SERVER_EXIT=
  for i in $(seq 1 600); do
    if [ -s "$pidfile" ]; then
      a=ready
      for p in "${socks[@]}"; do [ -S "$p" ] || a=; done
      if [ -n "$a" ]; then
        SERVER_PID=$(cat "$pidfile")
        E2E_SERVERS+=("$SERVER_PID")
        return 0
      fi
    fi
    if ! kill -0 "$launcher" 2>/dev/null; then E2E_SERVER_EXIT=exited; break; fi
    sleep 0.1
  done
  [ -n "$E2E_SERVER_EXIT" ] || { E2E_SERVER_EXIT=timeout; kill -9 "$launcher" 2>/dev/null || true; }
  [ -n "${E2E_QUIET_START:-}" ] || \
    fail "$name: $impl socket did not start ($E2E_SERVER_EXIT): $(tail -n 3 "$out" 2>/dev/null | tr '\n' ' ')"
  return 1
}

# port_free PORT: nothing listens on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# tpm_server_tcp NAME IMPL ARGS...: tpm_server for servers that need TCP ports (the mssim protocol
# has no unix socket form in tpm2-tss): in ARGS, PORT stands for a port P and PORT1 for P + 1. P is
# drawn at random from 20000..59999 with P and P + 1 free; when another process takes P before the
# server binds it, the server's "Address already in use" is named in an INFO line and it starts on
# another P (up to 5 times). Sets SERVER_PID and PORT.
tpm_server_tcp() {
  local name=$1 impl=$2; shift 2
  local try a args p cause
  for try in 1 2 3 4 5; do
    p=$((20000 + RANDOM % 40000))
    port_free "$p" && port_free $((p + 1)) || continue
    args=()
    for a in "$@"; do a=${a//PORT1/$((p + 1))}; args+=("${a//PORT/$p}"); done
    PORT=$p
    E2E_QUIET_START=1 tpm_server "$name" "$impl" "${args[@]}" && return 0
    cause=$(grep -m1 -i 'address already in use' "$work/$name.out" | cut -c1-160 || true)
    if [ -z "$cause" ]; then
      fail "$name: $impl socket did not start ($E2E_SERVER_EXIT): $(tail -n 3 "$work/$name.out" | tr '\n' ' ')"
      return 1
    fi
    E2E_BIND_RETRIES=$((E2E_BIND_RETRIES + 1))
    info "$name: port $p or $((p + 1)) was taken before the server bound it ($cause); starting again on another port"
    : >"$work/$name.out"
  done
  fail "$name: no free TCP port pair in 5 tries"
  return 1
}

# server_stop PID [SIGNAL]: sends SIGNAL (TERM by default), waits up to 10 s, then SIGKILL.
# Status 0 when the server was gone within the 10 s.
server_stop() {
  local pid=$1 sig=${2:-TERM} i rest=()
  for i in "${E2E_SERVERS[@]}"; do [ "$i" = "$pid" ] || rest+=("$i"); done
  E2E_SERVERS=("${rest[@]}")
  kill -"$sig" "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  return 1
}

# test_classpath MODULE: compiles MODULE and the modules it depends on (main and test classes, no
# tests run, nothing installed) and prints MODULE's test class path: its test classes, its classes,
# and its dependencies (the reactor's own modules as their target/classes). Offline unless
# JVTPM_MVN_FLAGS says otherwise.
test_classpath() { e2e_classpath "$1" -am test-compile; }

# built_classpath MODULE: MODULE's test class path as test_classpath prints it, for a module built
# before (mvn install or package): resolves the dependencies only, compiles nothing.
built_classpath() { e2e_classpath "$1"; }

e2e_classpath() {
  local module=$1 cp_file; shift
  cp_file=$(mktemp)
  if ! (cd "$e2e_root" && mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl "$module" "$@" \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2); then
    rm -f "$cp_file"
    echo "the class path of $module: the Maven build failed" >&2
    return 1
  fi
  echo "$e2e_root/$module/target/test-classes:$e2e_root/$module/target/classes:$(cat "$cp_file")"
  rm -f "$cp_file"
}

# ---- guests and the nested KVM rig (boot-linux.sh, qemu-guest.sh, bench/boot-vs-qemu.sh)

# guest_kernel: the newest Debian kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)
guest_kernel() {
  local k
  k=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
  [ -n "$k" ] && echo "$k"
}

# rig_args DIR: sets RIG_ARGS, the scripts/nested-kvm.sh options that share DIR with the rig and
# force the rig where the CPU flags show no VMX/SVM (a /dev/kvm without them is no hardware
# virtualization, e.g. a paravirtual stand-in)
rig_args() {
  RIG_ARGS=(--share "$1")
  grep -qE '^flags.*\b(vmx|svm)\b' /proc/cpuinfo || RIG_ARGS+=(--force-nested)
}

# ---- launcher runs of `jvtpm boot` (tests/e2e/boot-linux.sh)

# boot_verdict STATUS CONSOLE LAUNCHER_LOG: how one `jvtpm boot` run ended, as one line
# "VERDICT CAUSE DETAIL":
#   ok    -      the command ended with 0 and the guest reset only when it asked to
#   retry CAUSE  the run may go again, CAUSE named and counted:
#                run-timeout     the watchdog stopped a run past its time limit (the rig stood still)
#                triple-fault    an unasked reset by a triple fault (DETAIL: the vCPU's state)
#                reset-8042      an unasked reset through the keyboard controller (port 0x64/0x60)
#                reset-cf9       an unasked reset through the reset control register (port 0xCF9)
#                kvm-reset-event an unasked reset KVM reported as a system event
#   fail   CAUSE a failure, not rerun:
#                launcher-exit       the command ended with another non-zero status
#                launcher-exception  the launcher's log holds an uncaught exception
#                unnamed-reset       the guest reset unasked and the log names no source
# A reset is asked for when the guest printed "@@JVTPM end reboot" before it (tests/guest/init.sh).
# The launcher logs each reset as "guest reset: CAUSE[ (SOURCE)]" (boot/vm/Machine.java); the
# asked ones are matched to port resets in order, and the resets left over are the unasked ones.
boot_verdict() {
  local rc=$1 console=$2 log=$3 asked resets=() r unasked=() cause
  if [ "$rc" -eq 124 ]; then
    echo "retry run-timeout the watchdog stopped the run after its time limit"; return
  fi
  if [ "$rc" -ne 0 ]; then
    echo "fail launcher-exit status $rc: $(grep -a -m1 -E 'Exception|ERROR|jvtpm boot:' "$log" 2>/dev/null \
      || tail -n 1 "$log" 2>/dev/null)"
    return
  fi
  if grep -aq 'Exception in thread' "$log" 2>/dev/null; then
    echo "fail launcher-exception $(grep -a -m1 'Exception in thread' "$log")"; return
  fi
  asked=$(grep -ac '@@JVTPM end reboot' "$console" 2>/dev/null || true)
  # a here-string, not a process substitution: the nested rig's level 1 has no /dev/fd
  while IFS= read -r r; do [ -z "$r" ] || resets+=("$r"); done <<< "$(sed -n 's/.*guest reset: //p' "$log" 2>/dev/null)"
  for r in "${resets[@]}"; do
    if [ "${asked:-0}" -gt 0 ] && [[ "$r" =~ ^(KEYBOARD_CONTROLLER|RESET_CONTROL_[A-Z]+)$ ]]; then
      asked=$((asked - 1))
    else
      unasked+=("$r")
    fi
  done
  # a guest that booted more often than it asked for and was reset without a line from the launcher
  local boots want
  boots=$(grep -ac '@@JVTPM begin' "$console" 2>/dev/null || true)
  want=$(( $(grep -ac '@@JVTPM end reboot' "$console" 2>/dev/null || true) + 1 ))
  if [ ${#unasked[@]} -eq 0 ]; then
    if [ "${boots:-0}" -gt "$want" ]; then
      echo "fail unnamed-reset $boots guest boots for $((want - 1)) asked reboot(s), and no reset in the launcher's log"
    else
      echo "ok -"
    fi
    return
  fi
  r=${unasked[0]}
  case "$r" in
    TRIPLE_FAULT*) cause=triple-fault ;;
    KEYBOARD_CONTROLLER*) cause=reset-8042 ;;
    *KVM_SYSTEM_EVENT_RESET*) cause=kvm-reset-event ;;
    RESET_CONTROL_*) cause=reset-cf9 ;;
    *) echo "fail unnamed-reset the launcher logged a reset it does not name: $r"; return ;;
  esac
  echo "retry $cause ${#unasked[@]} unasked reset(s): $(printf '%s; ' "${unasked[@]}" | sed 's/; $//')"
}

# boot_source CAUSE: what reset the guest, for the closing note
boot_source() {
  case "$1" in
    triple-fault) echo "a triple fault (KVM_EXIT_SHUTDOWN)" ;;
    reset-8042) echo "the keyboard controller's reset line (port 0x64 command 0xFE, or its output port)" ;;
    reset-cf9) echo "the reset control register (port 0xCF9)" ;;
    kvm-reset-event) echo "a KVM system event (KVM_SYSTEM_EVENT_RESET)" ;;
    run-timeout) echo "a run past its time limit (the rig stood still)" ;;
    rig-hang) echo "the rig hung as a whole (soft lockup or nothing written)" ;;
    *) echo "$1" ;;
  esac
}

# retry_summary FILE...: counts the retries recorded one per line ("CFG CAUSE DETAIL") in the
# FILEs, as "N (cause1 n1, cause2 n2)" or "0"
retry_summary() {
  { cat "$@" 2>/dev/null || true; } | awk '{ n++; c[$2]++ } END { if (!n) { print 0; exit }
    s = ""; for (k in c) s = s (s == "" ? "" : ", ") k " " c[k]; print n " (" s ")" }'
}
