#!/usr/bin/env bash
# sevkit gpu show | verify with real NVIDIA Hopper evidence (tests/vectors/gpu/MANIFEST.md):
# the expected answers are those of trustee's and nvtrust's own tests, and of the vectors' notes.
. "$(dirname "$0")/lib.sh"

G=$V/gpu
R=$G/hopperAttestationReport.txt
CHAIN=$G/hopper_cert_chain_case1.txt
NONCE=931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb
V1=$G/nvtrust-v1_attestationReport.txt
V1CHAIN=$G/nvtrust-v1_gpuAkCertChain.txt
V1NONCE=4cff7f5380ead8fad8ec2c531c110aca4302a88f603792801a8ca29ee151af2e
DRIVER=$G/rim/Driver_RIM_test_no_gpu.swidtag
VBIOS=$G/rim/1010_0200_882_96005E0001_test_no_gpu.swidtag
PROD=$G/rim/1010_0200_882_96005E0001_PROD.swidtag
PPCIE_NONCE=4760e30534a0621357d458b1a7936551b5dc4cd1e69718adf7ed9fb0252a537e

# failed CHECK: the JSON verdict of the first device lists a failure of that check
failed() { expect_json "any(f['check']=='$1' for f in d['devices'][0]['failures'])"; }
# hex_flip FILE OFFSET OUT: the hex report FILE with one bit of byte OFFSET flipped
hex_flip() {
	python3 -c "import sys; b=bytearray.fromhex(open(sys.argv[1]).read()); b[int(sys.argv[2])]^=1
open(sys.argv[3],'w').write(b.hex())" "$@"
}

# ---- show: every field, and trustee's claims for the same report
run gpu show "$R"
expect_rc 0
expect_out "nonce                    $NONCE"
expect_out "driver_version           550.90.07"
expect_out "vbios_version            96.00.9f.00.01"
expect_out "signed_bytes             4021"
expect_out "measurements (64 blocks)"
run gpu show --json "$R"
expect_rc 0
expect_json "d['devices'][0]['report']['config']==json.load(open('$G/hopperAttestationReport-claims.txt'))['config']"
expect_json "d['devices'][0]['report']['measurements']==json.load(open('$G/hopperAttestationReport-claims.txt'))['measurements']"
run gpu show --json "$V1"
expect_json "(r:=d['devices'][0]['report'])['size']==4049 and r['signed_bytes']==3953 and r['nonce']=='$V1NONCE'"
expect_json "(c:=d['devices'][0]['report']['config'])['driver_version']=='545.00' and c['vbios_version']=='96.00.5e.00.01' and 'fwid' not in c"
run gpu show --json "$G/ppcie/gpu_evidence.json"
expect_rc 0
expect_json "len(d['devices'])==8 and all(x['arch']=='HOPPER' and x['has_certificate_chain'] for x in d['devices'])"
expect_json "all(x['report']['signed_bytes']==4178 and x['report']['config']['driver_version']=='590.12' for x in d['devices'])"
expect_json "all(x['report']['config']['feature_flag']==2 and len(x['report']['config']['switch_pdi'])==18 for x in d['devices'])"
run gpu show --json "$G/ppcie/switch_evidence.json"
expect_json "len(d['devices'])==4 and all(x['arch']=='LS10' and x['report']['measurement_blocks']==31 for x in d['devices'])"
expect_json "all(x['report']['signed_bytes']==2076 and 'type_26' in x['report']['config'] for x in d['devices'])"

# ---- verify: the real sample with its chain and nonce (trustee's local_verifier case)
run gpu verify --chain "$CHAIN" --nonce "$NONCE" "$R"
expect_rc 0
expect_out "device 0: verified"
run gpu verify --json --chain "$CHAIN" --nonce "$NONCE" "$R"
expect_rc 0
expect_json "d['verified'] and d['devices'][0]['signature_valid'] and d['devices'][0]['chain_verified']"
expect_json "d['devices'][0]['fwid_checked'] and d['devices'][0]['nonce_matched'] and not d['devices'][0]['failures']"
# the signing certificate alone: the signature holds, the chain does not
run gpu verify --json --chain "$G/hopper_signing_cert.pem" --nonce "$NONCE" "$R"
expect_rc 1
expect_json "d['devices'][0]['signature_valid'] and not d['devices'][0]['chain_verified']"

