#!/usr/bin/env bash
# sevkit launch attest against a scripted QMP peer (qmp-fake.py) holding sevctl's measurements
. "$(dirname "$0")/lib.sh"

FAKE=$(dirname "$0")/qmp-fake.py
S=$V/sev
FW=$S/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
TIK=$S/sevctl_tests_data_measurement_tik1.bin
TEK=$S/sevctl_tests_data_secret_tek1.bin
M_FW=oMDewIouJSpbpNRHj7Mk3p08H2dPZQdsZMU14qIymBnDE/q1EcIWsVBbGy6pkDxA
M_ES=/o0nzDKE5XgtVnUZWPhUea/WZYrTKLExR7KCwuMdbActvpWfXTFk21KMZIAAhQny
SEV_STATE=(--measurement "$M_FW" --api-major 1 --api-minor 40 --build-id 40 --policy 3)
ES_STATE=(--measurement "$M_ES" --api-major 1 --api-minor 49 --build-id 6 --policy 5)

# fake ARGS...: start the peer on $TMP/qmp.sock, logging to $TMP/qmp.log
fake() {
	rm -f "$TMP/qmp.sock" "$TMP/qmp.log"
	python3 "$FAKE" "$TMP/qmp.sock" "$TMP/qmp.log" "$@" &
	fake_pid=$!
	for _ in $(seq 100); do [ -S "$TMP/qmp.sock" ] && return; sleep 0.05; done
	bad "the QMP peer did not start"
}
# commands: the commands the peer received, space-separated
commands() {
	wait "$fake_pid"
	python3 -c 'import json, sys
print(" ".join(json.loads(l)["execute"] for l in open(sys.argv[1])))' "$TMP/qmp.log"
}
expect_commands() { local got; got=$(commands); [ "$got" = "$1" ] && ok || bad "peer got: $got"; }

ATTEST=(launch attest --qmp "$TMP/qmp.sock" --timeout 10 -f "$FW" --tik "$TIK")

# SEV: the measurement matches, the VM is resumed
fake "${SEV_STATE[@]}"
run "${ATTEST[@]}"
expect_rc 0
expect_out "OK: the launch measurement matches"
expect_out "OK: the VM runs"
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev cont"

# SEV-ES with 4 vCPUs of EPYC-Milan, and a secret: injected before cont
fake "${ES_STATE[@]}"
run "${ATTEST[@]}" --tek "$TEK" --num-cpus 4 --cpu-family 25 --cpu-model 1 --cpu-stepping 1 \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" --iv rFR07U3TLH2YnsUj2SVZ7A== --json
expect_rc 0
expect_json 'd["match"] and d["mode"]=="seves" and d["secrets"]==1 and d["resumed"]'
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev sev-inject-launch-secret cont"
# the injected packet is the one 'launch secret' builds from the same inputs and IV,
# and its MAC checks with the TIK of the session (Python's hmac)
run launch secret --tik "$TIK" --tek "$TEK" -m "$M_ES" --iv rFR07U3TLH2YnsUj2SVZ7A== \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" --format base64 "$TMP/h" "$TMP/p"
python3 - "$TMP/qmp.log" "$TMP/h" "$TMP/p" "$TIK" "$M_ES" <<'PY' && ok || bad "injected packet"
import base64, hmac, json, struct, sys
log, h, p, tik, m = sys.argv[1:]
args = [json.loads(l) for l in open(log)][4]["arguments"]
assert args["packet-header"] == open(h).read() and args["secret"] == open(p).read()
hdr, ct = base64.b64decode(args["packet-header"]), base64.b64decode(args["secret"])
n = struct.pack("<I", len(ct))
msg = b"\x01" + hdr[:20] + n + n + ct + base64.b64decode(m)[:32]
assert hmac.new(open(tik, "rb").read(), msg, "sha256").digest() == hdr[20:]
PY

# a mismatch: never cont, never inject
fake --measurement "$M_FW" --api-major 1 --api-minor 40 --build-id 41 --policy 3
run "${ATTEST[@]}" --tek "$TEK" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt"
expect_rc 1
expect_out "MISMATCH"
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev"
# SEV-ES state but the wrong vCPU type
fake "${ES_STATE[@]}"
run "${ATTEST[@]}" --num-cpus 4 --vcpu-type EPYC-Rome
expect_rc 1
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev"

# QEMU refuses: its own text is shown, nothing else happens
fake "${SEV_STATE[@]}" --fail query-sev-launch-measure
run "${ATTEST[@]}"
expect_rc 4
expect_err "SEV launch measurement is not available"
expect_commands "qmp_capabilities query-status query-sev-launch-measure"
fake "${SEV_STATE[@]}" --fail sev-inject-launch-secret
run "${ATTEST[@]}" --tek "$TEK" -s "luks-key:$S/sevctl_tests_data_secret_secret1.txt"
expect_rc 4
expect_err "SEV not enabled for guest"
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev sev-inject-launch-secret"
# a running VM is not attested
fake "${SEV_STATE[@]}" --status running
run "${ATTEST[@]}"
expect_rc 4
expect_err "the VM is running"
expect_commands "qmp_capabilities query-status"
# no answer within the timeout
fake "${SEV_STATE[@]}" --silent query-sev
run launch attest --qmp "$TMP/qmp.sock" --timeout 1 -f "$FW" --tik "$TIK"
expect_rc 4
expect_err "did not answer within 1000 ms"
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev"
# a secret too large for the firmware's secret area is refused before anything is sent
fake "${SEV_STATE[@]}"
run "${ATTEST[@]}" --tek "$TEK" \
	-s "23058844-597b-42fb-8259-a0f5d9d495af:$S/sevctl_tests_data_secret_secret3.txt"
expect_rc 3
expect_commands "qmp_capabilities query-status query-sev-launch-measure query-sev"

# usage
run launch attest -f "$FW" --tik "$TIK"
expect_rc 2
run launch attest --qmp "$TMP/none.sock" -f "$FW" --tik "$TIK"
expect_rc 4
run launch attest --qmp "$TMP/none.sock" -f "$FW" --tik "$TIK" --timeout 0
expect_rc 2
finish
