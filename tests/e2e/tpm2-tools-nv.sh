#!/usr/bin/env bash
# NV storage with tpm2-tools 5.4 against `jvtpm socket` (swtpm protocol on unix sockets, TCTI
# swtpm:path=...), or against swtpm with E2E_REFERENCE=swtpm: every index type (ordinary, counter,
# bits, extend, PIN pass, PIN fail) defined, written and read back at offsets; reads and writes
# through a salted HMAC session with parameter encryption and a POLICYREAD policy session; the lock
# attributes (WRITE_STCLEAR, READ_STCLEAR and CLEAR_STCLEAR across Shutdown / _TPM_Init on the
# control channel / Startup, WRITEDEFINE, GLOBALLOCK); NV_ChangeAuth under its policy; NV_UndefineSpace and
# NV_UndefineSpaceSpecial under a policy with platform auth; NV_Certify's signature verified by
# OpenSSL; indices defined until TPM_RC_NV_SPACE; the same NV after a restart of the server process
# on its state directory (and a counter that does not go back after kill -9); a disabled owner
# hierarchy (shEnable) or platform NV (phEnableNV) hiding its indices; owner indices gone after
# TPM2_Clear while the platform's stay; then, with swtpm installed, the same NV sequence on `jvtpm
# socket` and `swtpm socket` side by side, both restarted (orderly, kill -9, Shutdown(STATE)) and
# their read-backs compared. Expected values are computed here (openssl dgst for
# extends, the TPMS_NV_PUBLIC for the name); response codes are libtpms's (swtpm answers the same).
# Every tool runs under a timeout (E2E_TOOL_TIMEOUT seconds, 60 by default).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin tpm2-tools-nv
need tpm2_nvdefine:"Debian package tpm2-tools" tpm2_nvcertify:"Debian package tpm2-tools" \
  swtpm_ioctl:"Debian package swtpm-tools" openssl xxd timeout
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

tool_timeout=${E2E_TOOL_TIMEOUT:-60}
# tpm CMD...: CMD under the tool timeout (a hung server is a failed check, not a hung script)
tpm() { timeout -k 5 "$tool_timeout" "$@"; }

# refuses WHAT RC CMD...: CMD (under the timeout) fails with TPM response code RC
refuses() { refuses_with "$1" "$2" tpm "${@:3}"; }

# reads WHAT HEX CMD...: PASS when CMD succeeds and writes exactly the bytes HEX to stdout
reads() {
  local what=$1 want=$2 got; shift 2
  if ! tpm "$@" >"$work/read.bin" 2>"$work/check.log"; then
    fail "$what"; sed 's/^/    /' "$work/check.log" | tail -n 8
    return 0
  fi
  got=$(xxd -p "$work/read.bin" | tr -d '\n')
  if [ "$got" = "$want" ]; then pass "$what"; else fail "$what (read ${got:-nothing}, expected $want)"; fi
}

# q CMD...: a preparation step; its failure is logged and shows in the checks that depend on it
q() { tpm "$@" >>"$work/steps.log" 2>&1 || echo "step failed: $*" >>"$work/steps.log"; }
hex() { printf '%s' "$1" | xxd -p | tr -d '\n'; }
ffs() { printf 'ff%.0s' $(seq 1 "$1"); }
# u64 N: N as 8 big-endian bytes in hex
u64() { printf '%016x' "$1"; }
# listed HANDLE / not_listed HANDLE: tpm2_getcap handles-nv-index lists HANDLE / answers without it
nv_handles() { tpm tpm2_getcap handles-nv-index >"$work/handles.txt" || { cat "$work/handles.txt"; return 1; }; }
listed() { nv_handles && grep -qix -- "- $(printf '0x%x' $(($1)))" "$work/handles.txt"; }
not_listed() { nv_handles && ! grep -qix -- "- $(printf '0x%x' $(($1)))" "$work/handles.txt"; }
# was_listed HANDLE: "yes" when HANDLE is listed now; gone WAS HANDLE: it was listed before (WAS is
# yes) and is not now, so a TPM that never had the index does not pass
was_listed() { if listed "$1" >/dev/null 2>&1; then echo yes; else echo no; fi; }
gone() { [ "$1" = yes ] || { echo "$2 was not listed before"; return 1; }; not_listed "$2"; }
# attrs HANDLE: the attributes tpm2_nvreadpublic prints for HANDLE, e.g. ownerwrite|ownerread|written
attrs() { tpm tpm2_nvreadpublic "$1" 2>/dev/null | sed -n '/attributes:/{n;s/^ *friendly: *//p}'; }
# (no grep -q at the end of a pipe: under pipefail the writer's SIGPIPE would fail the check)
has_attr() { local a; a=$(attrs "$1"); echo "attributes: $a"; [[ "|$a|" == *"|$2|"* ]]; }
lacks_attr() { local a; a=$(attrs "$1"); echo "attributes: $a"; [ -n "$a" ] && [[ "|$a|" != *"|$2|"* ]]; }
# policy FILE CC...: the policy digest of PolicyCommandCode(CC) (and PolicyAuthValue with "authvalue")
policy() {
  local file=$1 p; shift
  q tpm2_startauthsession -S "$work/trial.ctx"
  for p in "$@"; do
    if [ "$p" = authvalue ]; then q tpm2_policyauthvalue -S "$work/trial.ctx" -L "$file"
    else q tpm2_policycommandcode -S "$work/trial.ctx" -L "$file" "$p"; fi
  done
  q tpm2_flushcontext "$work/trial.ctx"
}

state="$work/state"
mkdir -p "$state"
server_pid=

