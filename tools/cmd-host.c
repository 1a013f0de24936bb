/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit host: readiness checks, recordings, and the SEV platform commands of /dev/sev. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/host.h>
#include <sevkit/util.h>

#include "commands.h"
#include "host-common.h"

enum {
	OPT_HOST_RECORD = 0x200,
	OPT_FULL,
	OPT_CA,
	OPT_CEK,
	OPT_COMMENT,
};

/* ---- host ok ---- */

static json_t *check_json(const struct sev_host_report *rep, int parent)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < rep->n; i++) {
		const struct sev_check *c = &rep->check[i];
		json_t *o;

		if (c->parent != parent)
			continue;
		o = json_object();
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "name", json_string(c->name));
		json_object_set_new(o, "state", json_string(sev_check_state_name(c->state)));
		json_object_set_new(o, "message", json_string(c->msg));
		json_object_set_new(o, "children", check_json(rep, (int)i));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *report_json(const struct sev_host_report *rep)
{
	const struct sev_check *fail = sev_host_report_failure(rep);
	json_t *doc = json_object(), *cpu = json_object(), *feat = json_array();

	json_object_set_new(cpu, "vendor", json_string(rep->cpu.vendor));
	json_object_set_new(cpu, "brand", json_string(rep->cpu.brand));
	json_object_set_new(cpu, "family", json_integer(rep->cpu.family));
	json_object_set_new(cpu, "model", json_integer(rep->cpu.model));
	json_object_set_new(cpu, "stepping", json_integer(rep->cpu.stepping));
	json_object_set_new(cpu, "generation", json_string(sev_gen_name(rep->cpu.gen)));
	json_object_set_new(cpu, "hypervisor", rep->cpu.hypervisor ?
				json_string(rep->cpu.hypervisor_id) : json_null());
	json_object_set_new(doc, "cpu", cpu);
	if (rep->features & SEV_FEATURE_SEV)
		json_array_append_new(feat, json_string("sev"));
	if (rep->features & SEV_FEATURE_ES)
		json_array_append_new(feat, json_string("es"));
	if (rep->features & SEV_FEATURE_SNP)
		json_array_append_new(feat, json_string("snp"));
	json_object_set_new(doc, "features", feat);
	json_object_set_new(doc, "result", json_string(fail ? "FAIL" : "PASS"));
	json_object_set_new(doc, "reason", fail ? json_sprintf("%s: %s", fail->name, fail->msg) :
						  json_null());
	json_object_set_new(doc, "checks", check_json(rep, -1));
	return doc;
}

static const char *state_color(const struct cli *cli, enum sev_check_state s)
{
	if (s == SEV_CHECK_PASS)
		return cli_green(cli);
	return s == SEV_CHECK_FAIL ? cli_red(cli) : cli_yellow(cli);
}

static void features_text(unsigned f, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", "SEV", f & SEV_FEATURE_ES ? ", SEV-ES" : "",
		 f & SEV_FEATURE_SNP ? ", SEV-SNP" : "");
}

/* sevctl's layout: "[ PASS ] - name: message", two spaces more per level. */
static void report_text(struct cli *cli, const struct sev_host_report *rep)
{
	const struct sev_check *fail = sev_host_report_failure(rep);
	char feats[40];

	for (size_t i = 0; i < rep->n; i++) {
		const struct sev_check *c = &rep->check[i];

		cli_print(cli, "[ %s%s%s ] %*s- %s%s%s\n", state_color(cli, c->state),
			  sev_check_state_name(c->state), cli_reset(cli), (int)(2 * c->depth), "",
			  c->name, c->msg[0] ? ": " : "", c->msg);
	}
	features_text(rep->features, feats, sizeof(feats));
	if (fail)
		cli_print(cli, "\nNot ready for %s: %s: %s\n", feats, fail->name, fail->msg);
	else
		cli_print(cli, "\nReady for %s.\n", feats);
}

static int open_host(const char *record, struct sev_host **host)
{
	return record ? sev_host_open_recording(record, host) : sev_host_open(host);
}

