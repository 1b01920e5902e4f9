#!/usr/bin/env python3
"""XOR parameter encryption (TPM 2.0 Part 1 §21.2) from the client side, as tpm2-tools cannot ask
for it: an HMAC session with symmetric TPM_ALG_XOR/SHA-256, bound to a persistent sealed object,
then TPM2_Unseal of that object and TPM2_GetRandom, each with the encrypt attribute.

xor_session.py SOCKET HANDLE NAME_HEX AUTH: talks raw TPM commands on SOCKET (swtpm's data channel),
checks each response HMAC, removes the XOR mask from the response parameter and prints
"unseal HEX" and "random HEX". Exits 1 with the response code when the TPM refuses a command.
"""
import hashlib
import hmac
import os
import socket
import struct
import sys

SHA256, XOR, NULL_HANDLE = 0x000B, 0x000A, 0x40000007
ST_NO_SESSIONS, ST_SESSIONS = 0x8001, 0x8002
CC_START_AUTH_SESSION, CC_UNSEAL, CC_GET_RANDOM, CC_FLUSH_CONTEXT = 0x176, 0x15E, 0x17B, 0x165
CONTINUE_SESSION, ENCRYPT = 0x01, 0x40


def tpm2b(b):
    return struct.pack(">H", len(b)) + b


def kdfa(key, label, u, v, bits):
    out, i = b"", 1
    while len(out) * 8 < bits:
        out += hmac.new(key, struct.pack(">I", i) + label + b"\0" + u + v + struct.pack(">I", bits),
                        hashlib.sha256).digest()
        i += 1
    return out[: (bits + 7) // 8]


class Tpm:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)

    def run(self, tag, cc, body):
        self.sock.sendall(struct.pack(">HII", tag, 10 + len(body), cc) + body)
        head = self._read(10)
        _, size, rc = struct.unpack(">HII", head)
        rest = self._read(size - 10)
        if rc:
            sys.exit("command 0x%x: response code 0x%08x" % (cc, rc))
        return rest

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                sys.exit("the TPM closed the connection")
            buf += chunk
        return buf


def encrypted_call(tpm, session, state, cc, handles, cp_names, params, extra_key=b""):
    """One command with the session as its only session, encrypt set: checks the response HMAC and
    returns the response parameters as on the wire and the first one's bytes unmasked."""
    key = state["key"]
    nonce_caller = os.urandom(32)
    attrs = bytes([CONTINUE_SESSION | ENCRYPT])
    cp = hashlib.sha256(struct.pack(">I", cc) + b"".join(cp_names) + params).digest()
    mac = hmac.new(key, cp + nonce_caller + state["nonce_tpm"] + attrs, hashlib.sha256).digest()
    auth = struct.pack(">I", session) + tpm2b(nonce_caller) + attrs + tpm2b(mac)
    rsp = tpm.run(ST_SESSIONS, cc, handles + struct.pack(">I", len(auth)) + auth + params)
    (psize,) = struct.unpack(">I", rsp[:4])
    rparams, rauth = rsp[4:4 + psize], rsp[4 + psize:]
    (nlen,) = struct.unpack(">H", rauth[:2])
    nonce_tpm = rauth[2:2 + nlen]
    rattrs = rauth[2 + nlen:3 + nlen]
    rmac = rauth[5 + nlen:]
    rp = hashlib.sha256(struct.pack(">II", 0, cc) + rparams).digest()
    want = hmac.new(key, rp + nonce_tpm + nonce_caller + rattrs, hashlib.sha256).digest()
    if not hmac.compare_digest(rmac, want):
        sys.exit("command 0x%x: the response HMAC does not verify" % cc)
    state["nonce_tpm"] = nonce_tpm
    # the first parameter is a TPM2B: its size stays in clear, its bytes are XORed with
    # KDFa(sessionKey || authValue of the command's handle (none for GetRandom), "XOR", nonceTPM,
    # nonceCaller, bits); the authValue counts here even though the session is bound to that object
    (dlen,) = struct.unpack(">H", rparams[:2])
    data = rparams[2:2 + dlen]
    mask = kdfa(key + extra_key, b"XOR", nonce_tpm, nonce_caller, dlen * 8)
    return rparams, bytes(a ^ b for a, b in zip(data, mask))


def main():
    path, handle, name_hex, auth = sys.argv[1], int(sys.argv[2], 0), sys.argv[3], sys.argv[4].encode()
    name = bytes.fromhex(name_hex)
    tpm = Tpm(path)
    nonce_caller = os.urandom(32)
    body = (struct.pack(">II", NULL_HANDLE, handle) + tpm2b(nonce_caller) + tpm2b(b"") + b"\x00"
            + struct.pack(">HHH", XOR, SHA256, SHA256))
    rsp = tpm.run(ST_NO_SESSIONS, CC_START_AUTH_SESSION, body)
    (session,) = struct.unpack(">I", rsp[:4])
    nonce_tpm = rsp[6:6 + struct.unpack(">H", rsp[4:6])[0]]
    # bound, unsalted: sessionKey = KDFa(SHA-256, authValue(bind), "ATH", nonceTPM, nonceCaller, 256);
    # the session is used on its bind entity and for GetRandom, so the HMAC key is sessionKey alone
    key = kdfa(auth.rstrip(b"\0"), b"ATH", nonce_tpm, nonce_caller, 256)
    state = {"key": key, "nonce_tpm": nonce_tpm}
    try:
        wire, plain = encrypted_call(tpm, session, state, CC_UNSEAL, struct.pack(">I", handle), [name], b"", auth)
        print("unseal-wire", wire.hex())
        print("unseal", plain.hex())
        wire, plain = encrypted_call(tpm, session, state, CC_GET_RANDOM, b"", [], struct.pack(">H", 32))
        print("random-wire", wire.hex())
        print("random", plain.hex())
    finally:
        tpm.sock.sendall(struct.pack(">HIII", ST_NO_SESSIONS, 14, CC_FLUSH_CONTEXT, session))


if __name__ == "__main__":
    main()
