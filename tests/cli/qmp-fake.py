#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A QMP server speaking QEMU 7.2's protocol for one client, with the replies of
a paused SEV guest. Every command received is appended to LOG as one JSON line.

  qmp-fake.py SOCKET LOG [--measurement B64] [--api-major N] [--api-minor N]
              [--build-id N] [--policy N] [--status S] [--fail CMD] [--silent CMD]
"""
import argparse
import json
import os
import socket

GREETING = {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7},
                                "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"},
                    "capabilities": ["oob"]}}

ERRORS = {
    "query-sev-launch-measure": "SEV launch measurement is not available",
    "sev-inject-launch-secret": "SEV not enabled for guest",
    "query-sev-capabilities": "KVM not enabled",
}


def reply(a, cmd, args):
    if cmd == "qmp_capabilities":
        return {"return": {}}
    if cmd == a.fail:
        return {"error": {"class": "GenericError", "desc": ERRORS.get(cmd, "failed")}}
    if cmd == "query-status":
        running = a.status == "running"
        return {"return": {"status": a.status, "singlestep": False, "running": running}}
    if cmd == "query-sev":
        return {"return": {"enabled": True, "api-minor": a.api_minor, "handle": 1,
                           "state": "launch-secret", "api-major": a.api_major,
                           "build-id": a.build_id, "policy": a.policy}}
    if cmd == "query-sev-launch-measure":
        return {"return": {"data": a.measurement}}
    if cmd in ("sev-inject-launch-secret", "cont"):
        return {"return": {}}
    return {"error": {"class": "CommandNotFound",
                      "desc": "The command %s has not been found" % cmd}}


def send(conn, msg):
    conn.sendall(json.dumps(msg).encode() + b"\r\n")


def serve(a, conn, log):
    send(conn, GREETING)
    negotiated = False
    buf = b""
    while True:
        while b"\n" not in buf:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
        line, buf = buf.split(b"\n", 1)
        msg = json.loads(line)
        cmd = msg.get("execute")
        log.write(json.dumps(msg) + "\n")
        log.flush()
        if cmd == a.silent:
            continue
        if not negotiated and cmd != "qmp_capabilities":
            out = {"error": {"class": "CommandNotFound",
                             "desc": "Expecting capabilities negotiation with "
                                     "'qmp_capabilities'"}}
        else:
            out = reply(a, cmd, msg.get("arguments"))
            negotiated = True
        if "id" in msg:
            out["id"] = msg["id"]
        # an asynchronous event before some replies, as QEMU may send at any time
        if cmd in ("query-status", "cont"):
            send(conn, {"timestamp": {"seconds": 1, "microseconds": 0}, "event": "RTC_CHANGE",
                        "data": {"offset": 0}})
        send(conn, out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("socket")
    p.add_argument("log")
    p.add_argument("--measurement", default="")
    p.add_argument("--api-major", type=int, default=0)
    p.add_argument("--api-minor", type=int, default=0)
    p.add_argument("--build-id", type=int, default=0)
    p.add_argument("--policy", type=int, default=0)
    p.add_argument("--status", default="prelaunch")
    p.add_argument("--fail")
    p.add_argument("--silent")
    a = p.parse_args()
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(a.socket + ".tmp")
    srv.listen(1)
    os.rename(a.socket + ".tmp", a.socket)  # the socket appears once it is listening
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(60)
    with open(a.log, "w") as log:
        try:
            serve(a, conn, log)
        except (socket.timeout, ConnectionResetError, BrokenPipeError):
            pass
    conn.close()
    srv.close()
    os.unlink(a.socket)


if __name__ == "__main__":
    main()
