#!/usr/bin/env bash
# systemd as a TPM client (Debian 12's systemd 252): systemd-cryptenroll enrolls a LUKS2 image file
# (cryptsetup-bin) against `jvtpm socket`, or swtpm with E2E_REFERENCE=swtpm, with a PCR 7 policy
# and then with a PIN, and systemd-cryptsetup unlocks it. systemd salts its sessions with an ECC
# primary it creates in the owner hierarchy, so this is also the ECC-salted session of a real client.
#
# The TPM is reached through the swtpm TCTI on a unix socket, `swtpm:path=SOCKET`: systemd-cryptsetup
# splits its options at commas, so `swtpm:host=...,port=...` cannot be passed to it.
# Limits of a container without device-mapper (no device-mapper in /proc/misc): `systemd-cryptsetup attach`
# unseals the key through the TPM and then cannot create the dm-crypt device, and libcryptsetup's
# token plugin (`cryptsetup open --token-only`) finds no TPM without /sys/class/tpmrm. There, the
# unlock is checked in two halves: systemd-cryptsetup's debug log shows the unseal completed (or the
# TPM's refusal), and the token's sealed object, unsealed with tpm2-tools the way systemd does (its
# ECC P-256 primary, PolicyPCR, PolicyAuthValue with SHA-256 of the PIN), gives the passphrase that
# opens the LUKS2 keyslot (`cryptsetup open --test-passphrase`, no dm needed). Where device-mapper
# exists, attach must succeed and the volume is detached again.
# systemd 252 leaves its objects and sessions loaded in the TPM when it exits (a resource manager
# cleans up after it on a real system): they are flushed after each systemd command here.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin systemd-cryptenroll
need systemd-cryptenroll:"Debian package systemd" cryptsetup:"Debian package cryptsetup-bin" \
  tpm2_unseal:"Debian package tpm2-tools" openssl xxd base64 timeout python3
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm
cryptsetup_attach=
for c in /lib/systemd/systemd-cryptsetup /usr/lib/systemd/systemd-cryptsetup; do
  [ -x "$c" ] && { cryptsetup_attach=$c; break; }
done
if [ -z "$cryptsetup_attach" ]; then
  [ "${CI:-}" = true ] && abort "peer systemd-cryptsetup missing (Debian package systemd)"
  skip "peer systemd-cryptsetup missing (Debian package systemd); with CI=true this is a failure"
  finish; exit 0
fi

tool_timeout=${E2E_TOOL_TIMEOUT:-60}
# tpm CMD...: CMD under the tool timeout
tpm() { timeout -k 5 "$tool_timeout" "$@"; }
# clean: the TPM's transient objects and sessions flushed (see the header)
clean() { local f; for f in -t -l -s; do tpm tpm2_flushcontext $f >/dev/null 2>&1 || true; done; }
q() { tpm "$@" >>"$work/steps.log" 2>&1 || echo "step failed: $*" >>"$work/steps.log"; }
# has_dm: the kernel offers device-mapper (libdevmapper makes /dev/mapper/control itself when it is
# missing, so the node alone says nothing)
has_dm() { grep -qw device-mapper /proc/misc 2>/dev/null; }

state="$work/state"
mkdir -p "$state"
tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
  --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init,startup-clear \
  --log "file=$work/server.log,level=1" || abort "the server runs"
tcti="swtpm:path=$work/tpm.sock"
export TPM2TOOLS_TCTI=$tcti
cd "$work"

img="$work/luks.img" volume="jvtpm-e2e-$$"
head -c 32 /dev/urandom >keyfile
chmod 600 keyfile
truncate -s 32M "$img"
check "cryptsetup luksFormat --type luks2 of a 32 MiB image file" \
  cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 "$img" keyfile
# PCR 7 extended first: systemd calls a policy on all-zero PCRs "effectively unenforced"
q tpm2_pcrextend 7:sha256=$(printf 'secure boot state' | openssl dgst -sha256 -r | cut -c1-64)

