#!/usr/bin/env bash
# tpm2-tools 5.4 against `jvtpm socket` over swtpm's protocol on unix sockets (TCTI swtpm:path=...), or,
# with the argument "mssim" (as tests/e2e/tpm2-tools-mssim.sh calls it), over the TCG simulator
# protocol (TCTI mssim:host=...,port=N). Every tool's output is checked against a value this
# script computes itself (openssl dgst for hashes and PCR extends, the PC Client PCR reset
# values, the requested sizes). Then a changed owner auth and a PCR allocation must survive a
# kill -9 of the server and a restart on the same state directory, and SIGTERM must stop the
# server cleanly.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
protocol=${1:-swtpm}
case "$protocol" in swtpm|mssim) ;; *) echo "usage: $0 [swtpm|mssim]" >&2; exit 2 ;; esac
if [ "${E2E_REFERENCE:-}" = swtpm ] && [ "$protocol" = mssim ]; then
  echo "E2E_REFERENCE=swtpm works with the swtpm protocol only" >&2; exit 2
fi
e2e_begin "tpm2-tools-$protocol"
need tpm2_startup:"Debian package tpm2-tools" openssl od java:"a JDK"
[ "$(tpm_impl)" = swtpm ] && need swtpm || need_jvtpm

state="$work/state"
mkdir -p "$state"
server_pid=

# start_server: the server on $state; the swtpm protocol over unix sockets (TCTI swtpm:path=...,
# the control socket beside it at path.ctrl), mssim over TCP (TCTI mssim:host=...,port=N)
start_server() {
  if [ "$protocol" = mssim ]; then
    tpm_server_tcp server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --protocol mssim \
      --server "type=tcp,port=PORT,bindaddr=127.0.0.1" --log "file=$work/server.log,level=1" || return 1
    export TPM2TOOLS_TCTI="mssim:host=127.0.0.1,port=$PORT"
  else
    tpm_server server "$(tpm_impl)" --tpm2 --tpmstate "dir=$state" --server "type=unixio,path=$work/tpm.sock" \
      --ctrl "type=unixio,path=$work/tpm.sock.ctrl" --flags not-need-init \
      --log "file=$work/server.log,level=1" || return 1
    export TPM2TOOLS_TCTI="swtpm:path=$work/tpm.sock"
  fi
  server_pid=$SERVER_PID
}
pidfile="$work/server.pid"

hex2bin() { local h; h=$(tr -d ' \n'); printf "$(printf '%s' "$h" | sed 's/../\\x&/g')"; }
bin2hex() { od -An -v -tx1 | tr -d ' \n'; }
# pcr BANK INDEX: the PCR's value as lowercase hex
pcr() { tpm2_pcrread "$1:$2" | sed -n "s/^ *$2 *: 0x//p" | tr 'A-F' 'a-f'; }
zeros() { printf '%0*d' "$1" 0; }
ones() { printf 'f%.0s' $(seq 1 "$1"); }
digest_hex_len() { case "$1" in sha1) echo 40 ;; sha256) echo 64 ;; sha384) echo 96 ;; sha512) echo 128 ;; esac; }
# banks: the PCR banks with PCRs allocated, from tpm2_getcap pcrs
banks() { tpm2_getcap pcrs | sed -n 's/^ *- \([a-z0-9]*\): \[ *[0-9].*/\1/p'; }

start_server || abort "the server runs"

# --- startup, self test -----------------------------------------------------------------------
check "tpm2_startup -c" tpm2_startup -c
check "tpm2_selftest -f" tpm2_selftest -f
t_testresult() { tpm2_gettestresult | tee /dev/stderr | grep -q '^status: *success'; }
check "tpm2_gettestresult says success" t_testresult

# --- every capability group ---------------------------------------------------------------------
groups=$(tpm2_getcap -l | sed -n 's/^- //p')
[ -n "$groups" ] && pass "tpm2_getcap -l lists $(echo $groups | wc -w) groups" || fail "tpm2_getcap -l listed nothing"
for g in $groups; do
  t_getcap() { tpm2_getcap "$g" >"$work/cap-$g"; }
  check "tpm2_getcap $g" t_getcap
