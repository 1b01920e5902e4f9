#!/usr/bin/env bash
# `jvtpm boot` end to end: Debian's bzImage with the project's guest image (tests/guest/init.sh)
# boots under real KVM (scripts/nested-kvm.sh gives a KVM where there is none; all runs share one
# rig) on jvtpm's own launcher and TPM. Each run is one launcher invocation:
#   tis          TIS, PPI in memory, policy deny: the guest finds a 2.0 TPM (/dev/tpm0, /dev/tpmrm0),
#                its sysfs PCRs equal its replayed event log (the launcher's measured boot), the
#                tpm2 tool set works through /dev/tpmrm0, tcg_operations shows Clear (5) blocked;
#                the primary key is made persistent at 0x81000010 in a --tpmstate directory, and
#                the guest writes 16 random bytes to the owner NV index 0x01500100 and reads them; what
#                needs platform authority (tpm2_clear -c p, tpm2_changeeps, tpm2_changepps,
#                tpm2_pcrallocate, tpm2_setclock -c p) fails with TPM_RC_HIERARCHY, the launcher
#                having closed the platform hierarchy, and tpm2_pcrreset 17 with TPM_RC_LOCALITY;
#                then the guest waits for its ACPI power button (jvtpm.power-button=wait): the
#                launcher gets SIGTERM, presses it, the guest shuts down (its kernel sending
#                TPM2_Shutdown, which the launcher logs) and powers off, and the launcher ends with 0
#   crb          the same through CRB with PPI by SMI and policy allow (Clear: user not required),
#                on the same --tpmstate directory: 0x81000010 made by the tis run is there, the
#                guest reads NV index 0x01500100 as the tis run's guest wrote it, and the TPM
#                reports the orderly shutdown that ended the tis run (Clock safe, no DA lockout count)
# and the PPI matrix (policy x transport, each policy on TIS and CRB), one launcher run each:
#   ppi-allow           TIS, PPI in memory, policy allow: boot 1 sets an owner auth, finds Clear (5)
#                       "User not required" in tcg_operations and asks for operation 5 (TPM2_Clear)
#                       through the _DSM, then reboots; the launcher's reset runs the PPI executor;
#                       boot 2 reads "5 0: Success", the owner auth is gone, it powers off
#   ppi-allow-smi       the same on CRB with PPI by SMI
#   ppi-confirm         CRB, PPI by SMI, policy confirm with no operator answer: Clear is "User
#                       required"; boot 2 reads "5 0xFFFFFFF0: User Abort", the owner auth is still set
#   ppi-confirm-memory  the same on TIS with PPI in memory
#   ppi-deny-memory     TIS, PPI in memory, policy deny: Clear is "Blocked for OS by BIOS", so _DSM
#                       function 7 answers 3 (blocked) and the kernel refuses the write with EFAULT
#                       ("Bad address"); nothing is pending, the guest reboots once; boot 2 reads
#                       "0: No Recent Request", the owner auth is still set, and the launcher ran
#                       no PPI operation
#   ppi-deny-smi        the same on CRB with PPI by SMI (the host's SMI handler answers 3)
# In every PPI run both boots find the platform hierarchy closed (tpm2_clear -c p and
# tpm2_changeeps answer TPM_RC_HIERARCHY): the launcher closes it again after each reset.
# All runs share a kernel cache (--kernel-cache): the first fills it, the later ones boot the
# decompressed kernel from it. Every run must end with the guest's power-off and status 0. The launcher's log gives the timings
# (launch to the guest's first TPM command) and the MMIO exits per TPM command, printed as INFO.
#   JVTPM_BOOT_CONFIGS picks runs (default all of the above: "tis crb ppi-allow ppi-allow-smi
#   ppi-confirm ppi-confirm-memory ppi-deny-memory ppi-deny-smi"; "ppi" = ppi-allow);
#   JVTPM_BOOT_STALL (seconds, default 180) is how long nothing written means a hung rig, and
#   JVTPM_BOOT_SIMULATE_HANG=CFG makes CFG's first attempt stand still, to see the restart work;
#   JVTPM_BOOT_TOOLS the tpm2 tools checked (default the full set); JVTPM_BOOT_TIMEOUT (seconds,
#   default 420) bounds each run (tests/e2e/lib/watchdog.sh: a run that overruns leaves its threads'
#   kernel stacks and the JVM's thread dump, printed with the INFO line); JVTPM_BOOT_LOGS=DIR keeps
#   the consoles and launcher logs there.
# Reruns, each with its cause named (boot_verdict in tests/e2e/lib/common.sh sorts a run; its
# self-test, tests/e2e/lib/boot-verdict-test.sh, runs first): the rig emulates the level-1 machine
# in software, and a guest there now and then stands still or resets on its own (seen with QEMU's
# guests too). A rig that hangs as a whole (rig-hang), a run the watchdog stops (run-timeout), and
# a guest reset nobody asked for, whose source the launcher logs ("guest reset: CAUSE (SOURCE)":
# triple-fault with the vCPU's registers, reset-8042, reset-cf9, kvm-reset-event), run again, three
# tries per run in all (in CI a rig hang and a triple fault once met the same run, which then had
# no try left); the checks judge the last try, so a failure on every try still fails. A launcher-side failure (a
# non-zero status that is not a timeout, an uncaught exception, a reset with no source) is a FAIL
# with the launcher's log, never rerun. The closing note lists every unasked reset with its source,
# and the closing line counts the reruns by cause.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
root=$e2e_root
limit=${JVTPM_BOOT_TIMEOUT:-420}
# tries per run: the first and up to two reruns, each rerun with its cause named and counted
tries=3

