#!/usr/bin/env bash
# The documentation covers every command that exists: `sevkit help` (and `sevkit` alone) list
# the command table, the manual page is the one build-aux/gen-man.py makes from the help texts,
# the README names every command, and every --help ends with examples of real commands; those
# on the bundled data run as written.
. "$(dirname "$0")/lib.sh"
ROOT=$(realpath "$V/../..")

# The command tables, read from their sources (tools/table-<group>.c) in the order tools/sevkit.c
# lists them: "group verb", or "group" for a command without verb.
mapfile -t groups < <(sed -n '/^static const struct command \*const tables\[\]/,/^};/p' \
	"$ROOT/tools/sevkit.c" | sed -n 's/^\t\([a-z]*\)_commands,$/\1/p')
[ "${#groups[@]}" -gt 10 ] && ok || bad "tools/sevkit.c: found too few command tables"
mapfile -t table < <(for g in "${groups[@]}"; do
	sed -n 's/^\t{ "\([a-z-]*\)", \(NULL\|"\([a-z-]*\)"\), cmd_.*/\1 \3/p' "$ROOT/tools/table-$g.c"
done | sed 's/ $//')
[ "${#table[@]}" -gt 30 ] && ok || bad "tools/table-*.c: found too few commands in the tables"
in_table() { printf '%s\n' "${table[@]}" | grep -qxF -- "$1"; }

# the commands a "Commands:" listing on stdin names, one a line
listed() { sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\)\( [a-z-]\+\)\?  .*/\1\2/p'; }

run help
expect_rc 0
[ "$(printf '%s\n' "$out" | listed)" = "$(printf '%s\n' "${table[@]}")" ] && ok ||
	bad "sevkit help does not list the commands of the table, in its order"
# no command at all is a usage error: the same list, on stderr
run
expect_rc 2
[ -z "$out" ] && ok || bad "sevkit alone wrote to stdout"
[ "$(printf '%s\n' "$err" | listed)" = "$(printf '%s\n' "${table[@]}")" ] && ok ||
	bad "sevkit alone does not list every command of the table"

# examples CMD...: the example command lines that end CMD's --help, one a line, with the lines
# a closing backslash continues joined; a line of another form comes out as it is, to fail
examples() {
	"$SEVKIT" "$@" --help | awk '
		/^Examples:$/ { on = 1; next }
		!on { next }
		cont { sub(/^ +/, ""); line = line $0 }
		!cont && /^  # / { next }
		!cont { line = substr($0, 3) }
		line ~ /\\$/ { sub(/ *\\$/, " ", line); cont = 1; next }
		{ cont = 0; print line; line = "" }
		END { if (cont) print "unfinished: " line }'
}

# command_of EXAMPLE: the table's command that EXAMPLE runs, or nothing
command_of() {
	local -a w
	read -r -a w <<<"$1"
	[ "${w[0]}" = sevkit ] || return
	if in_table "${w[1]:-} ${w[2]:-}"; then
		echo "${w[1]} ${w[2]}"
	elif in_table "${w[1]:-}"; then
		echo "${w[1]}"
	fi
}

# run_example EXAMPLE: every bundled file it names exists, and it runs from the top of the
# source tree (a fresh directory whose tests/ is the tree's, so that what it writes lands there)
# and ends with 0 or 1: a usage error (2), a file that no longer fits (3) or is gone (4) or an
# internal error (5) means the example has rotted.
run_example() {
	local work p
	for p in $(grep -o 'tests/vectors/[^ ]*' <<<"$1"); do
		[ -e "$ROOT/$p" ] && ok || bad "the example names $p, which does not exist"
	done
	work=$(mktemp -d "$TMP/example.XXXXXX")
	ln -s "$ROOT/tests" "$work/tests"
	current=$1
	(cd "$work" && eval "\"\$SEVKIT\" ${1#sevkit }") >"$TMP/.out" 2>"$TMP/.err"
	rc=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
	[ "$rc" -le 1 ] && ok || bad "the example exits $rc"
	rm -rf "$work"
	out='' err=''
}

total=0
for c in "${table[@]}"; do
	# shellcheck disable=SC2086
	run $c --help
	expect_rc 0
	[ -z "$err" ] && ok || bad "--help wrote to stderr"
	expect_out "usage: sevkit $c"
	grep -qF "\`sevkit $c" "$ROOT/README.md" && ok || bad "README.md does not list 'sevkit $c'"

	# shellcheck disable=SC2086
	mapfile -t ex < <(examples $c)
	current="sevkit $c --help"
	[ "${#ex[@]}" -ge 1 ] && [ "${#ex[@]}" -le 3 ] && ok ||
		bad "--help ends with ${#ex[@]} examples, not one to three"
	total=$((total + ${#ex[@]}))
	own=0
	for e in "${ex[@]}"; do
		current="sevkit $c --help"
		name=$(command_of "$e")
		[ -n "$name" ] && ok || bad "example '$e' runs no command of the table"
		[ "$name" = "$c" ] && own=1
		[[ $e == *tests/vectors/* ]] && run_example "$e"
	done
	current="sevkit $c --help"
	[ "$own" = 1 ] && ok || bad "no example runs 'sevkit $c' itself"
done

current="build-aux/gen-man.py"
python3 "$ROOT/build-aux/gen-man.py" "$SEVKIT" "$ROOT/docs/sevkit.1.in" "$TMP/sevkit.1"
cmp -s "$TMP/sevkit.1" "$ROOT/docs/sevkit.1" && ok ||
	bad "docs/sevkit.1 is out of date: run build-aux/gen-man.py build/tools/sevkit docs/sevkit.1.in docs/sevkit.1"
# every example is in the manual's EXAMPLES, under its group
examples_part=$(sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$ROOT/docs/sevkit.1")
[ "$(grep -cx '\.EX' <<<"$examples_part")" = "$total" ] && ok ||
	bad "the manual's EXAMPLES do not hold the $total examples of the --help texts"
for g in $(printf '%s\n' "${table[@]}" | cut -d' ' -f1 | uniq); do
	grep -qx "\.SS sevkit $g" <<<"$examples_part" && ok || bad "no EXAMPLES for sevkit $g"
done
finish
