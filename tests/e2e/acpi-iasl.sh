#!/usr/bin/env bash
# `jvtpm acpi` end to end: for TIS and CRB, with the memory and the SMI PPI transport, the command
# writes the tables; ACPICA's disassembler reads every one without complaint, its compiler
# rebuilds each from the disassembly, its interpreter finds \_SB.TPM with _HID MSFT0101 and
# _STA 0x0F, and the TPM2 table names the right start method. Bad flags and an unwritable
# directory give a one-line error and a non-zero exit.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin acpi-iasl ""
need iasl:"Debian package acpica-tools" acpiexec:"Debian package acpica-tools"
need_jvtpm
jvtpm_acpi() { "$e2e_root/bin/jvtpm" acpi "$@"; }

for tpm in tis crb; do
  for ppi in memory smi; do
    name="$tpm-$ppi" out="$work/$tpm-$ppi"
    if jvtpm_acpi --tpm "$tpm" --ppi "$ppi" --out "$out" >"$work/$name.log" 2>&1; then
      pass "$name: jvtpm acpi wrote its tables"
    else
      fail "$name: jvtpm acpi failed: $(tail -n 1 "$work/$name.log")"; continue
    fi
    for t in xsdt fadt facs madt dsdt tpm2; do
      if (cd "$out" && iasl -d "$t.dat" >"$work/$name-$t-d.log" 2>&1) && [ -s "$out/$t.dsl" ] \
          && ! grep -q '\*\*\*\* ' "$out/$t.dsl"; then
        if (cd "$out" && iasl -p "${t}_re" "$t.dsl" >"$work/$name-$t-c.log" 2>&1); then
          pass "$name: iasl disassembles and recompiles $t"
        else
          fail "$name: iasl cannot recompile $t.dsl: $(grep -m1 -i error "$work/$name-$t-c.log" || true)"
        fi
      else
        fail "$name: iasl -d $t.dat: $(grep -m1 -i -E 'error|invalid' "$work/$name-$t-d.log" "$out/$t.dsl" 2>/dev/null || true)"
      fi
    done
    want=$([ "$tpm" = tis ] && echo 06 || echo 07)
    if grep -Eq "Start Method : $want" "$out/tpm2.dsl" 2>/dev/null; then
      pass "$name: TPM2 start method $want"
    else
      fail "$name: TPM2 start method is not $want"
    fi
    smi=$([ "$ppi" = smi ] && echo 000000B2 || echo 00000000)
    if grep -Eq "SMI Command Port : $smi" "$out/fadt.dsl" 2>/dev/null; then
      pass "$name: FADT SMI command port $smi"
    else
      fail "$name: FADT SMI command port is not $smi"
    fi
    ev=$(cd "$out" && acpiexec -b 'evaluate \_SB.TPM._STA; evaluate \_SB.TPM._HID' dsdt.aml 2>&1 || true)
    if grep -q '\[Integer\] = 000000000000000F' <<<"$ev" && grep -q '"MSFT0101"' <<<"$ev"; then
      pass "$name: acpiexec finds \\_SB.TPM (_HID MSFT0101, _STA 0x0F)"
    else
      fail "$name: acpiexec did not evaluate \\_SB.TPM as expected"
    fi
  done
done

if err=$(jvtpm_acpi --tpm spi --out "$work/bad" 2>&1); then
  fail "a bad --tpm value was accepted"
elif [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [ ! -e "$work/bad" ]; then
  pass "a bad --tpm value gives one line: $err"
else
  fail "a bad --tpm value gave: $err"
fi
touch "$work/plain"
if err=$(jvtpm_acpi --tpm tis --out "$work/plain/sub" 2>&1); then
  fail "an unwritable --out was accepted"
elif [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; then
  pass "an unwritable --out gives one line: $err"
else
  fail "an unwritable --out gave: $err"
fi

finish
