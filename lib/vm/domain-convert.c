/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Turn an ordinary libvirt domain into a SEV / SEV-ES / SEV-SNP one, following
 * libvirt's "Launch security with AMD SEV" guide and the launchSecurity element
 * of the domain format: q35 with a PCIe root and no fixed PCI addresses,
 * virtio-scsi instead of SATA/IDE, OVMF, locked memory, iommu='on' on every
 * virtio device, no NIC option ROM, and a <launchSecurity> element.
 *
 * New elements are appended to their parent, except: <loader> and <nvram> go
 * after <os><type>, <memoryBacking> after the memory elements, a new PCIe root
 * before the first controller and a new virtio-scsi controller after the last.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>
#include <sevkit/policy.h>

#include "util/log.h"
#include "util/number.h"
#include "util/struct.h"
#include "vm/xml.h"

/* Memory QEMU needs beyond guest RAM (firmware, ROMs, video): libvirt's guide. */
#define EXTRA_LOCKED_KIB (256u * 1024u)

struct conv {
	xmlDocPtr doc;
	xmlNodePtr root, os, devices;
	const struct sev_domain_options *opt;
	sev_domain_change_fn report;
	void *ctx;
};

static void changed(struct conv *c, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void changed(struct conv *c, const char *why, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->report)
		c->report(what, why, c->ctx);
}

static xmlNodePtr new_element(struct conv *c, const char *name)
{
	return xmlNewDocNode(c->doc, NULL, (const xmlChar *)name, NULL);
}

/* Insert n after the last child of parent named in after[], else append it. */
static void insert_after_last(xmlNodePtr parent, xmlNodePtr n, const char *const *after)
{
	xmlNodePtr last = NULL;

	for (xmlNodePtr k = parent->children; k; k = k->next)
		for (size_t i = 0; after[i]; i++)
			if (sk_xml_is(k, after[i]))
				last = k;
	if (last)
		xmlAddNextSibling(last, n);
	else
		xmlAddChild(parent, n);
}

/* The <driver> of a virtio device, with iommu='on' so that DMA goes through bounce buffers. */
static void set_iommu(struct conv *c, xmlNodePtr dev, const char *label)
{
	bool created;
	xmlNodePtr drv = sk_xml_child_ensure(dev, "driver", &created);

	if (sk_xml_set_attr(drv, "iommu", "on"))
		changed(c, "a SEV guest's memory is encrypted: virtio devices must use the "
			   "IOMMU platform path (bounce buffers) to reach it",
			"%s: <driver iommu='on'/>", label);
}

static int check_os(struct conv *c)
{
	xmlNodePtr type = sk_xml_child(c->os, "type");
	char *arch, *machine;
	int rc = 0;

	if (!type)
		return sk_fail(SEV_E_FORMAT, "domain XML: <os> has no <type>");
	arch = sk_xml_attr(type, "arch");
	if (arch && strcmp(arch, "x86_64") != 0)
		rc = sk_fail(SEV_E_INVALID, "domain XML: <os><type arch='%s'>: SEV needs x86_64",
			     arch);
	sk_xml_attr_free(arch);
	if (rc)
		return rc;
	machine = sk_xml_attr(type, "machine");
	if (!machine || !strstr(machine, "q35")) {
		sk_xml_set_attr(type, "machine", "q35");
		changed(c, "SEV guests need a PCIe machine; libvirt's guide discourages i440fx, "
			   "and SEV-ES/SNP firmware is built for q35",
			"<os><type machine='q35'> (was '%s')", machine ? machine : "default");
	}
	sk_xml_attr_free(machine);
	return 0;
}

