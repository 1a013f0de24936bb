/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Review a libvirt domain for a SEV launch: what stops it (errors), what
 * leaves guest data readable by the host (warnings), and what is worth
 * knowing (infos). Each finding has a stable id; docs list them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/domain.h>
#include <sevkit/policy.h>

#include "util/file.h"
#include "util/log.h"
#include "util/number.h"
#include "util/struct.h"
#include "vm/cloud-init.h"
#include "vm/xml.h"

#define EXTRA_LOCKED_KIB (256u * 1024u)

struct lint {
	xmlNodePtr root, os, devices, ls;
	const struct sev_lint_options *opt;
	struct sev_findings *out;
	bool snp;            /* launchSecurity type='sev-snp' */
	bool es;             /* SEV-ES or SEV-SNP: encrypted register state */
	int rc;
};

static void add(struct lint *l, const char *id, enum sev_finding_level level, const char *fix,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct lint *l, const char *id, enum sev_finding_level level, const char *fix,
		const char *fmt, ...)
{
	struct sev_finding *v;
	char msg[512];
	va_list ap;

	if (l->rc)
		return;
	v = realloc(l->out->v, (l->out->n + 1) * sizeof(*v));
	if (!v) {
		l->rc = -ENOMEM;
		return;
	}
	l->out->v = v;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v += l->out->n;
	v->id = id;
	v->level = level;
	v->message = strdup(msg);
	v->fix = strdup(fix);
	if (!v->message || !v->fix) {
		free(v->message);
		free(v->fix);
		l->rc = -ENOMEM;
		return;
	}
	l->out->n++;
}

const char *sev_finding_level_name(enum sev_finding_level level)
{
	switch (level) {
	case SEV_FINDING_INFO: return "info";
	case SEV_FINDING_WARNING: return "warning";
	case SEV_FINDING_ERROR: return "error";
	}
	return "unknown";
}

static void findings_free(struct sev_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].message);
		free(f->v[i].fix);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

void sev_findings_free(struct sev_findings *f)
{
	struct sev_findings mine = SEV_INIT(struct sev_findings);

	if (!f || sk_struct_in(&mine, sizeof(mine), f, "sev_findings"))
		return;
	findings_free(&mine);
	sk_struct_out(f, &mine, sizeof(mine));
}

static void lint_policy(struct lint *l)
{
	xmlNodePtr p = sk_xml_child(l->ls, "policy");
	char text[32];
	uint64_t policy;
	enum sev_mode mode;

	if (!p) {
		add(l, "policy-missing", SEV_FINDING_ERROR,
		    "add <policy>, e.g. 0x0003 (SEV), 0x0007 (SEV-ES) or 0x30000 (SEV-SNP)",
		    "<launchSecurity> has no <policy>");
		return;
	}
	sk_xml_text(p, text, sizeof(text));
	if (sk_parse_uint(text, UINT64_MAX, &policy)) {
		add(l, "policy-invalid", SEV_FINDING_ERROR, "write the policy as 0x-hexadecimal",
		    "<policy>%s</policy> is not a number", text);
		return;
	}
	mode = l->snp ? SEV_MODE_SEV_SNP : (policy & SEV_POLICY_ES) ? SEV_MODE_SEV_ES : SEV_MODE_SEV;
	l->es = mode != SEV_MODE_SEV;
	if (sev_mode_check_policy(mode, policy)) {
		add(l, "policy-invalid", SEV_FINDING_ERROR,
		    l->snp ? "set bit 17 and clear bits 63:26 (e.g. 0x30000)"
			   : "clear bits 6-15 and keep the policy within 32 bits",
		    "<policy>%s</policy> is out of specification: the firmware refuses the launch",
		    text);
		return;
	}
	if (l->snp ? (policy & SEV_SNP_POLICY_DEBUG) != 0 : (policy & SEV_POLICY_NODBG) == 0)
		add(l, "policy-debug", SEV_FINDING_WARNING,
		    l->snp ? "clear bit 19 (DEBUG)" : "set bit 0 (NODBG)",
		    "<policy>%s</policy> allows debugging: the host can decrypt guest memory "
		    "with the firmware's debug commands", text);
}

