/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert show | verify | split | generate-oca */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sevkit/cert.h>
#include <sevkit/launch.h>
#include <sevkit/snp.h>

#include "commands.h"
#include "crypto/x509.h"
#include "util/file.h"
#include "util/hex.h"

/* A chain file is at most 4 SEV certificates and 2 AMD ones (11.5 KiB). */
#define CHAIN_MAX (1u << 20)

/* Marks of `sevctl verify`: signs, invalid signs, self signed, invalid self sign. */
#define MARK_SIGNS "\u2b11"
#define MARK_BAD_SIGNS "\u2b11\u0338"
#define MARK_SELF "\u2022"
#define MARK_BAD_SELF "\u2022\u0337"
#define LEGEND " " MARK_SELF " = self signed, " MARK_SIGNS " = signs, " MARK_BAD_SELF \
	" = invalid self sign, " MARK_BAD_SIGNS " = invalid signs"

/* Parse a chain file's contents; returns an exit code. */
static int parse_chain(struct cli *cli, const char *path, const uint8_t *data, size_t n,
		       struct sev_chain *c)
{
	cli_input_begin(cli, path);
	return cli_exit(cli_input_end(cli, sev_chain_parse(data, n, c)));
}

/* Read and parse a chain file; returns an exit code. */
static int load_chain(struct cli *cli, const char *path, struct sev_chain *c, uint8_t **buf,
		      size_t *len)
{
	uint8_t *data;
	size_t n;
	int rc = cli_read_file(cli, path, CHAIN_MAX, &data, &n);

	if (rc)
		return cli_exit(rc);
	rc = parse_chain(cli, path, data, n, c);
	if (rc || !buf) {
		free(data);
		return rc;
	}
	*buf = data;
	*len = n;
	return 0;
}

static const struct sev_cert *sev_cert_of(const struct sev_chain *c, enum sev_chain_role r)
{
	const struct sev_cert *certs[] = { &c->pdh, &c->pek, &c->oca, &c->cek };

	return certs[r];
}

static bool is_ca(enum sev_chain_role r)
{
	return r == SEV_CHAIN_ASK || r == SEV_CHAIN_ARK;
}

static const struct sev_ca_cert *ca_cert_of(const struct sev_chain *c, enum sev_chain_role r)
{
	return r == SEV_CHAIN_ASK ? &c->ask : &c->ark;
}

/* Lower-case hex fingerprint (caller frees), NULL when out of memory or on failure. */
static char *fingerprint_hex(const struct sev_chain *c, enum sev_chain_role r)
{
	uint8_t fp[48];
	size_t n;
	int rc = is_ca(r) ? sev_ca_cert_fingerprint(ca_cert_of(c, r), fp, &n)
			  : sev_cert_fingerprint(sev_cert_of(c, r), fp, &n);

	return rc ? NULL : cli_hex(fp, n);
}

static void key_desc(const struct sev_chain *c, enum sev_chain_role r, char *buf, size_t n)
{
	if (is_ca(r))
		sev_ca_cert_key_desc(ca_cert_of(c, r), buf, n);
	else
		sev_cert_key_desc(sev_cert_of(c, r), buf, n);
}

/* sevctl's one-line form: "PEK EP384 E256 <fingerprint>", or "PEK missing". */
static void print_cert_line(struct cli *cli, const struct sev_chain *c, enum sev_chain_role r)
{
	char desc[16];
	char *fp;

	if (!sev_chain_has(c, r)) {
		cli_print(cli, "%s missing\n", sev_chain_role_name(r));
		return;
	}
	key_desc(c, r, desc, sizeof(desc));
	fp = fingerprint_hex(c, r);
	cli_print(cli, "%s %s %s\n", sev_chain_role_name(r), desc, fp ? fp : "?");
	free(fp);
}

/* A usage or algorithm field by name, or in hex when it has none. */
static const char *field_text(const char *name, uint32_t raw, char *buf, size_t n)
{
	if (strcmp(name, "?") != 0)
		return name;
	snprintf(buf, n, "0x%x", raw);
	return buf;
}

static json_t *field_json(const char *name, uint32_t raw)
{
	char buf[16];

	return json_string(field_text(name, raw, buf, sizeof(buf)));
}

/* ---- cert show ---------------------------------------------------------- */

