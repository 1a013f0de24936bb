#!/usr/bin/env bash
# sevkit host snp-status | snp-config | snp-commit | vcek-url | certs on replayed SEV-SNP
# platforms (--device fake:DIR). Every known answer is computed here, in Python, from real data:
# the Milan report and VCEK of go-sev-guest, the Genoa evidence and VCEK of the KBS vectors; the
# Turin platform is synthetic, so its answers are decoded from its platform.json.
. "$(dirname "$0")/lib.sh"
V=$(cd "$V" && pwd)
H=$V/host
MILAN="fake:$H/fake-milan-snp"
GENOA="fake:$H/fake-genoa-snp"
TURIN="fake:$H/fake-turin-snp"
ROME="fake:$H/fake-rome"
MILAN_VCEK=$V/snp/go-sev-guest_vcek_milan.der
MILAN_CHAIN=$V/snp/go-sev-guest_milan_ask_ark.pem
GENOA_VCEK=$H/fake-genoa-snp/vcek.der
REPORT=$V/snp/go-sev-guest_attestation.bin
out="" err=""
umask 077 # the certificate file is 0644 all the same: VMMs of other users read it

# one_line: stderr is exactly one line
one_line() { [ -n "$err" ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "stderr is not one line"; }
# fake_copy SRC NAME [PYTHON]: copy a fake platform into $TMP/NAME, with record_imports on and
# the Python statements (on the platform.json dict `d`) applied
fake_copy() {
	cp -r "$H/$1" "$TMP/$2"
	python3 - "$TMP/$2/platform.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
d["record_imports"] = True
${3:-}
json.dump(d, open(sys.argv[1], "w"), indent=1)
PY
}

# --- the known answers ---
python3 -W ignore - "$V" "$TMP" <<'PY'
import json, shlex, struct, sys
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
V, TMP = sys.argv[1], sys.argv[2]

def spls(raw, turin):
    b = raw.to_bytes(8, "little")
    if turin:
        d = dict(fmc=b[0], bootloader=b[1], tee=b[2], snp=b[3], microcode=b[7])
    else:
        d = dict(bootloader=b[0], tee=b[1], snp=b[6], microcode=b[7])
    return dict(raw="0x%016x" % raw, **d)

def text(t):  # the SPLs as the text output and the KDS URL name them
    names = [("fmc", "fmc"), ("bootloader", "bl"), ("tee", "tee"), ("snp", "snp"), ("microcode", "ucode")]
    return " ".join("%s=%d" % (s, t[k]) for k, s in names if k in t)

def der_int(v):  # a small DER INTEGER
    assert v[0] == 2 and v[1] == len(v) - 2
    return int.from_bytes(v[2:], "big", signed=True)

def vcek_url(path):
    c = x509.load_der_x509_certificate(open(path, "rb").read())
    ext = {e.oid.dotted_string: e.value.value for e in c.extensions}
    hwid = ext["1.3.6.1.4.1.3704.1.4"]
    if len(hwid) == 66 and hwid[:2] == b"\x04\x40":
        hwid = hwid[2:]
    assert len(hwid) == 64
    name = ext["1.3.6.1.4.1.3704.1.2"]  # IA5String productName, e.g. Milan-B0
    product = name[2:].decode().split("-")[0]
    spl = {k: der_int(ext["1.3.6.1.4.1.3704.1.3." + n]) for k, n in
           (("bl", "1"), ("tee", "2"), ("snp", "3"), ("ucode", "8"))}
    return product, hwid.hex(), ("https://kdsintf.amd.com/vcek/v1/%s/%s?blSPL=%d&teeSPL=%d&snpSPL=%d&ucodeSPL=%d"
                                 % (product, hwid.hex(), spl["bl"], spl["tee"], spl["snp"], spl["ucode"]))

k = {}
# Milan: the real report (CURRENT_TCB 0x38, REPORTED_TCB 0x180, CURRENT_BUILD/MINOR/MAJOR 0x1E8..)
r = open(V + "/snp/go-sev-guest_attestation.bin", "rb").read()
cur, rep = struct.unpack_from("<Q", r, 0x38)[0], struct.unpack_from("<Q", r, 0x180)[0]
product, hwid, url = vcek_url(V + "/snp/go-sev-guest_vcek_milan.der")
k["milan"] = dict(api_major=r[0x1EA], api_minor=r[0x1E9], build_id=r[0x1E8], product=product,
                  current_tcb=spls(cur, False), reported_tcb=spls(rep, False),
                  chip_id=r[0x1A0:0x1E0].hex(), vcek_hwid=hwid, url=url)
# Genoa: the real version-3 report of the KBS evidence, and its VCEK
e = json.load(open(V + "/kbs/snp/e2e-evidence.json"))["attestation_report"]
def genoa_tcb(t):
    raw = t["bootloader"] | t["tee"] << 8 | t["snp"] << 48 | t["microcode"] << 56
    return spls(raw, False)
fam, mod = e["cpuid_fam_id"], e["cpuid_mod_id"]
eax = e["cpuid_step"] | (mod & 15) << 4 | min(fam, 15) << 8 | (mod >> 4) << 16 | (fam - min(fam, 15)) << 20
product, hwid, url = vcek_url(V + "/host/fake-genoa-snp/vcek.der")
k["genoa"] = dict(api_major=e["current"]["major"], api_minor=e["current"]["minor"],
                  build_id=e["current"]["build"], product=product, cpuid_1_eax="0x%08x" % eax,
                  current_tcb=genoa_tcb(e["current_tcb"]), reported_tcb=genoa_tcb(e["reported_tcb"]),
                  chip_id=bytes(e["chip_id"]).hex(), vcek_hwid=hwid, url=url)
# Turin: synthetic, decoded from its platform.json in Turin's layout (FMC in byte 0)
p = json.load(open(V + "/host/fake-turin-snp/platform.json"))
s = p["snp_status"]
rep = spls(int(s["reported_tcb"], 16), True)
k["turin"] = dict(api_major=s["api_major"], api_minor=s["api_minor"], build_id=s["build_id"],
                  product="Turin", current_tcb=spls(int(s["current_tcb"], 16), True), reported_tcb=rep,
                  url="https://kdsintf.amd.com/vcek/v1/Turin/%s?fmcSPL=%d&blSPL=%d&teeSPL=%d&snpSPL=%d&ucodeSPL=%d"
                  % (bytes.fromhex(p["id"])[:8].hex(), rep["fmc"], rep["bootloader"], rep["tee"],
                     rep["snp"], rep["microcode"]))
# the flags of SNP_PLATFORM_STATUS, bit by bit (SEV-SNP firmware ABI)
bits = ["mask_chip_id", "mask_chip_key", "vlek_loaded", "feature_info", "rapl_disabled",
        "ciphertext_hiding_capable", "ciphertext_hiding_enabled"]
k["turin"]["flags"] = dict({b: bool(s["flags"] >> i & 1) for i, b in enumerate(bits)}, raw=s["flags"])
for g in k.values():
    g["reported_text"] = "Reported TCB:  %s  %s" % (g["reported_tcb"]["raw"], text(g["reported_tcb"]))
    g["current_text"] = "Current TCB:   %s  %s" % (g["current_tcb"]["raw"], text(g["current_tcb"]))
    g["current_spls"] = text(g["current_tcb"])
# the Milan ASK and ARK, DER, from the PEM bundle, told apart by subject
pem = open(V + "/snp/go-sev-guest_milan_ask_ark.pem", "rb").read()
for block in pem.split(b"-----END CERTIFICATE-----")[:-1]:
    c = x509.load_pem_x509_certificate(block + b"-----END CERTIFICATE-----\n")
    cn = c.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    open(TMP + ("/ark.der" if cn.startswith("ARK-") else "/ask.der"), "wb").write(c.public_bytes(Encoding.DER))
# the answers: all in known.json, the plain values also in the shell's K[platform.key]
json.dump(k, open(TMP + "/known.json", "w"))
with open(TMP + "/known.sh", "w") as f:
    f.write("declare -A K=(%s)\n" % " ".join("[%s.%s]=%s" % (g, key, shlex.quote(str(v)))
                                             for g in k for key, v in k[g].items()
                                             if not isinstance(v, dict)))
PY
if ! [ -s "$TMP/known.json" ] || ! . "$TMP/known.sh" || ! [ -s "$TMP/ask.der" ] || ! [ -s "$TMP/ark.der" ]; then
	bad "the known answers could not be computed"
	finish
	exit 1
fi
KNOWN="json.load(open('$TMP/known.json'))" # in expect_json: the answers as Python sees them
# the fake platforms were made from those reports: the real data agree with each other
[ "${K[milan.chip_id]}" = "${K[milan.vcek_hwid]}" ] && ok || bad "Milan CHIP_ID is not the VCEK's hwID"
[ "${K[genoa.chip_id]}" = "${K[genoa.vcek_hwid]}" ] && ok || bad "Genoa chip_id is not the VCEK's hwID"
[ "${K[turin.url]}" = "https://kdsintf.amd.com/vcek/v1/Turin/0011223344556677?fmcSPL=1&blSPL=3&teeSPL=0&snpSPL=24&ucodeSPL=62" ] &&
	ok || bad "the Turin URL computed here is not the one worked out by hand"

# --- 1. snp-status: versions and TCBs decoded as the real reports carry them ---
for g in milan genoa turin; do
	G=${g^^}
	dev=${!G}
	run host snp-status --json --device "$dev"
	expect_rc 0
	expect_json "all(d[k]==$KNOWN['$g'][k] for k in ('api_major', 'api_minor', 'build_id', 'product',
		'current_tcb', 'reported_tcb')) and d['state']=='INIT' and d['rmp_initialized'] is True"
	run host snp-status --device "$dev"
	expect_rc 0
	expect_out "${K[$g.reported_text]}"
	expect_out "${K[$g.current_text]}"
	expect_out "API version:   ${K[$g.api_major]}.${K[$g.api_minor]}"
