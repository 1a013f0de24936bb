/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert show: SEV and AMD certificates and chain files, and AMD's X.509 certificates */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/cert.h>
#include <sevkit/crypto.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "cert-common.h"
#include "commands.h"

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

	sev_hex_encode(id, c->key_id, sizeof(c->key_id));
	sev_hex_encode(cid, c->certifying_id, sizeof(c->certifying_id));
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
	sev_time_format(x->not_before, nb, sizeof(nb));
	sev_time_format(x->not_after, na, sizeof(na));
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

	sev_time_format(x->not_before, nb, sizeof(nb));
	sev_time_format(x->not_after, na, sizeof(na));
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
