/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sev_domain_lint: the clean fixtures (tests/vectors/domain/lint/) trigger
 * nothing; each row below edits one of them so that exactly the named finding
 * appears, and a second row where it matters shows a near miss that must not.
 */
#include "vm-test.h"

#include <sevkit/domain.h>

static const char LS_SEV[] = "  <launchSecurity type='sev' kernelHashes='yes'>\n"
			     "    <cbitpos>51</cbitpos>\n"
			     "    <reducedPhysBits>1</reducedPhysBits>\n"
			     "    <policy>0x0003</policy>\n"
			     "  </launchSecurity>\n";

struct lint_case {
	const char *name;
	const char *fixture;      /* under tests/vectors/domain/lint/ */
	const char *find, *repl;  /* the edit; NULL for the fixture as is */
	const char *id;           /* finding expected, or NULL for none at all */
	enum sev_finding_level level;
	const char *absent;       /* a finding that must not appear */
};

#define SEV "clean-sev.xml"
#define SNP "clean-snp.xml"
#define E SEV_FINDING_ERROR
#define W SEV_FINDING_WARNING
#define I SEV_FINDING_INFO

static const struct lint_case cases[] = {
	{ "clean SEV domain", SEV, NULL, NULL, NULL, 0, NULL },
	{ "clean SEV-SNP domain", SNP, NULL, NULL, NULL, 0, NULL },
	{ "no launchSecurity", SEV, LS_SEV, "", "launch-security-missing", E, NULL },
	{ "s390 launch security", SEV, "type='sev' kernelHashes='yes'", "type='s390-pv'",
	  "launch-security-type", E, NULL },
	{ "no policy", SEV, "<policy>0x0003</policy>", "", "policy-missing", E, NULL },
	{ "policy not a number", SEV, "0x0003", "three", "policy-invalid", E, NULL },
	{ "SEV reserved policy bit", SEV, "0x0003", "0x0043", "policy-invalid", E, NULL },
	{ "SNP policy without bit 17", SNP, "0x30000", "0x10000", "policy-invalid", E, NULL },
	{ "SEV debugging allowed", SEV, "0x0003", "0x0002", "policy-debug", W, NULL },
	{ "SEV-ES debugging disallowed", SEV, "0x0003", "0x0007", NULL, 0, "policy-debug" },
	{ "SNP debug bit", SNP, "0x30000", "0xb0000", "policy-debug", W, NULL },
	{ "kernel hashes, no kernel", SEV, "<kernel>/var/lib/libvirt/boot/vmlinuz</kernel>", "",
	  "kernel-hashes-no-kernel", E, "kernel-not-measured" },
	{ "kernel without hashes", SEV, " kernelHashes='yes'", "", "kernel-not-measured", W,
	  "kernel-hashes-no-kernel" },
	{ "i440fx machine", SEV, "pc-q35-7.2", "pc-i440fx-7.2", "machine-not-q35", W, NULL },
	{ "BIOS firmware", SEV,
	  "<loader readonly='yes' type='pflash' stateless='yes'>/usr/share/OVMF/OVMF.amdsev.fd"
	  "</loader>", "", "firmware-not-uefi", E, NULL },
	{ "firmware autoselection", SEV,
	  "<os>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n    <loader "
	  "readonly='yes' type='pflash' stateless='yes'>/usr/share/OVMF/OVMF.amdsev.fd</loader>",
	  "<os firmware='efi'>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>", NULL, 0,
	  NULL },
	{ "variable store", SEV, "<kernel>", "<nvram template='/usr/share/OVMF/OVMF_VARS.fd'/>"
	  "<kernel>", "firmware-nvram", I, NULL },
	{ "SMM with plain SEV", SEV, "<smm state='off'/>", "<smm state='on'/>", NULL, 0,
	  "smm-with-es" },
	{ "SMM with SEV-SNP", SNP, "<acpi/>", "<acpi/><smm state='on'/>", "smm-with-es", E, NULL },
	{ "memory not locked", SEV, "<locked/>", "<nosharepages/>", "memory-not-locked", E, NULL },
	{ "SNP without locked memory", SNP, NULL, NULL, NULL, 0, "memory-not-locked" },
	{ "hard limit too low", SEV, "4456448", "4456447", "memory-hard-limit", E, NULL },
	{ "hard limit just enough", SEV, "4456448", "4456448", NULL, 0, "memory-hard-limit" },
	{ "pci-root", SEV, "model='pcie-root'", "model='pci-root'", "pci-root", E, NULL },
	{ "fixed PCI address", SEV, "<rom enabled='no'/>", "<rom enabled='no'/><address "
	  "type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>", "pci-address", W,
	  NULL },
	{ "drive address", SEV, "<target dev='sda' bus='scsi'/>", "<target dev='sda' bus='scsi'/>"
	  "<address type='drive' controller='0' bus='0' target='0' unit='0'/>", NULL, 0,
	  "pci-address" },
	{ "SATA disk", SEV, "dev='sda' bus='scsi'", "dev='sda' bus='sata'", "disk-bus", W, NULL },
	{ "IDE CD-ROM", SEV, "dev='sdb' bus='scsi'", "dev='hdc' bus='ide'", "disk-bus", W, NULL },
	{ "virtio-scsi without iommu", SEV, "<driver iommu='on'/>\n    </controller>",
	  "</controller>", "virtio-iommu", E, NULL },
	{ "virtio-blk without iommu", SNP, " iommu='on'/>\n      <source", "/>\n      <source",
	  "virtio-iommu", E, NULL },
	{ "NIC without iommu", SNP, "<driver iommu='on'/>\n      <rom", "<rom", "virtio-iommu", E,
	  NULL },
	{ "balloon without iommu", SEV, "<memballoon model='virtio'>\n      <driver iommu='on'/>",
	  "<memballoon model='virtio'>", "virtio-iommu", E, NULL },
	{ "no balloon at all", SNP, NULL, NULL, NULL, 0, "virtio-iommu" },
	{ "rng without iommu", SEV, "</backend>\n      <driver iommu='on'/>", "</backend>",
	  "virtio-iommu", E, NULL },
	{ "virtio-serial without iommu", SEV, "<controller type='pci'",
	  "<controller type='virtio-serial' index='0'/><controller type='pci'", "virtio-iommu", E,
	  NULL },
	{ "e1000 NIC", SNP, "<model type='virtio'/>\n      <driver iommu='on'/>",
	  "<model type='e1000'/>", "nic-model", W, "virtio-iommu" },
	{ "NIC option ROM", SNP, "<rom enabled='no'/>", "<rom bar='off'/>", "nic-rom", W, NULL },
	{ "passthrough NIC", SNP, "<interface type='network'>\n      <source network='default'/>\n"
	  "      <model type='virtio'/>\n      <driver iommu='on'/>\n      <rom enabled='no'/>",
	  "<interface type='hostdev'>", NULL, 0, "nic-rom" },
	{ "serial port", SNP, "</devices>", "<serial type='pty'><target port='0'/></serial>"
	  "</devices>", "serial-console", W, NULL },
	{ "virtio console", SNP, "</devices>", "<console type='pty'><target type='virtio'/>"
	  "</console></devices>", "serial-console", W, NULL },
	{ "VNC display", SNP, "</devices>", "<graphics type='vnc' autoport='yes'/></devices>",
	  "graphics", W, NULL },
	{ "guest agent", SNP, "</devices>", "<channel type='unix'><target type='virtio' "
	  "name='org.qemu.guest_agent.0'/></channel></devices>", "guest-agent", W, NULL },
	{ "other virtio channel", SNP, "</devices>", "<channel type='unix'><target type='virtio' "
	  "name='org.example.monitor.0'/></channel></devices>", NULL, 0, "guest-agent" },
	{ "unencrypted disk", SNP, "<encryption format='luks'>\n          <secret "
	  "type='passphrase' uuid='7c1d4a09-0e7b-4b8e-9a9c-3b5f2d1e6a48'/>\n        "
	  "</encryption>", "", "disk-unencrypted", W, NULL },
	{ "unencrypted CD-ROM", SEV, NULL, NULL, NULL, 0, "disk-unencrypted" },
	{ "seed by name, unreadable", SEV, "@VECTORS@/domain/seed/other.iso",
	  "/nonexistent/cidata.iso", "cloud-init-seed", W, "cloud-init-password" },
	{ "kcli seed name", SEV, "@VECTORS@/domain/seed/other.iso", "/var/lib/sev-guest.ISO",
	  "cloud-init-seed", W, NULL },
	{ "ISO labelled cidata with a password", SEV, "seed/other.iso", "seed/config-plain.iso",
	  "cloud-init-password", E, "cloud-init-hashed-password" },
	{ "ISO labelled cidata with keys only", SEV, "seed/other.iso", "seed/config-keys.iso",
	  "cloud-init-seed", W, "cloud-init-password" },
	{ "ISO not labelled cidata", SEV, NULL, NULL, NULL, 0, "cloud-init-seed" },
	{ "seed with a password hash", SEV, "seed/other.iso", "seed/user-data-hashed",
	  "cloud-init-hashed-password", W, "cloud-init-password" },
	{ "fw_cfg user-data file", SEV, "<vcpu", "<sysinfo type='fwcfg'><entry name='opt/u' "
	  "file='@VECTORS@/domain/seed/user-data-password'/></sysinfo><vcpu",
	  "cloud-init-password", E, NULL },
	{ "fw_cfg inline user-data", SEV, "<vcpu", "<sysinfo type='fwcfg'><entry name='opt/u'>"
	  "#cloud-config\npassword: hunter2\n</entry></sysinfo><vcpu", "cloud-init-password", E,
	  NULL },
	{ "fw_cfg inline, no password", SEV, "<vcpu", "<sysinfo type='fwcfg'><entry name='opt/u'>"
	  "#cloud-config\nhostname: a\n</entry></sysinfo><vcpu", NULL, 0, "cloud-init-password" },
	{ "SMBIOS nocloud", SEV, "<vcpu", "<sysinfo type='smbios'><system><entry name='serial'>"
	  "ds=nocloud;s=http://10.0.0.1/seed/</entry></system></sysinfo><vcpu",
	  "cloud-init-smbios", W, NULL },
	{ "SMBIOS serial number", SEV, "<vcpu", "<sysinfo type='smbios'><system><entry "
	  "name='serial'>SN-0042</entry></system></sysinfo><vcpu", NULL, 0, "cloud-init-smbios" },
};

