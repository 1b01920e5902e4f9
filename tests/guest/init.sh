#!/bin/sh
# /init of the jvtpm guest image. Checks the TPM the way a user would and prints one parseable
# line per fact: "@@JVTPM <key> <value...>". The kernel parameter jvtpm.test=NAME picks extra steps:
#   basic (default)   probe, sysfs, PCRs, event log, tpm2-tools through /dev/tpmrm0, and what the
#                     TPM must refuse the guest (platform authorization, PCR_Reset(17))
#   persist-make      also makes the primary key persistent at 0x81000010 (unless it is there)
#   persist-check     also checks that 0x81000010 is there (every boot reports it)
#                     NV the same way: persist-make defines the owner index 0x01500100 (unless it is
#                     there), writes 16 random bytes to it and reports them ("@@JVTPM nv-written
#                     0x01500100 HEX"); every boot reads it ("@@JVTPM nv-read 0x01500100 HEX", or
#                     "none" and the tool's ErrorCode), so a later boot on the same state shows
#                     what an earlier one wrote
# and other parameters add steps:
#   jvtpm.ppi-request=N  writes N to /sys/class/tpm/tpm0/ppi/request, then reboots; only on a
#                        "first" boot (no pending request, no recent one in ppi/response and, with
#                        jvtpm.owner-auth, no owner authorization set yet), so the boot after the
#                        reboot reports the outcome and powers off. When the kernel refuses the
#                        write (a blocked operation) it reports the error and still reboots once if
#                        the owner authorization marks the TPM, else it powers off
#   jvtpm.owner-auth=PW  on a first boot sets the owner authorization to PW unless it is set (a
#                        later boot reports owner-auth-set yes/no); tools then use PW for the owner
#   jvtpm.bench=N        only probes, times N tpm2_getrandom and N tpm2_pcrextend through /dev/tpm0
#                        (guest uptime, 10 ms resolution) and powers off
#   jvtpm.power-button=wait  at the end, instead of powering off at once, loads the ACPI button
#                        driver and waits for the host's power button ("@@JVTPM power-button
#                        waiting DEV"), then shuts down ("@@JVTPM power-button pressed") and powers
#                        off; the kernel sends TPM2_Shutdown on the way
#   jvtpm.diag=1         with jvtpm.bench, also prints /proc/interrupts before and after the loops
#                        ("@@JVTPM irq-before/irq-after") and the kernel's log (timestamps included,
#                        whatever the console's loglevel; "@@JVTPM kmsg") before powering off
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t tmpfs tmpfs /tmp

