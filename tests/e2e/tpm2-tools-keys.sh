#!/usr/bin/env bash
# Keys, signing, sealing and attestation with tpm2-tools 5.4 against `jvtpm socket` (swtpm
# protocol on unix sockets, TCTI swtpm:path=...), each result checked by an outside party: OpenSSL verifies
# the TPM's signatures and decrypts/encrypts against it, tpm2_checkquote checks quotes, OpenSSL's curve
# data checks ECC_Parameters, and
# OpenSSL-made signatures and ciphertexts go the other way. Then determinism and lifecycle:
# primaries are the same after a server restart and differ after ChangeEPS, contexts survive a
# restart, Clear and HierarchyControl act on the owner's objects, and hostile blobs are refused
# with the Library spec's response codes.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin tpm2-tools-keys
refuses() { refuses_with "$@"; }

need tpm2_createprimary:"Debian package tpm2-tools" tpm2_checkquote:"Debian package tpm2-tools" openssl xxd java:"a JDK"
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

state="$work/state"
mkdir -p "$state"
server_pid=

# start_server: the server on $state over swtpm's protocol on unix sockets (TCTI swtpm:path=...)
start_server() {
  tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
    --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init,startup-clear || return 1
  server_pid=$SERVER_PID
  export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"
}

stop_server() {
  [ -z "$server_pid" ] || server_stop "$server_pid" TERM || true
  server_pid=
}

cd "$work"
start_server || abort "the server runs"
# this TPM has three object slots and no resource manager: flush after every tool
flush() { tpm2_flushcontext -t >/dev/null 2>&1 || true; }
pub_of() { tpm2_readpublic -c "$1" -o "$2" >/dev/null 2>&1; }
# q CMD...: a preparation step; its failure is logged and shows in the checks that depend on it
q() { "$@" >>"$work/steps.log" 2>&1 || echo "step failed: $*" >>"$work/steps.log"; }

# ---- primaries
check "createprimary RSA-2048 storage key (owner)" tpm2_createprimary -C o -G rsa2048 -c srk.ctx; flush
check "createprimary ECC P-256 storage key (owner)" tpm2_createprimary -C o -G ecc256 -c esrk.ctx; flush
check "createprimary RSA-3072 (owner)" tpm2_createprimary -C o -G rsa3072 -c r3k.ctx; flush
check "createprimary ECC P-384 (endorsement)" tpm2_createprimary -C e -G ecc384 -c e384.ctx; flush
check "createprimary RSA-2048 (null hierarchy)" tpm2_createprimary -C n -G rsa2048 -c nh.ctx; flush
q pub_of srk.ctx srk.pub
q tpm2_createprimary -C o -G rsa2048 -c srk2.ctx; flush; q pub_of srk2.ctx srk2.pub
check "same template, same seed: same primary" cmp srk.pub srk2.pub
q tpm2_createprimary -C n -G rsa2048 -c srk3.ctx; flush; q pub_of srk3.ctx srk3.pub
if ! cmp -s srk.pub srk3.pub; then pass "same template, other seed (null hierarchy): other primary"; else fail "same template, other seed (null hierarchy): other primary"; fi

check "tpm2_createek RSA" tpm2_createek -c ek.ctx -G rsa -u ekrsa1.pub; flush
check "tpm2_createek ECC" tpm2_createek -c ek.ctx -G ecc -u ekecc1.pub; flush

