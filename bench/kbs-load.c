/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Load for `sevkit kbs serve`: THREADS guests, each looping auth -> attest -> resource for
 * SECONDS, as a real guest does it: a fresh P-256 key per round trip, REPORT_DATA bound to the
 * nonce and that key, the report re-signed with the test VCEK, the secret decrypted and
 * compared with the one expected (a wrong secret is an error). Prints round trips per second
 * of wall time, errors and the p50/p99 latency of a whole round trip.
 *
 *   bench-kbs-load URL DIR THREADS SECONDS
 *
 * DIR holds report.bin (a template report the broker accepts), vcek-key.pem, vcek.der,
 * ask.der, ark.der and secret (the value of default/key/disk).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "crypto/pkey.h"
#include "crypto/secure.h"
#include "kbs/binding.h"
#include "kbs/evidence-snp.h"
#include "kbs/jwe.h"
#include "kbs/jwk.h"
#include "util/file.h"

#define MAX_SAMPLES 200000

struct shared {
	const char *url;
	uint8_t report[1184];
	struct sk_key *vcek_key;
	struct sk_kbs_cert certs[3];
	uint8_t *secret;
	size_t secret_len;
	double deadline;
	pthread_mutex_t lock;
	double *lat;
	size_t n, errors;
};

struct buf {
	char *p;
	size_t n;
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	char *q = realloc(b->p, b->n + size * n + 1);

	if (!q)
		return 0;
	memcpy(q + b->n, p, size * n);
	b->p = q;
	b->n += size * n;
	b->p[b->n] = 0;
	return size * n;
}

/* One request on the thread's handle (its cookie engine keeps the session); the status. */
static long call(CURL *c, const struct shared *sh, const char *path, const char *body,
		 struct buf *out)
{
	char url[512];
	long status = 0;

