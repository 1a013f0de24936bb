#!/usr/bin/env bash
# sevkit report verify: every check option --help lists, walked the same way. Each option takes
# a value, and so does its policy-file key (the option with '_' for '-'; deny-X is the member X
# of a "deny" entry). A policy file and the option with different values of one check conflict
# (exit 2, naming the key and both sources), unless the check adds up (repeatable, or a LIST of
# bits): then both values are enforced. The real Milan report and VCEK
# (tests/vectors/snp/MANIFEST.md 2a).
. "$(dirname "$0")/lib.sh"

S=$V/snp
R=$S/go-sev-guest_attestation.bin
VCEK=$S/go-sev-guest_vcek_milan.der
BASE=(--at=2025-01-01 --vcek "$VCEK")
REPORTED_TCB=bl=2,tee=0,snp=5,ucode=68 # the report's, so that denying it fails

# The check options: what --help lists after --reference, one "OPTION|ARG|HELP" a line.
run report verify --help
expect_rc 0
mapfile -t checks < <(printf '%s\n' "$out" | sed -n '/^Options:/,/^$/p' |
	sed -n '/^ *--reference /,$p' | tail -n +2 |
	sed -n 's/^      --\([a-z-]*\)\( \([A-Z.]*\)\)\? \+\(.*\)$/\1|\3|\4/p')
[ "${#checks[@]}" -ge 25 ] && ok || bad "--help lists ${#checks[@]} check options, not 25 or more"

# pf FILE JSON-OF-THE-CHECK OPTION: a policy file that gives the option's check this value
pf() {
	if [[ $3 == deny-* ]]; then
		printf '{"deny": [{"%s": %s}]}\n' "${3#deny-}" "$2" > "$1"
	else
		printf '{"%s": %s}\n' "${3//-/_}" "$2" > "$1"
	fi
}

# json ARG VALUE: the value as the policy file writes it
json() {
	case $1 in
	'') echo false ;;
	LIST) echo "[\"$2\"]" ;;
	*) echo "\"$2\"" ;;
	esac
}

# samples OPTION ARG HELP: sets a and b, two values the option takes; for a check that adds up,
# the report passes a alone and fails b
samples() {
	case $2 in
	HEX)
		n=$(sed -n 's/.*(\([0-9]*\) bytes).*/\1/p' <<<"$3")
		a=$(printf "11%.0s" $(seq "$n")) b=$(printf "22%.0s" $(seq "$n")) ;;
	N) a=1 b=2 ;;
	POLICY) a=0x30000 b=0xb0000 ;;
	MAJ.MIN) a=1.0 b=1.1 ;;
	TCB) a=bl=1 b=bl=2 ;;
	NAME) a=Genoa b=Milan ;;
	LIST)
		run report verify "${BASE[@]}" --allow-debug "--$1" smt_en "$R"
		if [ "$rc" = 0 ]; then a=smt_en b=tsme_en; else a=tsme_en b=smt_en; fi ;;
	'') a=false b='' ;;
	*) bad "--$1: no sample values for $2"; a='' b='' ;;
	esac
	[ "$1" = deny-tcb ] && b=$REPORTED_TCB
	true
}

for c in "${checks[@]}"; do
	IFS='|' read -r opt arg help <<<"$c"
	samples "$opt" "$arg" "$help"
	given=("--$opt")
	[ -n "$arg" ] && given=("--$opt" "$b")
	f=$TMP/$opt.json
	# the option and the policy-file key, each alone, are taken (pass or fail, no usage error)
	run report verify "${BASE[@]}" "${given[@]}" "$R"
	[ "$rc" -le 1 ] && ok || bad "--$opt is not taken (exit $rc)"
	pf "$f" "$(json "$arg" "$a")" "$opt"
	run report verify "${BASE[@]}" --policy-file "$f" "$R"
	[ "$rc" -le 1 ] && ok || bad "the policy file $(cat "$f") is not taken (exit $rc)"
	if [ "$arg" = LIST ] || [[ $help == *repeatable* ]]; then
		# adds up: the file alone passes, with the option's value too it fails
		run report verify "${BASE[@]}" --allow-debug --policy-file "$f" "$R"
		expect_rc 0
		run report verify "${BASE[@]}" --allow-debug --policy-file "$f" "${given[@]}" "$R"
		expect_rc 1
		continue
	fi
	key=${opt//-/_}
	run report verify "${BASE[@]}" --policy-file "$f" "${given[@]}" "$R"
	expect_rc 2
	expect_err "$key: policy file $f and ${given[*]} pin different values"
done
finish
