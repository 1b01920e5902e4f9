#!/usr/bin/env bash
# Self-test of boot_verdict (tests/e2e/lib/common.sh), the classification of a `jvtpm boot` run
# that decides in tests/e2e/boot-linux.sh whether a run is rerun, and for which cause: canned
# consoles and launcher logs in the formats the guest (tests/guest/init.sh) and the launcher
# (boot/vm/Machine.java, "guest reset: CAUSE[ (SOURCE)]") write. Runs in a second, without KVM.
set -euo pipefail
. "$(dirname "$0")/common.sh"
e2e_begin boot-verdict
shopt -s lastpipe   # case_ at the end of a pipeline counts in this shell

log_line() { echo "[main] INFO io.jvtpm.examples.boot.vm.Machine - $*"; }
begin='@@JVTPM begin'
# case WHAT STATUS WANT (VERDICT CAUSE, or VERDICT CAUSE DETAIL-PART) -- console lines on stdin,
# launcher lines in $launcher
case_() {
  local what=$1 rc=$2 want=$3 got
  cat >"$work/console"
  printf '%s\n' "${launcher[@]}" >"$work/launcher"
  got=$(boot_verdict "$rc" "$work/console" "$work/launcher")
  if [[ "$got" == "$want"* ]]; then pass "$what: $got"; else fail "$what: wanted '$want...', got '$got'"; fi
}

launcher=("$(log_line 'boot 1: the guest starts 812 ms after launch')" \
  "$(log_line 'guest powered off after 1 boot(s); 1234 TPM exits')")
printf '%s\n' "$begin" '@@JVTPM end poweroff' | case_ "one boot, powered off" 0 "ok -"

launcher=("$(log_line 'guest reset: RESET_CONTROL_HARD')" "$(log_line 'guest powered off after 2 boot(s)')")
printf '%s\n' "$begin" '@@JVTPM end reboot' "$begin" '@@JVTPM end poweroff' \
  | case_ "a reboot the guest asked for (PPI run)" 0 "ok -"

launcher=("$(log_line 'guest reset: KEYBOARD_CONTROLLER')" "$(log_line 'guest powered off after 2 boot(s)')")
printf '%s\n' "$begin" '@@JVTPM end reboot' "$begin" '@@JVTPM end poweroff' \
  | case_ "an asked reboot through the 8042" 0 "ok -"

tf='TRIPLE_FAULT (vCPU 0: RIP 0xffffffff81000123, RSP 0xffffc90000013f00, RFLAGS 0x10046, CR0 0x80050033, CR2 0x0, CR3 0x2a0c000, CR4 0x3706f0, EFER 0xd01, exception none, interrupt none, RIP at GPA 0x1000123: 0f0b)'
launcher=("$(log_line "guest reset: $tf")" "$(log_line 'guest powered off after 2 boot(s)')")
printf '%s\n' "$begin" "$begin" '@@JVTPM end poweroff' \
  | case_ "a triple fault nobody asked for" 0 "retry triple-fault 1 unasked reset(s): TRIPLE_FAULT (vCPU 0: RIP 0xffffffff81000123"

launcher=("$(log_line 'guest reset: RESET_CONTROL_HARD')" "$(log_line "guest reset: $tf")" \
  "$(log_line 'guest powered off after 3 boot(s)')")
printf '%s\n' "$begin" '@@JVTPM end reboot' "$begin" "$begin" '@@JVTPM end poweroff' \
  | case_ "an asked reboot, then a triple fault" 0 "retry triple-fault 1 unasked reset(s): TRIPLE_FAULT"

launcher=("$(log_line 'guest reset: RESET_CONTROL_SOFT')" "$(log_line 'guest powered off after 2 boot(s)')")
printf '%s\n' "$begin" "$begin" '@@JVTPM end poweroff' | case_ "an unasked write to 0xCF9" 0 "retry reset-cf9"

launcher=("$(log_line 'guest reset: KEYBOARD_CONTROLLER')")
printf '%s\n' "$begin" "$begin" '@@JVTPM end poweroff' | case_ "an unasked 8042 reset" 0 "retry reset-8042"

launcher=("$(log_line 'guest reset: RESET_CONTROL_HARD (KVM_SYSTEM_EVENT_RESET)')")
printf '%s\n' "$begin" "$begin" '@@JVTPM end poweroff' | case_ "an unasked KVM reset event" 0 "retry kvm-reset-event"

launcher=("$(log_line 'guest powered off after 2 boot(s)')")
printf '%s\n' "$begin" "$begin" '@@JVTPM end poweroff' \
  | case_ "more boots than asked for, no reset in the log" 0 "fail unnamed-reset"

launcher=("$(log_line 'guest reset: SOMETHING_NEW')")
printf '%s\n' "$begin" "$begin" | case_ "a reset cause this script does not know" 0 "fail unnamed-reset"

launcher=('[main] ERROR io.jvtpm.examples.boot.BootCommand - vCPU 0 failed: java.lang.IllegalStateException: bad exit' \
  'jvtpm boot: the guest failed')
printf '%s\n' "$begin" | case_ "the launcher ends with status 1" 1 "fail launcher-exit status 1: [main] ERROR"

launcher=("$(log_line "guest reset: $tf")" 'jvtpm boot: the guest failed')
printf '%s\n' "$begin" | case_ "status 1 after a triple fault is a failure, not a rerun" 1 "fail launcher-exit"

launcher=('Exception in thread "tpm-worker" java.lang.NullPointerException' "$(log_line 'guest powered off after 1 boot(s)')")
printf '%s\n' "$begin" '@@JVTPM end poweroff' | case_ "an uncaught exception with status 0" 0 "fail launcher-exception"

launcher=("watchdog: bin/jvtpm boot ran past 420 s")
printf '%s\n' "$begin" | case_ "a run the watchdog stopped" 124 "retry run-timeout"

printf '%s\n' "boot-tis triple-fault x" "boot-crb rig-hang y" "boot-ppi-allow triple-fault z" >"$work/retries"
got=$(retry_summary "$work/retries")
[[ "$got" == "3 ("*"triple-fault 2"* && "$got" == *"rig-hang 1"* ]] && pass "retry_summary counts by cause: $got" \
  || fail "retry_summary counts by cause: $got"
got=$(retry_summary "$work/none")
[ "$got" = 0 ] && pass "retry_summary of no retries: 0" || fail "retry_summary of no retries: $got"
finish
