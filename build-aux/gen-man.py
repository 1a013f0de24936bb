#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write the sevkit(1) manual page from the tool's own help texts.

usage: gen-man.py SEVKIT TEMPLATE OUT

The command list comes from `sevkit help`, each command's section from its
`--help`, so the manual covers exactly the commands that exist; the EXAMPLES,
one subsection per command group, are the "Examples:" that end each `--help`.
TEMPLATE holds the hand-written sections; its lines "@COMMANDS@" and
"@EXAMPLES@" are replaced.
"""
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from sevkit_help import commands, run  # noqa: E402


def roff(text):
    text = text.replace("\\", "\\e")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def full_help(sevkit, words):
    return run(sevkit, *words, "--help")


def help_of(sevkit, words):
    return full_help(sevkit, words).split("\nCommon options:")[0]


def examples_of(sevkit, words):
    """The examples as (comment lines, command lines) pairs, in --help order."""
    text = full_help(sevkit, words).partition("\nExamples:\n")[2]
    items, comments, command = [], [], []
    for line in text.rstrip("\n").split("\n"):
        line = line[2:]
        if command:
            command.append(line)
        elif line.startswith("# "):
            comments.append(line[2:])
            continue
        else:
            command = [line]
        if not line.endswith("\\"):
            items.append((comments, command))
            comments, command = [], []
    return items


def example_section(group, items):
    out = [".SS " + roff("sevkit " + group)]
    for comments, command in items:
        out.append(".PP")
        if comments:
            text = " ".join(comments)
            if re.match(r"[a-z]+[ ,]", text):  # a plain word, not a name such as sevctl's
                text = text[0].upper() + text[1:]
            out.append(roff(text if text.endswith(("?", ".", ":")) else text + ":"))
        code = roff("\n".join(command)).replace("-", "\\-")
        out += [".RS 4", ".EX", code, ".EE", ".RE"]
    return "\n".join(out)


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


def main(sevkit, template, out_path):
    words_list = commands(sevkit)
    sections = [command_section(sevkit, words) for words in words_list]
    groups = {}
    for words in words_list:
        groups.setdefault(words[0], []).extend(examples_of(sevkit, words))
    examples = [example_section(g, items) for g, items in groups.items()]
    page = open(template).read().replace("@COMMANDS@", "\n".join(sections))
    page = page.replace("@EXAMPLES@", "\n".join(examples))
    with open(out_path, "w") as f:
        f.write(page)


if __name__ == "__main__":
    main(*sys.argv[1:4])
