#!/usr/bin/env bash
# Authorization with tpm2-tools 5.4 against `jvtpm socket` (swtpm protocol on unix sockets, TCTI
# swtpm:path=...), or against swtpm with E2E_REFERENCE=swtpm: sessions salted with an ECC and an
# RSA key; GetRandom and Unseal through an encrypting session with AES-CFB (tpm2-tools) and XOR
# (tests/e2e/lib/xor_session.py, which checks the response HMACs), and Create through a decrypting
# one (AES-CFB), the bytes that crossed the socket recorded by a relay (tests/e2e/lib/wire_relay.py)
# and searched for the plaintext, which the same commands without encryption do show; PCR-policy
# sealing that unseals before and refuses after an extend (TPM_RC_PCR_CHANGED for a session that saw
# the old value); PolicyOR; PolicyAuthorize of a policy signed by an OpenSSL key with
# tpm2_verifysignature's ticket; PolicySigned and its ticket through PolicyTicket; PolicyCpHash, PolicyNameHash, PolicyLocality, PolicyCounterTimer,
# PolicyDuplicationSelect with tpm2_duplicate and tpm2_import, PolicyTemplate under the owner's
# primary policy, PolicyNV, PolicyAuthorizeNV; the TCG EK templates, low range and high range
# (tpm2_createek ecc384, rsa3072, ecc521), each authPolicy recomputed from its parts and the EK used
# as a parent through the policy sessions it needs; command and session audit digests recomputed
# here from the commands' parameters and the attestation signatures verified by OpenSSL. Response
# codes are libtpms's (swtpm answers the same). Every tool runs under a timeout (E2E_TOOL_TIMEOUT
# seconds, 60 by default).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin tpm2-tools-auth
need tpm2_policyauthorizenv:"Debian package tpm2-tools" tpm2_policytemplate:"Debian package tpm2-tools" \
  openssl xxd timeout python3
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

lib="$e2e_root/tests/e2e/lib"
tool_timeout=${E2E_TOOL_TIMEOUT:-60}
# tpm CMD...: CMD under the tool timeout, then the transient objects flushed (the TPM has three
# object slots and no resource manager; tpm2-tools keeps every object it needs in a context file)
tpm() {
  local rc=0
  timeout -k 5 "$tool_timeout" "$@" || rc=$?
  timeout -k 5 "$tool_timeout" tpm2_flushcontext -t >/dev/null 2>&1 || true
  return $rc
}
# refuses WHAT RC CMD...: CMD (under the timeout) fails with TPM response code RC
refuses() { refuses_with "$1" "$2" tpm "${@:3}"; }
# gives WHAT FILE CMD...: PASS when CMD succeeds and writes exactly the bytes of FILE to stdout
gives() {
  local what=$1 want=$2; shift 2
  if ! tpm "$@" >"$work/out.bin" 2>"$work/check.log"; then
    fail "$what"; sed 's/^/    /' "$work/check.log" | tail -n 8
  elif cmp -s "$work/out.bin" "$want"; then
    pass "$what"
  else
    fail "$what (got $(xxd -p "$work/out.bin" | tr -d '\n' | cut -c1-80), expected $(xxd -p "$want" | tr -d '\n'))"
  fi
}
# q CMD...: a preparation step; its failure is logged (and sets q_failed; q_last names the first
# failure since q_failed was cleared) and shows in the checks that depend on it
q() {
  if ! tpm "$@" >"$work/step.log" 2>&1; then
    [ "${q_failed:-0}" = 1 ] || q_last="$1: $(grep -m1 -o 'ErrorCode (0x[0-9a-f]*)' "$work/step.log" || tail -n 1 "$work/step.log")"
    q_failed=1
    echo "step failed: $*" >>"$work/steps.log"
  fi
  cat "$work/step.log" >>"$work/steps.log"
}
hexof() { xxd -p "$1" | tr -d '\n'; }
sha() { openssl dgst "-$1" -binary; }
# sign KEY SIG FILE: SIG is KEY's RSASSA-SHA256 signature (OpenSSL) over FILE; a failure is logged
sign() { openssl dgst -sha256 -sign "$1" -out "$2" "$3" >>"$work/steps.log" 2>&1 || echo "step failed: sign $3" >>"$work/steps.log"; }
# hash_files OUT FILE...: OUT is SHA-256 of the FILEs one after the other; a failure is logged
hash_files() { local out=$1; shift; cat "$@" 2>>"$work/steps.log" | sha sha256 >"$out" || echo "step failed: hash $*" >>"$work/steps.log"; }
# trial FILE [-g ALG] CMD...: a trial session (SHA-256 or ALG) running the policy commands, each given
# as one string ("policypcr -l sha256:23"), the digest written to FILE. When a command fails, FILE
# is removed: the checks that use it fail rather than pass on a shorter policy.
trial() {
  local file=$1 alg=sha256 c; shift
  if [ "$1" = -g ]; then alg=$2; shift 2; fi
  q_failed=0
  q tpm2_startauthsession -g "$alg" -S "$work/trial.ctx"
  for c in "$@"; do eval "q tpm2_$c -S \"\$work/trial.ctx\" -L \"$file\""; done
  [ "$q_failed" = 0 ] || { rm -f "$file"; info "no policy $(basename "$file"): $q_last"; }
  q tpm2_flushcontext "$work/trial.ctx"
}
# policy_session NAME [-g ALG] CMD...: a policy session NAME.ctx with the policy commands run in it;
# when one fails, the session is flushed and NAME.ctx removed (so no check passes on it)
policy_session() {
  local name=$1 c; shift
  local alg=sha256
  if [ "$1" = -g ]; then alg=$2; shift 2; fi
  q_failed=0
  q tpm2_startauthsession --policy-session -g "$alg" -S "$name.ctx"
  for c in "$@"; do eval "q tpm2_$c -S \"$name.ctx\""; done
  if [ "$q_failed" != 0 ]; then
    info "no policy session $name: $q_last"
    q tpm2_flushcontext "$name.ctx"; rm -f "$name.ctx"
  fi
}
done_session() { q tpm2_flushcontext "$1.ctx"; }
# seal NAME ARGS...: secret.dat sealed under prim.ctx (tpm2_create ARGS, e.g. -L POLICY), loaded as NAME.ctx
seal() {
  local name=$1; shift
  q tpm2_create -C prim.ctx -i secret.dat -u "$name.pub" -r "$name.priv" "$@"
  q tpm2_load -C prim.ctx -u "$name.pub" -r "$name.priv" -c "$name.ctx"
}
# unseals WHAT NAME SESSION [+AUTH]: tpm2_unseal of NAME.ctx through SESSION.ctx gives secret.dat;
# the session is flushed after
unseals() {
  gives "$1" secret.dat tpm2_unseal -c "$2.ctx" -p "session:$3.ctx${4:-}"
  done_session "$3"
}