int cmd_host_ok(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		{ "host-record", 0, OPT_HOST_RECORD, "FILE",
		  "check a recorded host (from 'sevkit host record') instead of this one" },
		{ 0 },
	};
	static const char *const gens[] = { "sev", "es", "snp" };
	enum sev_want want = SEV_WANT_AUTO;
	struct sev_host_report *rep;
	struct sev_host *host;
	const char *record = NULL;
	int r, fail;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_RECORD)
			record = cli->optarg;
	}
	if (argc - optind > 1)
		return cli_usage_error(cli, "expected at most one of sev, es, snp");
	if (argc - optind == 1) {
		size_t i = 0;

		while (i < 3 && strcmp(argv[optind], gens[i]) != 0)
			i++;
		if (i == 3)
			return cli_usage_error(cli, "unknown generation '%s': use sev, es or snp",
					       argv[optind]);
		want = (enum sev_want)(SEV_WANT_SEV + i);
	}
	if ((r = open_host(record, &host)))
		return cli_exit(r);
	rep = malloc(sizeof(*rep));
	if (rep)
		*rep = SEV_INIT(struct sev_host_report);
	r = rep ? sev_host_check(host, want, rep) : -ENOMEM;
	sev_host_free(host);
	if (r) {
		free(rep);
		cli_error(cli, "cannot run the checks: %s", sev_strerror(r));
		return cli_exit(r);
	}
	if (cli->json)
		cli_json(cli, report_json(rep));
	else
		report_text(cli, rep);
	fail = sev_host_report_failure(rep) != NULL;
	free(rep);
	return fail ? SEV_EXIT_FAIL : SEV_EXIT_OK;
}

/* What a command that writes a file reports: --json {"written": PATH, "bytes": N}. */
static void report_written(struct cli *cli, const char *path, size_t len)
{
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "written", json_string(path));
		json_object_set_new(doc, "bytes", json_integer((json_int_t)len));
		cli_json(cli, doc);
		return;
	}
	cli_print(cli, "Wrote %s (%zu bytes)\n", path, len);
}

/* ---- host record ---- */

int cmd_host_record(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		{ "host-record", 0, OPT_HOST_RECORD, "FILE",
		  "re-record a recorded host instead of this one (normalises the file)" },
		{ "comment", 0, OPT_COMMENT, "TEXT", "a note stored in the recording" },
		CLI_FORCE_OPTION('f'),
		{ 0 },
	};
	const char *record = NULL, *comment = "recorded with sevkit host record";
	struct sev_host *host;
	size_t len;
	char *json;
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_RECORD)
			record = cli->optarg;
		else if (r == OPT_COMMENT)
			comment = cli->optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file");
	cli_note_input(cli, record);
	if ((r = cli_check_output(cli, argv[optind], false)))
		return r;
	if ((r = open_host(record, &host)))
		return cli_exit(r);
	r = sev_host_record(host, comment, &json);
	sev_host_free(host);
	if (r)
		return cli_exit(r);
	len = strlen(json);
	r = cli_write_file(cli, argv[optind], json, len, 0644);
	free(json);
	if (r)
		return r;
	report_written(cli, argv[optind], len);
	return SEV_EXIT_OK;
}

/* ---- the platform commands ---- */

static json_t *status_json(const struct sev_platform_status *s)
{
	json_t *doc = json_object(), *flags = json_object();

	json_object_set_new(doc, "api_major", json_integer(s->api_major));
	json_object_set_new(doc, "api_minor", json_integer(s->api_minor));
	json_object_set_new(doc, "build", json_integer(s->build));
	json_object_set_new(doc, "state", json_string(sev_platform_state_name(s->state)));
	json_object_set_new(flags, "owned", json_boolean(s->flags & SEV_STATUS_FLAG_OWNED));
	json_object_set_new(flags, "es", json_boolean(s->flags & SEV_STATUS_FLAG_ES));
	json_object_set_new(flags, "raw", json_integer(s->flags));
	json_object_set_new(doc, "flags", flags);
	json_object_set_new(doc, "guest_count", json_integer(s->guest_count));
	return doc;
}

int cmd_host_status(struct cli *cli, int argc, char **argv)
{
	struct sev_platform_status s;
	struct sev_platform *p;
	const char *device;
	int r = host_platform_args(cli, argc, argv, 0, &device);

	if (r >= 0)
		return r;
	if ((r = host_open_platform(cli, device, &p)))
		return r;
	r = sev_platform_status(p, &s);
	sev_platform_close(p);
	if (r)
		return cli_exit(r);
	if (cli->json) {
		cli_json(cli, status_json(&s));
		return SEV_EXIT_OK;
	}
	cli_print(cli, "API version: %u.%u\nBuild: %u\nState: %s\n", s.api_major, s.api_minor,
		  s.build, sev_platform_state_name(s.state));
	cli_print(cli, "Flags: 0x%08x (owned: %s, es: %s)\nGuests: %u\n", s.flags,
		  s.flags & SEV_STATUS_FLAG_OWNED ? "yes" : "no",
		  s.flags & SEV_STATUS_FLAG_ES ? "yes" : "no", s.guest_count);
	return SEV_EXIT_OK;
}

