# SPDX-License-Identifier: Apache-2.0
# Sourced by bench/kbs.sh and bench/kbs-scale.sh, with TMP set: the test PKI, the fake host's
# identity and the server helpers of the kbs tests (tests/cli/kbs-lib.sh), and in $D what
# bench-kbs-load reads: a report template, the test VCEK's key and chain, the secret; the
# policy the template passes in $TMP/policy.json.
ok() { :; }
bad() { echo "${0##*/}: $*" >&2; exit 1; }
# shellcheck source=../tests/cli/kbs-lib.sh
. tests/cli/kbs-lib.sh
D=$TMP/load
mkdir "$D"
cp "$C/vcek.der" "$C/ask.der" "$C/ark.der" "$D/"
cp "$(key vcek)" "$D/vcek-key.pem"
head -c 32 /dev/urandom > "$D/secret"
python3 - "$D/report.bin" <<'EOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('guest', 'tests/cli/kbs-guest.py')
guest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guest)
open(sys.argv[1], 'wb').write(guest.make_report(bytes(64)))
EOF
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/policy.json"