done
t_family() { grep -A 2 'TPM2_PT_FAMILY_INDICATOR' "$work/cap-properties-fixed" | grep -q 'value: "2.0"'; }
check "properties-fixed: TPM2_PT_FAMILY_INDICATOR is \"2.0\"" t_family
t_commands() { for cc in 0x144 0x17B 0x182 0x17E 0x17D; do grep -qi "commandIndex: $cc" "$work/cap-commands" || { echo "missing $cc"; return 1; }; done; }
check "commands lists Startup, GetRandom, PCR_Extend, PCR_Read, Hash" t_commands
t_permanent() { grep -qi '0x40000001' "$work/cap-handles-permanent" && grep -qi '0x4000000C' "$work/cap-handles-permanent"; }
check "handles-permanent lists TPM_RH_OWNER and TPM_RH_PLATFORM" t_permanent
t_handles_pcr() { [ "$(grep -ci '^ *- 0x' "$work/cap-handles-pcr")" -eq 24 ]; }
check "handles-pcr lists 24 PCRs" t_handles_pcr
t_pcrs_all() { grep -q '^ *- sha256: \[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 \]' "$work/cap-pcrs"; }
check "pcrs: sha256 bank holds PCR 0..23" t_pcrs_all

# --- random -----------------------------------------------------------------------------------
t_random_sizes() {
  local n
  for n in $(seq 1 64); do
    tpm2_getrandom -o "$work/rnd" "$n"
    [ "$(stat -c %s "$work/rnd")" -eq "$n" ] || { echo "asked $n bytes, got $(stat -c %s "$work/rnd")"; return 1; }
  done
}
check "tpm2_getrandom 1..64 gives exactly that many bytes" t_random_sizes
t_random_differs() { [ "$(tpm2_getrandom --hex 32)" != "$(tpm2_getrandom --hex 32)" ]; }
check "two tpm2_getrandom 32 differ" t_random_differs
t_random_over() { ! tpm2_getrandom -o "$work/rnd" 65 && tpm2_getrandom --force 100 -o "$work/rnd"; }
check "tpm2_getrandom 65 refused (max digest 64), --force 100 accepted" t_random_over
t_stir() { head -c 48 /dev/urandom >"$work/stir"; tpm2_stirrandom "$work/stir" && tpm2_getrandom -o "$work/rnd" 16; }
check "tpm2_stirrandom 48 bytes" t_stir

# --- PCRs: read all banks -----------------------------------------------------------------------
t_pcrread_all() {
  local b i len want
  tpm2_pcrread >"$work/pcrread"
  : >"$work/pcrread.want"
  for b in $(banks); do
    len=$(digest_hex_len "$b")
    echo "  $b:" >>"$work/pcrread.want"
    for i in $(seq 0 23); do
      if [ "$i" -ge 17 ] && [ "$i" -le 22 ]; then want=$(ones "$len"); else want=$(zeros "$len"); fi
      printf '    %-2s: 0x%s\n' "$i" "$want" | tr 'a-f' 'A-F' >>"$work/pcrread.want"
    done
  done
  diff "$work/pcrread.want" "$work/pcrread"
}
check "tpm2_pcrread: every bank 0 for PCR 0-16,23 and all ones for 17-22" t_pcrread_all

# --- extend, event, reset -------------------------------------------------------------------------
t_extend() {
  local b d old want got
  for b in sha1 sha256; do
    old=$(pcr "$b" 16)
    d=$(printf 'jvtpm extend %s' "$b" | openssl dgst -"$b" -binary | bin2hex)
    tpm2_pcrextend "16:$b=$d"
    want=$( (echo "$old" | hex2bin; echo "$d" | hex2bin) | openssl dgst -"$b" -binary | bin2hex)
    got=$(pcr "$b" 16)
    [ "$got" = "$want" ] || { echo "$b: want $want got $got"; return 1; }
  done
}
check "tpm2_pcrextend 16 (sha1, sha256) = H(old || digest) by openssl" t_extend
t_extend_multi() {
  local d1 d256 o1 o256
  o1=$(pcr sha1 23) o256=$(pcr sha256 23)
  d1=$(printf a | openssl dgst -sha1 -binary | bin2hex) d256=$(printf a | openssl dgst -sha256 -binary | bin2hex)
  tpm2_pcrextend "23:sha1=$d1,sha256=$d256"
  [ "$(pcr sha1 23)" = "$( (echo "$o1" | hex2bin; echo "$d1" | hex2bin) | openssl dgst -sha1 -binary | bin2hex)" ] &&
  [ "$(pcr sha256 23)" = "$( (echo "$o256" | hex2bin; echo "$d256" | hex2bin) | openssl dgst -sha256 -binary | bin2hex)" ]
}
check "tpm2_pcrextend 23 with two banks in one command" t_extend_multi
t_event() {
  local b old want
  head -c 777 /dev/urandom >"$work/event"
  old=$(pcr sha256 16)
  tpm2_pcrevent 16 "$work/event" >"$work/event.out"
  for b in sha1 sha256 sha384 sha512; do
    if banks | grep -qx "$b"; then
      want=$(openssl dgst -"$b" -binary "$work/event" | bin2hex)
      grep -qi "^$b: *$want" "$work/event.out" || { echo "$b digest: want $want"; cat "$work/event.out"; return 1; }
    fi
  done
  want=$( (echo "$old" | hex2bin; openssl dgst -sha256 -binary "$work/event") | openssl dgst -sha256 -binary | bin2hex)
  [ "$(pcr sha256 16)" = "$want" ] || { echo "PCR16 sha256: want $want got $(pcr sha256 16)"; return 1; }
}
check "tpm2_pcrevent 16: digests and the extended PCR match openssl" t_event
t_reset16() { tpm2_pcrreset 16 && [ "$(pcr sha256 16)" = "$(zeros 64)" ] && [ "$(pcr sha1 16)" = "$(zeros 40)" ]; }
check "tpm2_pcrreset 16 clears it" t_reset16
t_reset23() { tpm2_pcrreset 23 && [ "$(pcr sha256 23)" = "$(zeros 64)" ]; }
check "tpm2_pcrreset 23 clears it" t_reset23
t_reset0() {
  local o
  tpm2_pcrextend "0:sha256=$(printf x | openssl dgst -sha256 -binary | bin2hex)"
  o=$(pcr sha256 0)
  if tpm2_pcrreset 0 >"$work/reset0" 2>&1; then echo "PCR 0 reset allowed"; return 1; fi
  grep -q '0x907\|locality' "$work/reset0" && [ "$(pcr sha256 0)" = "$o" ]
}
check "tpm2_pcrreset 0 refused (TPM_RC_LOCALITY), PCR 0 unchanged" t_reset0