static int simple(struct cli *cli, int argc, char **argv, int (*fn)(struct sev_platform *),
		  const char *verb, const char *done)
{
	struct sev_platform *p;
	const char *device;
	int r = host_platform_args(cli, argc, argv, 0, &device);

	if (r >= 0)
		return r;
	if ((r = host_open_platform(cli, device, &p)))
		return r;
	r = fn(p);
	sev_platform_close(p);
	if (r)
		return cli_exit(r);
	host_report_done(cli, verb, done);
	return SEV_EXIT_OK;
}

int cmd_host_reset(struct cli *cli, int argc, char **argv)
{
	return simple(cli, argc, argv, sev_platform_reset, "reset",
		      "Platform reset: new PDH and PEK, the OCA is self-signed again.");
}

int cmd_host_rotate(struct cli *cli, int argc, char **argv)
{
	return simple(cli, argc, argv, sev_platform_pdh_gen, "rotate", "New PDH generated.");
}

static int write_out(struct cli *cli, const char *path, const uint8_t *data, size_t len)
{
	int r = cli_write_file(cli, path, data, len, 0644);

	if (r)
		return r;
	report_written(cli, path, len);
	return SEV_EXIT_OK;
}

int cmd_host_pek_csr(struct cli *cli, int argc, char **argv)
{
	uint8_t csr[SEV_CERT_SIZE];
	struct sev_platform *p;
	const char *device;
	int r = host_platform_args(cli, argc, argv, 1, &device);

	if (r >= 0)
		return r;
	if ((r = cli_check_output(cli, argv[optind], false)))
		return r;
	if ((r = host_open_platform(cli, device, &p)))
		return r;
	r = sev_platform_pek_csr(p, csr);
	sev_platform_close(p);
	return r ? cli_exit(r) : write_out(cli, argv[optind], csr, sizeof(csr));
}

/* Exactly one SEV certificate of the given usage. */
static int read_cert(struct cli *cli, const char *path, uint32_t usage, uint8_t out[SEV_CERT_SIZE])
{
	struct sev_cert c;
	uint8_t *buf;
	size_t len;
	int r = cli_read_file(cli, path, SEV_CERT_SIZE + 1, &buf, &len);

	if (r)
		return cli_exit(r);
	if (len != SEV_CERT_SIZE || sev_cert_parse(buf, len, &c) || c.usage != usage) {
		cli_error(cli, "%s: not a single %s certificate", path, sev_usage_name(usage));
		free(buf);
		return SEV_EXIT_INPUT;
	}
	memcpy(out, buf, SEV_CERT_SIZE);
	free(buf);
	return 0;
}

/* An ASK followed by an ARK, as AMD publishes them; appended as they are. */
static int read_ca(struct cli *cli, const char *path, uint8_t **ca, size_t *len)
{
	static const uint32_t usage[2] = { SEV_USAGE_ASK, SEV_USAGE_ARK };
	struct sev_ca_cert *c = malloc(sizeof(*c));
	size_t off = 0, used;
	int r = c ? cli_read_file(cli, path, 2 * SEV_CA_CERT_MAX, ca, len) : -ENOMEM;

	if (r) {
		free(c);
		return cli_exit(r);
	}
	for (size_t i = 0; i < 2 && !r; i++) {
		r = sev_ca_cert_parse(*ca + off, *len - off, c, &used);
		if (!r && c->usage != usage[i])
			r = SEV_E_FORMAT;
		off += r ? 0 : used;
	}
	free(c);
	if (r || off != *len) {
		cli_error(cli, "%s: expected an ASK followed by an ARK", path);
		free(*ca);
		return SEV_EXIT_INPUT;
	}
	return 0;
}

/* The chain with the ASK and ARK appended (sevctl export --full), checked. */
static int complete(struct cli *cli, const uint8_t chain[4 * SEV_CERT_SIZE], const uint8_t *ca,
		    size_t ca_len, uint8_t **out, size_t *len)
{
	int r = sev_chain_complete(chain, ca, ca_len, out, len);

	if (r == SEV_E_INVALID)
		cli_error(cli, "--full: give --cek with the CEK AMD signed, or --ca");
	else if (r == SEV_E_VERIFY)
		cli_error(cli, "--full");
	return cli_exit(r);
}