say() { echo "@@JVTPM $*"; }
param() { sed -n "s/.*jvtpm\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }

say begin
i=0
while [ ! -e /dev/tpm0 ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
say uptime-tpm0 "$(cut -d' ' -f1 /proc/uptime)"
for d in /dev/tpm0 /dev/tpmrm0; do
  if [ -c "$d" ]; then say dev "$d" yes; else say dev "$d" no; fi
done
t=/sys/class/tpm/tpm0
# centiseconds of guest uptime
now_cs() { read -r up _ < /proc/uptime; echo "${up%.*}${up#*.}" | sed 's/^0*\([0-9]\)/\1/'; }
bench_loop() {
  name=$1 n=$2; shift 2
  start=$(now_cs) k=0 bad=0
  while [ $k -lt "$n" ]; do "$@" > /dev/null 2>&1 || bad=$((bad + 1)); k=$((k + 1)); done
  end=$(now_cs)
  ms=$(( (end - start) * 10 ))
  say bench "$name" iterations "$n" failures "$bad" total-ms "$ms" per-op-us "$(( ms * 1000 / n ))"
}
bench=$(param bench)
if [ -n "$bench" ] && [ -c /dev/tpm0 ]; then
  export TPM2TOOLS_TCTI=device:/dev/tpm0
  diag=$(param diag)
  [ "$diag" = 1 ] && while IFS= read -r l; do say irq-before "$l"; done < /proc/interrupts
  bench_loop getrandom "$bench" tpm2_getrandom -o /tmp/r.bin 16
  bench_loop pcrextend "$bench" tpm2_pcrextend 16:sha256=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
  if [ "$diag" = 1 ]; then
    while IFS= read -r l; do say irq-after "$l"; done < /proc/interrupts
    dmesg | while IFS= read -r l; do say kmsg "$l"; done
  fi
  say end poweroff
  sync
  poweroff -f
fi
say version_major "$(cat $t/tpm_version_major 2>/dev/null || echo none)"
say driver "$(basename "$(readlink -f $t/device/driver 2>/dev/null)" 2>/dev/null)"
say hid "$(cat $t/device/hid 2>/dev/null || cat $t/device/firmware_node/hid 2>/dev/null || echo none)"
dmesg | grep -i tpm | sed 's/^\[[^]]*\] //' | while read -r l; do say dmesg "$l"; done

for bank in sha1 sha256 sha384 sha512; do
  [ -d $t/pcr-$bank ] || continue
  for n in $(seq 0 23); do say pcr $bank $n "$(cat $t/pcr-$bank/$n)"; done
done

log=/sys/kernel/security/tpm0/binary_bios_measurements
if [ -r $log ]; then
  say eventlog-size "$(wc -c < $log)"
  base64 $log | while read -r l; do say eventlog-b64 "$l"; done
else
  say eventlog-size 0
fi

if [ -d $t/ppi ]; then
  say ppi version "$(cat $t/ppi/version 2>/dev/null)"
  say ppi request "$(cat $t/ppi/request 2>/dev/null)"
  say ppi response "$(cat $t/ppi/response 2>/dev/null)"
  say ppi transition_action "$(cat $t/ppi/transition_action 2>/dev/null)"
  cat $t/ppi/tcg_operations 2>/dev/null | while read -r l; do say ppi-op "$l"; done
fi

export TPM2TOOLS_TCTI=device:/dev/tpmrm0
owner_set() { tpm2_getcap properties-variable 2>/dev/null | grep -m1 'ownerAuthSet' | grep -q '1'; }
auth=$(param owner-auth)

# A "first" boot: no PPI request pending and none answered yet (ppi/response starts with op 0),
# and with jvtpm.owner-auth no owner authorization yet (a refused request leaves no other trace).
first=yes
if [ -d $t/ppi ]; then
  set -- $(cat $t/ppi/request 2>/dev/null) x; [ "${1%:}" = 0 ] || first=no
  set -- $(cat $t/ppi/response 2>/dev/null) x; [ "${1%:}" = 0 ] || first=no
fi
if [ -n "$auth" ] && [ -c /dev/tpmrm0 ] && owner_set; then first=no; fi
say first-boot "$first"

oauth=""
if [ -c /dev/tpmrm0 ] && [ -n "$auth" ] && owner_set; then oauth=$auth; fi
run() {
  name=$1; shift
  # on failure the line naming the TPM's response code, else the last line
  if out=$("$@" 2>&1); then say tool "$name" ok
  else say tool "$name" fail "$( (echo "$out" | grep -m1 'ErrorCode' || echo "$out" | grep -m1 'ERROR' || echo "$out" | tail -n 1) | cut -c1-200)"; fi
}
if [ -c /dev/tpmrm0 ]; then
  cd /tmp
  run getrandom tpm2_getrandom -o rand.bin 32
  say getrandom-bytes "$(wc -c < rand.bin 2>/dev/null || echo 0)"
  run pcrread tpm2_pcrread sha256:0,1,2,3,4,5,6,7
  run createprimary tpm2_createprimary -C o ${oauth:+-P "$oauth"} -c primary.ctx
  run create tpm2_create -C primary.ctx -G rsa2048 -u key.pub -r key.priv
  run load tpm2_load -C primary.ctx -u key.pub -r key.priv -c key.ctx
  echo "signed by the jvtpm guest" > msg.txt
  run sign tpm2_sign -c key.ctx -g sha256 -o sig.bin msg.txt
  run verifysignature tpm2_verifysignature -c key.ctx -g sha256 -m msg.txt -s sig.bin
  run flush tpm2_flushcontext -t
  if [ -n "$auth" ] && [ "$first" = yes ] && [ -z "$oauth" ]; then
    run owner-auth tpm2_changeauth -c o "$auth"
    if owner_set; then oauth=$auth; fi
  fi
  if owner_set; then say owner-auth-set yes; else say owner-auth-set no; fi
  # the persistent handles, or an @@JVTPM persistent-error line saying why they could not be read
  persistent() {
    if handles=$(tpm2_getcap handles-persistent 2>&1); then echo "$handles" | grep -qi '0x81000010'
    else say persistent-error "$(echo "$handles" | tr '\n' ' ' | cut -c1-300)"; return 1; fi
  }
  case " $(cat /proc/cmdline) " in
    *" jvtpm.test=persist-make "*)
      if persistent; then say persist-make already
      else run persist-make tpm2_evictcontrol -C o ${oauth:+-P "$oauth"} -c primary.ctx 0x81000010; fi ;;
  esac
  if persistent; then say persistent 0x81000010 yes; else say persistent 0x81000010 no; fi
  nv=0x01500100
  hexof() { od -An -v -tx1 "$1" | tr -d ' \n'; }
  # the tool's ErrorCode line, else its last line
  why() { (echo "$1" | grep -m1 -o 'ErrorCode (0x[0-9a-fA-F]*)' || echo "$1" | tail -n 1) | cut -c1-200; }
  case " $(cat /proc/cmdline) " in
    *" jvtpm.test=persist-make "*)
      tpm2_nvreadpublic $nv > /dev/null 2>&1 ||
        run nv-define tpm2_nvdefine $nv -C o ${oauth:+-P "$oauth"} -s 16 -a "ownerread|ownerwrite"
      rm -f nv.in
      run nv-random tpm2_getrandom -o nv.in 16
      if out=$(tpm2_nvwrite $nv -C o ${oauth:+-P "$oauth"} -i nv.in 2>&1); then say nv-written $nv "$(hexof nv.in)"
      else say nv-written $nv none "$(why "$out")"; fi ;;
  esac
  rm -f nv.out
  if out=$(tpm2_nvread $nv -C o ${oauth:+-P "$oauth"} -s 16 -o nv.out 2>&1); then say nv-read $nv "$(hexof nv.out)"
  else say nv-read $nv none "$(why "$out")"; fi
  # What the guest must not do: the launcher closed the platform hierarchy before the kernel ran,
  # as firmware does, and PCR 17 is the DRTM's (reset from locality 4 only). "@@JVTPM refused
  # NAME yes CODE" when the TPM refused, with the tool's ErrorCode line; "no" when it obeyed.
  refused() {
    name=$1; shift
    if out=$("$@" 2>&1); then say refused "$name" no
    else say refused "$name" yes "$( (echo "$out" | grep -m1 -o 'ErrorCode (0x[0-9a-fA-F]*)' || echo "$out" | tail -n 1) | cut -c1-200)"; fi
  }
  refused clear-platform tpm2_clear -c p
  refused changeeps tpm2_changeeps
  refused changepps tpm2_changepps
  # the banks the guest has now: were the TPM to obey, nothing would change
  banks=$(for b in $t/pcr-*; do [ -d "$b" ] && printf '%s:all+' "${b##*/pcr-}"; done)
  refused pcrallocate tpm2_pcrallocate "${banks%+}"
  refused setclock-platform tpm2_setclock -c p 100000000000
  refused pcrreset-17 tpm2_pcrreset 17
