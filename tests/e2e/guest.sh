# SPDX-License-Identifier: Apache-2.0
# Sourced by the end-to-end tests: the initramfs of their tiny Linux guest.

# guest_initrd DIR SECRET: DIR/initrd.gz, busybox whose init holds SECRET in memory (split in
# the image, so that it exists whole only in the running guest), puts it in /run/secret.txt,
# prints GUEST-READY on the console and waits.
guest_initrd() {
	local dir=$1 secret=$2
	mkdir -p "$dir/rootfs/bin" "$dir/rootfs/proc" "$dir/rootfs/sys" "$dir/rootfs/dev" \
		"$dir/rootfs/run"
	cp /bin/busybox "$dir/rootfs/bin/busybox"
	ln -s busybox "$dir/rootfs/bin/sh"
	cat >"$dir/rootfs/init" <<INIT
#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs -o size=16m tmpfs /run
A=${secret:0:13}
B=${secret:13}
SECRET="\${A}\${B}"
echo "\$SECRET" > /run/secret.txt
export SECRET
echo "GUEST-READY uptime=\$(cut -d' ' -f1 /proc/uptime)"
while true; do sleep 1; done
INIT
	chmod 755 "$dir/rootfs/init"
	(cd "$dir/rootfs" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
		gzip -1 >"$dir/initrd.gz"
}
