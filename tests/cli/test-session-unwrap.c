/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks `sevkit session` from the platform's side, with none of sevkit's own
 * code: the test plays the firmware. It makes a PDH key pair, runs the sevkit
 * binary, then with OpenSSL alone derives the shared secret from the GODH,
 * unwraps TEK and TIK from the session buffer and checks both MACs, as
 * LAUNCH_START does (SEV API 55766, section "LAUNCH_START").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

static char dir[] = "/tmp/sevkit-session-XXXXXX";

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void reverse(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static size_t slurp(const char *name, uint8_t *buf, size_t max)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

static size_t unbase64(const char *name, uint8_t *out)
{
	uint8_t text[4096];
	size_t n = slurp(name, text, sizeof(text));
	int got = EVP_DecodeBlock(out, text, (int)n);

	assert_true(got > 0);
	return (size_t)got - (text[n - 1] == '=') - (text[n - 2] == '=');
}

/* The platform's PDH certificate, written field by field from the SEV API layout. */
static void write_pdh(EVP_PKEY *pdh)
{
	uint8_t cert[0x824] = { 0 }, x[48], y[48];
	BIGNUM *bx = NULL, *by = NULL;
	char path[256];
	FILE *f;

	assert_int_equal(EVP_PKEY_get_bn_param(pdh, OSSL_PKEY_PARAM_EC_PUB_X, &bx), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(pdh, OSSL_PKEY_PARAM_EC_PUB_Y, &by), 1);
	assert_int_equal(BN_bn2binpad(bx, x, 48), 48);
	assert_int_equal(BN_bn2binpad(by, y, 48), 48);
	put_le32(cert + 0x000, 1);      /* version */
	cert[0x005] = 22;               /* API 0.22 */
	put_le32(cert + 0x008, 0x1003); /* PDH */
	put_le32(cert + 0x00c, 0x003);  /* ECDH_SHA256 */
	put_le32(cert + 0x010, 2);      /* P-384 */
	reverse(cert + 0x014, x, 48);
	reverse(cert + 0x05c, y, 48);
	put_le32(cert + 0x414, 0x1000); /* both signature slots empty */
	put_le32(cert + 0x61c, 0x1000);
	snprintf(path, sizeof(path), "%s/pdh.cert", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(cert, 1, sizeof(cert), f), sizeof(cert));
	fclose(f);
	BN_free(bx);
	BN_free(by);
}

static void hmac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len,
		 uint8_t out[32])
{
	size_t out_len = 0;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};

	assert_int_equal(EVP_MAC_init(ctx, key, key_len, params), 1);
	assert_int_equal(EVP_MAC_update(ctx, msg, len), 1);
	assert_int_equal(EVP_MAC_final(ctx, out, &out_len, 32), 1);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

/* SP 800-108 counter mode, one 16-byte block: i and L little-endian as the SEV API has it. */
static void kdf16(const uint8_t *key, size_t key_len, const char *label, const uint8_t *ctx,
		  size_t ctx_len, uint8_t out[16])
{
	uint8_t msg[128], block[32];
	size_t n = 0, l = strlen(label);

	put_le32(msg, 1);
	n = 4;
	memcpy(msg + n, label, l);
	n += l;
	msg[n++] = 0;
	if (ctx_len)
		memcpy(msg + n, ctx, ctx_len);
	n += ctx_len;
	put_le32(msg + n, 128);
	n += 4;
	hmac(key, key_len, msg, n, block);
	memcpy(out, block, 16);
}

static EVP_PKEY *godh_key(const uint8_t *godh)
{
	uint8_t point[97];
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	point[0] = 4;
	reverse(point + 1, godh + 0x014, 48);
	reverse(point + 49, godh + 0x05c, 48);
	OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point));
	params = OSSL_PARAM_BLD_to_param(bld);
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params), 1);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static void run_sevkit(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "'%s' session --pdh '%s/pdh.cert' --policy 0x00170005 "
		 "--out '%s' --tk '%s/tk.bin' >/dev/null", getenv("SEVKIT"), dir, dir, dir);
	assert_int_equal(WEXITSTATUS(system(cmd)), 0);
}

