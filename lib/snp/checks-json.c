/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Policy files (a JSON object of checks, the same names as the options of
 * `sevkit report verify`) and reference-values documents (`sevkit measure
 * --json`), read into struct sev_snp_checks.
 */
#include <sevkit/snp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crypto/base64.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/number.h"

typedef int (*key_fn)(struct sev_snp_checks *c, const char *key, json_t *v);

static int bad(const char *key, const char *what)
{
	return sk_fail(SEV_E_FORMAT, "policy file: \"%s\" must be %s", key, what);
}

static int hex_field(json_t *v, const char *key, uint8_t *out, size_t n, bool *has)
{
	if (!json_is_string(v) || sk_hex_decode(out, n, json_string_value(v)))
		return sk_fail(SEV_E_FORMAT, "policy file: \"%s\" must be %zu bytes of hex", key,
			       n);
	*has = true;
	return 0;
}

/* A number as a JSON integer or as a decimal/0x-hex string. */
static int number(json_t *v, const char *key, uint64_t max, uint64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    (uint64_t)json_integer_value(v) <= max) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && sk_parse_uint(json_string_value(v), max, out) == 0)
		return 0;
	return bad(key, "a number in range");
}

static int flag(json_t *v, const char *key, bool *out, bool *has)
{
	if (!json_is_boolean(v))
		return bad(key, "true or false");
	*out = json_is_true(v);
	*has = true;
	return 0;
}

static int version_pair(json_t *v, const char *key, uint8_t *major, uint8_t *minor, bool *has)
{
	unsigned a, b;
	int used = 0;

	if (!json_is_string(v) || sscanf(json_string_value(v), "%3u.%3u%n", &a, &b, &used) != 2 ||
	    json_string_value(v)[used] || a > 255 || b > 255)
		return bad(key, "\"MAJOR.MINOR\"");
	*major = (uint8_t)a;
	*minor = (uint8_t)b;
	*has = true;
	return 0;
}

static int spl_object(json_t *v, const char *key, struct sev_snp_tcb_spec *s)
{
	static const char *const names[] = { "fmc", "bl", "tee", "snp", "ucode" };
	uint8_t *dst[] = { &s->spl.fmc, &s->spl.bootloader, &s->spl.tee, &s->spl.snp,
			   &s->spl.microcode };
	const char *k;
	json_t *x;

	json_object_foreach(v, k, x) {
		size_t i;
		uint64_t n;

		for (i = 0; i < 5 && strcmp(k, names[i]); i++)
			;
		if (i == 5 || number(x, key, 255, &n))
			return bad(key, "an object of SPLs fmc, bl, tee, snp, ucode (0-255)");
		*dst[i] = (uint8_t)n;
	}
	s->set = true;
	return 0;
}

static int tcb_spec(json_t *v, const char *key, struct sev_snp_tcb_spec *s)
{
	uint64_t raw;

	memset(s, 0, sizeof(*s));
	if (json_is_object(v))
		return spl_object(v, key, s);
	if (json_is_string(v) && strchr(json_string_value(v), '='))
		return sev_snp_tcb_spec_parse(json_string_value(v), s) ? bad(key, "a TCB") : 0;
	if (number(v, key, UINT64_MAX, &raw))
		return bad(key, "a TCB: a number, \"bl=N,tee=N,...\" or an object of SPLs");
	s->set = s->is_raw = true;
	s->raw = raw;
	return 0;
}

static int bit_list(json_t *v, const char *key, uint64_t *mask)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v))
		return bad(key, "an array of PLATFORM_INFO bit names");
	json_array_foreach(v, i, x) {
		uint64_t m;

		if (!json_is_string(x) || sev_snp_platform_bit_by_name(json_string_value(x), &m))
			return sk_fail(SEV_E_FORMAT, "policy file: \"%s\": unknown bit %s", key,
				       json_is_string(x) ? json_string_value(x) : "(not a string)");
		*mask |= m;
	}
	return 0;
}

/* "Milan", or a stepping "Milan-B0" (the stepping is checked too, never ignored) */
static int product_name(json_t *v, const char *key, enum sev_snp_product *p, char stepping[8])
{
	if (!json_is_string(v) || sev_snp_product_spec_parse(json_string_value(v), p, stepping))
		return bad(key, "Milan, Genoa or Turin, or one with a stepping (Milan-B0)");
	return 0;
}