static void remove_pci_addresses(struct conv *c, xmlNodePtr n)
{
	xmlNodePtr next;

	for (xmlNodePtr k = n->children; k; k = next) {
		next = k->next;
		if (sk_xml_is(k, "address") && sk_xml_attr_is(k, "type", "pci")) {
			changed(c, "slots of the old machine do not exist on q35's PCIe root; "
				   "libvirt assigns new ones",
				"<%s>: removed fixed PCI address", (const char *)n->name);
			sk_xml_remove(k);
		} else if (k->type == XML_ELEMENT_NODE) {
			remove_pci_addresses(c, k);
		}
	}
}

static void convert_pci_controllers(struct conv *c)
{
	xmlNodePtr next, first_ctrl, root;
	bool have_root = false;

	for (xmlNodePtr k = c->devices->children; k; k = next) {
		next = k->next;
		if (!sk_xml_is(k, "controller") || !sk_xml_attr_is(k, "type", "pci"))
			continue;
		if (sk_xml_attr_is(k, "model", "pci-root") ||
		    sk_xml_attr_is(k, "model", "pci-bridge")) {
			char *model = sk_xml_attr(k, "model");

			changed(c, "conventional PCI controllers belong to i440fx; q35 uses a PCIe root",
				"removed <controller type='pci' model='%s'>", model);
			sk_xml_attr_free(model);
			sk_xml_remove(k);
		} else if (sk_xml_attr_is(k, "model", "pcie-root")) {
			have_root = true;
		}
	}
	if (have_root)
		return;
	root = new_element(c, "controller");
	xmlSetProp(root, (const xmlChar *)"type", (const xmlChar *)"pci");
	xmlSetProp(root, (const xmlChar *)"index", (const xmlChar *)"0");
	xmlSetProp(root, (const xmlChar *)"model", (const xmlChar *)"pcie-root");
	first_ctrl = sk_xml_child(c->devices, "controller");
	if (first_ctrl)
		xmlAddPrevSibling(first_ctrl, root);
	else
		xmlAddChild(c->devices, root);
	changed(c, "q35 has a PCIe root bus", "added <controller type='pci' index='0' "
					      "model='pcie-root'/>");
}

/* Name a disk moved to the SCSI bus: keep sdX names, give others the first free one. */
static void scsi_name(struct conv *c, const char *old, char *name, size_t size)
{
	if (old && strncmp(old, "sd", 2) == 0) {
		snprintf(name, size, "%s", old);
		return;
	}
	for (char l = 'a'; l <= 'z'; l++) {
		bool used = false;

		snprintf(name, size, "sd%c", l);
		for (xmlNodePtr d = sk_xml_child(c->devices, "disk"); d && !used;
		     d = sk_xml_next(d, "disk"))
			used = sk_xml_attr_is(sk_xml_child(d, "target"), "dev", name);
		if (!used)
			return;
	}
	snprintf(name, size, "%s", old ? old : "sdz");
}

static bool convert_disk(struct conv *c, xmlNodePtr disk)
{
	xmlNodePtr target = sk_xml_child(disk, "target"), addr;
	char *bus = sk_xml_attr(target, "bus"), *dev;
	char name[16];
	bool moved = false;

	if (bus && (strcmp(bus, "sata") == 0 || strcmp(bus, "ide") == 0)) {
		dev = sk_xml_attr(target, "dev");
		scsi_name(c, dev, name, sizeof(name));
		sk_xml_set_attr(target, "bus", "scsi");
		sk_xml_set_attr(target, "dev", name);
		changed(c, "q35 has no IDE, and the guide moves disks to virtio-scsi, whose "
			   "DMA honours the IOMMU platform path",
			"<disk> %s: bus '%s' -> 'scsi' as %s", dev ? dev : "?", bus, name);
		sk_xml_attr_free(dev);
		addr = sk_xml_child(disk, "address");
		if (addr && sk_xml_attr_is(addr, "type", "drive"))
			sk_xml_remove(addr);
		moved = true;
	} else if (bus && strcmp(bus, "virtio") == 0) {
		set_iommu(c, disk, "<disk bus='virtio'>");
	}
	sk_xml_attr_free(bus);
	return moved;
}