static json_t *curve_json(uint32_t curve)
{
	if (!curve)
		return json_null();
	return json_string(curve == SEV_CURVE_P256 ? "P-256" : "P-384");
}

static const char *ca_sig_algo_name(const struct sev_ca_cert *c)
{
	return c->modulus_bits == 2048 ? "RSA_SHA256" : "RSA_SHA384";
}

static json_t *show_sev_json(const struct sev_cert *c)
{
	json_t *o = json_object(), *sigs = json_array();

	json_object_set_new(o, "format", json_string("sev"));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "api_major", json_integer(c->api_major));
	json_object_set_new(o, "api_minor", json_integer(c->api_minor));
	json_object_set_new(o, "key_algo", json_string(sev_algo_name(c->algo)));
	json_object_set_new(o, "key_bits", json_integer(c->key_bits));
	json_object_set_new(o, "curve", curve_json(c->curve));
	for (int i = 0; i < 2; i++) {
		json_t *s = json_object();

		json_object_set_new(s, "slot", json_integer(i + 1));
		json_object_set_new(s, "empty", json_boolean(c->sig[i].empty));
		json_object_set_new(s, "usage", field_json(sev_usage_name(c->sig[i].usage),
							   c->sig[i].usage));
		json_object_set_new(s, "algo", field_json(sev_algo_name(c->sig[i].algo),
							  c->sig[i].algo));
		json_array_append_new(sigs, s);
	}
	json_object_set_new(o, "signatures", sigs);
	return o;
}

static json_t *show_ca_json(const struct sev_ca_cert *c, bool signature_added)
{
	json_t *o = json_object();
	char *id = cli_hex(c->key_id, sizeof(c->key_id));
	char *cid = cli_hex(c->certifying_id, sizeof(c->certifying_id));

	json_object_set_new(o, "format", json_string("amd"));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "key_id", id ? json_string(id) : json_null());
	json_object_set_new(o, "certifying_id", cid ? json_string(cid) : json_null());
	json_object_set_new(o, "key_algo", json_string("RSA"));
	json_object_set_new(o, "key_bits", json_integer(c->modulus_bits));
	json_object_set_new(o, "signature_algo", json_string(ca_sig_algo_name(c)));
	json_object_set_new(o, "signature_added", json_boolean(signature_added));
	free(id);
	free(cid);
	return o;
}

/* AMD's unsigned Naples ARK: the file held less than the certificate now has. */
static bool signature_added(const struct sev_chain *c, enum sev_chain_role r)
{
	return r == SEV_CHAIN_ARK && c->size[r] < c->ark.len;
}

static json_t *show_json(const char *path, const struct sev_chain *c)
{
	json_t *file = json_object(), *certs = json_array();

	json_object_set_new(file, "file", json_string(path));
	for (int i = 0; i < SEV_CHAIN_ROLES; i++) {
		enum sev_chain_role r = (enum sev_chain_role)i;
		json_t *o, *detail;
		char desc[16], *fp;

		if (!sev_chain_has(c, r))
			continue;
		key_desc(c, r, desc, sizeof(desc));
		fp = fingerprint_hex(c, r);
		o = json_object();
		json_object_set_new(o, "usage", json_string(sev_chain_role_name(r)));
		json_object_set_new(o, "offset", json_integer((json_int_t)c->offset[r]));
		json_object_set_new(o, "size", json_integer((json_int_t)c->size[r]));
		json_object_set_new(o, "key", json_string(desc));
		json_object_set_new(o, "fingerprint", fp ? json_string(fp) : json_null());
		detail = is_ca(r) ? show_ca_json(ca_cert_of(c, r), signature_added(c, r))
				  : show_sev_json(sev_cert_of(c, r));
		json_object_update(o, detail);
		json_decref(detail);
		free(fp);
		json_array_append_new(certs, o);
	}
	json_object_set_new(file, "certificates", certs);
	return file;
}

static void show_sev_text(struct cli *cli, const struct sev_cert *c)
{
	char u[16], a[16];

	cli_print(cli, "  api version:   %u.%u\n", c->api_major, c->api_minor);
	if (c->curve)
		cli_print(cli, "  key:           %s, P-%u (%u bits)\n", sev_algo_name(c->algo),
			  c->key_bits, c->key_bits);
	else
		cli_print(cli, "  key:           %s, %u bits\n", sev_algo_name(c->algo),
			  c->key_bits);
	for (int i = 0; i < 2; i++) {
		const struct sev_cert_sig *s = &c->sig[i];

		if (s->empty)
			cli_print(cli, "  signature %d:   empty\n", i + 1);
		else
			cli_print(cli, "  signature %d:   by the %s, %s\n", i + 1,
				  field_text(sev_usage_name(s->usage), s->usage, u, sizeof(u)),
				  field_text(sev_algo_name(s->algo), s->algo, a, sizeof(a)));
	}
}

