/* SPDX-License-Identifier: Apache-2.0 */
#include "kbs/token.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jose/jose.h>
#include <sevkit/snp.h>
#include <sevkit/version.h>

#include "crypto/base64.h"
#include "kbs/jwk.h"
#include "util/hex.h"
#include "util/json.h"
#include "util/log.h"

#define ANNOTATED "ear.veraison.annotated-evidence"

/* ---- the EAR claims ---- */

/* The report itself and the fields a policy reader looks for first. */
static json_t *snp_claims(const uint8_t *report, const struct sev_snp_report *r)
{
	char *b64 = sk_base64_encode(report, SEV_SNP_REPORT_SIZE);
	char policy[17];
	json_t *snp;

	snprintf(policy, sizeof(policy), "%016" PRIx64, r->policy);
	snp = b64 ? json_pack("{s:s,s:I,s:I,s:s,s:o,s:o,s:o,s:o}", "report", b64,
			      "version", (json_int_t)r->version, "vmpl", (json_int_t)r->vmpl,
			      "policy", policy,
			      "measurement", sk_json_hex(r->measurement, sizeof(r->measurement)),
			      "chip_id", sk_json_hex(r->chip_id, sizeof(r->chip_id)),
			      "report_data", sk_json_hex(r->report_data, sizeof(r->report_data)),
			      "host_data", sk_json_hex(r->host_data, sizeof(r->host_data)))
		  : NULL;
	free(b64);
	return snp;
}

/* One submod per GPU: "gpu0", ... with what its evidence proved. */
static int gpu_submods(json_t *submods, const json_t *gpus)
{
	char name[32];
	size_t i;
	json_t *g;

	json_array_foreach(gpus, i, g) {
		snprintf(name, sizeof(name), "gpu%zu", i);
		if (json_object_set_new(submods, name, json_pack("{s:s,s:s,s:{s:O}}", "ear.status",
								 "affirming",
								 "ear.appraisal-policy-id",
								 "sevkit", ANNOTATED, "nvidia", g)))
			return -ENOMEM;
	}
	return 0;
}

int sk_kbs_ear_claims(const uint8_t *report, size_t len, const json_t *tee_pubkey,
		      const json_t *gpus, int64_t now, int64_t ttl, json_t **claims)
{
	struct sev_snp_report r;
	json_t *snp;
	int rc;

	*claims = NULL;
	if (ttl <= 0 || now < 0 || now > INT64_MAX - ttl)
		return sk_fail(SEV_E_INVALID, "token: lifetime %" PRId64 " s from %" PRId64
			       " is out of range", ttl, now);
	rc = sev_snp_report_parse(report, len, &r);
	if (rc)
		return rc;
	rc = sk_kbs_jwk_check_public(tee_pubkey);
	if (rc)
		return rc;
	snp = snp_claims(report, &r);
	*claims = snp ? json_pack("{s:s,s:I,s:I,s:{s:s,s:s},s:{s:{s:s,s:s,s:{s:o,s:o,s:{s:O}}}}}",
				  "eat_profile", SK_KBS_EAR_PROFILE,
				  "iat", (json_int_t)now, "exp", (json_int_t)(now + ttl),
				  "ear.verifier-id", "developer", "sevkit", "build", sev_version(),
				  "submods", "cpu0", "ear.status", "affirming",
				  "ear.appraisal-policy-id", "sevkit", ANNOTATED,
				  "report_data", sk_json_hex(r.report_data, sizeof(r.report_data)),
				  "snp", snp, "runtime_data_claims", "tee-pubkey", tee_pubkey)
		      : NULL;
	if (!*claims)
		return -ENOMEM;
	if (gpus && gpu_submods(json_object_get(*claims, "submods"), gpus)) {
		json_decref(*claims);
		*claims = NULL;
		return -ENOMEM;
	}
	return 0;
}

json_t *sk_kbs_ear_gpus(const json_t *claims)
{
	const json_t *submods = json_object_get(claims, "submods");
	json_t *gpus = json_array();
	char name[32];

	for (size_t i = 0; gpus && i < 64; i++) {
		const json_t *sub, *g;

		snprintf(name, sizeof(name), "gpu%zu", i);
		if (!(sub = json_object_get(submods, name)))
			break;
		g = json_object_get(json_object_get(sub, ANNOTATED), "nvidia");
		if (!json_is_object(g) || !json_is_string(json_object_get(sub, "ear.status")) ||
		    strcmp(json_string_value(json_object_get(sub, "ear.status")), "affirming"))
			continue;
		json_array_append(gpus, (json_t *)g);
	}
	return gpus;
}

