/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the seal command: a sealed guest image and what it must measure. */
#include "commands.h"

const struct command seal_commands[] = {
	{ "seal", NULL, cmd_seal,
	  "--image DISK [--partition N] --ovmf F --kernel F [--initrd F] --append BASE "
	  "--vcpus N --vcpu-type T --out DIR",
	  "Seal a guest image: verity tree, kernel command line, SNP launch digest, reference "
	  "values",
	  "Hashes the root file system (a file, a block device, or one partition of a GPT or\n"
	  "MBR disk image) into a dm-verity tree exactly as veritysetup format does, builds\n"
	  "the kernel command line that opens it (BASE, then dm-mod.create=... root=/dev/dm-0,\n"
	  "or systemd's roothash= with --systemd), computes the SNP launch digest of the\n"
	  "direct boot with that exact line, and writes into DIR, created whole or not at all:\n"
	  "  root-hash        the root hash in hex\n"
	  "  verity.hash      the hash device (unless --hash-device names another place)\n"
	  "  cmdline          the whole kernel command line, without a newline\n"
	  "  reference.json   reference values: report verify --reference, kbs policy put\n"
	  "  rvps.json        the same measurement as trustee's RVPS message (type sample)\n"
	  "  id-block.bin     with --id-key: the ID block, and id-auth.bin its signatures\n"
	  "  root-hash.p7s    with --sign-key: the PKCS#7 signature of the root hash\n"
	  "  manifest.json    every input's SHA-384, every parameter, every output's SHA-384\n"
	  "The same inputs give the same bytes: no salt unless --salt, the superblock UUID\n"
	  "derived from the root hash unless --uuid, no timestamps. ECDSA signatures\n"
	  "(id-auth.bin, a root hash signed with an EC key) are randomized; the manifest lists\n"
	  "them without a digest. The image is recorded by its root hash, which covers every\n"
	  "data byte. A qcow2 image is sealed through a block device or file that shows its\n"
	  "contents: qemu-nbd --read-only --connect=/dev/nbd0, or qemu-storage-daemon's FUSE\n"
	  "export (see the README).",
	  "# the root partition of a GPT disk image, veritysetup's parameters, no salt\n"
	  "sevkit seal --image disk.img --partition 2 --ovmf OVMF.fd --kernel vmlinuz \\\n"
	  "    --initrd initrd.img --append 'console=ttyS0' --vcpus 4 --vcpu-type EPYC-Milan \\\n"
	  "    --out sealed\n"
	  "# signed: a root hash signature and an ID block\n"
	  "sevkit seal --image root.img --ovmf OVMF.fd --kernel vmlinuz --vcpus 2 \\\n"
	  "    --vcpu-type EPYC-v4 --sign-key verity.key --sign-cert verity.crt \\\n"
	  "    --id-key id.pem --out sealed\n" },
	{ 0 },
};
