/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The JOSE side of sevkit as a small command, for jwcrypto-peer.py to check
 * against an independent implementation. Not installed.
 *   jose-peer genkey KIND                         private JWK
 *   jose-peer pub PRIVATE-JWK                     its public JWK
 *   jose-peer encrypt PUBLIC-JWK HEX              JWE of the bytes
 *   jose-peer decrypt PRIVATE-JWK JWE-FILE        hex of the secret
 *   jose-peer sign PRIVATE-JWK REPORT TEE-JWK NOW TTL   JWT
 *   jose-peer verify PUBLIC-JWK JWT-FILE NOW      claims; with --extract, report hex + tee-pubkey
 * Exit 0 on success, 1 when sevkit refused (its reason on stderr), 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/error.h>

#include "crypto/secure.h"
#include "kbs/jwe.h"
#include "kbs/jwk.h"
#include "kbs/token.h"
#include "util/file.h"
#include "util/hex.h"

static void to_stderr(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

static json_t *load(const char *path)
{
	json_t *v = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);

	if (!v) {
		fprintf(stderr, "%s: not JSON\n", path);
		exit(2);
	}
	return v;
}

static char *text(const char *path, size_t *len)
{
	uint8_t *buf;

	if (sk_file_read(path, 16u << 20, &buf, len) != 0)
		exit(2);
	buf = realloc(buf, *len + 1);
	buf[*len] = 0;
	return (char *)buf;
}

static int dump(json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	if (!s)
		return 1;
	puts(s);
	free(s);
	json_decref(v);
	return 0;
}

static int cmd_encrypt(const char *jwk_path, const char *hex)
{
	json_t *jwk = load(jwk_path);
	uint8_t *bytes = NULL;
	size_t n = 0;
	char *jwe;
	int rc = sk_hex_decode_alloc(hex, &bytes, &n);

	if (rc == 0)
		rc = sk_kbs_jwe_encrypt(jwk, bytes, n, &jwe);
	if (rc == 0) {
		puts(jwe);
		free(jwe);
	}
	free(bytes);
	json_decref(jwk);
	return rc ? 1 : 0;
}

static int cmd_decrypt(const char *jwk_path, const char *jwe_path)
{
	json_t *jwk = load(jwk_path);
	size_t len, n;
	char *jwe = text(jwe_path, &len);
	uint8_t *secret;
	int rc = sk_kbs_jwe_decrypt(jwk, jwe, len, &secret, &n);

	if (rc == 0) {
		char *hex = sk_hex_dup(secret, n);

		puts(hex);
		free(hex);
		sk_secret_free(secret);
	}
	free(jwe);
	json_decref(jwk);
	return rc ? 1 : 0;
}

static int cmd_sign(char **argv)
{
	json_t *key = load(argv[0]), *tee = load(argv[2]), *claims = NULL;
	size_t len;
	char *report = text(argv[1], &len), *jwt = NULL;
	int rc = sk_kbs_ear_claims((const uint8_t *)report, len, tee, NULL,
				   strtoll(argv[3], NULL, 10), strtoll(argv[4], NULL, 10), &claims);

	if (rc == 0)
		rc = sk_kbs_token_sign(key, claims, &jwt);
	if (rc == 0)
		puts(jwt);
	free(jwt);
	free(report);
	json_decref(claims);
	json_decref(tee);
	json_decref(key);
	return rc ? 1 : 0;
}

static int cmd_verify(char **argv, int extract)
{
	json_t *key = load(argv[0]), *claims = NULL, *tee = NULL;
	size_t len;
	char *jwt = text(argv[1], &len);
	uint8_t report[1184];
	int rc;

	while (len && (jwt[len - 1] == '\n'))
		jwt[--len] = 0;
	rc = sk_kbs_token_verify(key, jwt, strtoll(argv[2], NULL, 10), &claims);
	if (rc == 0 && extract)
		rc = sk_kbs_ear_extract(claims, report, &tee);
	if (rc == 0 && extract) {
		char *hex = sk_hex_dup(report, sizeof(report));

		puts(hex);
		free(hex);
		dump(tee);
	} else if (rc == 0) {
		dump(json_incref(claims));
	}
	json_decref(claims);
	free(jwt);
	json_decref(key);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	json_t *jwk = NULL;

	sev_set_log(to_stderr, NULL);
	if (argc == 3 && strcmp(argv[1], "genkey") == 0)
		return sk_kbs_jwk_generate(argv[2], &jwk) ? 1 : dump(jwk);
	if (argc == 3 && strcmp(argv[1], "pub") == 0) {
		json_t *priv = load(argv[2]);

		jwk = sk_kbs_jwk_public(priv);
		json_decref(priv);
		return dump(jwk);
	}
	if (argc == 4 && strcmp(argv[1], "encrypt") == 0)
		return cmd_encrypt(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "decrypt") == 0)
		return cmd_decrypt(argv[2], argv[3]);
	if (argc == 7 && strcmp(argv[1], "sign") == 0)
		return cmd_sign(argv + 2);
	if (argc == 5 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argv + 2, 0);
	if (argc == 6 && strcmp(argv[1], "verify") == 0 && strcmp(argv[2], "--extract") == 0)
		return cmd_verify(argv + 3, 1);
	fprintf(stderr, "usage: jose-peer genkey|pub|encrypt|decrypt|sign|verify ...\n");
	return 2;
}
