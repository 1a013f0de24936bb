#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Scan speed of sevkit memscan against grep, ripgrep, ugrep and yara on the same 2 GiB
# memory image, page cache warm: the median of REPEAT runs (default 5) of each, then sevkit
# against ugrep, the fastest peer here, REPEAT runs of each taken in turn with the median of the
# pair-by-pair ratios (bench/pairs.py): on a shared machine the speed drifts between rows.
#
# Corpus (mem-2G.img): 4 KiB pages, 50 % zero, 25 % random (AES-CTR keystream), 25 % English
# text (the licences in /usr/share/common-licenses), 20 fake secrets planted once each beyond
# 1 MiB, the OpenSSH one across a 4 KiB boundary. QEMU, with that file as the guest's RAM
# (memory-backend-file, share=off, paused), writes the ELF and kdump-zlib dumps of it.
#
#   bench/memscan.sh [SEVKIT]     (needs: ripgrep ugrep yara qemu-system-x86 openssl python3)
# BENCH_DIR (default /var/tmp/sevkit-bench-memscan) keeps the corpus between runs (~5 GB).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SEVKIT=$(realpath "${1:-$ROOT/build/tools/sevkit}") # before the cd below
D=${BENCH_DIR:-/var/tmp/sevkit-bench-memscan}
mkdir -p "$D"
cd "$D"
for t in grep rg ugrep yara qemu-system-x86_64 openssl python3; do
	command -v "$t" >/dev/null || { echo "missing $t (apt-get install ripgrep ugrep yara qemu-system-x86)"; exit 1; }
done

cat >patterns.txt <<'EOF'
-----BEGIN RSA PRIVATE KEY-----
-----BEGIN OPENSSH PRIVATE KEY-----
-----BEGIN EC PRIVATE KEY-----
-----BEGIN PRIVATE KEY-----
-----BEGIN PGP PRIVATE KEY BLOCK-----
AKIAIOSFODNN7EXAMPLE
wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ghp_0123456789abcdefghijABCDEFGHIJ012345
xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx
sk_live_4eC39HqLyjWDarjtT1zdp7dc
AIzaSyA-1234567890abcdefghijklmnopqrstu
eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0
password=Tr0ub4dor&3horse
4111111111111111
postgres://admin:s3cr3tPassw0rd@db.internal:5432/prod
Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0
SECRET_CANARY_7f3a9c2e1b5d
hvs.CAESIB1f2e3d4c5b6a7980817263544536271
api_key="0123456789abcdef0123456789abcdef"
glpat-xYz0123456789ABCDEFGH
EOF
cat >regexes.txt <<'EOF'
-----BEGIN [A-Z ]{0,20}PRIVATE KEY( BLOCK)?-----
AKIA[0-9A-Z]{16}
ghp_[A-Za-z0-9]{36}
xox[baprs]-[0-9A-Za-z-]{10,48}
sk_live_[0-9a-zA-Z]{24}
AIza[0-9A-Za-z_-]{35}
eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}
glpat-[0-9A-Za-z_-]{20}
hvs\.[A-Za-z0-9_-]{24,}
(password|passwd|pwd)=[^ &]{6,}
postgres(ql)?://[^: ]+:[^@ ]+@
Authorization: Bearer [A-Za-z0-9._-]{20,}
4[0-9]{15}
SECRET_CANARY_[0-9a-f]{12}
api_key="[0-9a-f]{32}"
wJalrXUtnFEMI/K7MDENG/[A-Za-z0-9/+]{17}
EOF
python3 - <<'EOF'
def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')
lits = open("patterns.txt").read().splitlines()
res = open("regexes.txt").read().splitlines()
with open("planted.yar", "w") as f:
    f.write("rule planted {\n strings:\n")
    for i, s in enumerate(lits):
        f.write('  $s%d = "%s"\n' % (i, esc(s)))
    f.write(" condition:\n  any of them\n}\n")
with open("regexes.yar", "w") as f:
    f.write("rule regexes {\n strings:\n")
    for i, s in enumerate(res):
        f.write("  $r%d = /%s/\n" % (i, s.replace("/", "\\/")))
    f.write(" condition:\n  any of them\n}\n")
EOF

