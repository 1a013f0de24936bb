#!/usr/bin/env bash
# sevkit domain convert | lint, against the hand-written goldens of tests/vectors/domain
. "$(dirname "$0")/lib.sh"
D=$V/domain
GEO=(--cbitpos 51 --reduced-phys-bits 1)

# Normal form of an XML file (attributes sorted, blanks between elements dropped).
canon() {
	python3 -c 'import sys, xml.etree.ElementTree as E
sys.stdout.write(E.canonicalize(from_file=sys.argv[1], strip_text=True))' "$1"
}
expect_same_xml() {
	[ "$(canon "$1")" = "$(canon "$2")" ] && ok || bad "$1 differs from $2 (canonical XML)"
}

for mode in sev sev-es sev-snp; do
	run domain convert --$mode "${GEO[@]}" -o "$TMP/$mode.xml" "$D/fedora-kcli.xml"
	expect_rc 0
	expect_err "<os><type machine='q35'> (was 'pc-i440fx-7.2')"
	expect_err "why: "
	expect_same_xml "$TMP/$mode.xml" "$D/fedora-kcli.$mode.xml"
	# converting twice changes nothing
	run domain convert --$mode "${GEO[@]}" -o "$TMP/$mode.again.xml" "$TMP/$mode.xml"
	expect_rc 0
	[ -z "$err" ] && ok || bad "second conversion reported changes"
	expect_same_file "$TMP/$mode.xml" "$TMP/$mode.again.xml"
done

# The SNP launchSecurity uses only the attributes and children libvirt documents for sev-snp.
python3 - "$TMP/sev-snp.xml" <<'PY' && ok || bad "sev-snp launchSecurity has undocumented content"
import sys, xml.etree.ElementTree as E
ls = E.parse(sys.argv[1]).getroot().find("launchSecurity")
assert ls.get("type") == "sev-snp"
assert set(ls.attrib) <= {"type", "kernelHashes", "authorKey", "vcek"}
kids = [c.tag for c in ls]
assert set(kids) <= {"cbitpos", "reducedPhysBits", "policy", "guestVisibleWorkarounds",
                     "idBlock", "idAuth", "hostData"}, kids
assert "policy" in kids
PY

# stdout when no -o; -q silences only the change log
run domain convert -q --sev "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 0
expect_out "<launchSecurity type=\"sev\">"
[ -z "$err" ] && ok || bad "-q printed the change log"

# --json lists the changes (needs -o)
run domain convert --json --sev-es "${GEO[@]}" -o "$TMP/j.xml" "$D/fedora-kcli.xml"
expect_rc 0
expect_json 'd["mode"]=="sev-es" and any("virtio-scsi" in c["change"] for c in d["changes"]) and all(c["reason"] for c in d["changes"])'
run domain convert --json --sev "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2

# --session NAME: the files of sevkit session (sevctl layout) go into dhCert and session
head -c 2084 /dev/urandom | base64 -w0 > "$TMP/vm_godh.b64"
head -c 128 /dev/urandom | base64 -w0 > "$TMP/vm_session.b64"
run domain convert --sev --policy 0x1 --session "$TMP/vm" "${GEO[@]}" -o "$TMP/s.xml" "$D/fedora-kcli.xml"
expect_rc 0
python3 - "$TMP/s.xml" "$TMP/vm_godh.b64" "$TMP/vm_session.b64" <<'PY' && ok || bad "dhCert/session differ from the session files"
import sys, xml.etree.ElementTree as E
ls = E.parse(sys.argv[1]).getroot().find("launchSecurity")
assert ls.find("dhCert").text == open(sys.argv[2]).read().strip()
assert ls.find("session").text == open(sys.argv[3]).read().strip()
assert ls.find("policy").text == "0x0001"
PY
head -c 100 /dev/urandom | base64 -w0 > "$TMP/short_godh.b64"
cp "$TMP/vm_session.b64" "$TMP/short_session.b64"
run domain convert --sev --session "$TMP/short" "${GEO[@]}" -o "$TMP/bad.xml" "$D/fedora-kcli.xml"
expect_rc 3
expect_err "expected 2084"
expect_absent "$TMP/bad.xml"
run domain convert --sev --session "$TMP/missing" "${GEO[@]}" -o "$TMP/bad.xml" "$D/fedora-kcli.xml"
expect_rc 2
expect_absent "$TMP/bad.xml"
run domain convert --sev-snp --session "$TMP/vm" "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2