static int deny_entry(struct sev_snp_checks *c, json_t *e)
{
	struct sev_snp_deny *d = &c->deny[c->n_deny];
	const char *k;
	json_t *x;
	int rc;

	if (!json_is_object(e) || !json_object_size(e))
		return bad("deny", "an array of objects with \"product\" and/or \"tcb\"");
	memset(d, 0, sizeof(*d));
	json_object_foreach(e, k, x) {
		if (strcmp(k, "tcb") == 0) {
			if ((rc = tcb_spec(x, "deny.tcb", &d->tcb)))
				return rc;
		} else if (strcmp(k, "product") == 0) {
			/* "Milan-B0" denies that stepping only */
			if ((rc = product_name(x, "deny.product", &d->product, d->stepping)))
				return rc;
		} else {
			return sk_fail(SEV_E_FORMAT, "policy file: deny: unknown key \"%s\"", k);
		}
	}
	c->n_deny++;
	return 0;
}

static int deny_list(struct sev_snp_checks *c, const char *key, json_t *v)
{
	size_t i;
	json_t *e;
	int rc;

	if (!json_is_array(v))
		return bad(key, "an array");
	json_array_foreach(v, i, e) {
		if (c->n_deny == SEV_SNP_DENY_MAX)
			return sk_fail(SEV_E_TOOBIG, "policy file: more than %d deny entries",
				       SEV_SNP_DENY_MAX);
		if ((rc = deny_entry(c, e)))
			return rc;
	}
	return 0;
}

static int scalar(struct sev_snp_checks *c, const char *k, json_t *v)
{
	uint64_t n;
	int rc;

	if (!strcmp(k, "policy")) {
		if ((rc = number(v, k, UINT64_MAX, &c->policy)))
			return rc;
		c->has_policy = true;
	} else if (!strcmp(k, "min_build")) {
		if ((rc = number(v, k, 255, &n)))
			return rc;
		c->min_build = (uint8_t)n;
		c->has_min_build = true;
	} else if (!strcmp(k, "min_guest_svn")) {
		if ((rc = number(v, k, UINT32_MAX, &n)))
			return rc;
		c->min_guest_svn = (uint32_t)n;
		c->has_min_guest_svn = true;
	} else if (!strcmp(k, "vmpl")) {
		if ((rc = number(v, k, 3, &n)))
			return rc;
		c->vmpl = (uint32_t)n;
		c->has_vmpl = true;
	} else {
		return 1;
	}
	return 0;
}

static int one_key(struct sev_snp_checks *c, const char *k, json_t *v)
{
	int rc = scalar(c, k, v);

	if (rc <= 0)
		return rc;
	if (!strcmp(k, "measurement"))
		return hex_field(v, k, c->measurement, 48, &c->has_measurement);
	if (!strcmp(k, "report_data"))
		return hex_field(v, k, c->report_data, 64, &c->has_report_data);
	if (!strcmp(k, "host_data"))
		return hex_field(v, k, c->host_data, 32, &c->has_host_data);
	if (!strcmp(k, "family_id"))
		return hex_field(v, k, c->family_id, 16, &c->has_family_id);
	if (!strcmp(k, "image_id"))
		return hex_field(v, k, c->image_id, 16, &c->has_image_id);
	if (!strcmp(k, "id_key_digest"))
		return hex_field(v, k, c->id_key_digest, 48, &c->has_id_key_digest);
	if (!strcmp(k, "author_key_digest"))
		return hex_field(v, k, c->author_key_digest, 48, &c->has_author_key_digest);
	if (!strcmp(k, "allow_debug"))
		return flag(v, k, &c->allow_debug, &c->has_allow_debug);
	if (!strcmp(k, "allow_migrate_ma"))
		return flag(v, k, &c->allow_migrate_ma, &c->has_allow_migrate_ma);
	if (!strcmp(k, "allow_cxl"))
		return flag(v, k, &c->allow_cxl, &c->has_allow_cxl);
	if (!strcmp(k, "forbid_smt"))
		return flag(v, k, &c->forbid_smt, &c->has_forbid_smt);
	if (!strcmp(k, "require_single_socket"))
		return flag(v, k, &c->require_single_socket, &c->has_require_single_socket);
	if (!strcmp(k, "min_abi"))
		return version_pair(v, k, &c->min_abi_major, &c->min_abi_minor, &c->has_min_abi);
	if (!strcmp(k, "min_version"))
		return version_pair(v, k, &c->min_version_major, &c->min_version_minor,
				    &c->has_min_version);
	if (!strcmp(k, "min_tcb"))
		return tcb_spec(v, k, &c->min_reported_tcb);
	if (!strcmp(k, "min_committed_tcb"))
		return tcb_spec(v, k, &c->min_committed_tcb);
	if (!strcmp(k, "min_launch_tcb"))
		return tcb_spec(v, k, &c->min_launch_tcb);
	if (!strcmp(k, "min_current_tcb"))
		return tcb_spec(v, k, &c->min_current_tcb);
	if (!strcmp(k, "platform_require"))
		return bit_list(v, k, &c->platform_require);
	if (!strcmp(k, "platform_forbid"))
		return bit_list(v, k, &c->platform_forbid);
	if (!strcmp(k, "product"))
		return product_name(v, k, &c->product, c->stepping);
	if (!strcmp(k, "deny"))
		return deny_list(c, k, v);
	return sk_fail(SEV_E_FORMAT, "policy file: unknown key \"%s\"", k);
}

