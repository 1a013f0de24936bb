/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit host certs import|export|clear: the certificate table VMMs serve
 * with extended reports, checked against this platform before it is served.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/platform.h>
#include <sevkit/snp.h>

#include "commands.h"
#include "host-common.h"

enum { OPT_CERT_FILE = 0x300 };

#define FILE_MAX (64 * 1024) /* a PEM bundle of ARK and ASK is 4.5 KiB */
#define FILES_MAX 16

struct inputs {
	struct sev_snp_cert_file f[FILES_MAX];
	uint8_t *buf[FILES_MAX];
	char *path[FILES_MAX];
	size_t n;
};

static void inputs_free(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->buf[i]);
		free(in->path[i]);
	}
}

static int add_input(struct cli *cli, struct inputs *in, const char *path)
{
	size_t len;
	int r;

	if (in->n == FILES_MAX)
		return cli_usage_error(cli, "more than %d certificate files", FILES_MAX);
	if (!(in->path[in->n] = strdup(path)))
		return cli_exit(-ENOMEM);
	if ((r = cli_read_file(cli, path, FILE_MAX, &in->buf[in->n], &len))) {
		free(in->path[in->n]);
		return cli_exit(r);
	}
	in->f[in->n] = (struct sev_snp_cert_file){ in->path[in->n], in->buf[in->n], len };
	in->n++;
	return 0;
}

static int visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file of DIR but hidden ones, in name order: each must be a certificate file. */
static int add_dir(struct cli *cli, struct inputs *in, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, visible, alphasort), r = 0;

	if (n < 0) {
		cli_error(cli, "%s: %s", dir, strerror(errno));
		return SEV_EXIT_ENV;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!r)
			r = add_input(cli, in, path);
		free(names[i]);
	}
	free(names);
	if (!r && in->n == 0)
		r = cli_usage_error(cli, "%s: no certificate files", dir);
	return r;
}

/* Replace the table VMMs serve, under the exclusive lock. */
static int install(const char *file, const uint8_t *table, size_t len)
{
	int fd, r = sev_snp_cert_file_open(file, SEV_SNP_CERT_FILE_CREATE, &fd, NULL);

	if (!r) {
		r = sev_snp_cert_file_write(fd, file, table, len);
		sev_snp_cert_file_close(fd);
	}
	return cli_exit(r);
}

/*
 * Checked and written under one lock: a firmware change (snp-commit,
 * snp-config set) cannot come between the check and the write.
 */
static int check_and_install(struct cli *cli, const char *device, const char *file,
			     const uint8_t *table, size_t len)
{
	struct sev_platform *p;
	bool created;
	int fd, r = host_open_platform(cli, device, &p);

	if (r)
		return r;
	if ((r = sev_snp_cert_file_open(file, SEV_SNP_CERT_FILE_CREATE, &fd, &created))) {
		sev_platform_close(p);
		return cli_exit(r);
	}
	r = sev_snp_platform_check_certs(p, table, len);
	if (r) {
		cli_error(cli, "%s: not installed", file); /* after the reason */
		if (created)
			unlink(file);
	} else {
		r = sev_snp_cert_file_write(fd, file, table, len);
	}
	sev_snp_cert_file_close(fd);
	sev_platform_close(p);
	return cli_exit(r);
}

static int certs_import(struct cli *cli, const char *device, const char *file, int argc,
			char **argv)
{
	struct inputs in = { 0 };
	uint8_t *table = NULL;
	size_t len;
	int r = 0;

	for (int i = optind + 1; !r && i < argc; i++) {
		struct stat st;

		r = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? add_dir(cli, &in, argv[i]) :
								      add_input(cli, &in, argv[i]);
	}
	if (!r)
		r = cli_exit(sev_snp_cert_table_make(in.f, in.n, &table, &len));
	inputs_free(&in);
	if (!r)
		r = check_and_install(cli, device, file, table, len);
	free(table);
	if (!r)
		host_report_done(cli, "certs import", "Certificates checked against this platform "
				 "and installed.");
	return r;
}

