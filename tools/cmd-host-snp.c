/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit host snp-status, snp-commit, snp-config, vcek-url: the SEV-SNP platform (snphost's job). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/platform.h>
#include <sevkit/snp.h>

#include "commands.h"
#include "host-common.h"
#include "report-common.h"

enum {
	OPT_YES = 0x300,
	OPT_TCB,
	OPT_MASK_CHIP_ID,
	OPT_NO_MASK_CHIP_ID,
	OPT_MASK_CHIP_KEY,
	OPT_NO_MASK_CHIP_KEY,
	OPT_CERT_FILE,
};

/* The TCB's SPLs in the product's layout; only the raw value when the product is unknown. */
static json_t *status_tcb_json(uint64_t raw, enum sev_snp_product p)
{
	json_t *o;

	if (p != SEV_SNP_PRODUCT_UNKNOWN)
		return tcb_json(raw, p);
	o = json_object();
	json_object_set_new(o, "raw", json_sprintf("0x%016llx", (unsigned long long)raw));
	return o;
}

static const struct {
	uint32_t bit;
	const char *name;
} flag_names[] = {
	{ SEV_SNP_STATUS_MASK_CHIP_ID, "mask_chip_id" },
	{ SEV_SNP_STATUS_MASK_CHIP_KEY, "mask_chip_key" },
	{ SEV_SNP_STATUS_VLEK_EN, "vlek_loaded" },
	{ SEV_SNP_STATUS_FEATURE_INFO, "feature_info" },
	{ SEV_SNP_STATUS_RAPL_DIS, "rapl_disabled" },
	{ SEV_SNP_STATUS_CIPHERTEXT_HIDING_CAP, "ciphertext_hiding_capable" },
	{ SEV_SNP_STATUS_CIPHERTEXT_HIDING_EN, "ciphertext_hiding_enabled" },
};

static json_t *snp_status_json(const struct sev_snp_platform_status *s)
{
	json_t *doc = json_object(), *flags = json_object();

	json_object_set_new(doc, "api_major", json_integer(s->api_major));
	json_object_set_new(doc, "api_minor", json_integer(s->api_minor));
	json_object_set_new(doc, "build_id", json_integer(s->build_id));
	json_object_set_new(doc, "state", json_string(sev_platform_state_name(s->state)));
	json_object_set_new(doc, "rmp_initialized", json_boolean(s->rmp_initialized));
	json_object_set_new(doc, "guest_count", json_integer(s->guest_count));
	json_object_set_new(doc, "product", json_string(sev_snp_product_name(s->product)));
	json_object_set_new(doc, "cpuid_1_eax", json_sprintf("0x%08x", s->cpuid1_eax));
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++)
		json_object_set_new(flags, flag_names[i].name,
				    json_boolean(s->flags & flag_names[i].bit));
	json_object_set_new(flags, "raw", json_integer(s->flags));
	json_object_set_new(doc, "flags", flags);
	json_object_set_new(doc, "current_tcb", status_tcb_json(s->current_tcb, s->product));
	json_object_set_new(doc, "reported_tcb", status_tcb_json(s->reported_tcb, s->product));
	return doc;
}

/* The SPLs in the product's layout; the raw value when the layout is unknown. */
static void tcb_text(uint64_t raw, enum sev_snp_product p, char *buf, size_t n)
{
	if (p != SEV_SNP_PRODUCT_UNKNOWN)
		sev_snp_tcb_format(raw, p, buf, n);
	else
		snprintf(buf, n, "0x%016llx", (unsigned long long)raw);
}

static void tcb_line(struct cli *cli, const char *label, uint64_t raw, enum sev_snp_product p)
{
	char spl[64] = "";

	if (p != SEV_SNP_PRODUCT_UNKNOWN)
		sev_snp_tcb_format(raw, p, spl, sizeof(spl));
	cli_print(cli, "%-14s 0x%016llx  %s\n", label, (unsigned long long)raw, spl);
}