# ---- inside the rig: run the launcher once per config, leaving logs in WORK
if [ "${1:-}" = --inside ]; then
  work=$2 kernel=$3; shift 3
  base='console=ttyS0 panic=-1 quiet loglevel=3'
  # The reused TPM state lives on the rig's own file system, not on the 9p share: the engine
  # writes (and fsyncs) its permanent state after each ContextSave, which crawls over 9p.
  state=$(mktemp -d)
  # so is the kernel cache, as a user's would be on a local disk
  kcache=$(mktemp -d)
  trap 'rm -rf "$state" "$kcache"' EXIT
  # a rig started again after one that hung goes on where that one stopped, with its TPM state
  [ ! -d "$work/tpmstate" ] || cp -a "$work/tpmstate/." "$state/"
  : > "$work/inside-started"
  for cfg in "$@"; do
    [ ! -f "$work/rc-$cfg" ] || continue
    case "$cfg" in
      tis) args=(--tpm tis --ppi memory --ppi-policy deny --tpmstate "dir=$state/tpm")
           extra='jvtpm.test=persist-make jvtpm.power-button=wait' ;;
      crb) args=(--tpm crb --ppi smi --ppi-policy allow --tpmstate "dir=$state/tpm"); extra='jvtpm.test=persist-check' ;;
      ppi-allow) args=(--tpm tis --ppi memory --ppi-policy allow) ;;
      ppi-allow-smi) args=(--tpm crb --ppi smi --ppi-policy allow) ;;
      ppi-confirm) args=(--tpm crb --ppi smi --ppi-policy confirm) ;;
      ppi-confirm-memory) args=(--tpm tis --ppi memory --ppi-policy confirm) ;;
      ppi-deny-memory) args=(--tpm tis --ppi memory --ppi-policy deny) ;;
      ppi-deny-smi) args=(--tpm crb --ppi smi --ppi-policy deny) ;;
      *) echo "boot-linux: unknown config $cfg" >&2; exit 2 ;;
    esac
    case "$cfg" in ppi-*) extra='jvtpm.owner-auth=jvtpm-owner jvtpm.ppi-request=5' ;; esac
    while :; do
      attempt=$(( $(cat "$work/attempts-$cfg" 2>/dev/null || echo 0) + 1 ))
      if [ "$attempt" -gt "$tries" ]; then echo hung > "$work/rc-$cfg"; rm -f "$work/verdict-$cfg"; break; fi
      echo "$attempt" > "$work/attempts-$cfg"
      start=$(date +%s)
      # JVTPM_BOOT_SIMULATE_HANG=CFG: the first attempt of CFG stands still, to exercise the restart
      if [ "${JVTPM_BOOT_SIMULATE_HANG:-}" = "$cfg" ] && [ "$attempt" = 1 ]; then
        echo "simulated hang" > "$work/console-$cfg.log"; sleep 100000
      fi
      set +e
      # the launcher reports vCPU 0 every 5 s, and what it runs once it makes no exit, so that a
      # guest standing still leaves its registers and code bytes in the launcher log
      JVTPM_JAVA_OPTS="${JVTPM_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.log.io.jvtpm.examples.boot.vm.Machine=debug" \
      "$root/tests/e2e/lib/watchdog.sh" "$limit" "$work/watchdog-$cfg.log" -- "$root/bin/jvtpm" boot --kernel "$kernel" --initrd "$work/guest.cpio.gz" "${args[@]}" \
        --memory 512M --append "$base $extra" --kernel-cache "$kcache" \
        > "$work/console-$cfg.log" 2> "$work/launcher-$cfg.log" < /dev/null &
      wd=$!
      # a guest that waits for its power button gets it from SIGTERM to the launcher (through the watchdog)
      rm -f "$work/sigterm-$cfg"
      if [[ "$extra" == *jvtpm.power-button=wait* ]]; then
        while kill -0 "$wd" 2>/dev/null; do
          if grep -aq '@@JVTPM power-button waiting' "$work/console-$cfg.log" 2>/dev/null; then
            kill -TERM "$wd"; date +%s > "$work/sigterm-$cfg"; break
          fi
          sleep 1
        done
      fi
      wait "$wd"
      rc=$?
      set -e
      echo $(( $(date +%s) - start )) > "$work/seconds-$cfg"
      case "$cfg" in tis|crb) rm -rf "$work/tpmstate.new" && cp -a "$state" "$work/tpmstate.new" \
        && rm -rf "$work/tpmstate" && mv "$work/tpmstate.new" "$work/tpmstate" ;; esac
      # boot_verdict: ok, retry CAUSE (run again, the cause counted; three tries in all) or fail CAUSE (no rerun)
      verdict=$(boot_verdict "$rc" "$work/console-$cfg.log" "$work/launcher-$cfg.log")
      echo "$verdict" > "$work/verdict-$cfg"
      read -r kind cause detail <<<"$verdict"
      if [ "$kind" != retry ] || [ "$attempt" -ge "$tries" ]; then echo "$rc" > "$work/rc-$cfg"; break; fi
      echo "boot-$cfg $cause $attempt $detail" >> "$work/retries-$cfg"
      mv "$work/console-$cfg.log" "$work/console-$cfg.try$attempt.log"
      mv "$work/launcher-$cfg.log" "$work/launcher-$cfg.try$attempt.log"
      [ ! -f "$work/watchdog-$cfg.log" ] || mv "$work/watchdog-$cfg.log" "$work/watchdog-$cfg.try$attempt.log"
    done
  done
  exit 0
