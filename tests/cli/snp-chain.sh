# SPDX-License-Identifier: Apache-2.0
# Sourced by CLI tests: a Milan chain shaped like AMD's, built with the openssl tool from
# go-sev-guest's TESTONLY keys (tests/vectors/snp/MANIFEST.md), with both branches:
# ARK -> ASK -> VCEK and ARK -> ASVK -> VLEK, reports re-signed by the test VCEK or VLEK,
# and CRLs by the test ARK. Needs lib.sh first. Certificates are valid from now on, so
# tests that use them check at the current time (no --at).
SNP_S=$V/snp
SNP_REPORT=$SNP_S/go-sev-guest_attestation.bin
PSS=(-sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384)
AMD_DN="/OU=Engineering/C=US/L=Santa Clara/ST=CA/O=Advanced Micro Devices"
VCEK_SERIAL=0x020002
VLEK_SERIAL=0x030003
ASK_SERIAL=0x010001
ASVK_SERIAL=0x010002

snp_key() { echo "$SNP_S/go-sev-guest_TESTONLY_$1_private_key.pem"; }

# snp_leaf CN KEY ISSUER ISSUER_KEY SERIAL EXTFILE OUT
snp_leaf() {
	openssl req -new -key "$(snp_key "$2")" -subj "$AMD_DN/CN=$1" -out "$C/$2.csr" &&
		openssl x509 -req -in "$C/$2.csr" -CA "$C/$3.pem" -CAkey "$(snp_key "$4")" \
			-set_serial "$5" -days 3650 "${PSS[@]}" -extfile "$6" -extensions v \
			-outform der -out "$7"
}

# The AMD extensions: structVersion, productName "Milan-B0", SPLs bl=2 tee=0 snp=5 ucode=68
# (the real report's REPORTED_TCB), then any extra lines (the VCEK's hwID).
snp_exts() {
	printf '[v]\n'
	printf '1.3.6.1.4.1.3704.1.1=DER:02:01:00\n'
	printf '1.3.6.1.4.1.3704.1.2=DER:16:08:4D:69:6C:61:6E:2D:42:30\n'
	printf '1.3.6.1.4.1.3704.1.3.1=DER:02:01:02\n1.3.6.1.4.1.3704.1.3.2=DER:02:01:00\n'
	printf '1.3.6.1.4.1.3704.1.3.3=DER:02:01:05\n1.3.6.1.4.1.3704.1.3.8=DER:02:01:44\n'
	printf '%s\n' "$@"
}

snp_chain_init() {
	C=$TMP/snpchain
	mkdir -p "$C"
	local chip
	chip=$(od -An -v -tx1 -j $((0x1a0)) -N 64 "$SNP_REPORT" | tr -s ' \n' ':' | sed 's/^://;s/:$//')
	snp_exts "1.3.6.1.4.1.3704.1.4=DER:$chip" > "$C/vcek.cnf"
	snp_exts > "$C/vlek.cnf"
	{
		openssl req -new -x509 -key "$(snp_key ark)" -subj "$AMD_DN/CN=ARK-Milan" -days 7300 \
			"${PSS[@]}" -set_serial 0x10000 -out "$C/ark.pem"
		openssl req -new -key "$(snp_key ask)" -subj "$AMD_DN/CN=SEV-Milan" -out "$C/ask.csr"
		openssl x509 -req -in "$C/ask.csr" -CA "$C/ark.pem" -CAkey "$(snp_key ark)" \
			-set_serial $ASK_SERIAL -days 7300 "${PSS[@]}" -out "$C/ask.pem"
		openssl req -new -key "$(snp_key asvk)" -subj "$AMD_DN/CN=SEV-VLEK-Milan" -out "$C/asvk.csr"
		openssl x509 -req -in "$C/asvk.csr" -CA "$C/ark.pem" -CAkey "$(snp_key ark)" \
			-set_serial $ASVK_SERIAL -days 7300 "${PSS[@]}" -out "$C/asvk.pem"
		snp_leaf SEV-VCEK vcek ask ask $VCEK_SERIAL "$C/vcek.cnf" "$C/vcek.der"
		snp_leaf SEV-VLEK vlek asvk asvk $VLEK_SERIAL "$C/vlek.cnf" "$C/vlek.der"
	} >/dev/null 2>&1
	cat "$C/ask.pem" "$C/ark.pem" > "$C/ask_ark.pem"
	cat "$C/asvk.pem" "$C/ark.pem" > "$C/asvk_ark.pem"
	[ -s "$C/vcek.der" ] && [ -s "$C/vlek.der" ] && ok || bad "the test chain was not built"
}

# snp_report OUT KEY [PYTHON...]: the real report, changed by the Python statements on the
# bytearray b (e.g. 'b[8]=0x2b'), re-signed by the test VCEK or VLEK (KEY vcek or vlek).
snp_report() {
	local out=$1 key=$2
	shift 2
	python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); $*
open(sys.argv[2],'wb').write(b)" "$SNP_REPORT" "$C/unsigned.bin"
	head -c 672 "$C/unsigned.bin" > "$C/body"
	openssl dgst -sha384 -sign "$(snp_key "$key")" -out "$C/sig.der" "$C/body"
	python3 "$(dirname "${BASH_SOURCE[0]}")/snp-sign-report.py" "$C/unsigned.bin" "$C/sig.der" "$out"
}

# snp_crl OUT DAYS_AGO [SERIAL...]: a CRL by the test ARK issued DAYS_AGO days ago, next
# update in 30 days, revoking the serials given (hex, without 0x).
snp_crl() {
	local out=$1 ago=$2 s
	shift 2
	: > "$C/index.txt"
	for s in "$@"; do
		printf 'R\t450101000000Z\t240101000000Z\t%s\tunknown\t/CN=x\n' "$s" >> "$C/index.txt"
	done
	echo 01 > "$C/crlnumber"
	printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s\ncrlnumber = %s\ndefault_md = sha384\ndefault_crl_days = 30\n' \
		"$C/index.txt" "$C/crlnumber" > "$C/ca.cnf"
	openssl ca -gencrl -config "$C/ca.cnf" -keyfile "$(snp_key ark)" -cert "$C/ark.pem" \
		-crl_lastupdate "$(date -u -d "-$ago days" +%Y%m%d%H%M%SZ)" \
		-crl_nextupdate "$(date -u -d "+30 days" +%Y%m%d%H%M%SZ)" \
		-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384 \
		-out "$out" 2>/dev/null
	[ -s "$out" ] && ok || bad "CRL $out was not built"
}