static void show_ca_text(struct cli *cli, const struct sev_ca_cert *c, bool added)
{
	char id[33], cid[33];

	sk_hex_encode(id, c->key_id, sizeof(c->key_id));
	sk_hex_encode(cid, c->certifying_id, sizeof(c->certifying_id));
	cli_print(cli, "  api version:   -\n");
	cli_print(cli, "  key:           RSA, %u bits\n", c->modulus_bits);
	cli_print(cli, "  key id:        %s\n", id);
	cli_print(cli, "  signature:     by key %s, %s%s\n", cid, ca_sig_algo_name(c),
		  added ? " (absent from the file; AMD's published signature used)" : "");
}

static void show_text(struct cli *cli, const char *path, const struct sev_chain *c)
{
	cli_print(cli, "%s:\n", path);
	for (int i = 0; i < SEV_CHAIN_ROLES; i++) {
		enum sev_chain_role r = (enum sev_chain_role)i;
		char *fp;

		if (!sev_chain_has(c, r))
			continue;
		fp = fingerprint_hex(c, r);
		cli_print(cli, "%s\n", sev_chain_role_name(r));
		cli_print(cli, "  format:        %s version 1, %zu bytes at offset 0x%zx\n",
			  is_ca(r) ? "AMD signing-key certificate" : "SEV certificate", c->size[r],
			  c->offset[r]);
		if (is_ca(r))
			show_ca_text(cli, ca_cert_of(c, r), signature_added(c, r));
		else
			show_sev_text(cli, sev_cert_of(c, r));
		cli_print(cli, "  fingerprint:   %s\n", fp ? fp : "?");
		free(fp);
	}
}

/* ---- cert show: AMD's X.509 certificates (ARK, ASK, ASVK, VCEK, VLEK) ----- */

/*
 * X.509 in DER starts with a SEQUENCE tag (SEV and AMD signing-key
 * certificates with version 1), in PEM with its armour.
 */
static bool is_x509(const uint8_t *p, size_t n)
{
	return (n && p[0] == 0x30) || memmem(p, n, "-----BEGIN ", 11);
}

static void x509_format(const struct sev_snp_x509_info *x, size_t i, size_t n, char *buf,
			size_t len)
{
	if (!x->pem)
		snprintf(buf, len, "X.509 certificate, DER, %zu bytes", x->der_len);
	else
		snprintf(buf, len, "X.509 certificate, PEM (%zu of %zu), %zu bytes of DER", i + 1,
			 n, x->der_len);
}

static void x509_key(const struct sev_snp_x509_info *x, char *buf, size_t n)
{
	if (x->curve[0])
		snprintf(buf, n, "%s, %s (%u bits)", x->key_type, x->curve, x->key_bits);
	else
		snprintf(buf, n, "%s, %u bits", x->key_type, x->key_bits);
}

static void vek_text(struct cli *cli, const struct sev_snp_vek_info *v)
{
	uint64_t tcb = sev_snp_vek_tcb(v);
	char spl[64], *hw = cli_hex(v->hwid, v->hwid_len);

	sev_snp_tcb_format(tcb, v->product, spl, sizeof(spl));
	cli_print(cli, "  product:       %s\n", v->product_name);
	cli_print(cli, "  tcb:           0x%016llx  %s\n", (unsigned long long)tcb, spl);
	if (v->kind == SEV_SNP_KEY_VCEK)
		cli_print(cli, "  hwid:          %s\n", hw ? hw : "?");
	else if (v->csp_id[0])
		cli_print(cli, "  csp id:        %s\n", v->csp_id);
	free(hw);
}

