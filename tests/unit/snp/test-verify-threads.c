/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reports parsed and verified on several threads at once, as a key broker
 * does: each thread has its own log callback and context and names its own
 * file, and every message must reach that thread's callback with that name,
 * never another thread's, never the process-wide default. Each thread also
 * breaks the real Milan report its own way (its own length, its own VMPL), so
 * a message that strayed would carry the wrong numbers.
 */
#include "snp-test.h"

#include <pthread.h>
#include <stdatomic.h>

#include "util/log.h"

#define THREADS 8
#define ROUNDS 200
#define VERIFY_EVERY 25 /* ECDSA and the chain cost far more than a parse */

struct job {
	unsigned id;
	pthread_t self;
	char subject[32];
	const uint8_t *report; /* the real report, shared and read-only */
	const uint8_t *vcek;
	size_t vcek_len;
	time_t now;
	pthread_barrier_t *start;
	char expect[160];      /* what the call under way must say; empty: nothing */
	unsigned messages;
	unsigned strays;       /* messages that were not the expected one, or on another thread */
	char stray[320];
	unsigned failed;       /* calls that did not return what they must */
	char failure[160];
};

static atomic_uint default_calls;

static void to_default(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)msg;
	(void)ctx;
	atomic_fetch_add(&default_calls, 1);
}

static void collect(enum sev_log_level level, const char *msg, void *ctx)
{
	struct job *j = ctx;
	char want[200];

	(void)level;
	j->messages++;
	snprintf(want, sizeof(want), "%s: %s", j->subject, j->expect);
	if (!pthread_equal(pthread_self(), j->self) || !j->expect[0] || strcmp(msg, want)) {
		if (!j->strays++)
			snprintf(j->stray, sizeof(j->stray), "got '%s', want '%s'", msg, want);
	}
}

static void expect(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void expect(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->expect, sizeof(j->expect), fmt, ap);
	va_end(ap);
}

/* cmocka's asserts jump, which only the main thread may do: note, check after the join */
#define CHECK(j, call, want)                                                              \
	do {                                                                              \
		int got_ = (call);                                                        \
		if (got_ != (want) && !(j)->failed++)                                     \
			snprintf((j)->failure, sizeof((j)->failure), "%s returned %d", #call, \
				 got_);                                                   \
	} while (0)

static void parse_broken(struct job *j)
{
	struct sev_snp_report r;
	uint8_t copy[SEV_SNP_REPORT_SIZE];
	size_t len = SEV_SNP_REPORT_SIZE - 1 - j->id;

	expect(j, "attestation report: %zu bytes, expected 1184", len);
	CHECK(j, sev_snp_report_parse(j->report, len, &r), SEV_E_FORMAT);
	/* VMPL is the 32-bit field at 0x30 (SEV-SNP ABI, ATTESTATION_REPORT); 0-3 are valid */
	memcpy(copy, j->report, sizeof(copy));
	sk_put_le32(copy + 0x30, 4 + j->id);
	expect(j, "attestation report: VMPL at offset 0x30: %u is not a VMPL (0-3)", 4 + j->id);
	CHECK(j, sev_snp_report_parse(copy, sizeof(copy), &r), SEV_E_FORMAT);
}

/* The real report verifies silently; one flipped MEASUREMENT bit fails the signature. */
static void verify(struct job *j, struct sev_snp_verifier *v)
{
	struct sev_snp_report r;
	uint8_t copy[SEV_SNP_REPORT_SIZE];

	j->expect[0] = '\0';
	CHECK(j, sev_snp_report_parse(j->report, SEV_SNP_REPORT_SIZE, &r), 0);
	CHECK(j, sev_snp_verify(v, &r, NULL), 0);
	memcpy(copy, j->report, sizeof(copy));
	copy[0x90 + j->id] ^= 1; /* MEASUREMENT is 0x090-0x0bf */
	CHECK(j, sev_snp_report_parse(copy, sizeof(copy), &r), 0);
	expect(j, "report: the signature does not verify with the VCEK");
	CHECK(j, sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
}

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct sev_snp_verifier *v = NULL;

	j->self = pthread_self();
	sev_set_thread_log(collect, j);
	sk_log_subject_push(j->subject);
	CHECK(j, sev_snp_verifier_new(&v), 0);
	if (v) {
		sev_snp_verifier_set_time(v, j->now);
		CHECK(j, sev_snp_verifier_add_certs(v, j->vcek, j->vcek_len), 0);
	}
	pthread_barrier_wait(j->start);
	if (!v)
		return NULL;
	for (unsigned round = 0; round < ROUNDS; round++) {
		parse_broken(j);
		if (round % VERIFY_EVERY == 0)
			verify(j, v);
	}
	sev_snp_verifier_free(v);
	sk_log_subject_pop();
	sev_set_thread_log(NULL, NULL);
	return NULL;
}

static void messages_stay_with_their_thread(void **state)
{
	struct job jobs[THREADS] = { 0 };
	pthread_t tid[THREADS];
	pthread_barrier_t start;
	time_t now;
	size_t len, vcek_len;
	uint8_t *report = test_vector(REPORT_VECTOR, &len);
	uint8_t *vcek = test_vector(VCEK_VECTOR, &vcek_len);
	unsigned per_thread = 2 * ROUNDS + (ROUNDS + VERIFY_EVERY - 1) / VERIFY_EVERY;

	(void)state;
	assert_int_equal(len, SEV_SNP_REPORT_SIZE);
	tc_time("2025-01-01", &now); /* within the VCEK's validity */
	sev_set_log(to_default, NULL);
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (unsigned i = 0; i < THREADS; i++) {
		jobs[i] = (struct job){ .id = i, .report = report, .vcek = vcek,
					.vcek_len = vcek_len, .now = now, .start = &start };
		snprintf(jobs[i].subject, sizeof(jobs[i].subject), "report-%u.bin", i);
	}
	for (unsigned i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&tid[i], NULL, run_job, &jobs[i]), 0);
	for (unsigned i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(tid[i], NULL), 0);
	for (unsigned i = 0; i < THREADS; i++) {
		if (jobs[i].failed)
			fail_msg("thread %u: %u calls failed, first: %s", i, jobs[i].failed,
				 jobs[i].failure);
		if (jobs[i].strays)
			fail_msg("thread %u: %u stray messages, first: %s", i, jobs[i].strays,
				 jobs[i].stray);
		assert_int_equal(jobs[i].messages, per_thread);
	}
	assert_int_equal(atomic_load(&default_calls), 0);
	sev_set_log(NULL, NULL);
	pthread_barrier_destroy(&start);
	free(report);
	free(vcek);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(messages_stay_with_their_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
