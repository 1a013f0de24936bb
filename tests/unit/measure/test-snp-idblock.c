/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ID block and ID_AUTH: sev-snp-measure's test_id_block.py vector and its
 * generated ID_AUTH (snp/MANIFEST.md 1b), virtee/sev's id-block.rs vectors with
 * fixed signatures (2b), and every rejection of the parsers.
 */
#include "../test.h"

#include <sevkit/measure.h>

#include "util/bytes.h"

#define S "snp/sev-snp-measure/"
#define W "snp/virtee-sev/virtee-sev_idblock_"
#define SSM_LD "076f052d08bda7a700aa2a608c5caa6b00ebad297b6d68a85a45b1e669a558b6" \
	       "7e1b91d284a301fe63c4fa0750467eed"
#define SSM_ID_DIGEST "870b7e35c53f8a72d0d322f75ab2af8262792aaf6579622ce4131c3f21f289e7" \
		      "7cb0560a5e3b90b3932e674ec709cb14"
#define SSM_AUTHOR_DIGEST "63111c34bbfc0a4938f9a009bd074980d8172323e61599c9fd336da8673248e1" \
			  "dca98d0be8f76376a106b8afd4c0a057"
#define VIRTEE_LD "a14d638341e5674628fe1e02fbedebe5e5ab4faf1dd72d8966068e615bb99efd" \
		  "13d214b35c231715b38e263dc6059745"
#define VIRTEE_ID_DIGEST "59fb2c686dfa4fef49f38339aa775c90051c28d57383ddc3baf3b5eb4b1496df" \
			 "3b0dbbdcbae5fe27677a644820773fe2"
#define VIRTEE_AUTHOR_DIGEST "eed81169fb0cb5e0ec34794f128fd4e0c4a46f67c65a1adfa81fcb24bcc088c2" \
			     "72369b7ffc3eb2b6af6a4284a1b36c5f"

static struct sev_id_key *load_key(const char *rel)
{
	struct sev_id_key *key;
	size_t len;
	uint8_t *pem = test_vector(rel, &len);

	assert_int_equal(sev_id_key_from_pem(pem, len, &key), 0);
	free(pem);
	return key;
}

static void key_digest(const struct sev_id_key *key, uint8_t pub[SEV_ECDSA_PUBKEY_LEN],
		       const char *expect)
{
	uint8_t d[48];

	assert_int_equal(sev_id_key_public(key, pub), 0);
	assert_int_equal(sev_id_key_digest(pub, d), 0);
	assert_hex_equal(d, 48, expect);
}

static void block_of(const char *ld_hex, uint8_t out[SEV_ID_BLOCK_LEN])
{
	struct sev_id_block b;
	uint8_t ld[48];

	assert_int_equal(sev_snp_digest_parse(ld_hex, ld), 0);
	sev_id_block_init(&b, ld);
	sev_id_block_encode(&b, out);
}

/* sev-snp-measure: the block, the key digests, and its own ID_AUTH verifies. */
static void sev_snp_measure_vector(void **state)
{
	struct sev_id_key *id = load_key(S "id_key_test.pem"), *author;
	uint8_t block[SEV_ID_BLOCK_LEN], id_pub[SEV_ECDSA_PUBKEY_LEN], a_pub[SEV_ECDSA_PUBKEY_LEN];
	size_t len;
	uint8_t *want = test_vector(S "generated_id_block.bin", &len);
	uint8_t *auth = test_vector(S "generated_id_auth.bin", &len);
	struct sev_id_auth a;
	struct sev_id_block b;

	(void)state;
	author = load_key(S "author_key_test.pem");
	block_of(SSM_LD, block);
	assert_memory_equal(block, want, SEV_ID_BLOCK_LEN);
	key_digest(id, id_pub, SSM_ID_DIGEST);
	key_digest(author, a_pub, SSM_AUTHOR_DIGEST);
	assert_int_equal(sev_id_auth_parse(auth, len, &a), 0);
	assert_true(a.has_author_key);
	assert_memory_equal(a.id_key, id_pub, SEV_ECDSA_PUBKEY_LEN);
	assert_memory_equal(a.author_key, a_pub, SEV_ECDSA_PUBKEY_LEN);
	assert_int_equal(sev_id_auth_verify(block, &a), 0);
	assert_int_equal(sev_id_block_parse(block, sizeof(block), &b), 0);
	assert_int_equal(b.version, 1);
	assert_true(b.policy == 0x30000);
	assert_hex_equal(b.ld, 48, SSM_LD);
	sev_id_key_free(id);
	sev_id_key_free(author);
	free(want);
	free(auth);
}