done
# Genoa's CPUID is the report's family/model/stepping, and no flag is set
run host snp-status --json --device "$GENOA"
expect_json "d['cpuid_1_eax']=='${K[genoa.cpuid_1_eax]}' and d['flags']['raw']==0 and
	not any(v for k, v in d['flags'].items() if k != 'raw')"
# Turin: a VLEK is loaded (flags bit 2), and nothing else
run host snp-status --json --device "$TURIN"
expect_json "d['flags']==$KNOWN['turin']['flags'] and d['flags']['vlek_loaded'] is True"

# --- 2. vcek-url: the URL of the real VCEK that signed the report the fake was made from ---
for g in milan genoa turin; do
	G=${g^^}
	dev=${!G}
	url=${K[$g.url]}
	run host vcek-url --device "$dev"
	expect_rc 0
	[ "$out" = "$url" ] && ok || bad "URL differs from $url"
	run host vcek-url --json --device "$dev"
	expect_rc 0
	expect_json "d=={'url': '$url', 'product': '${K[$g.product]}', 'reported_tcb': $KNOWN['$g']['reported_tcb']}"
done

# --- 3. snp-config show and set ---
run host snp-config show --device "$MILAN"
expect_rc 0
expect_out "${K[milan.reported_text]}"
expect_out "Mask chip id:  no"
expect_out "Mask chip key: no"
run host snp-config show --json --device "$GENOA"
expect_rc 0
expect_json "d=={'reported_tcb': $KNOWN['genoa']['reported_tcb'], 'mask_chip_id': False, 'mask_chip_key': False}"