int sk_kbs_ear_extract(const json_t *claims, uint8_t report[1184], json_t **tee_pubkey)
{
	const json_t *cpu0 = json_object_get(json_object_get(claims, "submods"), "cpu0");
	const json_t *ae = json_object_get(cpu0, ANNOTATED);
	const char *status = json_string_value(json_object_get(cpu0, "ear.status"));
	const json_t *b64 = json_object_get(json_object_get(ae, "snp"), "report");
	const json_t *rdc = json_object_get(ae, "runtime_data_claims");
	const json_t *pk = json_object_get(rdc, "tee-pubkey");
	uint8_t *bytes = NULL;
	size_t n = 0;
	int rc;

	*tee_pubkey = NULL;
	if (!status)
		return sk_fail(SEV_E_FORMAT, "token: no submods.cpu0 ear.status");
	if (strcmp(status, "affirming") != 0)
		return sk_fail(SEV_E_VERIFY, "token: ear.status is %.32s, not affirming", status);
	if (!json_is_string(b64))
		return sk_fail(SEV_E_FORMAT, "token: no snp.report in the annotated evidence");
	rc = sk_base64_try_decode(json_string_value(b64), json_string_length(b64), &bytes, &n);
	if (rc || n != SEV_SNP_REPORT_SIZE) {
		free(bytes);
		return sk_fail(SEV_E_FORMAT, "token: snp.report is not base64 of %d bytes",
			       SEV_SNP_REPORT_SIZE);
	}
	memcpy(report, bytes, SEV_SNP_REPORT_SIZE);
	free(bytes);
	rc = sk_kbs_jwk_check_public(pk);
	if (rc)
		return rc;
	*tee_pubkey = json_deep_copy(pk);
	return *tee_pubkey ? 0 : -ENOMEM;
}

/* ---- the JWT ---- */

static int check_p256(const json_t *jwk, bool private)
{
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	const char *crv = json_string_value(json_object_get(jwk, "crv"));

	if (!kty || strcmp(kty, "EC") != 0 || !crv || strcmp(crv, "P-256") != 0)
		return sk_fail(SEV_E_INVALID, "token: the broker key is not an EC P-256 JWK");
	if (private && !json_is_string(json_object_get(jwk, "d")))
		return sk_fail(SEV_E_INVALID, "token: the signing key has no private part");
	return 0;
}

/*
 * The key as José gets it: José refuses a JWK whose alg is not the header's,
 * and the broker's key may carry another (sk_kbs_jwk_generate names
 * ECDH-ES+A256KW); its use here is ES256 whatever it says.
 */
static json_t *es256_key(const json_t *jwk)
{
	json_t *k = json_deep_copy(jwk);

	if (k) {
		json_object_del(k, "alg");
		json_object_del(k, "use");
		json_object_del(k, "key_ops");
	}
	return k;
}

int sk_kbs_token_sign(const json_t *signing_jwk, const json_t *claims, char **jwt)
{
	char *payload = NULL;
	json_t *jws = NULL, *sig = NULL, *key;
	const char *h, *p, *s;
	int rc;

	*jwt = NULL;
	rc = check_p256(signing_jwk, true);
	if (rc)
		return rc;
	if (!json_is_object(claims))
		return sk_fail(SEV_E_INVALID, "token: the claims are not a JSON object");
	payload = json_dumps(claims, JSON_COMPACT);
	jws = payload ? json_pack("{s:o}", "payload", jose_b64_enc(payload, strlen(payload)))
		      : NULL;
	sig = json_pack("{s:{s:s,s:s}}", "protected", "alg", "ES256", "typ", "JWT");
	key = es256_key(signing_jwk);
	if (!jws || !sig || !key)
		rc = -ENOMEM;
	else if (!jose_jws_sig(sk_kbs_jose_cfg(), jws, sig, key))
		rc = sk_fail(SEV_E_CRYPTO, "token: ES256 signing failed");
	h = json_string_value(json_object_get(jws, "protected"));
	p = json_string_value(json_object_get(jws, "payload"));
	s = json_string_value(json_object_get(jws, "signature"));
	if (rc == 0 && (!h || !p || !s))
		rc = sk_fail(SEV_E_CRYPTO, "token: the signature is not a flattened JWS");
	if (rc == 0 && asprintf(jwt, "%s.%s.%s", h, p, s) < 0) {
		*jwt = NULL;
		rc = -ENOMEM;
	}
	json_decref(key);
	json_decref(sig);
	json_decref(jws);
	free(payload);
	return rc;
}

