/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a libvirt domain boots and how its SEV launch is set up, read from its
 * XML: the facts a guest owner checks before trusting a launch measurement
 * (the checks of virt-qemu-sev-validate's libvirt mode are made of these).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>

#include "util/log.h"
#include "util/struct.h"
#include "vm/xml.h"

/* The element's trimmed text, malloc'd; NULL when there is no element. */
static int text_of(const xmlNode *parent, const char *name, char **out)
{
	xmlNodePtr n = sk_xml_child(parent, name);
	xmlChar *t;
	size_t a, b;

	*out = NULL;
	if (!n)
		return 0;
	t = xmlNodeGetContent(n);
	if (!t)
		return -ENOMEM;
	a = strspn((const char *)t, " \t\r\n");
	b = strlen((const char *)t);
	while (b > a && strchr(" \t\r\n", t[b - 1]))
		b--;
	*out = strndup((const char *)t + a, b - a);
	xmlFree(t);
	return *out ? 0 : -ENOMEM;
}

static size_t count(const xmlNode *parent, const char *name)
{
	size_t n = 0;

	for (xmlNodePtr c = sk_xml_child(parent, name); c; c = sk_xml_next(c, name))
		n++;
	return n;
}

static void read_launch_security(xmlNodePtr root, struct sev_domain_boot *b)
{
	for (xmlNodePtr ls = sk_xml_child(root, "launchSecurity"); ls;
	     ls = sk_xml_next(ls, "launchSecurity")) {
		if (!sk_xml_attr_is(ls, "type", "sev"))
			continue;
		b->sev = true;
		b->kernel_hashes = sk_xml_attr_is(ls, "kernelHashes", "yes");
		b->dh_cert = sk_xml_child(ls, "dhCert") != NULL;
		b->session = sk_xml_child(ls, "session") != NULL;
	}
}

static int read_boot(const char *xml, size_t len, struct sev_domain_boot *b)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, os;
	int rc = sk_xml_parse_domain(xml, len, &doc);

	if (rc)
		return rc;
	root = xmlDocGetRootElement(doc);
	read_launch_security(root, b);
	os = sk_xml_child(root, "os");
	if (os) {
		b->loaders = (uint32_t)count(os, "loader");
		b->nvram = sk_xml_child(os, "nvram") != NULL;
		if (!(rc = text_of(os, "loader", &b->loader)) &&
		    !(rc = text_of(os, "kernel", &b->kernel)) &&
		    !(rc = text_of(os, "initrd", &b->initrd)))
			rc = text_of(os, "cmdline", &b->cmdline);
	}
	xmlFreeDoc(doc);
	return rc;
}

int sev_domain_boot_read(const char *xml, size_t len, struct sev_domain_boot *b)
{
	struct sev_domain_boot mine = SEV_INIT(struct sev_domain_boot);
	int rc = sk_struct_check_out(b, sizeof(mine), "sev_domain_boot");

	if (rc)
		return rc;
	rc = read_boot(xml, len, &mine);
	if (rc) {
		sev_domain_boot_free(&mine);
		return rc;
	}
	sk_struct_out(b, &mine, sizeof(mine));
	return 0;
}

void sev_domain_boot_free(struct sev_domain_boot *b)
{
	if (!b)
		return;
	free(b->loader);
	free(b->kernel);
	free(b->initrd);
	free(b->cmdline);
	b->loader = b->kernel = b->initrd = b->cmdline = NULL;
}