static void x509_text(struct cli *cli, const struct sev_snp_x509_info *x, size_t i, size_t n)
{
	char fmt[96], key[48], nb[32], na[32], *fp = cli_hex(x->sha256, sizeof(x->sha256));

	x509_format(x, i, n, fmt, sizeof(fmt));
	x509_key(x, key, sizeof(key));
	sk_time_format(x->not_before, nb, sizeof(nb));
	sk_time_format(x->not_after, na, sizeof(na));
	cli_print(cli, "%s\n  format:        %s\n", x->role, fmt);
	cli_print(cli, "  subject:       %s\n  issuer:        %s\n", x->subject, x->issuer);
	cli_print(cli, "  serial:        0x%s\n  validity:      %s to %s\n", x->serial, nb, na);
	cli_print(cli, "  key:           %s\n  signature:     %s\n", key, x->sig_algo);
	if (x->is_vek)
		vek_text(cli, &x->vek);
	cli_print(cli, "  fingerprint:   %s (SHA-256 of the DER)\n", fp ? fp : "?");
	free(fp);
}

static json_t *vek_json(const struct sev_snp_vek_info *v)
{
	const struct sev_snp_tcb *t = &v->tcb;
	char raw[24], *hw = cli_hex(v->hwid, v->hwid_len);
	json_t *o = json_object(), *tcb = json_object();

	snprintf(raw, sizeof(raw), "0x%016llx", (unsigned long long)sev_snp_vek_tcb(v));
	json_object_set_new(o, "product", json_string(v->product_name));
	json_object_set_new(o, "struct_version",
			    v->struct_version < 0 ? json_null() : json_integer(v->struct_version));
	if (v->has_fmc)
		json_object_set_new(tcb, "fmc", json_integer(t->fmc));
	json_object_set_new(tcb, "bootloader", json_integer(t->bootloader));
	json_object_set_new(tcb, "tee", json_integer(t->tee));
	json_object_set_new(tcb, "snp", json_integer(t->snp));
	json_object_set_new(tcb, "microcode", json_integer(t->microcode));
	json_object_set_new(tcb, "raw", json_string(raw));
	json_object_set_new(o, "tcb", tcb);
	if (v->kind == SEV_SNP_KEY_VCEK)
		json_object_set_new(o, "hwid", hw ? json_string(hw) : json_null());
	else
		json_object_set_new(o, "csp_id", json_string(v->csp_id));
	free(hw);
	return o;
}

static json_t *x509_json(const struct sev_snp_x509_info *x)
{
	json_t *o = json_object();
	char nb[32], na[32], *fp = cli_hex(x->sha256, sizeof(x->sha256));

	sk_time_format(x->not_before, nb, sizeof(nb));
	sk_time_format(x->not_after, na, sizeof(na));
	json_object_set_new(o, "usage", json_string(x->role));
	json_object_set_new(o, "format", json_string("x509"));
	json_object_set_new(o, "encoding", json_string(x->pem ? "pem" : "der"));
	json_object_set_new(o, "size", json_integer((json_int_t)x->der_len));
	json_object_set_new(o, "subject", json_string(x->subject));
	json_object_set_new(o, "issuer", json_string(x->issuer));
	json_object_set_new(o, "serial", json_string(x->serial));
	json_object_set_new(o, "not_before", json_string(nb));
	json_object_set_new(o, "not_after", json_string(na));
	json_object_set_new(o, "key_algo", json_string(x->key_type));
	json_object_set_new(o, "key_bits", json_integer(x->key_bits));
	json_object_set_new(o, "curve", x->curve[0] ? json_string(x->curve) : json_null());
	json_object_set_new(o, "signature_algo", json_string(x->sig_algo));
	json_object_set_new(o, "fingerprint", fp ? json_string(fp) : json_null());
	if (x->is_vek)
		json_object_update_new(o, vek_json(&x->vek));
	free(fp);
	return o;
}

#define X509_SHOW_MAX 8

/* Describe a file of X.509 certificates; returns an exit code. */
static int show_x509(struct cli *cli, const char *path, const uint8_t *data, size_t len,
		     json_t *files)
{
	struct sev_snp_x509_info *x = calloc(X509_SHOW_MAX, sizeof(*x));
	json_t *certs;
	size_t n = 0;
	int rc;

	if (!x)
		return cli_exit(-ENOMEM);
	cli_input_begin(cli, path);
	rc = cli_exit(cli_input_end(cli, sev_snp_x509_describe(data, len, x, X509_SHOW_MAX, &n)));
	if (!rc && cli->json) {
		certs = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(certs, x509_json(&x[i]));
		json_array_append_new(files, json_pack("{s:s,s:o}", "file", path,
						       "certificates", certs));
	} else if (!rc) {
		cli_print(cli, "%s:\n", path);
		for (size_t i = 0; i < n; i++)
			x509_text(cli, &x[i], i, n);
	}
	free(x);
	return rc;
}