# ---- corpus ----
SIZE=$((2 << 30))
if [ ! -s mem-2G.img ] || [ "$(stat -c %s mem-2G.img)" != "$SIZE" ]; then
	echo "building mem-2G.img"
	# head stops openssl with SIGPIPE: that is how the stream ends
	(openssl enc -aes-128-ctr -K 0f0e0d0c0b0a09080706050403020100 -iv 0 -in /dev/zero \
		2>/dev/null || true) | head -c $((SIZE / 4)) >random.bin
	cat /usr/share/common-licenses/* >text.txt
	python3 - <<'EOF'
import random
PAGE, N = 4096, (2 << 30) // 4096
r = random.Random(1)
kinds = [0] * (N // 2) + [1] * (N // 4) + [2] * (N // 4)
r.shuffle(kinds)
text = open("text.txt", "rb").read()
text = text * (PAGE * 64 // len(text) + 2)
zero = bytes(PAGE)
img = bytearray()
with open("random.bin", "rb") as rnd, open("mem-2G.img", "wb") as out:
    t = 0
    for k in kinds:
        if k == 0:
            out.write(zero)
        elif k == 1:
            out.write(rnd.read(PAGE))
        else:
            out.write(text[t:t + PAGE])
            t = (t + PAGE) % (PAGE * 64)
secrets = open("patterns.txt", "rb").read().splitlines()
with open("mem-2G.img", "r+b") as f:
    for i, s in enumerate(secrets):
        page = 1024 + i * 25000  # beyond 4 MiB, spread out
        off = page * PAGE + (PAGE - 10 if i == 1 else 100)  # #2 straddles a page boundary
        f.seek(off)
        f.write(s)
EOF
	rm -f random.bin text.txt guest.elf guest.kdump
fi
if [ ! -s guest.elf ] || [ ! -s guest.kdump ]; then
	echo "dumping it with QEMU (ELF, kdump-zlib)"
	rm -f qmp.sock guest.elf guest.kdump
	qemu-system-x86_64 -machine pc,memory-backend=ram -accel tcg -m 2G -S -nodefaults -display none \
		-object memory-backend-file,id=ram,size=2G,mem-path="$D/mem-2G.img",share=off \
		-qmp "unix:$D/qmp.sock,server,nowait" &
	qpid=$!
	trap 'kill "$qpid" 2>/dev/null || true' EXIT
	for _ in $(seq 50); do [ -S qmp.sock ] && break; sleep 0.2; done
	"$SEVKIT" memscan dump --qmp qmp.sock guest.elf
	"$SEVKIT" memscan dump --qmp qmp.sock --format kdump-zlib guest.kdump
	kill "$qpid"
	wait "$qpid" 2>/dev/null || true
fi

# ---- runs ----
warm() { cat "$@" >/dev/null; }
now() { date +%s.%N; }
declare -A SEC CPU
# CPU seconds (user + system) of this shell's children in a `times` output file
cpu() { awk 'NR == 2 { split($1, a, /[ms]/); split($2, b, /[ms]/); print a[1] * 60 + a[2] + b[1] * 60 + b[2] }' "$1"; }
# row NAME FILE BYTES COMMAND...: REPEAT timed runs (default 5), each after warming the file (the
# page cache is shared); the median wall time and the median CPU time (user + system) are kept,
# as MB/s of BYTES (the file, or the memory it holds): the machine is shared, both matter.
REPEAT=${REPEAT:-5}
median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }
row() {
	local name=$1 file=$2 bytes=$3 t0 t1 n i walls=() cpus=()
	shift 3
	for ((i = 0; i < REPEAT; i++)); do
		warm "$file"
		times >.times0 # in this shell: a subshell starts with no children time
		t0=$(now)
		n=$("$@" 2>/dev/null | tail -1) || true
		t1=$(now)
		times >.times1
		walls+=("$(echo "$t1 - $t0" | bc -l)")
		cpus+=("$(echo "$(cpu .times1) - $(cpu .times0)" | bc -l)")
	done
	SEC[$name]=$(median "${walls[@]}")
	CPU[$name]=$(median "${cpus[@]}")
	printf '%-38s %6.2f s %6.0f MB/s | cpu %6.2f s %6.0f MB/s | %s\n' "$name" "${SEC[$name]}" \
		"$(echo "$bytes / ${SEC[$name]} / 1000000" | bc -l)" "${CPU[$name]}" \
		"$(echo "$bytes / ${CPU[$name]} / 1000000" | bc -l)" "$n"
}
# The hit count is taken from the JSON with sed, not a script interpreter: starting one (0.1 to
# 0.2 s with a version manager's shim) would be timed as part of a scan that takes less.
sk() {
	"$SEVKIT" memscan scan --json --max-hits 1000 "$@" |
		sed -n 's/^ *"total_hits": *\([0-9]*\).*/hits \1/p'
}
regex_args=()
while IFS= read -r re; do regex_args+=(--pattern "$re"); done <regexes.txt

