#!/usr/bin/env bash
# The bash completion (build-aux/gen-completion.py, at build time) completes what the help texts
# name: the expected words are read here from `sevkit help` and each --help, not from the script.
. "$(dirname "$0")/lib.sh"
: "${SEVKIT_COMPLETION:?SEVKIT_COMPLETION must name the generated completion script}"

out='' err='' # what bad() prints: no sevkit run here
# shellcheck source=/dev/null
. "$SEVKIT_COMPLETION"
fn=$(complete -p sevkit 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
[ -n "$fn" ] && ok || bad "the script registers no completion function for sevkit"

# complete WORD...: the sorted completions of the last WORD after the others, one a line
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$fn" sevkit "${!#}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
# expect_completion WANT WORD...: the completions of WORD... are the lines of WANT, in any order
expect_completion() {
	local want=$1 got
	shift
	current="completion of '$*'"
	got=$(complete_words "$@")
	[ "$got" = "$(printf '%s\n' "$want" | sed '/^$/d' | sort)" ] && ok ||
		bad "completed to [$(echo "$got" | tr '\n' ' ')], expected [$(echo "$want" | tr '\n' ' ')]"
}

# the command table: "group verb" or "group", in `sevkit help`'s listing
table=$("$SEVKIT" help | sed -n '/^Commands:/,/^$/p' |
	sed -n 's/^  \([a-z-]*\)\( [a-z-]\+\)\?  .*/\1\2/p')
groups=$(printf '%s\n' "$table" | cut -d' ' -f1 | sort -u)
[ "$(printf '%s\n' "$groups" | wc -l)" -gt 10 ] && ok || bad "sevkit help lists too few groups"
# options CMD...: the long and short option names CMD's --help lists, one a line
options() {
	"$SEVKIT" "$@" --help | sed -n '/^\(Common \)\?[Oo]ptions:$/,/^$/p' |
		grep -oE '^  (-[A-Za-z0-9], |    )--[a-z0-9-]+|^  -[A-Za-z0-9]' | grep -oE -- '-+[a-z0-9-]+'
}

# every group, and those that start with "me"
expect_completion "$groups" sevkit ''
expect_completion "$(printf '%s\n' "$groups" | grep '^me')" sevkit me
[ "$(complete_words sevkit me | wc -l)" -ge 2 ] && ok || bad "'me' should name two groups or more"
# the verbs of a group, from its own listing
expect_completion "$("$SEVKIT" memscan --help | sed -n 's/^  memscan \([a-z-]*\) .*/\1/p')" \
	sevkit memscan ''
expect_completion "$(printf '%s\n' "$table" | sed -n 's/^verity //p' | grep '^f')" sevkit verity f
# the options of the command typed so far, long and short
opts=$(options verity format)
printf '%s\n' "$opts" | grep -qx -- --hash-offset && ok || bad "verity format --help parsed wrong"
expect_completion "$(printf '%s\n' "$opts" | grep '^--ha')" sevkit verity format --ha
expect_completion "$(printf '%s\n' "$opts" | grep '^--root-hash')" sevkit verity format --root-hash
expect_completion "$(options kbs resource)" sevkit kbs resource --db sqlite:x -
# a group's options are not its commands'
expect_completion "" sevkit host --de
expect_completion "$(options host status | grep '^--de')" sevkit host status --de
# the words a usage line offers as first operand: "put NAME FILE | show NAME | list"
usage=$("$SEVKIT" kbs policy --help | head -n 1)
expect_completion "$(printf '%s\n' "${usage#*\[options\] }" | tr '|' '\n' | awk '{print $1}')" \
	sevkit kbs policy ''

# file names: for an option whose metavar is a file, and for operands; directories for DIR
cd "$TMP" || exit 1
mkdir outdir
touch root.hex rootfs.img
"$SEVKIT" verity format --help | grep -q -- '--root-hash-file FILE' && ok ||
	bad "verity format --help has no --root-hash-file FILE"
expect_completion "root.hex
rootfs.img" sevkit verity format --root-hash-file root
expect_completion "root.hex
rootfs.img" sevkit verity format --root-hash-file = root
"$SEVKIT" kbs resource --help | grep -qE -- '--out FILE' && ok || bad "kbs resource: no --out FILE"
expect_completion "root.hex
rootfs.img" sevkit kbs resource --out root
expect_completion "outdir" sevkit verity format --force rootfs.img out
"$SEVKIT" session --help | grep -qE -- '--out DIR' && ok || bad "session --help has no --out DIR"
expect_completion "outdir" sevkit session --out ''
# a value that is not a file completes to nothing, an option's value is not an operand
expect_completion "" sevkit verity format --hash-offset ''
expect_completion "root.hex
rootfs.img" sevkit kbs policy --db sqlite:x put name root
finish