static void lint_launch_security(struct lint *l)
{
	char *type;
	bool hashes;

	l->ls = sk_xml_child(l->root, "launchSecurity");
	if (!l->ls) {
		add(l, "launch-security-missing", SEV_FINDING_ERROR,
		    "add <launchSecurity type='sev'> (or run sevkit domain convert)",
		    "no <launchSecurity>: the guest would start without memory encryption");
		return;
	}
	type = sk_xml_attr(l->ls, "type");
	if (!type || (strcmp(type, "sev") != 0 && strcmp(type, "sev-snp") != 0)) {
		add(l, "launch-security-type", SEV_FINDING_ERROR,
		    "use type='sev' (SEV, SEV-ES) or type='sev-snp'",
		    "<launchSecurity type='%s'> is not an AMD SEV type", type ? type : "");
		sk_xml_attr_free(type);
		l->ls = NULL;
		return;
	}
	l->snp = strcmp(type, "sev-snp") == 0;
	sk_xml_attr_free(type);
	lint_policy(l);
	hashes = sk_xml_attr_is(l->ls, "kernelHashes", "yes");
	if (hashes && !sk_xml_child(l->os, "kernel"))
		add(l, "kernel-hashes-no-kernel", SEV_FINDING_ERROR,
		    "add <kernel>/<initrd>/<cmdline> to <os>, or drop kernelHashes",
		    "kernelHashes='yes' without direct kernel boot: there is nothing to hash");
	if (!hashes && sk_xml_child(l->os, "kernel"))
		add(l, "kernel-not-measured", SEV_FINDING_WARNING,
		    "set <launchSecurity kernelHashes='yes'> (with an OVMF built with a hash table)",
		    "direct kernel boot without kernelHashes: the kernel, initrd and command line "
		    "are not part of the launch measurement");
}

static void lint_machine(struct lint *l)
{
	xmlNodePtr type = sk_xml_child(l->os, "type");
	char *machine = sk_xml_attr(type, "machine");
	char path[4096];

	if (!machine || !strstr(machine, "q35"))
		add(l, "machine-not-q35", SEV_FINDING_WARNING,
		    "use <type machine='q35'> with a PCIe root (sevkit domain convert does it)",
		    "machine '%s' is not q35: libvirt's SEV guide discourages i440fx",
		    machine ? machine : "default");
	sk_xml_attr_free(machine);
	sk_xml_text(sk_xml_child(l->os, "loader"), path, sizeof(path));
	if (!path[0] && !sk_xml_attr_is(l->os, "firmware", "efi"))
		add(l, "firmware-not-uefi", SEV_FINDING_ERROR,
		    "add <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>",
		    "no UEFI firmware: SEV guests boot only with OVMF, not SeaBIOS");
	if (sk_xml_child(l->os, "nvram"))
		add(l, "firmware-nvram", SEV_FINDING_INFO,
		    "use a stateless firmware image (OVMF.amdsev.fd) when the variables matter",
		    "<nvram>: the UEFI variable store is supplied by the host and not measured");
	if (l->es && sk_xml_attr_is(sk_xml_child(sk_xml_child(l->root, "features"), "smm"),
				    "state", "on"))
		add(l, "smm-with-es", SEV_FINDING_ERROR, "set <features><smm state='off'/>",
		    "SMM is on: SEV-ES and SEV-SNP guests cannot use it");
}

static void lint_memory(struct lint *l)
{
	xmlNodePtr mb = sk_xml_child(l->root, "memoryBacking");
	xmlNodePtr hard = sk_xml_child(sk_xml_child(l->root, "memtune"), "hard_limit");
	uint64_t mem, limit;

	if (!l->snp && !sk_xml_child(mb, "locked"))
		add(l, "memory-not-locked", SEV_FINDING_ERROR,
		    "add <memoryBacking><locked/></memoryBacking>",
		    "guest memory is not locked: SEV pins every guest page, and with libvirt's "
		    "default limits KVM refuses (\"locked pages exceed the lock limit\")");
	if (hard && sk_xml_size_kib(sk_xml_child(l->root, "memory"), &mem) &&
	    sk_xml_size_kib(hard, &limit) && mem <= UINT64_MAX - EXTRA_LOCKED_KIB &&
	    limit < mem + EXTRA_LOCKED_KIB)
		add(l, "memory-hard-limit", SEV_FINDING_ERROR,
		    "raise <memtune><hard_limit> to at least memory + 256 MiB, or remove it",
		    "<memtune><hard_limit> is %" PRIu64 " KiB for %" PRIu64 " KiB of memory: "
		    "QEMU cannot lock guest RAM plus firmware, ROMs and video within it", limit, mem);
}