# any other nonce
run gpu verify --json --chain "$CHAIN" --nonce "$V1NONCE" "$R"
expect_rc 1
failed nonce
expect_json "d['devices'][0]['signature_valid'] and not d['devices'][0]['nonce_matched']"

# one bit of the nonce, of a measurement (block 2's value: bytes 52..99), of the signature
for at in 4 60 3700 4021 4116; do
	hex_flip "$R" $at "$TMP/flipped.txt"
	run gpu verify --json --chain "$CHAIN" --nonce "$NONCE" "$TMP/flipped.txt"
	expect_rc 1
	failed signature
done

# trustee's chain cases: too short, a missing link, no leaf (so no FWID)
run gpu verify --json --chain "$G/hopper_cert_chain_case2.txt" --nonce "$NONCE" "$R"
expect_rc 1
failed chain
expect_json "any('at least the signing certificate and the root' in f['detail'] for f in d['devices'][0]['failures'])"
run gpu verify --json --chain "$G/hopper_cert_chain_case3.txt" --nonce "$NONCE" "$R"
expect_rc 1
expect_json "any(f['check']=='chain' and 'certificate 1 (GH100 A01 GSP BROM)' in f['detail'] for f in d['devices'][0]['failures'])"
expect_json "d['devices'][0]['signature_valid']"
run gpu verify --json --chain "$G/hopper_cert_chain_case4.txt" --nonce "$NONCE" "$R"
expect_rc 1
failed fwid
expect_json "any('no FWID extension' in f['detail'] for f in d['devices'][0]['failures'])"

# a certificate with one byte of its signature changed (certificate 2: the Provisioner ICA)
python3 - "$CHAIN" "$TMP/bent.pem" <<'PY'
import base64, re, sys
pems = re.findall(r'-----BEGIN CERTIFICATE-----\n(.*?)-----END CERTIFICATE-----', open(sys.argv[1]).read(), re.S)
der = bytearray(base64.b64decode(''.join(pems[2].split())))
der[-5] ^= 0x01
pems[2] = base64.encodebytes(bytes(der)).decode()
open(sys.argv[2], 'w').write(''.join('-----BEGIN CERTIFICATE-----\n%s-----END CERTIFICATE-----\n' % p for p in pems))
PY
run gpu verify --json --chain "$TMP/bent.pem" --nonce "$NONCE" "$R"
expect_rc 1
expect_json "any(f['check']=='chain' and 'certificate 2 (NVIDIA GH100 Provisioner ICA 1)' in f['detail'] for f in d['devices'][0]['failures'])"

# a chain to another root: the RIM root in place of the Device Identity CA
python3 - "$CHAIN" "$G/verifier_RIM_root.pem" "$TMP/other-root.pem" <<'PY'
import re, sys
certs = re.findall(r'-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n', open(sys.argv[1]).read(), re.S)
open(sys.argv[3], 'w').write(''.join(certs[:-1]) + open(sys.argv[2]).read())
PY
run gpu verify --json --chain "$TMP/other-root.pem" --nonce "$NONCE" "$R"
expect_rc 1
expect_json "any('does not end in NVIDIA' in f['detail'] for f in d['devices'][0]['failures'])"

# the device certificates are valid from 2020-10-17 (leaf) to 9999: before that, refused by name
run gpu verify --json --chain "$CHAIN" --nonce "$NONCE" --at 2020-01-01 "$R"
expect_rc 1
expect_json "any(f['check']=='expired' and 'GH100 A01 GSP FMC LF' in f['detail'] for f in d['devices'][0]['failures'])"

