#!/usr/bin/env bash
# sevkit launch validate / secret: sevctl's measurement and secret vectors (MANIFEST 3, 4)
. "$(dirname "$0")/lib.sh"

S=$V/sev
FW=$S/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
TIK=$S/sevctl_tests_data_measurement_tik1.bin
M_DIGEST=lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA
M_FW=oMDewIouJSpbpNRHj7Mk3p08H2dPZQdsZMU14qIymBnDE/q1EcIWsVBbGy6pkDxA
M_KERNEL=h3auYbWQnVW7EGLWN4Hf9SN0oEYMPU2sK4bLnefWPwvDE/q1EcIWsVBbGy6pkDxA
M_ES=/o0nzDKE5XgtVnUZWPhUea/WZYrTKLExR7KCwuMdbActvpWfXTFk21KMZIAAhQny
API=(--api-major 1 --api-minor 40 --build-id 40 --policy 3)
KERNEL=(--kernel "$S/sevctl_tests_data_measurement_vmlinuz-fake"
	--initrd "$S/sevctl_tests_data_measurement_initrd-fake"
	--cmdline "foo bar baz fake kernel=cmdline")
ES=(--api-major 1 --api-minor 49 --build-id 6 --policy 5 --num-cpus 4)

# --- validate: the four sevctl cases ---
run launch validate --tik "$TIK" --measurement "$M_DIGEST" "${API[@]}" \
	--launch-digest xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM=
expect_rc 0
expect_out "OK: the launch measurement matches"
run launch validate --tik "$TIK" -m "$M_FW" --api-major 0x1 --api-minor 0x28 --build-id 40 \
	--policy 0x3 -f "$FW"
expect_rc 0
run launch validate --tik "$TIK" -m "$M_KERNEL" "${API[@]}" -f "$FW" "${KERNEL[@]}" --json
expect_rc 0
expect_json 'd["match"] and d["mode"]=="sev" and d["mnonce"]=="c313fab511c216b1505b1b2ea9903c40"'
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" \
	-0 "$S/sevctl_tests_data_vmsa0.bin" -1 "$S/sevctl_tests_data_vmsa1.bin"
expect_rc 0
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" \
	--cpu-family 25 --cpu-model 1 --cpu-stepping 1
expect_rc 0
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" --vcpu-type EPYC-Milan-v2
expect_rc 0
# the measurement blob and the TIK as files, base64 text or raw
printf '%s' "$M_FW" > "$TMP/m.b64"
base64 -w0 "$TIK" > "$TMP/tik.b64"
run launch validate --tik "$TMP/tik.b64" -m "$TMP/m.b64" "${API[@]}" -f "$FW"
expect_rc 0
# --tk = TEK || TIK
{ head -c 16 /dev/zero; cat "$TIK"; } > "$TMP/tk.bin"
run launch validate --tk "$TMP/tk.bin" -m "$M_FW" "${API[@]}" -f "$FW"
expect_rc 0

# --- validate: mismatches exit 1 ---
run launch validate --tik "$TIK" -m "$M_FW" --api-major 1 --api-minor 40 --build-id 41 \
	--policy 3 -f "$FW"
expect_rc 1
expect_out "MISMATCH"
run launch validate --tik "$TIK" -m "$M_KERNEL" "${API[@]}" -f "$FW" "${KERNEL[@]}" \
	--cmdline "foo bar baz fake kernel=cmdline "
expect_rc 1
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" --vcpu-type EPYC-Milan \
	--vmsa-features init2
expect_rc 1
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" --vcpu-type EPYC-Rome
expect_rc 1
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" --num-cpus 3 -f "$FW" \
	--vcpu-type EPYC-Milan
expect_rc 1
run launch validate --tk "$TIK" -m "$M_FW" "${API[@]}" -f "$FW" --json
expect_rc 3
expect_err "holds 16 bytes, not 32"

# --- validate: usage and input errors ---
run launch validate -m "$M_FW" "${API[@]}" -f "$FW"
expect_rc 2
expect_err "--tik"
run launch validate --tik "$TIK" "${API[@]}" -f "$FW"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_FW" --api-major 1 --api-minor 40 --build-id 40 -f "$FW"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_FW" --api-major 256 --api-minor 40 --build-id 40 \
	--policy 3 -f "$FW"