static int load(const char *text, size_t len, const char *what, json_t **doc)
{
	json_error_t err;

	*doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!*doc)
		return sk_fail(SEV_E_FORMAT, "%s: line %d: %s", what, err.line, err.text);
	if (!json_is_object(*doc)) {
		json_decref(*doc);
		return sk_fail(SEV_E_FORMAT, "%s: not a JSON object", what);
	}
	return 0;
}

int sev_snp_checks_from_json(struct sev_snp_checks *c, const char *text, size_t len)
{
	const char *k;
	json_t *doc, *v;
	int rc = load(text, len, "policy file", &doc);

	if (rc)
		return rc;
	json_object_foreach(doc, k, v) {
		if ((rc = one_key(c, k, v)))
			break;
	}
	json_decref(doc);
	return rc;
}

/*
 * The keys of `sevkit measure --json` that say how the measurement was made:
 * known, and no checks. Anything else would be a check sevkit does not run.
 */
static const char *const reference_info_keys[] = {
	"mode", "vcpus", "vcpu_type", "vcpu_sig", "vmm_type", "vmsa_features", "guest_features",
	"vars_size", "inputs", "sevkit_reference_values", "measurement", "measurement_base64",
	"policy",
};

static int reference_keys(json_t *doc)
{
	const char *k;
	json_t *v;

	json_object_foreach(doc, k, v) {
		size_t i = 0;

		while (i < sizeof(reference_info_keys) / sizeof(reference_info_keys[0]) &&
		       strcmp(k, reference_info_keys[i]))
			i++;
		if (i == sizeof(reference_info_keys) / sizeof(reference_info_keys[0]))
			return sk_fail(SEV_E_FORMAT, "reference values: unknown key \"%s\"", k);
	}
	return 0;
}

/* measurement_base64, when present, must be the same digest as measurement. */
static int reference_base64(json_t *doc, const uint8_t measurement[48])
{
	json_t *b = json_object_get(doc, "measurement_base64");
	uint8_t *raw = NULL;
	size_t n = 0;
	int rc = 0;

	if (!b)
		return 0;
	if (!json_is_string(b) ||
	    sk_base64_decode(json_string_value(b), strlen(json_string_value(b)), &raw, &n) ||
	    n != 48 || memcmp(raw, measurement, 48))
		rc = sk_fail(SEV_E_FORMAT, "reference values: \"measurement_base64\" is not "
			     "the measurement");
	free(raw);
	return rc;
}

static int reference_version(json_t *doc)
{
	json_t *ver = json_object_get(doc, "sevkit_reference_values");

	if (!ver)
		return sk_fail(SEV_E_FORMAT,
			       "reference values: \"sevkit_reference_values\" is missing");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		return sk_fail(SEV_E_FORMAT, "reference values: \"sevkit_reference_values\" is "
			       "not 1 (the only version known)");
	return 0;
}

static int reference_checks(struct sev_snp_checks *c, json_t *doc)
{
	json_t *mode = json_object_get(doc, "mode"), *pol = json_object_get(doc, "policy");
	int rc;

	if ((rc = reference_version(doc)) || (rc = reference_keys(doc)))
		return rc;
	if (!json_is_string(mode) || (strcmp(json_string_value(mode), "snp") &&
				      strcmp(json_string_value(mode), "snp:svsm")))
		return sk_fail(SEV_E_FORMAT, "reference values: mode is not snp or snp:svsm");
	if (hex_field(json_object_get(doc, "measurement"), "measurement", c->measurement, 48,
		      &c->has_measurement))
		return sk_fail(SEV_E_FORMAT,
			       "reference values: \"measurement\" must be 48 bytes of hex");
	if ((rc = reference_base64(doc, c->measurement)))
		return rc;
	if (pol && (rc = number(pol, "policy", UINT64_MAX, &c->policy)))
		return rc;
	c->has_policy = pol != NULL;
	return 0;
}

int sev_snp_checks_from_reference(struct sev_snp_checks *c, const char *text, size_t len)
{
	json_t *doc;
	int rc = load(text, len, "reference values", &doc);

	if (rc)
		return rc;
	rc = reference_checks(c, doc);
	json_decref(doc);
	return rc;
}