echo
echo "load before the runs:$(uptime | sed 's/.*load average://')"
echo "20 literals, mem-2G.img ($(nproc) CPUs, 2 scanner threads for sevkit)"
row "grep -a -c -F -f" mem-2G.img $SIZE env LC_ALL=C grep -a -c -F -f patterns.txt mem-2G.img
row "rg -a -c -F -f" mem-2G.img $SIZE rg -a -c -F -f patterns.txt mem-2G.img
row "ugrep -a -c -F -f" mem-2G.img $SIZE ugrep -a -c -F -f patterns.txt mem-2G.img
row "yara -s (20 text strings)" mem-2G.img $SIZE sh -c "yara -s planted.yar mem-2G.img | grep -c '^0x'"
row "sevkit raw --no-utf16" mem-2G.img $SIZE sk --no-detectors --no-utf16 --secret-file patterns.txt mem-2G.img
row "sevkit raw (+UTF-16LE forms)" mem-2G.img $SIZE sk --no-detectors --secret-file patterns.txt mem-2G.img
row "sevkit raw, 1 thread --no-utf16" mem-2G.img $SIZE sk --threads 1 --no-detectors --no-utf16 --secret-file patterns.txt mem-2G.img
row "sevkit ELF --no-utf16" guest.elf "$(stat -c %s guest.elf)" sk --no-detectors --no-utf16 --secret-file patterns.txt guest.elf
row "sevkit ELF (+UTF-16LE forms)" guest.elf "$(stat -c %s guest.elf)" sk --no-detectors --secret-file patterns.txt guest.elf
row "sevkit kdump-zlib (+UTF-16LE)" guest.kdump $SIZE sk --no-detectors --secret-file patterns.txt guest.kdump
row "sevkit raw + detectors" mem-2G.img $SIZE sk --secret-file patterns.txt mem-2G.img
row "sevkit ELF + detectors" guest.elf "$(stat -c %s guest.elf)" sk --secret-file patterns.txt guest.elf
row "sevkit raw + detectors + entropy" mem-2G.img $SIZE sk --entropy --secret-file patterns.txt mem-2G.img
# vs NAME FILES PEER... -- SEVKIT...: the two in turn, REPEAT times each after a warm-up, FILES
# read before each run; the medians and the median of the ratios pair by pair (bench/pairs.py)
vs() {
	local name=$1 files=$2
	shift 2
	"$ROOT/bench/pairs.py" -n "$REPEAT" --before "cat $files >/dev/null" -- "$@" |
		awk -F= -v name="$name" '{ v[$1] = $2 } END {
			printf "%s: %.2fx wall (%.2f-%.2f), %.2fx CPU; medians ugrep %.2f s, sevkit %.2f s\n",
				name, v["wall_ratio"], v["wall_ratio_min"], v["wall_ratio_max"], v["cpu_ratio"],
				v["peer_wall"], v["sevkit_wall"] }'
}
scan=("$SEVKIT" memscan scan --json --max-hits 1000 --no-detectors --no-utf16)
echo "in turn, $REPEAT pairs:"
vs "sevkit raw vs ugrep" mem-2G.img ugrep -a -c -F -f patterns.txt mem-2G.img -- \
	"${scan[@]}" --secret-file patterns.txt mem-2G.img
vs "sevkit raw (+UTF-16LE forms) vs ugrep" mem-2G.img ugrep -a -c -F -f patterns.txt \
	mem-2G.img -- "$SEVKIT" memscan scan --json --max-hits 1000 --no-detectors \
	--secret-file patterns.txt mem-2G.img
vs "sevkit raw + 17 detectors (+UTF-16LE) vs ugrep (literals)" mem-2G.img ugrep -a -c -F -f \
	patterns.txt mem-2G.img -- "$SEVKIT" memscan scan --json --max-hits 1000 \
	--secret-file patterns.txt mem-2G.img
vs "sevkit ELF vs ugrep raw" "mem-2G.img guest.elf" ugrep -a -c -F -f patterns.txt mem-2G.img -- \
	"${scan[@]}" --secret-file patterns.txt guest.elf
echo
echo "16 secret regexes, mem-2G.img"
row "grep -a -o -b -E -f" mem-2G.img $SIZE sh -c "LC_ALL=C grep -a -o -b -E -f regexes.txt mem-2G.img | wc -l"
row "rg -a -o -b -f" mem-2G.img $SIZE sh -c "rg -a -o -b -f regexes.txt mem-2G.img | wc -l"
row "ugrep -a -o -b -f" mem-2G.img $SIZE sh -c "ugrep -a -o -b -f regexes.txt mem-2G.img | wc -l"
row "yara -w -s (16 regexes)" mem-2G.img $SIZE sh -c "yara -w -s regexes.yar mem-2G.img | grep -c '^0x'"
row "sevkit raw --no-utf16 (16 --pattern)" mem-2G.img $SIZE sk --no-detectors --no-utf16 "${regex_args[@]}" mem-2G.img
row "sevkit ELF --no-utf16 (16 --pattern)" guest.elf "$(stat -c %s guest.elf)" sk --no-detectors --no-utf16 "${regex_args[@]}" guest.elf
echo "in turn, $REPEAT pairs:"
vs "sevkit raw vs ugrep" mem-2G.img ugrep -a -o -b -f regexes.txt mem-2G.img -- \
	"${scan[@]}" "${regex_args[@]}" mem-2G.img

