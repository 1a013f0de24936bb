#!/usr/bin/env bash
# Side by side with libvirt's virt-qemu-sev-validate (Debian libvirt-clients-qemu) on fresh
# random firmware, kernel, initrd, command line, keys, platform versions and policy.
. "$(dirname "$0")/lib.sh"

PEER=/usr/bin/virt-qemu-sev-validate
HELPER=$(dirname "$0")/sev-peer-helper.py
if [ ! -f "$PEER" ] || ! /usr/bin/python3 -c 'import cryptography, lxml, libvirt' 2>/dev/null; then
	# the peer itself imports cryptography, lxml and libvirt
	echo "skipped: $PEER or its Python modules are missing (apt-get install" \
		"libvirt-clients-qemu python3-lxml python3-cryptography)"
	exit 77
fi
peer() {
	current="virt-qemu-sev-validate $*"
	out=$(/usr/bin/python3 "$PEER" "$@" 2>"$TMP/.stderr")
	rc=$?
	err=$(cat "$TMP/.stderr")
}
rnd() { /usr/bin/python3 -c "import random; print(random.Random($1).randrange($2, $3))"; }
b64flip() { # flip one bit of the MEASURE part of a base64 blob
	/usr/bin/python3 -c "import base64,sys; b=bytearray(base64.b64decode(sys.argv[1]));
b[$2 % 32] ^= 1; print(base64.b64encode(bytes(b)).decode())" "$1"
}

ITER=${SEVKIT_PEER_ITERATIONS:-6}
for i in $(seq 1 "$ITER"); do
	seed=$(( $(date +%s%N) % 1000000 + i ))
	d=$TMP/it$i
	mkdir -p "$d"
	/usr/bin/python3 "$HELPER" firmware "$d/fw.bin" "$seed"
	head -c "$(rnd "$seed" 1 200000)" /dev/urandom > "$d/kernel"
	head -c "$(rnd "$((seed + 1))" 0 100000)" /dev/urandom > "$d/initrd"
	head -c 16 /dev/urandom > "$d/tik"
	head -c 16 /dev/urandom > "$d/tek"
	cmdline="console=ttyS0 root=/dev/vda$(rnd "$seed" 1 9) quiet x=$seed"
	major=$(rnd "$seed" 0 256); minor=$(rnd "$((seed + 2))" 0 256); build=$(rnd "$((seed + 3))" 0 256)
	policy=$(rnd "$seed" 0 4294967296)
	if [ $((i % 2)) = 0 ]; then policy=$((policy | 4)); else policy=$((policy & ~4)); fi
	cfg=(--firmware "$d/fw.bin" --tik "$d/tik" --tek "$d/tek" --api-major "$major"
		--api-minor "$minor" --build-id "$build" --policy "$policy")
	case $((i % 3)) in
	0) cfg+=(--kernel "$d/kernel" --initrd "$d/initrd" --cmdline "$cmdline") ;;
	1) cfg+=(--kernel "$d/kernel") ;;
	esac
	if [ $((policy & 4)) != 0 ]; then
		cfg+=(--num-cpus "$(rnd "$seed" 1 9)")
		if [ $((i % 4)) = 0 ]; then
			head -c 4096 /dev/urandom > "$d/vmsa0"
			head -c 4096 /dev/urandom > "$d/vmsa1"
			cfg+=(--vmsa-cpu0 "$d/vmsa0" --vmsa-cpu1 "$d/vmsa1")
		else
			cfg+=(--cpu-family "$(rnd "$seed" 15 40)" --cpu-model "$(rnd "$seed" 0 256)"
				--cpu-stepping "$(rnd "$seed" 0 16)")
		fi
	fi

	# the peer computes the expected measurement for a nonce (its --debug output)
	nonce=$(head -c 16 /dev/urandom | base64 -w0 | /usr/bin/python3 -c \
		"import base64,sys; print(base64.b64decode(sys.stdin.read()).hex())")
	fake=$( /usr/bin/python3 -c "import base64; print(base64.b64encode(bytes(32) + bytes.fromhex('$nonce')).decode())")
	peer --debug "${cfg[@]}" --measurement "$fake"
	computed=$(printf '%s\n' "$err" | sed -n 's/.*Measurement computed(hex): \([0-9a-f]*\).*/\1/p')
	[ ${#computed} = 64 ] && ok || { bad "iteration $i: no computed measurement from the peer"; continue; }
	good=$(/usr/bin/python3 -c "import base64; print(base64.b64encode(bytes.fromhex('$computed$nonce')).decode())")
	wrong=$(b64flip "$good" "$seed")

	peer "${cfg[@]}" --measurement "$good"
	expect_rc 0
	run launch validate "${cfg[@]}" --measurement "$good"
	expect_rc 0
	peer "${cfg[@]}" --measurement "$wrong"
	expect_rc 1
	run launch validate "${cfg[@]}" --measurement "$wrong"
	expect_rc 1
	other=("${cfg[@]}")
	other[11]=$(( (build + 1) % 256 )) # the --build-id value
	peer "${other[@]}" --measurement "$good"
	expect_rc 1
	run launch validate "${other[@]}" --measurement "$good"
	expect_rc 1

	# secrets from both open to the same table (padding aside)
	mapfile -t secrets < <(/usr/bin/python3 "$HELPER" secrets "$d" "$seed")
	sargs=()
	for s in "${secrets[@]}"; do sargs+=(--inject-secret "$s"); done
	peer "${cfg[@]}" --measurement "$good" "${sargs[@]}" --secret-header "$d/ph" \
		--secret-payload "$d/pp"
	expect_rc 0
	run launch validate "${cfg[@]}" --measurement "$good" "${sargs[@]}" --secret-header "$d/sh" \
		--secret-payload "$d/sp"
	expect_rc 0
	/usr/bin/python3 "$HELPER" open "$d/tik" "$d/tek" "$good" "$d/ph" "$d/pp" "$d/ptable" &&
		/usr/bin/python3 "$HELPER" open "$d/tik" "$d/tek" "$good" "$d/sh" "$d/sp" "$d/stable" &&
		/usr/bin/python3 "$HELPER" same-table "$d/stable" "$d/ptable" && ok ||
		bad "iteration $i: secret packets do not open to the same table"
	run launch secret --tik "$d/tik" --tek "$d/tek" -m "$good" -f "$d/fw.bin" "${sargs[@]}" \
		"$d/rh" "$d/rp"
	expect_rc 0
	/usr/bin/python3 "$HELPER" open "$d/tik" "$d/tek" "$good" "$d/rh" "$d/rp" "$d/rtable" &&
		cmp -s "$d/rtable" "$d/stable" && ok || bad "iteration $i: raw secret packet"
done
finish
