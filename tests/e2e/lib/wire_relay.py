#!/usr/bin/env python3
"""A relay between a TPM client and a TPM server on swtpm's unix sockets, recording the wire.

wire_relay.py LISTEN TARGET LOG: accepts on LISTEN (the data channel) and LISTEN.ctrl (the
control channel) and forwards each connection to TARGET and TARGET.ctrl. Every byte the server
sends on the data channel is appended to LOG.rsp and every byte the client sends to LOG.cmd, so a
test can look for a secret in what actually crossed the socket. Prints "ready" once it listens;
runs until killed.
"""
import os
import selectors
import socket
import sys


def main():
    listen, target, log = sys.argv[1:4]
    sel = selectors.DefaultSelector()
    for suffix, record in (("", True), (".ctrl", False)):
        path = listen + suffix
        if os.path.exists(path):
            os.unlink(path)
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(8)
        sel.register(srv, selectors.EVENT_READ, ("accept", target + suffix, record))
    logs = {"cmd": open(log + ".cmd", "ab", buffering=0), "rsp": open(log + ".rsp", "ab", buffering=0)}
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            kind = key.data[0]
            if kind == "accept":
                client, _ = key.fileobj.accept()
                server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                server.connect(key.data[1])
                record = key.data[2]
                sel.register(client, selectors.EVENT_READ, ("pipe", server, logs["cmd"] if record else None))
                sel.register(server, selectors.EVENT_READ, ("pipe", client, logs["rsp"] if record else None))
                continue
            _, peer, sink = key.data
            try:
                data = key.fileobj.recv(65536)
                if data:
                    if sink is not None:
                        sink.write(data)
                    peer.sendall(data)
            except OSError:
                data = b""
            if not data:
                # one side closed (or the other went away while we wrote to it): close the pair
                for s in (key.fileobj, peer):
                    try:
                        sel.unregister(s)
                    except (KeyError, ValueError):
                        pass
                    s.close()


if __name__ == "__main__":
    main()