static void snp_status_text(struct cli *cli, const struct sev_snp_platform_status *s)
{
	bool any = false;

	cli_print(cli, "API version:   %u.%u\nBuild:         %u\nState:         %s (RMP %s)\n",
		  s->api_major, s->api_minor, s->build_id, sev_platform_state_name(s->state),
		  s->rmp_initialized ? "initialized" : "not initialized");
	cli_print(cli, "Product:       %s (CPUID 0x%08x)\nGuests:        %u\n",
		  sev_snp_product_name(s->product), s->cpuid1_eax, s->guest_count);
	tcb_line(cli, "Current TCB:", s->current_tcb, s->product);
	tcb_line(cli, "Reported TCB:", s->reported_tcb, s->product);
	cli_print(cli, "Flags:         0x%08x (", s->flags);
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
		if (!(s->flags & flag_names[i].bit))
			continue;
		cli_print(cli, "%s%s", any ? ", " : "", flag_names[i].name);
		any = true;
	}
	cli_print(cli, "%s)\n", any ? "" : "none");
}

/* The status, opened and read; an exit code. */
static int read_status(struct cli *cli, const char *device, struct sev_platform **p,
		       struct sev_snp_platform_status *s)
{
	int r = host_open_platform(cli, device, p);

	if (r)
		return r;
	if ((r = sev_snp_platform_status(*p, s))) {
		sev_platform_close(*p);
		*p = NULL;
		return cli_exit(r);
	}
	return 0;
}

int cmd_host_snp_status(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_platform *p;
	const char *device;
	int r = host_platform_args(cli, argc, argv, 0, &device);

	if (r >= 0)
		return r;
	if ((r = read_status(cli, device, &p, &s)))
		return r;
	sev_platform_close(p);
	if (cli->json)
		cli_json(cli, snp_status_json(&s));
	else
		snp_status_text(cli, &s);
	return SEV_EXIT_OK;
}

/* ---- snp-commit ---- */

/* y/yes on the terminal; anything else is no, and no terminal is no, said in one line. */
static bool confirmed(struct cli *cli, const char *question)
{
	char line[16];

	if (!isatty(STDIN_FILENO)) {
		cli_error(cli, "nothing committed: no terminal to confirm on; give --yes");
		return false;
	}
	fprintf(stderr, "%s [y/N] ", question);
	if (fgets(line, sizeof(line), stdin) && (!strcmp(line, "y\n") || !strcmp(line, "yes\n")))
		return true;
	cli_error(cli, "nothing committed");
	return false;
}

/* The VMMs' certificate file, locked while the firmware changes, when there is one. */
static int lock_cert_file(const char *path, bool given, int *fd)
{
	int r = sev_snp_cert_file_open(path, 0, fd, NULL);

	if (r == -ENOENT && !given)
		return 0; /* no VMM serves certificates from the default place */
	return cli_exit(r);
}

/*
 * Still under the lock, after the firmware changed: a table whose VCEK/VLEK
 * no longer goes with the reported TCB is emptied, so that no VMM serves a
 * certificate its reports do not verify with (verifiers then fetch from KDS).
 */
static int keep_certs_current(struct cli *cli, struct sev_platform *p, int fd, const char *path)
{
	static const uint8_t empty[24];
	uint8_t *table;
	size_t len;
	int r;

	if (fd < 0)
		return 0;
	if ((r = sev_snp_cert_file_read(fd, path, &table, &len)))
		return cli_exit(r);
	r = sev_snp_platform_certs_current(p, table, len);
	free(table);
	/* a table that does not parse is no better to serve than a stale one */
	if (!r || r == SEV_E_DEVICE || r == -ENOMEM)
		return cli_exit(r);
	if ((r = sev_snp_cert_file_write(fd, path, empty, sizeof(empty))))
		return cli_exit(r);
	cli_warn(cli, "%s: emptied: its certificate no longer goes with the reported TCB (or "
		 "the table does not parse); install the new one with 'sevkit host certs import'",
		 path);
	return 0;
}

/* Run one firmware change with the certificate file locked, and keep the file current. */
static int change_locked(struct cli *cli, struct sev_platform *p, const char *certs, bool given,
			 int (*change)(struct sev_platform *, const void *), const void *arg)
{
	int fd = -1, r = lock_cert_file(certs, given, &fd);

	if (r)
		return r;
	r = cli_exit(change(p, arg));
	if (!r)
		r = keep_certs_current(cli, p, fd, certs);
	sev_snp_cert_file_close(fd);
	return r;
}