static const struct sev_finding *find(const struct sev_findings *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].id, id))
			return &f->v[i];
	return NULL;
}

static void run_case(const struct lint_case *c)
{
	struct sev_lint_options opt = { .size = sizeof(opt), .read_files = true };
	struct sev_findings f = SEV_INIT(struct sev_findings);
	char rel[256], *xml;

	snprintf(rel, sizeof(rel), "domain/lint/%s", c->fixture);
	xml = fixture(rel);
	if (c->find) {
		char *find = strdup(c->find), *repl = strdup(c->repl);

		/* edits may name the vectors directory too */
		if (strstr(find, "@VECTORS@"))
			edit(&find, "@VECTORS@", VECTORS);
		if (strstr(repl, "@VECTORS@"))
			edit(&repl, "@VECTORS@", VECTORS);
		edit(&xml, find, repl);
		free(find);
		free(repl);
	}
	assert_int_equal(sev_domain_lint(xml, strlen(xml), &opt, &f), 0);
	for (size_t i = 0; i < f.n; i++) {
		assert_non_null(f.v[i].message);
		assert_true(f.v[i].fix[0] != 0);
		/* a finding never quotes the secret it found */
		assert_null(strstr(f.v[i].message, "Sup3r"));
		assert_null(strstr(f.v[i].message, "hunter2"));
	}
	if (c->id) {
		const struct sev_finding *x = find(&f, c->id);

		if (!x)
			fail_msg("%s: no %s finding", c->name, c->id);
		assert_int_equal(x->level, c->level);
	} else if (!c->absent && f.n) {
		fail_msg("%s: unexpected %s finding", c->name, f.v[0].id);
	}
	if (c->absent && find(&f, c->absent))
		fail_msg("%s: unexpected %s finding", c->name, c->absent);
	sev_findings_free(&f);
	free(xml);
}