static bool has_iommu(const xmlNode *dev)
{
	return sk_xml_attr_is(sk_xml_child(dev, "driver"), "iommu", "on");
}

static void need_iommu(struct lint *l, const xmlNode *dev, const char *what)
{
	if (!has_iommu(dev))
		add(l, "virtio-iommu", SEV_FINDING_ERROR, "add <driver iommu='on'/> to the device",
		    "%s has no iommu='on': its DMA cannot reach encrypted guest memory", what);
}

static bool virtio_model(const char *m)
{
	return m && strncmp(m, "virtio", 6) == 0;
}

static void lint_controller(struct lint *l, xmlNodePtr k)
{
	char *type = sk_xml_attr(k, "type"), *model = sk_xml_attr(k, "model");

	if (type && !strcmp(type, "pci") && model && !strcmp(model, "pci-root"))
		add(l, "pci-root", SEV_FINDING_ERROR,
		    "replace it with <controller type='pci' index='0' model='pcie-root'/> on q35",
		    "<controller type='pci' model='pci-root'>: an i440fx layout");
	if (type && (!strcmp(type, "virtio-serial") || (!strcmp(type, "scsi") &&
							  virtio_model(model))))
		need_iommu(l, k, !strcmp(type, "scsi") ? "<controller type='scsi'>"
						       : "<controller type='virtio-serial'>");
	sk_xml_attr_free(type);
	sk_xml_attr_free(model);
}

static void lint_disk(struct lint *l, xmlNodePtr d)
{
	xmlNodePtr target = sk_xml_child(d, "target");
	char *bus = sk_xml_attr(target, "bus"), *dev = sk_xml_attr(target, "dev");
	const char *name = dev ? dev : "?";

	if (bus && (!strcmp(bus, "sata") || !strcmp(bus, "ide")))
		add(l, "disk-bus", SEV_FINDING_WARNING,
		    "move it to bus='scsi' on a virtio-scsi controller with iommu='on'",
		    "<disk> %s is on the %s bus: an emulated controller", name, bus);
	if (bus && !strcmp(bus, "virtio"))
		need_iommu(l, d, "<disk bus='virtio'>");
	if (sk_xml_attr_is(d, "device", "disk") && !sk_xml_child(d, "encryption") &&
	    !sk_xml_child(sk_xml_child(d, "source"), "encryption"))
		add(l, "disk-unencrypted", SEV_FINDING_WARNING,
		    "encrypt the data inside the guest (LUKS, key released after attestation); "
		    "libvirt's <encryption> protects it at rest only",
		    "<disk> %s is not encrypted: the host reads and writes it in the clear", name);
	sk_xml_attr_free(bus);
	sk_xml_attr_free(dev);
}

static void lint_interface(struct lint *l, xmlNodePtr nic)
{
	char *model = sk_xml_attr(sk_xml_child(nic, "model"), "type");
	xmlNodePtr rom = sk_xml_child(nic, "rom");

	if (sk_xml_attr_is(nic, "type", "hostdev")) {
		sk_xml_attr_free(model);
		return;
	}
	if (!virtio_model(model))
		add(l, "nic-model", SEV_FINDING_WARNING, "use <model type='virtio'/>",
		    "<interface> model '%s' is an emulated NIC", model ? model : "default");
	else
		need_iommu(l, nic, "<interface>");
	if (!sk_xml_attr_is(rom, "enabled", "no"))
		add(l, "nic-rom", SEV_FINDING_WARNING, "add <rom enabled='no'/> to the interface",
		    "<interface> loads an option ROM: unmeasured code run by the firmware");
	sk_xml_attr_free(model);
}

