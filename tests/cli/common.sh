#!/usr/bin/env bash
# What every command shares: option errors name the option, groups list their commands,
# --color and -q behave the same everywhere.
. "$(dirname "$0")/lib.sh"

run cert show --bogus "$V/sev/virtee-sev_tests_rome_pdh.cert"
expect_rc 2
expect_err "unknown option '--bogus'"
run verity dump x --threads 2
expect_rc 2
expect_err "unknown option '--threads'"
run report show x --product
expect_rc 2
expect_err "option '--product' needs an argument"
run cert show --json=1 "$V/sev/virtee-sev_tests_rome_pdh.cert"
expect_rc 2
expect_err "option '--json' takes no argument"
run policy decode -z 1
expect_rc 2
expect_err "unknown option '-z'"

run cert
expect_rc 2
expect_err "which command?"
expect_err "sevkit cert verify"
run cert frobnicate
expect_rc 2
expect_err "unknown command 'frobnicate'"
run frobnicate
expect_rc 2
# the version is the project's, as Meson has it (tests/meson.build), in both spellings
: "${SEVKIT_PROJECT_VERSION:?SEVKIT_PROJECT_VERSION must be the Meson project version}"
for v in --version version; do
	run $v
	expect_rc 0
	[ "$out" = "sevkit $SEVKIT_PROJECT_VERSION" ] && ok || bad "not 'sevkit $SEVKIT_PROJECT_VERSION'"
	[ -z "$err" ] && ok || bad "wrote to stderr"
done
run help
expect_out "'sevkit --version'"

# colour only when asked (stdout is not a terminal here), and auto after never turns it off again
run policy decode --color=always 3
printf '%s' "$out" | grep -q $'\033\\[' && bad "policy decode prints no colour codes" || ok
run cert verify --color=always "$V/sev/derived/rome.fullchain"
printf '%s' "$out" | grep -q $'\033\\[' && ok || bad "--color=always gave no colour"
run cert verify --color=always --color=auto "$V/sev/derived/rome.fullchain"
printf '%s' "$out" | grep -q $'\033\\[' && bad "--color=auto on a pipe gave colour" || ok
run cert verify --color=sometimes "$V/sev/derived/rome.fullchain"
expect_rc 2

# -q: nothing on stdout or stderr, the exit status alone
run cert verify -q "$V/sev/derived/rome.fullchain"
expect_rc 0
[ -z "$out$err" ] && ok || bad "-q printed something"
run cert verify -q "$V/sev/virtee-sev_tests_rome_pek.cert"
expect_rc 1
[ -z "$out$err" ] && ok || bad "-q printed something on failure"
finish