# start_server: the server on $state over swtpm's protocol on unix sockets in $work
start_server() {
  tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
    --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init,startup-clear \
    --log "file=$work/server.log,level=1" || return 1
  server_pid=$SERVER_PID
  export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"
}
stop_server() {
  [ -z "$server_pid" ] || server_stop "$server_pid" "${1:-TERM}" || true
  server_pid=
}
# reboot: an orderly TPM restart without a new process: TPM2_Shutdown(CLEAR), _TPM_Init on the
# control channel (PTM_INIT), TPM2_Startup(CLEAR)
reboot() {
  tpm tpm2_shutdown -c && tpm swtpm_ioctl --unix "$work/tpm.sock.ctrl" -i && tpm tpm2_startup -c
}

cd "$work"
start_server || abort "the server runs"

# ---- limits the TPM reports
props=$(tpm tpm2_getcap properties-fixed 2>&1 || true)
prop() { printf '%s\n' "$props" | sed -n "/^$1:/{n;s/^ *raw: *//p}"; }
index_max=$(prop TPM2_PT_NV_INDEX_MAX) buffer_max=$(prop TPM2_PT_NV_BUFFER_MAX)
if [ -n "$index_max" ] && [ $((index_max)) -gt 0 ] && [ -n "$buffer_max" ] && [ $((buffer_max)) -gt 0 ]; then
  pass "TPM_PT_NV_INDEX_MAX ($((index_max))) and TPM_PT_NV_BUFFER_MAX ($((buffer_max))) are reported"
else
  fail "TPM_PT_NV_INDEX_MAX and TPM_PT_NV_BUFFER_MAX are reported (got '$index_max', '$buffer_max')"
  index_max=2048 buffer_max=1024
fi
index_max=$((index_max)) buffer_max=$((buffer_max))
refuses "an index larger than TPM_PT_NV_INDEX_MAX (TPM_RC_SIZE)" 0x000002d5 \
  tpm2_nvdefine 0x01500099 -C o -s $((index_max + 1)) -a "ownerread|ownerwrite"

# ---- an ordinary index: define, read public, write and read at offsets
ord=0x01500001
check "tpm2_nvdefine an ordinary index (32 bytes, owner and auth read/write, password)" \
  tpm tpm2_nvdefine $ord -C o -s 32 -a "ownerread|ownerwrite|authread|authwrite" -p nvpw
check "the index is listed in handles-nv-index" listed $ord
t_size() { local pub; pub=$(tpm tpm2_nvreadpublic $ord) && printf '%s\n' "$pub" && [[ "$pub" == *$'\n  size: 32'* ]]; }
check "tpm2_nvreadpublic gives the defined size" t_size
check "tpm2_nvreadpublic: no WRITTEN before the first write" lacks_attr $ord written
# the name: nameAlg || SHA-256(TPMS_NV_PUBLIC) over index, nameAlg, attributes, empty policy, size
t_name() {
  local pub val name want
  pub=$(tpm tpm2_nvreadpublic $ord)
  val=$(printf '%s\n' "$pub" | sed -n '/attributes:/,/value:/s/^ *value: *0x//p' | head -n 1)
  name=$(printf '%s\n' "$pub" | sed -n 's/^ *name: *//p' | tr 'A-F' 'a-f')
  want=000b$(printf '%s' "01500001000b$(printf '%08x' "0x$val")00000020" | xxd -r -p | openssl dgst -sha256 -r | cut -c1-64)
  echo "name $name, computed $want"
  [ -n "$val" ] && [ "$name" = "$want" ]
}
check "the index's name is nameAlg || SHA-256 of its TPMS_NV_PUBLIC" t_name
refuses "reading an index never written (TPM_RC_NV_UNINITIALIZED)" 0x0000014a tpm2_nvread $ord -C o -s 32
printf 'hello' >hello.dat
check "tpm2_nvwrite 5 bytes at offset 4 with the index's password" tpm tpm2_nvwrite $ord -C $ord -P nvpw -i hello.dat --offset 4
reads "tpm2_nvread 5 bytes at offset 4 (index auth)" "$(hex hello)" tpm2_nvread $ord -C $ord -P nvpw -s 5 --offset 4
reads "partial read: 3 bytes at offset 5 (owner auth)" "$(hex ell)" tpm2_nvread $ord -C o -s 3 --offset 5
reads "the whole index: the first write filled the rest with 0xff" "$(ffs 4)$(hex hello)$(ffs 23)" tpm2_nvread $ord -C o -s 32
check "tpm2_nvreadpublic: WRITTEN after the first write" has_attr $ord written
printf 'ABCDEFGH' >abc.dat
q tpm2_nvwrite $ord -C o -i abc.dat --offset 24
reads "a second write at offset 24 leaves the first" "$(ffs 4)$(hex hello)$(ffs 15)$(hex ABCDEFGH)" tpm2_nvread $ord -C o
refuses "tpm2_nvwrite with a wrong password (TPM_RC_AUTH_FAIL, DA)" 0x0000098e tpm2_nvwrite $ord -C $ord -P wrong -i abc.dat
q tpm2_dictionarylockout -c
nda=0x01500002
q tpm2_nvdefine $nda -C o -s 8 -a "ownerread|ownerwrite|authread|authwrite|no_da" -p nvpw
q tpm2_nvwrite $nda -C o -i abc.dat
refuses "tpm2_nvread with a wrong password on a NO_DA index (TPM_RC_BAD_AUTH)" 0x000009a2 tpm2_nvread $nda -C $nda -P wrong
ownonly=0x01500003
q tpm2_nvdefine $ownonly -C o -s 8 -a "ownerread|ownerwrite"
q tpm2_nvwrite $ownonly -C o -i abc.dat
refuses "index auth on an index without AUTHREAD (TPM_RC_AUTH_UNAVAILABLE)" 0x0000012f tpm2_nvread $ownonly -C $ownonly
refuses "tpm2_nvdefine of a handle in use (TPM_RC_NV_DEFINED)" 0x0000014c tpm2_nvdefine $ownonly -C o -s 8 -a "ownerread|ownerwrite"
big=0x01500004
head -c "$index_max" /dev/urandom >big.dat
q tpm2_nvdefine $big -C o -s "$index_max" -a "ownerread|ownerwrite"
check "tpm2_nvwrite of $index_max bytes (NV_Write in chunks of at most TPM_PT_NV_BUFFER_MAX at offsets)" \
  tpm tpm2_nvwrite $big -C o -i big.dat