static void lint_other_virtio(struct lint *l, xmlNodePtr k)
{
	char *model = NULL;

	if (sk_xml_is(k, "memballoon") || sk_xml_is(k, "rng")) {
		model = sk_xml_attr(k, "model");
		if (virtio_model(model))
			need_iommu(l, k, sk_xml_is(k, "rng") ? "<rng>" : "<memballoon>");
	} else if (sk_xml_is(k, "input") && sk_xml_attr_is(k, "bus", "virtio")) {
		need_iommu(l, k, "<input bus='virtio'>");
	} else if (sk_xml_is(k, "video")) {
		model = sk_xml_attr(sk_xml_child(k, "model"), "type");
		if (model && !strcmp(model, "virtio"))
			need_iommu(l, k, "<video model='virtio'>");
	} else if (sk_xml_is(k, "vsock") || sk_xml_is(k, "filesystem")) {
		need_iommu(l, k, sk_xml_is(k, "vsock") ? "<vsock>" : "<filesystem>");
	}
	sk_xml_attr_free(model);
}

/* Host-visible channels: serial lines, consoles, the display, the guest agent. */
static void lint_host_views(struct lint *l, xmlNodePtr k)
{
	if (sk_xml_is(k, "serial") || sk_xml_is(k, "console")) {
		char *type = sk_xml_attr(k, "type");

		add(l, "serial-console", SEV_FINDING_WARNING,
		    "remove it, or make sure nothing secret is ever printed on it",
		    "<%s type='%s'>: the host reads everything the guest writes to it "
		    "(boot messages, logins, cloud-init output)", (const char *)k->name,
		    type ? type : "pty");
		sk_xml_attr_free(type);
	} else if (sk_xml_is(k, "graphics")) {
		char *type = sk_xml_attr(k, "type");

		add(l, "graphics", SEV_FINDING_WARNING, "remove <graphics> (and the video device)",
		    "<graphics type='%s'>: the host sees the screen and sends keystrokes",
		    type ? type : "");
		sk_xml_attr_free(type);
	} else if (sk_xml_is(k, "channel") &&
		   sk_xml_attr_is(sk_xml_child(k, "target"), "name", "org.qemu.guest_agent.0")) {
		add(l, "guest-agent", SEV_FINDING_WARNING,
		    "remove the channel, or block guest-exec and file commands in the agent",
		    "the QEMU guest agent channel lets the host run commands and read files "
		    "in the guest");
	}
}

/* Read a seed the domain names, quietly: on another host it is often absent. */
static bool read_seed(struct lint *l, const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;

	if (!l->opt || !l->opt->read_files || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)SK_SEED_MAX || access(path, R_OK) != 0)
		return false;
	return sk_file_read(path, SK_SEED_MAX, buf, len) == 0;
}

static void scan_seed(struct lint *l, const char *path, const char *why)
{
	struct sk_seed_scan s;
	uint8_t *buf = NULL;
	size_t len = 0;

	if (!read_seed(l, path, &buf, &len)) {
		add(l, "cloud-init-seed", SEV_FINDING_WARNING,
		    "keep secrets out of the seed; deliver them after attestation",
		    "%s %s is a cloud-init seed (not read): the host supplies it, can read and "
		    "change it, and it is not measured", why, path);
		return;
	}
	sk_seed_scan(buf, len, &s);
	free(buf);
	add(l, "cloud-init-seed", SEV_FINDING_WARNING,
	    "keep secrets out of the seed; deliver them after attestation",
	    "%s %s is a cloud-init seed: the host supplies it, can read and change it, and it "
	    "is not measured", why, path);
	if (s.plain)
		add(l, "cloud-init-password", SEV_FINDING_ERROR,
		    "remove the password; use SSH keys, or a secret injected after attestation",
		    "%s holds a plain-text password (%s): anyone on the host can log in", path,
		    s.plain_key);
	else if (s.hashed)
		add(l, "cloud-init-hashed-password", SEV_FINDING_WARNING,
		    "use SSH keys instead of a password hash",
		    "%s holds a password hash: the host can copy it and crack it offline", path);
}

static bool file_is_cidata(struct lint *l, const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	bool yes;

	if (!read_seed(l, path, &buf, &len))
		return false;
	yes = sk_iso_is_cidata(buf, len);
	free(buf);
	return yes;
}

static void lint_seed_disk(struct lint *l, xmlNodePtr d, const char *name)
{
	char *file = sk_xml_attr(sk_xml_child(d, "source"), "file");

	if (file && (sk_seed_name(file, name) || file_is_cidata(l, file)))
		scan_seed(l, file, "<disk>");
	sk_xml_attr_free(file);
}