/* The three base64url parts of a compact JWS, each non-empty. */
static int split(const char *jwt, size_t len, json_t **jws)
{
	const char *d1 = memchr(jwt, '.', len);
	const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - jwt)) : NULL;

	*jws = NULL;
	if (!d1 || !d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - jwt)) || d1 == jwt ||
	    d2 == d1 + 1 || d2 + 1 == jwt + len)
		return sk_fail(SEV_E_FORMAT, "token: not a compact JWS of three parts");
	*jws = json_pack("{s:s%,s:s%,s:s%}", "protected", jwt, (size_t)(d1 - jwt),
			 "payload", d1 + 1, (size_t)(d2 - d1 - 1),
			 "signature", d2 + 1, len - (size_t)(d2 + 1 - jwt));
	return *jws ? 0 : sk_fail(SEV_E_FORMAT, "token: not text");
}

static json_t *b64u_json(const json_t *s)
{
	uint8_t *buf;
	size_t n;
	json_t *v;

	if (sk_kbs_b64u_decode(json_string_value(s), json_string_length(s), &buf, &n) != 0)
		return NULL;
	v = json_loadb((const char *)buf, n, JSON_REJECT_DUPLICATES, NULL);
	free(buf);
	return v;
}

/* Only ES256: a token that names another algorithm is refused before any key is used. */
static int check_header(const json_t *hdr)
{
	static const char *const known[] = { "alg", "typ", "kid" };
	const char *alg = json_string_value(json_object_get(hdr, "alg"));
	const json_t *typ = json_object_get(hdr, "typ");
	const char *unknown;

	if (!json_is_object(hdr))
		return sk_fail(SEV_E_FORMAT, "token: the header is not a base64url JSON object");
	if (!alg || strcmp(alg, "ES256") != 0)
		return sk_fail(SEV_E_VERIFY, "token: alg %.32s refused (only ES256)",
			       alg ? alg : "(none)");
	unknown = sk_json_unknown_key(hdr, known, 3);
	if (unknown)
		return sk_fail(SEV_E_VERIFY, "token: header member \"%.32s\" refused", unknown);
	if (typ && (!json_is_string(typ) || strcmp(json_string_value(typ), "JWT") != 0))
		return sk_fail(SEV_E_VERIFY, "token: typ is not JWT");
	return 0;
}

static int check_times(const json_t *claims, int64_t now)
{
	const json_t *exp = json_object_get(claims, "exp");
	const json_t *iat = json_object_get(claims, "iat");
	const json_t *nbf = json_object_get(claims, "nbf");

	if (!json_is_integer(exp))
		return sk_fail(SEV_E_VERIFY, "token: no integer exp claim");
	if ((iat && !json_is_integer(iat)) || (nbf && !json_is_integer(nbf)))
		return sk_fail(SEV_E_VERIFY, "token: iat or nbf is not an integer");
	if (json_integer_value(exp) <= now)
		return sk_fail(SEV_E_VERIFY, "token: expired at %" JSON_INTEGER_FORMAT
			       " (now %" PRId64 ")", json_integer_value(exp), now);
	if (iat && json_integer_value(iat) > now + SK_KBS_TOKEN_SKEW)
		return sk_fail(SEV_E_VERIFY, "token: issued in the future (iat %"
			       JSON_INTEGER_FORMAT ")", json_integer_value(iat));
	if (nbf && json_integer_value(nbf) > now + SK_KBS_TOKEN_SKEW)
		return sk_fail(SEV_E_VERIFY, "token: not valid before %" JSON_INTEGER_FORMAT,
			       json_integer_value(nbf));
	return 0;
}

int sk_kbs_token_verify(const json_t *public_jwk, const char *jwt, int64_t now, json_t **claims)
{
	size_t len = strnlen(jwt, SK_KBS_TOKEN_MAX + 1);
	json_t *jws = NULL, *hdr = NULL, *body = NULL, *key = NULL;
	int rc;

	*claims = NULL;
	rc = check_p256(public_jwk, false);
	if (rc)
		return rc;
	if (len > SK_KBS_TOKEN_MAX)
		return sk_fail(SEV_E_TOOBIG, "token: longer than %u bytes", SK_KBS_TOKEN_MAX);
	rc = split(jwt, len, &jws);
	if (rc == 0) {
		hdr = b64u_json(json_object_get(jws, "protected"));
		rc = check_header(hdr);
	}
	if (rc == 0 && !(key = es256_key(public_jwk)))
		rc = -ENOMEM;
	if (rc == 0 && !jose_jws_ver(sk_kbs_jose_cfg(), jws, NULL, key, false))
		rc = sk_fail(SEV_E_VERIFY, "token: the ES256 signature does not verify");
	if (rc == 0) {
		body = b64u_json(json_object_get(jws, "payload"));
		rc = json_is_object(body) ? check_times(body, now)
					  : sk_fail(SEV_E_FORMAT,
						    "token: the payload is not a JSON object");
	}
	if (rc == 0)
		*claims = json_incref(body);
	json_decref(key);
	json_decref(body);
	json_decref(hdr);
	json_decref(jws);
	return rc;
}