static int commit(struct sev_platform *p, const void *unused)
{
	(void)unused;
	return sev_snp_platform_commit(p);
}

static int set_config(struct sev_platform *p, const void *c)
{
	return sev_snp_platform_set_config(p, c);
}

#define CERT_FILE_OPTION                                                                      \
	{ "cert-file", 0, OPT_CERT_FILE, "FILE",                                              \
	  "the certificate table VMMs serve (default " SEV_SNP_CERT_FILE_DEFAULT ", when it "  \
	  "exists): locked meanwhile, emptied if its certificate no longer goes" }

int cmd_host_snp_commit(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		HOST_DEVICE_OPTION,
		{ "yes", 'y', OPT_YES, NULL, "commit without asking" },
		CERT_FILE_OPTION,
		{ 0 },
	};
	const char *device = SEV_DEVICE_DEFAULT, *certs = SEV_SNP_CERT_FILE_DEFAULT;
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_platform *p;
	char tcb[64], question[160];
	bool yes = false, certs_given = false;
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_DEVICE)
			device = cli->optarg;
		else if (r == OPT_YES)
			yes = true;
		else if (r == OPT_CERT_FILE)
			certs = cli->optarg, certs_given = true;
	}
	if (argc != optind)
		return cli_usage_error(cli, "expected no operand");
	if ((r = read_status(cli, device, &p, &s)))
		return r;
	tcb_text(s.current_tcb, s.product, tcb, sizeof(tcb));
	snprintf(question, sizeof(question), "Commit firmware %u.%u build %u, TCB %s, as the "
		 "minimum? This cannot be undone.", s.api_major, s.api_minor, s.build_id, tcb);
	if (!yes && !confirmed(cli, question)) {
		sev_platform_close(p);
		return SEV_EXIT_USAGE;
	}
	r = change_locked(cli, p, certs, certs_given, commit, NULL);
	sev_platform_close(p);
	if (r)
		return r;
	host_report_done(cli, "snp-commit", "Committed: older firmware can no longer be loaded.");
	return SEV_EXIT_OK;
}

/* ---- snp-config ---- */

static void config_text(struct cli *cli, const struct sev_snp_platform_status *s)
{
	tcb_line(cli, "Reported TCB:", s->reported_tcb, s->product);
	cli_print(cli, "Mask chip id:  %s\nMask chip key: %s\n",
		  s->flags & SEV_SNP_STATUS_MASK_CHIP_ID ? "yes" : "no",
		  s->flags & SEV_SNP_STATUS_MASK_CHIP_KEY ? "yes" : "no");
}

static json_t *config_json(const struct sev_snp_platform_status *s)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "reported_tcb", status_tcb_json(s->reported_tcb, s->product));
	json_object_set_new(doc, "mask_chip_id", json_boolean(s->flags & SEV_SNP_STATUS_MASK_CHIP_ID));
	json_object_set_new(doc, "mask_chip_key",
			    json_boolean(s->flags & SEV_SNP_STATUS_MASK_CHIP_KEY));
	return doc;
}

/* What set changes: each of them only when named (-1 keeps the present value). */
struct config_args {
	const char *device, *tcb, *certs;
	bool certs_given;
	int mask_chip_id, mask_chip_key;
};

/* The configuration to send: the present one, with what was named changed. */
static int new_config(struct cli *cli, const struct config_args *a,
		      const struct sev_snp_platform_status *s, struct sev_snp_platform_config *c)
{
	c->reported_tcb = s->reported_tcb;
	c->mask_chip_id = a->mask_chip_id < 0 ? !!(s->flags & SEV_SNP_STATUS_MASK_CHIP_ID) :
						a->mask_chip_id;
	c->mask_chip_key = a->mask_chip_key < 0 ? !!(s->flags & SEV_SNP_STATUS_MASK_CHIP_KEY) :
						  a->mask_chip_key;
	if (!a->tcb)
		return 0;
	if (!strcmp(a->tcb, "current")) {
		c->reported_tcb = s->current_tcb;
		return 0;
	}
	/* a forgotten SPL is not a zero */
	if (!sev_snp_tcb_parse_all(a->tcb, s->product, &c->reported_tcb))
		return 0;
	cli_error(cli, "--tcb '%s': expected bl=N,tee=N,snp=N,ucode=N (and fmc=N on Turin), a "
		  "64-bit number or current", a->tcb);
	return SEV_EXIT_USAGE;
}