fi

all_configs='tis crb ppi-allow ppi-allow-smi ppi-confirm ppi-confirm-memory ppi-deny-memory ppi-deny-smi'
configs=${JVTPM_BOOT_CONFIGS:-$all_configs}
configs=" $configs "
configs=${configs// ppi / ppi-allow }
tools=${JVTPM_BOOT_TOOLS:-getrandom,pcrread,createprimary,create,load,sign,verifysignature}

e2e_begin boot-linux ""
keep=${JVTPM_BOOT_LOGS:-}
[ -z "$keep" ] || at_exit sh -c 'mkdir -p "$1" && cp "$2"/*.log "$1"/ 2>/dev/null || true' sh "$keep" "$work"
need python3
need_jvtpm
kernel=$(guest_kernel) || abort "boot: no kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)"
# boot_verdict's own test: how a run is judged (rerun or not, for which cause) holds on canned logs
bash "$root/tests/e2e/lib/boot-verdict-test.sh" >"$work/verdict-test.out" 2>&1 || true
cat "$work/verdict-test.out"
count_results "$work/verdict-test.out"
rig_args "$work"
nested=("${RIG_ARGS[@]}")
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz" >/dev/null

has() { grep -aq -- "@@JVTPM $2" "$1"; }

# A bad invocation is refused with a one-line error and status 2, before any KVM is needed.
set +e
err=$("$root/bin/jvtpm" boot --kernel "$work/missing-bzImage" 2>&1 >/dev/null); rc=$?
set -e
if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ "$err" == *"does not exist"* ]]; then
  pass "boot: a missing kernel gives one line and status 2"
