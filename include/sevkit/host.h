/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host side: is this machine ready to run SEV, SEV-ES and SEV-SNP guests
 * (readiness checks over CPUID, MSRs, sysfs and device nodes). The SEV
 * platform commands of the firmware behind /dev/sev are in <sevkit/platform.h>,
 * included here for the programs that found them here.
 */
#ifndef SEVKIT_HOST_H
#define SEVKIT_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>
#include <sevkit/error.h>
#include <sevkit/platform.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the machine the checks look at ---------------------------------------------------- */

/*
 * A host: the machine sevkit runs on, or a recording of one (a JSON file
 * written by sev_host_record) that replaces it, e.g. in tests or to reproduce
 * a user's report.
 */
struct sev_host;

SEV_API int sev_host_open(struct sev_host **host);
SEV_API int sev_host_open_recording(const char *path, struct sev_host **host);
SEV_API int sev_host_open_recording_mem(const uint8_t *json, size_t len, struct sev_host **host);
SEV_API void sev_host_free(struct sev_host *host);

/*
 * Everything the readiness checks read, as a JSON document (caller frees).
 * From a recording this gives back an equivalent recording.
 */
SEV_API int sev_host_record(struct sev_host *host, const char *comment, char **json);

/* EPYC generations, by CPU family and model. */
enum sev_gen {
	SEV_GEN_UNKNOWN = 0,
	SEV_GEN_NAPLES, /* family 0x17 models 0x00-0x2F: EPYC 7001, EPYC Embedded 3000 */
	SEV_GEN_ROME,   /* family 0x17 models 0x30-0x3F: EPYC 7002 */
	SEV_GEN_MILAN,  /* family 0x19 models 0x00-0x0F: EPYC 7003 */
	SEV_GEN_GENOA,  /* family 0x19 models 0x10-0x1F, 0xA0-0xAF: EPYC 9004, 8004 */
	SEV_GEN_TURIN,  /* family 0x1A models 0x00-0x1F: EPYC 9005 */
};

SEV_API enum sev_gen sev_gen_from_cpu(uint32_t family, uint32_t model);
SEV_API const char *sev_gen_name(enum sev_gen gen); /* "Rome", ... "unknown" */

struct sev_cpu {
	char vendor[13];       /* "AuthenticAMD" */
	char brand[49];        /* trimmed brand string */
	uint32_t family;       /* base + extended family */
	uint32_t model;        /* base | extended model << 4 */
	uint32_t stepping;
	enum sev_gen gen;
	bool hypervisor;       /* CPUID 1 ECX bit 31: running in a virtual machine */
	char hypervisor_id[13];
};

SEV_API int sev_host_cpu(struct sev_host *host, struct sev_cpu *cpu);

/* ---- readiness checks -------------------------------------------------------------------- */

enum sev_check_state {
	SEV_CHECK_PASS,
	SEV_CHECK_FAIL,
	SEV_CHECK_SKIP,
};

/* What to check: the SEV features asked for, or everything this CPU should have. */
enum sev_want {
	SEV_WANT_AUTO = 0,
	SEV_WANT_SEV,
	SEV_WANT_ES,  /* SEV and SEV-ES */
	SEV_WANT_SNP, /* SEV, SEV-ES and SEV-SNP */
};

#define SEV_FEATURE_SEV 0x1u
#define SEV_FEATURE_ES 0x2u
#define SEV_FEATURE_SNP 0x4u

struct sev_check {
	const char *id;        /* stable key, e.g. "sev_es" */
	const char *name;      /* what is checked, e.g. "Encrypted State (SEV-ES)" */
	int parent;            /* index of the parent check, -1 for a top-level one */
	unsigned depth;
	enum sev_check_state state;
	char msg[256];         /* the finding, or why the check was skipped */
};

#define SEV_HOST_CHECKS_MAX 32

struct sev_host_report {
	size_t size; /* SEV_INIT */
	struct sev_cpu cpu;
	unsigned features;     /* SEV_FEATURE_* that were checked */
	uint32_t reserved;     /* zero */
	size_t n;
	struct sev_check check[SEV_HOST_CHECKS_MAX];
};

/*
 * Run every check in tree order. A check runs only when its parent passed;
 * otherwise, or when its feature is not wanted, it is SKIP with the reason.
 * Returns 0 when the checks could run (their outcome is in the report).
 */
SEV_API int sev_host_check(struct sev_host *host, enum sev_want want,
			   struct sev_host_report *report);
SEV_API const struct sev_check *sev_host_report_find(const struct sev_host_report *report,
						      const char *id);
/* The first failed check, or NULL when nothing failed. */
SEV_API const struct sev_check *sev_host_report_failure(const struct sev_host_report *report);
SEV_API const char *sev_check_state_name(enum sev_check_state state); /* "PASS", ... */

#ifdef __cplusplus
}
#endif
#endif
