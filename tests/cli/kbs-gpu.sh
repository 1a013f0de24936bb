#!/usr/bin/env bash
# Confidential AI at the key broker: composite evidence (an SNP report whose REPORT_DATA binds
# {"nvidia": GPU evidence}, trustee's form) from a test GPU (gpu-test-evidence.py, its report
# made from a real H100 one) and a real H100 sample; the policy's "gpu" member; the GPU swapped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"

G=$V/gpu
TEMPLATE=$G/hopperAttestationReport.txt
GPUGEN=$(realpath "$(dirname "$0")/gpu-test-evidence.py")
P=$TMP/gpki
mkdir "$P"
python3 "$GPUGEN" pki "$P"
DB=sqlite:$TMP/kbs.db
head -c 32 /dev/urandom > "$TMP/secret"
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/cpu.json"
echo "{\"measurement\": \"$MEAS\", \"gpu\": {\"required\": true}}" > "$TMP/gpu.json"
echo "{\"measurement\": \"$MEAS\", \"gpu\": {\"driver_versions\": [\"545.00\"]}}" > "$TMP/old-driver.json"
echo "{\"measurement\": \"$MEAS\", \"gpu\": {\"driver_versions\": [\"550.90.07\"], \"vbios_versions\": [\"96.00.9F.00.01\"]}}" > "$TMP/versions.json"
echo "{\"measurement\": \"$MEAS\", \"gpu\": {\"rims_matched\": true}}" > "$TMP/rims.json"
echo "{\"gpu\": {\"requierd\": true}}" > "$TMP/typo.json"
for p in cpu gpu old-driver versions rims; do
	run kbs policy put --db "$DB" "$p" "$TMP/$p.json"
	expect_rc 0
	run kbs resource put --db "$DB" "ai/key/$p" "$TMP/secret" --policy "$p"
	expect_rc 0
done
run kbs policy put --db "$DB" typo "$TMP/typo.json"
expect_rc 3
expect_err "requierd"

start "$TMP/serve.log" --gpu-root "$P/root.pem"

# sevkit's own guest, its GPU evidence from the test GPU for the nonce it is given
gpu_guest() { guest --gpu-evidence-cmd "python3 $GPUGEN evidence $P $TEMPLATE" "$@"; }
gpu_guest ai/key/gpu --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
gpu_guest ai/key/versions --out "$TMP/got2"
expect_rc 0
gpu_guest ai/key/cpu --out "$TMP/got3"
expect_rc 0
# a policy that asks for another driver, or for RIMs this broker was not given
gpu_guest ai/key/old-driver --out "$TMP/no1"
expect_rc 1
expect_err "refused: gpu"
expect_absent "$TMP/no1"
gpu_guest ai/key/rims --out "$TMP/no2"
expect_rc 1
expect_absent "$TMP/no2"
# no GPU at all: the CPU-only secret, not the GPU one
guest ai/key/cpu --out "$TMP/got4"
expect_rc 0
guest ai/key/gpu --out "$TMP/no3"
expect_rc 1
expect_err "refused: gpu"
# a collector that fails, or prints something else
guest --gpu-evidence-cmd false ai/key/gpu --out "$TMP/no4"
expect_rc 4
guest --gpu-evidence-cmd "echo '{}' #" ai/key/gpu --out "$TMP/no5"
expect_rc 3

# the Python guest: the good case, then the swap, a stale GPU answer, another kind, a real H100
pyrun gpu-good ai/key/gpu "$P" "$TEMPLATE"
[ "$out" = "$(printf 'attest 200 \nresource 200 ')" ] && ok || bad "gpu-good: $out"
pyrun gpu-swap ai/key/gpu "$P" "$TEMPLATE"
case "$out" in "attest 401 "*"REPORT_DATA is not bound"*) ok ;; *) bad "gpu-swap: $out" ;; esac
pyrun gpu-stale ai/key/gpu "$P" "$TEMPLATE"
case "$out" in "attest 401 "*"GPU 0: nonce"*) ok ;; *) bad "gpu-stale: $out" ;; esac
pyrun gpu-other-kind ai/key/gpu "$P" "$TEMPLATE"
case "$out" in "attest 401 "*'only "nvidia"'*) ok ;; *) bad "gpu-other-kind: $out" ;; esac
pyrun gpu-real ai/key/gpu "$G/hopper_cert_chain_case1.txt" "$TEMPLATE"
case "$out" in "attest 401 "*"GPU 0:"*) ok ;; *) bad "gpu-real: $out" ;; esac
stop

