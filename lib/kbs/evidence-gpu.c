/* SPDX-License-Identifier: Apache-2.0 */
/* GPU evidence inside an attest request, and what a policy asks of the GPUs it proved. */
#include "kbs/evidence-gpu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sevkit/gpu.h>

#include "kbs/binding.h"
#include "util/hex.h"
#include "util/log.h"

/* Only {"nvidia": ...}: evidence of a kind the broker does not verify is a refusal. */
static int only_nvidia(const char *additional)
{
	json_t *doc = json_loads(additional, JSON_REJECT_DUPLICATES, NULL);
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(doc))
		rc = sk_fail(SEV_E_FORMAT, "additional evidence is not a JSON object");
	json_object_foreach(doc, key, v)
		if (strcmp(key, "nvidia"))
			rc = sk_fail(SEV_E_VERIFY, "additional evidence of kind \"%.32s\": this broker "
				     "verifies only \"nvidia\"", key);
	json_decref(doc);
	return rc;
}

static int verifier(const struct sk_kbs_ctx *c, const struct sev_gpu_device *d,
		    const uint8_t nonce[SEV_GPU_NONCE_LEN], int64_t now,
		    struct sev_gpu_verifier **v)
{
	int rc = sev_gpu_verifier_new(v);

	if (!rc && !d->chain)
		rc = sk_fail(SEV_E_FORMAT, "the evidence carries no certificate chain");
	if (!rc && c->gpu_root.n)
		rc = sev_gpu_verifier_set_root(*v, c->gpu_root.b[0].data, c->gpu_root.b[0].len);
	if (!rc)
		rc = sev_gpu_verifier_set_chain(*v, (const uint8_t *)d->chain, d->chain_len);
	if (!rc)
		rc = sev_gpu_verifier_set_nonce(*v, nonce);
	for (size_t i = 0; !rc && i < c->gpu_rim.n; i++) {
		char name[32];

		/* named as --gpu-rim gave them, in order */
		snprintf(name, sizeof(name), "gpu-rim %zu", i + 1);
		rc = sev_gpu_verifier_add_rim(*v, name, c->gpu_rim.b[i].data, c->gpu_rim.b[i].len);
	}
	if (*v)
		sev_gpu_verifier_set_time(*v, (time_t)now);
	return rc;
}

static json_t *claim(const struct sev_gpu_device *d, const struct sev_gpu_report *r,
		     const struct sev_gpu_result *res)
{
	char *json = NULL;
	json_t *doc = NULL, *fwid, *j;

	if (sev_gpu_report_json(r, &json) || !(doc = json_loads(json, 0, NULL))) {
		free(json);
		return NULL;
	}
	free(json);
	fwid = json_object_get(json_object_get(doc, "config"), "fwid");
	j = json_pack("{s:s,s:s,s:s,s:s,s:O?,s:b}", "arch", d->arch, "uuid", d->uuid,
		      "driver_version", sev_gpu_report_driver_version(r),
		      "vbios_version", sev_gpu_report_vbios_version(r), "fwid", fwid,
		      "rims_matched", res->rims_checked);
	json_decref(doc);
	return j;
}

/* The first failure, as the reason. */
static int refuse(size_t i, const struct sev_gpu_result *res)
{
	const struct sev_gpu_failure *f = &res->fail[0];

	return sk_fail(SEV_E_VERIFY, "GPU %zu: %s: %s%s", i, res->n_fail ? f->check : "check",
		       res->n_fail ? f->detail : "failed",
		       res->n_fail > 1 ? " (and more)" : "");
}

static int verify_device(const struct sk_kbs_ctx *c, const struct sev_gpu_device *d, size_t i,
			 const uint8_t nonce[SEV_GPU_NONCE_LEN], int64_t now, json_t *claims)
{
	struct sev_gpu_result *res = calloc(1, sizeof(*res));
	struct sev_gpu_verifier *v = NULL;
	struct sev_gpu_report *r = NULL;
	int rc = res ? 0 : SEV_E_INTERNAL;

	if (!rc && strcasecmp(d->arch, "hopper"))
		rc = sk_fail(SEV_E_VERIFY, "GPU %zu: architecture \"%s\" is not one this broker "
			     "verifies (Hopper)", i, d->arch);
	if (!rc)
		rc = sev_gpu_report_parse(d->report, d->report_len, &r);
	if (!rc)
		rc = verifier(c, d, nonce, now, &v);
	if (!rc) {
		res->size = sizeof(*res);
		rc = sev_gpu_verify(v, r, res);
	}
	if (!rc && !res->verified)
		rc = refuse(i, res);
	if (!rc && json_array_append_new(claims, claim(d, r, res)))
		rc = SEV_E_INTERNAL;
	sev_gpu_verifier_free(v);
	sev_gpu_report_free(r);
	free(res);
	return rc;
}

int sk_kbs_gpu_evidence_verify(const struct sk_kbs_ctx *c, const char *additional,
			       const char *nonce, const json_t *tee_pubkey, int64_t now,
			       json_t **claims)
{
	struct sev_gpu_evidence e = { 0 };
	uint8_t device_nonce[SEV_GPU_NONCE_LEN];
	int rc;

	*claims = json_array();
	if (!*claims)
		return -ENOMEM;
	if (!*additional)
		return 0;
	rc = only_nvidia(additional);
	if (!rc)
		rc = sev_gpu_evidence_parse((const uint8_t *)additional, strlen(additional), &e);
	if (!rc && e.n > SK_KBS_GPU_MAX)
		rc = sk_fail(SEV_E_TOOBIG, "more than %d GPUs", SK_KBS_GPU_MAX);
	if (!rc)
		rc = sk_kbs_device_nonce(nonce, tee_pubkey, device_nonce);
	for (size_t i = 0; !rc && i < e.n; i++)
		rc = verify_device(c, &e.dev[i], i, device_nonce, now, *claims);
	sev_gpu_evidence_free(&e);
	if (rc) {
		json_decref(*claims);
		*claims = NULL;
	}
	return rc;
}

