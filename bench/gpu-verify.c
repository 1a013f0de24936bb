/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GPU evidence verifications per second: with the device chain checked once and kept (what a
 * verifier serving many guests does), each report parsed and verified; and with the chain
 * checked every time. Input: a real H100 report, its chain and its nonce.
 *   bench-gpu-verify REPORT CHAIN NONCE [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sevkit/gpu.h>
#include <sevkit/util.h>

#include "util/file.h"

/* CPU time of this process, as `openssl speed` counts by default. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct input {
	struct sev_gpu_evidence e;
	uint8_t *chain, nonce[SEV_GPU_NONCE_LEN];
	size_t chain_len;
};

static struct sev_gpu_verifier *verifier(const struct input *in)
{
	struct sev_gpu_verifier *v;

	if (sev_gpu_verifier_new(&v) || sev_gpu_verifier_set_chain(v, in->chain, in->chain_len) ||
	    sev_gpu_verifier_set_nonce(v, in->nonce))
		exit(5);
	return v;
}

static void verify(struct sev_gpu_verifier *v, const struct input *in,
		   struct sev_gpu_result *res)
{
	struct sev_gpu_report *r;

	if (sev_gpu_report_parse(in->e.dev[0].report, in->e.dev[0].report_len, &r) ||
	    sev_gpu_verify(v, r, res) || !res->verified)
		exit(1);
	sev_gpu_report_free(r);
}

/* One kind of verification for about `seconds`; verifications per second. */
static double rate(bool cached, double seconds, const struct input *in)
{
	struct sev_gpu_result *res = calloc(1, sizeof(*res));
	struct sev_gpu_verifier *v = verifier(in);
	double start = now(), t;
	long n = 0;

	res->size = sizeof(*res);
	verify(v, in, res);
	do {
		for (int i = 0; i < 20; i++, n++) {
			if (!cached) {
				sev_gpu_verifier_free(v);
				v = verifier(in);
			}
			verify(v, in, res);
		}
		t = now() - start;
	} while (t < seconds);
	sev_gpu_verifier_free(v);
	free(res);
	return (double)n / t;
}

int main(int argc, char **argv)
{
	struct input in = { 0 };
	uint8_t *report;
	size_t len;
	double seconds = argc > 4 ? atof(argv[4]) : 3.0;

	if (argc < 4 || sk_file_read(argv[1], 1 << 20, &report, &len) ||
	    sev_gpu_evidence_parse(report, len, &in.e) ||
	    sk_file_read(argv[2], 1 << 20, &in.chain, &in.chain_len) ||
	    sev_hex_decode(in.nonce, sizeof(in.nonce), argv[3])) {
		fprintf(stderr, "usage: bench-gpu-verify REPORT CHAIN NONCE [SECONDS]\n");
		return 2;
	}
	printf("cached_chain %.1f\n", rate(true, seconds, &in));
	printf("full_chain %.1f\n", rate(false, seconds / 2, &in));
	sev_gpu_evidence_free(&in.e);
	free(in.chain);
	free(report);
	return 0;
}