fi

# the TPM's view of the previous shutdown: Clock is "safe" only after an orderly one (TPM2_Shutdown),
# and the DA lockout counter counts an unorderly end of a cycle that used DA protection
if [ -c /dev/tpmrm0 ]; then
  say clock-safe "$(tpm2_readclock 2>/dev/null | sed -n 's/^ *safe: *//p')"
  say lockout-counter "$(tpm2_getcap properties-variable 2>/dev/null | sed -n 's/^TPM2_PT_LOCKOUT_COUNTER: *//p')"
fi

req=$(param ppi-request)
if [ -n "$req" ] && [ "$first" = yes ] && [ -w $t/ppi/request ]; then
  if err=$( (echo "$req" > $t/ppi/request) 2>&1 ); then submitted=ok
  else submitted=fail; fi
  say ppi-submit "$req" "$submitted"
  [ "$submitted" = ok ] || say ppi-submit-error "$(echo "$err" | tail -n 1 | cut -c1-200)"
  say ppi request-after "$(cat $t/ppi/request 2>/dev/null)"
  if [ "$submitted" = ok ] || { [ -n "$auth" ] && owner_set; }; then
    say end reboot
    sync
    reboot -f
  fi
fi
# jvtpm.power-button=wait: the ACPI power button (the FADT's fixed button, LNXPWRBN) reports
# KEY_POWER on its input device; the first event from it is the press
if [ "$(param power-button)" = wait ]; then
  mods=/lib/modules/$(uname -r)
  insmod $mods/evdev.ko 2>/dev/null
  insmod $mods/button.ko 2>/dev/null
  dev=
  for n in /sys/class/input/input*/name; do
    [ "$(cat "$n" 2>/dev/null)" = "Power Button" ] || continue
    for e in "${n%/name}"/event*; do [ -e "$e" ] && dev=/dev/input/${e##*/}; done
  done
  i=0
  while [ -n "$dev" ] && [ ! -c "$dev" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  if [ -n "$dev" ] && [ -c "$dev" ]; then
    say power-button waiting "$dev"
    dd if="$dev" of=/dev/null bs=24 count=1 2>/dev/null
    say power-button pressed
  else
    say power-button none "$(lsmod 2>/dev/null | tr '\n' ' ' | cut -c1-200)"
  fi
fi
say end poweroff
sync
poweroff -f
