#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A program that includes <sevkit/sevkit.h> alone builds with strict flags against an install of
# this build (meson install --destdir), found through the installed sevkit.pc, links the shared
# libsevkit.so.0 with versioned references, and runs against it.
#   consumer.sh MESON BUILD_DIR LIBDIR VERSION_SCRIPT SANITIZE VERSION CONSUMER_C CC...
# LIBDIR is the absolute install libdir; SANITIZE is Meson's b_sanitize ("none" or a list).
set -euo pipefail
meson=$1 build=$2 libdir=$3 script=$4 sanitize=$5 version=$6 src=$7
shift 7
cc=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

dest=$tmp/root
"$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "meson install --destdir failed"; }
lib=$dest$libdir
[ -f "$lib/pkgconfig/sevkit.pc" ] || fail "no sevkit.pc in $lib/pkgconfig"

# the installed sevkit.pc, relocated into the destdir as a packager's sysroot would be
export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_PATH=$lib/pkgconfig
read -r -a cflags <<<"$(pkg-config --cflags sevkit)"
read -r -a libs <<<"$(pkg-config --libs sevkit)"
[ "$(pkg-config --modversion sevkit)" = "$version" ] ||
	fail "sevkit.pc has version $(pkg-config --modversion sevkit), not $version"
# every installed header compiles on its own, not only after those sevkit.h includes first
incdir=$(pkg-config --variable=includedir sevkit)
incdir=$dest${incdir#"$dest"} # with the sysroot or without, as pkg-config versions differ
[ -f "$incdir/sevkit/sevkit.h" ] || fail "no sevkit/sevkit.h in $incdir"
for h in "$incdir"/sevkit/*.h; do
	printf '#include <sevkit/%s>\n' "${h##*/}" >"$tmp/one.c"
	"${cc[@]}" -Wall -Wextra -Werror -pedantic -std=c17 -fsyntax-only "$tmp/one.c" \
		"${cflags[@]}" || fail "<sevkit/${h##*/}> does not compile alone"
done
# a sanitized libsevkit needs the sanitizer runtime loaded first, by the program
extra=()
[ "$sanitize" = none ] || extra=("-fsanitize=$sanitize")
"${cc[@]}" -Wall -Wextra -Werror -pedantic -std=c17 "${extra[@]}" "${cflags[@]}" "$src" \
	"${libs[@]}" -o "$tmp/consumer" ||
	fail "the consumer does not build: ${cc[*]} ${cflags[*]} $src ${libs[*]}"

grep -q 'NEEDED.*\[libsevkit\.so\.0\]' <<<"$(readelf -d "$tmp/consumer")" ||
	fail "the consumer does not need libsevkit.so.0"
# its references carry a version node of the script, so a future libsevkit can keep them apart
nodes=$(sed -n 's/^\([A-Za-z_][A-Za-z0-9_.]*\) *{.*/\1/p' "$script")
[ -n "$nodes" ] || fail "no version node in $script"
ref=$(objdump -T "$tmp/consumer" |
	awk '$NF == "sev_version" { v = $(NF - 1); gsub(/[()]/, "", v); print v }')
grep -qxF -- "$ref" <<<"$nodes" ||
	fail "sev_version is referenced with version '$ref', not one of: $nodes"

export LD_LIBRARY_PATH=$lib
loaded=$(ldd "$tmp/consumer")
grep -qF "libsevkit.so.0 => $lib/libsevkit.so.0 " <<<"$loaded" ||
	fail "the consumer does not load $lib/libsevkit.so.0: $loaded"
"$tmp/consumer" "$version" || fail "the consumer failed"
echo "built with ${cc[*]} and the installed sevkit.pc, ran with libsevkit $version"
