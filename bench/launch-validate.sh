#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sevkit launch validate vs libvirt's virt-qemu-sev-validate on the same measured direct boot
# (2 MiB firmware, SIZE MiB kernel and initrd each): REPEAT runs of each (default 5, after one
# warm-up each), taken in turn, the medians, the median of the pair-by-pair ratios (see
# bench/pairs.py), and sevkit's hashing rate against `openssl speed` SHA-256 on this machine.
# usage: bench/launch-validate.sh SEVKIT [SIZE_MIB]     (REPEAT=5)
set -eu
SEVKIT=$1
SIZE=${2:-128}
REPEAT=${REPEAT:-5}
PEER=/usr/bin/virt-qemu-sev-validate
HELPER=$(dirname "$0")/../tests/cli/sev-peer-helper.py
[ -f "$PEER" ] || { echo "virt-qemu-sev-validate is not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 "$HELPER" firmware "$T/fw" 1
head -c $((SIZE << 20)) /dev/urandom > "$T/kernel"
head -c $((SIZE << 20)) /dev/urandom > "$T/initrd"
head -c 16 /dev/urandom > "$T/tik"
head -c 16 /dev/urandom > "$T/tek"
args=(--firmware "$T/fw" --kernel "$T/kernel" --initrd "$T/initrd" --cmdline "console=ttyS0"
	--tik "$T/tik" --tek "$T/tek" --api-major 1 --api-minor 55 --build-id 7 --policy 5
	--num-cpus 8 --cpu-family 25 --cpu-model 1 --cpu-stepping 1
	--measurement "$(head -c 48 /dev/urandom | base64 -w0)")
python3 - "$(dirname "$0")" "$SIZE" "$SEVKIT" "$PEER" "$REPEAT" "${args[@]}" <<'PY'
import re, subprocess, sys
sys.path.insert(0, sys.argv[1])
from pairs import pairs
size, sevkit, peer, repeat, args = float(sys.argv[2]), sys.argv[3], sys.argv[4], \
    int(sys.argv[5]), sys.argv[6:]

r = pairs(["/usr/bin/python3", peer, "-q"] + args, [sevkit, "launch", "validate", "-q"] + args,
          runs=repeat)
# the measurement is random: both must hash everything and then reject it, alike
assert r["peer_status"] == r["sevkit_status"] == 1, "verdicts differ: %d / %d" \
    % (r["peer_status"], r["sevkit_status"])
print("median of %d runs each, in turn: sevkit %.3f s wall, %.3f s CPU; "
      "virt-qemu-sev-validate %.3f s wall, %.3f s CPU"
      % (repeat, r["sevkit_wall"], r["sevkit_cpu"], r["peer_wall"], r["peer_cpu"]))
print("ratio (median pair by pair): %.1fx less wall time (%.1f-%.1f), %.1fx less CPU time"
      % (r["wall_ratio"], r["wall_ratio_min"], r["wall_ratio_max"], r["cpu_ratio"]))
try:
    out = subprocess.run(["openssl", "speed", "-seconds", "2", "-bytes", "16384", "-evp",
                          "sha256"], capture_output=True, text=True).stdout
    limit = float(re.findall(r"^sha256\s+([\d.]+)k", out, re.M)[-1]) * 1000
    rate = 2 * size * 2**20 / r["sevkit_cpu"]
    print("sevkit hashed %.0f MB/s of CPU time, %.0f%% of openssl speed sha256 (%.0f MB/s)"
          % (rate / 1e6, 100 * rate / limit, limit / 1e6))
except (OSError, IndexError):
    print("openssl speed unavailable: no machine limit measured")
PY
