#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write sevkit's bash completion from the tool's own help texts.

usage: gen-completion.py SEVKIT OUT

As for the manual page (gen-man.py), the commands come from `sevkit help` and
each command's options from its `--help`, so the completion knows exactly the
commands and options that exist. An option's value completes as a file name
when its metavar names a file (FILE, DIR, ...), as nothing when it names
another value (N, HEX, ...); operands complete as file names, except the first
one where the usage line offers words (`put NAME FILE | show NAME | list`).
"""
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from sevkit_help import commands, run  # noqa: E402

# metavars whose value is a path; DIR completes directories only
FILE_METAVARS = {"FILE", "PATH", "SOCKET", "OUT", "PEM", "CERT", "KEY", "DEV", "DISK",
                 "PNG", "BINARY", "F"}
DIR_METAVARS = {"DIR"}
# the top level has no --help of its own to read them from (tools/sevkit.c)
TOP_OPTIONS = ["--help", "--version"]

# "  -f, --force ..." or "      --hash ALG ...": the name at column 2 or 6, never a wrapped line
OPTION = re.compile(r"  (?:(-[A-Za-z0-9]),? |    )(--[A-Za-z0-9][\w-]*)?(?: ([A-Z][A-Z0-9:._-]*))?"
                    r"(?:\s|$)")
WORD = re.compile(r"-{0,2}[A-Za-z0-9][\w:.-]*$")


def options(text):
    """(names, file options, directory options, other options taking a value) of a --help."""
    names, files, dirs, values = [], [], [], []
    in_options = False
    for line in text.split("\n"):
        if line in ("Options:", "Common options:"):
            in_options = True
            continue
        if not line.startswith(" "):
            in_options = False
        m = OPTION.match(line) if in_options else None
        if not m or not (m.group(1) or m.group(2)):
            continue
        short, long, metavar = m.groups()
        given = [n for n in (long, short) if n]
        names += given
        if metavar in DIR_METAVARS:
            dirs += given
        elif metavar in FILE_METAVARS:
            files += given
        elif metavar:
            values += given
    return names, files, dirs, values


def keywords(text, words):
    """The words the usage line offers as first operand: `[sev|es|snp]`, `put ... | list`."""
    usage = text.split("\n", 1)[0]
    rest = usage.partition(" ".join(["sevkit", *words, "[options]"]))[2].strip()
    m = re.match(r"\[([a-z][a-z0-9-]*(?:\|[a-z][a-z0-9-]*)+)\]", rest)
    if m:
        return m.group(1).split("|")
    firsts = [alt.split()[0] for alt in rest.split(" | ") if alt.split()]
    return [w for w in firsts if re.match(r"[a-z][a-z0-9-]*$", w)]


def empty():
    return {"verbs": [], "opts": [], "files": [], "dirs": [], "values": [], "keywords": []}


def specs(sevkit):
    """Each command's words (() for the top level) with what completes after them."""
    table = commands(sevkit)
    result = {(): dict(empty(), opts=TOP_OPTIONS)}
    for words in table:
        for depth in range(len(words)):
            # a group such as "host" has no --help options, only verbs
            verbs = result.setdefault(tuple(words[:depth]), empty())["verbs"]
            if words[depth] not in verbs:
                verbs.append(words[depth])
    for words in table:
        text = run(sevkit, *words, "--help")
        names, files, dirs, values = options(text)
        result.setdefault(tuple(words), empty()).update(
            opts=names, files=files, dirs=dirs, values=values, keywords=keywords(text, words))
    return result


def quoted(words):
    for w in words:
        if not WORD.match(w):  # a name the script could not hold in a plain word list
            sys.exit(f"gen-completion.py: unexpected word {w!r} in sevkit's help")
    return "'" + " ".join(words) + "'"


def spec_function(result):
    lines = ["_sevkit_spec() {", "\tcase $1 in"]
    names = (("verbs", "verbs"), ("opts", "opts"), ("fileopts", "files"),
             ("diropts", "dirs"), ("argopts", "values"), ("keywords", "keywords"))
    for words, spec in result.items():
        values = " ".join(f"{var}={quoted(spec[key])}" for var, key in names)
        lines.append(f"\t{quoted(words)}) {values} ;;")
    lines += ["\tesac", "}"]
    return "\n".join(lines)


MAIN = r"""
# _sevkit_in WORD LIST: WORD is one of the words of LIST
_sevkit_in() { [[ -n $1 && " $2 " == *" $1 "* ]]; }

# _sevkit_files -f|-d WORD: the file (or directory) names that start with WORD
_sevkit_files() {
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen "$1" -- "$2"))
}

_sevkit() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local verbs opts fileopts diropts argopts keywords cmd='' opt='' w i=1 j n=0
	COMPREPLY=()
	_sevkit_spec ''
	# the command words, each a verb of the words before it: "verity format"
	while ((i < COMP_CWORD)) && _sevkit_in "${COMP_WORDS[i]}" "$verbs"; do
		cmd=${cmd:+$cmd }${COMP_WORDS[i]}
		_sevkit_spec "$cmd"
		i=$((i + 1))
	done
	# the option whose value this word is: "--opt VALUE", or "--opt=VALUE" (bash splits at =)
	if [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]]; then
		opt=${COMP_WORDS[COMP_CWORD-2]}
	elif ((COMP_CWORD > i)); then
		opt=$prev
	fi
	if _sevkit_in "$opt" "$diropts"; then _sevkit_files -d "$cur"; return; fi
	if _sevkit_in "$opt" "$fileopts"; then _sevkit_files -f "$cur"; return; fi
	_sevkit_in "$opt" "$argopts" && return # a value no list holds
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	# the operands typed so far, without the options and their values
	for ((j = i; j < COMP_CWORD; j++)); do
		w=${COMP_WORDS[j]}
		if [[ ${COMP_WORDS[j+1]-} == = ]]; then
			j=$((j + 2))
		elif [[ $w == -* ]]; then
			_sevkit_in "$w" "$fileopts $diropts $argopts" && j=$((j + 1))
		else
			n=$((n + 1))
		fi
	done
	if ((n == 0)) && [[ -n $verbs$keywords ]]; then
		COMPREPLY=($(compgen -W "$verbs $keywords" -- "$cur"))
	else
		_sevkit_files -f "$cur"
	fi
}
complete -F _sevkit sevkit
"""


def main(sevkit, out_path):
    version = run(sevkit, "--version").strip()
    head = (f"# bash completion for sevkit, written by build-aux/gen-completion.py from the help\n"
            f"# texts of {version}: do not edit. zsh loads it too, after\n"
            f"# `autoload -U bashcompinit && bashcompinit`.\n"
            f"\n# _sevkit_spec CMD: what completes after the command words CMD, such as\n"
            f"# \"verity format\": verbs, options, options taking a file, a directory or another\n"
            f"# value, and the words the first operand may be\n")
    with open(out_path, "w") as f:
        f.write(head + spec_function(specs(sevkit)) + "\n" + MAIN)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    main(*sys.argv[1:3])