# ---- signing keys, verified by OpenSSL both ways
printf 'message to sign\n' >msg
q tpm2_create -C srk.ctx -G rsa2048:rsassa-sha256 -u rsa.pub -r rsa.priv; flush
check "create + load RSA signing key" tpm2_load -C srk.ctx -u rsa.pub -r rsa.priv -c rsa.ctx; flush
q tpm2_readpublic -c rsa.ctx -f pem -o rsa.pem; flush
q tpm2_sign -c rsa.ctx -g sha256 -f plain -o rsa.sig msg; flush
check "RSASSA signature verified by OpenSSL" openssl dgst -sha256 -verify rsa.pem -signature rsa.sig msg
q tpm2_sign -c rsa.ctx -g sha256 -o rsa.tss msg; flush
check "tpm2_verifysignature accepts the TPM's RSASSA signature" tpm2_verifysignature -c rsa.ctx -g sha256 -m msg -s rsa.tss -t verified.tkt; flush
q tpm2_create -C srk.ctx -G rsa2048:rsapss-sha256:null -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign" -u pss.pub -r pss.priv; flush
q tpm2_load -C srk.ctx -u pss.pub -r pss.priv -c pss.ctx; flush
q tpm2_readpublic -c pss.ctx -f pem -o pss.pem; flush
q tpm2_sign -c pss.ctx -g sha256 -s rsapss -f plain -o pss.sig msg; flush
check "RSAPSS signature verified by OpenSSL" openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:auto -verify pss.pem -signature pss.sig msg
q tpm2_create -C srk.ctx -G ecc256:ecdsa-sha256 -u ec.pub -r ec.priv; flush
q tpm2_load -C srk.ctx -u ec.pub -r ec.priv -c ec.ctx; flush
q tpm2_readpublic -c ec.ctx -f pem -o ec.pem; flush
q tpm2_sign -c ec.ctx -g sha256 -f plain -o ec.sig msg; flush
check "ECDSA P-256 signature verified by OpenSSL" openssl dgst -sha256 -verify ec.pem -signature ec.sig msg
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ossl.key 2>/dev/null
q openssl pkey -in ossl.key -pubout -out ossl.pem
q openssl dgst -sha256 -sign ossl.key -out ossl.sig msg
q tpm2_loadexternal -C o -G rsa -u ossl.pem -c ext.ctx
check "tpm2_verifysignature accepts OpenSSL's RSASSA signature (LoadExternal)" tpm2_verifysignature -c ext.ctx -g sha256 -m msg -f rsassa -s ossl.sig -t ext.tkt; flush
q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out osslec.key 2>/dev/null
q openssl pkey -in osslec.key -pubout -out osslec.pem
q openssl dgst -sha256 -sign osslec.key -out osslec.sig msg
q tpm2_loadexternal -C o -G ecc -u osslec.pem -c extec.ctx
check "tpm2_verifysignature accepts OpenSSL's ECDSA signature" tpm2_verifysignature -c extec.ctx -g sha256 -m msg -f ecdsa -s osslec.sig -t extec.tkt; flush
printf 'tampered\n' >msg2
q tpm2_loadexternal -C o -G rsa -u ossl.pem -c ext.ctx
refuses "a signature over other data" 0x000002db tpm2_verifysignature -c ext.ctx -g sha256 -m msg2 -f rsassa -s ossl.sig -t bad.tkt; flush

# ---- RSA encryption
q tpm2_create -C srk.ctx -G rsa2048 -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt" -u enc.pub -r enc.priv; flush
q tpm2_load -C srk.ctx -u enc.pub -r enc.priv -c enc.ctx; flush
q tpm2_readpublic -c enc.ctx -f pem -o enc.pem; flush
printf 'secret for the TPM' >plain
q tpm2_rsaencrypt -c enc.ctx -s oaep -o ct.tpm plain; flush
q tpm2_rsadecrypt -c enc.ctx -s oaep -o plain.tpm ct.tpm; flush
check "RSA_Encrypt/RSA_Decrypt OAEP round trip" cmp plain plain.tpm
q openssl pkeyutl -encrypt -pubin -inkey enc.pem -in plain -out ct.rsaes
q tpm2_rsadecrypt -c enc.ctx -s rsaes -o plain.rsaes ct.rsaes; flush
check "OpenSSL RSAES ciphertext decrypted by the TPM" cmp plain plain.rsaes
q openssl pkeyutl -encrypt -pubin -inkey enc.pem -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \
  -pkeyopt rsa_mgf1_md:sha256 -in plain -out ct.oaep
