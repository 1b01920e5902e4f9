#!/usr/bin/env python3
"""Plays QEMU's part: connects to a swtpm control socket, hands over one end of a socketpair
with CMD_SET_DATAFD (SCM_RIGHTS), then sends one TPM command on the other end.
Prints the control answer and the TPM response as hex, one per line."""
import socket
import struct
import sys

ctrl_path, command_hex = sys.argv[1], sys.argv[2]
ctrl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ctrl.settimeout(10)
ctrl.connect(ctrl_path)
mine, theirs = socket.socketpair()
mine.settimeout(10)
socket.send_fds(ctrl, [struct.pack(">I", 16)], [theirs.fileno()])
theirs.close()
answer = ctrl.recv(4)
print(answer.hex())
mine.sendall(bytes.fromhex(command_hex))
head = b""
while len(head) < 10:
    chunk = mine.recv(10 - len(head))
    if not chunk:
        break
    head += chunk
size = struct.unpack(">I", head[2:6])[0] if len(head) >= 6 else 0
body = b""
while len(head) + len(body) < size:
    chunk = mine.recv(size - len(head) - len(body))
    if not chunk:
        break
    body += chunk
print((head + body).hex())