static void table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

/* Without reading files, a cidata-labelled ISO is not recognised, and nothing is scanned. */
static void no_file_reading(void **state)
{
	struct sev_lint_options opt = { .size = sizeof(opt), .read_files = false };
	struct sev_findings f = SEV_INIT(struct sev_findings);
	char *xml = fixture("domain/lint/clean-sev.xml");

	(void)state;
	edit(&xml, "seed/other.iso", "seed/config-plain.iso");
	assert_int_equal(sev_domain_lint(xml, strlen(xml), &opt, &f), 0);
	assert_null(find(&f, "cloud-init-password"));
	assert_int_equal(f.n, 0);
	sev_findings_free(&f);
	free(xml);
}

/* The kcli domain as made: every problem the seeds list, with the right levels. */
static void kcli_domain(void **state)
{
	static const char *const expected[] = {
		"launch-security-missing", "machine-not-q35", "firmware-not-uefi",
		"memory-not-locked", "disk-bus", "disk-unencrypted", "cloud-init-seed", "pci-root",
		"virtio-iommu", "nic-model", "nic-rom", "serial-console", "guest-agent", "graphics",
		"pci-address",
	};
	struct sev_lint_options opt = { .size = sizeof(opt), .read_files = true };
	struct sev_findings f = SEV_INIT(struct sev_findings);
	char *xml = fixture("domain/fedora-kcli.xml");

	(void)state;
	assert_int_equal(sev_domain_lint(xml, strlen(xml), &opt, &f), 0);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!find(&f, expected[i]))
			fail_msg("kcli domain: no %s finding", expected[i]);
	sev_findings_free(&f);
	free(xml);
}

static void malformed(void **state)
{
	struct sev_findings f = SEV_INIT(struct sev_findings);

	(void)state;
	assert_int_equal(sev_domain_lint("<domain>", 8, NULL, &f), SEV_E_FORMAT);
	assert_int_equal(f.n, 0);
	assert_int_equal(sev_domain_lint("<pool/>", 7, NULL, &f), SEV_E_FORMAT);
	assert_string_equal(sev_finding_level_name(SEV_FINDING_ERROR), "error");
	assert_string_equal(sev_finding_level_name(SEV_FINDING_WARNING), "warning");
	assert_string_equal(sev_finding_level_name(SEV_FINDING_INFO), "info");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(no_file_reading),
		cmocka_unit_test(kcli_domain),
		cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