q tpm2_rsadecrypt -c enc.ctx -s oaep -o plain.oaep ct.oaep; flush
check "OpenSSL OAEP-SHA256 ciphertext decrypted by the TPM" cmp plain plain.oaep
q tpm2_rsaencrypt -c enc.ctx -s rsaes -o ct.tpm2 plain; flush
check "the TPM's RSAES ciphertext has the right size" test "$(stat -c %s ct.tpm2)" -eq 256

# ---- sealing
printf 'sealed secret' >seal.dat
q tpm2_create -C srk.ctx -i seal.dat -p sealpw -u seal.pub -r seal.priv; flush
q tpm2_load -C srk.ctx -u seal.pub -r seal.priv -c seal.ctx; flush
q tpm2_unseal -c seal.ctx -p sealpw -o unsealed.dat 2>&1 || true; flush
check "seal (tpm2_create -i) and tpm2_unseal with the object's password" cmp seal.dat unsealed.dat
refuses "unseal with a wrong password (DA-protected object: TPM_RC_AUTH_FAIL)" 0x0000098e tpm2_unseal -c seal.ctx -p wrong -o x.dat; flush

# ---- symmetric, ECDH
q tpm2_create -C srk.ctx -G aes128cfb -u aes.pub -r aes.priv; flush
q tpm2_load -C srk.ctx -u aes.pub -r aes.priv -c aes.ctx; flush
head -c 100 /dev/urandom >sym.dat
q tpm2_encryptdecrypt -c aes.ctx -o sym.enc sym.dat 2>&1; flush
q tpm2_encryptdecrypt -d -c aes.ctx -o sym.dec sym.enc 2>&1; flush
check "EncryptDecrypt AES-128-CFB round trip" cmp sym.dat sym.dec
q tpm2_create -C srk.ctx -G ecc256:ecdh -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt" -u dh.pub -r dh.priv; flush
q tpm2_load -C srk.ctx -u dh.pub -r dh.priv -c dh.ctx; flush
q tpm2_ecdhkeygen -c dh.ctx -u eph.pt -o z1.pt; flush
q tpm2_ecdhzgen -c dh.ctx -u eph.pt -o z2.pt; flush
check "ECDH_KeyGen and ECDH_ZGen agree" cmp z1.pt z2.pt
q tpm2_readpublic -c dh.ctx -f pem -o dh.pem; flush
q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out peer.key 2>/dev/null
# the peer's point as TPM2B_ECC_POINT: size, x, y (from the uncompressed SEC1 encoding)
pt=$(openssl pkey -in peer.key -pubout -outform DER 2>/dev/null | tail -c 64 | xxd -p | tr -d '\n' || true)
printf '%s' "0044""0020${pt:0:64}""0020${pt:64:64}" | xxd -r -p >peer.pt
q tpm2_ecdhzgen -c dh.ctx -u peer.pt -o zt.pt; flush
q openssl pkeyutl -derive -inkey peer.key -peerkey dh.pem -out z.ossl
check "ECDH_ZGen agrees with OpenSSL's ECDH" cmp <(tail -c +5 zt.pt | head -c 32) z.ossl

printf '0123456789abcdef0123456789abcdef' >hmac.key
q tpm2_import -C srk.ctx -G hmac -i hmac.key -u hk.pub -r hk.priv; flush
q tpm2_load -C srk.ctx -u hk.pub -r hk.priv -c hk.ctx; flush
head -c 3000 /dev/urandom >hmac.big
printf 'short message' >hmac.small
hmac_of() { openssl dgst -sha256 -mac HMAC -macopt key:0123456789abcdef0123456789abcdef -r "$1" | cut -c1-64; }
check "tpm2_hmac (TPM2_HMAC) agrees with OpenSSL on an imported key" \
  sh -c "test \"\$(tpm2_hmac -c hk.ctx --hex hmac.small)\" = $(hmac_of hmac.small)"
flush
check "tpm2_hmac over 3000 bytes (HMAC_Start, SequenceUpdate, SequenceComplete) agrees with OpenSSL" \
  sh -c "test \"\$(tpm2_hmac -c hk.ctx --hex hmac.big)\" = $(hmac_of hmac.big)"
