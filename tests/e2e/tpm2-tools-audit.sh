#!/usr/bin/env bash
# Command audit and audit sessions with tpm2-tools 5.4 against `jvtpm socket` (swtpm protocol on
# unix sockets): tpm2_setcommandauditstatus audits GetRandom with SHA-256; tpm2_getcommandauditdigest
# and tpm2_getsessionauditdigest sign their TPMS_ATTEST with an ECC endorsement key, OpenSSL
# verifies the signatures, and the test recomputes both audit digests itself from the commands
# tpm2_getrandom sent and the bytes it got back: digest := SHA-256(digest || cpHash || rpHash),
# cpHash = SHA-256(TPM_CC_GetRandom || bytesRequested), rpHash = SHA-256(0 || TPM_CC_GetRandom ||
# randomBytes). E2E_REFERENCE=swtpm runs it against swtpm.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin tpm2-tools-audit

need tpm2_setcommandauditstatus:"Debian package tpm2-tools" tpm2_getsessionauditdigest:"Debian package tpm2-tools" \
  openssl xxd python3 java:"a JDK"
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

state="$work/state"
mkdir -p "$state"
tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
  --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init,startup-clear || abort "the server runs"
export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"
cd "$work"

# audit.py field FILE NAME: a field of a TPMS_ATTEST with TPMS_COMMAND_AUDIT_INFO (counter, alg,
# digest, commands) or TPMS_SESSION_AUDIT_INFO (exclusive, digest), hex for the digests.
# audit.py chain STEP...: SHA-256 audit digest from zero over GetRandom steps "requested:bytes_hex".
# audit.py commands CC...: SHA-256 of the audited command codes, ascending.
cat >audit.py <<'EOF'
import hashlib, struct, sys

def attest(path):
    b = open(path, 'rb').read()
    magic, typ = struct.unpack('>IH', b[0:6])
    o = 6
    for _ in range(2):  # qualifiedSigner, extraData
        o += 2 + struct.unpack('>H', b[o:o + 2])[0]
    o += 17 + 8  # clockInfo, firmwareVersion
    if typ == 0x8015:
        counter, alg = struct.unpack('>QH', b[o:o + 10])
        o += 10
        n = struct.unpack('>H', b[o:o + 2])[0]
        digest = b[o + 2:o + 2 + n]
        o += 2 + n
        n = struct.unpack('>H', b[o:o + 2])[0]
        return dict(counter=counter, alg='%04x' % alg, digest=digest.hex(), commands=b[o + 2:o + 2 + n].hex())
    n = struct.unpack('>H', b[o + 1:o + 3])[0]
    return dict(exclusive=b[o], digest=b[o + 3:o + 3 + n].hex())

GET_RANDOM = (0x17B).to_bytes(4, 'big')
if sys.argv[1] == 'field':
    print(attest(sys.argv[2])[sys.argv[3]])
elif sys.argv[1] == 'chain':
    d = bytes(32)
    for step in sys.argv[2:]:
        requested, data = step.split(':')
        random = bytes.fromhex(data)
        cp = hashlib.sha256(GET_RANDOM + int(requested).to_bytes(2, 'big')).digest()
        rp = hashlib.sha256(bytes(4) + GET_RANDOM + len(random).to_bytes(2, 'big') + random).digest()
        d = hashlib.sha256(d + cp + rp).digest()
    print(d.hex())
elif sys.argv[1] == 'commands':
    codes = sorted(int(c, 16) for c in sys.argv[2:])
    print(hashlib.sha256(b''.join(c.to_bytes(4, 'big') for c in codes)).hexdigest())
EOF

# equal WHAT EXPECTED ACTUAL
equal() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (expected $2, got $3)"; fi
}
field() { python3 audit.py field "$@" 2>/dev/null || echo "?"; }
random() { tpm2_getrandom "$1" -o "$2" "${@:3}" >/dev/null && xxd -p "$2" | tr -d '\n'; }
# this TPM has three object slots and no resource manager: the key is flushed after every tool
flush() { tpm2_flushcontext -t >/dev/null 2>&1 || true; }

check "an ECC signing key in the endorsement hierarchy" tpm2_createprimary -Q -C e -G ecc256:ecdsa \
  -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' -c sign.ctx; flush
tpm2_readpublic -c sign.ctx -f pem -o sign.pem >/dev/null 2>&1 || true; flush
check "audit hash SHA-256" tpm2_setcommandauditstatus -g sha256
check "GetRandom audited" tpm2_setcommandauditstatus TPM2_CC_GetRandom

# a signed GetCommandAuditDigest empties the digest: what follows starts a new one
check "GetCommandAuditDigest signed" tpm2_getcommandauditdigest -c sign.ctx -m first.att -s first.sig -f plain
flush
check "OpenSSL verifies its signature" openssl dgst -sha256 -verify sign.pem -signature first.sig first.att
equal "the audit hash is SHA-256" 000b "$(field first.att alg)"
equal "the audited commands are SetCommandCodeAuditStatus and GetRandom" \
  "$(python3 audit.py commands 140 17b)" "$(field first.att commands)"
counter=$(field first.att counter)

r1=$(random 8 r1.bin)
r2=$(random 16 r2.bin)
check "GetCommandAuditDigest signed, with qualifying data" tpm2_getcommandauditdigest -c sign.ctx -q 0a0b0c \
  -m second.att -s second.sig -f plain
flush
check "OpenSSL verifies its signature" openssl dgst -sha256 -verify sign.pem -signature second.sig second.att
equal "the command audit digest is the test's (two GetRandom)" "$(python3 audit.py chain "8:$r1" "16:$r2")" \
  "$(field second.att digest)"
equal "a new digest incremented the audit counter" "$((counter + 1))" "$(field second.att counter)"

# an audit session: its digest over the commands it audited, from zero
check "an audit session" tpm2_startauthsession -S audit.ctx --audit-session
r3=$(random 8 r3.bin -S audit.ctx)
r4=$(random 24 r4.bin -S audit.ctx)
check "GetSessionAuditDigest signed" tpm2_getsessionauditdigest -c sign.ctx -S audit.ctx -q 01 \
  -m session.att -s session.sig -f plain
flush
check "OpenSSL verifies its signature" openssl dgst -sha256 -verify sign.pem -signature session.sig session.att
equal "the session audit digest is the test's (two GetRandom)" "$(python3 audit.py chain "8:$r3" "24:$r4")" \
  "$(field session.att digest)"
tpm2_flushcontext audit.ctx >/dev/null 2>&1 || true

check "GetRandom no longer audited" tpm2_setcommandauditstatus -c TPM2_CC_GetRandom
check "GetCommandAuditDigest" tpm2_getcommandauditdigest -c sign.ctx -m third.att -s third.sig
flush
equal "the audited commands are SetCommandCodeAuditStatus alone" "$(python3 audit.py commands 140)" \
  "$(field third.att commands)"

finish
