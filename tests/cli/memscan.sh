#!/usr/bin/env bash
# sevkit memscan scan | dump | detectors, sevkit audit (on dump files)
. "$(dirname "$0")/lib.sh"
M=$V/memscan

# QEMU kdump-zlib, flattened as QEMU writes it: planted secrets at their guest-physical addresses
run memscan scan --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d --secret WIDE-SECRET-9b8c \
	--secret SEGMENT-SEAM-CANARY-31c4 "$M/qemu.kdump-flat"
expect_rc 1
expect_out "secret #1                phys 0x1001083"
expect_out "secret #2                phys 0x10010c7 utf-16le"
expect_out "secret #3                phys 0xbfff4"
expect_out "SE**********************5d"
expect_no_out "SECRET_CANARY_7f3a9c2e1b5d"
expect_out "kdump-flattened"
run memscan scan --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d --show-secrets "$M/qemu.kdump"
expect_rc 1
expect_out "SECRET_CANARY_7f3a9c2e1b5d"
expect_out "(zlib page)"

# pages of zeros are left out of the scan and counted; a secret among them is still found
truncate -s 16M "$TMP/zeros.raw"
printf 'ZERO-SEA-SECRET' | dd of="$TMP/zeros.raw" bs=1 seek=$((8 << 20 | 4090)) conv=notrunc \
	2>/dev/null
run memscan scan --no-detectors --secret ZERO-SEA-SECRET "$TMP/zeros.raw"
expect_rc 1
expect_out "phys 0x800ffa"
expect_out "4094 pages of zeros not scanned"
run memscan scan --json --no-detectors --secret ZERO-SEA-SECRET "$TMP/zeros.raw"
expect_json 'd["total_hits"]==1 and d["skipped_zero_pages"]==4094'

# JSON: one record per hit; the file offset is where grep -obUa finds the canary
run memscan scan --json --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d -C 4 "$M/qemu-window.elf"
expect_rc 1
expect_json 'd["total_hits"]==1 and d["hits"][0]["guest_physical"]=="0x1001083" and d["hits"][0]["file_offset"]=="0x1423"'
expect_json 'd["hits"][0]["match"]=="SE**********************5d" and d["hits"][0]["context"]=="---\\n"+"*"*26+"\\naws"'
expect_json 'd["source"]["format"]=="elf" and d["source"]["producer"]=="qemu" and d["source"]["addresses"]=="guest-physical"'

# detectors on the same window
run memscan scan --json "$M/qemu-window.elf"
expect_rc 1
expect_json 'sorted(h["name"] for h in d["hits"])==["aws-access-key-id","crypt-yescrypt","jwt","openssh-private-key"]'
expect_json '[h["guest_physical"] for h in d["hits"] if h["name"]=="openssh-private-key"]==["0x1000ff6"]'
run memscan scan --detectors jwt,aws-access-key-id --json "$M/qemu-window.elf"
expect_json 'sorted(h["name"] for h in d["hits"])==["aws-access-key-id","jwt"]'
# libpam's NUL-separated prompts ("New %s password: \0New password: \0...") are no password;
# a cloud-config password after them is one, at 186 + 14 bytes
cp "$M/libpam-strings.bin" "$TMP/pam.raw"
run memscan scan --detectors cloud-init-password --json "$TMP/pam.raw"
expect_rc 0
expect_json 'd["total_hits"]==0'
printf '#cloud-config\npassword: hunter2\n' >>"$TMP/pam.raw"
run memscan scan --detectors cloud-init-password --json "$TMP/pam.raw"
expect_rc 1
expect_json 'd["total_hits"]==1 and d["hits"][0]["file_offset"]=="0xc8" and d["hits"][0]["length"]==17'

# gdb gcore: process-virtual addresses printed by the program itself (holder.out)
printf 'HEAP-CANARY-5e1d0c\r\n\nANON-CANARY-77aa01\n' >"$TMP/secrets.txt"
run memscan scan --no-detectors --secret-file "$TMP/secrets.txt" --json "$M/holder.core"
expect_rc 1
expect_json '{"0x558fdd7fd2a0","0x7f2aacd36ff9"} <= {h["virtual"] for h in d["hits"]} and all(h["guest_physical"] is None for h in d["hits"])'