/* One FILE of cert show: a SEV chain file, or AMD's X.509 certificates. */
static int show_file(struct cli *cli, const char *path, json_t *files)
{
	struct sev_chain c;
	uint8_t *data;
	size_t n;
	int rc = cli_read_file(cli, path, CHAIN_MAX, &data, &n);

	if (rc)
		return cli_exit(rc);
	if (is_x509(data, n))
		rc = show_x509(cli, path, data, n, files);
	else if (!(rc = parse_chain(cli, path, data, n, &c)) && cli->json)
		json_array_append_new(files, show_json(path, &c));
	else if (!rc)
		show_text(cli, path, &c);
	free(data);
	return rc;
}

int cmd_cert_show(struct cli *cli, int argc, char **argv)
{
	json_t *files = json_array();
	int r, rc = 0;

	while ((r = cli_next_option(cli, argc, argv, NULL)) != CLI_DONE)
		if (r < 0) {
			json_decref(files);
			return cli_stop_code(r);
		}
	if (optind >= argc) {
		json_decref(files);
		return cli_usage_error(cli, "expected at least one FILE");
	}
	for (int i = optind; i < argc; i++) {
		int one = show_file(cli, argv[i], files);

		rc = rc ? rc : one;
	}
	if (cli->json && !rc)
		cli_json(cli, json_pack("{s:o}", "files", files));
	else
		json_decref(files);
	return rc;
}

/* ---- cert verify -------------------------------------------------------- */

enum {
	OPT_SEV = 0x100,
	OPT_PDH,
	OPT_PEK,
	OPT_OCA,
	OPT_CEK,
	OPT_CA,
};

static const struct cli_option verify_options[] = {
	{ "sev", 0, OPT_SEV, "FILE", "the chain to verify (same as the CHAIN operand)" },
	{ "pdh", 0, OPT_PDH, "FILE", "take the PDH from FILE" },
	{ "pek", 0, OPT_PEK, "FILE", "take the PEK from FILE" },
	{ "oca", 0, OPT_OCA, "FILE", "take the OCA from FILE (e.g. your own owner certificate)" },
	{ "cek", 0, OPT_CEK, "FILE", "take the CEK from FILE (e.g. the one AMD's KDS signed)" },
	{ "ca", 0, OPT_CA, "FILE",
	  "trust the ARK (and ASK) in FILE instead of the builtin AMD ones" },
	{ 0 },
};

struct verify_args {
	const char *chain;
	const char *part[SEV_CHAIN_ROLES]; /* --pdh .. --cek */
	const char *ca;
};

/* Replace one certificate of c by the one of that role in path. */
static int take_part(struct cli *cli, struct sev_chain *c, enum sev_chain_role r,
		     const char *path)
{
	struct sev_chain part;
	int rc = load_chain(cli, path, &part, NULL, NULL);

	if (rc)
		return rc;
	if (!sev_chain_has(&part, r)) {
		cli_error(cli, "%s: holds no %s certificate", path, sev_chain_role_name(r));
		return SEV_EXIT_INPUT;
	}
	if (r == SEV_CHAIN_PDH)
		c->pdh = part.pdh;
	else if (r == SEV_CHAIN_PEK)
		c->pek = part.pek;
	else if (r == SEV_CHAIN_OCA)
		c->oca = part.oca;
	else
		c->cek = part.cek;
	c->present |= 1u << r;
	return 0;
}

static const char *mark(const struct cli *cli, enum sev_link_status st, bool self, char *buf,
			size_t n)
{
	bool ok = st == SEV_LINK_OK;
	const char *m = self ? (ok ? MARK_SELF : MARK_BAD_SELF)
			     : (ok ? MARK_SIGNS : MARK_BAD_SIGNS);

	snprintf(buf, n, "%s%s%s", ok ? cli_green(cli) : cli_red(cli), m, cli_reset(cli));
	return buf;
}