expect_rc 2
run launch validate --tik "$TIK" -m "AAAA" "${API[@]}" -f "$FW"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_FW" "${API[@]}"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW"
expect_rc 2
expect_err "SEV-ES needs the vCPU"
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" -0 "$S/sevctl_tests_data_vmsa0.bin"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_ES" "${ES[@]}" -f "$FW" --cpu-family 25 --cpu-model 1 \
	-0 "$S/sevctl_tests_data_vmsa0.bin"
expect_rc 2
run launch validate --tik "$TIK" -m "$M_FW" "${API[@]}" --launch-digest "$M_FW" -f "$FW"
expect_rc 2
run launch validate --tik "$S/sevctl_tests_data_measurement_vmlinuz-fake" -m "$M_FW" \
	"${API[@]}" -f "$FW"
expect_rc 3

# --- secret: sevctl's exact packets (raw files, fixed IV) ---
SK=(--tik "$S/sevctl_tests_data_secret_tik1.bin" --tek "$S/sevctl_tests_data_secret_tek1.bin"
	--launch-measure-blob TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS)
IV=(--iv rFR07U3TLH2YnsUj2SVZ7A==)
run launch secret "${SK[@]}" "${IV[@]}" \
	--secret "736869e5-84f0-4973-92ec-06879ce3da0b:$S/sevctl_tests_data_secret_secret1.txt" \
	"$TMP/h1" "$TMP/p1"
expect_rc 0
[ "$(base64 -w0 "$TMP/h1")" = AAAAAKxUdO1N0yx9mJ7FI9klWey8FSzeYQ4X8K71VzNKLU/KQsIsQxLjtbhaPUewqshX5Q== ] \
	&& ok || bad "header 1"
[ "$(base64 -w0 "$TMP/p1")" = 0U3e5PcXv0UW+H4tSBFKOdCYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCCwD/2w5cPA== ] \
	&& ok || bad "payload 1"
run launch secret "${SK[@]}" "${IV[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" \
	-s "736869e5-aaaa-4973-92ec-06879ce3da0b:$S/sevctl_tests_data_secret_secret2.txt" \
	--secret-header "$TMP/h2" --secret-payload "$TMP/p2" --format base64 --json
expect_rc 0
expect_json 'd["secrets"]==2 and d["format"]=="base64"'
[ "$(cat "$TMP/h2")" = AAAAAKxUdO1N0yx9mJ7FI9klWeyZ3r0dOEKHUOhIRqzGYYvTJgdMtBPL1nK6GD9aGET7Ng== ] \
	&& ok || bad "header 2"
[ "$(cat "$TMP/p2")" = 0U3e5PcXv0UW+H4tSBFKObWYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCC+WWs332lpLNUX1ZI3YK7vYgtys4X+uGxEIlkIQ90v8/w8ZFmQMe ] \
	&& ok || bad "payload 2"

# padding: 16343 and 16344 bytes of secret both give 16384 bytes of payload
for f in secret3 secret4; do
	run launch secret "${SK[@]}" -s "23058844-597b-42fb-8259-a0f5d9d495af:$S/sevctl_tests_data_secret_$f.txt" \
		"$TMP/h-$f" "$TMP/p-$f"
	expect_rc 0
	[ "$(stat -c %s "$TMP/p-$f")" = 16384 ] && ok || bad "$f payload size"
done
# a random IV each time
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/ha" "$TMP/pa"
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/hb" "$TMP/pb"
cmp -s "$TMP/ha" "$TMP/hb" && bad "two headers are equal" || ok

# the firmware's secret area: 0xc00 bytes in the trimmed OVMF
run launch secret "${SK[@]}" -f "$FW" \
	-s "23058844-597b-42fb-8259-a0f5d9d495af:$S/sevctl_tests_data_secret_secret3.txt" \
	"$TMP/h3" "$TMP/p3"
