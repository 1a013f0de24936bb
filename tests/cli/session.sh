#!/usr/bin/env bash
# sevkit session: inputs, chain verification and failure behaviour.
# (The cryptography is checked from the firmware's side by test-session-unwrap.c.)
. "$(dirname "$0")/lib.sh"
S=$V/sev

# a single real PDH (Rome), written where --out says, named by --name
run session --pdh "$S/virtee-sev_tests_rome_pdh.cert" --policy 3 --out "$TMP" --name guest
expect_rc 0
expect_err "a PDH alone cannot be traced to AMD"
for f in guest_godh.b64 guest_session.b64 guest_tek.bin guest_tik.bin; do
	[ -s "$TMP/$f" ] && ok || bad "$f missing"
done
expect_mode "$TMP/guest_tek.bin" 600
expect_mode "$TMP/guest_tik.bin" 600
[ "$(stat -c %s "$TMP/guest_tek.bin")" = 16 ] && ok || bad "TEK is not 16 bytes"
# base64 without a newline, of a 2084-byte certificate and a 128-byte buffer
[ "$(base64 -d "$TMP/guest_godh.b64" | wc -c)" = 2084 ] && ok || bad "GODH is not 2084 bytes"
[ "$(base64 -d "$TMP/guest_session.b64" | wc -c)" = 128 ] && ok || bad "session is not 128 bytes"
[ "$(tail -c 1 "$TMP/guest_godh.b64" | od -An -c | tr -d ' ')" != '\n' ] && ok || bad "trailing newline"

# sevctl's positional form, default name vm, in the current directory
(cd "$TMP" && "$SEVKIT" session "$S/virtee-sev_tests_naples_pdh.cert" 1 >/dev/null 2>&1)
[ -s "$TMP/vm_godh.b64" ] && ok || bad "positional form wrote no vm_godh.b64"

# the PDH as base64 text (libvirt's <pdh> from virsh domcapabilities)
base64 -w0 "$S/virtee-sev_tests_rome_pdh.cert" > "$TMP/pdh.b64"
run session --pdh "$TMP/pdh.b64" --policy 0x5 --out "$TMP" --name b64
expect_rc 0

# a whole real chain is verified first
run session --pdh "$S/derived/rome.fullchain" --policy 3 --out "$TMP" --name chain --json
expect_rc 0
expect_json 'd["policy"] == 3 and d["godh"].endswith("chain_godh.b64")'

# a chain whose PEK signature on the PDH is broken: refused, nothing written
cp "$S/derived/rome.sevchain" "$TMP/broken"
printf '\x55' | dd of="$TMP/broken" bs=1 seek=$((0x41c + 20)) conv=notrunc 2>/dev/null
run session --pdh "$TMP/broken" --policy 3 --out "$TMP" --name broken
expect_rc 1
expect_err "PEK"
expect_absent "$TMP/broken_godh.b64"
expect_absent "$TMP/broken_tek.bin"
# ...unless the user asks to skip verification
run session --pdh "$TMP/broken" --policy 3 --out "$TMP" --name nover --no-verify
expect_rc 0

# not a PDH, malformed, bad policy, missing arguments
run session --pdh "$S/virtee-sev_tests_rome_pek.cert" --policy 3 --out "$TMP" --name pek
expect_rc 3
expect_err "not a PDH"
expect_absent "$TMP/pek_godh.b64"
head -c 2000 "$S/virtee-sev_tests_rome_pdh.cert" > "$TMP/short"
run session --pdh "$TMP/short" --policy 3 --out "$TMP"
expect_rc 3
run session --pdh "$S/virtee-sev_tests_rome_pdh.cert" --policy 0x1ffffffff --out "$TMP"
expect_rc 2
run session --policy 3
expect_rc 2
run session --pdh "$TMP/does-not-exist" --policy 3
expect_rc 2
finish