static bool is_virtio_model(const char *model)
{
	return model && strncmp(model, "virtio", 6) == 0;
}

static void convert_scsi_controllers(struct conv *c, bool need)
{
	xmlNodePtr next, ctrl;
	bool have0 = false;
	static const char *const after[] = { "controller", NULL };

	for (xmlNodePtr k = c->devices->children; k; k = next) {
		char *type, *model;

		next = k->next;
		if (!sk_xml_is(k, "controller"))
			continue;
		type = sk_xml_attr(k, "type");
		model = sk_xml_attr(k, "model");
		if (type && (!strcmp(type, "sata") || !strcmp(type, "ide"))) {
			changed(c, "no disk is left on this bus", "removed <controller type='%s'>",
				type);
			sk_xml_remove(k);
		} else if (type && !strcmp(type, "scsi")) {
			if (!is_virtio_model(model)) {
				sk_xml_set_attr(k, "model", "virtio-scsi");
				changed(c, "an emulated SCSI HBA does not use the IOMMU platform path",
					"<controller type='scsi'> model '%s' -> 'virtio-scsi'",
					model ? model : "default");
			}
			if (sk_xml_attr_is(k, "index", "0"))
				have0 = true;
			set_iommu(c, k, "<controller type='scsi'>");
		} else if (type && !strcmp(type, "virtio-serial")) {
			set_iommu(c, k, "<controller type='virtio-serial'>");
		}
		sk_xml_attr_free(type);
		sk_xml_attr_free(model);
	}
	if (!need || have0)
		return;
	ctrl = new_element(c, "controller");
	xmlSetProp(ctrl, (const xmlChar *)"type", (const xmlChar *)"scsi");
	xmlSetProp(ctrl, (const xmlChar *)"index", (const xmlChar *)"0");
	xmlSetProp(ctrl, (const xmlChar *)"model", (const xmlChar *)"virtio-scsi");
	insert_after_last(c->devices, ctrl, after);
	changed(c, "the disks moved to the SCSI bus need a virtio-scsi controller",
		"added <controller type='scsi' index='0' model='virtio-scsi'/>");
	set_iommu(c, ctrl, "<controller type='scsi'>");
}

static void convert_interface(struct conv *c, xmlNodePtr nic)
{
	xmlNodePtr model, rom;
	char *type;
	bool created;

	if (sk_xml_attr_is(nic, "type", "hostdev"))
		return;
	model = sk_xml_child_ensure(nic, "model", &created);
	type = sk_xml_attr(model, "type");
	if (!is_virtio_model(type)) {
		sk_xml_set_attr(model, "type", "virtio");
		changed(c, "emulated NICs bypass the IOMMU platform path; virtio-net uses it",
			"<interface> model '%s' -> 'virtio'", type ? type : "default");
	}
	sk_xml_attr_free(type);
	set_iommu(c, nic, "<interface>");
	rom = sk_xml_child_ensure(nic, "rom", &created);
	if (sk_xml_set_attr(rom, "enabled", "no"))
		changed(c, "the NIC's iPXE option ROM runs in firmware, unmeasured, and cannot "
			   "do DMA to encrypted memory",
			"<interface>: <rom enabled='no'/>");
	/* libvirt refuses ROM tuning on a disabled ROM */
	xmlUnsetProp(rom, (const xmlChar *)"bar");
	xmlUnsetProp(rom, (const xmlChar *)"file");
}