/* virtee/sev: the ID_AUTH from its fixed signatures, byte for byte. */
static void virtee_vector(void **state)
{
	struct sev_id_key *id = load_key(W "test_id_key.pem"), *author;
	uint8_t block[SEV_ID_BLOCK_LEN], out[SEV_ID_AUTH_LEN];
	struct sev_id_auth a = { .id_key_algo = 1, .auth_key_algo = 1, .has_author_key = true };
	size_t len;
	uint8_t *want_block = test_vector(W "expected_id_block.bin", &len);
	uint8_t *want_auth = test_vector(W "test_auth_block.bin", &len);
	uint8_t *id_sig = test_vector(W "test_id_sig.bin", &len);
	uint8_t *auth_sig = test_vector(W "test_auth_sig.bin", &len);

	(void)state;
	author = load_key(W "test_auth_key.pem");
	block_of(VIRTEE_LD, block);
	assert_memory_equal(block, want_block, SEV_ID_BLOCK_LEN);
	key_digest(id, a.id_key, VIRTEE_ID_DIGEST);
	key_digest(author, a.author_key, VIRTEE_AUTHOR_DIGEST);
	memcpy(a.id_block_sig, id_sig, SEV_ECDSA_SIG_LEN);
	memcpy(a.id_key_sig, auth_sig, SEV_ECDSA_SIG_LEN);
	sev_id_auth_encode(&a, out);
	assert_memory_equal(out, want_auth, SEV_ID_AUTH_LEN);
	assert_int_equal(sev_id_auth_verify(block, &a), 0);
	assert_int_equal(sev_id_verify(a.id_key, block, sizeof(block), id_sig), 0);
	assert_int_equal(sev_id_verify(a.author_key, a.id_key, SEV_ECDSA_PUBKEY_LEN, auth_sig), 0);
	sev_id_key_free(id);
	sev_id_key_free(author);
	free(want_block);
	free(want_auth);
	free(id_sig);
	free(auth_sig);
}

static void create_and_tamper(void **state)
{
	struct sev_id_key *id = load_key(S "id_key_test.pem"), *author;
	uint8_t block[SEV_ID_BLOCK_LEN], out[SEV_ID_AUTH_LEN];
	struct sev_id_auth a, back;

	(void)state;
	author = load_key(S "author_key_test.pem");
	block_of(SSM_LD, block);
	assert_int_equal(sev_id_auth_create(block, id, author, &a), 0);
	sev_id_auth_encode(&a, out);
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &back), 0);
	assert_int_equal(sev_id_auth_verify(block, &back), 0);
	block[0] ^= 1;
	assert_int_equal(sev_id_auth_verify(block, &back), SEV_E_VERIFY);
	block[0] ^= 1;
	back.id_key_sig[5] ^= 1;
	assert_int_equal(sev_id_auth_verify(block, &back), SEV_E_VERIFY);
	/* without an author key the author half stays zero */
	assert_int_equal(sev_id_auth_create(block, id, NULL, &a), 0);
	sev_id_auth_encode(&a, out);
	assert_true(sk_all_zero(out + 0x680, SEV_ID_AUTH_LEN - 0x680));
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &back), 0);
	assert_false(back.has_author_key);
	assert_int_equal(sev_id_auth_verify(block, &back), 0);
	sev_id_key_free(id);
	sev_id_key_free(author);
}