t_big() { tpm tpm2_nvread $big -C o -o big.out && cmp big.dat big.out; }
check "tpm2_nvread of the $index_max bytes (NV_Read in chunks) gives them back" t_big
wall=0x01500005
q tpm2_nvdefine $wall -C o -s 8 -a "ownerread|ownerwrite|writeall"
refuses "a partial write of a WRITEALL index (TPM_RC_NV_RANGE)" 0x00000146 tpm2_nvwrite $wall -C o -i hello.dat
check "a whole write of a WRITEALL index" tpm tpm2_nvwrite $wall -C o -i abc.dat

# ---- sessions: a salted HMAC session with parameter encryption (the index's name in cpHash and
# rpHash, the data encrypted both ways), and a policy session for a POLICYREAD index
q tpm2_createprimary -C o -c salt.ctx
q tpm2_startauthsession --hmac-session -c salt.ctx -S hmac.ctx
q tpm2_sessionconfig hmac.ctx --enable-encrypt --enable-decrypt
printf '16 bytes secret!' >sec.dat
check "tpm2_nvwrite through a salted HMAC session, the data encrypted" \
  tpm tpm2_nvwrite $ord -C $ord -P "session:hmac.ctx+nvpw" -i sec.dat --offset 16
reads "tpm2_nvread through the session, the response encrypted" "$(hex '16 bytes secret!')" \
  tpm2_nvread $ord -C $ord -P "session:hmac.ctx+nvpw" -s 16 --offset 16
refuses "a wrong password in the HMAC session (TPM_RC_AUTH_FAIL)" 0x0000098e \
  tpm2_nvread $ord -C $ord -P "session:hmac.ctx+wrong" -s 16 --offset 16
q tpm2_flushcontext hmac.ctx
q tpm2_flushcontext -t
q tpm2_dictionarylockout -c
q tpm2_nvwrite $ord -C o -i abc.dat --offset 24
# what the ordinary index holds from here on
ord_val="$(ffs 4)$(hex hello)$(ffs 7)$(hex '16 bytes')$(hex ABCDEFGH)"
pread=0x01500006
policy read.policy TPM2_CC_NV_Read
q tpm2_nvdefine $pread -C o -s 8 -a "ownerwrite|policyread" -L read.policy
q tpm2_nvwrite $pread -C o -i abc.dat
q tpm2_startauthsession --policy-session -S pr.ctx
q tpm2_policycommandcode -S pr.ctx TPM2_CC_NV_Read
reads "a POLICYREAD index read under its policy session" "$(hex ABCDEFGH)" tpm2_nvread $pread -C $pread -P session:pr.ctx
q tpm2_flushcontext pr.ctx
q tpm2_startauthsession --policy-session -S pw.ctx
q tpm2_policycommandcode -S pw.ctx TPM2_CC_NV_Write
refuses "a POLICYREAD index under a policy for another command (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_nvread $pread -C $pread -P session:pw.ctx
q tpm2_flushcontext pw.ctx
refuses "a POLICYREAD index without AUTHREAD read with its password (TPM_RC_AUTH_UNAVAILABLE)" 0x0000012f \
  tpm2_nvread $pread -C $pread