# check_config FILE TCB_BYTES FLAGS: the 64-byte SNP_SET_CONFIG block, decoded here
check_config() {
	python3 - "$1" "$2" "$3" <<'PY' && ok || bad "$1 is not the SNP_SET_CONFIG block expected"
import struct, sys
b = open(sys.argv[1], "rb").read()
tcb = bytes(int(x) for x in sys.argv[2].split(","))
sys.exit(0 if len(b) == 64 and b[:8] == tcb and struct.unpack_from("<I", b, 8)[0] == int(sys.argv[3])
         and b[12:] == bytes(52) else 1)
PY
}
fake_copy fake-milan-snp m1
run host snp-config set --device "fake:$TMP/m1" --tcb bl=1,tee=0,snp=5,ucode=68 --mask-chip-id
expect_rc 0
check_config "$TMP/m1/snp-set-config.bin" 1,0,0,0,0,0,5,68 1
new=$(python3 -c 'print("0x%016x" % int.from_bytes(bytes([1,0,0,0,0,0,5,68]), "little"))')
expect_out "Reported TCB:  $new  bl=1 tee=0 snp=5 ucode=68"
expect_out "Mask chip id:  yes"
run host snp-config set --json --device "fake:$TMP/m1" --tcb bl=1,tee=0,snp=5,ucode=68 --mask-chip-key
expect_rc 0
expect_json "d['reported_tcb']['raw']=='$new' and d['mask_chip_id'] is False and d['mask_chip_key'] is True"
check_config "$TMP/m1/snp-set-config.bin" 1,0,0,0,0,0,5,68 2
fake_copy fake-turin-snp t0
# set changes only what it names: on the Turin (reported TCB below the current one), a mask
# alone keeps the reported TCB; --tcb current takes the running firmware's
run host snp-config set --device "fake:$TMP/t0" --mask-chip-id
expect_rc 0
check_config "$TMP/t0/snp-set-config.bin" 1,3,0,24,0,0,0,62 1
run host snp-config set --device "fake:$TMP/t0" --tcb current
expect_rc 0
check_config "$TMP/t0/snp-set-config.bin" 1,4,0,25,0,0,0,63 0
# Turin: the SPLs go in Turin's byte layout (FMC byte 0, bl 1, tee 2, snp 3, ucode 7)
fake_copy fake-turin-snp t1
run host snp-config set --device "fake:$TMP/t1" --tcb fmc=1,bl=2,tee=0,snp=20,ucode=60
expect_rc 0
check_config "$TMP/t1/snp-set-config.bin" 1,2,0,20,0,0,0,60 0

