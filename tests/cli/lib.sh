# SPDX-License-Identifier: Apache-2.0
# Helpers for the command-line tests: run sevkit, check exit code and output.
# Each test script sources this, calls `run ...` then `expect_*`, and ends with `finish`.
set -u
: "${SEVKIT:?SEVKIT must name the sevkit binary}"
: "${SEVKIT_VECTORS:?SEVKIT_VECTORS must name tests/vectors}"
SEVKIT=$(realpath "$SEVKIT")
V=$(realpath "$SEVKIT_VECTORS")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
current="(none)"

# run ARGS...: run sevkit, keep stdout in $out, stderr in $err, exit code in $rc
run() {
	current="sevkit $*"
	out=$("$SEVKIT" "$@" 2>"$TMP/.stderr")
	rc=$?
	err=$(cat "$TMP/.stderr")
}

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n  %s\n  stdout: %s\n  stderr: %s\n' "$current" "$1" "$(printf '%s' "$out" | head -c 2000)" "$(printf '%s' "$err" | head -c 2000)"
}

expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "exit code $rc, expected $1"; }
# expect_out TEXT: stdout contains TEXT (fixed string)
expect_out() { printf '%s' "$out" | grep -qF -- "$1" && ok || bad "stdout lacks '$1'"; }
expect_no_out() { printf '%s' "$out" | grep -qF -- "$1" && bad "stdout has '$1'" || ok; }
expect_err() { printf '%s' "$err" | grep -qF -- "$1" && ok || bad "stderr lacks '$1'"; }
# expect_stdout_file FILE: stdout equals FILE exactly
expect_stdout_file() { [ "$out" = "$(cat "$1")" ] && ok || bad "stdout differs from $1"; }
# expect_json PYEXPR: stdout is JSON and the Python expression on `d` is true
expect_json() {
	printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" \
		&& ok || bad "JSON check failed: $1"
}
expect_file_hex() { # FILE HEX: file content equals hex
	[ "$(od -An -v -tx1 "$1" | tr -d ' \n')" = "$2" ] && ok || bad "$1 content differs"
}
expect_same_file() { cmp -s "$1" "$2" && ok || bad "$1 differs from $2"; }
expect_absent() { [ ! -e "$1" ] && ok || bad "$1 exists"; }
expect_mode() { [ "$(stat -c %a "$1")" = "$2" ] && ok || bad "$1 has mode $(stat -c %a "$1"), expected $2"; }

# flip_byte FILE OFFSET: invert the byte at OFFSET (a write of a fixed byte may change nothing)
flip_byte() {
	local b
	b=$(od -An -j "$2" -N1 -tu1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
