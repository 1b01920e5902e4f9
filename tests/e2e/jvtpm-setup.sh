#!/usr/bin/env bash
# Provisioning as libvirt does it, with swtpm's tool names: bin/swtpm-compat first on PATH, so that
# `swtpm_setup`, `swtpm socket` and `swtpm_ioctl` run jvtpm (or, with E2E_REFERENCE=swtpm, swtpm's
# own swtpm_setup + swtpm_localca with a CA in the work directory). swtpm_setup with libvirt's flags
# leaves an RSA 2048 EK at 0x81010001 and an ECC P-384 EK at 0x81010016 whose certificates
# (tpm2_getekcertificate, tpm2_nvread 0x01C00002 / 0x01C00016) OpenSSL verifies against the CA and
# whose public keys equal tpm2_createek's and tpm2_readpublic's; a platform certificate at 0x01C08000;
# locked indices (NV_Write answers TPM_RC_NV_LOCKED); only the sha256 PCR bank active;
# --not-overwrite changes nothing; swtpm_ioctl -s stops the server. Every tool runs under a timeout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin jvtpm-setup
need tpm2_getekcertificate:"Debian package tpm2-tools" tpm2_createek tpm2_nvread tpm2_readpublic \
  swtpm_ioctl:"Debian package swtpm-tools" openssl timeout sha256sum
impl=$(tpm_impl)
if [ "$impl" = swtpm ]; then
  need swtpm swtpm_setup swtpm_localca
else
  need_jvtpm
  export PATH="$e2e_root/bin/swtpm-compat:$PATH"
fi
tpm() { timeout -k 5 "${E2E_TOOL_TIMEOUT:-60}" "$@"; }
cd "$work"
state="$work/state"
mkdir -p "$state"

check "swtpm_setup is $impl's (PATH)" bash -c \
  "[ \"$impl\" = swtpm ] || [ \"\$(command -v swtpm_setup)\" = \"$e2e_root/bin/swtpm-compat/swtpm_setup\" ]"
check "swtpm_setup --print-capabilities prints swtpm_setup's JSON with tpm-2.0" bash -c \
  'swtpm_setup --print-capabilities | grep -q "\"type\": *\"swtpm_setup\".*\"tpm-2.0\""'
check "swtpm socket --print-capabilities prints swtpm's JSON with tpm-2.0" bash -c \
  'swtpm socket --tpm2 --print-capabilities | grep -q "\"type\": *\"swtpm\".*\"tpm-2.0\""'

setup_args=(--tpm2 --tpm-state "$state" --vmid e2e-vm --logfile "$work/setup.log" --createek --create-ek-cert
  --create-platform-cert --lock-nvram --not-overwrite --pcr-banks sha256)
if [ "$impl" = swtpm ]; then
  # swtpm_localca with its CA in $work (it creates the root CA and the intermediate on first use)
  mkdir -p "$work/localca"
  printf 'statedir = %s\nsigningkey = %s\nissuercert = %s\ncertserial = %s\n' "$work/localca" \
    "$work/localca/signkey.pem" "$work/localca/issuercert.pem" "$work/localca/certserial" >"$work/localca.conf"
  printf -- '--platform-manufacturer jvtpm-e2e\n--platform-version 2.1\n--platform-model QEMU\n' >"$work/localca.options"
  printf 'create_certs_tool = %s\ncreate_certs_tool_config = %s\ncreate_certs_tool_options = %s\n' \
    "$(command -v swtpm_localca)" "$work/localca.conf" "$work/localca.options" >"$work/setup.conf"
  setup_args+=(--config "$work/setup.conf")
  ca_args=(-CAfile "$work/localca/swtpm-localca-rootca-cert.pem" -untrusted "$work/localca/issuercert.pem")
else
  ca_args=(-CAfile "$state/jvtpm-localca/issuer-cert.pem")
fi
check "swtpm_setup with libvirt's flags" tpm swtpm_setup "${setup_args[@]}"
[ "$impl" = swtpm ] || check "the CA it created is named in its log" grep -q "jvtpm-localca" "$work/setup.log"
sums() { (cd "$state" && find . -type f ! -name .lock ! -path './jvtpm-localca/*' | sort | xargs sha256sum); }
sums >"$work/before.sum"
check "swtpm_setup --not-overwrite again" tpm swtpm_setup "${setup_args[@]}"
sums >"$work/after.sum"
check "--not-overwrite left the state as it was" cmp "$work/before.sum" "$work/after.sum"
if [ "$impl" = jvtpm ]; then
  check "a bad flag is one line" bash -c \
    "out=\$(swtpm_setup --tpm2 --tpm-state $(printf '%q' "$state") --pcr-banks md5 2>&1); [ \$? -ne 0 ] || exit 1; [ \$(printf '%s\n' \"\$out\" | wc -l) = 1 ] && echo \"\$out\""
  check "swtpm socket --key is refused in one line" bash -c \
    "out=\$(swtpm socket --tpm2 --tpmstate dir=$(printf '%q' "$state") --ctrl type=unixio,path=$work/x --key pwdfd=3 2>&1); [ \$? -ne 0 ] && [ \$(printf '%s\n' \"\$out\" | wc -l) = 1 ] && echo \"\$out\" | grep -q 'not supported'"