/* One tree line as sevctl prints it: indent, self-sign mark or a space, signs mark, certificate. */
static void tree_line(struct cli *cli, const struct sev_chain_result *res, const char *indent,
		      int self_link, enum sev_link_id link, enum sev_chain_role r)
{
	char self[32] = " ", signs[32];

	if (self_link >= 0)
		mark(cli, res->link[self_link].status, true, self, sizeof(self));
	cli_print(cli, "%s%s%s ", indent, self,
		  mark(cli, res->link[link].status, false, signs, sizeof(signs)));
	print_cert_line(cli, &res->used, r);
}

static void verify_text(struct cli *cli, const struct sev_chain_result *res)
{
	print_cert_line(cli, &res->used, SEV_CHAIN_PDH);
	tree_line(cli, res, "", -1, SEV_LINK_PEK_PDH, SEV_CHAIN_PEK);
	tree_line(cli, res, "   ", SEV_LINK_OCA_SELF, SEV_LINK_OCA_PEK, SEV_CHAIN_OCA);
	tree_line(cli, res, "   ", -1, SEV_LINK_CEK_PEK, SEV_CHAIN_CEK);
	tree_line(cli, res, "      ", -1, SEV_LINK_ASK_CEK, SEV_CHAIN_ASK);
	tree_line(cli, res, "         ", SEV_LINK_ARK_SELF, SEV_LINK_ARK_ASK, SEV_CHAIN_ARK);
	cli_print(cli, "\n%s\n", LEGEND);
}

static json_t *fingerprint_json(const struct sev_chain *c, enum sev_chain_role r)
{
	char *fp = sev_chain_has(c, r) ? fingerprint_hex(c, r) : NULL;
	json_t *j = fp ? json_string(fp) : json_null();

	free(fp);
	return j;
}

static json_t *verify_json(const struct sev_chain_result *res, bool builtin, int rc)
{
	json_t *doc = json_object(), *links = json_array();

	json_object_set_new(doc, "verified", json_boolean(rc == 0));
	json_object_set_new(doc, "generation",
			    res->generation ? json_string(res->generation) : json_null());
	json_object_set_new(doc, "roots", json_string(builtin ? "builtin" : "file"));
	for (int i = 0; i < SEV_LINKS; i++) {
		const struct sev_link *l = &res->link[i];
		json_t *o = json_object();

		json_object_set_new(o, "signer", json_string(sev_chain_role_name(l->signer)));
		json_object_set_new(o, "signee", json_string(sev_chain_role_name(l->signee)));
		json_object_set_new(o, "status", json_string(sev_link_status_name(l->status)));
		json_object_set_new(o, "signer_fingerprint",
				    fingerprint_json(&res->used, l->signer));
		json_object_set_new(o, "signee_fingerprint",
				    fingerprint_json(&res->used, l->signee));
		json_object_set_new(o, "reason", l->reason ? json_string(l->reason) : json_null());
		json_array_append_new(links, o);
	}
	json_object_set_new(doc, "links", links);
	return doc;
}

/* Returns true when the command must stop (--help, usage error) with exit code *code. */
static bool parse_verify_args(struct cli *cli, int argc, char **argv, struct verify_args *a,
			      int *code)
{
	int r;

	memset(a, 0, sizeof(*a));
	while ((r = cli_next_option(cli, argc, argv, verify_options)) != CLI_DONE) {
		if (r < 0) {
			*code = cli_stop_code(r);
			return true;
		}
		if (r == OPT_SEV)
			a->chain = cli->optarg;
		else if (r == OPT_CA)
			a->ca = cli->optarg;
		else
			a->part[r - OPT_PDH] = cli->optarg;
	}
	*code = 0;
	if (argc - optind > 1 || (argc - optind == 1 && a->chain))
		*code = cli_usage_error(cli, "expected one CHAIN (or --sev FILE)");
	if (argc - optind == 1)
		a->chain = argv[optind];
	if (!*code && !a->chain && !a->part[SEV_CHAIN_PDH] && !a->part[SEV_CHAIN_PEK] &&
	    !a->part[SEV_CHAIN_OCA] && !a->part[SEV_CHAIN_CEK])
		*code = cli_usage_error(cli, "nothing to verify: give a CHAIN or certificates");
	return *code != 0;
}