/* Devices other than disks, NICs and controllers that can be virtio. */
static void convert_other_virtio(struct conv *c, xmlNodePtr k)
{
	char *model = NULL;

	if (sk_xml_is(k, "memballoon") || sk_xml_is(k, "rng") || sk_xml_is(k, "vsock")) {
		model = sk_xml_attr(k, "model");
		if (is_virtio_model(model) || (!model && sk_xml_is(k, "vsock")))
			set_iommu(c, k, sk_xml_is(k, "rng") ? "<rng>" : sk_xml_is(k, "vsock") ?
				  "<vsock>" : "<memballoon>");
	} else if (sk_xml_is(k, "input")) {
		if (sk_xml_attr_is(k, "bus", "virtio"))
			set_iommu(c, k, "<input bus='virtio'>");
	} else if (sk_xml_is(k, "video")) {
		model = sk_xml_attr(sk_xml_child(k, "model"), "type");
		if (model && !strcmp(model, "virtio"))
			set_iommu(c, k, "<video model='virtio'>");
	} else if (sk_xml_is(k, "filesystem")) {
		set_iommu(c, k, "<filesystem>");
	}
	sk_xml_attr_free(model);
}

static void convert_devices(struct conv *c)
{
	bool need_scsi = false;

	remove_pci_addresses(c, c->devices);
	convert_pci_controllers(c);
	for (xmlNodePtr d = sk_xml_child(c->devices, "disk"); d; d = sk_xml_next(d, "disk"))
		need_scsi |= convert_disk(c, d);
	for (xmlNodePtr d = sk_xml_child(c->devices, "disk"); d && !need_scsi;
	     d = sk_xml_next(d, "disk"))
		need_scsi = sk_xml_attr_is(sk_xml_child(d, "target"), "bus", "scsi");
	convert_scsi_controllers(c, need_scsi);
	for (xmlNodePtr k = sk_xml_child(c->devices, "interface"); k;
	     k = sk_xml_next(k, "interface"))
		convert_interface(c, k);
	for (xmlNodePtr k = c->devices->children; k; k = k->next)
		convert_other_virtio(c, k);
}

static void lock_memory(struct conv *c)
{
	static const char *const after[] = { "memory", "currentMemory", "maxMemory",
					     "blkiotune", "memtune", NULL };
	xmlNodePtr mb = sk_xml_child(c->root, "memoryBacking"), tune, hard;
	uint64_t mem, limit;
	bool created;
	char text[32];

	if (!mb) {
		mb = new_element(c, "memoryBacking");
		insert_after_last(c->root, mb, after);
	}
	sk_xml_child_ensure(mb, "locked", &created);
	if (created)
		changed(c, "SEV pins guest memory; without <locked/> libvirt's memory limit makes "
			   "QEMU fail to lock pages",
			"<memoryBacking><locked/>");
	tune = sk_xml_child(c->root, "memtune");
	hard = sk_xml_child(tune, "hard_limit");
	if (!hard || !sk_xml_size_kib(sk_xml_child(c->root, "memory"), &mem) ||
	    !sk_xml_size_kib(hard, &limit) || mem > UINT64_MAX - EXTRA_LOCKED_KIB ||
	    limit >= mem + EXTRA_LOCKED_KIB)
		return;
	snprintf(text, sizeof(text), "%" PRIu64, mem + EXTRA_LOCKED_KIB);
	sk_xml_set_text(hard, text);
	sk_xml_set_attr(hard, "unit", "KiB");
	changed(c, "with <locked/> the hard limit caps locked memory; QEMU needs about 256 MiB "
		   "beyond guest RAM for firmware, ROMs and video",
		"<memtune><hard_limit unit='KiB'>%s</hard_limit> (was %" PRIu64 " KiB)", text,
		limit);
}

/* "/x/OVMF_CODE.fd" -> "/x/OVMF_VARS.fd" when the name follows that pattern. */
static bool vars_for(const char *code, char *vars, size_t size)
{
	const char *base = strrchr(code, '/');
	const char *p = strstr(base ? base : code, "_CODE");

	if (!p || strlen(code) >= size)
		return false;
	snprintf(vars, size, "%s", code);
	memcpy(vars + (p - code), "_VARS", 5);
	return true;
}