# --- hash ----------------------------------------------------------------------------------------
for size in 0 1024 5000; do
  head -c "$size" /dev/urandom >"$work/data-$size"
  for alg in sha1 sha256 sha384 sha512; do
    t_hash() {
      tpm2_hash -g "$alg" -o "$work/h.bin" -t "$work/t.bin" "$work/data-$size" &&
      [ "$(bin2hex <"$work/h.bin")" = "$(openssl dgst -"$alg" -binary "$work/data-$size" | bin2hex)" ]
    }
    check "tpm2_hash $alg of $size bytes = openssl dgst" t_hash
  done
done

# --- clock ----------------------------------------------------------------------------------------
clock() { tpm2_readclock | sed -n 's/^ *clock: *//p'; }
t_clock() {
  local c1 c2
  c1=$(clock); sleep 0.3; c2=$(clock)
  [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ] || { echo "clock $c1 then $c2"; return 1; }
  tpm2_readclock | grep -q '^ *safe: yes'
}
check "tpm2_readclock: clock advances, safe" t_clock

# --- owner auth and PCR allocation, then kill -9 ------------------------------------------------
# (PCR_Allocate leaves banks it is not told about as they are: sha1 and sha512 are named "none")
check "tpm2_changeauth -c owner to a new password" tpm2_changeauth -c owner ownerpw
t_auth_wrong() { ! tpm2_changeauth -c owner -p wrongpw other; }
check "tpm2_changeauth with the wrong owner password refused" t_auth_wrong
before_banks=$(banks | tr '\n' ' ')
check "tpm2_pcrallocate sha1:none+sha256:all+sha384:all+sha512:none" \
  tpm2_pcrallocate sha1:none+sha256:all+sha384:all+sha512:none
t_alloc_pending() { [ "$(banks | tr '\n' ' ')" = "$before_banks" ]; }
check "allocation waits for the next TPM reset" t_alloc_pending

server_stop "$server_pid" KILL
server_pid=
if start_server; then
  pass "server restarted on the same state after kill -9"
  check "tpm2_startup -c after restart" tpm2_startup -c
  t_alloc_kept() { [ "$(banks | tr '\n' ' ')" = "sha256 sha384 " ]; }
  check "PCR allocation survived: banks are sha256 and sha384" t_alloc_kept
  t_pcr_new_banks() {
    local b len
    for b in sha256 sha384; do
      len=$(digest_hex_len "$b")
      [ "$(pcr "$b" 7)" = "$(zeros "$len")" ] && [ "$(pcr "$b" 18)" = "$(ones "$len")" ] || return 1
    done
  }
  check "PCRs of the new banks read their reset values" t_pcr_new_banks
  check "owner password survived: wrong one refused" t_auth_wrong
  check "owner password survived: right one accepted (set back to empty)" tpm2_changeauth -c owner -p ownerpw
  check "tpm2_shutdown -c" tpm2_shutdown -c
  t_sigterm() {
    local pid=$server_pid
    server_pid=
    server_stop "$pid" TERM || { echo "still running 10 s after SIGTERM"; return 1; }
    [ ! -e "$pidfile" ] || { echo "pid file left behind"; return 1; }
  }
  check "SIGTERM stops the server cleanly (pid file removed)" t_sigterm
fi

finish
