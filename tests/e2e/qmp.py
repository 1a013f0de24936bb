#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Minimal QMP client for the end-to-end tests (QEMU is the oracle here).
#   qmp.py SOCKET quit
#   qmp.py SOCKET xp ADDR LEN      print LEN bytes of guest-physical memory as hex
import json
import re
import socket
import sys


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rw")
    reply(f)
    command(f, "qmp_capabilities")
    return f


def reply(f):
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m


def command(f, name, **args):
    f.write(json.dumps({"execute": name, "arguments": args}) + "\n")
    f.flush()
    m = reply(f)
    if "error" in m:
        sys.exit("QMP %s: %s" % (name, m["error"]["desc"]))
    return m["return"]


def main():
    f = connect(sys.argv[1])
    if sys.argv[2] == "quit":
        command(f, "quit")
    elif sys.argv[2] == "xp":
        addr, n = int(sys.argv[3], 0), int(sys.argv[4])
        out = command(f, "human-monitor-command",
                      **{"command-line": "xp /%dxb 0x%x" % (n, addr)})
        # lines "000000000bfff4: 0x53 0x45 ..."
        data = [int(b, 16) for b in re.findall(r"0x([0-9a-f]{2})\b", out)]
        print(bytes(data).hex())


main()
