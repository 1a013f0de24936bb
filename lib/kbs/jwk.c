/* SPDX-License-Identifier: Apache-2.0 */
#include "kbs/jwk.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jose/jose.h>
#include <jose/openssl.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include "util/json.h"
#include "util/log.h"

#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 8192
#define RSA_GEN_BITS 3072

struct curve {
	const char *crv;
	int nid;
	size_t len; /* coordinate bytes */
};

static const struct curve curves[] = {
	{ "P-256", NID_X9_62_prime256v1, 32 },
	{ "P-384", NID_secp384r1, 48 },
	{ "P-521", NID_secp521r1, 66 },
};

static const struct curve *curve_by_name(const char *crv)
{
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (crv && strcmp(curves[i].crv, crv) == 0)
			return &curves[i];
	return NULL;
}

size_t sk_kbs_curve_len(const char *crv)
{
	const struct curve *c = curve_by_name(crv);

	return c ? c->len : 0;
}

int sk_kbs_b64u_decode(const char *text, size_t text_len, uint8_t **out, size_t *len)
{
	size_t n = jose_b64_dec_buf(text, text_len, NULL, 0);
	uint8_t *buf;

	*out = NULL;
	if (n == SIZE_MAX)
		return SEV_E_FORMAT;
	buf = malloc(n ? n : 1);
	if (!buf)
		return -ENOMEM;
	if (jose_b64_dec_buf(text, text_len, buf, n) != n) {
		free(buf);
		return SEV_E_FORMAT;
	}
	*out = buf;
	*len = n;
	return 0;
}

int sk_kbs_b64u_member(const json_t *obj, const char *name, uint8_t *out, size_t max,
		       size_t *len)
{
	const json_t *v = json_object_get(obj, name);
	size_t n;

	if (!json_is_string(v))
		return SEV_E_FORMAT;
	n = jose_b64_dec_buf(json_string_value(v), json_string_length(v), NULL, 0);
	if (n == SIZE_MAX || n > max)
		return SEV_E_FORMAT;
	if (jose_b64_dec_buf(json_string_value(v), json_string_length(v), out, max) != n)
		return SEV_E_FORMAT;
	*len = n;
	return 0;
}

/* The point (x, y) must be on the curve; NIST curves have cofactor 1, so it is in the group. */
static int check_ec_point(const struct curve *c, const uint8_t *x, const uint8_t *y)
{
	uint8_t oct[1 + 2 * 66];
	EC_GROUP *g = EC_GROUP_new_by_curve_name(c->nid);
	EC_POINT *p = g ? EC_POINT_new(g) : NULL;
	int ok;

	oct[0] = 0x04; /* uncompressed */
	memcpy(oct + 1, x, c->len);
	memcpy(oct + 1 + c->len, y, c->len);
	ok = p && EC_POINT_oct2point(g, p, oct, 1 + 2 * c->len, NULL) == 1 &&
	     EC_POINT_is_on_curve(g, p, NULL) == 1;
	EC_POINT_free(p);
	EC_GROUP_free(g);
	return ok ? 0 : sk_fail(SEV_E_FORMAT, "JWK: the point (x, y) is not on %s", c->crv);
}

static int check_ec(const json_t *jwk)
{
	const char *crv = json_string_value(json_object_get(jwk, "crv"));
	const struct curve *c = curve_by_name(crv);
	uint8_t x[66], y[66];
	size_t xl, yl;

	if (!crv)
		return sk_fail(SEV_E_FORMAT, "JWK: EC key without a crv string");
	if (!c)
		return sk_fail(SEV_E_UNSUPPORTED, "JWK: curve %.32s is not supported "
			       "(P-256, P-384, P-521)", crv);
	if (sk_kbs_b64u_member(jwk, "x", x, sizeof(x), &xl) != 0 || xl != c->len)
		return sk_fail(SEV_E_FORMAT, "JWK: x is not %zu base64url bytes", c->len);
	if (sk_kbs_b64u_member(jwk, "y", y, sizeof(y), &yl) != 0 || yl != c->len)
		return sk_fail(SEV_E_FORMAT, "JWK: y is not %zu base64url bytes", c->len);
	return check_ec_point(c, x, y);
}