flush

# ---- persistence, contexts across a restart
check "tpm2_evictcontrol makes the SRK persistent" tpm2_evictcontrol -C o -c srk.ctx 0x81000001
check "the persistent SRK is listed" sh -c 'tpm2_getcap handles-persistent | grep -q 0x81000001'
stop_server
start_server || abort "the server restarts on the same state"
check "persistent SRK survives a server restart" tpm2_readpublic -c 0x81000001 -o srkp.pub
check "the persistent SRK is the same key" cmp srk.pub srkp.pub
q tpm2_unseal -c seal.ctx -p sealpw -o unsealed2.dat 2>&1 || true; flush
check "a saved object context loads after a server restart" cmp seal.dat unsealed2.dat
q tpm2_createprimary -C o -G rsa2048 -c srk4.ctx; flush; q pub_of srk4.ctx srk4.pub
check "the SRK is the same after a restart" cmp srk.pub srk4.pub
check "tpm2_load under the persistent handle" tpm2_load -C 0x81000001 -u rsa.pub -r rsa.priv -c rsa2.ctx; flush
q tpm2_createek -c ek.ctx -G rsa -u ekrsa2.pub; flush
q tpm2_createek -c ek.ctx -G ecc -u ekecc2.pub; flush
check "the RSA EK is the same after a restart" cmp ekrsa1.pub ekrsa2.pub
check "the ECC EK is the same after a restart" cmp ekecc1.pub ekecc2.pub

# ---- attestation
q tpm2_create -C srk.ctx -G rsa2048:rsassa-sha256:null -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign" \
  -u ak.pub -r ak.priv >/dev/null; flush
q tpm2_load -C srk.ctx -u ak.pub -r ak.priv -c ak.ctx; flush
q tpm2_readpublic -c ak.ctx -f pem -o ak.pem; flush
q tpm2_pcrextend 16:sha256=0x$(printf 'measured' | openssl dgst -sha256 -r | cut -c1-64)
q tpm2_quote -c ak.ctx -l sha256:0,16 -q 1234abcd -m quote.msg -s quote.sig -o quote.pcrs -g sha256; flush
check "tpm2_checkquote accepts the quote" tpm2_checkquote -u ak.pem -m quote.msg -s quote.sig -f quote.pcrs -g sha256 -q 1234abcd
openssl dgst -sha256 -binary msg >msg.digest
refuses "a restricted key does not sign a digest without a hashcheck ticket (TPM_RC_TICKET)" 0x000003e0 \
  tpm2_sign -c ak.ctx -g sha256 -d -o x.sig msg.digest; flush
printf '\xffTCG attestation lookalike' >generated.msg
refuses "nor data that begins with TPM_GENERATED_VALUE" 0x000003e0 tpm2_sign -c ak.ctx -g sha256 -o x.sig generated.msg
flush
q tpm2_certify -C ak.ctx -c rsa.ctx -g sha256 -o cert.att -s cert.sig -f plain; flush
check "tpm2_certify's attestation verified by OpenSSL" openssl dgst -sha256 -verify ak.pem -signature cert.sig cert.att
q tpm2_createprimary -C o -G ecc -c cp.ctx --creation-data cd.bin -d cd.hash -t cd.ticket; flush
q tpm2_certifycreation -C ak.ctx -c cp.ctx -d cd.hash -t cd.ticket -g sha256 -o cc.sig -f plain --attestation cc.att; flush
check "tpm2_certifycreation's attestation verified by OpenSSL" openssl dgst -sha256 -verify ak.pem -signature cc.sig cc.att
q tpm2_gettime -c ak.ctx -q 00ff -o gt.sig --attestation gt.att -g sha256 -f plain; flush
check "tpm2_gettime's attestation verified by OpenSSL" openssl dgst -sha256 -verify ak.pem -signature gt.sig gt.att
q tpm2_changeauth -c seal.ctx -C srk.ctx -p sealpw -r seal2.priv newsealpw; flush
q tpm2_load -C srk.ctx -u seal.pub -r seal2.priv -c seal2.ctx; flush
q tpm2_unseal -c seal2.ctx -p newsealpw -o unsealed3.dat; flush
check "tpm2_changeauth (ObjectChangeAuth) gives a private part with the new password" cmp seal.dat unsealed3.dat