static void set_loader(struct conv *c, const char *path)
{
	static const char *const after[] = { "type", NULL };
	bool snp = c->opt->mode == SEV_MODE_SEV_SNP, created = false;
	xmlNodePtr loader = sk_xml_child(c->os, "loader"), nvram;
	char vars[4096];
	bool stateful = !snp && vars_for(path, vars, sizeof(vars));
	bool diff = false;

	if (!loader) {
		loader = new_element(c, "loader");
		insert_after_last(c->os, loader, after);
		created = true;
	}
	diff |= sk_xml_set_attr(loader, "readonly", "yes");
	diff |= sk_xml_set_attr(loader, "type", snp ? "rom" : "pflash");
	if (stateful)
		xmlUnsetProp(loader, (const xmlChar *)"stateless");
	else if (!snp)
		diff |= sk_xml_set_attr(loader, "stateless", "yes");
	diff |= sk_xml_set_text(loader, path);
	if (diff || created)
		changed(c, snp ? "SEV-SNP boots a stateless OVMF image as ROM: a variable store "
				 "would not be measured"
			       : "SEV works only with UEFI firmware (OVMF)",
			"<os><loader type='%s'>%s</loader>", snp ? "rom" : "pflash", path);
	nvram = sk_xml_child(c->os, "nvram");
	if (stateful && !nvram) {
		static const char *const after_loader[] = { "loader", NULL };

		nvram = new_element(c, "nvram");
		xmlSetProp(nvram, (const xmlChar *)"template", (const xmlChar *)vars);
		insert_after_last(c->os, nvram, after_loader);
		changed(c, "the pflash firmware keeps its variables in a per-domain copy",
			"<os><nvram template='%s'/>", vars);
	} else if (!stateful && nvram) {
		sk_xml_remove(nvram);
		changed(c, "this firmware image is stateless; a variable store is not measured",
			"removed <os><nvram>");
	}
}

static void convert_firmware(struct conv *c)
{
	xmlNodePtr loader = sk_xml_child(c->os, "loader");
	char path[4096];

	if (c->opt->firmware) {
		set_loader(c, c->opt->firmware);
		return;
	}
	sk_xml_text(loader, path, sizeof(path));
	if (path[0] || sk_xml_attr_is(c->os, "firmware", "efi"))
		return; /* the domain already names (or lets libvirt pick) its UEFI firmware */
	set_loader(c, sev_default_firmware(c->opt->mode));
}

static void disable_smm(struct conv *c)
{
	xmlNodePtr smm = sk_xml_child(sk_xml_child(c->root, "features"), "smm");

	if (smm && !sk_xml_attr_is(smm, "state", "off")) {
		sk_xml_set_attr(smm, "state", "off");
		changed(c, "SEV-ES and SEV-SNP do not support SMM (it must rewrite register state)",
			"<features><smm state='off'/>");
	}
}

/* Values for <cbitpos>/<reducedPhysBits>: options, then this host, then the domain. */
static int geometry(struct conv *c, xmlNodePtr old, uint32_t *cbit, uint32_t *rpb)
{
	char t1[16], t2[16];

	if (c->opt->have_cbitpos) {
		*cbit = c->opt->cbitpos;
		*rpb = c->opt->reduced_phys_bits;
		return 0;
	}
	if (c->opt->use_host_cpuid && sev_host_cbitpos(cbit, rpb) == 0)
		return 0;
	sk_xml_text(sk_xml_child(old, "cbitpos"), t1, sizeof(t1));
	sk_xml_text(sk_xml_child(old, "reducedPhysBits"), t2, sizeof(t2));
	if (old && sk_parse_u32(t1, cbit) == 0 && sk_parse_u32(t2, rpb) == 0)
		return 0;
	return sk_fail(SEV_E_INVALID,
		       "cbitpos and reducedPhysBits are unknown: this host is not an AMD host "
		       "with SEV, so give them (--cbitpos N --reduced-phys-bits N)");
}

