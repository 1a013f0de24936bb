/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/session.h>

#include "sev/session-internal.h"

/* virtee/sev session/mod.rs known answer: every input zero (tests/vectors/sev/MANIFEST.md §5). */
static void zero_inputs_known_answer(void **state)
{
	static const uint8_t z[16], nonce[16], iv[16], tek[16], tik[16];
	uint8_t blob[SEV_SESSION_BLOB_SIZE];

	(void)state;
	assert_int_equal(sk_session_seal(z, 16, nonce, iv, tek, tik, 0, blob), 0);
	assert_hex_equal(blob + SEV_SESSION_OFF_WRAP_TK, 32,
			 "2137bc7f9bb8bd7c3e55a576a15d3454b3856b8ba27afadf46dcfee9f02c02c4");
	assert_hex_equal(blob + SEV_SESSION_OFF_WRAP_MAC, 32,
			 "3176c0752738bd9d5e86689534020f528c088f16238826b000b327dee6aeed7d");
	assert_hex_equal(blob + SEV_SESSION_OFF_POLICY_MAC, 32,
			 "aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af");
	assert_hex_equal(blob, 16, "00000000000000000000000000000000");
}

/* A policy with firmware-version bits must keep all 32 bits in POLICY_MAC. */
static void policy_mac_covers_all_bits(void **state)
{
	static const uint8_t z[16], nonce[16], iv[16], tek[16], tik[16];
	uint8_t a[SEV_SESSION_BLOB_SIZE], b[SEV_SESSION_BLOB_SIZE];

	(void)state;
	assert_int_equal(sk_session_seal(z, 16, nonce, iv, tek, tik, 0x00170005, a), 0);
	assert_int_equal(sk_session_seal(z, 16, nonce, iv, tek, tik, 0x00000005, b), 0);
	assert_memory_not_equal(a + SEV_SESSION_OFF_POLICY_MAC, b + SEV_SESSION_OFF_POLICY_MAC, 32);
	assert_memory_equal(a, b, SEV_SESSION_OFF_POLICY_MAC);
}

static void session_with_real_pdh(void **state)
{
	struct sev_session s, t;
	struct sev_cert pdh, pek;
	size_t len;
	uint8_t *buf = test_vector("sev/virtee-sev_tests_rome_pdh.cert", &len);

	(void)state;
	assert_int_equal(sev_cert_parse(buf, len, &pdh), 0);
	free(buf);
	assert_int_equal(sev_session_create(&pdh, 3, &s), 0);
	assert_int_equal(s.godh.usage, SEV_USAGE_PDH);
	assert_int_equal(s.godh.algo, SEV_ALGO_ECDH_SHA256);
	assert_true(s.godh.sig[0].empty && s.godh.sig[1].empty);
	assert_int_equal(sev_session_create(&pdh, 3, &t), 0);
	assert_memory_not_equal(s.tek, t.tek, 16); /* fresh keys every time */
	assert_memory_not_equal(s.blob, t.blob, 16);
	sev_session_wipe(&s);
	sev_session_wipe(&t);
	buf = test_vector("sev/virtee-sev_tests_rome_pek.cert", &len);
	assert_int_equal(sev_cert_parse(buf, len, &pek), 0);
	free(buf);
	assert_int_equal(sev_session_create(&pek, 3, &s), SEV_E_INVALID); /* not a PDH */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zero_inputs_known_answer),
		cmocka_unit_test(policy_mac_covers_all_bits),
		cmocka_unit_test(session_with_real_pdh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
