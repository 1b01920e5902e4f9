#!/usr/bin/env bash
# Rewrites examples/src/main/cds/jvtpm.classlist, the classes bin/jvtpm puts in its class-data
# sharing archive (JDK CDS: parsed and verified once, mapped by every later start). The list is
# what the JVM loads while `jvtpm boot` starts a guest with TIS and with CRB from the kernel cache
# (to the first vCPU exits; /dev/kvm needed), while `jvtpm acpi` writes the tables of each TPM interface and PPI mode,
# and while `jvtpm socket` serves tpm2-tools a few key and PCR commands.
# A class missing from the list still loads, only without the archive's head start.
#   usage: scripts/cds-classlist.sh [BZIMAGE [INITRD]]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
root=$e2e_root
out="$root/examples/src/main/cds/jvtpm.classlist"
kernel=${1:-$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)}
[ -n "$kernel" ] || { echo "cds-classlist: no kernel given and none in /boot" >&2; exit 2; }
[ -c /dev/kvm ] || { echo "cds-classlist: /dev/kvm is needed for the boot runs" >&2; exit 2; }
command -v tpm2_startup >/dev/null || { echo "cds-classlist: tpm2-tools are needed" >&2; exit 2; }
e2e_begin cds-classlist
cd "$root"
mvn -q -o install -DskipTests
rm -f examples/target/jvtpm.jsa
initrd=${2:-}
if [ -z "$initrd" ]; then
  scripts/build-initramfs.sh "$work/guest.cpio.gz" >/dev/null
  initrd="$work/guest.cpio.gz"
fi
# the boot runs take the kernel cache's path (a decompressed kernel loaded as an ELF file)
bin/jvtpm kernel-cache --kernel "$kernel" --dir "$work/kernels" > /dev/null
n=0
record() { n=$((n + 1)); JVTPM_CDS=0 JVTPM_JAVA_OPTS="-XX:DumpLoadedClassList=$work/list.$n" "$@" || true; }
for run in "tis memory" "crb smi"; do
  set -- $run
  record timeout 15 bin/jvtpm boot --kernel "$kernel" --initrd "$initrd" --tpm "$1" --ppi "$2" \
    --kernel-cache "$work/kernels" --append "console=ttyS0 quiet" < /dev/null > /dev/null 2>&1
done
for tpm in tis crb; do
  for ppi in memory smi; do
    record bin/jvtpm acpi --tpm "$tpm" --ppi "$ppi" --out "$work/acpi-$tpm-$ppi" > /dev/null 2>&1
  done
done
mkdir -p "$work/state"
n=$((n + 1))
JVTPM_CDS=0 JVTPM_JAVA_OPTS="-XX:DumpLoadedClassList=$work/list.$n" tpm_server socket jvtpm --tpm2 \
  --tpmstate "dir=$work/state" --server "type=unixio,path=$work/tpm.sock" --ctrl "type=unixio,path=$work/tpm.sock.ctrl" \
  --flags not-need-init,startup-clear || { echo "cds-classlist: jvtpm socket did not start" >&2; exit 1; }
export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"
( cd "$work" && tpm2_getrandom 16 > /dev/null && tpm2_pcrextend 16:sha256=$(printf '%064d' 1) \
  && tpm2_pcrread sha256:16 > /dev/null && tpm2_createprimary -C o -c p.ctx > /dev/null && tpm2_flushcontext -t \
  && tpm2_create -C p.ctx -u k.pub -r k.priv > /dev/null && tpm2_flushcontext -t \
  && tpm2_load -C p.ctx -u k.pub -r k.priv -c k.ctx > /dev/null && tpm2_flushcontext -t \
  && echo data > d && tpm2_sign -c k.ctx -g sha256 -o s d > /dev/null ) || echo "cds-classlist: a tpm2 tool failed" >&2
server_stop "$SERVER_PID"
mkdir -p "$(dirname "$out")"
# one line per class or lambda, first-seen order kept (a class is listed after what it needs)
cat "$work"/list.* | awk '!seen[$0]++' > "$out"
echo "cds-classlist: wrote $out ($(wc -l < "$out") lines)"
