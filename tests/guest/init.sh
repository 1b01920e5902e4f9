#!/bin/sh
# /init of the jvtpm guest image. Checks the TPM the way a user would and prints one parseable
# line per fact: "@@JVTPM <key> <value...>". The kernel parameter jvtpm.test=NAME picks extra steps:
#   basic (default)   probe, sysfs, PCRs, event log, tpm2-tools through /dev/tpmrm0
#   ppi-request=N     also writes N to /sys/class/tpm/tpm0/ppi/request, then reboots
#   owner-auth=PW     also sets the owner authorization to PW (a later boot checks it is gone)
#   persist-make      also makes a key persistent at 0x81000010
#   persist-check     also checks that 0x81000010 is there
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
while [ ! -e /dev/tpm0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
say uptime-tpm0 "$(cut -d' ' -f1 /proc/uptime)"
for d in /dev/tpm0 /dev/tpmrm0; do
  if [ -c "$d" ]; then say dev "$d" yes; else say dev "$d" no; fi
done
t=/sys/class/tpm/tpm0
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
run() {
  name=$1; shift
  if out=$("$@" 2>&1); then say tool "$name" ok; else say tool "$name" fail "$(echo "$out" | tail -n 1)"; fi
}
if [ -c /dev/tpmrm0 ]; then
  cd /tmp
  run getrandom tpm2_getrandom -o rand.bin 32
  say getrandom-bytes "$(wc -c < rand.bin 2>/dev/null || echo 0)"
  run pcrread tpm2_pcrread sha256:0,1,2,3,4,5,6,7
  run createprimary tpm2_createprimary -C o -c primary.ctx
  run create tpm2_create -C primary.ctx -G rsa2048 -u key.pub -r key.priv
  run load tpm2_load -C primary.ctx -u key.pub -r key.priv -c key.ctx
  echo "signed by the jvtpm guest" > msg.txt
  run sign tpm2_sign -c key.ctx -g sha256 -o sig.bin msg.txt
  run verifysignature tpm2_verifysignature -c key.ctx -g sha256 -m msg.txt -s sig.bin
  run flush tpm2_flushcontext -t
  if auth=$(param owner-auth) && [ -n "$auth" ]; then
    run owner-auth tpm2_changeauth -c o "$auth"
  fi
  if tpm2_getcap properties-variable 2>/dev/null | grep -m1 'ownerAuthSet' | grep -q '1'; then
    say owner-auth-set yes
  else
    say owner-auth-set no
  fi
  case " $(cat /proc/cmdline) " in
    *" jvtpm.test=persist-make "*)
      run persist-make tpm2_evictcontrol -C o -c primary.ctx 0x81000010 ;;
  esac
  if tpm2_getcap handles-persistent 2>/dev/null | grep -qi '0x81000010'; then say persistent 0x81000010 yes; else say persistent 0x81000010 no; fi
fi

req=$(param ppi-request)
if [ -n "$req" ] && [ -w $t/ppi/request ]; then
  if echo "$req" > $t/ppi/request 2>/dev/null; then say ppi-submit "$req" ok; else say ppi-submit "$req" fail; fi
  say ppi request-after "$(cat $t/ppi/request 2>/dev/null)"
  say end reboot
  sync
  reboot -f
fi
say end poweroff
sync
poweroff -f