# each refusal is in the audit log with its reason
run kbs audit --db "$DB" --json
expect_json "any('REPORT_DATA is not bound' in e['reason'] for e in d)"
expect_json "any('GPU 0: nonce' in e['reason'] for e in d)"
expect_json "any('driver 550.90.07 is not one the policy allows' in e['reason'] for e in d)"

# the real sample under NVIDIA's own root: its chain holds, it answers another session's nonce
start "$TMP/serve2.log"
pyrun gpu-real ai/key/gpu "$G/hopper_cert_chain_case1.txt" "$TEMPLATE"
case "$out" in "attest 401 "*"GPU 0: nonce"*) ok ;; *) bad "gpu-real under NVIDIA's root: $out" ;; esac
stop
# with RIMs: these (driver 545.00) are not for the test GPU's driver, and their signers expired
start "$TMP/serve3.log" --gpu-root "$P/root.pem" --gpu-rim "$G/rim/Driver_RIM_test_no_gpu.swidtag"
gpu_guest ai/key/gpu --out "$TMP/no6"
expect_rc 1
expect_err "additional evidence refused"
stop
run kbs serve --listen 127.0.0.1:0 --insecure-http --db "$DB" --gpu-rim "$TEMPLATE"
expect_rc 3
run kbs serve --listen 127.0.0.1:0 --insecure-http --db "$DB" --gpu-root "$G/hopper_signing_cert.pem"
expect_rc 3

# ---- offline: report verify --gpu-evidence, the report and its GPUs together
mkdir "$TMP/c"
python3 "$GUEST" composite "$TMP/c" "$P" "$TEMPLATE"
SNP=(--vcek "$C/vcek.der" --ark "$C/ark.pem" --ask "$C/ask.pem")
rv() { run report verify "${SNP[@]}" --gpu-root "$P/root.pem" --kbs-nonce "$(cat "$TMP/c/nonce.txt")" \
	--tee-pubkey "$TMP/c/jwk.json" "$@" "$TMP/c/report.bin"; }
rv --gpu-evidence "$TMP/c/additional.json" --json
expect_rc 0
expect_json "d['verified'] and d['gpu']['bound'] and d['gpu']['devices'][0]['verified']"
rv --gpu-evidence "$TMP/c/additional.json"
expect_rc 0
expect_out "device 0 HOPPER: verified"
# the GPU part swapped for another valid one: the report does not bind it
rv --gpu-evidence "$TMP/c/other.json" --json
expect_rc 1
expect_json "not d['verified'] and not d['gpu']['bound'] and d['gpu']['devices'][0]['verified']"
rv --gpu-evidence "$TMP/c/other.json"
expect_out "REPORT_DATA does not bind this GPU evidence"
# the same bytes with a newline more are another string: not bound either
{ cat "$TMP/c/additional.json"; echo; } > "$TMP/c/nl.json"
rv --gpu-evidence "$TMP/c/nl.json" --json
expect_rc 1
expect_json "not d['gpu']['bound']"
# another nonce: neither the binding nor the GPUs' nonce holds
run report verify "${SNP[@]}" --gpu-root "$P/root.pem" \
	--kbs-nonce other --tee-pubkey "$TMP/c/jwk.json" --gpu-evidence "$TMP/c/additional.json" \
	--json "$TMP/c/report.bin"
expect_rc 1
expect_json "not d['gpu']['bound'] and not d['gpu']['devices'][0]['nonce_matched']"
# without the test root, the GPU chain does not reach NVIDIA's
run report verify "${SNP[@]}" --kbs-nonce "$(cat "$TMP/c/nonce.txt")" \
	--tee-pubkey "$TMP/c/jwk.json" --gpu-evidence "$TMP/c/additional.json" --json \
	"$TMP/c/report.bin"
expect_rc 1
expect_json "d['gpu']['bound'] and not d['gpu']['devices'][0]['chain_verified']"
rv
expect_rc 2
run report verify --vcek "$C/vcek.der" --gpu-evidence "$TMP/c/additional.json" "$TMP/c/report.bin"
expect_rc 2

finish