state="$work/state"
mkdir -p "$state"
tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
  --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init,startup-clear \
  --log "file=$work/server.log,level=1" || abort "the server runs"
export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"

# the relay between the tools and the server: what the server sends is appended to $work/wire.rsp,
# what the client sends to $work/wire.cmd
python3 "$lib/wire_relay.py" "$work/relay.sock" "$work/tpm.sock" "$work/wire" >"$work/relay.out" 2>&1 &
relay_pid=$!
stop_relay() { kill "$relay_pid" 2>/dev/null || true; }
at_exit stop_relay
for _ in $(seq 1 100); do [ -S "$work/relay.sock.ctrl" ] && break; sleep 0.1; done
[ -S "$work/relay.sock.ctrl" ] || abort "the wire relay listens: $(cat "$work/relay.out")"
touch "$work/wire.rsp" "$work/wire.cmd"
# wire CMD...: CMD through the relay (stdout to $work/out.bin); what the server sent during CMD
# goes to $work/wire.last, what the client sent to $work/wire.cmd.last
wire() {
  local before before_cmd rc=0
  before=$(stat -c %s "$work/wire.rsp") before_cmd=$(stat -c %s "$work/wire.cmd")
  TPM2TOOLS_TCTI="swtpm:path=$work/relay.sock" tpm "$@" >"$work/out.bin" 2>"$work/check.log" || rc=$?
  tail -c +$((before + 1)) "$work/wire.rsp" >"$work/wire.last"
  tail -c +$((before_cmd + 1)) "$work/wire.cmd" >"$work/wire.cmd.last"
  return $rc
}
# in_command WHAT SHOWN CMD...: CMD through the relay succeeds; SHOWN yes: secret.dat's bytes are in
# what the client sent, no: they are not
in_command() {
  local what=$1 shown=$2 seen=no; shift 2
  if ! wire "$@"; then fail "$what"; sed 's/^/    /' "$work/check.log" | tail -n 8; return 0; fi
  [[ "$(hexof "$work/wire.cmd.last")" == *"$(hexof secret.dat)"* ]] && seen=yes
  if [ "$seen" = "$shown" ]; then pass "$what"
  else fail "$what (the secret is$([ $seen = yes ] || echo ' not') in the $(stat -c %s "$work/wire.cmd.last") bytes the client sent)"; fi
}
# on_wire WHAT PLAIN SHOWN CMD...: CMD through the relay writes PLAIN's bytes (or, with PLAIN "-",
# any bytes) to stdout; SHOWN yes: those bytes are in what the server sent, no: they are not
on_wire() {
  local what=$1 plain=$2 shown=$3 got seen; shift 3
  if ! wire "$@"; then fail "$what"; sed 's/^/    /' "$work/check.log" | tail -n 8; return 0; fi
  got=$(hexof "$work/out.bin")
  if [ "$plain" != - ] && [ "$got" != "$(hexof "$plain")" ]; then
    fail "$what (got ${got:-nothing}, expected $(hexof "$plain"))"; return 0
  fi
  [ ${#got} -ge 32 ] || { fail "$what (only ${#got} hex digits of output)"; return 0; }
  seen=no
  [[ "$(hexof "$work/wire.last")" == *"$got"* ]] && seen=yes
  if [ "$seen" = "$shown" ]; then pass "$what"
  else fail "$what (the plaintext is$([ $seen = yes ] || echo ' not') in the $(stat -c %s "$work/wire.last") bytes the server sent)"; fi
}

cd "$work"
printf 'the sealed secret, 32 bytes long' >secret.dat
q tpm2_createprimary -C o -c prim.ctx

# ---- salted sessions, and parameter encryption seen on the wire
check "tpm2_createprimary: an ECC P-256 storage key for salting" tpm tpm2_createprimary -C o -G ecc256 -c ecc.ctx
check "tpm2_createprimary: an RSA-2048 storage key for salting" tpm tpm2_createprimary -C o -G rsa2048 -c rsa.ctx
seal seal -p sealpw
on_wire "control: tpm2_unseal without a session shows the secret on the wire" secret.dat yes \
  tpm2_unseal -c seal.ctx -p sealpw
on_wire "control: tpm2_getrandom without a session shows its bytes on the wire" - yes tpm2_getrandom 32
in_command "control: tpm2_create without a session shows the data to seal on the wire" yes \
  tpm2_create -C prim.ctx -i secret.dat -u wire.pub -r wire.priv
for k in ecc rsa; do
  K=$(echo $k | tr a-z A-Z)
  check "tpm2_startauthsession --hmac-session salted with the $K key" \
    tpm tpm2_startauthsession --hmac-session -c $k.ctx -S $k-salted.ctx
  q tpm2_sessionconfig $k-salted.ctx --enable-encrypt
  on_wire "tpm2_unseal through the $K-salted session with AES-CFB response encryption: the secret is not on the wire" \
    secret.dat no tpm2_unseal -c seal.ctx -p "session:$k-salted.ctx+sealpw"
  on_wire "tpm2_getrandom through the $K-salted session with AES-CFB: its bytes are not on the wire" \
    - no tpm2_getrandom 32 -S $k-salted.ctx
  q tpm2_sessionconfig $k-salted.ctx --disable-encrypt --enable-decrypt
  in_command "tpm2_create through the $K-salted session with AES-CFB command encryption: the data to seal is not on the wire" \
    no tpm2_create -C prim.ctx -P session:$k-salted.ctx -i secret.dat -u wire.pub -r wire.priv
  q tpm2_flushcontext $k-salted.ctx
done
check "tpm2_startauthsession salted (ECC) and bound to the sealed object" \
  tpm tpm2_startauthsession --hmac-session --tpmkey-context ecc.ctx --bind-context seal.ctx --bind-auth sealpw -S bound.ctx
q tpm2_sessionconfig bound.ctx --enable-encrypt
on_wire "tpm2_unseal through the salted bound session (AES-CFB): the secret is not on the wire" \
  secret.dat no tpm2_unseal -c seal.ctx -p "session:bound.ctx+sealpw"
q tpm2_flushcontext bound.ctx
# XOR: the sealed object made persistent for the Python client, which unmasks what it reads
q tpm2_evictcontrol -C o -c seal.ctx 0x81000100
name=$(tpm tpm2_readpublic -c 0x81000100 2>/dev/null | sed -n 's/^name: //p' || true)
t_xor() {
  local before
  before=$(stat -c %s "$work/wire.rsp")
  python3 "$lib/xor_session.py" "$work/relay.sock" 0x81000100 "$name" sealpw >xor.out || return 1
  tail -c +$((before + 1)) "$work/wire.rsp" >"$work/wire.last"
  cat xor.out
  xor_random=$(sed -n 's/^random //p' xor.out)
  [ "$(sed -n 's/^unseal //p' xor.out)" = "$(hexof secret.dat)" ]
}
check "XOR parameter encryption (Python client): Unseal through a bound session, response HMACs verified, the secret unmasked" t_xor
t_xor_wire() {
  local w; w=$(hexof "$work/wire.last")
  echo "server sent ${#w} hex digits"
  [ ${#w} -gt 0 ] && [[ "$w" != *"$(hexof secret.dat)"* ]] && [ -n "${xor_random:-}" ] && [[ "$w" != *"$xor_random"* ]]
}
check "XOR: neither the unsealed secret nor GetRandom's bytes are on the wire" t_xor_wire
q tpm2_evictcontrol -C o -c 0x81000100

# ---- PCR policy: unseals before an extend, refuses after. PCR 10: an extend of it counts in
# pcrUpdateCounter (libtpms leaves PCR 16 and 23 out of the count)
trial pcr.policy "policypcr -l sha256:10"
seal pcr -L pcr.policy
policy_session pcr1 "policypcr -l sha256:10"
unseals "PolicyPCR: tpm2_unseal of the object sealed to PCR 10" pcr pcr1
policy_session stale "policypcr -l sha256:10"
policy_session stale2 "policypcr -l sha256:10"
check "tpm2_pcrextend 10" tpm tpm2_pcrextend 10:sha256=$(printf 'measurement' | sha sha256 | xxd -p -c 64)
refuses "PolicyPCR again in a session that ran it before the extend (TPM_RC_PCR_CHANGED)" 0x00000128 \
  tpm2_policypcr -S stale.ctx -l sha256:10
done_session stale
refuses "tpm2_unseal with a session that ran PolicyPCR before the extend (TPM_RC_PCR_CHANGED)" 0x00000128 \
  tpm2_unseal -c pcr.ctx -p session:stale2.ctx
done_session stale2
policy_session pcr2 "policypcr -l sha256:10"
refuses "PolicyPCR after the extend: tpm2_unseal refused (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_unseal -c pcr.ctx -p session:pcr2.ctx
done_session pcr2

# ---- PolicyOR: PolicyPCR or PolicyAuthValue
trial or-a.policy "policypcr -l sha256:23"
trial or-b.policy "policyauthvalue"
trial or.policy "policyor -l sha256:or-a.policy,or-b.policy"
seal or -p orpw -L or.policy
policy_session or1 "policypcr -l sha256:23" "policyor -l sha256:or-a.policy,or-b.policy"
unseals "PolicyOR, the PolicyPCR branch: tpm2_unseal" or or1
policy_session or2 "policyauthvalue" "policyor -l sha256:or-a.policy,or-b.policy"
unseals "PolicyOR, the PolicyAuthValue branch: tpm2_unseal with the password" or or2 +orpw
q tpm2_startauthsession --policy-session -S or3.ctx
q tpm2_policycommandcode -S or3.ctx TPM2_CC_Unseal
refuses "PolicyOR from a digest in none of its branches (TPM_RC_VALUE)" 0x000001c4 \
  tpm2_policyor -S or3.ctx -l sha256:or-a.policy,or-b.policy
done_session or3

# ---- PolicyAuthorize: a PCR policy signed by an OpenSSL key, tpm2_verifysignature's ticket
openssl genrsa -out authority.pem 2048 2>/dev/null
openssl rsa -in authority.pem -pubout -out authority.pub.pem 2>/dev/null
openssl genrsa -out other.pem 2048 2>/dev/null
q tpm2_loadexternal -C o -G rsa -u authority.pub.pem -c authority.ctx -n authority.name
trial authorized.policy "policyauthorize -n authority.name -i /dev/null"
seal auth -L authorized.policy
trial pcrnow.policy "policypcr -l sha256:23"
sign authority.pem pcrnow.sig pcrnow.policy
check "tpm2_verifysignature of the OpenSSL signature over the approved policy gives a TPMT_TK_VERIFIED" \
  tpm tpm2_verifysignature -c authority.ctx -g sha256 -m pcrnow.policy -s pcrnow.sig -f rsassa -t pcrnow.tkt
sign other.pem forged.sig pcrnow.policy
refuses "tpm2_verifysignature of a signature by another key (TPM_RC_SIGNATURE)" 0x000002db \
  tpm2_verifysignature -c authority.ctx -g sha256 -m pcrnow.policy -s forged.sig -f rsassa -t forged.tkt
policy_session az1 "policypcr -l sha256:23" "policyauthorize -i pcrnow.policy -n authority.name -t pcrnow.tkt"
unseals "PolicyAuthorize of the signed PCR policy: tpm2_unseal" auth az1
trial cc.policy "policycommandcode TPM2_CC_Unseal"
q tpm2_startauthsession --policy-session -S az2.ctx
q tpm2_policycommandcode -S az2.ctx TPM2_CC_Unseal
refuses "PolicyAuthorize with the ticket of another policy (TPM_RC_VALUE, checkTicket)" 0x000004c4 \
  tpm2_policyauthorize -S az2.ctx -i cc.policy -n authority.name -t pcrnow.tkt
done_session az2
q tpm2_pcrextend 23:sha256=$(printf 'second' | sha sha256 | xxd -p -c 64)
policy_session az3 "policypcr -l sha256:23"
refuses "after an extend the old approved policy does not match (PolicyAuthorize: TPM_RC_VALUE)" 0x000001c4 \
  tpm2_policyauthorize -S az3.ctx -i pcrnow.policy -n authority.name -t pcrnow.tkt
done_session az3
trial pcrnew.policy "policypcr -l sha256:23"
sign authority.pem pcrnew.sig pcrnew.policy
q tpm2_verifysignature -c authority.ctx -g sha256 -m pcrnew.policy -s pcrnew.sig -f rsassa -t pcrnew.tkt
policy_session az4 "policypcr -l sha256:23" "policyauthorize -i pcrnew.policy -n authority.name -t pcrnew.tkt"
unseals "a newly signed PCR policy unseals the same object (no reseal)" auth az4

# ---- PolicySigned and PolicyTicket
printf '00000000' | xxd -r -p >zero.raw
sign authority.pem zero.sig zero.raw
trial signed.policy "policysigned -g sha256 -s zero.sig -f rsassa -c authority.ctx"
seal signed -L signed.policy
# tpm2_policysigned --raw-data writes what the authority signs: nonceTPM || expiration
q tpm2_startauthsession --policy-session -S ps.ctx
q tpm2_policysigned -S ps.ctx -g sha256 -c authority.ctx -x -t -500 --raw-data ps.raw
sign authority.pem ps.sig ps.raw
check "tpm2_policysigned over nonceTPM and an expiration of -500 s, returning a ticket" \
  tpm tpm2_policysigned -S ps.ctx -g sha256 -s ps.sig -f rsassa -c authority.ctx -x -t -500 \
  --ticket ps.tkt --timeout ps.timeout
unseals "PolicySigned: tpm2_unseal" signed ps
policy_session pt "policyticket -n authority.name --ticket ps.tkt --timeout ps.timeout"
unseals "PolicyTicket with PolicySigned's ticket: tpm2_unseal" signed pt
q tpm2_startauthsession --policy-session -S ps2.ctx
refuses "PolicySigned with the signature over another session's nonceTPM (TPM_RC_SIGNATURE, auth)" 0x000005db \
  tpm2_policysigned -S ps2.ctx -g sha256 -s ps.sig -f rsassa -c authority.ctx -x -t -500
done_session ps2

# ---- PolicyCpHash (PolicyAuthorize-d): one NV_SetBits parameter value only
cpx=0x01500100
q tpm2_nvdefine $cpx -C o -a "policywrite|authwrite|ownerread|nt=bits" -L authorized.policy
q tpm2_nvsetbits $cpx -i 1 --cphash cp1.hash
trial cphash.policy "policycphash --cphash cp1.hash"
sign authority.pem cphash.sig cphash.policy
q tpm2_verifysignature -c authority.ctx -g sha256 -m cphash.policy -s cphash.sig -f rsassa -t cphash.tkt
policy_session cp1 "policycphash --cphash cp1.hash" "policyauthorize -i cphash.policy -n authority.name -t cphash.tkt"
check "PolicyCpHash: tpm2_nvsetbits with the approved parameters" tpm tpm2_nvsetbits $cpx -i 1 -P session:cp1.ctx
done_session cp1
policy_session cp2 "policycphash --cphash cp1.hash" "policyauthorize -i cphash.policy -n authority.name -t cphash.tkt"
refuses "PolicyCpHash: tpm2_nvsetbits with other parameters (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_nvsetbits $cpx -i 2 -P session:cp2.ctx
done_session cp2
printf '0000000000000001' | xxd -r -p >bits1.bin
gives "the index holds the bits set under the policy" bits1.bin tpm2_nvread $cpx -C o

# ---- PolicyNameHash (PolicyAuthorize-d) with tpm2_duplicate: one object to one new parent
trial dupauth.policy "policyauthorize -n authority.name -i /dev/null" "policycommandcode TPM2_CC_Duplicate"
q tpm2_create -C prim.ctx -G rsa -u dup.pub -r dup.priv -L dupauth.policy -a "sensitivedataorigin|sign|decrypt"
q tpm2_load -C prim.ctx -u dup.pub -r dup.priv -c dup.ctx -n dup.name
q tpm2_create -C prim.ctx -G rsa -u np.pub -r np.priv -a "decrypt|fixedparent|fixedtpm|restricted|sensitivedataorigin|userwithauth"
q tpm2_loadexternal -C o -u np.pub -c np.ctx -n np.name
q tpm2_createprimary -C o -G rsa -c other-parent.ctx
q tpm2_readpublic -c other-parent.ctx -n other-parent.name
hash_files names.hash dup.name np.name
trial namehash.policy "policynamehash -n names.hash"
sign authority.pem namehash.sig namehash.policy
q tpm2_verifysignature -c authority.ctx -g sha256 -m namehash.policy -s namehash.sig -f rsassa -t namehash.tkt
nh_session() {
  policy_session nh "policynamehash -n names.hash" \
    "policyauthorize -i namehash.policy -n authority.name -t namehash.tkt" "policycommandcode TPM2_CC_Duplicate"
}
nh_session
refuses "PolicyNameHash: tpm2_duplicate to another new parent (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_duplicate -C other-parent.ctx -c dup.ctx -G null -p session:nh.ctx -r nh-bad.priv -s nh-bad.seed
done_session nh
nh_session
check "PolicyNameHash: tpm2_duplicate of the object to the named new parent" \
  tpm tpm2_duplicate -C np.ctx -c dup.ctx -G null -p session:nh.ctx -r nh.priv -s nh.seed
done_session nh

# ---- PolicyLocality
trial loc0.policy "policylocality zero"
trial loc3.policy "policylocality three"
for l in 0 3; do
  seal loc$l -L loc$l.policy
done
policy_session l0 "policylocality zero"
unseals "PolicyLocality(0): tpm2_unseal at locality 0" loc0 l0
policy_session l3 "policylocality three"
refuses "PolicyLocality(3): tpm2_unseal at locality 0 (TPM_RC_LOCALITY)" 0x00000907 tpm2_unseal -c loc3.ctx -p session:l3.ctx
done_session l3

# ---- PolicyCounterTimer
trial ct.policy "policycountertimer --ult time=36000000"
seal ct-obj -L ct.policy
policy_session ct "policycountertimer --ult time=36000000"
unseals "PolicyCounterTimer (TPMS_TIME_INFO.time < 10 h): tpm2_unseal" ct-obj ct
q tpm2_startauthsession --policy-session -S ct2.ctx
refuses "PolicyCounterTimer (time < 1 ms) is false (TPM_RC_POLICY)" 0x00000126 tpm2_policycountertimer -S ct2.ctx --ult time=1
done_session ct2

# ---- PolicyDuplicationSelect with tpm2_duplicate and tpm2_import
q tpm2_createprimary -C n -G rsa -c dst.ctx
q tpm2_readpublic -c dst.ctx -n dst.name
trial dupsel.policy "policyduplicationselect -N dst.name"
q tpm2_create -C prim.ctx -G rsa -u ds.pub -r ds.priv -L dupsel.policy -a "sensitivedataorigin|sign|decrypt|userwithauth"
q tpm2_load -C prim.ctx -u ds.pub -r ds.priv -c ds.ctx -n ds.name
policy_session dsel "policyduplicationselect -N dst.name -n ds.name"
check "PolicyDuplicationSelect: tpm2_duplicate to the selected new parent" \
  tpm tpm2_duplicate -C dst.ctx -c ds.ctx -G null -p session:dsel.ctx -r ds-dup.priv -s ds-dup.seed
done_session dsel
check "tpm2_import of the duplicate under the new parent" \
  tpm tpm2_import -C dst.ctx -u ds.pub -i ds-dup.priv -s ds-dup.seed -r ds-imp.priv
check "tpm2_load of the imported object" tpm tpm2_load -C dst.ctx -u ds.pub -r ds-imp.priv -c ds-imp.ctx
policy_session dsel2 "policyduplicationselect -N other-parent.name -n ds.name"
refuses "PolicyDuplicationSelect for another new parent (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_duplicate -C other-parent.ctx -c ds.ctx -G null -p session:dsel2.ctx -r ds-bad.priv -s ds-bad.seed
done_session dsel2

# ---- PolicyTemplate under the owner hierarchy's primary policy (SetPrimaryPolicy)
q tpm2_createprimary -C o -G ecc256 -c tmpl.ctx --template-data tmpl.data
hash_files tmpl.hash tmpl.data
q tpm2_createprimary -C o -G rsa2048 -c tmpl-other.ctx --template-data tmpl-other.data
trial template.policy "policytemplate --template-hash tmpl.hash"
check "tpm2_setprimarypolicy: the owner hierarchy's authPolicy is PolicyTemplate" \
  tpm tpm2_setprimarypolicy -C o -g sha256 -L template.policy
policy_session tp "policytemplate --template-hash tmpl.hash"
check "PolicyTemplate: tpm2_createprimary of that template under the owner policy" \
  tpm tpm2_createprimary -C o -G ecc256 -c tmpl2.ctx -P session:tp.ctx
done_session tp
policy_session tp2 "policytemplate --template-hash tmpl.hash"
refuses "PolicyTemplate: tpm2_createprimary of another template (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_createprimary -C o -G rsa2048 -c tmpl3.ctx -P session:tp2.ctx
done_session tp2
q tpm2_setprimarypolicy -C o

# ---- PolicyNV
pnv=0x01500110
q tpm2_nvdefine $pnv -C o -p nvpass -a "authread|authwrite" -s 1
printf '\xaa' >aa.bin; printf '\xbb' >bb.bin
q tpm2_nvwrite $pnv -P nvpass -i aa.bin
trial nv.policy "policynv -i aa.bin $pnv eq -P nvpass"
seal pnv -L nv.policy
policy_session nv1 "policynv -i aa.bin $pnv eq -P nvpass"
unseals "PolicyNV (the index holds 0xAA): tpm2_unseal" pnv nv1
q tpm2_nvwrite $pnv -P nvpass -i bb.bin
q tpm2_startauthsession --policy-session -S nv2.ctx
refuses "PolicyNV once the index holds 0xBB (TPM_RC_POLICY)" 0x00000126 tpm2_policynv -S nv2.ctx -i aa.bin $pnv eq -P nvpass
done_session nv2

# ---- the TCG EK templates: low range (PolicySecret(endorsement)) and high range, whose authPolicy
# is PolicyOR(PolicySecret(endorsement), PolicyAuthorizeNV(0x01C07F01 + n)); the NV index per the
# EK Credential Profile: nameAlg the policy's hash, authPolicy PolicySecret(endorsement), POLICYWRITE,
# WRITEALL, PPREAD, OWNERREAD, AUTHREAD, POLICYREAD, NO_DA, written with a TPMT_HA
authpolicy() { tpm tpm2_readpublic -c "$1" 2>/dev/null | sed -n 's/^authorization policy: //p'; }
for g in rsa ecc; do
  check "tpm2_createek -G $g (low range)" tpm tpm2_createek -G $g -c ek-$g.ctx -u ek-$g.pub
done
trial ps256.policy "policysecret -c e"
t_low() { local a; a=$(authpolicy ek-$1.ctx); echo "authPolicy $a"; [ "$a" = "$(hexof ps256.policy)" ]; }
check "low-range RSA EK: authPolicy is PolicySecret(endorsement) (SHA-256)" t_low rsa
check "low-range ECC EK: authPolicy is PolicySecret(endorsement) (SHA-256)" t_low ecc
printf 'child' >child.dat
refuses "the low-range EK as a parent with an empty password: userWithAuth is clear (TPM_RC_AUTH_UNAVAILABLE)" 0x0000012f \
  tpm2_create -C ek-ecc.ctx -i child.dat -u ekc.pub -r ekc.priv
policy_session eklow "policysecret -c e"
check "the low-range ECC EK as a parent through a PolicySecret(endorsement) session" \
  tpm tpm2_create -C ek-ecc.ctx -P session:eklow.ctx -i child.dat -u ekc.pub -r ekc.priv
done_session eklow
for spec in ecc384:sha384:0x01c07f02:50 rsa3072:sha384:0x01c07f02:50 ecc521:sha512:0x01c07f03:66; do
  IFS=: read -r g h idx size <<<"$spec"
  check "tpm2_createek -G $g (high range, $h)" tpm tpm2_createek -G $g -c ek-$g.ctx -u ek-$g.pub
  [ -f ps-$h.policy ] && continue
  trial ps-$h.policy -g $h "policysecret -c e"
  q tpm2_nvdefine $idx -C o -g $h -s $size -L ps-$h.policy \
    -a "policywrite|writeall|ppread|ownerread|authread|policyread|no_da"
  { printf '%s' "$([ $h = sha384 ] && echo 000c || echo 000d)" | xxd -r -p; cat ps-$h.policy 2>/dev/null || true; } >ekpol-$h.bin
  policy_session ekw -g $h "policysecret -c e"
  q tpm2_nvwrite $idx -C $idx -P session:ekw.ctx -i ekpol-$h.bin
  done_session ekw
  trial anv-$h.policy -g $h "policyauthorizenv -C $idx $idx"
  trial ekor-$h.policy -g $h "policyor -l $h:ps-$h.policy,anv-$h.policy"
done
t_high() { local a; a=$(authpolicy ek-$1.ctx); echo "authPolicy $a"; [ -n "$a" ] && [ "$a" = "$(hexof ekor-$2.policy)" ]; }
check "ECC P-384 EK (H-3): authPolicy is PolicyOR(PolicySecret(e), PolicyAuthorizeNV(0x01C07F02))" t_high ecc384 sha384
check "RSA-3072 EK (H-6): the same SHA-384 PolicyOR" t_high rsa3072 sha384
check "ECC P-521 EK (H-4): authPolicy is PolicyOR(PolicySecret(e), PolicyAuthorizeNV(0x01C07F03)) (SHA-512)" t_high ecc521 sha512
policy_session ekb -g sha384 "policysecret -c e" "policyor -l sha384:ps-sha384.policy,anv-sha384.policy"
check "the P-384 EK as a parent through PolicySecret(e) + PolicyOR" \
  tpm tpm2_create -C ek-ecc384.ctx -P session:ekb.ctx -i child.dat -u ek3c.pub -r ek3c.priv
done_session ekb
policy_session ekc -g sha384 "policysecret -c e" "policyauthorizenv -C 0x01c07f02 0x01c07f02" \
  "policyor -l sha384:ps-sha384.policy,anv-sha384.policy"
check "the P-384 EK as a parent through the PolicyAuthorizeNV branch + PolicyOR" \
  tpm tpm2_create -C ek-ecc384.ctx -P session:ekc.ctx -i child.dat -u ek3c.pub -r ek3c.priv
done_session ekc
q tpm2_startauthsession --policy-session -g sha384 -S ekd.ctx
q tpm2_policycommandcode -S ekd.ctx TPM2_CC_Create
refuses "PolicyAuthorizeNV when the session's digest is not the policy in the index (TPM_RC_VALUE)" 0x00000084 \
  tpm2_policyauthorizenv -S ekd.ctx -C 0x01c07f02 0x01c07f02
done_session ekd

# ---- audit: command audit (SetCommandCodeAuditStatus, GetCommandAuditDigest) and an audit session
# (GetSessionAuditDigest); the digests recomputed here from GetRandom's parameters
q tpm2_createprimary -C o -G rsa2048:rsassa-sha256:null -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign" -c ak.ctx
q tpm2_readpublic -c ak.ctx -f pem -o ak.pem
# attest FILE KIND: the audit digest and (KIND command) the command digest of a TPMS_ATTEST
attest() {
  python3 - "$1" "$2" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
def tpm2b(o):
    n = struct.unpack(">H", b[o:o + 2])[0]
    return b[o + 2:o + 2 + n], o + 2 + n
assert b[:4] == b"\xffTCG", "not TPM_GENERATED_VALUE"
kind = struct.unpack(">H", b[4:6])[0]
_, o = tpm2b(6)        # qualifiedSigner
_, o = tpm2b(o)        # extraData
o += 17 + 8            # clockInfo, firmwareVersion
if sys.argv[2] == "command":
    assert kind == 0x8015, "type %x" % kind
    o += 8 + 2         # auditCounter, digestAlg
    audit, o = tpm2b(o)
    cmds, o = tpm2b(o)
    print(audit.hex(), cmds.hex())
else:
    assert kind == 0x8016, "type %x" % kind
    digest, o = tpm2b(o + 1)   # exclusiveSession, sessionDigest
    print(digest.hex())
EOF
}
# extend DIGEST RANDOMHEX...: SHA-256 audit digest after GetRandom calls that returned RANDOMHEX...
# (cpHash = H(CC || bytesRequested), rpHash = H(RC || CC || TPM2B randomBytes))
audit_extend() {
  local d=$1 r n cp rp; shift
  for r in "$@"; do
    n=$(( ${#r} / 2 ))
    cp=$(printf '0000017b%04x' $n | xxd -r -p | sha sha256 | xxd -p -c 64)
    rp=$(printf '000000000000017b%04x%s' $n "$r" | xxd -r -p | sha sha256 | xxd -p -c 64)
    d=$(printf '%s%s%s' "$d" "$cp" "$rp" | xxd -r -p | sha sha256 | xxd -p -c 64)
  done
  echo "$d"
}
zero=$(printf '%064d' 0)
check "tpm2_setcommandauditstatus: GetRandom audited (SHA-256)" tpm tpm2_setcommandauditstatus -C o -g sha256 TPM2_CC_GetRandom
q tpm2_getcommandauditdigest -c ak.ctx -g sha256 -m cad0.att -s cad0.sig -f plain
tpm tpm2_getrandom 16 -o r1.bin >/dev/null 2>&1 || true
tpm tpm2_getrandom 24 -o r2.bin >/dev/null 2>&1 || true
check "tpm2_getcommandauditdigest signed by a key" \
  tpm tpm2_getcommandauditdigest -c ak.ctx -g sha256 -m cad.att -s cad.sig -f plain
check "its signature verified by OpenSSL" openssl dgst -sha256 -verify ak.pem -signature cad.sig cad.att
t_cad() {
  local got want cmds
  read -r got cmds < <(attest cad.att command)
  want=$(audit_extend "$zero" "$(hexof r1.bin)" "$(hexof r2.bin)")
  echo "auditDigest $got, recomputed $want"
  [ -n "$got" ] && [ "$got" = "$want" ]
}
check "the command audit digest is SHA-256(SHA-256(0 || cpHash || rpHash) || cpHash || rpHash) of the two GetRandom calls" t_cad
t_cmds() {
  local got cmds want
  read -r got cmds < <(attest cad.att command)
  want=$(printf '000001400000017b' | xxd -r -p | sha sha256 | xxd -p -c 64)
  echo "commandDigest $cmds, SHA-256(SetCommandCodeAuditStatus || GetRandom) $want"
  [ "$cmds" = "$want" ]
}
check "the command digest is SHA-256 of the audited command codes (SetCommandCodeAuditStatus, GetRandom)" t_cmds
q tpm2_setcommandauditstatus -C o -g sha256 -c
check "tpm2_startauthsession --audit-session" tpm tpm2_startauthsession --audit-session -S audit.ctx
tpm tpm2_getrandom 8 -S audit.ctx -o a1.bin >/dev/null 2>&1 || true
tpm tpm2_getrandom 20 -S audit.ctx -o a2.bin >/dev/null 2>&1 || true
check "tpm2_getsessionauditdigest signed by a key" \
  tpm tpm2_getsessionauditdigest -c ak.ctx -g sha256 -m sad.att -s sad.sig -f plain -S audit.ctx
check "its signature verified by OpenSSL" openssl dgst -sha256 -verify ak.pem -signature sad.sig sad.att
t_sad() {
  local got want
  got=$(attest sad.att session)
  want=$(audit_extend "$zero" "$(hexof a1.bin)" "$(hexof a2.bin)")
  echo "sessionDigest $got, recomputed $want"
  [ -n "$got" ] && [ "$got" = "$want" ]
}
check "the session audit digest is the two GetRandom calls' cpHash and rpHash chained" t_sad
q tpm2_flushcontext audit.ctx

finish