static int gather(struct cli *cli, const struct verify_args *a, struct sev_chain *c,
		  struct sev_chain *ca)
{
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (a->chain)
		rc = load_chain(cli, a->chain, c, NULL, NULL);
	for (int r = SEV_CHAIN_PDH; !rc && r <= SEV_CHAIN_CEK; r++)
		if (a->part[r])
			rc = take_part(cli, c, (enum sev_chain_role)r, a->part[r]);
	if (!rc && a->ca)
		rc = load_chain(cli, a->ca, ca, NULL, NULL);
	if (!rc && a->ca && !sev_chain_has(ca, SEV_CHAIN_ARK)) {
		cli_error(cli, "%s: holds no ARK to trust", a->ca);
		rc = SEV_EXIT_INPUT;
	}
	return rc;
}

int cmd_cert_verify(struct cli *cli, int argc, char **argv)
{
	struct sev_chain_result *res = NULL;
	struct sev_chain chain, ca;
	struct verify_args a;
	int rc;

	if (parse_verify_args(cli, argc, argv, &a, &rc))
		return rc;
	rc = gather(cli, &a, &chain, &ca);
	if (rc)
		return rc;
	res = malloc(sizeof(*res));
	if (!res)
		return cli_exit(-ENOMEM);
	rc = sev_chain_verify(&chain, a.ca ? &ca : NULL, res);
	if (rc && rc != SEV_E_VERIFY) {
		free(res);
		return cli_exit(rc);
	}
	if (cli->json)
		cli_json(cli, verify_json(res, !a.ca, rc));
	else
		verify_text(cli, res);
	for (int i = 0; i < SEV_LINKS; i++)
		if (res->link[i].status != SEV_LINK_OK)
			cli_error(cli, "%s -> %s: %s: %s", sev_chain_role_name(res->link[i].signer),
				  sev_chain_role_name(res->link[i].signee),
				  sev_link_status_name(res->link[i].status), res->link[i].reason);
	free(res);
	return cli_exit(rc);
}

/* ---- cert split --------------------------------------------------------- */

static const struct cli_option force_options[] = {
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

/* Returns true when the command must stop (--help, usage error) with exit code *code. */
static bool parse_force(struct cli *cli, int argc, char **argv, int *code)
{
	int r;

	*code = 0;
	while ((r = cli_next_option(cli, argc, argv, force_options)) != CLI_DONE) {
		if (r < 0) {
			*code = cli_stop_code(r);
			return true;
		}
	}
	return false;
}

static int split_add(struct cli *cli, struct sk_outset *o, const char *dir,
		     enum sev_chain_role r, const uint8_t *data, size_t len, json_t *files)
{
	static const char *const names[] = { "pdh", "pek", "oca", "cek", "ask", "ark" };
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s.cert", dir, names[r]);
	rc = cli_outset_add(cli, o, path, data, len, 0644);
	if (rc)
		return rc;
	json_array_append_new(files, json_pack("{s:s,s:s,s:I}", "usage", sev_chain_role_name(r),
					       "path", path, "size", (json_int_t)len));
	return 0;
}

int cmd_cert_split(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c;
	struct sk_outset o;
	json_t *files;
	uint8_t *buf;
	size_t len;
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected FILE and DIR");
	rc = load_chain(cli, argv[optind], &c, &buf, &len);
	if (rc)
		return rc;
	cli_outset_init(cli, &o);
	files = json_array();
	for (int i = 0; !rc && i < SEV_CHAIN_ROLES; i++)
		if (sev_chain_has(&c, (enum sev_chain_role)i))
			rc = split_add(cli, &o, argv[optind + 1], (enum sev_chain_role)i,
				       buf + c.offset[i], c.size[i], files);
	if (!rc)
		rc = cli_exit(sk_outset_commit(&o));
	sk_outset_free(&o);
	free(buf);
	if (!rc && cli->json) {
		cli_json(cli, json_pack("{s:o}", "files", files));
		return 0;
	}
	for (size_t i = 0; !rc && i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);

		cli_print(cli, "%s: %s, %" JSON_INTEGER_FORMAT " bytes\n",
			  json_string_value(json_object_get(f, "path")),
			  json_string_value(json_object_get(f, "usage")),
			  json_integer_value(json_object_get(f, "size")));
	}
	json_decref(files);
	return rc;
}

/* ---- cert generate-oca -------------------------------------------------- */

