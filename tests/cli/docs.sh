#!/usr/bin/env bash
# The documentation covers every command that exists: the manual page is the one
# build-aux/gen-man.py makes from the help texts, and the README names every command.
. "$(dirname "$0")/lib.sh"
ROOT=$(realpath "$V/../..")

mapfile -t cmds < <("$SEVKIT" help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\)\( [a-z-]*\)\?  .*/\1\2/p')
[ "${#cmds[@]}" -gt 5 ] && ok || bad "sevkit help lists too few commands"
for c in "${cmds[@]}"; do
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
