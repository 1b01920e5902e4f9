#!/usr/bin/env python3
"""Checks what the jvtpm guest image (tests/guest/init.sh) printed on its console.

usage: guest_check.py CONSOLE_LOG LABEL [--expect-driver tpm_tis|tpm_crb] [--tools T1,T2,...]
                      [--expect KEY=VALUE ...] [--want-eventlog] [--platform-closed hierarchy|auth]

Prints one "PASS <label>: <check>" or "FAIL <label>: <check> (...)" line per check and exits with
the number of failures (capped at 100). The PCR check replays the guest's TCG event log with
tpm2_eventlog (tpm2-tools) and compares every replayed PCR with the value the guest read from sysfs.
"""
import argparse
import base64
import os
import re
import subprocess
import sys
import tempfile


# the guest image's "refused" lines: what needs platform authority, and PCR_Reset(17), which only
# locality 4 may do (the guest's locality 0 gets TPM_RC_LOCALITY, 0x907)
PLATFORM_COMMANDS = ["clear-platform", "changeeps", "changepps", "pcrallocate", "setclock-platform"]
PCR_RESET_17 = ("pcrreset-17", 0x907)
# how the platform hierarchy was closed before the OS, and what a platform command then answers:
# phEnable CLEAR (jvtpm boot) gives TPM_RC_HIERARCHY for handle 1; a random platformAuth
# (SeaBIOS, OVMF) gives TPM_RC_BAD_AUTH for session 1
PLATFORM_REFUSAL = {"hierarchy": 0x185, "auth": 0x9A2}


def parse(path):
    facts = {"pcr": {}, "tool": {}, "dev": {}, "ppi": {}, "ppi-op": [], "eventlog": b"", "dmesg": [], "kv": {}}
    b64 = []
    with open(path, "r", errors="replace") as f:
        for raw in f:
            line = raw.strip().replace("\r", "")
            i = line.find("@@JVTPM ")
            if i < 0:
                continue
            parts = line[i + 8:].split(" ")
            key = parts[0]
            if key == "pcr" and len(parts) >= 4:
                facts["pcr"][(parts[1], int(parts[2]))] = parts[3].lower()
            elif key == "tool" and len(parts) >= 3:
                facts["tool"][parts[1]] = " ".join(parts[2:])
            elif key == "dev" and len(parts) >= 3:
                facts["dev"][parts[1]] = parts[2]
            elif key == "eventlog-b64":
                b64.append(parts[1] if len(parts) > 1 else "")
            elif key == "ppi" and len(parts) >= 2:
                facts["ppi"][parts[1]] = " ".join(parts[2:])
            elif key == "ppi-op":
                facts["ppi-op"].append(" ".join(parts[1:]))
            elif key == "dmesg":
                facts["dmesg"].append(" ".join(parts[1:]))
            else:
                facts["kv"].setdefault(key, []).append(" ".join(parts[1:]))
    if b64:
        facts["eventlog"] = base64.b64decode("".join(b64))
    return facts


def replay(eventlog):
    """Returns {(bank, index): hex} from tpm2_eventlog's replay of the log."""
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as t:
        t.write(eventlog)
        name = t.name
    try:
        out = subprocess.run(["tpm2_eventlog", name], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(name)
    pcrs, bank, in_pcrs = {}, None, False
    for line in out.splitlines():
        if line.startswith("pcrs:"):
            in_pcrs = True
            continue
        if not in_pcrs:
            continue
        m = re.match(r"^  (\w+):\s*$", line)
        if m:
            bank = m.group(1)
            continue
        m = re.match(r"^\s+(\d+)\s*:\s*0x([0-9a-fA-F]+)", line)
        if m and bank:
            pcrs[(bank, int(m.group(1)))] = m.group(2).lower()
    return pcrs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("label")
    ap.add_argument("--expect-driver")
    ap.add_argument("--tools", default="getrandom,pcrread,createprimary,create,load,sign,verifysignature",
                    help="comma-separated tpm2 tools that must have run ok in the guest ('' for none)")
    ap.add_argument("--want-eventlog", action="store_true")
    ap.add_argument("--expect", action="append", default=[], help="KEY=VALUE on a @@JVTPM KEY VALUE line")
    ap.add_argument("--platform-closed", choices=sorted(PLATFORM_REFUSAL), default="hierarchy",
                    help="how the platform hierarchy was closed: hierarchy (phEnable CLEAR, jvtpm boot) or "
                         "auth (a random platformAuth, SeaBIOS and OVMF)")
    a = ap.parse_args()
    facts = parse(a.log)
    fails = 0

    def check(ok, what, detail=""):
        nonlocal fails
        if ok:
            print(f"PASS {a.label}: {what}")
        else:
            fails += 1
            print(f"FAIL {a.label}: {what}" + (f" ({detail})" if detail else ""))

    check("end" in facts["kv"], "guest image ran to its end", "no '@@JVTPM end' line")
    check(facts["dev"].get("/dev/tpm0") == "yes", "/dev/tpm0 exists")
    check(facts["dev"].get("/dev/tpmrm0") == "yes", "/dev/tpmrm0 exists")
    check(facts["kv"].get("version_major") == ["2"], "tpm_version_major is 2", str(facts["kv"].get("version_major")))
    check(facts["kv"].get("hid") == ["MSFT0101"], "device bound as MSFT0101", str(facts["kv"].get("hid")))
    if a.expect_driver:
        check(facts["kv"].get("driver") == [a.expect_driver], f"driver is {a.expect_driver}", str(facts["kv"].get("driver")))
    check(any("2.0 TPM" in l for l in facts["dmesg"]) or a.expect_driver == "tpm_crb",
          "kernel reports a 2.0 TPM", "; ".join(facts["dmesg"][:3]))
    banks = sorted({b for (b, _) in facts["pcr"]})
    check(len(banks) > 0, "sysfs shows PCR banks", ",".join(banks))
    if facts["eventlog"]:
        rep = replay(facts["eventlog"])
        check(len(rep) > 0, "event log replays", f"{len(facts['eventlog'])} bytes")
        bad = [f"{b}:{i}" for (b, i), v in sorted(rep.items()) if facts["pcr"].get((b, i)) != v]
        check(not bad, f"sysfs PCRs equal the replayed event log ({len(rep)} PCRs)", "differ: " + ",".join(bad[:8]))
    else:
        check(not a.want_eventlog, "event log present")
    tools = [t for t in a.tools.split(",") if t]
    for t in tools:
        check(facts["tool"].get(t) == "ok", f"tpm2_{t} through /dev/tpmrm0", facts["tool"].get(t, "not run"))
    if "getrandom" in tools:
        check(facts["kv"].get("getrandom-bytes") == ["32"], "tpm2_getrandom gave 32 bytes")
    refusal = PLATFORM_REFUSAL[a.platform_closed]
    for name, code in [(c, refusal) for c in PLATFORM_COMMANDS] + [PCR_RESET_17]:
        got = facts["kv"].get("refused", [])
        line = next((g for g in got if g.split(" ")[0] == name), None)
        check(line == f"{name} yes ErrorCode ({code:#010x})", f"the guest's {name} is refused with TPM_RC {code:#x}",
              line or "not run")
    for e in a.expect:
        k, _, v = e.partition("=")
        got = facts["kv"].get(k, []) + ([facts["ppi"][k[4:]]] if k.startswith("ppi-") and k[4:] in facts["ppi"] else [])
        check(v in got, f"{k} is '{v}'", f"got {got}")
    return min(fails, 100)


if __name__ == "__main__":
    sys.exit(main())
