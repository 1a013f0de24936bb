/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the memscan commands: guest memory the host can read. */
#include "commands.h"

const struct command memscan_commands[] = {
	{ "memscan", "scan", cmd_memscan_scan, "DUMP | --pid PID",
	  "Scan guest memory the host can see for secrets; map its entropy",
	  "DUMP is a QEMU dump-guest-memory or 'virsh dump --memory-only' file (ELF,\n"
	  "kdump-zlib seekable or flattened), a gdb gcore core, or a raw memory image\n"
	  "(pmemsave, RAM file); the format is found by its magic. With --pid, the guest RAM\n"
	  "of a running QEMU process is read through /proc/PID/mem (read-write mappings of\n"
	  "16 MiB or more, anonymous or memory backends; the largest is RAM from\n"
	  "guest-physical 0, so hits below 2 GiB in it also get a guest-physical address).\n"
	  "Secrets are looked for as given and, for text, as UTF-16LE; built-in detectors\n"
	  "(see 'sevkit memscan detectors') run unless --no-detectors. Every hit shows its\n"
	  "guest-physical or virtual address and its file offset (for a zlib page, the\n"
	  "offset of the compressed page). Secrets from the command line are masked in\n"
	  "the output unless --show-secrets. A page looks encrypted at 7.9 bits/byte of\n"
	  "entropy or more (random data: 7.95); zero pages count apart. Runs of zero\n"
	  "pages are not scanned (a match must hold a byte other than zero) and are\n"
	  "counted in the summary. A scan longer than a second shows its progress on a\n"
	  "terminal. Exit status 1 when anything is found.",
	  "# a QEMU dump with a planted secret; the detectors find keys and tokens too\n"
	  "sevkit memscan scan --secret SECRET_CANARY_7f3a9c2e1b5d \\\n"
	  "    tests/vectors/memscan/qemu.kdump\n"
	  "# a running QEMU, with the entropy map as a picture\n"
	  "sevkit memscan scan --pid 4242 --secret-file secrets.txt --map entropy.png\n" },
	{ "memscan", "dump", cmd_memscan_dump, "--qmp SOCKET | --domain NAME OUT",
	  "Dump a running QEMU guest's memory over QMP or through libvirt",
	  "Runs dump-guest-memory detached (the file is passed to QEMU as a descriptor,\n"
	  "0600 and without a name until QEMU reports completion, then named OUT) and polls\n"
	  "query-dump for progress. The guest is paused while QEMU writes the dump. QEMU\n"
	  "cannot cancel a dump: if sevkit is interrupted, QEMU finishes it into the\n"
	  "nameless file, which vanishes when QEMU closes it. With --domain, libvirt\n"
	  "writes a memory-only dump by name (virDomainCoreDumpWithFormat): into a new\n"
	  "private 0700 directory beside OUT, removed afterwards and on SIGINT/SIGTERM;\n"
	  "OUT is named only when the dump is whole.",
	  "# the memory of a running guest, as an ELF core\n"
	  "sevkit memscan dump --qmp /run/vm.qmp guest.elf\n"
	  "# the same, zlib-compressed\n"
	  "sevkit memscan dump --qmp /run/vm.qmp --format kdump-zlib guest.kdump\n"
	  "# a guest that libvirt runs\n"
	  "sevkit memscan dump --connect qemu:///system --domain vm1 guest.elf\n" },
	{ "memscan", "detectors", cmd_memscan_detectors, NULL,
	  "List the built-in secret detectors", NULL,
	  "# what the detectors look for\n"
	  "sevkit memscan detectors\n"
	  "# the same in JSON\n"
	  "sevkit memscan detectors --json\n" },
	{ 0 },
};
