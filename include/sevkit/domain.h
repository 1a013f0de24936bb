/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Confidential VM definitions: turn a libvirt domain into a SEV, SEV-ES or
 * SEV-SNP one, review a domain for what stops or weakens a SEV launch, and
 * build the matching QEMU command line.
 */
#ifndef SEVKIT_DOMAIN_H
#define SEVKIT_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/mode.h>
#include <sevkit/policy.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SEV-SNP guest policy bits the checks use (SNP firmware ABI, guest policy). */

/* Decoded lengths of the SEV-SNP launch blobs (base64 in XML and on QEMU's line). */
#define SEV_SNP_ID_BLOCK_LEN 96
#define SEV_SNP_ID_AUTH_LEN 4096
#define SEV_SNP_HOST_DATA_LEN 32
#define SEV_SNP_GOSVW_LEN 16

/*
 * The C-bit position and the physical address bit reduction of this host,
 * from CPUID leaf 0x8000001F (EBX bits 5:0 and 11:6). SEV_E_UNSUPPORTED when
 * the processor is not an AMD one with SEV.
 */
SEV_API int sev_host_cbitpos(uint32_t *cbitpos, uint32_t *reduced_phys_bits);

struct sev_domain_options {
	size_t size; /* SEV_INIT */
	enum sev_mode mode;
	bool have_policy;
	bool have_cbitpos;
	bool use_host_cpuid;       /* try sev_host_cbitpos() when no values given */
	bool kernel_hashes;        /* kernelHashes='yes' (needs <kernel> in <os>) */
	uint64_t policy;           /* when have_policy; else kept or the default */
	uint32_t cbitpos;          /* when have_cbitpos; else from CPUID or kept */
	uint32_t reduced_phys_bits;
	const char *firmware;      /* loader path; NULL keeps a loader or picks one */
	const char *dh_cert;       /* base64 text for <dhCert> (SEV, SEV-ES) */
	const char *session;       /* base64 text for <session> (SEV, SEV-ES) */
	const char *id_block;      /* base64 (SEV-SNP) */
	const char *id_auth;       /* base64 (SEV-SNP) */
	const char *host_data;     /* base64 (SEV-SNP) */
	bool author_key;           /* authorKey='yes' (SEV-SNP, with id_auth) */
	uint8_t reserved[7];       /* zero */
};

/* Called once per change the converter makes: what it did and why. */
typedef void (*sev_domain_change_fn)(const char *what, const char *why, void *ctx);

/*
 * Convert a libvirt domain (XML text of len bytes) for a confidential launch.
 * Everything the conversion does not need to touch is kept. On success *out
 * is the new XML (NUL-terminated, free()), *out_len its length. Converting the
 * result again with the same options changes nothing.
 * SEV_E_FORMAT for malformed XML or a non-domain document, SEV_E_INVALID for
 * options that do not fit the domain.
 */
SEV_API int sev_domain_convert(const char *xml, size_t len, const struct sev_domain_options *opt,
			       sev_domain_change_fn report, void *ctx, char **out, size_t *out_len);

enum sev_finding_level {
	SEV_FINDING_INFO = 0,
	SEV_FINDING_WARNING = 1,
	SEV_FINDING_ERROR = 2,
};

struct sev_finding {
	const char *id;              /* stable identifier, e.g. "memory-not-locked" */
	enum sev_finding_level level;
	char *message;               /* what is wrong, naming the element */
	char *fix;                   /* what to change */
};

struct sev_findings {
	size_t size; /* SEV_INIT */
	size_t n;
	struct sev_finding *v;
};

struct sev_lint_options {
	size_t size; /* SEV_INIT */
	bool read_files;             /* open cloud-init seeds named by the domain */
	uint8_t reserved[7];         /* zero */
};

SEV_API const char *sev_finding_level_name(enum sev_finding_level level);

/*
 * Review a domain for problems that stop a SEV launch (errors) or weaken its
 * confidentiality (warnings, infos). Fills *out (free with sev_findings_free).
 * SEV_E_FORMAT for malformed XML.
 */
SEV_API int sev_domain_lint(const char *xml, size_t len, const struct sev_lint_options *opt,
			    struct sev_findings *out);
SEV_API void sev_findings_free(struct sev_findings *f);

/*
 * What a domain boots and how its SEV launch is set up, from its XML: what a
 * guest owner must check before trusting a launch measurement.
 */
struct sev_domain_boot {
	size_t size; /* SEV_INIT */
	bool sev;            /* <launchSecurity type='sev'> */
	bool kernel_hashes;  /* its kernelHashes='yes' */
	bool dh_cert;        /* its <dhCert> */
	bool session;        /* its <session> */
	bool nvram;          /* <os><nvram>: a variable store the measurement leaves out */
	uint8_t reserved[3]; /* zero */
	uint32_t loaders;    /* how many <os><loader> */
	uint32_t reserved2;  /* zero */
	char *loader;        /* the first <loader>'s path, or NULL */
	char *kernel;        /* <os><kernel>, or NULL */
	char *initrd;        /* <os><initrd>, or NULL */
	char *cmdline;       /* <os><cmdline>, or NULL */
};
/* Read b from a domain's XML; free its strings with sev_domain_boot_free(). */
SEV_API int sev_domain_boot_read(const char *xml, size_t len, struct sev_domain_boot *b);
SEV_API void sev_domain_boot_free(struct sev_domain_boot *b);

struct sev_qemu_options {
	size_t size; /* SEV_INIT */
	enum sev_mode mode;
	bool have_policy;
	bool kernel_hashes;
	bool author_key;
	uint8_t reserved;            /* zero */
	uint64_t policy;
	uint32_t cbitpos;
	uint32_t reduced_phys_bits;
	uint64_t memory_mib;         /* guest RAM */
	const char *binary;          /* default qemu-system-x86_64 */
	const char *firmware;        /* default per mode, see sev_default_firmware() */
	const char *dh_cert_file;    /* SEV, SEV-ES */
	const char *session_file;    /* SEV, SEV-ES */
	const char *id_block;        /* base64, SEV-SNP */
	const char *id_auth;
	const char *host_data;
	const char *kernel;
	const char *initrd;
	const char *append;
};

/*
 * Default firmware: the 2 MiB OVMF_CODE.fd as a read-only pflash for SEV and
 * SEV-ES (the 4 MiB Debian builds lack the SEV metadata), the combined
 * stateless OVMF.fd as a ROM for SEV-SNP (no unmeasured variable store).
 */
SEV_API const char *sev_default_firmware(enum sev_mode mode);

/* The QEMU arguments, argv[0] being the binary; free with sev_qemu_args_free(). */
SEV_API int sev_qemu_args(const struct sev_qemu_options *opt, char ***argv, size_t *argc);
SEV_API void sev_qemu_args_free(char **argv, size_t argc);
/* Join arguments into one line quoted for a POSIX shell (free()). */
SEV_API char *sev_shell_join(char *const *argv, size_t argc);

#ifdef __cplusplus
}
#endif
#endif