fi

# ---- the server as libvirt starts it (plus a data socket for tpm2-tools)
tpm_server server swtpm --tpm2 --tpmstate "dir=$state,mode=0600" --server "type=unixio,path=$work/tpm.sock" \
  --ctrl "type=unixio,path=$work/tpm.sock.ctrl,mode=0600" --flags not-need-init,startup-clear \
  --log "file=$work/server.log,level=1" || abort "swtpm socket ($impl) runs on the provisioned state"
server_pid=$SERVER_PID
export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"

pem_of_der() { openssl x509 -inform der -in "$1" -out "$2"; }
# same_key WHAT CERT PUBKEY: PASS when the certificate's public key is PUBKEY (both read by openssl)
same_key() {
  local a b
  a=$(openssl x509 -in "$2" -pubkey -noout 2>/dev/null) || { fail "$1 (no certificate $2)"; return 0; }
  b=$(openssl pkey -pubin -in "$3" 2>/dev/null) || { fail "$1 (no public key $3)"; return 0; }
  if [ -n "$a" ] && [ "$a" = "$b" ]; then pass "$1"; else fail "$1 (the keys differ)"; fi
}

check "tpm2_getekcertificate reads the RSA EK certificate" tpm tpm2_getekcertificate -o "$work/getek.der"
check "tpm2_nvread 0x01C00002 (RSA EK certificate)" tpm tpm2_nvread 0x01C00002 -C o -o "$work/rsa.der"
check "tpm2_getekcertificate and tpm2_nvread give the same bytes" cmp "$work/getek.der" "$work/rsa.der"
check "tpm2_nvread 0x01C00016 (ECC P-384 EK certificate)" tpm tpm2_nvread 0x01C00016 -C o -o "$work/ecc.der"
check "tpm2_nvread 0x01C08000 (platform certificate)" tpm tpm2_nvread 0x01C08000 -C o -o "$work/platform.der"
for c in rsa ecc platform; do
  pem_of_der "$work/$c.der" "$work/$c.pem" 2>/dev/null || true
  check "openssl verify of the $c certificate against the CA" openssl verify "${ca_args[@]}" "$work/$c.pem"
done
check "tpm2_createek -G rsa" tpm tpm2_createek -c "$work/ek.ctx" -G rsa -u "$work/createek.pem" -f pem
same_key "the RSA EK certificate's key is tpm2_createek's" "$work/rsa.pem" "$work/createek.pem"
check "tpm2_readpublic 0x81010001" tpm tpm2_readpublic -c 0x81010001 -f pem -o "$work/rsa-ek.pem"
check "tpm2_readpublic 0x81010016" tpm tpm2_readpublic -c 0x81010016 -f pem -o "$work/ecc-ek.pem"
same_key "the RSA EK at 0x81010001 is the certificate's key" "$work/rsa.pem" "$work/rsa-ek.pem"
same_key "the ECC P-384 EK at 0x81010016 is the certificate's key" "$work/ecc.pem" "$work/ecc-ek.pem"
check "the ECC EK is on P-384" bash -c "openssl pkey -pubin -in $(printf '%q' "$work/ecc-ek.pem") -text -noout | grep -q 'NIST CURVE: P-384'"
attrs=$(tpm tpm2_nvreadpublic 0x01C00002 2>/dev/null | sed -n '/attributes:/{n;s/^ *friendly: *//p}' || true)
if [[ "|$attrs|" == *"|platformcreate|"* && "|$attrs|" == *"|writelocked|"* && "|$attrs|" == *"|writedefine|"* ]]; then
  pass "0x01C00002 is platformcreate, writedefine and write-locked ($attrs)"
else
  fail "0x01C00002 is platformcreate, writedefine and write-locked (attributes: '$attrs')"
fi
head -c 4 /dev/zero >"$work/zero.bin"
if tpm tpm2_nvwrite 0x01C00002 -C p -i "$work/zero.bin" >"$work/nvwrite.log" 2>&1; then
  fail "NV_Write to the locked EK certificate is refused (accepted)"
elif grep -qi "0x148\|ErrorCode (0x00000148)" "$work/nvwrite.log"; then
  pass "NV_Write to the locked EK certificate is refused (TPM_RC_NV_LOCKED)"
else
  fail "NV_Write to the locked EK certificate is refused (expected 0x148)"; tail -n 4 "$work/nvwrite.log"
fi
tpm tpm2_getcap pcrs >"$work/pcrs.txt" 2>&1 || true
check "only the sha256 PCR bank is active" bash -c \
  "grep -q 'sha256: \[ 0,' $(printf '%q' "$work/pcrs.txt") && ! grep -v 'sha256' $(printf '%q' "$work/pcrs.txt") | grep -q '\[ [0-9]'"

# ---- swtpm_ioctl stops the server (as libvirt does)
check "swtpm_ioctl -s" tpm swtpm_ioctl --unix "$work/tpm.sock.ctrl" -s
for i in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then fail "the server stopped after swtpm_ioctl -s"; else pass "the server stopped after swtpm_ioctl -s"; fi
finish
