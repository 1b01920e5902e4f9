#!/usr/bin/env bash
# Benchmark: the same Debian kernel and guest image (tests/guest/init.sh with jvtpm.bench=N) under
#   qemu   qemu-system-x86_64 -enable-kvm (SeaBIOS, -kernel) with swtpm 0.7 behind tpm-tis / tpm-crb
#   jvtpm  bin/jvtpm boot (direct 64-bit boot, in-process engine) with --tpm tis / crb, the
#          bzImage's decompressed kernel in its kernel cache (filled before the runs, untimed)
# in real KVM (scripts/nested-kvm.sh's rig where the host has no VMX/SVM), one run each. Per run:
#   launch->tpm0  wall time from starting the command to the guest printing that /dev/tpm0 exists
#   uptime@tpm0   the guest's own uptime at that moment (kernel start to /dev/tpm0)
#   getrandom / pcrextend  time per tpm2_getrandom 16 / tpm2_pcrextend (sha256) through /dev/tpm0,
#                 averaged over N runs of the tool (each run includes the tool's own process
#                 start-up, the same under both): -us as the guest's uptime measures it, -wall as
#                 the host sees the guest's console lines (the guest clock can drift in the rig)
# Each pair of runs is repeated JVTPM_BENCH_ROUNDS times (default 3) in one rig, odd rounds with QEMU
# first and even ones with jvtpm first: round 1 also pays the rig's cold file caches (its root file
# system comes over 9p, and a JVM reads more of it than QEMU), and the rig stalls now and then for
# seconds, so single runs say little. A summary gives each figure's median over the rounds under
# both VMMs, their ratio, and in how many rounds jvtpm's was the lower.
# usage: bench/boot-vs-qemu.sh [N (default 50)]; JVTPM_BENCH_IFACES="tis crb" picks interfaces;
# JVTPM_BENCH_KEEP=1 keeps the consoles and logs (the path is printed).
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
root=$e2e_root
per_run=${JVTPM_BENCH_TIMEOUT:-600}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- inside the rig: WORK KERNEL N IFACE...
if [ "${1:-}" = --inside ]; then
  work=$2 kernel=$3 n=$4 rounds=$5; shift 5
  E2E_LABEL=boot-vs-qemu passed=0 failed=0
  append="console=ttyS0 panic=-1 quiet loglevel=3 jvtpm.bench=$n"
  # jvtpm boots from a filled kernel cache on the rig's own file system, as every boot of a
  # bzImage after its first does (the first one fills the cache beside the guest)
  cache=$(mktemp -d)
  "$root/bin/jvtpm" kernel-cache --kernel "$kernel" --dir "$cache" > /dev/null
  # Runs COMMAND..., its output to the console log of NAME, noting when /dev/tpm0 showed up.
  timed() {
    local name=$1; shift
    local t0; t0=$(now_ms)
    set +e
    "$@" < /dev/null 2> "$work/$name.err" | while IFS= read -r line; do
      case "$line" in
        *"@@JVTPM uptime-tpm0"*) echo $(( $(now_ms) - t0 )) > "$work/$name.tpm0-ms" ;;
        *"@@JVTPM dev /dev/tpmrm0"*|*"@@JVTPM bench "*) echo "$(now_ms) $line" >> "$work/$name.stamps" ;;
      esac
      printf '%s\n' "$line"
    done > "$work/$name.console"
    echo "${PIPESTATUS[0]}" > "$work/$name.rc"
    set -e
  }
  run_qemu() {
    local iface=$1 round=$2 state swpid=
    state=$(mktemp -d)
    tpm_server "qemu-$iface-r$round.swtpm" swtpm --tpm2 --tpmstate "dir=$state" \
      --ctrl "type=unixio,path=$state/ctrl.sock" --log "file=$work/qemu-$iface-r$round.swtpm.log" && swpid=$SERVER_PID
    timed "qemu-$iface-r$round" timeout -k 20 "$per_run" qemu-system-x86_64 -enable-kvm -cpu host -machine pc -m 512M \
      -display none -serial stdio -monitor none -no-reboot -kernel "$kernel" -initrd "$work/guest.cpio.gz" \
      -append "$append" -chardev "socket,id=chrtpm,path=$state/ctrl.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
      -device "tpm-$iface,tpmdev=tpm0"
    [ -z "$swpid" ] || server_stop "$swpid" || true
    rm -rf "$state"
  }
  run_jvtpm() {
    local iface=$1 round=$2
    timed "jvtpm-$iface-r$round" timeout -k 20 "$per_run" "$root/bin/jvtpm" boot --kernel "$kernel" --initrd "$work/guest.cpio.gz" \
      --tpm "$iface" --ppi-policy deny --memory 512M --append "$append" --kernel-cache "$cache"
  }
  # odd rounds start each pair with QEMU, even rounds with jvtpm, so neither always runs first
  for round in $(seq 1 "$rounds"); do
  for iface in "$@"; do
    if [ $(( round % 2 )) = 1 ]; then
      run_qemu "$iface" "$round"; run_jvtpm "$iface" "$round"
    else
      run_jvtpm "$iface" "$round"; run_qemu "$iface" "$round"
    fi
  done
  done
  exit 0
fi