# kernel hashes need direct kernel boot
run domain convert --sev --kernel-hashes "${GEO[@]}" -o "$TMP/bad.xml" "$D/fedora-kcli.xml"
expect_rc 2
expect_err "kernel"
expect_absent "$TMP/bad.xml"
sed 's|<boot dev=.hd./>|<kernel>/boot/vmlinuz</kernel><cmdline>console=ttyS0</cmdline>|' \
	"$D/fedora-kcli.xml" > "$TMP/kernel.xml"
run domain convert --sev-snp --kernel-hashes "${GEO[@]}" "$TMP/kernel.xml"
expect_rc 0
expect_out "<launchSecurity type=\"sev-snp\" kernelHashes=\"yes\">"

# policies that do not fit the mode
run domain convert --sev-es --policy 0x3 "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2
expect_err "ES bit"
run domain convert --sev-snp --policy 0x10000 "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2
run domain convert --sev --policy nonsense "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2
run domain convert --sev --sev-es "${GEO[@]}" "$D/fedora-kcli.xml"
expect_rc 2
run domain convert --sev --cbitpos 51 "$D/fedora-kcli.xml"
expect_rc 2
run domain convert --sev --cbitpos 64 --reduced-phys-bits 1 "$D/fedora-kcli.xml"
expect_rc 2

# without --cbitpos: from CPUID on an AMD SEV host, a clear error elsewhere
if grep -qw sev /proc/cpuinfo; then
	run domain convert --sev "$D/fedora-kcli.xml"
	expect_rc 0
else
	run domain convert --sev -o "$TMP/bad.xml" "$D/fedora-kcli.xml"
	expect_rc 2
	expect_err "--cbitpos N --reduced-phys-bits N"
	expect_absent "$TMP/bad.xml"
	# ... unless the domain already has them
	run domain convert --sev-es "$TMP/sev.xml"
	expect_rc 0
	expect_out "<cbitpos>51</cbitpos>"
	expect_out "<policy>0x0007</policy>"
fi

# bad input: malformed, not a domain, DOCTYPE, missing file
printf '<domain><os><type>hvm</type>' > "$TMP/trunc.xml"
run domain convert --sev "${GEO[@]}" -o "$TMP/bad.xml" "$TMP/trunc.xml"
expect_rc 3
expect_err "line"
expect_absent "$TMP/bad.xml"
printf '<network><name>default</name></network>\n' > "$TMP/net.xml"
run domain convert --sev "${GEO[@]}" "$TMP/net.xml"
expect_rc 3
expect_err "root element must be <domain>"
printf '<!DOCTYPE domain [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<domain>&x;</domain>\n' > "$TMP/xxe.xml"
run domain convert --sev "${GEO[@]}" "$TMP/xxe.xml"
expect_rc 3
expect_no_out "root:"
run domain convert --sev "${GEO[@]}" "$TMP/nonexistent.xml"
expect_rc 2
run domain convert --sev "${GEO[@]}"
expect_rc 2

# lint: the kcli domain fails, its conversions pass (warnings remain: console, display, agent, seed)
run domain lint "$D/fedora-kcli.xml"
expect_rc 1
expect_out "error   memory-not-locked"
expect_out "fix: "
run domain lint --json "$D/fedora-kcli.xml"
expect_rc 1
expect_json 'd["errors"]>=5 and {"launch-security-missing","virtio-iommu","pci-root","cloud-init-seed","serial-console","guest-agent","graphics"} <= {f["id"] for f in d["findings"]} and all(set(f)=={"id","level","message","fix"} for f in d["findings"])'
for mode in sev sev-es sev-snp; do
	run domain lint --json "$TMP/$mode.xml"
	expect_rc 0
	expect_json 'd["errors"]==0 and "cloud-init-seed" in {f["id"] for f in d["findings"]}'
done
# a readable seed with a plain-text password is an error; the password is never printed
sed "s|/var/lib/libvirt/images/fedora39.ISO|$D/seed/config-plain.iso|" "$TMP/sev.xml" > "$TMP/seed.xml"
run domain lint "$TMP/seed.xml"
expect_rc 1
expect_out "cloud-init-password"
expect_no_out "Sup3r"
run domain lint --no-read "$TMP/seed.xml"
expect_rc 0
run domain lint -q "$D/fedora-kcli.xml"
expect_rc 1
[ -z "$out" ] && ok || bad "-q printed output"
run domain lint "$TMP/trunc.xml"
expect_rc 3
finish
