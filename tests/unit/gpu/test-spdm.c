/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GPU attestation reports: two real H100 reports parsed field by field, the known answers from
 * trustee's claims for the first (its 64 measurements, driver, VBIOS and FWID) and from the
 * vectors' MANIFEST (nonces, signed lengths); the signature checked with the report's own
 * signing certificate; and every malformed variant refused.
 */
#include "../test.h"

#include <jansson.h>

#include <sevkit/error.h>

#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "crypto/x509.h"
#include "gpu/spdm.h"

#define HOPPER "gpu/hopperAttestationReport.txt"
#define HOPPER_NONCE "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"
#define V1 "gpu/nvtrust-v1_attestationReport.txt"
#define V1_NONCE "4cff7f5380ead8fad8ec2c531c110aca4302a88f603792801a8ca29ee151af2e"

static struct sk_spdm_report rep;

/* A report vector (lowercase hex text) as bytes. */
static uint8_t *report_bytes(const char *rel, size_t *n)
{
	size_t len;
	uint8_t *text = test_vector(rel, &len), *raw = NULL;
	char *hex = strndup((const char *)text, len);

	assert_non_null(hex);
	assert_int_equal(sk_hex_decode_alloc(hex, &raw, n), 0);
	free(hex);
	free(text);
	return raw;
}

static const char *claim(json_t *claims, const char *key)
{
	return json_string_value(json_object_get(json_object_get(claims, "config"), key));
}

static void hopper_fields(void **state)
{
	size_t n, cn;
	uint8_t *raw = report_bytes(HOPPER, &n), *ctext = test_vector(
		"gpu/hopperAttestationReport-claims.txt", &cn);
	json_t *claims = json_loadb((const char *)ctext, cn, 0, NULL);
	json_t *meas = json_object_get(claims, "measurements");
	const struct sk_spdm_opaque *o;
	char vbios[15], key[24];

	(void)state;
	assert_non_null(meas);
	assert_int_equal(sk_spdm_report_parse(raw, n, &rep), 0);
	assert_hex_equal(rep.request_nonce, 32, HOPPER_NONCE);
	assert_int_equal(rep.signed_len, 4021);
	assert_int_equal(rep.signature - raw, 4021);
	assert_int_equal(rep.n_block, 64);
	for (size_t i = 0; i < rep.n_block; i++) {
		assert_int_equal(rep.block[i].index, i + 1);
		assert_int_equal(rep.block[i].size, 48);
		snprintf(key, sizeof(key), "%zu", i + 1);
		assert_hex_equal(rep.block[i].value, 48,
				 json_string_value(json_object_get(meas, key)));
	}
	o = sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_DRIVER_VERSION);
	assert_non_null(o);
	assert_string_equal((const char *)o->value, claim(claims, "driver_version"));
	assert_int_equal(sk_spdm_vbios_version(sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_VBIOS_VERSION),
					       vbios), 0);
	assert_string_equal(vbios, claim(claims, "vbios_version"));
	o = sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_FWID);
	assert_non_null(o);
	assert_hex_equal(o->value, o->len, claim(claims, "fwid"));
	json_decref(claims);
	free(ctext);
	free(raw);
}

static void nvtrust_v1_fields(void **state)
{
	size_t n;
	uint8_t *raw = report_bytes(V1, &n);
	const struct sk_spdm_opaque *o;
	char vbios[15];

	(void)state;
	assert_int_equal(sk_spdm_report_parse(raw, n, &rep), 0);
	assert_hex_equal(rep.request_nonce, 32, V1_NONCE);
	assert_int_equal(rep.signed_len, 3953);
	o = sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_DRIVER_VERSION);
	assert_non_null(o);
	assert_string_equal((const char *)o->value, "545.00");
	assert_int_equal(sk_spdm_vbios_version(sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_VBIOS_VERSION),
					       vbios), 0);
	assert_string_equal(vbios, "96.00.5e.00.01");
	/* this older firmware sends no FWID */
	assert_null(sk_spdm_opaque(&rep, SK_SPDM_OPAQUE_FWID));
	free(raw);
}

/* The signature over [0, signed_len) verifies with the leaf certificate, and not flipped. */
static void signature(void **state)
{
	size_t n, cn, count = 0;
	uint8_t *raw = report_bytes(HOPPER, &n), *pem = test_vector("gpu/hopper_signing_cert.pem",
								    &cn);
	struct sk_x509 *leaf = NULL;
	struct sk_key *key = NULL;

	(void)state;
	assert_int_equal(sk_spdm_report_parse(raw, n, &rep), 0);
	assert_int_equal(sk_x509_load(pem, cn, &leaf, 1, &count), 0);
	assert_int_equal(sk_x509_pubkey(leaf, &key), 0);
	assert_int_equal(sk_ecdsa_verify(key, SK_SHA384, raw, rep.signed_len, rep.signature,
					 rep.signature + 48), 0);
	raw[100] ^= 1;
	assert_int_equal(sk_ecdsa_verify(key, SK_SHA384, raw, rep.signed_len, rep.signature,
					 rep.signature + 48), SEV_E_VERIFY);
	sk_key_free(key);
	sk_x509_free(leaf);
	free(pem);
	free(raw);
}

/* Every prefix of a real report is refused, and so is each field made wrong in place. */
static void malformed(void **state)
{
	size_t n;
	uint8_t *raw = report_bytes(HOPPER, &n), *copy = malloc(n + 1);
	/* offsets: request version, code, Param1, Param2; response version and code; the first
	 * block's MeasurementSpecification; the record length's high byte */
	static const size_t at[] = { 0, 1, 2, 3, 37, 38, 46, 44 };

	(void)state;
	assert_non_null(copy);
	for (size_t len = 0; len < n; len++)
		assert_int_equal(sk_spdm_report_parse(raw, len, &rep), SEV_E_FORMAT);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		memcpy(copy, raw, n);
		copy[at[i]] ^= 0x40;
		assert_int_equal(sk_spdm_report_parse(copy, n, &rep), SEV_E_FORMAT);
	}
	/* a byte after the signature that is not padding */
	memcpy(copy, raw, n);
	copy[n] = 1;
	assert_int_equal(sk_spdm_report_parse(copy, n + 1, &rep), SEV_E_FORMAT);
	copy[n] = 0;
	assert_int_equal(sk_spdm_report_parse(copy, n + 1, &rep), 0);
	/* the second opaque field given the first one's type */
	memcpy(copy, raw, n);
	assert_int_equal(sk_spdm_report_parse(copy, n, &rep), 0);
	{
		size_t first = (size_t)(rep.opaque[0].value - copy) - 4;
		size_t second = (size_t)(rep.opaque[1].value - copy) - 4;

		copy[second] = copy[first];
		copy[second + 1] = copy[first + 1];
		assert_int_equal(sk_spdm_report_parse(copy, n, &rep), SEV_E_FORMAT);
	}
	free(copy);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hopper_fields),
		cmocka_unit_test(nvtrust_v1_fields),
		cmocka_unit_test(signature),
		cmocka_unit_test(malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