else
  fail "boot: a missing kernel gave status $rc and '$err'"
fi

order=()
for c in $all_configs; do [[ "$configs" == *" $c "* ]] && order+=("$c"); done
[ ${#order[@]} -gt 0 ] || abort "boot: JVTPM_BOOT_CONFIGS='$configs' names no run"

cd "$root"   # the rig runs COMMAND in the caller's directory, which must exist inside it
# The rig's software-emulated level 1 now and then hangs as a whole (both its CPUs busy, nothing
# inside it, not even a timeout, gets to run). A soft lockup on its console, or nothing written to
# WORK for $stall s once the runs have begun, means that: the rig is stopped and started again
# (up to four times), and goes on with the run it was in (its next attempt; a run gets three) and
# those after it.
stall=${JVTPM_BOOT_STALL:-180}
# (rig.log is the level-1 console: a hung level 1 may go on printing there)
progress() { ls -l --time-style=+%s "$work" 2>/dev/null | grep -v ' rig\.log$' | md5sum; }
run_rig() {
  rm -f "$work/inside-started"
  setsid "$root/scripts/nested-kvm.sh" "${nested[@]}" --timeout $(( limit * 2 * ${#order[@]} + 300 )) -- \
    "$root/tests/e2e/boot-linux.sh" --inside "$work" "$kernel" "${order[@]}" >> "$work/rig.log" 2>&1 < /dev/null &
  local pid=$! last='' idle=0 now
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    [ -f "$work/inside-started" ] || continue
    now=$(progress)
    if [ "$now" != "$last" ]; then last=$now idle=0; else idle=$((idle + 5)); fi
    # a level-1 kernel that reports a soft lockup does not come back either
    if [ "$idle" -ge "$stall" ] || grep -q 'BUG: soft lockup' "$work/rig.log" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null; sleep 5; kill -KILL -- "-$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
      return 125
    fi
  done
  wait "$pid"
}
rig=0 hangs=0
for launch in 1 2 3 4 5; do
  [ ! -f "$work/rig.log" ] || mv "$work/rig.log" "$work/rig-$launch.log"
  set +e
  run_rig
  rig=$?
  set -e
  [ "$rig" -eq 125 ] || break
  hangs=$((hangs + 1))
  for c in "${order[@]}"; do
    if [ ! -f "$work/rc-$c" ] && [ -f "$work/console-$c.log" ]; then
      attempt=$(cat "$work/attempts-$c" 2>/dev/null || echo 1)
      why=$(grep -m1 -o 'BUG: soft lockup.*' "$work/rig.log" || echo "nothing written for $stall s")
      echo "INFO boot-$c: the rig hung during this run ($why); the rig starts again"
      # the launcher's last report of vCPU 0, and what it ran if it had stopped making exits
      grep -a 'DEBUG .*vCPU 0' "$work/launcher-$c.log" 2>/dev/null | tail -n 2 | sed "s/^/INFO boot-$c: /" || true
      echo "boot-$c rig-hang $attempt $why" >> "$work/retries-$c"
      mv "$work/console-$c.log" "$work/console-$c.try$attempt.log"
      mv "$work/launcher-$c.log" "$work/launcher-$c.try$attempt.log" 2>/dev/null || true
      [ ! -f "$work/watchdog-$c.log" ] || mv "$work/watchdog-$c.log" "$work/watchdog-$c.try$attempt.log"
    fi
  done
done
[ "$rig" -eq 0 ] || fail "boot: the rig ended with status $rig$([ "$rig" -ne 125 ] || echo " (hung $hangs times)") ($(tail -n 3 "$work/rig.log" | tr '\n' ' '))"

# Splits a console log into one file per guest boot: PREFIX1.log, PREFIX2.log, ...
split_boots() { awk -v p="$2" '/@@JVTPM begin/ { n++ } n > 0 { print > (p n ".log") }' "$1"; }
show_logs() {
  echo "---- console of boot-$1 (last 30 lines) ----"; grep -av eventlog-b64 "$work/console-$1.log" | tail -n 30
  echo "---- launcher log of boot-$1 (last 20 lines) ----"; tail -n 20 "$work/launcher-$1.log"
}
metrics() {
  local cfg=$1 con=$2 log="$work/launcher-$1.log"
  local up first stats start loaded measured
  up=$(sed -n 's/.*@@JVTPM uptime-tpm0 \([0-9.]*\).*/\1/p' "$con" | tr -d '\r' | head -n 1)
  first=$(sed -n 's/.*first TPM command came \([0-9]*\) ms after launch.*/\1/p' "$log" | head -n 1)
  start=$(sed -n 's/.*boot 1: the guest starts \([0-9]*\) ms after launch.*/\1/p' "$log" | head -n 1)
  loaded=$(sed -n 's/.*ACPI tables loaded in \([0-9]*\) ms.*/\1/p' "$log" | head -n 1)
  measured=$(sed -n 's/.*command line measured in \([0-9]*\) ms.*/\1/p' "$log" | head -n 1)
  local kernel='the guest decompressed the bzImage'
  grep -q 'the decompressed kernel from' "$log" && kernel='the decompressed kernel came from the cache'
  echo "INFO boot-$cfg: ran $(cat "$work/seconds-$cfg" 2>/dev/null || echo '?') s; $kernel; boot 1 began ${start:-?} ms after launch," \
    "loading took ${loaded:-?} ms, the measured boot beside the guest ${measured:-?} ms, first TPM command at ${first:-?} ms," \
    "/dev/tpm0 at guest uptime ${up:-?} s"
  stats=$(sed -n 's/.*guest powered off after [0-9]* boot(s); //p' "$log" | head -n 1)
  if [ -n "$stats" ]; then pass "boot-$cfg: the launcher reports its TPM exits ($stats)"
  else fail "boot-$cfg: no TPM exit statistics in the launcher's log"; fi
}

for cfg in "${order[@]}"; do
  con="$work/console-$cfg.log"
  rc=$(cat "$work/rc-$cfg" 2>/dev/null || echo none)
  # each rerun of this config: its cause, the source of an unasked reset, and how that try ended
  while read -r _ cause try detail; do
    tcon="$work/console-$cfg.try$try.log"
    echo "INFO boot-$cfg: try $try reran, cause $cause: $(boot_source "$cause")${detail:+: $detail}"
    echo "INFO boot-$cfg: try $try's console ended: $(grep -a '@@JVTPM' "$tcon" 2>/dev/null | tail -n 2 | tr -d '\r' | tr '\n' ' ')" \
      "and its last kernel lines were: $(grep -av '@@JVTPM' "$tcon" 2>/dev/null | grep -av '^\(\s\|"\|Full thread\|JNI \|Heap\)' | tail -n 4 | tr -d '\r' | tr '\n' ' ')"
    case "$cause" in triple-fault|reset-*|kvm-reset-event) echo "boot-$cfg try $try: $(boot_source "$cause"): $detail" >> "$work/unasked-resets" ;; esac
    # what the launcher said last in that try (power-off, reset, the kernel cache), to find the cause
    echo "INFO boot-$cfg: try $try's launcher log ended with:"
    grep -av 'AddressBus\|vCPU 0: [0-9]* exits' "$work/launcher-$cfg.try$try.log" 2>/dev/null | tail -n 6 | cut -c1-300 | sed 's/^/INFO   /' || true
    if [ -f "$work/watchdog-$cfg.try$try.log" ]; then
      echo "---- try $try of boot-$cfg overran: its threads (the JVM's thread dump is in its console log) ----"
      cat "$work/watchdog-$cfg.try$try.log"
      echo "---- the JVM's threads ----"
      # (head stops reading early: the pipeline's SIGPIPE must not end the script under pipefail)
      sed -n '/^Full thread dump/,/^JNI global refs/p' "$tcon" | grep -v '^\s*$' | head -n 120 || true
    fi
  done < <(cat "$work/retries-$cfg" 2>/dev/null || true)
  read -r kind cause detail < <(cat "$work/verdict-$cfg" 2>/dev/null || echo "none none")
  case "$kind" in
    ok) pass "boot-$cfg: the guest powered off and the command ended with 0" ;;
    fail) fail "boot-$cfg: a launcher-side failure, not rerun ($cause): $detail"; show_logs "$cfg" ;;
    retry)
      fail "boot-$cfg: the last try needed a rerun as well ($cause: $(boot_source "$cause")): $detail"
      case "$cause" in triple-fault|reset-*|kvm-reset-event) echo "boot-$cfg last try: $(boot_source "$cause"): $detail" >> "$work/unasked-resets" ;; esac
      show_logs "$cfg" ;;
    *) fail "boot-$cfg: no verdict (status $rc$([ "$rc" != hung ] || echo ': the rig hung on each of its tries'))" ;;
  esac
  [ -f "$con" ] || continue
  metrics "$cfg" "$con"
  case "$cfg" in
    tis|crb)
      expect=()
      if [ "$cfg" = tis ]; then
        expect+=(--expect "persistent=0x81000010 yes"); op5='5 2: Blocked for OS by BIOS'
      else
        op5='5 4: User not required'
        [[ "$configs" == *" tis "* ]] && expect+=(--expect "persistent=0x81000010 yes")
      fi
      set +e
      python3 "$root/tests/e2e/lib/guest_check.py" "$con" "boot-$cfg" --expect-driver "tpm_$cfg" \
        --want-eventlog --tools "$tools" "${expect[@]}" > "$work/check.out"
      set -e
      cat "$work/check.out"
      count_results "$work/check.out"
      if has "$con" "ppi-op $op5"; then pass "boot-$cfg: tcg_operations lists '$op5'"
      else fail "boot-$cfg: tcg_operations lacks '$op5' ($(grep -a 'ppi-op 5 ' "$con" | head -n 1 | tr -d '\r'))"; fi
      # NV across launcher runs: the tis run's guest wrote 16 random bytes to the owner index
      # 0x01500100 (persist-make); its own read and the crb run's, on the same --tpmstate, give them back
      if [ "$cfg" = tis ] || [[ "$configs" == *" tis "* ]]; then
        nv_of() { sed -n "s/.*@@JVTPM $1 0x01500100 \(.*\)/\1/p" "$2" 2>/dev/null | tr -d '\r' | tail -n 1; }
        written=$(nv_of nv-written "$work/console-tis.log") got=$(nv_of nv-read "$con")
        if [ "$cfg" = tis ]; then what="boot-tis: the guest reads back the 16 bytes it wrote to NV index 0x01500100"
        else what="boot-crb: the guest reads NV index 0x01500100 as the tis run's guest wrote it (a new launcher on the same --tpmstate)"; fi
        if [ -n "$written" ] && [[ "$written" =~ ^[0-9a-f]{32}$ ]] && [ "$got" = "$written" ]; then pass "$what"
        else fail "$what (written: '${written:-no line}', read: '${got:-no line}')"; fi
      fi
      # host-initiated shutdown: SIGTERM pressed the ACPI power button, the guest shut its TPM down and powered off
      if [ "$cfg" = tis ]; then
        log="$work/launcher-$cfg.log"
        if [ -f "$work/sigterm-$cfg" ] && has "$con" "power-button pressed" && has "$con" "end poweroff" \
            && grep -q 'SIGTERM: pressing the guest.s power button' "$log" && [ "$kind" = ok ]; then
          pass "boot-tis: SIGTERM pressed the guest's ACPI power button; the guest powered off and the launcher ended with 0"
        else
          fail "boot-tis: no orderly power-off on SIGTERM ($(grep -a 'power-button' "$con" | tr -d '\r' | tr '\n' ' ')$(grep -a 'power button\|SIGTERM' "$log" | head -n 3 | tr '\n' ' '))"
        fi
        if grep -q "TPM: the guest's last command was TPM2_Shutdown" "$log"; then
          pass "boot-tis: the guest's kernel sent TPM2_Shutdown on the way (the launcher logs an orderly TPM)"
        else
          fail "boot-tis: the launcher saw no TPM2_Shutdown at the end ($(grep 'TPM: ' "$log" | tail -n 1))"
        fi
      elif [[ "$configs" == *" tis "* ]]; then
        safe=$(sed -n 's/.*@@JVTPM clock-safe \(.*\)/\1/p' "$con" | tr -d '\r' | head -n 1)
        lockout=$(sed -n 's/.*@@JVTPM lockout-counter \(.*\)/\1/p' "$con" | tr -d '\r' | head -n 1)
        if [ "$safe" = yes ] && [[ "$lockout" =~ ^(0x)?0+$ ]]; then
          pass "boot-crb: the TPM reports an orderly previous shutdown after the tis run's SIGTERM (Clock safe, DA lockout counter 0)"
        else
          fail "boot-crb: the TPM does not report an orderly previous shutdown (clock safe '${safe:-no line}', lockout counter '${lockout:-no line}')"
        fi
      fi
      if grep -q '^FAIL' "$work/check.out" && [ "$kind" = ok ]; then show_logs "$cfg"; fi
      ;;
    ppi-*)
      split_boots "$con" "$work/$cfg-boot"
      b1="$work/$cfg-boot1.log" b2="$work/$cfg-boot2.log" log="$work/launcher-$cfg.log"
      nboots=$(grep -ac '@@JVTPM begin' "$con" || true)
      bad=$failed
      # what the guest must see under each policy (TCG PPI 1.3 function 8 status, function 5 response)
      case "$cfg" in
        ppi-allow*) op5='5 4: User not required' resp='5 0: Success' owner=no ran='5 (parameter 0x0): SUCCESS' ;;
        ppi-confirm*) op5='5 3: User required' resp='5 0xFFFFFFF0: User Abort' owner=yes ran='5 (parameter 0x0): USER_ABORT' ;;
        ppi-deny*) op5='5 2: Blocked for OS by BIOS' resp='0: No Recent Request' owner=yes ran='' ;;
      esac
      if [ "$nboots" = 2 ]; then pass "boot-$cfg: one launcher run, two guest boots (submit, reboot, report)"
      else fail "boot-$cfg: $nboots guest boots instead of 2"; fi
      if [ -f "$b1" ] && has "$b1" "owner-auth-set yes"; then pass "boot-$cfg: boot 1 set the owner authorization"
      else fail "boot-$cfg: boot 1 did not set the owner authorization ($(grep -a 'owner-auth' "$b1" 2>/dev/null | head -n 2 | tr -d '\r' | tr '\n' ' '))"; fi
      if [ -f "$b1" ] && has "$b1" "ppi-op $op5"; then pass "boot-$cfg: tcg_operations lists '$op5'"
      else fail "boot-$cfg: tcg_operations lacks '$op5' ($(grep -a 'ppi-op 5 ' "$b1" 2>/dev/null | head -n 1 | tr -d '\r'))"; fi
      submit_seen="$(grep -a 'ppi' "$b1" 2>/dev/null | grep -v ppi-op | head -n 5 | tr -d '\r' | tr '\n' ' ')"
      if [ -n "$ran" ]; then
        if [ -f "$b1" ] && has "$b1" "ppi-submit 5 ok" && has "$b1" "ppi request-after 5"; then
          pass "boot-$cfg: the guest's _DSM accepted operation 5 and reports it pending"
        else fail "boot-$cfg: the guest could not submit operation 5 ($submit_seen)"; fi
        if grep -aqF "PPI operation $ran" "$log"; then pass "boot-$cfg: the launcher's PPI executor logged 'PPI operation $ran'"
        else fail "boot-$cfg: the launcher did not log 'PPI operation $ran' ($(grep -a 'PPI operation' "$log" | head -n 1))"; fi
      else
        # function 7 answering 3 (blocked by BIOS settings) is EFAULT in the kernel (1 would be EPERM)
        if [ -f "$b1" ] && has "$b1" "ppi-submit 5 fail" && has "$b1" "ppi-submit-error .*Bad address"; then
          pass "boot-$cfg: the kernel refused the write of 5 with EFAULT (_DSM function 7 answered 3, blocked)"
        else fail "boot-$cfg: the write of 5 was not refused as blocked ($submit_seen)"; fi
        if [ -f "$b1" ] && has "$b1" "ppi request-after 0"; then pass "boot-$cfg: after the refused write nothing is pending"
        else fail "boot-$cfg: after the refused write ppi/request is not 0 ($submit_seen)"; fi
        if ! grep -aq 'PPI operation' "$log"; then pass "boot-$cfg: the launcher's PPI executor ran no operation"
        else fail "boot-$cfg: the launcher ran a PPI operation ($(grep -a 'PPI operation' "$log" | head -n 1))"; fi
      fi
      if [ -f "$b2" ] && has "$b2" "ppi response $resp"; then pass "boot-$cfg: after the reboot ppi/response reads '$resp'"
      else fail "boot-$cfg: after the reboot ppi/response is not '$resp' ($(grep -a 'ppi response' "$b2" 2>/dev/null | tr -d '\r'))"; fi
      if [ -f "$b2" ] && has "$b2" "owner-auth-set $owner"; then
        pass "boot-$cfg: after the reboot owner-auth-set is $owner ($([ $owner = no ] && echo 'TPM2_Clear ran' || echo 'the TPM is untouched'))"
      else fail "boot-$cfg: after the reboot owner-auth-set is not $owner"; fi
      if [ "$owner" = yes ]; then
        if [ -f "$b2" ] && has "$b2" "tool createprimary ok"; then pass "boot-$cfg: boot 2 made a primary key under the owner with boot 1's password"
        else fail "boot-$cfg: boot 2 could not use boot 1's owner password ($(grep -a 'tool createprimary' "$b2" 2>/dev/null | tr -d '\r'))"; fi
      fi
      for n in 1 2; do
        b="$work/$cfg-boot$n.log"
        if [ -f "$b" ] && has "$b" "refused clear-platform yes ErrorCode (0x00000185)" \
            && has "$b" "refused changeeps yes ErrorCode (0x00000185)"; then
          pass "boot-$cfg: boot $n's tpm2_clear -c p and tpm2_changeeps answer TPM_RC_HIERARCHY (platform hierarchy closed)"
        else fail "boot-$cfg: boot $n's platform commands were not refused ($(grep -a 'refused' "$b" 2>/dev/null | head -n 2 | tr -d '\r' | tr '\n' ' '))"; fi
      done
      if [ -f "$b2" ] && has "$b2" "ppi request 0" && has "$b2" "end poweroff"; then pass "boot-$cfg: boot 2 has nothing pending and powers off"
      else fail "boot-$cfg: boot 2 did not end with nothing pending and a power-off"; fi
      if [ "$failed" -ne "$bad" ] && [ "$kind" = ok ]; then show_logs "$cfg"; fi
      ;;
  esac