int cmd_cert_generate_oca(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c = { .present = 0 };
	uint8_t oca[SEV_CERT_SIZE], *pem = NULL;
	struct sk_outset o;
	size_t pem_len = 0;
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected CERT and KEY");
	rc = cli_check_output(cli, argv[optind], false);
	if (!rc)
		rc = cli_check_output(cli, argv[optind + 1], false);
	if (rc)
		return rc;
	rc = cli_exit(sev_oca_generate(oca, &pem, &pem_len));
	cli_outset_init(cli, &o);
	if (!rc)
		rc = cli_outset_add(cli, &o, argv[optind], oca, SEV_CERT_SIZE, 0644);
	if (!rc)
		rc = cli_outset_add(cli, &o, argv[optind + 1], pem, pem_len, 0600);
	if (!rc)
		rc = cli_exit(sk_outset_commit(&o));
	sk_outset_free(&o);
	sev_secret_free(pem, pem_len);
	if (rc)
		return rc;
	if (sev_cert_parse(oca, SEV_CERT_SIZE, &c.oca))
		return SEV_EXIT_INTERNAL;
	c.present = 1u << SEV_CHAIN_OCA;
	if (cli->json)
		cli_json(cli, json_pack("{s:s,s:s,s:o}", "certificate", argv[optind], "key",
					argv[optind + 1], "fingerprint",
					fingerprint_json(&c, SEV_CHAIN_OCA)));
	else
		print_cert_line(cli, &c, SEV_CHAIN_OCA);
	return 0;
}

/* ---- cert sign-pek ------------------------------------------------------ */

/* Exactly one SEV certificate from a file; returns an exit code. */
static int read_one_cert(struct cli *cli, const char *path, uint8_t out[SEV_CERT_SIZE])
{
	struct sev_cert c;
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, SEV_CERT_SIZE + 1, &buf, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = sev_cert_parse(buf, len, &c);
	if (!rc)
		memcpy(out, buf, SEV_CERT_SIZE);
	free(buf);
	return cli_exit(cli_input_end(cli, rc));
}

static int sign_pek(struct cli *cli, char **files, uint8_t out[SEV_CERT_SIZE],
		    uint8_t oca[SEV_CERT_SIZE])
{
	uint8_t csr[SEV_CERT_SIZE], *key = NULL;
	size_t key_len = 0;
	int rc;

	if ((rc = read_one_cert(cli, files[0], csr)) || (rc = read_one_cert(cli, files[1], oca)))
		return rc;
	if ((rc = cli_read_secret(cli, files[2], 64 << 10, &key, &key_len)))
		return cli_exit(rc);
	rc = sev_pek_sign(csr, oca, key, key_len, out);
	sk_file_free_secret(key, key_len);
	/* the library names the fault, not the files it came from */
	if (rc == SEV_E_VERIFY || rc == SEV_E_FORMAT || rc == SEV_E_UNSUPPORTED)
		cli_error(cli, "%s signed by %s with %s", files[0], files[1], files[2]);
	return cli_exit(rc);
}

int cmd_cert_sign_pek(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c = { .present = 1u << SEV_CHAIN_PEK | 1u << SEV_CHAIN_OCA };
	uint8_t pek[SEV_CERT_SIZE], oca[SEV_CERT_SIZE];
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 4)
		return cli_usage_error(cli, "expected CSR, OCA-CERT, OCA-KEY and OUT");
	if ((rc = cli_check_output(cli, argv[optind + 3], false)) ||
	    (rc = sign_pek(cli, argv + optind, pek, oca)) ||
	    (rc = cli_write_file(cli, argv[optind + 3], pek, SEV_CERT_SIZE, 0644)))
		return rc;
	sev_cert_parse(pek, SEV_CERT_SIZE, &c.pek);
	sev_cert_parse(oca, SEV_CERT_SIZE, &c.oca);
	if (cli->json) {
		cli_json(cli, json_pack("{s:s,s:o,s:o}", "written", argv[optind + 3],
					"pek_fingerprint", fingerprint_json(&c, SEV_CHAIN_PEK),
					"oca_fingerprint", fingerprint_json(&c, SEV_CHAIN_OCA)));
		return 0;
	}
	cli_print(cli, "%s: the PEK, signed by the OCA\n", argv[optind + 3]);
	print_cert_line(cli, &c, SEV_CHAIN_PEK);
	print_cert_line(cli, &c, SEV_CHAIN_OCA);
	return 0;
}
