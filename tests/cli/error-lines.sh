#!/usr/bin/env bash
# An error is one line that names the file and says what is wrong with it: truncated inputs of
# real certificates and reports, where the parser's details (offset, what is missing) and the
# command's context used to come as several lines, or without the file's name.
. "$(dirname "$0")/lib.sh"

S=$V/sev
R=$V/snp/go-sev-guest_attestation.bin
head -c 3000 "$S/derived/rome.sevchain" >"$TMP/chain.cut"  # the PEK ends early
head -c 1000 "$S/virtee-sev_tests_rome_pdh.cert" >"$TMP/pdh.cut"
head -c 1000 "$R" >"$TMP/report.cut"
head -c 100 /dev/zero >"$TMP/legacy.cut"
# the PDH's base64 text, cut: neither whole base64 nor a certificate
base64 -w0 "$S/virtee-sev_tests_rome_pdh.cert" | head -c 1001 >"$TMP/pdh-b64.cut"

# one_line FILE TEXT: stderr is exactly "sevkit <command>: FILE: ..." with TEXT in it
one_line() {
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "not one line on stderr"
	case $err in
	"sevkit "*": $1: "*"$2"*) ok ;;
	*) bad "the line does not start with the file name and say '$2'" ;;
	esac
}

CUT="SEV certificate at offset 0x824: truncated (need 2084 bytes, 916 left)"
run cert verify "$TMP/chain.cut"
expect_rc 3
one_line "$TMP/chain.cut" "$CUT"
run cert verify --pdh "$TMP/pdh.cut" "$S/derived/rome.fullchain"
expect_rc 3
one_line "$TMP/pdh.cut" "truncated (need 2084 bytes, 1000 left)"
run cert show "$TMP/chain.cut"
expect_rc 3
one_line "$TMP/chain.cut" "$CUT"
[ -z "$out" ] && ok || bad "printed something for a file it refused"

run session --pdh "$TMP/pdh.cut" --policy 1 -o "$TMP"
expect_rc 3
one_line "$TMP/pdh.cut" "1000 bytes, too short for a PDH certificate"
run session --pdh "$TMP/pdh-b64.cut" --policy 1 -o "$TMP"
expect_rc 3
one_line "$TMP/pdh-b64.cut" "too short for a PDH certificate"
run session --pdh "$TMP/chain.cut" --policy 1 -o "$TMP"
expect_rc 3
one_line "$TMP/chain.cut" "$CUT"
expect_absent "$TMP/vm_tek.bin"

run report validate-legacy "$TMP/chain.cut" "$TMP/legacy.cut"
expect_rc 3
one_line "$TMP/chain.cut" "$CUT"
# a chain that verifies, and a report cut short: no warning about the chain, one error
run report validate-legacy "$S/derived/rome.sevchain" "$TMP/legacy.cut"
expect_rc 3
one_line "$TMP/legacy.cut" "SEV attestation report: size at offset 0x0: 100 bytes, the report has 208"
# a lone PEK is warned about only when the report could be checked
run report validate-legacy "$S/virtee-sev_tests_rome_pek.cert" "$TMP/legacy.cut"
expect_rc 3
one_line "$TMP/legacy.cut" "100 bytes, the report has 208"

run report show "$TMP/report.cut"
expect_rc 3
one_line "$TMP/report.cut" "1000 bytes of binary data; a binary report has 1184"
run report show --json "$TMP/report.cut"
expect_rc 3
one_line "$TMP/report.cut" "a binary report has 1184"
# -q: nothing at all
run report show -q "$TMP/report.cut"
expect_rc 3
[ -z "$err$out" ] && ok || bad "-q printed something"
finish