# enroll ARGS...: systemd-cryptenroll against the server (the unlock key file, replacing any TPM2
# token enrolled before)
enroll() {
  local rc=0
  tpm systemd-cryptenroll --tpm2-device="$tcti" --unlock-key-file=keyfile "$@" "$img" || rc=$?
  clean
  return $rc
}
# token FIELD: a field of the (one) systemd-tpm2 token's JSON
token() {
  local id; id=$(token_id)
  [ -n "$id" ] || { echo "no systemd-tpm2 token in the LUKS2 header" >&2; return 1; }
  tpm cryptsetup token export --token-id "$id" "$img" | python3 -c \
    'import json, sys; v = json.load(sys.stdin)[sys.argv[1]]; print(json.dumps(v) if not isinstance(v, str) else v)' "$1"
}
token_id() {
  cryptsetup luksDump "$img" | awk '/^Tokens:/ { t = 1; next } t && /^[^ \t]/ { exit }
    t && $2 == "systemd-tpm2" { sub(":", "", $1); print $1; exit }'
}
# attach [PIN]: systemd-cryptsetup attach with the TPM2 token (debug log in $work/attach.log); with
# device-mapper it must succeed (and the volume is closed again)
attach() {
  local rc=0
  PIN=${1:-} SYSTEMD_LOG_LEVEL=debug tpm "$cryptsetup_attach" attach "$volume" "$img" - \
    "tpm2-device=$tcti,headless=1" >"$work/attach.log" 2>&1 || rc=$?
  clean
  if has_dm && [ $rc -eq 0 ]; then "$cryptsetup_attach" detach "$volume" >/dev/null 2>&1 || true; fi
  return $rc
}
# t_unlocks [PIN]: the TPM unsealed the key for systemd-cryptsetup: with device-mapper the volume
# opened; without it the log shows the completed unseal and only the dm failure after it
t_unlocks() {
  local rc=0
  attach "${1:-}" || rc=$?
  grep -v 'Requesting JSON' "$work/attach.log" | grep -E 'TPM2|unseal|policy|ErrorCode|device-mapper|activate' | tail -n 12
  if has_dm; then return $rc; fi
  grep -q 'Completed TPM2 key unsealing' "$work/attach.log" && grep -q 'Cannot initialize device-mapper' "$work/attach.log"
}
# t_refused PATTERN [PIN]: systemd-cryptsetup did not get the key, and its log names PATTERN
t_refused() {
  local rc=0
  attach "${2:-}" || rc=$?
  grep -v 'Requesting JSON' "$work/attach.log" | grep -E 'TPM2|unseal|policy|ErrorCode' | tail -n 8
  [ $rc -ne 0 ] && ! grep -q 'Completed TPM2 key unsealing' "$work/attach.log" && grep -q "$1" "$work/attach.log"
}
# tpm_unseal OUT [PIN]: the token's sealed object unsealed with tpm2-tools as systemd 252 does:
# loaded under the ECC P-256 primary (owner hierarchy, AES-128-CFB) systemd creates, through a policy
# session with PolicyPCR(sha256:7) (and PolicyAuthValue, authValue SHA-256(PIN)); OUT is then the
# base64 passphrase systemd gives the keyslot
tpm_unseal() {
  local out=$1 pin=${2:-} auth= rc=0
  token tpm2-blob >blob.b64 && base64 -d blob.b64 >blob.bin || return 1
  python3 -c 'import sys; b = open("blob.bin", "rb").read(); n = int.from_bytes(b[:2], "big")
open("blob.priv", "wb").write(b[:2 + n]); open("blob.pub", "wb").write(b[2 + n:])'
  tpm tpm2_createprimary -C o -G ecc256:aes128cfb -c srk.ctx >/dev/null &&
    tpm tpm2_load -C srk.ctx -u blob.pub -r blob.priv -c sealed.ctx >/dev/null || { clean; return 1; }
  clean
  tpm tpm2_startauthsession --policy-session -S unseal.ctx
  tpm tpm2_policypcr -S unseal.ctx -l sha256:7 >/dev/null
  if [ -n "$pin" ]; then
    tpm tpm2_policyauthvalue -S unseal.ctx >/dev/null
    auth="+hex:$(printf '%s' "$pin" | openssl dgst -sha256 -r | cut -c1-64)"
  fi
  tpm tpm2_unseal -c sealed.ctx -p "session:unseal.ctx$auth" -o secret.bin || rc=$?
  clean
  [ $rc -eq 0 ] || return $rc
  base64 -w0 secret.bin >"$out"
}
# t_opens [PIN]: the passphrase unsealed by tpm2-tools opens the token's keyslot
t_opens() {
  tpm_unseal pass.txt "${1:-}" || return 1
  cryptsetup open --test-passphrase --key-file pass.txt --key-slot "$(token keyslots | tr -dc 0-9)" "$img"
}
# t_tpm_refuses RC [PIN]: the TPM refuses that unseal with response code RC
t_tpm_refuses() {
  local rc=0
  tpm_unseal pass.txt "${2:-}" >"$work/unseal.log" 2>&1 || rc=$?
  cat "$work/unseal.log"
  [ $rc -ne 0 ] && grep -qi "ErrorCode ($1)" "$work/unseal.log"
}