expect_rc 3
expect_err "secret area only 3072"
expect_absent "$TMP/h3"
expect_absent "$TMP/p3"
run launch secret "${SK[@]}" -f "$FW" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" \
	"$TMP/h4" "$TMP/p4"
expect_rc 0
run launch secret "${SK[@]}" -f "$V/sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h5" "$TMP/p5"
expect_rc 3
expect_err "no launch secret area"

# secret refusals
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" \
	-s "736869E5-84F0-4973-92EC-06879CE3DA0B:$S/sevctl_tests_data_secret_secret2.txt" \
	"$TMP/h6" "$TMP/p6"
expect_rc 2
expect_err "given twice"
run launch secret "${SK[@]}" -s "disk-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h6" "$TMP/p6"
expect_rc 2
run launch secret "${SK[@]}" -s "luks-key" "$TMP/h6" "$TMP/p6"
expect_rc 2
run launch secret --tik "$S/sevctl_tests_data_secret_tik1.bin" -m "$M_FW" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h6" "$TMP/p6"
expect_rc 2
expect_err "--tek"
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h6"
expect_rc 2
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" --iv AAAA \
	"$TMP/h6" "$TMP/p6"
expect_rc 2
run launch secret "${SK[@]}" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" --format hex \
	"$TMP/h6" "$TMP/p6"
expect_rc 2
expect_absent "$TMP/h6"

# --- validate with secrets: written only when the measurement matches ---
run launch validate --tik "$TIK" --tek "$S/sevctl_tests_data_secret_tek1.bin" -m "$M_FW" \
	"${API[@]}" -f "$FW" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" \
	--secret-header "$TMP/vh" --secret-payload "$TMP/vp"
expect_rc 0
[ "$(base64 -d "$TMP/vh" | wc -c)" = 52 ] && ok || bad "base64 header of 52 bytes"
[ "$(base64 -d "$TMP/vp" | wc -c)" = 64 ] && ok || bad "base64 payload of 64 bytes"
run launch validate --tik "$TIK" --tek "$S/sevctl_tests_data_secret_tek1.bin" -m "$M_FW" \
	--api-major 1 --api-minor 40 --build-id 41 --policy 3 -f "$FW" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" \
	--secret-header "$TMP/wh" --secret-payload "$TMP/wp"
expect_rc 1
expect_absent "$TMP/wh"
expect_absent "$TMP/wp"
run launch validate --tik "$TIK" -m "$M_FW" "${API[@]}" -f "$FW" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" --secret-header "$TMP/wh" \
	--secret-payload "$TMP/wp"
expect_rc 2

# an argument that is neither a file nor base64 of the right length is a usage error (exit 2)
run launch validate --tik /nonexistent/tik.bin -m "$M_FW" "${API[@]}" -f "$FW"
expect_rc 2
expect_err "/nonexistent/tik.bin is neither a file nor base64 of 16 bytes"
run launch validate --tik "$TIK" -m /nonexistent/m.b64 "${API[@]}" -f "$FW"
expect_rc 2
expect_err "/nonexistent/m.b64 is neither a file nor base64 of 48 bytes"
run launch secret --tek /nonexistent/tek.bin --tik "$TIK" -m "$M_FW" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h" "$TMP/p"
expect_rc 2
expect_err "/nonexistent/tek.bin is neither a file nor base64 of 16 bytes"
run launch validate --tik "$TMP" -m "$M_FW" "${API[@]}" -f "$FW"
expect_rc 2
# an empty firmware is bad input, not a mismatch
: >"$TMP/empty.fd"
run launch validate --tik "$TIK" -m "$M_FW" "${API[@]}" -f "$TMP/empty.fd"
expect_rc 3
expect_err "empty.fd: empty file"
run launch secret --tek "$S/sevctl_tests_data_secret_tek1.bin" \
	--tik "$S/sevctl_tests_data_secret_tik1.bin" -m "$M_FW" -f "$TMP/empty.fd" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" "$TMP/h" "$TMP/p"
expect_rc 3
expect_err "empty.fd: empty file"
[ ! -e "$TMP/h" ] && ok || bad "a refused secret left a header"
finish