static void parse_rejects(void **state)
{
	struct sev_id_key *id = load_key(S "id_key_test.pem");
	uint8_t block[SEV_ID_BLOCK_LEN], out[SEV_ID_AUTH_LEN], pub[SEV_ECDSA_PUBKEY_LEN];
	uint8_t sig[SEV_ECDSA_SIG_LEN];
	struct sev_id_auth a;
	struct sev_id_block b;

	(void)state;
	block_of(SSM_LD, block);
	assert_int_equal(sev_id_block_parse(block, 95, &b), SEV_E_FORMAT);
	block[0x50] = 2;
	assert_int_equal(sev_id_block_parse(block, sizeof(block), &b), SEV_E_FORMAT);
	block[0x50] = 1;
	assert_int_equal(sev_id_auth_create(block, id, id, &a), 0);
	sev_id_auth_encode(&a, out);
	assert_int_equal(sev_id_auth_parse(out, 4095, &a), SEV_E_FORMAT);
	out[0] = 2; /* id key algorithm */
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[0] = 0;
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[0] = 1;
	out[4] = 0; /* an author key without its algorithm */
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[4] = 1;
	out[0x10] = 1; /* reserved */
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[0x10] = 0;
	out[0x650] = 1;
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[0x650] = 0;
	out[0xfff] = 1;
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), SEV_E_FORMAT);
	out[0xfff] = 0;
	assert_int_equal(sev_id_auth_parse(out, sizeof(out), &a), 0);

	/* public keys and signatures in the SEV encoding */
	assert_int_equal(sev_id_key_public(id, pub), 0);
	assert_int_equal(sev_id_sign(id, block, sizeof(block), sig), 0);
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), 0);
	pub[0] = 3; /* curve */
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_FORMAT);
	pub[0] = 2;
	pub[0x4 + 60] = 1; /* QX beyond 48 bytes */
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_FORMAT);
	pub[0x4 + 60] = 0;
	pub[0x4] ^= 1; /* off the curve */
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_FORMAT);
	pub[0x4] ^= 1;
	pub[0x200] = 1; /* reserved */
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_FORMAT);
	pub[0x200] = 0;
	sig[0x48 + 50] = 1; /* S beyond 48 bytes */
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_FORMAT);
	sig[0x48 + 50] = 0;
	sig[3] ^= 0x10;
	assert_int_equal(sev_id_verify(pub, block, sizeof(block), sig), SEV_E_VERIFY);
	sev_id_key_free(id);
}

static void digest_and_key_input(void **state)
{
	uint8_t ld[48];
	struct sev_id_key *key = NULL;

	(void)state;
	assert_int_equal(sev_snp_digest_parse(SSM_LD, ld), 0);
	assert_hex_equal(ld, 48, SSM_LD);
	assert_int_equal(sev_snp_digest_parse("0x" SSM_LD, ld), 0);
	assert_int_equal(sev_snp_digest_parse(
		"B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t", ld), 0);
	assert_hex_equal(ld, 48, SSM_LD);
	assert_int_equal(sev_snp_digest_parse(SSM_LD "00", ld), SEV_E_INVALID);
	assert_int_equal(sev_snp_digest_parse("076f", ld), SEV_E_INVALID);
	/* 47 bytes of base64 */
	assert_int_equal(sev_snp_digest_parse(
		"B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn4=", ld),
		SEV_E_INVALID);
	assert_int_equal(sev_snp_digest_parse("not a digest!", ld), SEV_E_INVALID);
	assert_int_equal(sev_id_key_from_pem((const uint8_t *)"junk", 4, &key), SEV_E_FORMAT);
	assert_null(key);
	sev_id_key_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sev_snp_measure_vector),
		cmocka_unit_test(virtee_vector),
		cmocka_unit_test(create_and_tamper),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(digest_and_key_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