static size_t bit_length(const uint8_t *be, size_t n)
{
	size_t bits = 8 * (n - 1);

	for (uint8_t top = be[0]; top; top >>= 1)
		bits++;
	return bits;
}

static int check_rsa(const json_t *jwk)
{
	uint8_t n[RSA_MAX_BITS / 8], e[4];
	size_t nl, el, bits;
	uint64_t ev = 0;

	if (json_object_get(jwk, "crv") || json_object_get(jwk, "x") || json_object_get(jwk, "y"))
		return sk_fail(SEV_E_FORMAT, "JWK: RSA key with EC members");
	if (sk_kbs_b64u_member(jwk, "n", n, sizeof(n), &nl) != 0 || nl == 0)
		return sk_fail(SEV_E_FORMAT, "JWK: n is not base64url of at most %d bits",
			       RSA_MAX_BITS);
	/* RFC 7518 6.3.1.1: the modulus in as few octets as it takes */
	if (n[0] == 0)
		return sk_fail(SEV_E_FORMAT, "JWK: n has a leading zero octet");
	bits = bit_length(n, nl);
	if (bits < RSA_MIN_BITS)
		return sk_fail(SEV_E_UNSUPPORTED, "JWK: RSA modulus of %zu bits (at least %d)",
			       bits, RSA_MIN_BITS);
	if (!(n[nl - 1] & 1))
		return sk_fail(SEV_E_FORMAT, "JWK: RSA modulus is even");
	if (sk_kbs_b64u_member(jwk, "e", e, sizeof(e), &el) != 0 || el == 0 || e[0] == 0)
		return sk_fail(SEV_E_FORMAT, "JWK: e is not base64url of a 32-bit number");
	for (size_t i = 0; i < el; i++)
		ev = ev << 8 | e[i];
	if (ev < 3 || !(ev & 1))
		return sk_fail(SEV_E_FORMAT, "JWK: RSA exponent %llu is not odd and >= 3",
			       (unsigned long long)ev);
	return 0;
}

static const char *const private_members[] = { "d", "p", "q", "dp", "dq", "qi", "oth", "k" };
static const char *const known_members[] = { "kty", "crv", "x", "y", "n", "e", "alg", "use",
					     "kid" };

static int check_members(const json_t *jwk, const char *kty)
{
	const char *alg = json_string_value(json_object_get(jwk, "alg"));
	const char *want = strcmp(kty, "EC") == 0 ? "ECDH-ES+A256KW" : "RSA-OAEP-256";
	const json_t *use = json_object_get(jwk, "use"), *kid = json_object_get(jwk, "kid");
	const char *unknown;

	for (size_t i = 0; i < sizeof(private_members) / sizeof(private_members[0]); i++)
		if (json_object_get(jwk, private_members[i]))
			return sk_fail(SEV_E_FORMAT, "JWK: private member \"%s\" in a public key",
				       private_members[i]);
	unknown = sk_json_unknown_key(jwk, known_members,
				      sizeof(known_members) / sizeof(known_members[0]));
	if (unknown)
		return sk_fail(SEV_E_FORMAT, "JWK: unknown member \"%.32s\"", unknown);
	if (json_object_get(jwk, "alg") && (!alg || strcmp(alg, want) != 0))
		return sk_fail(SEV_E_UNSUPPORTED, "JWK: alg %.32s for a %s key (sevkit uses %s)",
			       alg ? alg : "(not a string)", kty, want);
	if (use && (!json_is_string(use) || strcmp(json_string_value(use), "enc") != 0))
		return sk_fail(SEV_E_FORMAT, "JWK: use is not \"enc\"");
	if (kid && !json_is_string(kid))
		return sk_fail(SEV_E_FORMAT, "JWK: kid is not a string");
	return 0;
}

