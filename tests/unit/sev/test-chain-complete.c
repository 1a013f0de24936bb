/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevctl export --full: the real Rome chain (PDH, PEK, OCA and the CEK AMD's
 * key server signed) completed with AMD's Rome ASK/ARK, given or builtin, is
 * the full chain of the vectors (sev/MANIFEST.md); roots that did not sign it
 * are refused, naming the link.
 */
#include "../test.h"

#include <sevkit/cert.h>

#include "sev/cert-internal.h"
#include "util/bytes.h"

static char last_msg[512];

static void capture(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static void given_or_builtin_roots_give_the_full_chain(void **state)
{
	uint8_t *chain, *ca, *full, *out;
	size_t chain_len, ca_len, full_len, out_len;

	(void)state;
	chain = test_vector("sev/derived/rome.sevchain", &chain_len);
	ca = test_vector("sev/derived/rome.cachain", &ca_len);
	full = test_vector("sev/derived/rome.fullchain", &full_len);
	assert_int_equal(chain_len, 4 * SEV_CERT_SIZE);
	assert_int_equal(sev_chain_complete(chain, ca, ca_len, &out, &out_len), 0);
	assert_int_equal(out_len, full_len);
	assert_memory_equal(out, full, full_len);
	free(out);
	assert_int_equal(sev_chain_complete(chain, NULL, 0, &out, &out_len), 0);
	assert_int_equal(out_len, full_len);
	assert_memory_equal(out, full, full_len);
	free(out);
	free(chain);
	free(ca);
	free(full);
}

static void roots_that_did_not_sign_are_refused(void **state)
{
	uint8_t *chain, *rome, *naples, *mixed, *out = (uint8_t *)"x";
	size_t chain_len, rome_len, naples_len, out_len = 1;

	(void)state;
	sev_set_log(capture, NULL);
	chain = test_vector("sev/derived/rome.sevchain", &chain_len);
	rome = test_vector("sev/derived/rome.cachain", &rome_len);
	naples = test_vector("sev/derived/naples.cachain", &naples_len);
	/* Naples' roots did not sign Rome's CEK */
	assert_int_equal(sev_chain_complete(chain, naples, naples_len, &out, &out_len),
			 SEV_E_VERIFY);
	assert_null(out);
	assert_int_equal(out_len, 0);
	assert_string_equal(last_msg, "ASK -> CEK: failed: no signature slot names the "
			    "signer with its algorithm");
	/* Rome's ASK with Naples' ARK: the ARK did not sign the ASK */
	mixed = malloc(1600 + 832);
	assert_non_null(mixed);
	memcpy(mixed, rome, 1600);
	memcpy(mixed + 1600, naples + naples_len - 832, 832);
	assert_int_equal(sev_chain_complete(chain, mixed, 1600 + 832, &out, &out_len),
			 SEV_E_VERIFY);
	assert_non_null(strstr(last_msg, "ARK -> ASK: failed"));
	/* the platform's own CEK, without AMD's signature: no generation to take roots from */
	sk_put_le32(chain + 3 * SEV_CERT_SIZE + SEV_OFF_SIG(0), SEV_USAGE_INVALID);
	assert_int_equal(sev_chain_complete(chain, NULL, 0, &out, &out_len), SEV_E_INVALID);
	assert_null(out);
	assert_non_null(strstr(last_msg, "not signed by any builtin AMD ASK"));
	sev_set_log(NULL, NULL);
	free(chain);
	free(rome);
	free(naples);
	free(mixed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(given_or_builtin_roots_give_the_full_chain),
		cmocka_unit_test(roots_that_did_not_sign_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
