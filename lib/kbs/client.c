/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest side of the key broker protocol (libcurl): auth, a report bound to the nonce
 * and an ephemeral key, attest, resource, decrypt. One curl handle carries the session
 * cookie through the three requests.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/kbs.h>

#include "crypto/secure.h"
#include "kbs/binding.h"
#include "kbs/evidence-snp.h"
#include "kbs/jwe.h"
#include "kbs/jwk.h"
#include "kbs/router.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/struct.h"

#define REPLY_MAX (4u << 20)

struct reply {
	char *data;
	size_t len;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	size_t add = size * n;
	char *nd;

	if (r->len + add > REPLY_MAX) {
		r->too_big = true;
		return 0;
	}
	nd = realloc(r->data, r->len + add + 1);
	if (!nd)
		return 0;
	memcpy(nd + r->len, p, add);
	r->data = nd;
	r->len += add;
	r->data[r->len] = 0;
	return add;
}

/* The detail of a problem body, or the status alone. */
static int refused(const char *what, long status, const struct reply *r)
{
	json_t *doc = r->data ? json_loadb(r->data, r->len, 0, NULL) : NULL;
	const char *detail = json_string_value(json_object_get(doc, "detail"));
	int rc = sk_fail(status >= 500 ? SEV_E_DEVICE : SEV_E_VERIFY,
			 "key broker: %s: HTTP %ld%s%.200s", what, status, detail ? ": " : "",
			 detail ? detail : "");

	json_decref(doc);
	return rc;
}