	free(out->p);
	*out = (struct buf){ 0 };
	snprintf(url, sizeof(url), "%s%s", sh->url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(c) != CURLE_OK)
		return 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

/* The template with this REPORT_DATA, signed again: r and s little-endian in their slots. */
static int sign_report(const struct shared *sh, const uint8_t rd[64], uint8_t out[1184])
{
	uint8_t r[SK_P384_LEN], s[SK_P384_LEN];

	memcpy(out, sh->report, 1184);
	memcpy(out + 0x50, rd, 64);
	if (sk_ecdsa_sign(sh->vcek_key, SK_SHA384, out, 0x2a0, r, s))
		return -1;
	memset(out + 0x2a0, 0, 2 * SK_P384_SLOT);
	for (int i = 0; i < SK_P384_LEN; i++) {
		out[0x2a0 + i] = r[SK_P384_LEN - 1 - i];
		out[0x2e8 + i] = s[SK_P384_LEN - 1 - i];
	}
	return 0;
}

static char *attest_body(const struct shared *sh, const char *nonce, json_t *pub)
{
	struct sk_kbs_snp_evidence e = { .certs = (struct sk_kbs_cert *)sh->certs, .ncerts = 3 };
	uint8_t rd[64];
	json_t *ev, *doc;
	char *text;

	if (sk_kbs_report_data(SK_KBS_SHA384, nonce, pub, "", rd) ||
	    sign_report(sh, rd, e.report) || !(ev = sk_kbs_snp_evidence_to_json(&e)))
		return NULL;
	doc = json_pack("{s:{s:s,s:O},s:{s:o,s:s}}", "runtime-data", "nonce", nonce, "tee-pubkey",
			pub, "tee-evidence", "primary_evidence", ev, "additional_evidence", "");
	text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	return text;
}

/* auth -> attest -> resource -> decrypt: 0 when the secret came back as it should. */
static int round_trip(CURL *c, const struct shared *sh)
{
	static const char auth[] = "{\"version\":\"0.4.0\",\"tee\":\"snp\",\"extra-params\":\"\"}";
	json_t *priv = NULL, *pub = NULL, *reply = NULL;
	struct buf b = { 0 };
	char *body = NULL;
	uint8_t *secret = NULL;
	size_t len = 0;
	int rc = -1;

	if (call(c, sh, "/kbs/v0/auth", auth, &b) != 200 ||
	    !(reply = json_loads(b.p, 0, NULL)) || !json_is_string(json_object_get(reply, "nonce")) ||
	    sk_kbs_jwk_generate("P-256", &priv) || !(pub = sk_kbs_jwk_public(priv)) ||
	    !(body = attest_body(sh, json_string_value(json_object_get(reply, "nonce")), pub)))
		goto done;
	if (call(c, sh, "/kbs/v0/attest", body, &b) != 200 ||
	    call(c, sh, "/kbs/v0/resource/default/key/disk", NULL, &b) != 200 ||
	    sk_kbs_jwe_decrypt(priv, b.p, b.n, &secret, &len))
		goto done;
	rc = len == sh->secret_len && !memcmp(secret, sh->secret, len) ? 0 : -1;
done:
	sk_secret_free(secret);
	free(body);
	free(b.p);
	json_decref(reply);
	json_decref(pub);
	json_decref(priv);
	return rc;
}

static void *guest(void *arg)
{
	struct shared *sh = arg;
	CURL *c = curl_easy_init();
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	while (now() < sh->deadline) {
		double t0 = now();
		int rc = round_trip(c, sh);
		double t = now() - t0;

		pthread_mutex_lock(&sh->lock);
		if (rc)
			sh->errors++;
		else if (sh->n < MAX_SAMPLES)
			sh->lat[sh->n++] = t;
		pthread_mutex_unlock(&sh->lock);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static uint8_t *load(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	uint8_t *buf = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (sk_file_read(path, 1 << 20, &buf, len)) {
		fprintf(stderr, "bench-kbs-load: cannot read %s\n", path);
		exit(2);
	}
	return buf;
}

int main(int argc, char **argv)
{
	static const char *const kinds[3] = { "VCEK", "ASK", "ARK" };
	static const char *const files[3] = { "vcek.der", "ask.der", "ark.der" };
	struct shared sh = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t t[64];
	uint8_t *buf;
	size_t len;
	int threads;
	double secs, start;

	if (argc != 5 || (threads = atoi(argv[3])) < 1 || threads > 64 || (secs = atof(argv[4])) <= 0) {
		fprintf(stderr, "usage: bench-kbs-load URL DIR THREADS SECONDS\n");
		return 2;
	}
	sh.url = argv[1];
	buf = load(argv[2], "report.bin", &len);
	if (len != sizeof(sh.report))
		return fprintf(stderr, "bench-kbs-load: report.bin is not 1184 bytes\n"), 2;
	memcpy(sh.report, buf, len);
	free(buf);
	buf = load(argv[2], "vcek-key.pem", &len);
	if (sk_key_from_pem(buf, len, &sh.vcek_key))
		return fprintf(stderr, "bench-kbs-load: vcek-key.pem is not a key\n"), 2;
	free(buf);
	for (int i = 0; i < 3; i++) {
		snprintf(sh.certs[i].kind, sizeof(sh.certs[i].kind), "%s", kinds[i]);
		sh.certs[i].der = load(argv[2], files[i], &sh.certs[i].len);
	}
	sh.secret = load(argv[2], "secret", &sh.secret_len);
	sh.lat = calloc(MAX_SAMPLES, sizeof(double));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	start = now();
	sh.deadline = start + secs;
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, guest, &sh);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	qsort(sh.lat, sh.n, sizeof(double), by_value);
	printf("threads %d round_trips %zu errors %zu per_second %.1f p50_ms %.2f p99_ms %.2f\n",
	       threads, sh.n, sh.errors, (double)sh.n / (now() - start),
	       sh.n ? sh.lat[sh.n / 2] * 1e3 : 0.0, sh.n ? sh.lat[sh.n * 99 / 100] * 1e3 : 0.0);
	return sh.errors ? 1 : 0;
}