done
# The first run finds the kernel cache empty and fills it beside the guest; later runs boot the
# decompressed kernel from it (and every check above holds on both paths). The run that filled it
# may be a try that was rerun (its log kept as launcher-CFG.tryN.log).
if [ ${#order[@]} -gt 1 ]; then
  stored='' used=0
  for c in "${order[@]}"; do
    for l in "$work/launcher-$c".try*.log "$work/launcher-$c.log"; do
      if [ -z "$stored" ] && grep -q 'stored the decompressed kernel' "$l" 2>/dev/null; then stored=$(basename "$l" .log); fi
    done
    if grep -q 'the decompressed kernel from' "$work/launcher-$c.log" 2>/dev/null; then used=$((used + 1)); fi
  done
  if [ -n "$stored" ] && [ "$used" -gt 0 ]; then
    pass "boot: a run stored the decompressed kernel ($stored) and $used later run(s) booted it from the kernel cache"
  else
    fail "boot: the kernel cache was not filled and used (stored by: ${stored:-none}; runs that used it: $used)"
  fi
fi
if [ "$rig" -ne 0 ]; then echo "---- rig (last 20 lines) ----"; tail -n 20 "$work/rig.log"; fi
# the closing note: every guest reset nobody asked for, with its source; the closing line counts
# the reruns by cause
echo "NOTE unasked guest resets: $(cat "$work/unasked-resets" 2>/dev/null | wc -l)"
sed 's/^/NOTE   /' "$work/unasked-resets" 2>/dev/null || true
finish "reruns: $(retry_summary "$work"/retries-*)"
