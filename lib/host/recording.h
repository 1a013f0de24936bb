/* SPDX-License-Identifier: Apache-2.0 */
/* A host recording held in memory, checked field by field when loaded. */
#ifndef SK_HOST_RECORDING_H
#define SK_HOST_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#define SK_REC_FORMAT "sevkit-host-recording/1"
#define SK_REC_SIZE_MAX (1u << 20)
#define SK_REC_CPUID_MAX 256
#define SK_REC_MSR_MAX 64
#define SK_REC_FILES_MAX 64
#define SK_REC_DEVICES_MAX 16

struct sk_rec_cpuid {
	uint32_t leaf, subleaf;
	uint32_t regs[4];
};

struct sk_rec_msr {
	uint32_t cpu, msr;
	uint64_t value;
	int err; /* 0 or -errno */
};

struct sk_rec_file {
	char path[256];
	char *content; /* NULL when err says why it cannot be read */
	int err;
};

struct sk_rec_device {
	char path[256];
	int read_err, write_err;
};

struct sk_recording {
	size_t n_cpuid, n_msr, n_file, n_device;
	struct sk_rec_cpuid cpuid[SK_REC_CPUID_MAX];
	struct sk_rec_msr msr[SK_REC_MSR_MAX];
	struct sk_rec_file file[SK_REC_FILES_MAX];
	struct sk_rec_device device[SK_REC_DEVICES_MAX];
	int kvm; /* API version or -errno */
	uint64_t memlock_soft, memlock_hard;
	int memlock_err;
};

/* Parse and check a whole recording; SEV_E_FORMAT names the offending field. */
int sk_recording_parse(const uint8_t *buf, size_t len, struct sk_recording **rec);
void sk_recording_free(struct sk_recording *rec);

#endif
