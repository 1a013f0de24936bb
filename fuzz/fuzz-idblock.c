/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inputs of sevkit idblock create and of ID_AUTH checks. The first byte
 * picks the parser: 0 a PEM private key (then used to sign and verify),
 * 1 a launch digest in hex or base64, 2 an ID_AUTH (verified against a zero
 * ID block), 3 an ID block, 4 a SEV ECDSA public key, signature and message.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include <sevkit/measure.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * EC arithmetic draws blinding from OpenSSL's private random generator, which
 * OpenSSL creates once per thread and keeps where LeakSanitizer does not look:
 * created during an input, it is reported as that input's leak. Create it
 * first, as a long-running program would have.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char b;

	(void)argc;
	(void)argv;
	return RAND_priv_bytes(&b, 1) == 1 ? 0 : 1;
}

static void pem_key(const uint8_t *data, size_t size)
{
	static const uint8_t msg[] = "id block";
	uint8_t pub[SEV_ECDSA_PUBKEY_LEN], sig[SEV_ECDSA_SIG_LEN], digest[SEV_SNP_LD_LEN];
	struct sev_id_key *key;

	if (sev_id_key_from_pem(data, size, &key) != 0)
		return;
	if (sev_id_key_public(key, pub) == 0 && sev_id_key_digest(pub, digest) == 0 &&
	    sev_id_sign(key, msg, sizeof(msg), sig) == 0 &&
	    sev_id_verify(pub, msg, sizeof(msg), sig) != 0)
		abort(); /* a key must verify its own signature */
	sev_id_key_free(key);
}

static void digest_text(const uint8_t *data, size_t size)
{
	uint8_t ld[SEV_SNP_LD_LEN];
	char *text = malloc(size + 1);

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	(void)sev_snp_digest_parse(text, ld);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero_block[SEV_ID_BLOCK_LEN];
	const size_t pub_sig = SEV_ECDSA_PUBKEY_LEN + SEV_ECDSA_SIG_LEN;
	struct sev_id_auth a;
	struct sev_id_block b;

	if (size < 1)
		return 0;
	switch (data[0]) {
	case 0:
		pem_key(data + 1, size - 1);
		break;
	case 1:
		digest_text(data + 1, size - 1);
		break;
	case 2:
		if (sev_id_auth_parse(data + 1, size - 1, &a) == 0)
			(void)sev_id_auth_verify(zero_block, &a);
		break;
	case 3:
		(void)sev_id_block_parse(data + 1, size - 1, &b);
		break;
	case 4:
		if (size - 1 >= pub_sig)
			(void)sev_id_verify(data + 1, data + 1 + pub_sig, size - 1 - pub_sig,
					    data + 1 + SEV_ECDSA_PUBKEY_LEN);
		break;
	}
	return 0;
}