# ---- counter
ctr=0x01500010
check "tpm2_nvdefine a counter (nt=counter)" tpm tpm2_nvdefine $ctr -C o -a "nt=counter|ownerread|ownerwrite|authread|authwrite" -p ctrpw
refuses "reading a counter never incremented (TPM_RC_NV_UNINITIALIZED)" 0x0000014a tpm2_nvread $ctr -C o
check "tpm2_nvincrement" tpm tpm2_nvincrement $ctr -C o
c1=$(tpm tpm2_nvread $ctr -C o 2>/dev/null | xxd -p | tr -d '\n' || true)
if [ ${#c1} -eq 16 ]; then pass "the counter reads as 8 bytes ($c1)"; else fail "the counter reads as 8 bytes (got '$c1')"; c1=0000000000000000; fi
q tpm2_nvincrement $ctr -C $ctr -P ctrpw
q tpm2_nvincrement $ctr -C o
reads "two more increments (index and owner auth) add 2" "$(u64 $((0x$c1 + 2)))" tpm2_nvread $ctr -C o
refuses "tpm2_nvwrite on a counter (TPM_RC_ATTRIBUTES)" 0x00000082 tpm2_nvwrite $ctr -C o -i abc.dat
refuses "tpm2_nvincrement on an ordinary index (TPM_RC_ATTRIBUTES, handle 2)" 0x00000282 tpm2_nvincrement $ownonly -C o
octr=0x01500012
q tpm2_nvdefine $octr -C o -a "nt=counter|ownerread|ownerwrite|orderly"
for _ in 1 2 3 4 5; do q tpm2_nvincrement $octr -C o; done
oc=$(tpm tpm2_nvread $octr -C o 2>/dev/null | xxd -p | tr -d '\n' || true)
[ -n "$oc" ] || oc=0

# ---- bit field
bits=0x01500020
check "tpm2_nvdefine a bit field (nt=bits)" tpm tpm2_nvdefine $bits -C o -a "nt=bits|ownerread|ownerwrite"
check "tpm2_nvsetbits 0x5" tpm tpm2_nvsetbits $bits -C o -i 0x5
q tpm2_nvsetbits $bits -C o -i 0x8000000000000100
reads "tpm2_nvsetbits ORs: 0x5 then 0x8000000000000100" 8000000000000105 tpm2_nvread $bits -C o
q tpm2_nvsetbits $bits -C o -i 0x0
reads "tpm2_nvsetbits 0 changes nothing" 8000000000000105 tpm2_nvread $bits -C o

# ---- extend
ext=0x01500030
check "tpm2_nvdefine an extend index (nt=extend, SHA-256)" tpm tpm2_nvdefine $ext -C o -g sha256 -a "nt=extend|ownerread|ownerwrite"
printf 'first measurement' >m1.dat
printf 'second measurement' >m2.dat
check "tpm2_nvextend" tpm tpm2_nvextend $ext -C o -i m1.dat
e1=$( { printf '%064d' 0 | xxd -r -p; cat m1.dat; } | openssl dgst -sha256 -r | cut -c1-64)
reads "the extend index holds SHA-256(zeros || data)" "$e1" tpm2_nvread $ext -C o
q tpm2_nvextend $ext -C o -i m2.dat
e2=$( { printf '%s' "$e1" | xxd -r -p; cat m2.dat; } | openssl dgst -sha256 -r | cut -c1-64)
reads "a second tpm2_nvextend: SHA-256(previous || data)" "$e2" tpm2_nvread $ext -C o

# ---- PIN fail and PIN pass indices (TPMS_NV_PIN_COUNTER_PARAMETERS: pinCount, pinLimit)
pinfail=0x01500040 pinpass=0x01500041
printf '0000000000000002' | xxd -r -p >pin.dat
check "tpm2_nvdefine a PIN fail index (nt=pinfail, NO_DA)" \
  tpm tpm2_nvdefine $pinfail -C o -s 8 -a "nt=pinfail|ownerread|ownerwrite|authread|no_da" -p pin
check "pinCount 0, pinLimit 2 written to the PIN fail index" tpm tpm2_nvwrite $pinfail -C o -i pin.dat
reads "the right PIN reads the PIN fail index; pinCount stays 0" 0000000000000002 tpm2_nvread $pinfail -C $pinfail -P pin
refuses "a wrong PIN (TPM_RC_BAD_AUTH)" 0x000009a2 tpm2_nvread $pinfail -C $pinfail -P bad
reads "the wrong PIN counted: pinCount 1" 0000000100000002 tpm2_nvread $pinfail -C o
refuses "a second wrong PIN (TPM_RC_BAD_AUTH)" 0x000009a2 tpm2_nvread $pinfail -C $pinfail -P bad
refuses "pinCount at pinLimit: even the right PIN fails (TPM_RC_AUTH_UNAVAILABLE)" 0x0000012f tpm2_nvread $pinfail -C $pinfail -P pin
refuses "a PIN fail index without NO_DA (TPM_RC_ATTRIBUTES)" 0x000002c2 \
  tpm2_nvdefine 0x01500042 -C o -s 8 -a "nt=pinfail|ownerread|ownerwrite|authread" -p pin
check "tpm2_nvdefine a PIN pass index (nt=pinpass)" \
  tpm tpm2_nvdefine $pinpass -C o -s 8 -a "nt=pinpass|ownerread|ownerwrite|authread" -p pin
q tpm2_nvwrite $pinpass -C o -i pin.dat
reads "a use of the PIN pass index counts: pinCount 1" 0000000100000002 tpm2_nvread $pinpass -C $pinpass -P pin
reads "a second use: pinCount 2" 0000000200000002 tpm2_nvread $pinpass -C $pinpass -P pin
refuses "pinCount at pinLimit: the PIN pass index is used up (TPM_RC_AUTH_UNAVAILABLE)" 0x0000012f tpm2_nvread $pinpass -C $pinpass -P pin

# ---- locks: WRITE_STCLEAR, READ_STCLEAR, WRITEDEFINE, GLOBALLOCK
wst=0x01500050 rst=0x01500051 wdef=0x01500052 glob=0x01500053 cst=0x01500054
q tpm2_nvdefine $cst -C o -s 8 -a "ownerread|ownerwrite|clear_stclear"
q tpm2_nvwrite $cst -C o -i abc.dat
reads "a CLEAR_STCLEAR index reads after its write" "$(hex ABCDEFGH)" tpm2_nvread $cst -C o
q tpm2_nvdefine $wst -C o -s 8 -a "ownerread|ownerwrite|write_stclear"
q tpm2_nvdefine $rst -C o -s 8 -a "ownerread|ownerwrite|read_stclear"
q tpm2_nvdefine $wdef -C o -s 8 -a "ownerread|ownerwrite|writedefine"
q tpm2_nvdefine $glob -C o -s 8 -a "ownerread|ownerwrite|globallock"
for h in $wst $rst $wdef $glob; do q tpm2_nvwrite $h -C o -i abc.dat; done
refuses "tpm2_nvwritelock on an index without WRITE_STCLEAR or WRITEDEFINE (TPM_RC_ATTRIBUTES, handle 2)" 0x00000282 \
  tpm2_nvwritelock $ownonly -C o
check "tpm2_nvwritelock (WRITE_STCLEAR)" tpm tpm2_nvwritelock $wst -C o
check "tpm2_nvreadpublic shows WRITELOCKED" has_attr $wst writelocked
refuses "a write of the write-locked index (TPM_RC_NV_LOCKED)" 0x00000148 tpm2_nvwrite $wst -C o -i abc.dat
check "tpm2_nvwritelock (WRITEDEFINE)" tpm tpm2_nvwritelock $wdef -C o
refuses "a write of the WRITEDEFINE-locked index (TPM_RC_NV_LOCKED)" 0x00000148 tpm2_nvwrite $wdef -C o -i abc.dat
check "tpm2_nvreadlock (READ_STCLEAR)" tpm tpm2_nvreadlock $rst -C o
check "tpm2_nvreadpublic shows READLOCKED" has_attr $rst readlocked
refuses "a read of the read-locked index (TPM_RC_NV_LOCKED)" 0x00000148 tpm2_nvread $rst -C o
refuses "tpm2_nvreadlock on an index without READ_STCLEAR (TPM_RC_ATTRIBUTES, handle 2)" 0x00000282 tpm2_nvreadlock $ownonly -C o
check "tpm2_nvwritelock --global (NV_GlobalWriteLock)" tpm tpm2_nvwritelock --global -C o
refuses "a write of a GLOBALLOCK index after the global lock (TPM_RC_NV_LOCKED)" 0x00000148 tpm2_nvwrite $glob -C o -i abc.dat
check "an index without GLOBALLOCK stays writable" tpm tpm2_nvwrite $ownonly -C o -i abc.dat
check "TPM restart: TPM2_Shutdown(CLEAR), _TPM_Init on the control channel, TPM2_Startup(CLEAR)" reboot
check "after the restart the WRITE_STCLEAR index is writable again" tpm tpm2_nvwrite $wst -C o -i hello.dat --offset 3
reads "and holds the write" "414243$(hex hello)" tpm2_nvread $wst -C o
reads "after the restart the READ_STCLEAR index is readable again" "$(hex ABCDEFGH)" tpm2_nvread $rst -C o
check "after the restart the GLOBALLOCK index is writable again" tpm tpm2_nvwrite $glob -C o -i abc.dat
refuses "the WRITEDEFINE lock outlives the restart (TPM_RC_NV_LOCKED)" 0x00000148 tpm2_nvwrite $wdef -C o -i abc.dat
refuses "a CLEAR_STCLEAR index is unwritten after the restart (TPM_RC_NV_UNINITIALIZED)" 0x0000014a tpm2_nvread $cst -C o
check "tpm2_nvreadpublic: the CLEAR_STCLEAR index lost WRITTEN" lacks_attr $cst written
reads "the ordinary index is unchanged by the restart" "$ord_val" tpm2_nvread $ord -C o

# ---- NV_ChangeAuth: ADMIN role, a policy session with PolicyCommandCode(NV_ChangeAuth) only
cha=0x01500060
policy ca.policy TPM2_CC_NV_ChangeAuth
check "tpm2_nvdefine with a PolicyCommandCode(NV_ChangeAuth) policy" \
  tpm tpm2_nvdefine $cha -C o -s 8 -a "ownerread|ownerwrite|authread|authwrite" -p oldpw -L ca.policy
refuses "NV_ChangeAuth with the password instead of a policy session (TPM_RC_AUTH_TYPE)" 0x00000124 \
  tpm2_changeauth -c $cha -p oldpw newpw
q tpm2_startauthsession --policy-session -S wrong.ctx
q tpm2_policycommandcode -S wrong.ctx TPM2_CC_NV_Write
refuses "NV_ChangeAuth under a policy for another command (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_changeauth -c $cha -p session:wrong.ctx newpw
q tpm2_flushcontext wrong.ctx
q tpm2_startauthsession --policy-session -S ca.ctx
q tpm2_policycommandcode -S ca.ctx TPM2_CC_NV_ChangeAuth
check "tpm2_changeauth of the index under its policy session (NV_ChangeAuth)" tpm tpm2_changeauth -c $cha -p session:ca.ctx newpw
q tpm2_flushcontext ca.ctx
check "the new password writes the index" tpm tpm2_nvwrite $cha -C $cha -P newpw -i abc.dat
refuses "the old password is refused (TPM_RC_AUTH_FAIL)" 0x0000098e tpm2_nvwrite $cha -C $cha -P oldpw -i abc.dat
q tpm2_dictionarylockout -c

# ---- NV_UndefineSpace and NV_UndefineSpaceSpecial
undef=0x01500070
q tpm2_nvdefine $undef -C o -s 8 -a "ownerread|ownerwrite"
w=$(was_listed $undef)
check "tpm2_nvundefine" tpm tpm2_nvundefine $undef -C o
refuses "the undefined index is gone (TPM_RC_HANDLE)" 0x0000018b tpm2_nvreadpublic $undef
check "the undefined index is no longer listed" gone "$w" $undef
plat=0x01400001 pdel=0x01400002
check "tpm2_nvdefine of a platform index (platform auth, PLATFORMCREATE)" \
  tpm tpm2_nvdefine $plat -C p -s 8 -a "ppread|ppwrite|ownerread|platformcreate"
q tpm2_nvwrite $plat -C p -i abc.dat
refuses "the owner cannot undefine a platform index (TPM_RC_NV_AUTHORIZATION)" 0x00000149 tpm2_nvundefine $plat -C o
policy del.policy TPM2_CC_NV_UndefineSpaceSpecial authvalue
check "tpm2_nvdefine of a POLICY_DELETE index with a PolicyCommandCode(NV_UndefineSpaceSpecial)+PolicyAuthValue policy" \
  tpm tpm2_nvdefine $pdel -C p -s 8 -a "ppread|ppwrite|platformcreate|policydelete" -L del.policy
q tpm2_startauthsession --policy-session -S del1.ctx
q tpm2_policycommandcode -S del1.ctx TPM2_CC_NV_UndefineSpaceSpecial
refuses "NV_UndefineSpaceSpecial under a policy without PolicyAuthValue (TPM_RC_POLICY_FAIL)" 0x0000099d \
  tpm2_nvundefine $pdel -C p -S del1.ctx
q tpm2_flushcontext del1.ctx
check "the POLICY_DELETE index is still there" listed $pdel
w=$(was_listed $pdel)
q tpm2_startauthsession --policy-session -S del2.ctx
q tpm2_policycommandcode -S del2.ctx TPM2_CC_NV_UndefineSpaceSpecial
q tpm2_policyauthvalue -S del2.ctx
check "tpm2_nvundefine -S under the policy with platform auth (NV_UndefineSpaceSpecial)" \
  tpm tpm2_nvundefine $pdel -C p -S del2.ctx
q tpm2_flushcontext del2.ctx
check "the POLICY_DELETE index is gone" gone "$w" $pdel

# ---- NV_Certify, verified by OpenSSL
q tpm2_createprimary -C o -G rsa2048:rsassa-sha256:null -a "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign" -c sk.ctx
q tpm2_readpublic -c sk.ctx -f pem -o sk.pem
check "tpm2_nvcertify 9 bytes at offset 4" \
  tpm tpm2_nvcertify -C sk.ctx -c o -g sha256 -f plain -o cert.sig --attestation cert.att --size 9 --offset 4 $ord
check "NV_Certify's signature over the TPMS_ATTEST verified by OpenSSL" \
  openssl dgst -sha256 -verify sk.pem -signature cert.sig cert.att
t_certinfo() {
  local att name
  att=$(xxd -p cert.att | tr -d '\n')
  name=$(tpm tpm2_nvreadpublic $ord | sed -n 's/^ *name: *//p' | tr 'A-F' 'a-f')
  echo "attest $att"
  # TPMS_ATTEST: magic TPM_GENERATED_VALUE, type TPM_ST_ATTEST_NV; TPMS_NV_CERTIFY_INFO at the end:
  # indexName, offset 4, nvContents (9 bytes)
  [ "${att:0:12}" = ff5443478014 ] && [ ${#name} -eq 68 ] &&
    [ "${att: -$(( (2 + 34 + 2 + 2 + 9) * 2 ))}" = "0022${name}00040009$(hex hello)ffffffff" ]
}
check "the attestation is TPM_ST_ATTEST_NV over the index's name, offset 4 and its 9 bytes" t_certinfo

# ---- the server process restarts on the same state directory
q tpm2_shutdown -c
stop_server
start_server || abort "the server restarts on the same state"
reads "after a server restart: the ordinary index" "$ord_val" tpm2_nvread $ord -C $ord -P nvpw
reads "after a server restart: the counter" "$(u64 $((0x$c1 + 2)))" tpm2_nvread $ctr -C o
reads "after a server restart: the bit field" 8000000000000105 tpm2_nvread $bits -C o
reads "after a server restart: the extend index" "$e2" tpm2_nvread $ext -C o
reads "after a server restart: the orderly counter (orderly shutdown)" "$oc" tpm2_nvread $octr -C o
reads "after a server restart: the PIN pass index's pinCount" 0000000200000002 tpm2_nvread $pinpass -C o
reads "after a server restart: the changed index auth" "$(hex ABCDEFGH)" tpm2_nvread $cha -C $cha -P newpw
refuses "after a server restart: the WRITEDEFINE lock holds" 0x00000148 tpm2_nvwrite $wdef -C o -i abc.dat
for _ in 1 2 3; do q tpm2_nvincrement $octr -C o; done
before=$(tpm tpm2_nvread $octr -C o 2>/dev/null | xxd -p | tr -d '\n' || true)
stop_server KILL
start_server || abort "the server restarts after kill -9"
after=$(tpm tpm2_nvread $octr -C o 2>"$work/check.log" | xxd -p | tr -d '\n' || true)
if [ -n "$before" ] && [ -n "$after" ] && [ $((0x$after)) -ge $((0x$before)) ]; then
  pass "an orderly counter does not go back after kill -9 of the server ($before, then $after)"
else
  fail "an orderly counter does not go back after kill -9 of the server (before '$before', after '$after')"
  sed 's/^/    /' "$work/check.log" | tail -n 8
fi
reads "after kill -9: the ordinary index" "$ord_val" tpm2_nvread $ord -C o

# ---- NV full: define owner indices of TPM_PT_NV_INDEX_MAX bytes until the TPM refuses
t_fill() {
  local i h rc=
  filled=0
  for i in $(seq 1 2000); do
    h=$(printf '0x%08x' $((0x01600000 + i)))
    if ! tpm tpm2_nvdefine "$h" -C o -s "$index_max" -a "ownerread|ownerwrite" >"$work/fill.log" 2>&1; then
      rc=$(sed -n 's/.*ErrorCode (\(0x[0-9a-f]*\)).*/\1/p' "$work/fill.log" | head -n 1)
      break
    fi
    filled=$i
  done
  echo "defined $filled indices of $index_max bytes, then: ${rc:-no refusal}"
  tail -n 3 "$work/fill.log"
  [ "$filled" -gt 0 ] && [ "$rc" = 0x0000014b ]
}
check "indices of $index_max bytes defined until the TPM refuses one with TPM_RC_NV_SPACE (0x14b)" t_fill
t_unfill() {
  local i
  for i in $(seq 1 "$filled"); do tpm tpm2_nvundefine "$(printf '0x%08x' $((0x01600000 + i)))" -C o || return 1; done
  tpm tpm2_nvdefine 0x015000ff -C o -a "nt=counter|ownerread|ownerwrite"
}
check "undefining them frees the space: an index fits again" t_unfill

# ---- a disabled hierarchy hides its indices
check "tpm2_hierarchycontrol -C p shEnable clear" tpm tpm2_hierarchycontrol -C p shEnable clear
refuses "an owner index is hidden while the owner hierarchy is disabled (TPM_RC_HANDLE)" 0x0000018b tpm2_nvreadpublic $ord
reads "a platform index is not" "$(hex ABCDEFGH)" tpm2_nvread $plat -C p
q tpm2_hierarchycontrol -C p shEnable set
reads "the owner index is back once the hierarchy is enabled" "$(hex hello)" tpm2_nvread $ord -C o -s 5 --offset 4
check "tpm2_hierarchycontrol -C p phEnableNV clear" tpm tpm2_hierarchycontrol -C p phEnableNV clear
refuses "a platform index is hidden while phEnableNV is clear (TPM_RC_HANDLE)" 0x0000018b tpm2_nvread $plat -C p
reads "an owner index is not" "$(hex hello)" tpm2_nvread $ord -C o -s 5 --offset 4
q tpm2_hierarchycontrol -C p phEnableNV set
reads "the platform index is back with phEnableNV set" "$(hex ABCDEFGH)" tpm2_nvread $plat -C p

# ---- TPM2_Clear: owner indices go, platform indices stay
w_ord=$(was_listed $ord) w_ctr=$(was_listed $ctr)
check "tpm2_clear (platform auth)" tpm tpm2_clear -c p
check "the owner's ordinary index is gone after Clear" gone "$w_ord" $ord
check "the owner's counter is gone after Clear" gone "$w_ctr" $ctr
refuses "reading the owner's index after Clear (TPM_RC_HANDLE)" 0x0000018b tpm2_nvread $ord -C o
check "the platform's index stays after Clear" listed $plat
reads "and holds its data" "$(hex ABCDEFGH)" tpm2_nvread $plat -C p

# ---- side by side with swtpm: the same NV sequence on `jvtpm socket` and on `swtpm socket`, each on
# its own state directory, both restarted after an orderly end (TPM2_Shutdown, then SIGTERM) and after
# an unorderly one (SIGKILL), and resumed after Shutdown(STATE); what each reads back is compared: ORDERLY data (flushed at Shutdown only),
# counters (non-ORDERLY exact; ORDERLY at the top of its window after the kill; a new counter above
# maxCounter of a deleted one), the STCLEAR locks cleared, WRITEDEFINE's kept, WRITTEN kept or cleared
cmp_dir="$work/cmp"
# on IMPL CMD...: CMD against IMPL's server of the comparison
on() { local impl=$1; shift; TPM2TOOLS_TCTI="swtpm:path=$cmp_dir/$impl.sock" tpm "$@"; }
# cmp_start IMPL [FLAGS]: IMPL's server of the comparison (FLAGS: not-need-init,startup-clear; "none":
# it waits for _TPM_Init)
cmp_start() {
  local flags=(--flags "${2:-not-need-init,startup-clear}")
  [ "${2:-}" != none ] || flags=()
  tpm_server "cmp-$1" "$1" --tpm2 --tpmstate "dir=$cmp_dir/$1" --server "type=unixio,path=$cmp_dir/$1.sock" \
    --ctrl "type=unixio,path=$cmp_dir/$1.sock.ctrl" "${flags[@]}" --log "file=$cmp_dir/$1.log,level=1" || return 1
  eval "cmp_pid_$1=\$SERVER_PID"
}
cmp_stop() { local v="cmp_pid_$1"; server_stop "${!v}" "$2" || true; }
# restart_both SIG [FLAGS]: both servers end with SIG and start again on their state
restart_both() {
  local i
  for i in jvtpm swtpm; do cmp_stop $i "$1"; done
  for i in jvtpm swtpm; do cmp_start $i "${2:-}" || return 1; done
}
# both CMD...: a step on both; a failure is logged and shows in the comparisons
both() {
  local i
  for i in jvtpm swtpm; do on $i "$@" >>"$work/steps.log" 2>&1 || echo "step failed on $i: $*" >>"$work/steps.log"; done
}
# readback IMPL CMD...: "data HEX" of what CMD writes to stdout, or "error RC"
readback() {
  local impl=$1; shift
  if on "$impl" "$@" >"$cmp_dir/out.bin" 2>"$cmp_dir/err.log"; then
    echo "data $(xxd -p "$cmp_dir/out.bin" | tr -d '\n')"
  else
    echo "error $(sed -n 's/.*ErrorCode (\(0x[0-9a-f]*\)).*/\1/p' "$cmp_dir/err.log" | head -n 1)"
  fi
}
# same WHAT CMD...: jvtpm reads back what swtpm reads back
same() {
  local what=$1 a b; shift
  a=$(readback jvtpm "$@") b=$(readback swtpm "$@")
  if [ "$a" = "$b" ]; then pass "$what: both $a"; else fail "$what: jvtpm $a, swtpm $b"; fi
}
# same_attrs WHAT HANDLE: tpm2_nvreadpublic gives both the same attributes
same_attrs() {
  local a b
  # (a tool that fails or crashes leaves its side empty: a FAIL, not the end of the script)
  a=$(TPM2TOOLS_TCTI="swtpm:path=$cmp_dir/jvtpm.sock" attrs "$2" || true)
  b=$(TPM2TOOLS_TCTI="swtpm:path=$cmp_dir/swtpm.sock" attrs "$2" || true)
  if [ -n "$a" ] && [ "$a" = "$b" ]; then pass "$1: both $a"; else fail "$1: jvtpm '$a', swtpm '$b'"; fi
}
# compare_all WHEN: every index of the sequence read back and described on both
compare_all() {
  same "$1: the ordinary index" tpm2_nvread 0x01500101 -C o
  same "$1: the ORDERLY index" tpm2_nvread 0x01500102 -C o
  same_attrs "$1: the ORDERLY index's attributes" 0x01500102
  same "$1: the ORDERLY counter" tpm2_nvread 0x01500103 -C o
  same "$1: the counter" tpm2_nvread 0x01500104 -C o
  same "$1: the counter defined after one with a higher count was deleted (maxCounter)" tpm2_nvread 0x01500106 -C o
  same_attrs "$1: the WRITE_STCLEAR index's attributes" 0x01500107
  same_attrs "$1: the READ_STCLEAR index's attributes" 0x01500108
  same "$1: the READ_STCLEAR index" tpm2_nvread 0x01500108 -C o
  same_attrs "$1: the CLEAR_STCLEAR index's attributes" 0x01500109
  same "$1: the CLEAR_STCLEAR index" tpm2_nvread 0x01500109 -C o
  same_attrs "$1: the WRITEDEFINE index's attributes" 0x0150010a
}
t_side_by_side() {
  local i
  q tpm2_shutdown -c
  stop_server
  mkdir -p "$cmp_dir/jvtpm" "$cmp_dir/swtpm"
  for i in jvtpm swtpm; do cmp_start $i || return 0; done
  printf 'persist-ordinary' >p1.dat
  printf 'orderly1' >o1.dat
  printf 'orderly2' >o2.dat
  printf 'persist-second!!' >p2.dat
  both tpm2_nvdefine 0x01500101 -C o -s 16 -a "ownerread|ownerwrite"
  both tpm2_nvwrite 0x01500101 -C o -i p1.dat
  both tpm2_nvdefine 0x01500102 -C o -s 8 -a "ownerread|ownerwrite|orderly"
  both tpm2_nvdefine 0x01500103 -C o -a "nt=counter|ownerread|ownerwrite|orderly"
  for _ in 1 2 3 4 5; do both tpm2_nvincrement 0x01500103 -C o; done
  both tpm2_nvwrite 0x01500102 -C o -i o1.dat
  both tpm2_nvdefine 0x01500104 -C o -a "nt=counter|ownerread|ownerwrite"
  for _ in 1 2 3; do both tpm2_nvincrement 0x01500104 -C o; done
  both tpm2_nvdefine 0x01500105 -C o -a "nt=counter|ownerread|ownerwrite"
  for _ in 1 2 3 4 5 6 7 8 9 10; do both tpm2_nvincrement 0x01500105 -C o; done
  both tpm2_nvundefine 0x01500105 -C o
  both tpm2_nvdefine 0x01500106 -C o -a "nt=counter|ownerread|ownerwrite"
  both tpm2_nvincrement 0x01500106 -C o
  for i in 0x01500107:write_stclear 0x01500108:read_stclear 0x01500109:clear_stclear 0x0150010a:writedefine; do
    both tpm2_nvdefine "${i%%:*}" -C o -s 8 -a "ownerread|ownerwrite|${i#*:}"
    both tpm2_nvwrite "${i%%:*}" -C o -i abc.dat
  done
  both tpm2_nvwritelock 0x01500107 -C o
  both tpm2_nvreadlock 0x01500108 -C o
  both tpm2_nvwritelock 0x0150010a -C o
  compare_all "before a restart"
  both tpm2_shutdown -c
  restart_both TERM || return 0
  compare_all "after TPM2_Shutdown and a restart"
  both tpm2_nvwrite 0x01500102 -C o -i o2.dat
  for _ in 1 2 3; do both tpm2_nvincrement 0x01500103 -C o; done
  both tpm2_nvwrite 0x01500101 -C o -i p2.dat
  both tpm2_nvincrement 0x01500104 -C o
  both tpm2_nvwrite 0x01500109 -C o -i abc.dat
  both tpm2_nvwritelock 0x01500107 -C o
  both tpm2_nvreadlock 0x01500108 -C o
  compare_all "before kill -9"
  restart_both KILL || return 0
  compare_all "after kill -9 and a restart"
  # TPM Resume in a new process: Shutdown(STATE), a restart without Startup, Startup(STATE)
  both tpm2_nvwrite 0x01500102 -C o -i o2.dat
  both tpm2_nvincrement 0x01500103 -C o
  both tpm2_nvwritelock 0x01500107 -C o
  both tpm2_nvreadlock 0x01500108 -C o
  both tpm2_shutdown
  restart_both TERM not-need-init || return 0
  both tpm2_startup
  compare_all "after TPM2_Shutdown(STATE), a restart and TPM2_Startup(STATE)"
  # a migration as QEMU's: the permanent and volatile blobs taken from the running TPM (swtpm_ioctl
  # --save), loaded into a new one on an empty state directory (--load), then _TPM_Init resumes
  printf 'migrate!' >m.dat
  both tpm2_nvwrite 0x01500102 -C o -i m.dat
  both tpm2_nvwritelock 0x01500107 -C o
  for i in jvtpm swtpm; do
    q swtpm_ioctl --unix "$cmp_dir/$i.sock.ctrl" --save permanent "$cmp_dir/$i.permanent"
    q swtpm_ioctl --unix "$cmp_dir/$i.sock.ctrl" --save volatile "$cmp_dir/$i.volatile"
    cmp_stop $i KILL
    rm -rf "${cmp_dir:?}/$i" && mkdir "$cmp_dir/$i"
    cmp_start $i none || return 0
    q swtpm_ioctl --unix "$cmp_dir/$i.sock.ctrl" --load permanent "$cmp_dir/$i.permanent"
    q swtpm_ioctl --unix "$cmp_dir/$i.sock.ctrl" --load volatile "$cmp_dir/$i.volatile"
    q swtpm_ioctl --unix "$cmp_dir/$i.sock.ctrl" -i
  done
  same "after a migration through the state blobs: the ORDERLY index (its RAM in the volatile blob)" \
    tpm2_nvread 0x01500102 -C o
  same_attrs "after a migration through the state blobs: the ORDERLY index's attributes" 0x01500102
  same_attrs "after a migration through the state blobs: the WRITE_STCLEAR index's attributes" 0x01500107
  same "after a migration through the state blobs: the ordinary index" tpm2_nvread 0x01500101 -C o
  for i in jvtpm swtpm; do cmp_stop $i TERM; done
}
if [ "$(tpm_impl)" = jvtpm ] && command -v swtpm >/dev/null 2>&1; then
  t_side_by_side
else
  skip "the restart comparison with swtpm (needs swtpm, and jvtpm as the TPM under test)"
fi

finish