# refusals: nothing is sent to the firmware
fake_copy fake-milan-snp m2
run host snp-config set --device "fake:$TMP/m2" --tcb bl=1,tee=0,snp=5,ucode=69
expect_rc 2
one_line
expect_err "above the current TCB"
expect_absent "$TMP/m2/snp-set-config.bin"
# a forgotten SPL is not taken as zero
for t in foo bl=x,tee=0,snp=5,ucode=68 bl=256,tee=0,snp=5,ucode=68 fmc=1,bl=1,tee=0,snp=5,ucode=68 "" bl=1 bl=1,tee=0,snp=5; do
	run host snp-config set --device "fake:$TMP/m2" --tcb "$t"
	expect_rc 2
	one_line
	expect_absent "$TMP/m2/snp-set-config.bin"
done
# the firmware's refusal is named
fake_copy fake-milan-snp m3 'd["fw_error"] = {"SNP_SET_CONFIG": 22, "SNP_COMMIT": 1}'
run host snp-config set --device "fake:$TMP/m3"
expect_rc 4
one_line
expect_err "SNP_SET_CONFIG: the firmware refused: INVALID_PARAM (0x0016)"
expect_absent "$TMP/m3/snp-set-config.bin"
# usage
run host snp-config --device "$MILAN"
expect_rc 2
run host snp-config bogus --device "$MILAN"
expect_rc 2
run host snp-config show extra --device "$MILAN"
expect_rc 2

# --- 4. snp-commit: asks first; commits the current TCB ---
fake_copy fake-milan-snp c1
current="sevkit host snp-commit --device fake:$TMP/c1 </dev/null"
out=$("$SEVKIT" host snp-commit --device "fake:$TMP/c1" </dev/null 2>"$TMP/.stderr")
rc=$?
err=$(cat "$TMP/.stderr")
expect_rc 2
expect_err "--yes"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "commit refusal is not one line: $err"
expect_absent "$TMP/c1/snp-committed"
# on a terminal, the answer decides (python's pty stands for the terminal)
cat >"$TMP/answer.py" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
buf, sent, deadline = b"", False, time.time() + 10
while time.time() < deadline:
    if select.select([fd], [], [], 0.1)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
    if not sent and b"?" in buf:  # the question: answer it
        os.write(fd, sys.argv[1].encode() + b"\n")
        sent = True