# ---- credentials and import
q tpm2_readpublic -c srk.ctx -o srk.tss; flush
q tpm2_readpublic -c ak.ctx -n ak.name; flush
printf 'credential 1234' >cred.in
q tpm2_makecredential -T none -e srk.tss -s cred.in -n "$(xxd -p -c 256 ak.name)" -o cred.blob
q tpm2_activatecredential -c ak.ctx -C srk.ctx -i cred.blob -o cred.out; flush
check "tpm2_makecredential (offline) / tpm2_activatecredential with an RSA key" cmp cred.in cred.out
q tpm2_makecredential -e srk.tss -s cred.in -n "$(xxd -p -c 256 ak.name)" -o cred2.blob; flush
q tpm2_activatecredential -c ak.ctx -C srk.ctx -i cred2.blob -o cred2.out; flush
check "TPM2_MakeCredential / ActivateCredential round trip" cmp cred.in cred2.out
q tpm2_readpublic -c esrk.ctx -o esrk.tss; flush
q tpm2_makecredential -T none -e esrk.tss -s cred.in -n "$(xxd -p -c 256 ak.name)" -o cred3.blob
q tpm2_activatecredential -c ak.ctx -C esrk.ctx -i cred3.blob -o cred3.out; flush
check "credential to an ECC storage key (KDFe seed)" cmp cred.in cred3.out
q tpm2_readpublic -c rsa.ctx -n rsa.name; flush
q tpm2_makecredential -T none -e srk.tss -s cred.in -n "$(xxd -p -c 256 rsa.name)" -o cred4.blob
refuses "a credential for another object (TPM_RC_INTEGRITY)" 0x000001df \
  tpm2_activatecredential -c ak.ctx -C srk.ctx -i cred4.blob -o cred4.out
flush
# the EK's policy: PolicySecret(TPM_RH_ENDORSEMENT) in a policy session (saved and loaded by each tool)
q tpm2_createek -c ek.ctx -G rsa -u ek.tss; flush
q tpm2_createak -C ek.ctx -c eak.ctx -u eak.pub -n eak.name; flush
q tpm2_makecredential -T none -e ek.tss -s cred.in -n "$(xxd -p -c 256 eak.name)" -o ekcred.blob
q tpm2_startauthsession --policy-session -S ekpolicy.ctx
check "tpm2_policysecret on the endorsement hierarchy gives the EK's policy digest" \
  sh -c 'tpm2_policysecret -S ekpolicy.ctx -c e | grep -q 837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa'
q tpm2_activatecredential -c eak.ctx -C ek.ctx -i ekcred.blob -o ekcred.out -P session:ekpolicy.ctx
q tpm2_flushcontext ekpolicy.ctx; flush
check "tpm2_activatecredential with the EK under its policy session" cmp cred.in ekcred.out
# duplication: a key whose policy is PolicyCommandCode(Duplicate), moved to a new parent
q tpm2_startauthsession -S trial.ctx
q tpm2_policycommandcode -S trial.ctx -L dup.policy TPM2_CC_Duplicate
q tpm2_flushcontext trial.ctx
q tpm2_create -C srk.ctx -G rsa2048:rsassa-sha256:null -L dup.policy -a "sensitivedataorigin|userwithauth|sign" -u dk.pub -r dk.priv; flush
q tpm2_load -C srk.ctx -u dk.pub -r dk.priv -c dk.ctx; flush
q tpm2_startauthsession --policy-session -S nopolicy.ctx
refuses "tpm2_duplicate without satisfying the key's policy (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_duplicate -C esrk.ctx -c dk.ctx -G null -p session:nopolicy.ctx -r x.dup -s x.seed
q tpm2_flushcontext nopolicy.ctx; flush
q tpm2_startauthsession --policy-session -S duppolicy.ctx
q tpm2_policycommandcode -S duppolicy.ctx TPM2_CC_Duplicate
check "tpm2_duplicate to a new (ECC) parent under PolicyCommandCode" \
  tpm2_duplicate -C esrk.ctx -c dk.ctx -G null -p session:duppolicy.ctx -r dk.dup -s dk.seed