# ---- the older sample: no FWID (nvtrust accepts it; --require-fwid does not), and its RIMs
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" "$V1"
expect_rc 0
expect_json "d['verified'] and not d['devices'][0]['fwid_checked']"
run gpu verify --json --require-fwid --chain "$V1CHAIN" --nonce "$V1NONCE" "$V1"
expect_rc 1
failed fwid
# its FWID-less report against the other device's chain: the signature is not that leaf's
run gpu verify --json --chain "$CHAIN" --nonce "$V1NONCE" "$V1"
expect_rc 1
failed signature
# the FWID of one device's report against another device's leaf
run gpu verify --json --chain "$V1CHAIN" --nonce "$NONCE" "$R"
expect_rc 1
expect_json "any(f['check']=='fwid' and 'not the leaf' in f['detail'] for f in d['devices'][0]['failures'])"

# all 33 active golden values match while the RIM signers were valid
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --rim "$VBIOS" \
	--at 2025-01-01 "$V1"
expect_rc 0
expect_json "d['verified'] and d['devices'][0]['rims_checked'] and d['devices'][0]['measurements_compared']==33"
# the production VBIOS RIM differs at RIM indices 1, 2, 3 and 9: measurements 2, 3, 4, 10
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --rim "$PROD" \
	--at 2025-01-01 "$V1"
expect_rc 1
expect_json "[m['index'] for m in d['devices'][0]['mismatches']]==[2,3,4,10]"
expect_json "[m['name'] for m in d['devices'][0]['mismatches']]==['HashedMeasurement_1_FSP','HashedMeasurement_2_FSP','HashedMeasurement_3_FSP','Measurement_9']"
expect_json "d['devices'][0]['mismatches'][0]['expected'].startswith('c3f65ef79a19c029') and d['devices'][0]['mismatches'][0]['actual'].startswith('0b42836f56a7162e')"
run gpu verify --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --rim "$PROD" \
	--at 2025-01-01 "$V1"
expect_out "measurement 2 (HashedMeasurement_1_FSP, 1010_0200_882_96005E0001_PROD.swidtag): expected c3f65ef7"
# the current sample against those RIMs: both versions differ, and 20 indices
run gpu verify --json --chain "$CHAIN" --nonce "$NONCE" --rim "$DRIVER" --rim "$VBIOS" \
	--at 2025-01-01 "$R"
