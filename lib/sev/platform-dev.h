/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV device interface: one operation, the SEV_ISSUE_CMD ioctl of
 * /dev/sev. Command parameter blocks are byte buffers laid out exactly as the
 * kernel's packed structures (include/uapi/linux/psp-sev.h); addresses in
 * them point into the caller's memory. The Linux device and the replayed
 * device used by tests both implement it.
 */
#ifndef SK_PLATFORM_DEV_H
#define SK_PLATFORM_DEV_H

#include <stddef.h>
#include <stdint.h>

#include <sevkit/platform.h>

/*
 * Platform command ids (SEV_FACTORY_RESET ... SNP_SET_CONFIG in psp-sev.h;
 * the SNP ones since Linux 6.9, after SEV_GET_ID2 in the same enum).
 */
enum sk_sev_cmd {
	SK_SEV_PLATFORM_RESET = 0,
	SK_SEV_PLATFORM_STATUS = 1,
	SK_SEV_PEK_GEN = 2,
	SK_SEV_PEK_CSR = 3,
	SK_SEV_PDH_GEN = 4,
	SK_SEV_PDH_CERT_EXPORT = 5,
	SK_SEV_PEK_CERT_IMPORT = 6,
	SK_SEV_GET_ID = 7,
	SK_SEV_GET_ID2 = 8,
	SK_SNP_PLATFORM_STATUS = 9,
	SK_SNP_COMMIT = 10,
	SK_SNP_SET_CONFIG = 11,
	SK_SEV_CMD_COUNT = 12,
};

/* Sizes of the parameter blocks. */
#define SK_STATUS_SIZE 12     /* api_major, api_minor, state, u32 flags, build, u32 guests */
#define SK_BUF_PARAM_SIZE 12  /* u64 address, u32 length (PEK_CSR, GET_ID2) */
#define SK_PAIR_PARAM_SIZE 24 /* u64 addr, u32 len, u64 addr, u32 len */
#define SK_GET_ID_SIZE 128    /* two 64-byte socket ids (legacy GET_ID) */
/* struct sev_user_data_snp_status: 4 bytes, build, flags, guests, current and reported TCB */
#define SK_SNP_STATUS_SIZE 32
/* struct sev_user_data_snp_config: reported TCB, u32 mask bits, 52 reserved bytes */
#define SK_SNP_CONFIG_SIZE 64

/* Firmware status codes the protocol itself relies on. */
#define SK_FW_SUCCESS 0x0000u
#define SK_FW_INVALID_LEN 0x0004u

struct sk_sev_dev_ops {
	/*
	 * Issue command cmd with parameter block data. Like the ioctl: 0 on
	 * success, -errno otherwise (-EIO when the firmware refused, with its
	 * status in *fw_error).
	 */
	int (*issue)(void *ctx, uint32_t cmd, uint8_t *data, uint32_t *fw_error);
	/* CPUID leaf 1 EAX of the processor the firmware runs on (its family and model) */
	uint32_t (*cpuid1)(void *ctx);
	void (*close)(void *ctx);
};

/* "PDH_CERT_EXPORT", ...; "?" for an unknown id. */
const char *sk_sev_cmd_name(uint32_t cmd);

int sk_platform_new(const struct sk_sev_dev_ops *ops, void *ctx, struct sev_platform **p);
/* Issue one command: 0, or -errno with the firmware status kept (platform.c). */
int sk_platform_issue(struct sev_platform *p, uint32_t cmd, uint8_t *data);
/* Log a failed command, by firmware status name or errno; returns the error to pass on. */
int sk_platform_refused(struct sev_platform *p, uint32_t cmd, int rc);
uint32_t sk_platform_cpuid1(struct sev_platform *p);
/* "DEVICE: " for messages, or "" for a platform opened without a name. */
const char *sk_platform_prefix(const struct sev_platform *p);
/* The device name commands' errors carry (sev_platform_open, platform-open.c). */
int sk_platform_name(struct sev_platform *p, const char *device);

/* The device node (platform-linux.c). */
int sk_sev_linux_open(const char *path, struct sev_platform **p);

/* ---- the replayed platform (platform-fake.c) ---- */

struct sk_fake_sev {
	uint8_t status[SK_STATUS_SIZE]; /* the PLATFORM_STATUS reply */
	uint8_t cert[4][SEV_CERT_SIZE]; /* PDH, PEK, OCA, CEK */
	uint8_t csr[SEV_CERT_SIZE];     /* the PEK_CSR reply */
	uint8_t id[SEV_ID_MAX];
	uint32_t id_len;
	bool no_get_id2;                 /* an old kernel: GET_ID2 is EINVAL */
	uint8_t snp_status[SK_SNP_STATUS_SIZE]; /* the SNP_PLATFORM_STATUS reply */
	bool no_snp;                     /* no SEV-SNP: the SNP commands are EINVAL */
	uint32_t cpuid1;                 /* CPUID 1 EAX of the recorded processor */
	/* injected misbehaviour, per command */
	uint32_t fw_error[SK_SEV_CMD_COUNT];
	int err[SK_SEV_CMD_COUNT];       /* -errno from the ioctl itself */
	uint32_t reply_len[SK_SEV_CMD_COUNT];  /* length reported back, 0 = the true one */
	uint32_t reply_len2[SK_SEV_CMD_COUNT]; /* second length (cert chain) */
	/* what the platform received */
	unsigned calls[SK_SEV_CMD_COUNT];
	uint8_t imported[2][SEV_CERT_SIZE]; /* PEK, OCA */
	uint8_t snp_config[SK_SNP_CONFIG_SIZE]; /* the last SNP_SET_CONFIG block */
	char dir[512];                   /* when set, imports are also written here */
};

/* A platform answered by f (borrowed; it must outlive the platform). */
int sk_fake_open(struct sk_fake_sev *f, struct sev_platform **p);
/* Same, and the platform frees f when closed. */
int sk_fake_open_owned(struct sk_fake_sev *f, struct sev_platform **p);
/* Parse a platform.json held in memory; certificate files are read from dir. */
int sk_fake_parse(const uint8_t *json, size_t len, const char *dir, struct sk_fake_sev **f);
/* Load DIR/platform.json and the certificate files it names. */
int sk_fake_load(const char *dir, struct sk_fake_sev **f);

#endif