sys.stdout.write(buf.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
answer() { # ANSWER ARGS...: run sevkit on a terminal that answers ANSWER
	current="sevkit $* (answering $1)"
	out=$(python3 "$TMP/answer.py" "$1" "$SEVKIT" "${@:2}")
	rc=$?
	err=""
}
answer n host snp-commit --device "fake:$TMP/c1"
expect_rc 2
expect_out "${K[milan.current_spls]}" # the question names the TCB that would be committed
expect_absent "$TMP/c1/snp-committed"
# the committed TCB is the report's current TCB (8 bytes)
committed=$(od -An -v -tx1 -j $((0x38)) -N8 "$REPORT" | tr -d ' \n')
answer y host snp-commit --device "fake:$TMP/c1"
expect_rc 0
expect_file_hex "$TMP/c1/snp-committed" "$committed"
fake_copy fake-milan-snp c2
run host snp-commit --yes --device "fake:$TMP/c2"
expect_rc 0
expect_file_hex "$TMP/c2/snp-committed" "$committed"
run host snp-commit --json --yes --device "fake:$TMP/c2"
expect_json 'd=={"command": "snp-commit", "ok": True}'
run host snp-commit --yes --device "fake:$TMP/m3"
expect_rc 4
one_line
expect_err "SNP_COMMIT: the firmware refused: INVALID_PLATFORM_STATE (0x0001)"
expect_absent "$TMP/m3/snp-committed"

# --- 5. certs import: the table as report verify reads it ---
# check_table TABLE: parsed here, its entries are the input certificates' DER by GUID
check_table() {
	python3 - "$1" "$MILAN_VCEK" "$TMP/ask.der" "$TMP/ark.der" <<'PY' && ok || bad "$1: the table is not the certificates'"
import struct, sys, uuid
t = open(sys.argv[1], "rb").read()
want = {uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd").bytes: open(sys.argv[2], "rb").read(),
        uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782").bytes: open(sys.argv[3], "rb").read(),
        uuid.UUID("c0b406a4-a803-4952-9743-3fb6014cd0ae").bytes: open(sys.argv[4], "rb").read()}
got, i = {}, 0
while True:
    guid, off, n = t[i:i + 16], *struct.unpack_from("<II", t, i + 16)
    if guid == bytes(16):
        assert off == 0 and n == 0
        break
    assert guid not in got and off >= i + 48 and off + n <= len(t)
    got[guid] = t[off:off + n]
    i += 24
sys.exit(0 if got == want else 1)
PY
}
run host certs import --device "$MILAN" --cert-file "$TMP/t.bin" "$MILAN_VCEK" "$MILAN_CHAIN"
expect_rc 0
expect_mode "$TMP/t.bin" 644
check_table "$TMP/t.bin"
run report verify --cert-table "$TMP/t.bin" --allow-debug "$REPORT"
expect_rc 0
# a directory of the same files: the same entries
mkdir "$TMP/in"
cp "$MILAN_VCEK" "$MILAN_CHAIN" "$TMP/in/"
run host certs import --device "$MILAN" --cert-file "$TMP/t-dir.bin" "$TMP/in"
expect_rc 0
check_table "$TMP/t-dir.bin"
run report verify --cert-table "$TMP/t-dir.bin" --allow-debug "$REPORT"
expect_rc 0
# Genoa: its real VCEK with the Genoa ASK and ARK
cat "$V/snp/virtee-sev_builtin_genoa_ask.pem" "$V/snp/virtee-sev_builtin_genoa_ark.pem" >"$TMP/genoa-chain.pem"
run host certs import --device "$GENOA" --cert-file "$TMP/g.bin" "$GENOA_VCEK" "$TMP/genoa-chain.pem"
expect_rc 0

# --- 6. certs import refusals: one line, and the served file is not touched ---
cp "$MILAN_VCEK" "$TMP/broken-vcek.der"
flip_byte "$TMP/broken-vcek.der" $(($(stat -c %s "$MILAN_VCEK") - 10))
# the flipped byte is in the signature: the signed part is the real one
python3 -W ignore -c "
from cryptography import x509; import sys
a, b = (x509.load_der_x509_certificate(open(f, 'rb').read()) for f in sys.argv[1:])
sys.exit(0 if a.tbs_certificate_bytes == b.tbs_certificate_bytes and a.signature != b.signature else 1)
" "$MILAN_VCEK" "$TMP/broken-vcek.der" && ok || bad "the broken VCEK is not broken in its signature"
cp "$TMP/t.bin" "$TMP/served.bin"
# refuse RC TEXT DEVICE FILES...: refused, into a new file and into the served one
refuse() {
	local want=$1 text=$2 dev=$3
	shift 3
	rm -f "$TMP/new.bin"
	run host certs import --device "$dev" --cert-file "$TMP/new.bin" "$@"
	expect_rc "$want"
	one_line
	expect_err "$text"
	expect_absent "$TMP/new.bin"
	run host certs import --device "$dev" --cert-file "$TMP/served.bin" "$@"
	expect_rc "$want"
	one_line
	expect_same_file "$TMP/served.bin" "$TMP/t.bin"
}
refuse 1 "another chip" "$MILAN" "$V/kbs/snp/test-vcek.der" "$MILAN_CHAIN"
refuse 1 "Genoa" "$MILAN" "$GENOA_VCEK" "$TMP/genoa-chain.pem"
refuse 1 "not installed" "$MILAN" "$GENOA_VCEK" "$MILAN_CHAIN"
refuse 1 "signature" "$MILAN" "$TMP/broken-vcek.der" "$MILAN_CHAIN"
refuse 3 "not a certificate" "$MILAN" "$MILAN_VCEK" "$V/host/fake-rome/README.md"
refuse 4 "no SEV-SNP here" "$ROME" "$MILAN_VCEK" "$MILAN_CHAIN"
# the ASVK is not the VCEK's issuer, even under the ASK's GUID
refuse 3 "the ASK slot holds an ASVK" "$MILAN" "$MILAN_VCEK" "$V/snp/go-sev-guest_milan_asvk_ark.pem"

# --- a firmware change keeps the served table current, under its lock ---
# the same reported TCB: the table stays; another one: the table is emptied, with a warning
cp "$TMP/t.bin" "$TMP/kept.bin"
fake_copy fake-milan-snp k1
run host snp-config set --device "fake:$TMP/k1" --cert-file "$TMP/kept.bin" --mask-chip-key
expect_rc 0
expect_same_file "$TMP/kept.bin" "$TMP/t.bin"
run host snp-config set --device "fake:$TMP/k1" --cert-file "$TMP/kept.bin" \
	--tcb bl=2,tee=0,snp=5,ucode=67
expect_rc 0
expect_err "emptied: its certificate no longer goes with the reported TCB"
expect_file_hex "$TMP/kept.bin" "$(printf '%048d' 0)"
# a served table that does not parse is emptied as well
printf 'not a table' >"$TMP/junk.bin"
run host snp-config set --device "fake:$TMP/k1" --cert-file "$TMP/junk.bin"
expect_rc 0
expect_file_hex "$TMP/junk.bin" "$(printf '%048d' 0)"
# a --cert-file that is not there is an error; the default one that is not there is none
run host snp-commit --yes --device "fake:$TMP/k1" --cert-file "$TMP/missing.bin"
expect_rc 4
expect_absent "$TMP/k1/snp-committed"

# --- 7. certs export and clear ---
run host certs export --cert-file "$TMP/t.bin" "$TMP/out"
expect_rc 0
expect_same_file "$TMP/out/vcek.der" "$MILAN_VCEK"
expect_same_file "$TMP/out/ask.der" "$TMP/ask.der"
expect_same_file "$TMP/out/ark.der" "$TMP/ark.der"
for f in ark ask vcek; do echo "mine $f" >"$TMP/out/$f.der"; done
run host certs export --cert-file "$TMP/t.bin" "$TMP/out"
[ "$rc" -ne 0 ] && ok || bad "exported over files that exist without --force"
for f in ark ask vcek; do
	[ "$(cat "$TMP/out/$f.der")" = "mine $f" ] && ok || bad "$f.der replaced without --force"
done
run host certs export --force --json --cert-file "$TMP/t.bin" "$TMP/out"
expect_rc 0
expect_json "sorted(d['written'])==sorted(['$TMP/out/ark.der','$TMP/out/ask.der','$TMP/out/vcek.der'])"
expect_same_file "$TMP/out/vcek.der" "$MILAN_VCEK"
expect_same_file "$TMP/out/ark.der" "$TMP/ark.der"
run host certs clear --cert-file "$TMP/served.bin"
expect_rc 0
expect_file_hex "$TMP/served.bin" "$(printf '%048d' 0)"
run host certs export --cert-file "$TMP/served.bin" "$TMP/none"
expect_rc 0
[ -z "$(ls -A "$TMP/none")" ] && ok || bad "an empty table exported certificates"
run host certs
expect_rc 2
run host certs bogus
expect_rc 2

# --- 8. the lock: a VMM reading the file (shared OFD lock) delays the rewrite ---
cp "$TMP/t.bin" "$TMP/locked.bin"
fake_copy fake-milan-snp c3 # before the lock is taken: nothing slow while it is held
python3 - "$TMP/locked.bin" <<'PY' &
import fcntl, os, struct, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.fcntl(fd, getattr(fcntl, "F_OFD_SETLK", 37), struct.pack("hhqqi", fcntl.F_RDLCK, 0, 0, 0, 0))
open(sys.argv[1] + ".held", "w").close()
time.sleep(2)
PY
holder=$!
for _ in $(seq 100); do [ -e "$TMP/locked.bin.held" ] && break; sleep 0.05; done
[ -e "$TMP/locked.bin.held" ] && ok || bad "the lock holder did not start"
# meanwhile, snp-commit also holds the file locked while the firmware changes: it waits too
(
	start=$(date +%s%N)
	"$SEVKIT" host snp-commit --yes --device "fake:$TMP/c3" --cert-file "$TMP/locked.bin" >/dev/null 2>&1
	echo "$? $((($(date +%s%N) - start) / 1000000))" >"$TMP/commit.result"
) &
committer=$!
start=$(date +%s%N)
run host certs clear --cert-file "$TMP/locked.bin"
elapsed=$((($(date +%s%N) - start) / 1000000))
wait "$holder" "$committer"
expect_rc 0
[ "$elapsed" -ge 1500 ] && ok || bad "cleared after $elapsed ms, while the file was locked for 2 s"
expect_file_hex "$TMP/locked.bin" "$(printf '%048d' 0)"
read -r commit_rc commit_ms <"$TMP/commit.result"
[ "$commit_rc" -eq 0 ] && [ "$commit_ms" -ge 1500 ] && [ -s "$TMP/c3/snp-committed" ] && ok ||
	bad "snp-commit --cert-file: exit $commit_rc after $commit_ms ms, while the file was locked for 2 s"
# and without a lock, no wait
start=$(date +%s%N)
run host certs clear --cert-file "$TMP/locked.bin"
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_rc 0
[ "$elapsed" -lt 1000 ] && ok || bad "cleared an unlocked file after $elapsed ms"

# --- 9. no SEV-SNP (Rome, or a kernel without the commands): one line, exit 4 ---
for c in snp-status "snp-commit --yes" "snp-config show" "snp-config set" vcek-url; do
	# shellcheck disable=SC2086
	run host $c --device "$ROME"
	expect_rc 4
	one_line
	expect_err "no SEV-SNP here"
	[ -z "$out" ] && ok || bad "printed to stdout"
done
finish