int cmd_host_export(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option opts[] = {
		HOST_DEVICE_OPTION,
		{ "cek", 0, OPT_CEK, "FILE",
		  "use this CEK (the one AMD signed, see 'sevkit host id') instead of the "
		  "platform's own" },
		{ "full", 0, OPT_FULL, NULL,
		  "append the ASK and ARK: the builtin ones of the generation whose ASK signed "
		  "the CEK, or those of --ca" },
		{ "ca", 0, OPT_CA, "FILE", "with --full: the ASK followed by the ARK to append" },
		CLI_FORCE_OPTION('f'),
		{ 0 },
	};
	const char *device = SEV_DEVICE_DEFAULT, *cek = NULL, *ca_path = NULL;
	uint8_t chain[4 * SEV_CERT_SIZE], cek_cert[SEV_CERT_SIZE], *out = NULL, *ca = NULL;
	struct sev_platform *p;
	size_t ca_len = 0, out_len = 0;
	bool full = false;
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_DEVICE)
			device = cli->optarg;
		else if (r == OPT_CEK)
			cek = cli->optarg;
		else if (r == OPT_FULL)
			full = true;
		else if (r == OPT_CA)
			ca_path = cli->optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file");
	if (ca_path && !full)
		return cli_usage_error(cli, "--ca FILE goes with --full");
	if (cek && (r = read_cert(cli, cek, SEV_USAGE_CEK, cek_cert)))
		return r;
	if (ca_path && (r = read_ca(cli, ca_path, &ca, &ca_len)))
		return r;
	if ((r = cli_check_output(cli, argv[optind], false))) {
		free(ca);
		return r;
	}
	if ((r = host_open_platform(cli, device, &p))) {
		free(ca);
		return r;
	}
	r = sev_platform_export(p, chain);
	sev_platform_close(p);
	if (!r && cek)
		memcpy(chain + 3 * SEV_CERT_SIZE, cek_cert, SEV_CERT_SIZE);
	if (r) {
		free(ca);
		return cli_exit(r);
	}
	if (!full)
		r = write_out(cli, argv[optind], chain, sizeof(chain));
	else if (!(r = complete(cli, chain, ca, ca_len, &out, &out_len)))
		r = write_out(cli, argv[optind], out, out_len);
	free(out);
	free(ca);
	return r;
}

int cmd_host_import(struct cli *cli, int argc, char **argv)
{
	uint8_t pek[SEV_CERT_SIZE], oca[SEV_CERT_SIZE];
	struct sev_platform *p;
	const char *device;
	int r = host_platform_args(cli, argc, argv, 2, &device);

	if (r >= 0)
		return r;
	if ((r = read_cert(cli, argv[optind], SEV_USAGE_PEK, pek)) ||
	    (r = read_cert(cli, argv[optind + 1], SEV_USAGE_OCA, oca)))
		return r;
	if ((r = host_open_platform(cli, device, &p)))
		return r;
	r = sev_platform_pek_import(p, pek, oca);
	sev_platform_close(p);
	if (r == SEV_E_VERIFY)
		cli_error(cli, "%s: not imported", argv[optind]); /* with the reason */
	if (r)
		return cli_exit(r);
	host_report_done(cli, "import", "PEK and OCA imported: the platform is owned by this OCA.");
	return SEV_EXIT_OK;
}

#define KDS_CEK_URL "https://kdsintf.amd.com/cek/id/"

int cmd_host_id(struct cli *cli, int argc, char **argv)
{
	uint8_t id[SEV_ID_MAX];
	char hex[2 * SEV_ID_MAX + 1], url[sizeof(KDS_CEK_URL) + 2 * 64];
	struct sev_platform *p;
	const char *device;
	size_t len;
	int r = host_platform_args(cli, argc, argv, 0, &device);

	if (r >= 0)
		return r;
	if ((r = host_open_platform(cli, device, &p)))
		return r;
	r = sev_platform_get_id(p, id, &len);
	sev_platform_close(p);
	if (r)
		return cli_exit(r);
	/* sevctl prints upper case; the key server is indexed by the first socket's 64 bytes */
	sev_hex_encode_upper(hex, id, len);
	snprintf(url, sizeof(url), "%s%.128s", KDS_CEK_URL, hex);
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "id", json_string(hex));
		json_object_set_new(doc, "kds_cek_url", json_string(url));
		cli_json(cli, doc);
	} else {
		cli_print(cli, "%s\n", hex);
	}
	return SEV_EXIT_OK;
}
