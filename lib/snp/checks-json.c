/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Policy files (a JSON object of checks, keyed as in the check table) and
 * reference-values documents (`sevkit measure --json`), read into struct
 * sev_snp_checks. A JSON string or integer is read as the text the check's
 * option takes; booleans, arrays and objects are for the checks that take them.
 */
#include <sevkit/snp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crypto/base64.h"
#include "snp/check-table.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/number.h"
#include "util/struct.h"

#define POLICY_FILE "policy file"
#define REFERENCE "reference values"

/* A string or an integer as text (an integer in buf), else NULL. */
static const char *scalar(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (!json_is_integer(v))
		return NULL;
	snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return buf;
}

/* {"bl": 2, "snp": 5, ...}: SPLs by name, those not given are 0. */
static int spl_object(const struct sk_snp_check *k, json_t *v, const char *doc,
		      struct sev_snp_tcb_spec *s)
{
	static const char *const names[] = { "fmc", "bl", "tee", "snp", "ucode" };
	struct sev_snp_tcb_spec t;
	uint8_t *dst[] = { &t.spl.fmc, &t.spl.bootloader, &t.spl.tee, &t.spl.snp,
			   &t.spl.microcode };
	const char *name, *text;
	char buf[32];
	json_t *x;

	memset(&t, 0, sizeof(t));
	t.set = true;
	json_object_foreach(v, name, x) {
		size_t i = 0;
		uint64_t n;

		while (i < SK_ARRAY_SIZE(names) && strcmp(name, names[i]))
			i++;
		text = scalar(x, buf, sizeof(buf));
		if (i == SK_ARRAY_SIZE(names) || !text || sk_parse_uint(text, 255, &n))
			return sk_snp_check_bad(k, doc, "an object of SPLs fmc, bl, tee, snp, "
						"ucode (0-255)");
		*dst[i] = (uint8_t)n;
	}
	*s = t;
	return 0;
}

/* A TCB: an object of SPLs, or as its option takes it. */
static int tcb(const struct sk_snp_check *k, json_t *v, const char *doc,
	       struct sev_snp_tcb_spec *s)
{
	char buf[32];
	const char *text = scalar(v, buf, sizeof(buf));

	if (json_is_object(v))
		return spl_object(k, v, doc, s);
	return text ? sk_snp_check_tcb(k, text, doc, s) : sk_snp_check_bad(k, doc, NULL);
}

static int bit_list(const struct sk_snp_check *k, struct sev_snp_checks *c, json_t *v,
		    const char *doc)
{
	static const char what[] = "an array of PLATFORM_INFO bit names";
	uint64_t mask = 0;
	size_t i;
	json_t *x;
	int rc;

	if (!json_is_array(v))
		return sk_snp_check_bad(k, doc, what);
	json_array_foreach(v, i, x) {
		if (!json_is_string(x))
			return sk_snp_check_bad(k, doc, what);
		if ((rc = sk_snp_check_bit(k, doc, json_string_value(x), &mask)))
			return rc;
	}
	*(uint64_t *)sk_check_at(c, k->value) |= mask;
	return 0;
}

/* The value of one row of the table. */
static int value(const struct sk_snp_check *k, struct sev_snp_checks *c, json_t *v,
		 const char *doc)
{
	char buf[32];
	const char *text = scalar(v, buf, sizeof(buf));

	switch (k->kind) {
	case SK_CHECK_ALLOW:
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE:
		text = json_is_boolean(v) ? (json_is_true(v) ? "true" : "false") : NULL;
		break;
	case SK_CHECK_BITS_SET:
	case SK_CHECK_BITS_CLEAR: return bit_list(k, c, v, doc);
	case SK_CHECK_MIN_TCB: return tcb(k, v, doc, sk_check_at(c, k->value));
	default: break;
	}
	return text ? sk_snp_check_parse(k, c, text, doc) : sk_snp_check_bad(k, doc, NULL);
}

/* One member of an entry of the deny list: its row is "deny.MEMBER". */
static int deny_member(struct sev_snp_deny *d, const char *member, json_t *v)
{
	const struct sk_snp_check *k;
	char key[64], buf[32];
	const char *text = scalar(v, buf, sizeof(buf));

	snprintf(key, sizeof(key), "deny.%s", member);
	k = sk_snp_check_find(key, false);
	if (!k)
		return sk_fail(SEV_E_FORMAT, POLICY_FILE ": deny: unknown key \"%s\"", member);
	if (k->kind == SK_CHECK_DENY_TCB)
		return tcb(k, v, POLICY_FILE, &d->tcb);
	if (!text)
		return sk_snp_check_bad(k, POLICY_FILE, NULL);
	return sk_snp_check_product(k, text, POLICY_FILE, &d->product, d->stepping);
}

static int deny_list(struct sev_snp_checks *c, json_t *v)
{
	static const char what[] = "an array of objects with \"product\" and/or \"tcb\"";
	const char *member;
	size_t i;
	json_t *e, *x;
	int rc;

	if (!json_is_array(v))
		return sk_fail(SEV_E_FORMAT, POLICY_FILE ": \"deny\" must be %s", what);
	json_array_foreach(v, i, e) {
		struct sev_snp_deny *d = &c->deny[c->n_deny];

		if (c->n_deny == SEV_SNP_DENY_MAX)
			return sk_fail(SEV_E_TOOBIG, POLICY_FILE ": more than %d deny entries",
				       SEV_SNP_DENY_MAX);
		if (!json_is_object(e) || !json_object_size(e))
			return sk_fail(SEV_E_FORMAT, POLICY_FILE ": \"deny\" must be %s", what);
		memset(d, 0, sizeof(*d));
		json_object_foreach(e, member, x) {
			if ((rc = deny_member(d, member, x)))
				return rc;
		}
		c->n_deny++;
	}
	return 0;
}

