/* SPDX-License-Identifier: Apache-2.0 */
/* X.509 through OpenSSL: AMD's real Milan and Turin ARK/ASK and the real Milan VCEK. */
#include "../test.h"

#include <errno.h>

#include <sevkit/error.h>

#include "crypto/x509.h"
#include "util/bytes.h"

static size_t load(const char *rel, struct sk_x509 **c, size_t max)
{
	size_t len, n = 0;
	uint8_t *buf = test_vector(rel, &len);

	assert_int_equal(sk_x509_load(buf, len, c, max, &n), 0);
	free(buf);
	return n;
}

/* MANIFEST 2a: ASK serial 0x10001 and ARK 0x10000, 2020-10-22 to 2045-10-22. */
static void milan_bundle(void **state)
{
	struct sk_x509 *c[4];
	char buf[64];
	time_t nb, na;

	(void)state;
	assert_int_equal(load("snp/go-sev-guest_milan_ask_ark.pem", c, 4), 2);
	assert_int_equal(sk_x509_subject_attr(c[0], "CN", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "SEV-Milan");
	assert_int_equal(sk_x509_subject_attr(c[1], "CN", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ARK-Milan");
	assert_int_equal(sk_x509_issuer_attr(c[0], "CN", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ARK-Milan");
	assert_int_equal(sk_x509_subject_attr(c[0], "O", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Advanced Micro Devices");
	assert_int_equal(sk_x509_serial_hex(c[0], buf, sizeof(buf)), 0);
	assert_string_equal(buf, "010001");
	assert_int_equal(sk_x509_serial_hex(c[1], buf, sizeof(buf)), 0);
	assert_string_equal(buf, "010000");
	assert_int_equal(sk_x509_times(c[0], &nb, &na), 0);
	sk_time_format(nb, buf, sizeof(buf));
	assert_string_equal(buf, "2020-10-22T18:24:20Z");
	sk_time_format(na, buf, sizeof(buf));
	assert_string_equal(buf, "2045-10-22T18:24:20Z");
	assert_true(sk_x509_named_by(c[0], c[1]));
	assert_false(sk_x509_named_by(c[1], c[0]));
	assert_int_equal(sk_x509_verify_pss384(c[0], c[1]), 0);
	assert_int_equal(sk_x509_verify_pss384(c[1], c[1]), 0);
	assert_int_equal(sk_x509_verify_pss384(c[1], c[0]), SEV_E_VERIFY);
	assert_false(sk_x509_equal(c[0], c[1]));
	sk_x509_free(c[0]);
	sk_x509_free(c[1]);
}

static void vcek_signed_by_milan_ask_only(void **state)
{
	struct sk_x509 *vcek, *milan[2], *turin[2];
	const uint8_t *ext;
	size_t len;

	(void)state;
	assert_int_equal(load("snp/go-sev-guest_vcek_milan.der", &vcek, 1), 1);
	assert_int_equal(load("snp/go-sev-guest_milan_ask_ark.pem", milan, 2), 2);
	assert_int_equal(load("snp/virtee-sev_cert_chain_turin.pem", turin, 2), 2);
	assert_int_equal(sk_x509_verify_pss384(vcek, milan[0]), 0);
	assert_int_equal(sk_x509_verify_pss384(vcek, turin[0]), SEV_E_VERIFY);
	assert_int_equal(sk_x509_verify_pss384(vcek, milan[1]), SEV_E_VERIFY);
	/* productName: IA5String "Milan-B0" */
	assert_int_equal(sk_x509_ext(vcek, "1.3.6.1.4.1.3704.1.2", &ext, &len), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(ext, "\x16\x08Milan-B0", 10);
	assert_int_equal(sk_x509_ext(vcek, "1.3.6.1.4.1.3704.1.5", &ext, &len), -ENOENT);
	assert_int_equal(sk_x509_ext(milan[0], "1.3.6.1.4.1.3704.1.2", &ext, &len), -ENOENT);
	sk_x509_free(vcek);
	for (int i = 0; i < 2; i++) {
		sk_x509_free(milan[i]);
		sk_x509_free(turin[i]);
	}
}

static void bad_input_refused(void **state)
{
	struct sk_x509 *c[2];
	size_t len, n;
	uint8_t *der = test_vector("snp/go-sev-guest_vcek_milan.der", &len);
	uint8_t *longer = calloc(1, len + 1);

	(void)state;
	assert_int_equal(sk_x509_load(der, len - 1, c, 2, &n), SEV_E_FORMAT);
	memcpy(longer, der, len);
	assert_int_equal(sk_x509_from_der(longer, len + 1, c), SEV_E_FORMAT);
	assert_int_equal(sk_x509_load((const uint8_t *)"-----BEGIN junk", 15, c, 2, &n),
			 SEV_E_FORMAT);
	free(longer);
	free(der);
	der = test_vector("snp/go-sev-guest_milan_ask_ark.pem", &len);
	assert_int_equal(sk_x509_load(der, len, c, 1, &n), SEV_E_TOOBIG);
	free(der);
}

static void times(void **state)
{
	time_t t;
	char buf[32];

	(void)state;
	assert_int_equal(sk_time_parse("2022-09-24", &t), 0);
	assert_true(t == 1663977600);
	assert_int_equal(sk_time_parse("2022-09-24T00:55:28Z", &t), 0);
	assert_true(t == 1663980928);
	assert_int_equal(sk_time_parse("2022-09-24T00:55:28", &t), 0);
	assert_int_equal(sk_time_parse("@1663980928", &t), 0);
	sk_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2022-09-24T00:55:28Z");
	assert_int_equal(sk_time_parse("yesterday", &t), SEV_E_INVALID);
	assert_int_equal(sk_time_parse("2022-09-24T25:00:00Z", &t), SEV_E_INVALID);
	assert_int_equal(sk_time_parse("2022-09-24Tx", &t), SEV_E_INVALID);
	assert_int_equal(sk_time_parse("@-1", &t), SEV_E_INVALID);
	assert_int_equal(sk_time_parse("@12a", &t), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(milan_bundle),
		cmocka_unit_test(vcek_signed_by_milan_ask_only),
		cmocka_unit_test(bad_input_refused),
		cmocka_unit_test(times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
