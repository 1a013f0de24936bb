/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host interface: every readiness check reads the machine only through
 * these operations, so a recording can stand in for the real machine.
 */
#ifndef SK_HOST_INTERNAL_H
#define SK_HOST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sevkit/host.h>

struct sk_host_ops {
	/* regs[] = EAX, EBX, ECX, EDX. 0, or SEV_E_UNSUPPORTED where there is no CPUID. */
	int (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
	/* 0, or -errno (no msr driver, no permission). */
	int (*rdmsr)(void *ctx, unsigned cpu, uint32_t msr, uint64_t *value);
	/* The start of a file, NUL-terminated: its length (< size), or -errno. */
	int (*read_file)(void *ctx, const char *path, char *buf, size_t size);
	/* Whether the path opens for mode R_OK or W_OK: 0 or -errno. */
	int (*access)(void *ctx, const char *path, int mode);
	/* KVM_GET_API_VERSION on /dev/kvm: the version, or -errno. */
	int (*kvm_api_version)(void *ctx);
	/* RLIMIT_MEMLOCK; UINT64_MAX stands for unlimited. 0 or -errno. */
	int (*memlock)(void *ctx, uint64_t *soft, uint64_t *hard);
	void (*free)(void *ctx);
};

struct sev_host {
	const struct sk_host_ops *ops;
	void *ctx;
};

int sk_host_new(const struct sk_host_ops *ops, void *ctx, struct sev_host **host);

/* What the checks read; a recording holds exactly these. */
#define SK_MSR_SYSCFG 0xC0010010u
#define SK_PATH_CPUINFO "/proc/cpuinfo"
#define SK_PATH_KVM_AMD_SEV "/sys/module/kvm_amd/parameters/sev"
#define SK_PATH_KVM_AMD_SEV_ES "/sys/module/kvm_amd/parameters/sev_es"
#define SK_PATH_KVM_AMD_SEV_SNP "/sys/module/kvm_amd/parameters/sev_snp"
#define SK_PATH_DEV_SEV "/dev/sev"
#define SK_PATH_DEV_KVM "/dev/kvm"

extern const uint32_t sk_host_cpuid_leaves[];
extern const size_t sk_host_cpuid_leaves_n;
extern const char *const sk_host_files[];
extern const size_t sk_host_files_n;
extern const char *const sk_host_devices[];
extern const size_t sk_host_devices_n;

/* Largest file start the checks read (the first processor of /proc/cpuinfo fits). */
#define SK_HOST_FILE_MAX 16384

#endif