/* Each certificate as ark.der, ask.der (asvk.der), vcek.der or vlek.der; *written counts. */
static int export_one(struct cli *cli, const char *dir, const struct sev_snp_cert_entry *e,
		      json_t *written)
{
	struct sev_snp_x509_info info;
	char path[4096], name[24];
	size_t n;
	int r;

	if (e->kind == SEV_SNP_CERT_OTHER || e->kind == SEV_SNP_CERT_EXTRA_PLATFORM_INFO)
		return 0;
	if (sev_snp_x509_describe(e->data, e->length, &info, 1, &n)) {
		cli_error(cli, "certificate table: the %s entry is not a certificate",
			  sev_snp_cert_kind_name(e->kind));
		return SEV_EXIT_INPUT;
	}
	/* an ASVK in the ASK's slot is named for what it is; anything else for its slot */
	snprintf(name, sizeof(name), "%s", info.is_vek || !strncmp(info.role, "AS", 2) ||
		 !strcmp(info.role, "ARK") ? info.role : sev_snp_cert_kind_name(e->kind));
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	snprintf(path, sizeof(path), "%s/%s.der", dir, name);
	if ((r = cli_write_file(cli, path, e->data, e->length, 0644)))
		return r;
	json_array_append_new(written, json_string(path));
	return 0;
}

static int certs_export(struct cli *cli, const char *file, const char *dir)
{
	struct sev_snp_cert_table t;
	json_t *written;
	uint8_t *buf;
	size_t len;
	int fd, r = sev_snp_cert_file_open(file, SEV_SNP_CERT_FILE_READ, &fd, NULL);

	/* read under the VMMs' shared lock: never half of an import */
	if (!r) {
		r = sev_snp_cert_file_read(fd, file, &buf, &len);
		sev_snp_cert_file_close(fd);
	}
	if (r)
		return cli_exit(r);
	if ((r = sev_snp_cert_table_parse(buf, len, &t))) {
		cli_error(cli, "%s: not a certificate table", file);
		free(buf);
		return cli_exit(r);
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		cli_error(cli, "%s: %s", dir, strerror(errno));
		free(buf);
		return SEV_EXIT_ENV;
	}
	written = json_array();
	for (size_t i = 0; !r && i < t.n; i++)
		r = export_one(cli, dir, &t.entry[i], written);
	free(buf);
	if (!r && cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "written", json_incref(written));
		cli_json(cli, doc);
	} else if (!r) {
		cli_print(cli, "Wrote %zu certificate%s from %s to %s\n", json_array_size(written),
			  json_array_size(written) == 1 ? "" : "s", file, dir);
	}
	json_decref(written);
	return r;
}

int cmd_host_certs(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		HOST_DEVICE_OPTION,
		{ "cert-file", 0, OPT_CERT_FILE, "FILE",
		  "the certificate table VMMs serve (default " SEV_SNP_CERT_FILE_DEFAULT ")" },
		{ "force", 'f', CLI_OPT_FORCE, NULL, "export: replace files that exist in DIR" },
		{ 0 },
	};
	static const uint8_t empty[24]; /* a table of only the terminator */
	const char *device = SEV_DEVICE_DEFAULT, *file = SEV_SNP_CERT_FILE_DEFAULT, *act;
	int r, n;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_DEVICE)
			device = cli->optarg;
		else if (r == OPT_CERT_FILE)
			file = cli->optarg;
	}
	act = optind < argc ? argv[optind] : "";
	n = argc - optind - 1;
	if (!strcmp(act, "import") && n >= 1)
		return certs_import(cli, device, file, argc, argv);
	if (!strcmp(act, "export") && n == 1)
		return certs_export(cli, file, argv[optind + 1]);
	if (!strcmp(act, "clear") && n == 0) {
		if ((r = install(file, empty, sizeof(empty))))
			return r;
		host_report_done(cli, "certs clear", "Certificate table emptied: reports are served "
				 "without certificates.");
		return SEV_EXIT_OK;
	}
	return cli_usage_error(cli, "expected import DIR|FILE..., export DIR or clear");
}
