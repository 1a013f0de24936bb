#!/usr/bin/env bash
# sevkit policy decode
. "$(dirname "$0")/lib.sh"

# libvirt's documented default policy 0x0003 and an SEV-ES policy with a minimum firmware.
run policy decode 0x3
expect_rc 0
expect_out "nodbg  1  debugging of the guest is disallowed"
expect_out "noks   1"
expect_out "es     0"
run policy decode --json 0x18050007
expect_rc 0
expect_json 'd["flags"]["es"] and d["flags"]["nodbg"] and d["api_major"]==5 and d["api_minor"]==24'
run policy decode 5
expect_out "es     1"

run policy decode 0x40
expect_rc 3
expect_out "reserved"
run policy decode 0x100000000
expect_rc 2
run policy decode nonsense
expect_rc 2
run policy decode
expect_rc 2
run policy decode -q 3
expect_rc 0
[ -z "$out" ] && ok || bad "-q printed output"
finish