/* Keys of the table that name a member of a list ("deny.tcb") are not keys of the file. */
static const struct sk_snp_check *top_level(const char *key)
{
	const struct sk_snp_check *k = sk_snp_check_find(key, false);

	return k && !strchr(k->info.key, '.') ? k : NULL;
}

static int one_key(struct sev_snp_checks *c, const char *key, json_t *v)
{
	const struct sk_snp_check *k = top_level(key);

	if (k)
		return value(k, c, v, POLICY_FILE);
	if (!strcmp(key, "deny"))
		return deny_list(c, v);
	return sk_fail(SEV_E_FORMAT, POLICY_FILE ": unknown key \"%s\"", key);
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

static int do_snp_checks_from_json(struct sev_snp_checks *c, const char *text, size_t len)
{
	const char *k;
	json_t *doc, *v;
	int rc = load(text, len, POLICY_FILE, &doc);

	if (rc)
		return rc;
	json_object_foreach(doc, k, v) {
		if ((rc = one_key(c, k, v)))
			break;
	}
	json_decref(doc);
	return rc;
}

int sev_snp_checks_from_json(struct sev_snp_checks *c, const char *text, size_t len)
{
	struct sev_snp_checks c_mine;
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_snp_checks")))
		return rc;
	rc = do_snp_checks_from_json(&c_mine, text, len);
	sk_struct_out(c, &c_mine, sizeof(c_mine));
	return rc;
}

/*
 * The keys of `sevkit measure --json` that say how the measurement was made:
 * known, and no checks. The checks it holds are the rows of the table marked
 * reference; anything else would be a check sevkit does not run.
 */
static const char *const reference_info_keys[] = {
	"mode", "vcpus", "vcpu_type", "vcpu_sig", "vmm_type", "vmsa_features", "guest_features",
	"vars_size", "inputs", "sevkit_reference_values", "measurement_base64",
};

/* A key of a reference document: a check of it (a row marked reference), or what it was made of. */
static const struct sk_snp_check *reference_key(const char *key, bool *known)
{
	const struct sk_snp_check *k = top_level(key);

	*known = k && k->reference;
	for (size_t i = 0; i < SK_ARRAY_SIZE(reference_info_keys) && !*known; i++)
		*known = !strcmp(key, reference_info_keys[i]);
	return k && k->reference ? k : NULL;
}

/* Every key is checked before any value is read: an unknown one is the first thing said. */
static int reference_keys(struct sev_snp_checks *c, json_t *doc, bool read)
{
	const struct sk_snp_check *k;
	const char *key;
	bool known;
	json_t *v;
	int rc;

	json_object_foreach(doc, key, v) {
		k = reference_key(key, &known);
		if (!known)
			return sk_fail(SEV_E_FORMAT, REFERENCE ": unknown key \"%s\"", key);
		if (read && k && (rc = value(k, c, v, REFERENCE)))
			return rc;
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
		rc = sk_fail(SEV_E_FORMAT, REFERENCE ": \"measurement_base64\" is not "
			     "the measurement");
	free(raw);
	return rc;
}

static int reference_version(json_t *doc)
{
	json_t *ver = json_object_get(doc, "sevkit_reference_values");

	if (!ver)
		return sk_fail(SEV_E_FORMAT, REFERENCE ": \"sevkit_reference_values\" is missing");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		return sk_fail(SEV_E_FORMAT, REFERENCE ": \"sevkit_reference_values\" is "
			       "not 1 (the only version known)");
	return 0;
}

static int reference_checks(struct sev_snp_checks *c, json_t *doc)
{
	json_t *mode = json_object_get(doc, "mode");
	int rc;

	if ((rc = reference_version(doc)) || (rc = reference_keys(c, doc, false)))
		return rc;
	if (!json_is_string(mode) || (strcmp(json_string_value(mode), "snp") &&
				      strcmp(json_string_value(mode), "snp:svsm")))
		return sk_fail(SEV_E_FORMAT, REFERENCE ": mode is not snp or snp:svsm");
	if (!json_object_get(doc, "measurement"))
		return sk_fail(SEV_E_FORMAT, REFERENCE ": \"measurement\" is missing");
	if ((rc = reference_keys(c, doc, true)))
		return rc;
	return reference_base64(doc, c->measurement);
}

static int do_snp_checks_from_reference(struct sev_snp_checks *c, const char *text, size_t len)
{
	json_t *doc;
	int rc = load(text, len, REFERENCE, &doc);

	if (rc)
		return rc;
	rc = reference_checks(c, doc);
	json_decref(doc);
	return rc;
}

int sev_snp_checks_from_reference(struct sev_snp_checks *c, const char *text, size_t len)
{
	struct sev_snp_checks c_mine;
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_snp_checks")))
		return rc;
	rc = do_snp_checks_from_reference(&c_mine, text, len);
	sk_struct_out(c, &c_mine, sizeof(c_mine));
	return rc;
}