/* SMBIOS "ds=nocloud" and fw_cfg entries: seeds the domain points at. */
static void lint_sysinfo(struct lint *l)
{
	for (xmlNodePtr si = sk_xml_child(l->root, "sysinfo"); si; si = sk_xml_next(si, "sysinfo")) {
		xmlNodePtr sys = sk_xml_child(si, "system");
		char text[512];

		for (xmlNodePtr e = sk_xml_child(sys, "entry"); e; e = sk_xml_next(e, "entry")) {
			sk_xml_text(e, text, sizeof(text));
			if (strstr(text, "ds=nocloud"))
				add(l, "cloud-init-smbios", SEV_FINDING_WARNING,
				    "deliver configuration after attestation instead",
				    "SMBIOS entry '%s' points cloud-init at a data source the host "
				    "serves: it can read and change it", text);
		}
		if (!sk_xml_attr_is(si, "type", "fwcfg"))
			continue;
		for (xmlNodePtr e = sk_xml_child(si, "entry"); e; e = sk_xml_next(e, "entry")) {
			char *file = sk_xml_attr(e, "file");

			if (file) {
				scan_seed(l, file, "fw_cfg file");
			} else {
				struct sk_seed_scan s;

				sk_xml_text(e, text, sizeof(text));
				sk_seed_scan((const uint8_t *)text, strlen(text), &s);
				if (s.plain)
					add(l, "cloud-init-password", SEV_FINDING_ERROR,
					    "remove the password from the fw_cfg entry",
					    "an fw_cfg entry holds a plain-text password (%s)",
					    s.plain_key);
			}
			sk_xml_attr_free(file);
		}
	}
}

static void lint_devices(struct lint *l)
{
	char name[256];
	bool fixed_pci = false;

	sk_xml_text(sk_xml_child(l->root, "name"), name, sizeof(name));
	for (xmlNodePtr k = l->devices ? l->devices->children : NULL; k; k = k->next) {
		xmlNodePtr a = sk_xml_child(k, "address");

		if (sk_xml_attr_is(a, "type", "pci"))
			fixed_pci = true;
		if (sk_xml_is(k, "controller"))
			lint_controller(l, k);
		else if (sk_xml_is(k, "disk")) {
			lint_disk(l, k);
			lint_seed_disk(l, k, name);
		} else if (sk_xml_is(k, "interface"))
			lint_interface(l, k);
		else
			lint_other_virtio(l, k);
		lint_host_views(l, k);
	}
	if (fixed_pci)
		add(l, "pci-address", SEV_FINDING_WARNING,
		    "remove the <address type='pci'> elements and let libvirt assign slots",
		    "devices have fixed PCI addresses, which do not carry over between machine types");
	lint_sysinfo(l);
}

static int lint(const char *xml, size_t len, const struct sev_lint_options *opt,
		struct sev_findings *out)
{
	struct lint l = { .opt = opt, .out = out };
	xmlDocPtr doc;
	int rc;

	if ((rc = sk_xml_parse_domain(xml, len, &doc)))
		return rc;
	l.root = xmlDocGetRootElement(doc);
	l.os = sk_xml_child(l.root, "os");
	l.devices = sk_xml_child(l.root, "devices");
	lint_launch_security(&l);
	lint_machine(&l);
	lint_memory(&l);
	lint_devices(&l);
	xmlFreeDoc(doc);
	if (l.rc)
		findings_free(out);
	return l.rc;
}

int sev_domain_lint(const char *xml, size_t len, const struct sev_lint_options *opt,
		    struct sev_findings *out)
{
	struct sev_lint_options o = SEV_INIT(struct sev_lint_options);
	struct sev_findings mine = SEV_INIT(struct sev_findings);
	int rc;

	if ((rc = sk_struct_check_out(out, sizeof(mine), "sev_findings")) ||
	    (opt && (rc = sk_struct_in(&o, sizeof(o), opt, "sev_lint_options"))))
		return rc;
	rc = lint(xml, len, &o, &mine);
	sk_struct_out(out, &mine, sizeof(mine));
	return rc;
}
