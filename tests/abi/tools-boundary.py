#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tools/ is a client of libsevkit's public API and nothing more.

usage: tools-boundary.py SOURCE_ROOT BUILD_ROOT SEVKIT_EXE NM READELF

Fails, naming each offender, when:
- a file under tools/ includes a header that is neither <sevkit/...> (include/),
  a system header, nor a header of tools/ itself;
- a tools/ source is compiled with an include directory of the source tree
  other than include/ and tools/ (build/compile_commands.json);
- the sevkit program does not load libsevkit.so, or defines a library-internal
  function itself (sk_*, vt_*: the internal archive linked in).
"""
import json
import os
import re
import shlex
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def header_offences(src, tools):
    bad = []
    for name in sorted(os.listdir(tools)):
        if not name.endswith((".c", ".h")):
            continue
        with open(os.path.join(tools, name), encoding="utf-8") as f:
            text = f.read()
        for kind, inc in INCLUDE.findall(text):
            if kind == '"' and ("/" in inc or not os.path.exists(os.path.join(tools, inc))):
                bad.append(f"tools/{name}: includes \"{inc}\", not a header of tools/")
            elif kind == "<" and os.path.exists(os.path.join(src, "lib", inc)):
                bad.append(f"tools/{name}: includes <{inc}>, a private header of lib/")
    return bad


def include_dir_offences(src, build):
    allowed = [os.path.join(src, "include"), os.path.join(src, "tools")]
    bad = []
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    for c in commands:
        path = os.path.normpath(os.path.join(c["directory"], c["file"]))
        if not path.startswith(os.path.join(src, "tools") + os.sep):
            continue
        args = c.get("arguments") or shlex.split(c["command"])
        for i, a in enumerate(args):
            d = a[2:] if a.startswith("-I") and len(a) > 2 else (
                args[i + 1] if a == "-I" else None)
            if d is None:
                continue
            d = os.path.normpath(os.path.join(c["directory"], d))
            inside = d.startswith(src + os.sep) and not d.startswith(build + os.sep)
            if inside and not any(d == x or d.startswith(x + os.sep) for x in allowed):
                bad.append(f"{os.path.relpath(path, src)}: compiled with -I{d}")
    return bad


def link_offences(exe, nm, readelf):
    bad = []
    dyn = subprocess.run([readelf, "-d", exe], capture_output=True, text=True, check=True).stdout
    if not re.search(r"NEEDED.*\[libsevkit\.so\.\d+\]", dyn):
        bad.append(f"{exe}: does not load libsevkit.so")
    syms = subprocess.run([nm, "--defined-only", exe], capture_output=True, text=True,
                          check=True).stdout
    for line in syms.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtDdBbRr" and re.match(r"(sk|vt)_", parts[2]):
            bad.append(f"{exe}: defines {parts[2]} (library-internal)")
    return bad


def main():
    if len(sys.argv) != 6:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src, build, exe, nm, readelf = (os.path.realpath(a) if i < 3 else a
                                    for i, a in enumerate(sys.argv[1:]))
    bad = (header_offences(src, os.path.join(src, "tools")) + include_dir_offences(src, build)
           + link_offences(exe, nm, readelf))
    for b in bad:
        print(b)
    print(f"tools-boundary: {len(bad)} offence(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
