#!/usr/bin/env bash
# The SEV and SEV-ES domains sevkit makes pass libvirt's own schema check.
# virt-xml-validate comes from libvirt-clients (9.0 on Debian 12); without it the test is skipped.
. "$(dirname "$0")/lib.sh"
command -v virt-xml-validate >/dev/null || { echo "virt-xml-validate not installed"; exit 77; }
D=$V/domain

validate() {
	current="virt-xml-validate $1"
	out=$(virt-xml-validate "$1" domain 2>&1)
	rc=$?
	err=""
}
validate "$D/fedora-kcli.xml"
expect_rc 0
for mode in sev sev-es; do
	run domain convert --$mode --cbitpos 51 --reduced-phys-bits 1 -o "$TMP/$mode.xml" "$D/fedora-kcli.xml"
	expect_rc 0
	validate "$TMP/$mode.xml"
	expect_rc 0
	expect_out "validates"
	validate "$D/fedora-kcli.$mode.xml"
	expect_rc 0
done
# libvirt 9.0 predates type='sev-snp': everything but launchSecurity must still validate
run domain convert --sev-snp --cbitpos 51 --reduced-phys-bits 1 -o "$TMP/snp.xml" "$D/fedora-kcli.xml"
expect_rc 0
python3 - "$TMP/snp.xml" "$TMP/snp-rest.xml" <<'PY'
import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]); r = t.getroot(); r.remove(r.find("launchSecurity")); t.write(sys.argv[2])
PY
validate "$TMP/snp-rest.xml"
expect_rc 0
validate "$TMP/snp.xml"
expect_rc 3
# the check can fail: a converted domain with a broken launchSecurity does not validate
sed 's|<cbitpos>51</cbitpos>|<cbitpos>fiftyone</cbitpos>|' "$TMP/sev.xml" > "$TMP/broken.xml"
validate "$TMP/broken.xml"
expect_rc 3
finish
