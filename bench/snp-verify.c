/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP report verifications per second: with the certificate chain
 * checked once and cached (what a verifier serving many guests of one host
 * does), per report parsed and verified, and with the chain checked every
 * time. Input: the real Milan report and its VCEK.
 *   bench-snp-verify REPORT VCEK [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sevkit/snp.h>

#include "util/file.h"

/*
 * CPU time of this process, as `openssl speed` counts by default: on a shared
 * machine wall-clock time measures the neighbours as much as the code.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sev_snp_verifier *verifier(const uint8_t *vcek, size_t len)
{
	struct sev_snp_verifier *v;

	if (sev_snp_verifier_new(&v) || sev_snp_verifier_add_certs(v, vcek, len))
		exit(5);
	sev_snp_verifier_set_time(v, 1735689600); /* 2025-01-01, inside the VCEK's validity */
	return v;
}

/* Run one kind of verification for about `seconds`; return verifications per second. */
static double rate(const char *what, double seconds, const uint8_t *raw, const uint8_t *vcek,
		   size_t vcek_len)
{
	struct sev_snp_verifier *v = verifier(vcek, vcek_len);
	struct sev_snp_report r;
	double start = now(), t;
	long n = 0;

	if (sev_snp_report_parse(raw, SEV_SNP_REPORT_SIZE, &r) || sev_snp_verify(v, &r, NULL))
		exit(1);
	do {
		for (int i = 0; i < 50; i++, n++) {
			if (what[0] == 'p' && sev_snp_report_parse(raw, SEV_SNP_REPORT_SIZE, &r))
				exit(1);
			if (what[0] == 'f') {
				sev_snp_verifier_free(v);
				v = verifier(vcek, vcek_len);
			}
			if (sev_snp_verify(v, &r, NULL))
				exit(1);
		}
		t = now() - start;
	} while (t < seconds);
	sev_snp_verifier_free(v);
	return (double)n / t;
}

int main(int argc, char **argv)
{
	uint8_t *report, *vcek;
	size_t rlen, vlen;
	double seconds = argc > 3 ? atof(argv[3]) : 3.0;

	if (argc < 3 || sk_file_read(argv[1], 1 << 20, &report, &rlen) ||
	    sk_file_read(argv[2], 1 << 20, &vcek, &vlen) || rlen != SEV_SNP_REPORT_SIZE) {
		fprintf(stderr, "usage: bench-snp-verify REPORT VCEK [SECONDS]\n");
		return 2;
	}
	printf("cached_chain %.1f\n", rate("cached", seconds, report, vcek, vlen));
	printf("parse_and_verify %.1f\n", rate("parse", seconds, report, vcek, vlen));
	printf("full_chain %.1f\n", rate("full", seconds / 2, report, vcek, vlen));
	free(report);
	free(vcek);
	return 0;
}
