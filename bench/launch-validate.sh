#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sevkit launch validate vs libvirt's virt-qemu-sev-validate on the same measured direct boot
# (2 MiB firmware, SIZE MiB kernel and initrd each): one run each, the ratio, and sevkit's
# hashing rate against `openssl speed` SHA-256 on this machine.
# usage: bench/launch-validate.sh SEVKIT [SIZE_MIB]
set -eu
SEVKIT=$1
SIZE=${2:-128}
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
python3 - "$SIZE" "$SEVKIT" "$PEER" "${args[@]}" <<'PY'
import re, resource, subprocess, sys, time
size, sevkit, peer, args = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]


def timed(cmd):
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


ours = timed([sevkit, "launch", "validate", "-q"] + args)
theirs = timed(["/usr/bin/python3", peer, "-q"] + args)
print("sevkit %.3f s wall, %.3f s CPU; virt-qemu-sev-validate %.3f s wall, %.3f s CPU"
      % (ours + theirs))
print("ratio: %.1fx less wall time, %.1fx less CPU time"
      % (theirs[0] / ours[0], theirs[1] / ours[1]))
try:
    out = subprocess.run(["openssl", "speed", "-seconds", "2", "-bytes", "16384", "-evp",
                          "sha256"], capture_output=True, text=True).stdout
    limit = float(re.findall(r"^sha256\s+([\d.]+)k", out, re.M)[-1]) * 1000
    rate = 2 * size * 2**20 / ours[1]
    print("sevkit hashed %.0f MB/s of CPU time, %.0f%% of openssl speed sha256 (%.0f MB/s)"
          % (rate / 1e6, 100 * rate / limit, limit / 1e6))
except (OSError, IndexError):
    print("openssl speed unavailable: no machine limit measured")
PY