static int config_set(struct cli *cli, const struct config_args *a)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_snp_platform_config c;
	struct sev_platform *p;
	int r;

	if ((r = read_status(cli, a->device, &p, &s)))
		return r;
	if (!(r = new_config(cli, a, &s, &c)) &&
	    !(r = change_locked(cli, p, a->certs, a->certs_given, set_config, &c)))
		r = cli_exit(sev_snp_platform_status(p, &s));
	sev_platform_close(p);
	if (r)
		return r;
	if (cli->json)
		cli_json(cli, config_json(&s));
	else
		config_text(cli, &s);
	return SEV_EXIT_OK;
}

int cmd_host_snp_config(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		HOST_DEVICE_OPTION,
		{ "tcb", 0, OPT_TCB, "SPEC",
		  "set: the reported TCB, bl=N,tee=N,snp=N,ucode=N[,fmc=N] (Turin), a 64-bit "
		  "number, or current (the running firmware's); default: unchanged" },
		{ "mask-chip-id", 0, OPT_MASK_CHIP_ID, NULL, "set: reports carry a zero CHIP_ID" },
		{ "no-mask-chip-id", 0, OPT_NO_MASK_CHIP_ID, NULL, "set: reports carry the CHIP_ID" },
		{ "mask-chip-key", 0, OPT_MASK_CHIP_KEY, NULL, "set: reports are not signed" },
		{ "no-mask-chip-key", 0, OPT_NO_MASK_CHIP_KEY, NULL, "set: reports are signed" },
		CERT_FILE_OPTION,
		{ 0 },
	};
	struct config_args a = { .device = SEV_DEVICE_DEFAULT, .certs = SEV_SNP_CERT_FILE_DEFAULT,
				 .mask_chip_id = -1, .mask_chip_key = -1 };
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_platform *p;
	const char *act;
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_DEVICE)
			a.device = cli->optarg;
		else if (r == OPT_TCB)
			a.tcb = cli->optarg;
		else if (r == OPT_MASK_CHIP_ID || r == OPT_NO_MASK_CHIP_ID)
			a.mask_chip_id = r == OPT_MASK_CHIP_ID;
		else if (r == OPT_MASK_CHIP_KEY || r == OPT_NO_MASK_CHIP_KEY)
			a.mask_chip_key = r == OPT_MASK_CHIP_KEY;
		else if (r == OPT_CERT_FILE)
			a.certs = cli->optarg, a.certs_given = true;
	}
	act = optind < argc ? argv[optind] : "";
	if (argc - optind != 1 || (strcmp(act, "set") && strcmp(act, "show")))
		return cli_usage_error(cli, "expected one operand, set or show");
	if (!strcmp(act, "set"))
		return config_set(cli, &a);
	if (a.tcb || a.mask_chip_id >= 0 || a.mask_chip_key >= 0)
		return cli_usage_error(cli, "--tcb and --[no-]mask-* go with set");
	if ((r = read_status(cli, a.device, &p, &s)))
		return r;
	sev_platform_close(p);
	if (cli->json)
		cli_json(cli, config_json(&s));
	else
		config_text(cli, &s);
	return SEV_EXIT_OK;
}

/* ---- vcek-url ---- */

int cmd_host_vcek_url(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_platform *p;
	uint8_t id[SEV_ID_MAX];
	char url[512];
	const char *device;
	size_t len;
	int r = host_platform_args(cli, argc, argv, 0, &device);

	if (r >= 0)
		return r;
	if ((r = read_status(cli, device, &p, &s)))
		return r;
	r = sev_platform_get_id(p, id, &len);
	sev_platform_close(p);
	if (!r)
		r = sev_snp_kds_vcek_url(s.product, id, s.reported_tcb, url, sizeof(url));
	if (r)
		return cli_exit(r);
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "url", json_string(url));
		json_object_set_new(doc, "product", json_string(sev_snp_product_name(s.product)));
		json_object_set_new(doc, "reported_tcb", status_tcb_json(s.reported_tcb, s.product));
		cli_json(cli, doc);
	} else {
		cli_print(cli, "%s\n", url);
	}
	return SEV_EXIT_OK;
}