static void firmware_side_unwraps_keys_and_checks_macs(void **state)
{
	uint8_t godh[0x824], blob[128], z[48], master[16], kek[16], kik[16], keys[32], mac[32];
	uint8_t tek[16], tik[16], tk[32], policy[4];
	EVP_PKEY *pdh = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"), *peer;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pdh, NULL);
	EVP_CIPHER_CTX *aes = EVP_CIPHER_CTX_new();
	size_t z_len = sizeof(z);
	int n = 0;
	char path[256];
	struct stat st;

	(void)state;
	write_pdh(pdh);
	run_sevkit();
	assert_int_equal(unbase64("vm_godh.b64", godh), 0x824);
	assert_int_equal(unbase64("vm_session.b64", blob), 128);
	/* GODH: usage PDH, ECDH_SHA256, P-384, both slots empty (as sevctl writes it) */
	assert_int_equal(godh[0x008] | godh[0x009] << 8, 0x1003);
	assert_int_equal(godh[0x00c], 3);
	assert_int_equal(godh[0x010], 2);
	assert_int_equal(godh[0x414] | godh[0x415] << 8, 0x1000);

	peer = godh_key(godh);
	assert_int_equal(EVP_PKEY_derive_init(ctx), 1);
	assert_int_equal(EVP_PKEY_derive_set_peer(ctx, peer), 1);
	assert_int_equal(EVP_PKEY_derive(ctx, z, &z_len), 1);
	assert_int_equal(z_len, 48);
	kdf16(z, 48, "sev-master-secret", blob + 0x00, 16, master);
	kdf16(master, 16, "sev-kek", NULL, 0, kek);
	kdf16(master, 16, "sev-kik", NULL, 0, kik);

	hmac(kik, 16, blob + 0x10, 32, mac);
	assert_memory_equal(mac, blob + 0x40, 32); /* WRAP_MAC */
	assert_int_equal(EVP_DecryptInit_ex(aes, EVP_aes_128_ctr(), NULL, kek, blob + 0x30), 1);
	assert_int_equal(EVP_DecryptUpdate(aes, keys, &n, blob + 0x10, 32), 1);
	assert_int_equal(n, 32);
	assert_int_equal(slurp("vm_tek.bin", tek, sizeof(tek)), 16);
	assert_int_equal(slurp("vm_tik.bin", tik, sizeof(tik)), 16);
	assert_memory_equal(keys, tek, 16);
	assert_memory_equal(keys + 16, tik, 16);
	assert_int_equal(slurp("tk.bin", tk, sizeof(tk)), 32);
	assert_memory_equal(tk, keys, 32);
	put_le32(policy, 0x00170005);
	hmac(tik, 16, policy, 4, mac);
	assert_memory_equal(mac, blob + 0x60, 32); /* POLICY_MAC over all 32 bits */

	snprintf(path, sizeof(path), "%s/vm_tek.bin", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/vm_tik.bin", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	EVP_CIPHER_CTX_free(aes);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(pdh);
}

static void failure_leaves_no_file_behind(void **state)
{
	char path[256];

	(void)state;
	/* vm_tik.bin cannot be renamed over a directory: the whole set must vanish. */
	snprintf(path, sizeof(path), "%s/fail", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/fail/x_tik.bin", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	{
		char cmd[1024];

		snprintf(cmd, sizeof(cmd), "'%s' session --pdh '%s/pdh.cert' --policy 1 "
			 "--out '%s/fail' --name x 2>/dev/null", getenv("SEVKIT"), dir, dir);
		assert_int_not_equal(WEXITSTATUS(system(cmd)), 0);
	}
	snprintf(path, sizeof(path), "%s/fail/x_godh.b64", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/fail/x_session.b64", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/fail/x_tek.bin", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "test $(ls -A '%s/fail' | wc -l) -eq 1", dir);
		assert_int_equal(system(cmd), 0); /* only the blocking directory */
	}
}

static int setup(void **state)
{
	(void)state;
	return getenv("SEVKIT") && mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(firmware_side_unwraps_keys_and_checks_macs),
		cmocka_unit_test(failure_leaves_no_file_behind),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
