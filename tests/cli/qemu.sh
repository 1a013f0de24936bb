#!/usr/bin/env bash
# sevkit qemu args, against hand-written argument lists (tests/vectors/domain/qemu/)
. "$(dirname "$0")/lib.sh"
Q=$V/domain/qemu
GEO=(--cbitpos 51 --reduced-phys-bits 1)

run qemu args --sev "${GEO[@]}" --memory 256M
expect_rc 0
expect_stdout_file "$Q/sev.args"
run qemu args --sev-es "${GEO[@]}" -m 256
expect_rc 0
expect_stdout_file "$Q/sev-es.args"
HD=bGlidmlydGxpYnZpcnRsaWJ2aXJ0bGlidmlydGxpYnY=
run qemu args --sev-snp "${GEO[@]}" --host-data $HD --kernel /boot/vmlinuz --append console=ttyS0 --kernel-hashes
expect_rc 0
expect_stdout_file "$Q/sev-snp.args"

# every sev-snp-guest property is one QEMU documents (qapi/qom.json SevSnpGuestProperties)
IDB=$(head -c 96 /dev/zero | base64 -w0)
IDA=$(head -c 4096 /dev/zero | base64 -w0)
run qemu args --sev-snp "${GEO[@]}" --policy 0xb0000 --id-block "$IDB" --id-auth "$IDA" --author-key --host-data $HD
expect_rc 0
printf '%s\n' "$out" | python3 -c '
import sys
args = sys.stdin.read().split("\n")
obj = args[args.index("-object", args.index("-object") + 1) + 1].split(",")
assert obj[0] == "sev-snp-guest", obj[0]
keys = {kv.split("=", 1)[0] for kv in obj[1:]}
documented = {"id", "sev-device", "cbitpos", "reduced-phys-bits", "kernel-hashes", "policy",
              "guest-visible-workarounds", "id-block", "id-auth", "author-key-enabled",
              "host-data", "vcek-disabled"}
assert keys <= documented, keys - documented
assert {"id-block", "id-auth", "author-key-enabled", "host-data"} <= keys
' && ok || bad "sev-snp-guest has an undocumented property"
expect_out "policy=0xb0000"

# every sev-guest property is one Debian's QEMU knows (its own help), or a uint32 QOM property
if command -v qemu-system-x86_64 >/dev/null; then
	known=$(qemu-system-x86_64 -object sev-guest,help | sed -n 's/^  \([a-z-]*\)=.*/\1/p')
	run qemu args --sev-es "${GEO[@]}" --dh-cert-file vm_godh.b64 --session-file vm_session.b64 --kernel /k --kernel-hashes
	expect_rc 0
	obj=$(printf '%s\n' "$out" | sed -n 's/^sev-guest,//p')
	for kv in ${obj//,/ }; do
		key=${kv%%=*}
		case " id policy cbitpos reduced-phys-bits handle $(echo $known) " in
		*" $key "*) ok ;;
		*) bad "sev-guest property $key unknown to QEMU" ;;
		esac
	done
fi

# --shell: one line a shell splits back into the same arguments
run qemu args --sev "${GEO[@]}" --kernel "/boot/my kernel" --append "console=ttyS0 root='/dev/vda'" --shell
expect_rc 0
eval "set -- $out"
[ "$1" = qemu-system-x86_64 ] && [ "${@: -1}" = "console=ttyS0 root='/dev/vda'" ] && ok || bad "--shell line does not split back"
run qemu args --json --sev "${GEO[@]}" --qemu /usr/local/bin/qemu-kvm
expect_rc 0
expect_json 'd["mode"]=="sev" and d["argv"][0]=="/usr/local/bin/qemu-kvm" and "-overcommit" in d["argv"]'

# commas in paths are doubled (QEMU's option syntax)
run qemu args --sev "${GEO[@]}" --firmware /fw/a,b.fd
expect_out "file=/fw/a,,b.fd"

# rejections
run qemu args "${GEO[@]}"
expect_rc 2
run qemu args --sev --sev-snp "${GEO[@]}"
expect_rc 2
run qemu args --sev --cbitpos 51
expect_rc 2
run qemu args --sev-es "${GEO[@]}" --policy 0x3
expect_rc 2
expect_err "ES bit"
run qemu args --sev-snp "${GEO[@]}" --dh-cert-file x
expect_rc 2
run qemu args --sev "${GEO[@]}" --host-data $HD
expect_rc 2
run qemu args --sev-snp "${GEO[@]}" --host-data AAAA
expect_rc 2
expect_err "expected 32"
run qemu args --sev "${GEO[@]}" --kernel-hashes
expect_rc 2
run qemu args --sev "${GEO[@]}" --memory 2X
expect_rc 2
run qemu args --sev "${GEO[@]}" extra
expect_rc 2
if ! grep -qw sev /proc/cpuinfo; then
	run qemu args --sev
	expect_rc 2
	expect_err "--cbitpos N --reduced-phys-bits N"
fi
finish