int sk_kbs_jwk_check_public(const json_t *jwk)
{
	const char *kty;
	int rc;

	if (!json_is_object(jwk))
		return sk_fail(SEV_E_FORMAT, "JWK: not a JSON object");
	kty = json_string_value(json_object_get(jwk, "kty"));
	if (!kty)
		return sk_fail(SEV_E_FORMAT, "JWK: no kty string");
	if (strcmp(kty, "EC") != 0 && strcmp(kty, "RSA") != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "JWK: kty %.32s is not supported (EC, RSA)", kty);
	rc = check_members(jwk, kty);
	if (rc)
		return rc;
	return strcmp(kty, "EC") == 0 ? check_ec(jwk) : check_rsa(jwk);
}

int sk_kbs_jwk_generate(const char *kind, json_t **private_jwk)
{
	bool rsa = kind && strcmp(kind, "RSA") == 0;
	json_t *jwk;

	*private_jwk = NULL;
	if (!rsa && !curve_by_name(kind))
		return sk_fail(SEV_E_INVALID,
			       "key kind %.32s is not one of P-256, P-384, P-521, RSA",
			       kind ? kind : "(none)");
	jwk = rsa ? json_pack("{s:s,s:i}", "kty", "RSA", "bits", RSA_GEN_BITS)
		  : json_pack("{s:s,s:s}", "kty", "EC", "crv", kind);
	if (!jwk)
		return -ENOMEM;
	if (!jose_jwk_gen(sk_kbs_jose_cfg(), jwk) ||
	    json_object_set_new(jwk, "alg", json_string(rsa ? "RSA-OAEP-256"
							    : "ECDH-ES+A256KW")) != 0) {
		json_decref(jwk);
		return sk_fail(SEV_E_CRYPTO, "cannot generate a %s key", kind);
	}
	*private_jwk = jwk;
	return 0;
}

json_t *sk_kbs_jwk_public(const json_t *private_jwk)
{
	static const char *const ec[] = { "kty", "crv", "x", "y", "alg" };
	static const char *const rsa[] = { "kty", "n", "e", "alg" };
	const char *kty = json_string_value(json_object_get(private_jwk, "kty"));
	const char *const *keep;
	size_t n;
	json_t *pub;

	if (!kty || (strcmp(kty, "EC") != 0 && strcmp(kty, "RSA") != 0))
		return NULL;
	keep = strcmp(kty, "EC") == 0 ? ec : rsa;
	n = strcmp(kty, "EC") == 0 ? sizeof(ec) / sizeof(ec[0]) : sizeof(rsa) / sizeof(rsa[0]);
	pub = json_object();
	for (size_t i = 0; pub && i < n; i++) {
		json_t *v = json_object_get(private_jwk, keep[i]);

		if (v && json_object_set(pub, keep[i], v) != 0) {
			json_decref(pub);
			return NULL;
		}
	}
	return pub;
}

static jose_cfg_t *cfg;
static pthread_once_t cfg_once = PTHREAD_ONCE_INIT;

static void jose_err(void *misc, const char *file, int line, uint64_t err, const char *fmt,
		     va_list ap)
{
	char msg[256];

	(void)misc;
	(void)file;
	(void)line;
	(void)err;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	sk_debug("José: %s", msg);
}

static void cfg_init(void)
{
	cfg = jose_cfg();
	if (cfg)
		jose_cfg_set_err_func(cfg, jose_err, NULL);
}

jose_cfg_t *sk_kbs_jose_cfg(void)
{
	pthread_once(&cfg_once, cfg_init);
	return cfg;
}

EVP_PKEY *sk_kbs_jwk_pkey(const json_t *jwk)
{
	EVP_PKEY *pkey = jose_openssl_jwk_to_EVP_PKEY(sk_kbs_jose_cfg(), jwk);

	if (!pkey)
		sk_fail(SEV_E_FORMAT, "JWK: not a key OpenSSL accepts");
	return pkey;
}