# ---- a PCR 7 policy
check "systemd-cryptenroll --tpm2-device=swtpm:path=... --tpm2-pcrs=7 enrolls a TPM2 token" enroll --tpm2-pcrs=7
t_token() {
  local pcrs alg pin
  pcrs=$(token tpm2-pcrs) alg=$(token tpm2-primary-alg) pin=$(token tpm2-pin 2>/dev/null || echo false)
  echo "tpm2-pcrs $pcrs, tpm2-primary-alg $alg, tpm2-pin $pin"
  [ "$pcrs" = "[7]" ] && [ "$alg" = ecc ] && [ "$pin" = false ]
}
check "the LUKS2 header holds a systemd-tpm2 token: PCR 7, ECC primary, no PIN" t_token
t_policy_hash() {
  local want got
  tpm tpm2_startauthsession -S trial.ctx && tpm tpm2_policypcr -S trial.ctx -l sha256:7 -L pcr7.policy >/dev/null
  tpm tpm2_flushcontext trial.ctx || true
  want=$(xxd -p pcr7.policy | tr -d '\n') got=$(token tpm2-policy-hash)
  echo "token policy hash $got, PolicyPCR(sha256:7) $want"
  [ -n "$want" ] && [ "$got" = "$want" ]
}
check "the token's policy hash is PolicyPCR(sha256:7) as tpm2-tools computes it" t_policy_hash
if has_dm; then what="opens the volume"; else what="unseals the key through the TPM (then stops at the missing device-mapper)"; fi
check "systemd-cryptsetup attach with tpm2-device=swtpm:path=... $what" t_unlocks
check "the sealed secret, unsealed with tpm2-tools under PolicyPCR, opens the LUKS2 keyslot" t_opens
q tpm2_pcrextend 7:sha256=$(printf 'another boot' | openssl dgst -sha256 -r | cut -c1-64)
check "after an extend of PCR 7 systemd-cryptsetup does not get the key (the policy digest differs)" \
  t_refused 'does not match stored policy digest'
check "after the extend the TPM refuses the unseal (TPM_RC_POLICY_FAIL)" t_tpm_refuses 0x0000099d

# ---- PCR 7 and a PIN
t_enroll_pin() { NEWPIN=2468 enroll --tpm2-pcrs=7 --tpm2-with-pin=yes --wipe-slot=tpm2; }
check "systemd-cryptenroll --tpm2-with-pin=yes (NEWPIN) replaces the token" t_enroll_pin
t_pin_token() {
  local n pin
  n=$(cryptsetup luksDump "$img" | grep -c 'systemd-tpm2' || true) pin=$(token tpm2-pin)
  echo "systemd-tpm2 tokens: $n, tpm2-pin $pin"
  [ "$n" = 1 ] && [ "$pin" = true ]
}
check "one systemd-tpm2 token, with tpm2-pin true" t_pin_token
check "systemd-cryptsetup attach with the PIN (\$PIN) $(has_dm && echo 'opens the volume' || echo 'unseals the key')" t_unlocks 2468
check "a wrong PIN: the TPM refuses systemd's session (TPM_RC_AUTH_FAIL)" t_refused 'ErrorCode (0x0000098e)' 1357
q tpm2_dictionarylockout -c
check "the secret unsealed with PolicyPCR + PolicyAuthValue (SHA-256 of the PIN) opens the keyslot" t_opens 2468
check "with a wrong PIN the TPM refuses the unseal (TPM_RC_AUTH_FAIL)" t_tpm_refuses 0x0000098e 1357
q tpm2_dictionarylockout -c

finish