# a binary secret and a regular expression
run memscan scan --no-detectors --secret-hex 5345474d454e542d5345414d --pattern 'CANARY-[0-9a-f]{4}' --json "$M/qemu-seam.elf"
expect_rc 1
expect_json 'len(d["hits"])==2 and {h["kind"] for h in d["hits"]}=={"secret","pattern"}'
expect_json '[h["match"] for h in d["hits"] if h["kind"]=="pattern"]==["CANARY-31c4"]'

# nothing found: exit 0
run memscan scan --no-detectors --secret not-in-this-dump "$M/qemu-seam.elf"
expect_rc 0
expect_out "0 hits"
run memscan scan -q --no-detectors --secret SEGMENT-SEAM-CANARY-31c4 "$M/qemu-seam.elf"
expect_rc 1
[ -z "$out" ] && ok || bad "-q printed output"

# entropy and the map
run memscan scan --no-detectors --secret x-none --map "$TMP/map.png" --json "$M/qemu.kdump"
expect_rc 0
expect_json 'd["entropy"]["pages"]==8256 and d["entropy"]["zero_pages"]>8000'
[ "$(head -c 8 "$TMP/map.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && ok || bad "map is not a PNG"
run memscan scan --no-detectors --secret x-none --map "$TMP/nodir/map.png" "$M/qemu.kdump"
expect_rc 4
expect_absent "$TMP/nodir/map.png"

# AES-CTR keystream (what the host reads of an encrypted guest), 1 GiB: no detector hit
openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv 0 -in /dev/zero 2>/dev/null |
	head -c 1073741824 >"$TMP/random.img"
run memscan scan --entropy --json "$TMP/random.img"
expect_rc 0
expect_json 'd["total_hits"]==0 and d["entropy"]["encrypted_fraction"]>0.99 and d["entropy"]["pages"]==262144'
run audit "$TMP/random.img" --secret SECRET_CANARY_7f3a9c2e1b5d
expect_rc 0
expect_out "verdict: no secret found, 100.0 % of pages look encrypted"
rm -f "$TMP/random.img"

# audit of a plain dump
run audit --json --secret SECRET_CANARY_7f3a9c2e1b5d "$M/qemu.kdump-flat"
expect_rc 1
expect_json 'd["verdict"]=="readable-secrets" and d["summary"].startswith("guest memory is readable by the host: ")'
expect_json '"0x1001083" in d["summary"] and "SECRET_CANARY" not in json.dumps(d)'
run audit --no-detectors --secret not-there "$M/qemu-window.elf"
expect_rc 1
expect_out "verdict: no secret found, but only 0.0 % of pages look encrypted"

# bad input
head -c 100 "$M/qemu-window.elf" >"$TMP/short.elf"
run memscan scan --secret x "$TMP/short.elf"
expect_rc 3
expect_err "ELF core"
# a truncated dump: one error line that names the file, then the field (readelf -lW: notes at
# 0x130+0x270, memory at 0x3a0+0x2000; the file is 9131 bytes)
while IFS='|' read -r len says; do
	head -c "$len" "$M/qemu-window.elf" >"$TMP/cut.elf"
	for cmd in "memscan scan --secret x" "memscan scan --json" "audit --secret x"; do
		# shellcheck disable=SC2086
		run $cmd "$TMP/cut.elf"
		expect_rc 3
		want="sevkit ${cmd%% --*}: $TMP/cut.elf: ELF core: $says"
		[ "$err" = "$want" ] && ok || bad "expected the one line '$want'"
	done
done <<'EOF'
10|e_ident at offset 0x0: truncated (need 16 bytes, 10 left)
64|e_phoff at offset 0x20: 2 program headers at 0xc0 do not fit in the file
768|p_offset at offset 0xc0: note segment 0x130+0x270 ends beyond the file (0x300 bytes)
9000|p_offset at offset 0xf8: segment 0x3a0+0x2000 ends beyond the file (0x2328 bytes)
EOF
head -c $((0x65350 + 256)) "$M/holder.core" >"$TMP/cut.core"
run memscan scan --secret x "$TMP/cut.core"
expect_rc 3
[ "$err" = "sevkit memscan scan: $TMP/cut.core: ELF core: p_offset at offset 0x40: note segment 0x65350+0x4978 ends beyond the file (0x65450 bytes)" ] \
	&& ok || bad "truncated gcore notes: not one line naming the file"
head -c 400000 "$M/qemu.kdump" >"$TMP/cut.kdump"
run memscan scan --secret x "$TMP/cut.kdump"
expect_rc 3
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [ "${err#"sevkit memscan scan: $TMP/cut.kdump: kdump"}" != "$err" ] \
	&& ok || bad "truncated kdump: not one line naming the file"
cp "$M/qemu.kdump" "$TMP/lzo.kdump"
printf '\002' | dd of="$TMP/lzo.kdump" bs=1 seek=424 conv=notrunc status=none
run memscan scan --secret x "$TMP/lzo.kdump"
expect_rc 3
expect_err "compressed with lzo is not supported"
printf 'QEVM\000\000\000\003' >"$TMP/migration"
run memscan scan --secret x "$TMP/migration"
expect_rc 3
expect_err "QEMU migration stream"
run memscan scan --secret x --format raw "$TMP/migration"
expect_rc 0
run memscan scan --secret x /nonexistent/dump
expect_rc 2

# usage
run memscan scan --secret x
expect_rc 2
run memscan scan --secret x --pid 1 "$M/qemu.kdump"
expect_rc 2
run memscan scan --secret x --format tar "$M/qemu.kdump"
expect_rc 2
run memscan scan --secret x --context 5000 "$M/qemu.kdump"
expect_rc 2
run memscan scan --detectors nope "$M/qemu.kdump"
expect_rc 2
expect_err "unknown detector 'nope'"
run memscan scan --no-detectors --pattern 'bad(' "$M/qemu.kdump"
expect_rc 2
expect_err "pattern 1 (bad()"
run memscan scan --no-detectors "$M/qemu.kdump"
expect_rc 2
run memscan scan --secret-hex abc "$M/qemu.kdump"
expect_rc 2
run memscan scan --all-mappings --secret x "$M/qemu.kdump"
expect_rc 2
run memscan dump "$TMP/out.elf"
expect_rc 2
run memscan dump --qmp "$TMP/none.sock" --format win-dmp "$TMP/out.elf"
expect_rc 2
run memscan dump --qmp "$TMP/none.sock" "$TMP/out.elf"
expect_rc 4
expect_err "QMP: cannot connect to"
expect_absent "$TMP/out.elf"
run audit --secret x
expect_rc 2
run audit --secret x --qmp "$TMP/none.sock" "$M/qemu.kdump"
expect_rc 2

# detectors list
run memscan detectors --json
expect_rc 0
expect_json 'len(d)>=17 and "luks-volume-key" in [x["name"] for x in d]'
run memscan scan --help
expect_rc 0
expect_out "--secret-hex HEX"

# --format kdump reads both kdump forms and nothing else: an ELF or a raw file is no clean kdump
run memscan scan --format kdump --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d "$M/qemu.kdump"
expect_rc 1
run memscan scan --format kdump --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d \
	"$M/qemu.kdump-flat"
expect_rc 1
expect_out "kdump-flattened"
run memscan scan --format kdump --no-detectors --secret x "$M/qemu-seam.elf"
expect_rc 3
expect_err "qemu-seam.elf: not a kdump-compressed dump"
expect_no_out "0 hits"
run memscan scan --format kdump --no-detectors --secret x "$M/plant.bin"
expect_rc 3
expect_err "plant.bin: not a kdump-compressed dump"
run memscan scan --format kdump --secret x /nonexistent/dump
expect_rc 2

# audit's help names the verdicts its --json gives
run audit --help
expect_out "readable-secrets"
expect_out "readable-plaintext"
finish