q tpm2_flushcontext duppolicy.ctx; flush
q tpm2_import -C esrk.ctx -u dk.pub -i dk.dup -s dk.seed -r dk2.priv; flush
q tpm2_load -C esrk.ctx -u dk.pub -r dk2.priv -c dk2.ctx; flush
q tpm2_readpublic -c dk.ctx -f pem -o dk.pem; flush
q tpm2_sign -c dk2.ctx -g sha256 -f plain -o dk2.sig msg; flush
check "the duplicated key, imported under its new parent, signs as before" \
  openssl dgst -sha256 -verify dk.pem -signature dk2.sig msg
q tpm2_import -C srk.ctx -G rsa -i ossl.key -u imp.pub -r imp.priv; flush
q tpm2_load -C srk.ctx -u imp.pub -r imp.priv -c imp.ctx; flush
q tpm2_sign -c imp.ctx -g sha256 -f plain -o imp.sig msg; flush
check "tpm2_import of an OpenSSL RSA key: its TPM signature verifies with OpenSSL's public key" \
  openssl dgst -sha256 -verify ossl.pem -signature imp.sig msg
q tpm2_import -C esrk.ctx -G ecc -i osslec.key -u impec.pub -r impec.priv; flush
q tpm2_load -C esrk.ctx -u impec.pub -r impec.priv -c impec.ctx; flush
q tpm2_sign -c impec.ctx -g sha256 -f plain -o impec.sig msg; flush
check "tpm2_import of an OpenSSL P-256 key under an ECC parent" openssl dgst -sha256 -verify osslec.pem -signature impec.sig msg

# ---- ECC_Parameters: the domain parameters of each curve, as OpenSSL knows them
# ecc_domain NAME BYTES: TPM2B p, a, b, Gx, Gy, n (each BYTES long) and h, as hex, from OpenSSL
ecc_domain() {
  openssl ecparam -name "$1" -param_enc explicit -text -noout | awk -v n="$2" '
    function b(h) { sub(/^(00)+/, "", h); while (length(h) < 2 * n) h = "0" h; return sprintf("%04x", n) h }
    /^Cofactor/ { cof = $2; next }
    /^[A-Za-z]/ { key = $1; next }
    /^ / { gsub(/[ :]/, ""); v[key] = v[key] $0 }
    END {
      g = substr(v["Generator"], 3)
      printf "%s%s%s%s%s%s0001%02x\n", b(v["Prime:"]), b(v["A:"]), b(v["B:"]), b(substr(g, 1, 2 * n)),
        b(substr(g, 2 * n + 1)), b(v["Order:"]), cof
    }'
}
for curve in "ecc256 prime256v1 32 0003 0100" "ecc384 secp384r1 48 0004 0180" "ecc521 secp521r1 66 0005 0209"; do
  read -r tpmname osslname nbytes curveid bits <<<"$curve"
  q tpm2_geteccparameters "$tpmname" -o "$tpmname.params"
  got=$(xxd -p "$tpmname.params" 2>/dev/null | tr -d '\n')
  what="tpm2_geteccparameters $tpmname: curve, size and domain parameters equal OpenSSL's $osslname"
  if [ "${got:0:8}" = "$curveid$bits" ] && [ "${got:20}" = "$(ecc_domain "$osslname" "$nbytes")" ]; then
    pass "$what"
  else
    fail "$what"; echo "    got $got"
  fi
done
refuses "tpm2_geteccparameters of a curve this TPM lacks (TPM_RC_CURVE)" 0x000001e6 tpm2_geteccparameters ecc192 -o x.params