n=${1:-50}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "boot-vs-qemu: N must be a positive number, got '$n'" >&2; exit 2; }
rounds=${JVTPM_BENCH_ROUNDS:-3}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "boot-vs-qemu: JVTPM_BENCH_ROUNDS must be a positive number, got '$rounds'" >&2; exit 2; }
ifaces=${JVTPM_BENCH_IFACES:-tis crb}
e2e_begin boot-vs-qemu
need qemu-system-x86_64:"scripts/install-peers.sh installs it" swtpm:"scripts/install-peers.sh installs it"
kernel=$(guest_kernel) || { echo "boot-vs-qemu: no kernel in /boot (install linux-image-amd64)" >&2; exit 2; }
if [ -n "${JVTPM_BENCH_KEEP:-}" ]; then
  keep=$(mktemp -d "${TMPDIR:-/tmp}/boot-vs-qemu.XXXXXX")
  at_exit cp -a "$work/." "$keep/"
  echo "boot-vs-qemu: consoles and logs stay in $keep" >&2
fi
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz" >/dev/null
# bin/jvtpm makes its class-data archive when the jars are newer; the rig sees this tree read-only
"$root/bin/jvtpm" --help > /dev/null
rig_args "$work"
nested=("${RIG_ARGS[@]}")
cd "$root"
set -- $ifaces
echo "boot-vs-qemu: $n iterations per loop, interfaces: $*; running in the rig (this takes a while)..." >&2
"$root/scripts/nested-kvm.sh" "${nested[@]}" --timeout $(( per_run * 2 * rounds * $# + 300 )) -- \
  "$root/bench/boot-vs-qemu.sh" --inside "$work" "$kernel" "$n" "$rounds" "$@" > "$work/rig.log" 2>&1 < /dev/null \
  || { echo "boot-vs-qemu: the rig failed (the runs it finished follow): $(tail -n 2 "$work/rig.log" | tr '\n' ' ')" >&2; rig_failed=1; }

field() { sed -n "s/.*@@JVTPM bench $2 .* $3 \([0-9]*\).*/\1/p" "$work/$1.console" | tr -d '\r' | head -n 1; }
# The host's wall time per iteration of loop $2 in run $1: from the console line before it to its own.
wall_us() {
  awk -v loop="$2" -v n="$n" '{ if (index($0, "@@JVTPM bench " loop " ") > 0 && prev != "") { printf "%d", ($1 - prev) * 1000 / n; exit }
    prev = $1 }' "$work/$1.stamps" 2>/dev/null
}
status=${rig_failed:-0}
printf '%-5s %-6s %-5s %14s %11s %15s %15s %15s %15s %s\n' round run iface launch-tpm0-ms uptime@tpm0 \
  getrandom-us pcrextend-us getrandom-wall pcrextend-wall notes
for round in $(seq 1 "$rounds"); do
for iface in "$@"; do
  for vmm in qemu jvtpm; do
    name="$vmm-$iface-r$round"
    up=$(sed -n 's/.*@@JVTPM uptime-tpm0 \([0-9.]*\).*/\1/p' "$work/$name.console" 2>/dev/null | tr -d '\r' | head -n 1)
    note=""
    [ "$(cat "$work/$name.rc" 2>/dev/null)" = 0 ] || { note="status $(cat "$work/$name.rc" 2>/dev/null || echo none)"; status=1; }
    # a jvtpm run that ended badly or whose guest reset unasked: boot_verdict's cause (as boot-linux.sh)
    if [ "$vmm" = jvtpm ] && [ -f "$work/$name.rc" ]; then
      read -r kind cause _ < <(boot_verdict "$(cat "$work/$name.rc")" "$work/$name.console" "$work/$name.err")
      [ "$kind" = ok ] || { note="$note $cause"; status=1; }
    fi
    for loop in getrandom pcrextend; do
      f=$(field "$name" "$loop" failures)
      [ -z "$f" ] || [ "$f" = 0 ] || { note="$note $loop failed $f times"; status=1; }
    done
    printf '%-5s %-6s %-5s %14s %11s %15s %15s %15s %15s %s\n' "$round" "$vmm" "$iface" "$(cat "$work/$name.tpm0-ms" 2>/dev/null || echo '-')" \
      "${up:--}" "$(field "$name" getrandom per-op-us)" "$(field "$name" pcrextend per-op-us)" \
      "$(wall_us "$name" getrandom)" "$(wall_us "$name" pcrextend)" "$note"
  done
done
done > "$work/table"
cat "$work/table"
# Per interface and figure: the median over the rounds under each VMM, their ratio, and in how many
# rounds jvtpm's figure was the lower of the pair (lower is better for all of them).
echo
printf '%-5s %-15s %12s %12s %9s %s\n' iface figure qemu-median jvtpm-median jvtpm/qemu "rounds jvtpm lower"
awk '{
  cols[4] = "launch-tpm0-ms"; cols[6] = "getrandom-us"; cols[7] = "pcrextend-us"
  for (c in cols) if ($c ~ /^[0-9]+$/) { v[$3, cols[c], $2, ++n[$3, cols[c], $2]] = $c; r[$3, cols[c], $2, $1] = $c }
  ifs[$3] = 1; rounds[$1] = 1 }
function median(key, vmm,   k, i, j, t, a) {
  k = n[key, vmm]; if (k == 0) return -1
  for (i = 1; i <= k; i++) a[i] = v[key, vmm, i]
  for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
END {
  split("launch-tpm0-ms getrandom-us pcrextend-us", figs, " ")
  for (i in ifs) for (f = 1; f <= 3; f++) {
    q = median(i SUBSEP figs[f], "qemu"); j = median(i SUBSEP figs[f], "jvtpm")
    if (q <= 0 || j < 0) continue
    lower = 0; both = 0
    for (rd in rounds) if ((i, figs[f], "qemu", rd) in r && (i, figs[f], "jvtpm", rd) in r) {
      both++; if (r[i, figs[f], "jvtpm", rd] < r[i, figs[f], "qemu", rd]) lower++ }
    printf "%-5s %-15s %12d %12d %9.2f %d of %d\n", i, figs[f], q, j, j / q, lower, both } }' "$work/table" | sort
exit "$status"
