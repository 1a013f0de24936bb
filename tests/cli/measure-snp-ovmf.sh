#!/usr/bin/env bash
# sevkit measure snp with Debian's real OVMF_CODE.fd (package ovmf): the pages it measures
# follow the SEV metadata table of qemu-libvirt.md (2 MiB image: SEC_MEM 0x800000+0x9000,
# 0x80a000+0x3000, SECRETS 0x80d000, CPUID 0x80e000, SEC_MEM 0x80f000+0x11000), every
# PAGE_INFO digest of the trace is recomputed here with Python's hashlib, and, when
# SEV_SNP_MEASURE names sev-snp-measure.py, sevkit and sev-snp-measure are run side by side
# on the same inputs (fresh random kernel and initrd included) and must agree byte for byte.
. "$(dirname "$0")/lib.sh"

OVMF=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
if [ ! -r "$OVMF" ]; then
	echo "SKIP: $OVMF not found (apt-get install ovmf)"
	exit 77
fi
D=$V/snp/sev-snp-measure

# the page walk
run measure snp --vcpus 2 --vcpu-type EPYC-Milan --ovmf "$OVMF" --trace
expect_rc 0
printf '%s\n' "$err" >"$TMP/trace"
python3 - "$OVMF" "$TMP/trace" "$out" <<'EOF' && ok || bad "page walk of $OVMF"
import hashlib, struct, sys

fw = open(sys.argv[1], "rb").read()
lines = open(sys.argv[2]).read().split("\n")[:-1]
pages = [dict(kv.split("=") for kv in l.split()) for l in lines]
expect = [(1, 0x100000000 - len(fw) + off) for off in range(0, len(fw), 4096)]
for base, size, kind in [(0x800000, 0x9000, 3), (0x80a000, 0x3000, 3), (0x80d000, 0x1000, 5),
                         (0x80e000, 0x1000, 6), (0x80f000, 0x11000, 3)]:
    expect += [(kind, base + off) for off in range(0, size, 4096)]
expect += [(2, 0xfffffffff000)] * 2
got = [(int(p["type"]), int(p["gpa"], 16)) for p in pages]
assert got == expect, "walk differs"
ld = bytes(48)
for i, p in enumerate(pages):
    kind, gpa = got[i]
    contents = bytes.fromhex(p["contents"])
    if kind == 1:
        off = gpa - (0x100000000 - len(fw))
        assert contents == hashlib.sha384(fw[off:off + 4096]).digest(), "page %d" % i
    elif kind != 2:
        assert contents == bytes(48)
    info = ld + contents + struct.pack("<HBBBBBBQ", 0x70, kind, 0, 0, 0, 0, 0, gpa)
    ld = hashlib.sha384(info).digest()
    assert ld.hex() == p["ld_after"], "digest after page %d" % i
assert ld.hex() == sys.argv[3], "final digest"
EOF
# Debian's build has no kernel hashes section: a measured kernel is refused
run measure snp --vcpus 1 --vcpu-type EPYC-v4 --ovmf "$OVMF" --kernel /dev/null
expect_rc 3
expect_err "no SNP_KERNEL_HASHES section"

PEER=${SEV_SNP_MEASURE:-}
if [ -z "$PEER" ] || ! python3 "$PEER" --version >/dev/null 2>&1; then
	echo "note: SEV_SNP_MEASURE does not name a runnable sev-snp-measure.py: no side-by-side run"
	finish
	exit $?
fi

# same ARGS...: sevkit and sev-snp-measure print the same digest
same() {
	local want
	want=$(python3 "$PEER" "$@" 2>&1)
	run measure "$@"
	[ "$rc" -eq 0 ] && [ "$out" = "$want" ] && ok || bad "sev-snp-measure says $want"
}

head -c 3000000 /dev/urandom >"$TMP/kernel"
head -c 5000000 /dev/urandom >"$TMP/initrd"
AMDSEV=$D/ovmf_AmdSev_suffix.bin
for t in EPYC EPYC-Rome-v2 EPYC-Milan-v1 EPYC-Genoa EPYC-Turin; do
	same --mode snp --vcpus 3 --vcpu-type $t --ovmf "$OVMF"
done
same --mode snp --vcpus 4 --vcpu-type EPYC-v4 --ovmf "$OVMF" --guest-features 0x21
same --mode snp --vcpus 2 --vmm-type ec2 --ovmf "$OVMF"
same --mode snp --vcpus 2 --vmm-type gce --ovmf "$OVMF" --output-format base64
same --mode snp --vcpus 1 --vcpu-family 25 --vcpu-model 17 --vcpu-stepping 1 --ovmf "$OVMF"
same --mode snp:ovmf-hash --ovmf "$OVMF"
same --mode seves --vcpus 3 --vcpu-sig 0xa00f11 --ovmf "$OVMF"
same --mode seves --vcpus 2 --vmm-type ec2 --ovmf "$OVMF"
same --mode sev --ovmf "$OVMF"
same --mode snp --vcpus 2 --vcpu-type EPYC-Milan --ovmf "$AMDSEV" --kernel "$TMP/kernel" \
	--initrd "$TMP/initrd" --append "root=/dev/vda1 console=ttyS0 quiet"
same --mode snp --vcpus 2 --vmm-type gce --ovmf "$AMDSEV" --kernel "$TMP/kernel"
same --mode seves --vcpus 2 --vcpu-type EPYC-Genoa --ovmf "$AMDSEV" --kernel "$TMP/kernel" \
	--initrd "$TMP/initrd" --append " spaces  kept "
same --mode sev --ovmf "$AMDSEV" --kernel "$TMP/kernel" --append "x"
same --mode snp:svsm --vcpus 3 --vcpu-type EPYC-Genoa --ovmf "$D/svsm_ovmf.fd" \
	--svsm "$D/svsm.bin" --vars-size 131072

# --dump-vmsa: the same files
mkdir "$TMP/peer" "$TMP/ours"
for args in "--mode snp --vcpus 3 --vcpu-type EPYC-Turin --guest-features 0x21" \
	"--mode snp --vcpus 2 --vmm-type ec2" "--mode seves --vcpus 2 --vcpu-type EPYC-Rome"; do
	rm -f "$TMP"/peer/* "$TMP"/ours/*
	# shellcheck disable=SC2086
	(cd "$TMP/peer" && python3 "$PEER" $args --ovmf "$OVMF" --dump-vmsa >/dev/null)
	# shellcheck disable=SC2086
	(cd "$TMP/ours" && "$SEVKIT" measure $args --ovmf "$OVMF" --dump-vmsa >/dev/null)
	diff -r "$TMP/peer" "$TMP/ours" >/dev/null && ok || bad "VMSA dumps differ: $args"
	[ -n "$(ls "$TMP/ours")" ] && ok || bad "no VMSA dump: $args"
done
finish
