/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The broker's HTTP server in this process, driven by many client threads at once (libcurl):
 * every auth gets a session and a nonce of its own, and of sixteen attests racing on one
 * nonce exactly one gets past it. Run under ThreadSanitizer in CI with the unit tests.
 */
#include "../test.h"

#include <pthread.h>
#include <curl/curl.h>

#include <sevkit/crypto.h>
#include <sevkit/kbs.h>

#include "store-fixture.h"

#define CLIENTS 8
#define ROUNDS 16

struct reply {
	long status;
	char body[8192];
	size_t len;
	char cookie[128];
};

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	size_t take = size * n;

	if (take > sizeof(r->body) - 1 - r->len)
		take = sizeof(r->body) - 1 - r->len;
	memcpy(r->body + r->len, p, take);
	r->len += take;
	r->body[r->len] = 0;
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	static const char key[] = "Set-Cookie: kbs-session-id=";

	if (size * n > sizeof(key) && !strncasecmp(p, key, sizeof(key) - 1))
		sscanf(p + sizeof(key) - 1, "%127[0-9a-f]", r->cookie);
	return size * n;
}

/* One request on a new connection: a POST of body, or a GET when body is NULL. */
static void request(unsigned port, const char *path, const char *cookie, const char *body,
		    struct reply *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	char url[128], jar[160];

	assert_non_null(c);
	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (cookie) {
		snprintf(jar, sizeof(jar), "kbs-session-id=%s", cookie);
		curl_easy_setopt(c, CURLOPT_COOKIE, jar);
	}
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

static const char auth_body[] = "{\"version\":\"0.4.0\",\"tee\":\"snp\",\"extra-params\":\"\"}";

/* The nonce of an auth reply, as sent. */
static void nonce_of(const struct reply *r, char out[64])
{
	assert_int_equal(sscanf(r->body, "{\"nonce\":\"%63[A-Za-z0-9+/=]\"", out), 1);
}

struct client {
	unsigned port;
	char nonce[ROUNDS][64], cookie[ROUNDS][128];
};

static void *auth_many(void *arg)
{
	struct client *cl = arg;
	struct reply r;

	for (int i = 0; i < ROUNDS; i++) {
		request(cl->port, "/kbs/v0/auth", NULL, auth_body, &r);
		assert_int_equal(r.status, 200);
		nonce_of(&r, cl->nonce[i]);
		snprintf(cl->cookie[i], sizeof(cl->cookie[i]), "%s", r.cookie);
	}
	return NULL;
}

static struct sev_kbs_server *start(struct fixture *f)
{
	struct sev_kbs_server_config c = SEV_INIT(struct sev_kbs_server_config);
	struct sev_kbs_server *s = NULL;

	c.listen = "127.0.0.1:0";
	c.db = f->url;
	c.insecure_http = 1;
	assert_int_equal(sev_kbs_server_start(&c, &s), 0);
	return s;
}

static void sessions_are_their_own(void **state)
{
	struct sev_kbs_server *s = start(*state);
	static struct client cl[CLIENTS];
	pthread_t t[CLIENTS];
	uint8_t *raw;
	size_t n;

	for (int i = 0; i < CLIENTS; i++) {
		cl[i].port = sev_kbs_server_port(s);
		assert_int_equal(pthread_create(&t[i], NULL, auth_many, &cl[i]), 0);
	}
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
	sev_kbs_server_stop(s);
	/* every nonce 32 random bytes, every session id 32 hex digits, none twice */
	for (int i = 0; i < CLIENTS * ROUNDS; i++) {
		const char *nonce = cl[i / ROUNDS].nonce[i % ROUNDS];

		assert_int_equal(sev_base64_decode(nonce, strlen(nonce), &raw, &n), 0);
		assert_int_equal(n, 32);
		free(raw);
		assert_int_equal(strlen(cl[i / ROUNDS].cookie[i % ROUNDS]), 32);
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(nonce, cl[j / ROUNDS].nonce[j % ROUNDS]);
			assert_string_not_equal(cl[i / ROUNDS].cookie[i % ROUNDS],
						cl[j / ROUNDS].cookie[j % ROUNDS]);
		}
	}
}

