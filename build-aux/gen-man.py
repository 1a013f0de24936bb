#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write the sevkit(1) manual page from the tool's own help texts.

usage: gen-man.py SEVKIT TEMPLATE OUT

The command list comes from `sevkit help`, each command's section from its
`--help`, so the manual covers exactly the commands that exist. TEMPLATE holds
the hand-written sections; its line "@COMMANDS@" is replaced.
"""
import re
import subprocess
import sys


def roff(text):
    text = text.replace("\\", "\\e")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def help_of(sevkit, words):
    out = subprocess.run([sevkit, *words, "--help"], check=True, capture_output=True,
                         text=True).stdout
    return out.split("\nCommon options:")[0]


def command_section(sevkit, words):
    text = help_of(sevkit, words)
    usage, _, rest = text.partition("\n\n")
    summary, _, rest = rest.partition("\n\n")
    body, _, options = rest.partition("Options:\n")
    out = [".SS " + roff(usage.replace("usage: ", "", 1)), roff(summary) + ".", ".PP"]
    paragraphs = [p for p in body.strip().split("\n\n") if p]
    for i, para in enumerate(paragraphs):
        out.append(roff(" ".join(para.split("\n"))))
        if i + 1 < len(paragraphs):
            out.append(".PP")
    for line in options.rstrip().split("\n"):
        m = re.match(r"\s+(\S.*?)\s{2,}(\S.*)$", line)
        if m:
            out += [".TP", ".B " + roff(m.group(1).strip()), roff(m.group(2))]
        elif line.strip() and len(out) > 2:
            out[-1] += " " + roff(line.strip())
    return "\n".join(out)


def commands(sevkit):
    out = subprocess.run([sevkit, "help"], check=True, capture_output=True, text=True).stdout
    listing = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    result = []
    for line in listing.split("\n"):
        m = re.match(r"  (\S+)(?: (\S+))?\s{2,}", line)
        if m:
            result.append([w for w in m.groups() if w])
    return result


def main(sevkit, template, out_path):
    sections = [command_section(sevkit, words) for words in commands(sevkit)]
    page = open(template).read().replace("@COMMANDS@", "\n".join(sections))
    with open(out_path, "w") as f:
        f.write(page)


if __name__ == "__main__":
    main(*sys.argv[1:4])
