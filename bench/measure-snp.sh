#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sevkit measure snp vs sev-snp-measure on real-size launches: Debian's OVMF_CODE.fd (2 MiB)
# with 4 and 64 vCPUs, and the same-size image with an AmdSev footer (Debian's build cannot
# measure a kernel) plus a 12 MiB kernel and a 60 MiB initrd of random data. For each case:
# both digests compared, then REPEAT runs of each tool (default 11, after one warm-up each)
# taken in turn, the medians, the median of the pair-by-pair ratios (see bench/pairs.py), and
# the fraction of the machine's limit sevkit reaches: the time `openssl speed` needs for the
# same SHA-256 (kernel, initrd) and SHA-384 (pages, PAGE_INFO) work, over sevkit's CPU time.
# sev-snp-measure is not a Debian package: give its sev-snp-measure.py from a checkout of
# virtee/sev-snp-measure (it runs under Debian's python3 with python3-cryptography).
# usage: bench/measure-snp.sh SEVKIT [PATH/TO/sev-snp-measure.py]  (or SEV_SNP_MEASURE=...)
set -eu
SEVKIT=$(realpath "$1")
PEER=${2:-${SEV_SNP_MEASURE:-}}
OVMF=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
REPEAT=${REPEAT:-11} # the runs take 10 to 300 ms: more pairs, for the noise
SUFFIX=$(dirname "$0")/../tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin
[ -r "$OVMF" ] || { echo "$OVMF not found (apt-get install ovmf)"; exit 77; }
[ -n "$PEER" ] && [ -f "$PEER" ] || { echo "give sev-snp-measure.py (argument or SEV_SNP_MEASURE)"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
size=$(stat -c %s "$OVMF")
{ head -c $((size - 4096)) "$OVMF"; cat "$SUFFIX"; } >"$T/amdsev.fd"
head -c $((12 << 20)) /dev/urandom >"$T/kernel"
head -c $((60 << 20)) /dev/urandom >"$T/initrd"
python3 - "$(dirname "$0")" "$SEVKIT" "$PEER" "$OVMF" "$T" "$REPEAT" <<'PY'
import os, re, subprocess, sys
sys.path.insert(0, sys.argv[1])
from pairs import pairs
sevkit, peer, ovmf, tmp, repeat = sys.argv[2:6] + [int(sys.argv[6])]


def speed(alg):
    out = subprocess.run(["openssl", "speed", "-seconds", "2", "-bytes", "16384", "-evp", alg],
                         capture_output=True, text=True).stdout
    return float(re.findall(r"^%s\s+([\d.]+)k" % alg, out, re.M)[-1]) * 1000


def digest(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


sha256, sha384 = speed("sha256"), speed("sha384")
print("openssl speed: sha256 %.0f MB/s, sha384 %.0f MB/s" % (sha256 / 1e6, sha384 / 1e6))
print("median of %d runs of each tool, taken in turn; ratio: median pair by pair" % repeat)
kernel = ["--kernel", tmp + "/kernel", "--initrd", tmp + "/initrd", "--append",
          "console=ttyS0 root=/dev/vda1"]
cases = [
    ("Debian OVMF, 4 vCPUs", ovmf, 4, []),
    ("Debian OVMF, 64 vCPUs", ovmf, 64, []),
    ("2 MiB AmdSev layout + 12 MiB kernel + 60 MiB initrd, 4 vCPUs", tmp + "/amdsev.fd", 4,
     kernel),
    ("2 MiB AmdSev layout + 12 MiB kernel + 60 MiB initrd, 64 vCPUs", tmp + "/amdsev.fd", 64,
     kernel),
]
for name, fw, vcpus, extra in cases:
    args = ["--mode", "snp", "--vcpus", str(vcpus), "--vcpu-type", "EPYC-Milan", "--ovmf", fw]
    args += extra
    ours, theirs = [sevkit, "measure"] + args, ["/usr/bin/python3", peer] + args
    a, b = digest(ours), digest(theirs)
    assert a == b, "digests differ: %s / %s" % (a, b)
    r = pairs(theirs, ours, runs=repeat)
    fw_bytes = os.path.getsize(fw)
    hashed = sum(os.path.getsize(a) for a in extra if a.startswith(tmp + "/"))
    # one SHA-384 per page and VMSA, one per PAGE_INFO (~ 112 bytes, priced at 16 KiB speed)
    pages = fw_bytes // 4096 + 0x1e + vcpus
    limit = hashed / sha256 + (fw_bytes + 8192) / sha384 + pages * 112 / sha384
    print("%s\n  sevkit %.3f s wall, %.3f s CPU; sev-snp-measure %.3f s wall, %.3f s CPU"
          % (name, r["sevkit_wall"], r["sevkit_cpu"], r["peer_wall"], r["peer_cpu"]))
    print("  ratio: %.1fx less wall time (%.1f-%.1f), %.1fx less CPU time; sevkit at %.0f%% of "
          "the hashing limit (%.3f s)" % (r["wall_ratio"], r["wall_ratio_min"],
                                          r["wall_ratio_max"], r["cpu_ratio"],
                                          100 * limit / r["sevkit_cpu"], limit))
PY
