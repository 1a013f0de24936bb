#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""QMP helpers for the tests: peers that keep a QMP socket busy, and a client.

  qmp-peer.py silent SOCKET SECONDS  listen on SOCKET, accept clients, never greet
  qmp-peer.py full SOCKET SECONDS    listen on SOCKET with its queue filled, never accept
  qmp-peer.py hold SOCKET SECONDS    connect to QEMU's SOCKET and keep the connection
  qmp-peer.py idle SOCKET            wait until QEMU runs no dump; print query-dump's status

The listeners create SOCKET once they listen, and remove it when they end.
"""
import json
import os
import socket
import sys
import time


def listener(path, backlog):
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path + ".tmp")
    srv.listen(backlog)
    os.rename(path + ".tmp", path)  # the socket appears once it is listening
    return srv


def silent(path, seconds):
    """What a client sees of QEMU serving another one: connected, never greeted."""
    srv = listener(path, 8)
    srv.settimeout(0.1)
    held = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            held.append(srv.accept()[0])
        except socket.timeout:
            pass
    os.unlink(path)


def full(path, seconds):
    """A queue of waiting clients that is full: a new connect() cannot complete."""
    srv = listener(path, 0)
    waiting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    waiting.connect(path)  # fills the queue of length 0 (+1)
    time.sleep(seconds)
    os.unlink(path)


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rw")
    reply(f)
    command(f, "qmp_capabilities")
    return s, f


def reply(f):
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m


def command(f, name):
    f.write(json.dumps({"execute": name}) + "\n")
    f.flush()
    m = reply(f)
    if "error" in m:
        sys.exit("QMP %s: %s" % (name, m["error"]["desc"]))
    return m["return"]


def hold(path, seconds):
    s, f = connect(path)
    print("holding", flush=True)
    time.sleep(seconds)
    s.close()


def idle(path):
    # QEMU accepts the next client once the previous one has gone: retry a while
    end = time.monotonic() + 60
    while True:
        try:
            s, f = connect(path)
            break
        except (ConnectionError, OSError, ValueError):
            if time.monotonic() > end:
                raise
            time.sleep(0.1)
    while True:
        st = command(f, "query-dump")
        if st["status"] != "active":
            print(st["status"])
            return
        time.sleep(0.1)


def main():
    what, path = sys.argv[1], sys.argv[2]
    if what == "silent":
        silent(path, float(sys.argv[3]))
    elif what == "full":
        full(path, float(sys.argv[3]))
    elif what == "hold":
        hold(path, float(sys.argv[3]))
    elif what == "idle":
        idle(path)
    else:
        sys.exit("unknown: " + what)


main()