expect_rc 1
expect_json "sorted(m['index']-1 for m in d['devices'][0]['mismatches'])==[1,2,3,7,9,11,21,22,25,26,27,29,30,31,32,34,36,37,39,40]"
expect_json "sum(f['check']=='rim-version' for f in d['devices'][0]['failures'])==2"
expect_json "any('driver 545.00, the report' in f['detail'] and '550.90.07' in f['detail'] for f in d['devices'][0]['failures'])"
# the RIM signers have expired: today the L3 ("NVIDIA Reference Value L3 GH100 001", 2026-11-11),
# on 2025-06-27 the driver RIM's L4 ("HCC RIM L4 Signer", 2025-06-26)
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --at 2026-12-05 "$V1"
expect_rc 1
expect_json "any(f['check']=='expired' and 'L3 GH100 001' in f['detail'] for f in d['devices'][0]['failures'])"
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --at 2025-06-27 "$V1"
expect_rc 1
expect_json "any(f['check']=='expired' and 'HCC RIM L4 Signer' in f['detail'] for f in d['devices'][0]['failures'])"
# every RIM of the vectors verifies at 2025-01-01 (the check runs even when versions differ)
for rim in "$G"/rim/*.swidtag; do
	run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$rim" --at 2025-01-01 "$V1"
	expect_json "not any(f['check'] in ('rim-signature','expired') for f in d['devices'][0]['failures'])"
done
# one hash changed: the signature no longer holds
sed 's/0e0ee161b59bf124ce6b6dca/0e0ee161b59bf125ce6b6dca/' "$DRIVER" > "$TMP/edited.swidtag"
cmp -s "$DRIVER" "$TMP/edited.swidtag" && bad "the edit did not change the RIM" || ok
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$TMP/edited.swidtag" \
	--rim "$VBIOS" --at 2025-01-01 "$V1"
expect_rc 1
expect_json "any(f['check']=='rim-signature' and 'digest' in f['detail'] for f in d['devices'][0]['failures'])"
# two driver RIMs for the report's version: which one vouches is not the verifier's guess
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --rim "$DRIVER" \
	--at 2025-01-01 "$V1"
expect_rc 1
expect_json "any(f['check']=='rim-version' and '2 driver RIMs are for 545.00' in f['detail'] for f in d['devices'][0]['failures'])"
# VBIOS RIMs of several versions: the one of the report's VBIOS is taken
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" --rim "$VBIOS" \
	--rim "$G/rim/1010_0200_882_96005E0003_PROD.swidtag" --at 2025-01-01 "$V1"
expect_rc 0
expect_json "d['devices'][0]['measurements_compared']==33"
# several, none of the report's version: nothing of that kind is compared, and it fails
run gpu verify --json --chain "$V1CHAIN" --nonce "$V1NONCE" --rim "$DRIVER" \
	--rim "$G/rim/1010_0200_882_960074001C_PROD.swidtag" \
	--rim "$G/rim/1010_0200_882_96005E0003_PROD.swidtag" --at 2025-01-01 "$V1"
expect_rc 1
expect_json "any('none of the 2 VBIOS RIMs' in f['detail'] for f in d['devices'][0]['failures']) and d['devices'][0]['measurements_compared']==21"

# ---- evidence forms: nvtrust's array (8 GPUs, 4 switches; their chains travel with them)
run gpu verify --json --nonce "$PPCIE_NONCE" "$G/ppcie/gpu_evidence.json"
expect_rc 0
expect_json "d['verified'] and len(d['devices'])==8 and all(x['fwid_checked'] for x in d['devices'])"
run gpu verify --json --nonce "$PPCIE_NONCE" "$G/ppcie/switch_evidence.json"
expect_rc 0
expect_json "len(d['devices'])==4"
# trustee's device_evidence_list (hex evidence), alone and under "nvidia"; base64 evidence
python3 - "$R" "$CHAIN" "$TMP" <<'PY'
import base64, json, sys
hexrep = open(sys.argv[1]).read()
cert = base64.b64encode(open(sys.argv[2], 'rb').read()).decode()
dev = {"arch": "HOPPER", "uuid": "GPU-0", "evidence": hexrep, "certificate": cert}
json.dump({"device_evidence_list": [dev]}, open(sys.argv[3] + '/trustee.json', 'w'))
json.dump({"nvidia": {"device_evidence_list": [dev]}}, open(sys.argv[3] + '/composite.json', 'w'))
b64 = dict(dev, evidence=base64.b64encode(bytes.fromhex(hexrep)).decode())
json.dump({"device_evidence_list": [b64]}, open(sys.argv[3] + '/b64.json', 'w'))
json.dump({"device_evidence_list": [dict(dev, certificate=None)]}, open(sys.argv[3] + '/nocert.json', 'w'))
open(sys.argv[3] + '/raw.bin', 'wb').write(bytes.fromhex(hexrep))
PY
for f in trustee composite b64; do
	run gpu verify --json --nonce "$NONCE" "$TMP/$f.json"
	expect_rc 0
	expect_json "d['verified'] and d['devices'][0]['uuid']=='GPU-0'"
done
run gpu verify --nonce "$NONCE" --chain "$CHAIN" "$TMP/raw.bin"
expect_rc 0
run gpu verify --nonce "$NONCE" "$R"
expect_rc 2
expect_err "carries no certificate chain"
run gpu verify --nonce "$NONCE" "$TMP/nocert.json"
expect_rc 3
expect_err "nocert.json"

# ---- a test PKI (tests/cli/gpu-test-evidence.py, python3-cryptography): --root, and CRLs, whose
# verdicts OpenSSL's own `verify -crl_check` gives too
P=$TMP/gpki
mkdir "$P"
python3 "$(dirname "$0")/gpu-test-evidence.py" pki "$P"
TN=$(head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n')
python3 "$(dirname "$0")/gpu-test-evidence.py" evidence "$P" "$R" "$TN" > "$TMP/test-gpu.json"
run gpu verify --json --nonce "$TN" "$TMP/test-gpu.json"
expect_rc 1
expect_json "any('does not end in NVIDIA' in f['detail'] for f in d['devices'][0]['failures'])"
run gpu verify --json --root "$P/root.pem" --nonce "$TN" "$TMP/test-gpu.json"
expect_rc 0
expect_json "d['verified'] and d['devices'][0]['fwid_checked'] and not d['devices'][0]['revocation_checked']"
awk '/BEGIN/{n++} n==1' "$P/a-chain.pem" > "$TMP/leaf.pem"
awk '/BEGIN/{n++} n==2' "$P/a-chain.pem" > "$TMP/ica.pem"
for crl in empty revokes-a; do
	openssl verify -crl_check -CAfile "$P/root.pem" -untrusted "$TMP/ica.pem" \
		-CRLfile "$P/$crl.crl" "$TMP/leaf.pem" >/dev/null 2>&1
	peer=$?
	run gpu verify --json --root "$P/root.pem" --crl "$P/$crl.crl" --nonce "$TN" \
		"$TMP/test-gpu.json"
	[ $((rc != 0)) -eq $((peer != 0)) ] && ok || bad "CRL $crl: sevkit exits $rc, openssl $peer"
	expect_json "d['devices'][0]['revocation_checked']"
done
expect_json "any(f['check']=='revoked' and 'Test GPU a' in f['detail'] for f in d['devices'][0]['failures'])"
# the CRL after its next update, and a CRL that another key signed in the CA's name
run gpu verify --json --root "$P/root.pem" --crl "$P/empty.crl" --nonce "$TN" \
	--at "$(date -u -d '+40 days' +%Y-%m-%d)" "$TMP/test-gpu.json"
expect_rc 1
expect_json "any('is not current' in f['detail'] for f in d['devices'][0]['failures'])"
python3 - "$P" "$TMP/forged.crl" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
real = x509.load_pem_x509_crl(open(sys.argv[1] + '/empty.crl', 'rb').read())
now = datetime.datetime.now(datetime.timezone.utc)
b = (x509.CertificateRevocationListBuilder().issuer_name(real.issuer)
     .last_update(now - datetime.timedelta(hours=1)).next_update(now + datetime.timedelta(days=1)))
open(sys.argv[2], 'wb').write(b.sign(ec.generate_private_key(ec.SECP384R1()), hashes.SHA384())
                              .public_bytes(serialization.Encoding.PEM))
PY
run gpu verify --json --root "$P/root.pem" --crl "$TMP/forged.crl" --nonce "$TN" \
	"$TMP/test-gpu.json"
expect_rc 1
expect_json "any('not signed by its issuer' in f['detail'] for f in d['devices'][0]['failures'])"
# OCSP responses (python3-cryptography's OCSPResponseBuilder) beside `openssl ocsp`'s verdicts
cat "$P/root.pem" "$TMP/ica.pem" > "$TMP/cas.pem"
for kind in good revoked stale forged; do
	python3 "$(dirname "$0")/gpu-test-evidence.py" ocsp "$P" "$kind" "$TMP/$kind.ocsp"
	# the CertID of "revoked" uses SHA-1, the others SHA-384
	md=-sha384
	[ "$kind" = revoked ] && md=-sha1
	peer=$(openssl ocsp -respin "$TMP/$kind.ocsp" -issuer "$TMP/ica.pem" "$md" -cert "$TMP/leaf.pem" \
		-CAfile "$TMP/cas.pem" -no_nonce 2>&1)
	run gpu verify --json --root "$P/root.pem" --ocsp "$TMP/$kind.ocsp" --nonce "$TN" \
		"$TMP/test-gpu.json"
	case "$kind:$peer" in
	good:*"leaf.pem: good"*) expect_rc 0; expect_json "d['devices'][0]['revocation_checked']" ;;
	revoked:*"leaf.pem: revoked"*)
		expect_rc 1
		expect_json "any(f['check']=='revoked' and 'Test GPU a) is revoked' in f['detail'] for f in d['devices'][0]['failures'])" ;;
	stale:*"Status times invalid"*)
		expect_rc 1
		expect_json "any('not current' in f['detail'] for f in d['devices'][0]['failures'])" ;;
	forged:*"Response Verify Failure"*)
		expect_rc 1
		expect_json "any('not signed by the issuer' in f['detail'] for f in d['devices'][0]['failures'])" ;;
	*) bad "OCSP $kind: openssl said $peer" ;;
	esac
done
run gpu verify --root "$P/root.pem" --ocsp "$TMP/leaf.pem" --nonce "$TN" "$TMP/test-gpu.json"
expect_rc 3
expect_err "leaf.pem"

# ---- where to fetch them: the URLs that `openssl x509` reads from NVIDIA's certificates, and
# OCSP requests that `openssl ocsp` reads back with their serial numbers
run gpu revocation-url --json "$CHAIN"
expect_rc 0
n=0
while read -r pem; do
	want=$(openssl x509 -noout -ext crlDistributionPoints,authorityInfoAccess -in "$pem" 2>/dev/null |
		grep -o 'URI:[^ ]*' | sed 's/^URI://' | sort | tr '\n' ' ')
	expect_json "' '.join(sorted(d[$n]['crl'] + [u for u in [d[$n]['ocsp']] if u])) == '${want% }'"
	n=$((n + 1))
done < <(awk -v dir="$TMP" '/BEGIN/{f=sprintf("%s/c%d.pem", dir, n++); print f}
	{print > f}' "$CHAIN" | head -4)
expect_json "len(d)==4 and d[2]['crl']==['http://crl.ndis.nvidia.com/crl/l2-gh100.crl'] and d[2]['ocsp']=='http://ocsp.ndis.nvidia.com'"
mkdir "$TMP/req"
run gpu revocation-url --requests "$TMP/req" "$CHAIN"
expect_rc 0
expect_out "crl   http://crl.ndis.nvidia.com/crl/l1-root.crl"
for i in 0 1 2 3; do
	serial=$(openssl x509 -noout -serial -in "$TMP/c$i.pem" | sed 's/^serial=//')
	text=$(openssl ocsp -reqin "$TMP/req/ocsp-$i.der" -req_text 2>&1)
	case "$text" in *"Hash Algorithm: sha384"*"Serial Number: $serial"*) ok ;;
	*) bad "ocsp-$i.der: $text" ;; esac
done
run gpu revocation-url --requests "$TMP/req" "$CHAIN"
expect_rc 2

# another device's leaf with this device's report
python3 - "$TMP/test-gpu.json" "$P/b-chain.pem" "$TMP/test-gpu-b.json" <<'PY'
import base64, json, sys
d = json.load(open(sys.argv[1]))
d['device_evidence_list'][0]['certificate'] = base64.b64encode(open(sys.argv[2], 'rb').read()).decode()
json.dump(d, open(sys.argv[3], 'w'))
PY
run gpu verify --json --root "$P/root.pem" --nonce "$TN" "$TMP/test-gpu-b.json"
expect_rc 1
expect_json "{f['check'] for f in d['devices'][0]['failures']}=={'signature','fwid'}"

# ---- usage and malformed input
run gpu verify --chain "$CHAIN" "$R"
expect_rc 2
expect_err "--nonce is required"
run gpu verify --chain "$CHAIN" --nonce 1234 "$R"
expect_rc 2
head -c 4000 "$R" > "$TMP/short.txt"
run gpu show "$TMP/short.txt"
expect_rc 3
expect_err "short.txt"
printf '{"device_evidence_list": []}' > "$TMP/empty.json"
run gpu show "$TMP/empty.json"
expect_rc 3
expect_err "empty.json"
run gpu verify --chain "$CHAIN" --nonce "$NONCE" --rim "$R" "$R"
expect_rc 3
expect_err "hopperAttestationReport.txt"
run gpu verify --chain "$CHAIN" --nonce "$NONCE" --crl "$R" "$R"
expect_rc 3

finish