/* One request; body NULL for a GET. 0 and the 200 reply, or the refusal logged. */
static int request(CURL *c, const struct sev_kbs_client_opts *o, const char *path,
		   const json_t *body, struct reply *r)
{
	struct curl_slist *h = NULL;
	char url[1024], *text = NULL;
	long status = 0;
	CURLcode cc;
	int rc = 0;

	free(r->data);
	*r = (struct reply){ 0 };
	snprintf(url, sizeof(url), "%s%s", o->url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	if (body) {
		if (!(text = json_dumps(body, JSON_COMPACT)))
			return -ENOMEM;
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		rc = sk_fail(SEV_E_DEVICE, "key broker %s: %s", url,
			     r->too_big ? "reply too large" : curl_easy_strerror(cc));
	else if (status != 200)
		rc = refused(path, status, r);
	curl_slist_free_all(h);
	free(text);
	return rc;
}

static json_t *reply_json(const struct reply *r, const char *what)
{
	json_t *doc = json_loadb(r->data ? r->data : "", r->len, 0, NULL);

	if (!json_is_object(doc)) {
		json_decref(doc);
		sk_fail(SEV_E_FORMAT, "key broker: the %s reply is not a JSON object", what);
		return NULL;
	}
	return doc;
}

#define GPU_EVIDENCE_MAX (4u << 20)

/* What the GPU evidence command printed: at most GPU_EVIDENCE_MAX bytes, and its exit status. */
static int run_gpu_command(const char *cmd, const char *nonce_hex, char **out)
{
	char *line = NULL;
	size_t len = 0, got;
	FILE *p;
	int status;

	if (asprintf(&line, "%s %s", cmd, nonce_hex) < 0)
		return -ENOMEM;
	p = popen(line, "r");
	free(line);
	if (!p)
		return sk_fail(-errno, "cannot run the GPU evidence command");
	*out = malloc(GPU_EVIDENCE_MAX + 1);
	while (*out && (got = fread(*out + len, 1, GPU_EVIDENCE_MAX + 1 - len, p)) > 0)
		len += got;
	status = pclose(p);
	if (!*out)
		return -ENOMEM;
	(*out)[len > GPU_EVIDENCE_MAX ? GPU_EVIDENCE_MAX : len] = 0;
	if (status || len > GPU_EVIDENCE_MAX) {
		free(*out);
		*out = NULL;
		return sk_fail(SEV_E_DEVICE, "the GPU evidence command %s", status ?
			       "failed" : "printed more than 4 MiB");
	}
	return 0;
}

/*
 * The GPUs' evidence for this nonce and key, as the additional evidence the report binds:
 * {"nvidia": what the command printed}; "" without a command.
 */
static int gpu_evidence(const struct sev_kbs_client_opts *o, const char *nonce,
			const json_t *pub, char **additional)
{
	uint8_t device_nonce[32];
	char hex[65], *text = NULL;
	json_t *doc, *wrap;
	int rc;

	*additional = NULL;
	if (!o->gpu_evidence_cmd)
		return (*additional = strdup("")) ? 0 : -ENOMEM;
	if ((rc = sk_kbs_device_nonce(nonce, pub, device_nonce)))
		return rc;
	sk_hex_encode(hex, device_nonce, sizeof(device_nonce));
	if ((rc = run_gpu_command(o->gpu_evidence_cmd, hex, &text)))
		return rc;
	doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	if (!json_is_object(doc) || !json_is_array(json_object_get(doc, "device_evidence_list"))) {
		json_decref(doc);
		return sk_fail(SEV_E_FORMAT, "the GPU evidence command did not print "
			       "{\"device_evidence_list\": [...]}");
	}
	wrap = json_pack("{s:o}", "nvidia", doc);
	*additional = wrap ? json_dumps(wrap, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(wrap);
	return *additional ? 0 : -ENOMEM;
}

/* The report, bound to nonce, key and additional evidence, with the host's certificates. */
static int evidence(const struct sev_kbs_client_opts *o, enum sk_kbs_hash h, const char *nonce,
		    const json_t *pub, const char *additional, json_t **ev)
{
	struct sev_snp_fetch_opts f = { .size = sizeof(f), .vmpl = o->vmpl, .extended = true,
					.via = (enum sev_snp_via)o->via, .tsm_dir = o->tsm_dir,
					.device = o->device };
	struct sk_kbs_snp_evidence e = { 0 };
	struct sev_snp_cert_table t = { 0 };
	struct sk_kbs_cert certs[SEV_SNP_CERT_TABLE_MAX];
	uint8_t *table = NULL;
	size_t table_len = 0;
	int rc = sk_kbs_report_data(h, nonce, pub, additional, f.report_data);

	if (!rc)
		rc = sev_snp_fetch_report(&f, e.report, &table, &table_len);
	if (!rc && table_len)
		rc = sev_snp_cert_table_parse(table, table_len, &t);
	for (size_t i = 0; !rc && i < t.n; i++) {
		enum sev_snp_cert_kind k = t.entry[i].kind;

		if (k != SEV_SNP_CERT_VCEK && k != SEV_SNP_CERT_VLEK && k != SEV_SNP_CERT_ASK &&
		    k != SEV_SNP_CERT_ARK)
			continue;
		snprintf(certs[e.ncerts].kind, sizeof(certs[0].kind), "%s",
			 k == SEV_SNP_CERT_VCEK ? "VCEK" : k == SEV_SNP_CERT_VLEK ? "VLEK" :
			 k == SEV_SNP_CERT_ASK ? "ASK" : "ARK");
		certs[e.ncerts].der = (uint8_t *)t.entry[i].data;
		certs[e.ncerts].len = t.entry[i].length;
		e.ncerts++;
	}
	e.certs = certs;
	if (!rc && !(*ev = sk_kbs_snp_evidence_to_json(&e)))
		rc = sk_fail(SEV_E_INTERNAL, "cannot write the evidence as JSON");
	free(table);
	return rc;
}

static int attest(CURL *c, const struct sev_kbs_client_opts *o, const json_t *pub,
		  struct reply *r)
{
	json_t *req = json_pack("{s:s, s:s, s:{}}", "version", "0.4.0", "tee", "snp",
				"extra-params"), *doc = NULL, *ev = NULL, *sel;
	const char *nonce;
	char *additional = NULL;
	enum sk_kbs_hash h = SK_KBS_SHA384;
	int rc = req ? request(c, o, "/kbs/v0/auth", req, r) : -ENOMEM;

	json_decref(req);
	req = NULL;
	if (rc || !(doc = reply_json(r, "auth")))
		return rc ? rc : SEV_E_FORMAT;
	nonce = json_string_value(json_object_get(doc, "nonce"));
	sel = json_object_get(json_object_get(doc, "extra-params"), "selected-hash-algorithm");
	if (!nonce || (sel && sk_kbs_hash_parse(json_string_value(sel), &h)))
		rc = sk_fail(SEV_E_FORMAT, "key broker: the challenge has no usable nonce");
	if (!rc)
		rc = gpu_evidence(o, nonce, pub, &additional);
	if (!rc)
		rc = evidence(o, h, nonce, pub, additional, &ev);
	if (!rc && !(req = json_pack("{s:{s:s, s:O}, s:{s:o, s:s}}", "runtime-data", "nonce",
				     nonce, "tee-pubkey", pub, "tee-evidence", "primary_evidence",
				     ev, "additional_evidence", additional)))
		rc = -ENOMEM;
	free(additional);
	if (!rc)
		rc = request(c, o, "/kbs/v0/attest", req, r);
	json_decref(req);
	json_decref(doc);
	return rc;
}

int sev_kbs_get_resource(const struct sev_kbs_client_opts *given, const char *path,
			 uint8_t **secret, size_t *len)
{
	struct sev_kbs_client_opts o;
	struct sk_kbs_route rt;
	struct reply r = { 0 };
	json_t *priv = NULL, *pub = NULL;
	char rpath[SK_KBS_PATH_MAX + 32];
	CURL *c = NULL;
	int rc = sk_struct_in(&o, sizeof(o), given, "struct sev_kbs_client_opts");

	if (rc)
		return rc;
	snprintf(rpath, sizeof(rpath), "/kbs/v0/resource/%s", path);
	if (!o.url || sk_kbs_route("GET", rpath, NULL, NULL, &rt) != SK_KBS_EP_RESOURCE)
		return sk_fail(SEV_E_INVALID, "resource path %s: expected REPOSITORY/TYPE/TAG of "
			       "[A-Za-z0-9._-]{1,64}", path);
	if (!(c = curl_easy_init()))
		return -ENOMEM;
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");   /* the session cookie, in memory */
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)(o.timeout ? o.timeout : 30));
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (o.ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file);
	rc = sk_kbs_jwk_generate("P-256", &priv);
	if (!rc && !(pub = sk_kbs_jwk_public(priv)))
		rc = -ENOMEM;
	if (!rc)
		rc = attest(c, &o, pub, &r);
	if (!rc)
		rc = request(c, &o, rpath, NULL, &r);
	if (!rc)
		rc = sk_kbs_jwe_decrypt(priv, r.data, r.len, secret, len);
	free(r.data);
	json_decref(pub);
	json_decref(priv);
	curl_easy_cleanup(c);
	return rc;
}
