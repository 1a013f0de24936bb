#!/usr/bin/env bash
# The documentation covers every command that exists: `sevkit help` (and `sevkit` alone) list
# the command table, the manual page is the one build-aux/gen-man.py makes from the help texts,
# and the README names every command.
. "$(dirname "$0")/lib.sh"
ROOT=$(realpath "$V/../..")

# The command table, read from its source: "group verb", or "group" for a command without verb.
mapfile -t table < <(sed -n 's/^\t{ "\([a-z-]*\)", \(NULL\|"\([a-z-]*\)"\), cmd_.*/\1 \3/p' \
	"$ROOT/tools/sevkit.c" | sed 's/ $//')
[ "${#table[@]}" -gt 30 ] && ok || bad "tools/sevkit.c: found too few commands in the table"

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

for c in "${table[@]}"; do
	# shellcheck disable=SC2086
	run $c --help
	expect_rc 0
	[ -z "$err" ] && ok || bad "--help wrote to stderr"
	expect_out "usage: sevkit $c"
	grep -qF "\`sevkit $c" "$ROOT/README.md" && ok || bad "README.md does not list 'sevkit $c'"
done

current="build-aux/gen-man.py"
python3 "$ROOT/build-aux/gen-man.py" "$SEVKIT" "$ROOT/docs/sevkit.1.in" "$TMP/sevkit.1"
cmp -s "$TMP/sevkit.1" "$ROOT/docs/sevkit.1" && ok ||
	bad "docs/sevkit.1 is out of date: run build-aux/gen-man.py build/tools/sevkit docs/sevkit.1.in docs/sevkit.1"
finish