# ---- endorsement seed
q tpm2_createprimary -C e -G rsa2048 -c ek1.ctx; flush; q pub_of ek1.ctx ek1.pub
check "tpm2_changeeps" tpm2_changeeps
q tpm2_createprimary -C e -G rsa2048 -c ek2.ctx; flush; q pub_of ek2.ctx ek2.pub
if ! cmp -s ek1.pub ek2.pub; then pass "the endorsement primary changes after ChangeEPS"; else fail "the endorsement primary changes after ChangeEPS"; fi
q tpm2_createek -c ek.ctx -G rsa -u ekrsa3.pub; flush
if [ -s ekrsa3.pub ] && ! cmp -s ekrsa1.pub ekrsa3.pub; then pass "tpm2_createek gives another EK after ChangeEPS"; else fail "tpm2_createek gives another EK after ChangeEPS"; fi

# ---- hierarchy control and clear
check "tpm2_hierarchycontrol disables the owner hierarchy" tpm2_hierarchycontrol -C o shEnable clear
refuses "createprimary in a disabled hierarchy" 0x00000185 tpm2_createprimary -C o -c x.ctx
check "the platform re-enables the owner hierarchy" tpm2_hierarchycontrol -C p shEnable set
check "createprimary works again" tpm2_createprimary -C o -c y.ctx; flush
check "tpm2_changeauth sets an owner password" tpm2_changeauth -c o ownerpw
refuses "createprimary without the owner password" 0x000009a2 tpm2_createprimary -C o -c x.ctx
check "tpm2_clear" tpm2_clear -c l
if tpm2_getcap handles-persistent | grep -q 0x81000001; then fail "Clear evicts owner persistent objects"; else pass "Clear evicts owner persistent objects"; fi
check "Clear resets the owner password" tpm2_createprimary -C o -G rsa2048 -c srk5.ctx; flush; pub_of srk5.ctx srk5.pub
if ! cmp -s srk.pub srk5.pub; then pass "the SRK changes after Clear (new storage seed)"; else fail "the SRK changes after Clear (new storage seed)"; fi

# ---- hostile objects
q tpm2_create -C srk5.ctx -G rsa2048 -u h.pub -r h.priv; flush
cp h.priv h.bad
size=$(stat -c %s h.bad)
printf '\x55' | dd of=h.bad bs=1 seek=$((size - 7)) conv=notrunc 2>/dev/null
refuses "a corrupted private blob (TPM_RC_INTEGRITY)" 0x000001df tpm2_load -C srk5.ctx -u h.pub -r h.bad -c x.ctx; flush
q tpm2_createprimary -C o -G ecc256 -c other.ctx; flush
refuses "a private blob under the wrong parent (TPM_RC_INTEGRITY)" 0x000001df tpm2_load -C other.ctx -u h.pub -r h.priv -c x.ctx; flush
q tpm2_create -C srk5.ctx -G rsa2048 -u h2.pub -r h2.priv; flush
refuses "a public area with another key's private part (TPM_RC_INTEGRITY)" 0x000001df tpm2_load -C srk5.ctx -u h2.pub -r h.priv -c x.ctx; flush
refuses "a template that both signs and decrypts while restricted (TPM_RC_ATTRIBUTES)" 0x000002c2 \
  tpm2_create -C srk5.ctx -G rsa2048 -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign|decrypt" -u x.pub -r x.priv
flush
refuses "a storage key template without a symmetric algorithm (TPM_RC_SYMMETRIC)" 0x000002d6 \
  tpm2_create -C srk5.ctx -G rsa2048:null:null -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt" -u x.pub -r x.priv
flush
refuses "fixedTPM without fixedParent (TPM_RC_ATTRIBUTES)" 0x000002c2 \
  tpm2_create -C srk5.ctx -G rsa2048 -a "fixedtpm|sensitivedataorigin|userwithauth|sign" -u x.pub -r x.priv
flush

finish