static void get(unsigned port, const char *path, struct reply *r)
{
	request(port, path, NULL, NULL, r);
}

/*
 * Health, readiness and the counters: 128 auths from 8 threads at once are each counted
 * once, in the requests counter and in the latency histogram; /metrics itself is only
 * counted after it has been rendered; other methods are refused.
 */
static void health_and_metrics(void **state)
{
	struct sev_kbs_server *s = start(*state);
	static struct client cl[CLIENTS];
	pthread_t t[CLIENTS];
	struct reply r;
	unsigned port = sev_kbs_server_port(s);

	get(port, "/healthz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ok\n");
	get(port, "/readyz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ready\n");
	request(port, "/metrics", NULL, "{}", &r);
	assert_int_equal(r.status, 405);
	for (int i = 0; i < CLIENTS; i++) {
		cl[i].port = port;
		assert_int_equal(pthread_create(&t[i], NULL, auth_many, &cl[i]), 0);
	}
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
	get(port, "/metrics", &r);
	sev_kbs_server_stop(s);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "sevkit_kbs_requests_total{endpoint=\"auth\",code=\"200\"} "
				       "128\n"));
	assert_non_null(strstr(r.body, "sevkit_kbs_request_duration_seconds_count"
				       "{endpoint=\"auth\"} 128\n"));
	assert_non_null(strstr(r.body, "sevkit_kbs_request_duration_seconds_bucket"
				       "{endpoint=\"auth\",le=\"+Inf\"} 128\n"));
	assert_non_null(strstr(r.body, "sevkit_kbs_requests_total{endpoint=\"health\",code=\"200\"} "
				       "2\n"));
	assert_non_null(strstr(r.body, "sevkit_kbs_requests_total{endpoint=\"other\",code=\"405\"} "
				       "1\n"));
	assert_null(strstr(r.body, "endpoint=\"metrics\""));
	assert_non_null(strstr(r.body, "sevkit_kbs_in_flight 1\n"));
}

struct racer {
	unsigned port;
	const char *cookie, *body;
	struct reply r;
};

static void *attest_once(void *arg)
{
	struct racer *x = arg;

	request(x->port, "/kbs/v0/attest", x->cookie, x->body, &x->r);
	return NULL;
}

/*
 * A well-formed attest whose evidence is not a report: the nonce is spent before the
 * evidence is read, so one racer is told about the evidence and the others that the
 * nonce is used.
 */
static void one_nonce_one_attest(void **state)
{
	static const char jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
		"\"x\":\"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0\","
		"\"y\":\"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps\"}";
	struct sev_kbs_server *s = start(*state);
	static struct racer x[16];
	pthread_t t[16];
	struct reply r;
	char nonce[64], body[1024];
	int evidence = 0, used = 0;

	request(sev_kbs_server_port(s), "/kbs/v0/auth", NULL, auth_body, &r);
	assert_int_equal(r.status, 200);
	nonce_of(&r, nonce);
	snprintf(body, sizeof(body), "{\"runtime-data\":{\"nonce\":\"%s\",\"tee-pubkey\":%s},"
		 "\"tee-evidence\":{\"primary_evidence\":{\"attestation_report\":{}},"
		 "\"additional_evidence\":\"\"}}", nonce, jwk);
	for (int i = 0; i < 16; i++) {
		x[i] = (struct racer){ .port = sev_kbs_server_port(s), .cookie = r.cookie,
				       .body = body };
		assert_int_equal(pthread_create(&t[i], NULL, attest_once, &x[i]), 0);
	}
	for (int i = 0; i < 16; i++)
		pthread_join(t[i], NULL);
	sev_kbs_server_stop(s);
	for (int i = 0; i < 16; i++) {
		assert_true(x[i].r.status == 400 || x[i].r.status == 401);
		evidence += strstr(x[i].r.body, "malformed evidence") != NULL;
		used += strstr(x[i].r.body, "nonce already used") != NULL;
	}
	assert_int_equal(evidence, 1);
	assert_int_equal(used, 15);
}