static int policy_for(struct conv *c, xmlNodePtr old, uint64_t *policy)
{
	char text[32];

	if (c->opt->have_policy) {
		*policy = c->opt->policy;
		return sev_mode_check_policy(c->opt->mode, *policy);
	}
	sk_xml_text(sk_xml_child(old, "policy"), text, sizeof(text));
	if (!old || sk_parse_uint(text, UINT64_MAX, policy) != 0) {
		*policy = sev_mode_default_policy(c->opt->mode);
		return 0;
	}
	/* keep the domain's policy; moving between SEV and SEV-ES flips only the ES bit */
	if (c->opt->mode == SEV_MODE_SEV_ES)
		*policy |= SEV_POLICY_ES;
	else if (c->opt->mode == SEV_MODE_SEV)
		*policy &= ~(uint64_t)SEV_POLICY_ES;
	return sev_mode_check_policy(c->opt->mode, *policy);
}

/* Set the text of a child element, creating it (appended) when missing. */
static bool set_child_text(xmlNodePtr parent, const char *name, const char *text)
{
	bool created;
	xmlNodePtr k = sk_xml_child_ensure(parent, name, &created);

	return sk_xml_set_text(k, text) || created;
}

static void set_blob(struct conv *c, xmlNodePtr ls, const char *name, const char *b64)
{
	if (b64 && set_child_text(ls, name, b64))
		changed(c, "guest owner's launch input", "<launchSecurity><%s>", name);
}

static int convert_launch_security(struct conv *c)
{
	const char *type = c->opt->mode == SEV_MODE_SEV_SNP ? "sev-snp" : "sev";
	xmlNodePtr ls, old = NULL, next;
	uint32_t cbit = 0, rpb = 0;
	uint64_t policy;
	char text[32];
	int rc;

	for (ls = sk_xml_child(c->root, "launchSecurity"); ls && !old;
	     ls = sk_xml_next(ls, "launchSecurity"))
		if (sk_xml_attr_is(ls, "type", type))
			old = ls;
	if ((rc = policy_for(c, old, &policy)) || (rc = geometry(c, old, &cbit, &rpb)))
		return rc;
	/* a domain has one launchSecurity: the first of the requested type, if any */
	for (ls = sk_xml_child(c->root, "launchSecurity"); ls; ls = next) {
		char *was;

		next = sk_xml_next(ls, "launchSecurity");
		if (ls == old)
			continue;
		was = sk_xml_attr(ls, "type");
		changed(c, "the requested mode replaces the old launch security",
			"removed <launchSecurity type='%s'>", was ? was : "");
		sk_xml_attr_free(was);
		sk_xml_remove(ls);
	}
	ls = old;
	if (!ls) {
		ls = xmlNewChild(c->root, NULL, (const xmlChar *)"launchSecurity", NULL);
		xmlSetProp(ls, (const xmlChar *)"type", (const xmlChar *)type);
		changed(c, "this element makes libvirt start the guest with memory encryption",
			"added <launchSecurity type='%s'>", type);
	}
	if (c->opt->kernel_hashes && sk_xml_set_attr(ls, "kernelHashes", "yes"))
		changed(c, "the firmware then measures the kernel, initrd and command line",
			"<launchSecurity kernelHashes='yes'>");
	if (c->opt->author_key && sk_xml_set_attr(ls, "authorKey", "yes"))
		changed(c, "the ID authentication structure carries an author key",
			"<launchSecurity authorKey='yes'>");
	snprintf(text, sizeof(text), "%" PRIu32, cbit);
	if (set_child_text(ls, "cbitpos", text))
		changed(c, "C-bit position of this platform", "<cbitpos>%s</cbitpos>", text);
	snprintf(text, sizeof(text), "%" PRIu32, rpb);
	if (set_child_text(ls, "reducedPhysBits", text))
		changed(c, "physical address bits lost to encryption on this platform",
			"<reducedPhysBits>%s</reducedPhysBits>", text);
	if (c->opt->mode == SEV_MODE_SEV_SNP)
		snprintf(text, sizeof(text), "0x%05" PRIx64, policy);
	else
		snprintf(text, sizeof(text), "0x%04" PRIx64, policy);
	if (set_child_text(ls, "policy", text))
		changed(c, "the guest policy the firmware enforces", "<policy>%s</policy>", text);
	set_blob(c, ls, "dhCert", c->opt->dh_cert);
	set_blob(c, ls, "session", c->opt->session);
	set_blob(c, ls, "idBlock", c->opt->id_block);
	set_blob(c, ls, "idAuth", c->opt->id_auth);
	set_blob(c, ls, "hostData", c->opt->host_data);
	return 0;
}