int sk_kbs_gpu_config_check(const struct sk_kbs_ctx *c)
{
	struct sev_gpu_verifier *v;
	int rc = sev_gpu_verifier_new(&v);

	if (!rc && c->gpu_root.n)
		rc = sev_gpu_verifier_set_root(v, c->gpu_root.b[0].data, c->gpu_root.b[0].len);
	for (size_t i = 0; !rc && i < c->gpu_rim.n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "gpu-rim %zu", i + 1);
		rc = sev_gpu_verifier_add_rim(v, name, c->gpu_rim.b[i].data, c->gpu_rim.b[i].len);
	}
	sev_gpu_verifier_free(v);
	return rc;
}

/* ---- policy ---- */

static int versions(json_t *list, const char **out, size_t *n, const char *key)
{
	size_t i;
	json_t *v;

	if (!json_is_array(list) || json_array_size(list) > 8 || !json_array_size(list))
		return sk_fail(SEV_E_FORMAT, "policy gpu.%s: a list of 1 to 8 version strings", key);
	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return sk_fail(SEV_E_FORMAT, "policy gpu.%s: a list of strings", key);
		out[(*n)++] = json_string_value(v);
	}
	return 0;
}

static int read_member(struct sk_kbs_gpu_policy *p, const char *key, json_t *v)
{
	uint64_t n;

	if (!strcmp(key, "required")) {
		if (!json_is_boolean(v))
			return sk_fail(SEV_E_FORMAT, "policy gpu.required: true or false");
		p->min_count = json_is_true(v) && !p->min_count ? 1 : p->min_count;
	} else if (!strcmp(key, "min_count")) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > SK_KBS_GPU_MAX)
			return sk_fail(SEV_E_FORMAT, "policy gpu.min_count: 0 to %d", SK_KBS_GPU_MAX);
		n = (uint64_t)json_integer_value(v);
		p->min_count = n > p->min_count ? (unsigned)n : p->min_count;
	} else if (!strcmp(key, "rims_matched")) {
		if (!json_is_boolean(v))
			return sk_fail(SEV_E_FORMAT, "policy gpu.rims_matched: true or false");
		p->rims_matched = json_is_true(v);
	} else if (!strcmp(key, "driver_versions")) {
		return versions(v, p->driver, &p->n_driver, key);
	} else if (!strcmp(key, "vbios_versions")) {
		return versions(v, p->vbios, &p->n_vbios, key);
	} else {
		return sk_fail(SEV_E_FORMAT, "policy gpu: unknown key \"%.32s\" (required, min_count, "
			       "rims_matched, driver_versions, vbios_versions)", key);
	}
	return 0;
}

int sk_kbs_gpu_policy_take(json_t *policy, struct sk_kbs_gpu_policy *p)
{
	json_t *gpu = json_object_get(policy, "gpu"), *v;
	const char *key;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	if (!gpu)
		return 0;
	if (!json_is_object(gpu))
		return sk_fail(SEV_E_FORMAT, "policy gpu: an object");
	p->given = true;
	p->doc = json_incref(gpu);
	json_object_del(policy, "gpu");
	json_object_foreach(gpu, key, v)
		if (!rc)
			rc = read_member(p, key, v);
	if (rc)
		sk_kbs_gpu_policy_free(p);
	return rc;
}

void sk_kbs_gpu_policy_free(struct sk_kbs_gpu_policy *p)
{
	json_decref(p->doc);
	memset(p, 0, sizeof(*p));
}

static bool listed(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(list[i], v))
			return true;
	return false;
}

int sk_kbs_gpu_policy_check(const struct sk_kbs_gpu_policy *p, const json_t *gpus)
{
	size_t i;
	json_t *g;

	if (json_array_size(gpus) < p->min_count)
		return sk_fail(SEV_E_VERIFY, "gpu: %zu verified GPU(s), the policy asks for at least "
			       "%u", json_array_size(gpus), p->min_count);
	json_array_foreach(gpus, i, g) {
		const char *drv = json_string_value(json_object_get(g, "driver_version"));
		const char *vb = json_string_value(json_object_get(g, "vbios_version"));

		if (p->n_driver && !listed(p->driver, p->n_driver, drv ? drv : ""))
			return sk_fail(SEV_E_VERIFY, "gpu %zu: driver %s is not one the policy allows",
				       i, drv ? drv : "(none)");
		if (p->n_vbios && !listed(p->vbios, p->n_vbios, vb ? vb : ""))
			return sk_fail(SEV_E_VERIFY, "gpu %zu: VBIOS %s is not one the policy allows",
				       i, vb ? vb : "(none)");
		if (p->rims_matched && !json_is_true(json_object_get(g, "rims_matched")))
			return sk_fail(SEV_E_VERIFY, "gpu %zu: its measurements were not matched "
				       "against RIMs", i);
	}
	return 0;
}