/* The value of the sample named exactly so (name and labels) in an exposition, else 0. */
static unsigned long long sample(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
	return 0;
}

/*
 * One auth and one attest refused for its evidence move the counters by exactly one each,
 * and only those: the verdict is "rejected", none is "attested"; the histogram counted the
 * attest once. The deltas are taken between two scrapes of the same server.
 */
static void counters_move_by_one(void **state)
{
	static const char *const moved[] = {
		"sevkit_kbs_requests_total{endpoint=\"auth\",code=\"200\"}",
		"sevkit_kbs_requests_total{endpoint=\"attest\",code=\"400\"}",
		"sevkit_kbs_verdicts_total{verdict=\"rejected\"}",
		"sevkit_kbs_request_duration_seconds_count{endpoint=\"attest\"}",
		"sevkit_kbs_request_duration_seconds_bucket{endpoint=\"attest\",le=\"+Inf\"}",
		"sevkit_kbs_request_duration_seconds_count{endpoint=\"auth\"}",
	};
	static const char *const still[] = {
		"sevkit_kbs_verdicts_total{verdict=\"attested\"}",
		"sevkit_kbs_verdicts_total{verdict=\"released\"}",
		"sevkit_kbs_verdicts_total{verdict=\"refused\"}",
		"sevkit_kbs_requests_total{endpoint=\"attest\",code=\"200\"}",
		"sevkit_kbs_request_duration_seconds_count{endpoint=\"resource\"}",
	};
	static struct reply before, after;
	struct sev_kbs_server *s = start(*state);
	unsigned port = sev_kbs_server_port(s);
	struct reply r;
	char nonce[64], body[1024], cookie[128];

	get(port, "/metrics", &before);
	assert_int_equal(before.status, 200);
	request(port, "/kbs/v0/auth", NULL, auth_body, &r);
	assert_int_equal(r.status, 200);
	nonce_of(&r, nonce);
	snprintf(body, sizeof(body), "{\"runtime-data\":{\"nonce\":\"%s\",\"tee-pubkey\":"
		 "{\"kty\":\"EC\",\"crv\":\"P-256\","
		 "\"x\":\"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0\","
		 "\"y\":\"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps\"}},"
		 "\"tee-evidence\":{\"primary_evidence\":{\"attestation_report\":{}},"
		 "\"additional_evidence\":\"\"}}", nonce);
	snprintf(cookie, sizeof(cookie), "%s", r.cookie); /* post clears r */
	request(port, "/kbs/v0/attest", cookie, body, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "malformed evidence"));
	get(port, "/metrics", &after);
	sev_kbs_server_stop(s);
	assert_int_equal(after.status, 200);
	for (size_t i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
		unsigned long long a = sample(before.body, moved[i]), b = sample(after.body, moved[i]);

		if (b != a + 1)
			fail_msg("%s went from %llu to %llu, not up by one", moved[i], a, b);
	}
	for (size_t i = 0; i < sizeof(still) / sizeof(still[0]); i++)
		if (sample(before.body, still[i]) != sample(after.body, still[i]))
			fail_msg("%s moved", still[i]);
	/* the first scrape is counted by the time of the second: one metrics request */
	assert_int_equal(sample(after.body, "sevkit_kbs_requests_total{endpoint=\"metrics\","
				"code=\"200\"}"), 1);
}

static int setup(void **state)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) ? -1 : fixture_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sessions_are_their_own, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(one_nonce_one_attest, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(health_and_metrics, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(counters_move_by_one, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
