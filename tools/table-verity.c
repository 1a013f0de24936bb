/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the verity commands: dm-verity hash trees, as veritysetup. */
#include "commands.h"

const struct command verity_commands[] = {
	{ "verity", "format", cmd_verity_format, "DATA HASH",
	  "Build the dm-verity hash tree of an image, as veritysetup format",
	  "Hashes every block of DATA (a file or block device) and writes the superblock and\n"
	  "hash tree to HASH, byte for byte what veritysetup format writes, and prints the\n"
	  "same report with the root hash. HASH may be DATA itself when --hash-offset puts the\n"
	  "hash area after the data. A new HASH file appears only when complete; an existing\n"
	  "device, or with --force an existing file, is written in place after every check\n"
	  "has passed. DATA must be a\n"
	  "multiple of the data block size unless --data-blocks says how many blocks to hash.\n"
	  "With --fec-device it also writes Reed-Solomon parity, as veritysetup does.\n"
	  "With --partition N the data are that partition of DATA, a GPT or MBR disk image\n"
	  "or device (libfdisk reads its table; --data-offset and --data-size give the place\n"
	  "by hand): the tree is the one veritysetup writes for that partition alone, and\n"
	  "HASH is then another file.\n"
	  "With --root-hash-signature it writes the PKCS#7 signature (DER) of the root\n"
	  "hash's hex text by --sign-key, whose certificate --sign-cert is, without\n"
	  "certificates or signed attributes: what `veritysetup open --root-hash-signature`\n"
	  "(the kernel checks it against its keyring) and systemd's .roothash.p7s take, the\n"
	  "same bytes as `openssl smime -sign -nocerts -noattr -binary`.\n"
	  "Hashing uses every CPU and shows progress on a terminal.",
	  "# the tree of a root file system, its root hash in root.hex\n"
	  "sevkit verity format --root-hash-file root.hex rootfs.img rootfs.verity\n"
	  "# the same with the root hash signed for the kernel's keyring\n"
	  "sevkit verity format --root-hash-file root.hex --root-hash-signature root.p7s \\\n"
	  "    --sign-key verity.key --sign-cert verity.crt rootfs.img rootfs.verity\n"
	  "# the tree of a 129-block image\n"
	  "sevkit verity format tests/vectors/verity/blk129.img blk129.verity\n" },
	{ "verity", "verify", cmd_verity_verify, "DATA HASH [ROOT]",
	  "Check every data and hash block against the root hash",
	  "Verifies the tree from the top down and names the first corrupted block (data or\n"
	  "hash, with its offset). Parameters come from the superblock on HASH, or from the\n"
	  "options with --no-superblock. Exit status 1 when anything does not match. The\n"
	  "data may be a partition of DATA (--partition, --data-offset, as for format). With\n"
	  "--root-hash-signature, the root hash's PKCS#7 signature is checked first: its\n"
	  "signer must be one of the --trusted-cert certificates or issued by one.\n\n"
	  "Exactly the data blocks the tree covers are verified: the blocks dm-verity\n"
	  "exposes. Data after them (a partition larger than its image, the gap before the\n"
	  "hash area of a --hash-offset image, a tail shorter than a block) is not verified\n"
	  "and is reported as a note (\"uncovered\" in JSON), not as a failure, as\n"
	  "veritysetup accepts it.\n\n"
	  "The root hash does not bind the number of data blocks: data and hash blocks are\n"
	  "hashed alike, so a superblock claiming fewer blocks, over data that are the real\n"
	  "tree's hash blocks, gives the same root hash. dm-verity then exposes only those\n"
	  "blocks, nothing unverified, but not the image that was sealed. Refusing the data\n"
	  "after the covered blocks would not prevent it (the forger truncates the data\n"
	  "too); --data-blocks N does: a superblock that says otherwise is refused\n"
	  "(veritysetup ignores the option). Give the number sealed in the kernel command\n"
	  "line (verity cmdline) or in your build records.\n\n"
	  "Reserved superblock bytes that are not zero are ignored with a warning, as\n"
	  "veritysetup ignores them: they are not authenticated and the tree does not\n"
	  "depend on them.",
	  "# the image and tree of 'sevkit verity format'\n"
	  "sevkit verity verify --root-hash-file root.hex rootfs.img rootfs.verity\n"
	  "# a tree veritysetup made\n"
	  "sevkit verity verify tests/vectors/verity/blk129.img \\\n"
	  "    tests/vectors/verity/hash/blk129.seed.hash \\\n"
	  "    7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a\n" },
	{ "verity", "dump", cmd_verity_dump, "HASH",
	  "Show the dm-verity superblock, as veritysetup dump",
	  "Prints the parameters stored in the superblock at --hash-offset of HASH.\n"
	  "Reserved bytes that are not zero are ignored with a warning, as veritysetup does.",
	  "# the superblock of a tree veritysetup made\n"
	  "sevkit verity dump tests/vectors/verity/hash/blk129.seed.hash\n" },
	{ "verity", "cmdline", cmd_verity_cmdline, "HASH [ROOT]",
	  "Print the kernel command line that opens the verified root",
	  "Prints dm-mod.create=\"vroot,,,ro,<dm-verity table>\" root=/dev/dm-0, which the\n"
	  "kernel's dm-init sets up without an initramfs, or with --systemd the roothash= and\n"
	  "systemd.verity_root_*= parameters of systemd-veritysetup-generator. Parameters come\n"
	  "from the superblock on HASH (or the options with --no-superblock); the devices are\n"
	  "named as the guest sees them. Corruption panics the guest unless told otherwise.",
	  "# the guest sees the data on /dev/vda2 and the tree on /dev/vda3\n"
	  "sevkit verity cmdline --data-device /dev/vda2 --hash-device /dev/vda3 \\\n"
	  "    --root-hash-file root.hex rootfs.verity\n"
	  "# systemd's parameters instead of dm-mod.create=\n"
	  "sevkit verity cmdline --systemd --data-device /dev/vda2 --hash-device /dev/vda3 \\\n"
	  "    tests/vectors/verity/hash/blk129.seed.hash \\\n"
	  "    7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a\n" },
	{ 0 },
};
