#!/usr/bin/env bash
# NVIDIA GPU evidence verification throughput: sevkit with the device chain kept against the
# machine's limit, `openssl speed ecdsap384`'s verify rate, in the same run (one ECDSA P-384
# verification is the least a report costs). Rates are per second of CPU time on both sides.
#   bench/gpu-verify.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-3}
g=tests/vectors/gpu
nonce=931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb
bench=$build/bench/bench-gpu-verify
[ -x "$bench" ] || { echo "build first: ninja -C $build" >&2; exit 2; }

# alternate the two, three rounds, and keep each side's best (the least disturbed round)
best() { awk -v a="$1" -v b="$2" 'BEGIN {print (a > b ? a : b) + 0}'; }
cached=0 full=0 limit=0
for _ in 1 2 3; do
	ours=$("$bench" "$g/hopperAttestationReport.txt" "$g/hopper_cert_chain_case1.txt" "$nonce" \
		"$secs")
	cached=$(best "$cached" "$(awk '$1 == "cached_chain" {print $2}' <<<"$ours")")
	full=$(best "$full" "$(awk '$1 == "full_chain" {print $2}' <<<"$ours")")
	speed=$(openssl speed -seconds "$secs" ecdsap384 2>/dev/null | awk '/nistp384/ {print $NF}' |
		tail -1)
	limit=$(best "$limit" "$speed")
done

printf 'sevkit, chain kept:          %10.1f verifications/s\n' "$cached"
printf 'sevkit, whole chain each:    %10.1f verifications/s\n' "$full"
printf 'openssl speed ecdsap384:     %10.1f verify/s (%s)\n' "$limit" "$(openssl version)"
awk -v a="$cached" -v b="$limit" 'BEGIN {printf "kept chain / openssl limit:  %10.1f %%\n", 100 * a / b}'

# NVIDIA's verifier (nvtrust's local_gpu_verifier) is Python from PyPI (pynvml, signxml,
# ...), which this machine cannot install: no ratio to it, said rather than invented.
if ! python3 -c 'import verifier' 2>/dev/null; then
	echo "peer: nvtrust local_gpu_verifier not installed (PyPI only): no ratio"
fi
