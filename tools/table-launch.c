/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the launch commands: a SEV guest's measurement, secret and attestation. */
#include "commands.h"

const struct command launch_commands[] = {
	{ "launch", "validate", cmd_launch_validate, "--measurement B64 --firmware FILE ...",
	  "Check an SEV/SEV-ES launch measurement (virt-qemu-sev-validate offline)",
	  "Computes the launch digest from the firmware, kernel hashes and (policy bit 2)\n"
	  "the VMSAs, then MEASURE = HMAC-SHA256(TIK, 04 || api || build || policy ||\n"
	  "digest || nonce), and compares it in constant time with the reported one.\n"
	  "Exit 0 when it matches, 1 when not. Numbers are decimal or 0x-hex. Keys and\n"
	  "blobs are raw files, files of base64 text, or base64 on the command line.\n"
	  "With --inject-secret, a matching launch also writes the LAUNCH_SECRET packet\n"
	  "(base64 files by default, as libvirt). Built VMSAs default to legacy FPU state,\n"
	  "what virt-qemu-sev-validate 9.0 computes.\n"
	  "With --connect/--domain the state comes from libvirt (its launch security\n"
	  "info) and, as virt-qemu-sev-validate's libvirt mode, sevkit refuses: running on\n"
	  "the hypervisor host itself, a domain not paused, without dhCert and session,\n"
	  "with NVRAM or an unmeasured direct kernel boot, and taking file names from the\n"
	  "domain's XML, unless --insecure (exit 4 for each, in one line).",
	  "# what 'virsh domlaunchsecinfo' prints, and the firmware QEMU started with\n"
	  "sevkit launch validate --tik vm_tik.bin --measurement MEASURE_B64 --policy 0x3 \\\n"
	  "    --api-major 1 --api-minor 55 --build-id 21 --firmware OVMF.amdsev.fd\n"
	  "# sevctl's test launch, its launch digest given (firmware API 1.40 build 40)\n"
	  "sevkit launch validate \\\n"
	  "    --tik tests/vectors/sev/sevctl_tests_data_measurement_tik1.bin \\\n"
	  "    --measurement lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA \\\n"
	  "    --api-major 1 --api-minor 40 --build-id 40 --policy 3 \\\n"
	  "    --launch-digest xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM=\n"
	  "# a domain that 'virsh start --paused' left paused on a remote host\n"
	  "sevkit launch validate --connect qemu+ssh://host/system --domain vm1 \\\n"
	  "    --tik vm_tik.bin --firmware OVMF.amdsev.fd\n" },
	{ "launch", "secret", cmd_launch_secret, "--inject-secret NAME:FILE ... [HEADER PAYLOAD]",
	  "Build a LAUNCH_SECRET packet: header and encrypted secret table",
	  "The payload is OVMF's secret GUID table, padded with 0 to 15 bytes to a\n"
	  "multiple of 16 (as sevctl; libvirt's tool always adds 1 to 16), encrypted\n"
	  "with AES-128-CTR under the TEK; the 52-byte header carries flags, IV and the\n"
	  "HMAC-SHA256 over the packet and the measurement. Files are raw by default (as\n"
	  "sevctl) or base64 (--format base64, as libvirt). A fresh random IV is drawn\n"
	  "unless --iv is given, which exists for reproducible tests only.",
	  "# a disk key for the guest, with the TEK and TIK of 'sevkit session'\n"
	  "sevkit launch secret --tek vm_tek.bin --tik vm_tik.bin --measurement MEASURE_B64 \\\n"
	  "    --inject-secret luks-key:disk.key header.bin payload.bin\n"
	  "# sevctl's test packet, in base64 files as libvirt takes them\n"
	  "sevkit launch secret --tek tests/vectors/sev/sevctl_tests_data_secret_tek1.bin \\\n"
	  "    --tik tests/vectors/sev/sevctl_tests_data_secret_tik1.bin \\\n"
	  "    --measurement TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS \\\n"
	  "    -s luks-key:tests/vectors/sev/sevctl_tests_data_secret_secret1.txt \\\n"
	  "    --format base64 header.b64 payload.b64\n" },
	{ "launch", "attest", cmd_launch_attest, "--qmp SOCKET --firmware FILE ... | --domain NAME ...",
	  "Attest a paused QEMU over QMP or libvirt, inject secrets, then let it run",
	  "Runs query-status, query-sev-launch-measure and query-sev, validates the\n"
	  "measurement as 'launch validate' does, then sends sev-inject-launch-secret for\n"
	  "the --inject-secret files and 'cont'. A VM whose measurement does not match\n"
	  "is never resumed (exit 1). QEMU's own error text is shown when it refuses.\n"
	  "With --domain, the same through libvirt: virDomainGetLaunchSecurityInfo, the\n"
	  "checks of 'launch validate --domain', virDomainSetLaunchSecurityState and\n"
	  "virDomainResume.",
	  "# QEMU started with -S and -qmp unix:/run/vm.qmp,server,wait=off\n"
	  "sevkit launch attest --qmp /run/vm.qmp --firmware /usr/share/ovmf/OVMF.amdsev.fd \\\n"
	  "    --tek vm_tek.bin --tik vm_tik.bin --inject-secret luks-key:disk.key\n"
	  "# the same guest run by libvirt (virsh start --paused vm1), from another host\n"
	  "sevkit launch attest --connect qemu+ssh://host/system --domain vm1 \\\n"
	  "    --firmware OVMF.amdsev.fd --tek vm_tek.bin --tik vm_tik.bin -s luks-key:disk.key\n" },
	{ 0 },
};