static int check_options(const struct sev_domain_options *o)
{
	bool snp = o->mode == SEV_MODE_SEV_SNP;
	int rc = 0;

	if (o->mode != SEV_MODE_SEV && o->mode != SEV_MODE_SEV_ES && !snp)
		return sk_fail(SEV_E_INVALID, "unknown launch security mode %d", (int)o->mode);
	if (snp && (o->dh_cert || o->session))
		return sk_fail(SEV_E_INVALID, "SEV-SNP has no DH certificate or session blob");
	if (!snp && (o->id_block || o->id_auth || o->host_data || o->author_key))
		return sk_fail(SEV_E_INVALID, "ID block, ID auth, host data and author key are "
					      "SEV-SNP launch inputs");
	if (o->firmware && o->firmware[0] != '/')
		return sk_fail(SEV_E_INVALID, "firmware path '%s' must be absolute", o->firmware);
	if (o->id_block)
		rc = sk_check_b64_len("ID block", o->id_block, SEV_SNP_ID_BLOCK_LEN);
	if (!rc && o->id_auth)
		rc = sk_check_b64_len("ID auth", o->id_auth, SEV_SNP_ID_AUTH_LEN);
	if (!rc && o->host_data)
		rc = sk_check_b64_len("host data", o->host_data, SEV_SNP_HOST_DATA_LEN);
	return rc;
}

static int convert(struct conv *c)
{
	int rc;

	c->root = xmlDocGetRootElement(c->doc);
	c->os = sk_xml_child(c->root, "os");
	if (!c->os)
		return sk_fail(SEV_E_FORMAT, "domain XML: no <os> element");
	if (c->opt->kernel_hashes && !sk_xml_child(c->os, "kernel"))
		return sk_fail(SEV_E_INVALID, "kernel hashes need direct kernel boot: the domain "
					      "has no <os><kernel>");
	if ((rc = check_os(c)))
		return rc;
	c->devices = sk_xml_child_ensure(c->root, "devices", NULL);
	if (!c->devices)
		return -ENOMEM;
	if ((rc = convert_launch_security(c)))
		return rc;
	convert_devices(c);
	if (c->opt->mode != SEV_MODE_SEV_SNP)
		lock_memory(c);
	if (c->opt->mode != SEV_MODE_SEV)
		disable_smm(c);
	convert_firmware(c);
	return 0;
}

int sev_domain_convert(const char *xml, size_t len, const struct sev_domain_options *opt,
		       sev_domain_change_fn report, void *ctx, char **out, size_t *out_len)
{
	struct sev_domain_options o = SEV_INIT(struct sev_domain_options);
	struct conv c = { .opt = &o, .report = report, .ctx = ctx };
	int rc;

	*out = NULL;
	*out_len = 0;
	if ((rc = sk_struct_in(&o, sizeof(o), opt, "sev_domain_options")) ||
	    (rc = check_options(&o)))
		return rc;
	if ((rc = sk_xml_parse_domain(xml, len, &c.doc)))
		return rc;
	rc = convert(&c);
	if (!rc)
		rc = sk_xml_dump(c.doc, out, out_len);
	xmlFreeDoc(c.doc);
	return rc;
}