# ---- an SEV guest's memory (all ciphertext) and a fresh guest's (all zeros) ----
# Against the page cache's read limit, measured in the same run: dd of the same warm file.
for f in cipher-2G.img zero-2G.img; do
	[ "$(stat -c %s $f 2>/dev/null || echo 0)" = "$SIZE" ] && continue
	if [ $f = zero-2G.img ]; then
		head -c $SIZE /dev/zero >$f # written zeros: the page cache holds them as a dump would
	else
		(openssl enc -aes-128-ctr -K 00112233445566778899aabbccddeeff -iv 0 -in /dev/zero \
			2>/dev/null || true) | head -c $SIZE >$f
	fi
done
echo
echo "all ciphertext and all zeros, 2 GiB each; 20 literals (+UTF-16LE forms)"
for f in cipher-2G.img zero-2G.img; do
	row "dd bs=16M of=/dev/null ($f)" $f $SIZE sh -c "dd if=$f of=/dev/null bs=16M 2>/dev/null; echo read"
	row "sevkit raw ($f)" $f $SIZE sk --no-detectors --secret-file patterns.txt $f
	printf '  %s: sevkit %.1f GB/s, %.0f %% of the page-cache read limit (dd %.1f GB/s)\n' $f \
		"$(echo "$SIZE / ${SEC[sevkit raw ($f)]} / 1000000000" | bc -l)" \
		"$(echo "100 * ${SEC[dd bs=16M of=/dev/null ($f)]} / ${SEC[sevkit raw ($f)]}" | bc -l)" \
		"$(echo "$SIZE / ${SEC[dd bs=16M of=/dev/null ($f)]} / 1000000000" | bc -l)"
done

# Where sevkit's time goes (one thread, raw, 20 literals + UTF-16LE): user time is the scan and
# the zero-page checks, system time the page faults of the mapped file and giving pages back.
echo
# The start-up's own faults (Hyperscan's database, the threads), counted on the image's first
# MiB, are taken off, so what is left is the faults of mapping the image.
head -c 1M mem-2G.img >start-1M.img
echo "one thread, raw, where the time goes (median of $REPEAT; minor faults per GiB of memory"
echo "after the start-up's, and the KiB each fault mapped):"
for f in start-1M.img mem-2G.img cipher-2G.img zero-2G.img; do
	us=() ss=() fs=()
	for ((i = 0; i < REPEAT; i++)); do
		warm $f
		read -r u sy fl < <(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime, r.ru_stime, r.ru_minflt)' "$SEVKIT" memscan scan --threads 1 --no-detectors \
			--secret-file patterns.txt $f)
		us+=("$u") ss+=("$sy") fs+=("$fl")
	done
	if [ $f = start-1M.img ]; then
		start_faults=$(median "${fs[@]}")
		continue
	fi
	faults=$(echo "$(median "${fs[@]}") - $start_faults" | bc -l)
	printf '  %-14s user %5.2f s  system %5.2f s  %6.0f faults/GiB, %3.0f KiB each\n' $f \
		"$(median "${us[@]}")" "$(median "${ss[@]}")" \
		"$(echo "$faults / ($SIZE / 1073741824)" | bc -l)" "$(echo "$SIZE / 1024 / $faults" | bc -l)"
done
echo "load after the runs:$(uptime | sed 's/.*load average://')"

echo
echo "zlib inflate ceiling: the compressed pages of the first 256 MiB, compressed as QEMU does"
echo "(level 1, kept only when smaller than the page), inflated page by page, scaled to 2 GiB"
python3 - <<'EOF'
import time, zlib
PAGE = 4096
data = open("mem-2G.img", "rb").read(256 << 20)
zero = bytes(PAGE)
comp = []
for i in range(0, len(data), PAGE):
    p = data[i:i + PAGE]
    if p != zero:
        c = zlib.compress(p, 1)
        if len(c) < PAGE:
            comp.append(c)
t = time.process_time()  # CPU time: one core's work, whatever else the machine runs
for c in comp:
    zlib.decompress(c)
dt = (time.process_time() - t) * 8
print("  %d compressed pages per 256 MiB; inflating those of 2 GiB takes %.2f s on one core:"
      " ceiling %.0f MB/s of memory on one core (CPU time), %.0f MB/s on two"
      % (len(comp), dt, (2 << 30) / dt / 1e6, 2 * (2 << 30) / dt / 1e6))
EOF
