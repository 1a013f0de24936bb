/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP attestation: the ATTESTATION_REPORT (SNP ABI spec 56860), its TCB
 * and policy fields, the VCEK/VLEK certificates and AMD's chain (KDS spec
 * 57230), the extended-report certificate table (GHCB spec 56421), checks of
 * a report against an expected state, and the guest side (configfs-tsm,
 * /dev/sev-guest).
 */
#ifndef SEVKIT_SNP_H
#define SEVKIT_SNP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sevkit/error.h>
#include <sevkit/measure.h>
#include <sevkit/policy.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- products and TCB ------------------------------------------------- */

enum sev_snp_product {
	SEV_SNP_PRODUCT_UNKNOWN = 0,
	SEV_SNP_PRODUCT_MILAN = 1,
	SEV_SNP_PRODUCT_GENOA = 2,
	SEV_SNP_PRODUCT_TURIN = 3,
};

/* "Milan", "Genoa", "Turin", or "unknown". */
SEV_API const char *sev_snp_product_name(enum sev_snp_product p);
/*
 * Parse a product name, case-insensitive; a stepping suffix as in the VCEK's
 * productName ("Milan-B0") is accepted. SEV_E_INVALID for anything else.
 */
SEV_API int sev_snp_product_parse(const char *name, enum sev_snp_product *p);
/* Product from CPUID family/model (report version 3 and later). */
SEV_API enum sev_snp_product sev_snp_product_from_cpuid(uint8_t family, uint8_t model);
/* Product from CPUID leaf 1 EAX (base and extended family and model). */
SEV_API enum sev_snp_product sev_snp_product_from_cpuid1(uint32_t eax);

/*
 * TCB_VERSION: one security patch level (SPL) per firmware component. The
 * byte layout depends on the product: Milan and Genoa put the bootloader in
 * byte 0, TEE in 1, SNP in 6 and microcode in 7; Turin puts FMC in byte 0,
 * bootloader in 1, TEE in 2, SNP in 3 and microcode in 7.
 */
struct sev_snp_tcb {
	uint8_t fmc; /* Turin and later; 0 for Milan and Genoa */
	uint8_t bootloader;
	uint8_t tee;
	uint8_t snp;
	uint8_t microcode;
	uint8_t reserved[4]; /* the bytes no SPL is assigned to, in byte order */
};

/* True when the product uses the Turin TCB layout (with an FMC SPL). */
SEV_API bool sev_snp_tcb_has_fmc(enum sev_snp_product p);
SEV_API void sev_snp_tcb_decode(uint64_t raw, enum sev_snp_product p, struct sev_snp_tcb *t);
SEV_API uint64_t sev_snp_tcb_encode(const struct sev_snp_tcb *t, enum sev_snp_product p);
/* True when every SPL of a is at least the same SPL of b. */
SEV_API bool sev_snp_tcb_ge(uint64_t a, uint64_t b, enum sev_snp_product p);
/*
 * Parse a TCB given as a 64-bit number (decimal or 0x-hex, the raw value) or
 * as SPLs "bl=2,tee=0,snp=5,ucode=68[,fmc=N]" (missing SPLs are 0).
 */
SEV_API int sev_snp_tcb_parse(const char *text, enum sev_snp_product p, uint64_t *raw);
/* The same, but SPLs given by name must all be named (fmc too on Turin): none defaults to 0. */
SEV_API int sev_snp_tcb_parse_all(const char *text, enum sev_snp_product p, uint64_t *raw);
/* "bl=2 tee=0 snp=5 ucode=68" (with "fmc=N " first on Turin) into buf. */
SEV_API void sev_snp_tcb_format(uint64_t raw, enum sev_snp_product p, char *buf, size_t n);

/* ---- guest policy and platform info ----------------------------------- */


/* A named bit of the guest policy or of PLATFORM_INFO. */
struct sev_snp_bit {
	unsigned bit;
	const char *name;  /* stable key: "smt", "debug", "smt_en", ... */
	const char *set;   /* meaning when set */
	const char *clear; /* meaning when clear */
};

/* The defined policy flag bits 16-25, in bit order (bit 17 is listed as "reserved_one"). */
SEV_API const struct sev_snp_bit *sev_snp_policy_bits(size_t *n);

static inline uint8_t sev_snp_policy_abi_major(uint64_t policy)
{
	return (uint8_t)(policy >> 8);
}

static inline uint8_t sev_snp_policy_abi_minor(uint64_t policy)
{
	return (uint8_t)policy;
}

/* 0, or SEV_E_FORMAT naming the bit when bit 17 is clear or a bit of 63:26 is set. */
SEV_API int sev_snp_policy_validate(uint64_t policy);
/* Look a policy flag up by its name; SEV_E_INVALID if unknown. */
SEV_API int sev_snp_policy_bit_by_name(const char *name, uint64_t *mask);

/* PLATFORM_INFO bits 0-5 and 7 (bit 6 and 63:8 are reserved). */
SEV_API const struct sev_snp_bit *sev_snp_platform_bits(size_t *n);
SEV_API int sev_snp_platform_bit_by_name(const char *name, uint64_t *mask);
#define SEV_SNP_PLATFORM_KNOWN 0xbfull

/* ---- the attestation report ------------------------------------------- */

#define SEV_SNP_REPORT_SIZE 0x4a0
#define SEV_SNP_REPORT_SIGNED 0x2a0 /* the signature covers bytes 0x000-0x29f */
#define SEV_SNP_SIG_ALGO_ECDSA_P384_SHA384 1

/* SIGNER_INFO.SIGNING_KEY (bits 4:2) */
enum sev_snp_signing_key {
	SEV_SNP_KEY_VCEK = 0,
	SEV_SNP_KEY_VLEK = 1,
	SEV_SNP_KEY_NONE = 7,
};

struct sev_snp_report {
	uint8_t raw[SEV_SNP_REPORT_SIZE];
	uint32_t version;
	uint32_t guest_svn;
	uint64_t policy;
	uint8_t family_id[16];
	uint8_t image_id[16];
	uint32_t vmpl;
	uint32_t signature_algo;
	uint64_t current_tcb;
	uint64_t platform_info;
	uint32_t signer_info;
	bool author_key_en;
	bool mask_chip_key;
	enum sev_snp_signing_key signing_key;
	uint8_t report_data[64];
	uint8_t measurement[48];
	uint8_t host_data[32];
	uint8_t id_key_digest[48];
	uint8_t author_key_digest[48];
	uint8_t report_id[32];
	uint8_t report_id_ma[32];
	uint64_t reported_tcb;
	bool has_cpuid; /* version 3 and later */
	uint8_t cpuid_fam_id;
	uint8_t cpuid_mod_id;
	uint8_t cpuid_step;
	uint8_t chip_id[64];
	uint64_t committed_tcb;
	uint8_t current_build, current_minor, current_major;
	uint8_t committed_build, committed_minor, committed_major;
	uint64_t launch_tcb;
	bool has_mit_vectors; /* version 5 and later */
	uint64_t launch_mit_vector;
	uint64_t current_mit_vector;
	uint8_t sig_r[48]; /* big-endian, converted from the 72-byte little-endian slot */
	uint8_t sig_s[48];
};

/*
 * Parse exactly SEV_SNP_REPORT_SIZE bytes. Versions 2 to 5 are accepted
 * (4 has the layout of 3: the reference implementations treat it so and no
 * field was added for it); every reserved byte of that version must be zero.
 */
SEV_API int sev_snp_report_parse(const uint8_t *buf, size_t len, struct sev_snp_report *r);

enum sev_snp_input_format {
	SEV_SNP_INPUT_AUTO = 0,
	SEV_SNP_INPUT_RAW,
	SEV_SNP_INPUT_HEX,
	SEV_SNP_INPUT_BASE64,
};

SEV_API int sev_snp_input_format_parse(const char *name, enum sev_snp_input_format *f);
/*
 * Turn file contents into report bytes: raw binary, hex or base64 text
 * (white space ignored). AUTO takes a buffer of at least the report size that
 * is not all text as raw, then tries hex, then base64. The result may be
 * longer than a report: a raw report followed by a certificate table.
 */
SEV_API int sev_snp_input_decode(const uint8_t *in, size_t len, enum sev_snp_input_format f,
				 uint8_t **out, size_t *out_len);

/*
 * The product a report comes from, as far as the report tells: CPUID fields
 * (version 3+); for version 2, Turin when only the first 8 bytes of CHIP_ID
 * are nonzero, else UNKNOWN (Milan and Genoa cannot be told apart).
 */
SEV_API enum sev_snp_product sev_snp_report_product(const struct sev_snp_report *r);

/* ---- certificate table of the extended report -------------------------- */

enum sev_snp_cert_kind {
	SEV_SNP_CERT_OTHER = 0,
	SEV_SNP_CERT_VCEK,
	SEV_SNP_CERT_VLEK,
	SEV_SNP_CERT_ASK, /* also the ASVK */
	SEV_SNP_CERT_ARK,
	SEV_SNP_CERT_EXTRA_PLATFORM_INFO,
};

struct sev_snp_cert_entry {
	uint8_t guid[16]; /* RFC 4122 byte order */
	enum sev_snp_cert_kind kind;
	uint32_t offset;
	uint32_t length;
	const uint8_t *data; /* points into the parsed buffer */
};

#define SEV_SNP_CERT_TABLE_MAX 32

struct sev_snp_cert_table {
	size_t n;
	struct sev_snp_cert_entry entry[SEV_SNP_CERT_TABLE_MAX];
};

/*
 * Parse a GHCB certificate table (entries of GUID, offset, length ended by
 * an all-zero entry). An all-zero buffer is an empty table. Entries point
 * into buf, which must outlive the table.
 */
SEV_API int sev_snp_cert_table_parse(const uint8_t *buf, size_t len,
				     struct sev_snp_cert_table *t);
SEV_API const char *sev_snp_cert_kind_name(enum sev_snp_cert_kind k);
/*
 * Build a certificate table from n entries (kind, data, length; the GUID is
 * the kind's, or the entry's own for SEV_SNP_CERT_OTHER): the entries in
 * order, the terminator, the certificates. *buf is malloc'ed.
 */
SEV_API int sev_snp_cert_table_build(const struct sev_snp_cert_entry *e, size_t n,
				     uint8_t **buf, size_t *len);

/* One certificate file's contents: a PEM bundle, or one DER certificate. */
struct sev_snp_cert_file {
	const char *name; /* named in errors */
	const uint8_t *data;
	size_t len;
};

/*
 * Build a certificate table from AMD certificate files: every certificate
 * (ARK, ASK, ASVK, VCEK, VLEK, by subject) stored in DER under its role's
 * GUID, the ASVK under the ASK's. A second certificate of a role, or one
 * that is none of these, is refused. Nothing is verified.
 */
SEV_API int sev_snp_cert_table_make(const struct sev_snp_cert_file *files, size_t n,
				    uint8_t **buf, size_t *len);

/*
 * The file a VMM serves extended reports' certificates from (Linux 7.0,
 * KVM_EXIT_SNP_REQ_CERTS). The VMM reads it under a shared OFD lock; whoever
 * changes the firmware's reported TCB or the file holds an exclusive one
 * (Documentation/virt/kvm/x86/amd-memory-encryption.rst), so that no report
 * is served with certificates of another TCB.
 */
#define SEV_SNP_CERT_FILE_DEFAULT "/opt/snp/cert_chain.cert"
#define SEV_SNP_CERT_FILE_CREATE 1u /* create it (and its directory), 0644, when missing */
#define SEV_SNP_CERT_FILE_READ 2u   /* read only, under a shared lock */
/*
 * Open and lock it (exclusive unless SEV_SNP_CERT_FILE_READ), waiting up to
 * 10 s for a VMM's lock. Only a regular file with one name is taken.
 * *created (may be NULL) tells whether it was created now.
 */
SEV_API int sev_snp_cert_file_open(const char *path, unsigned flags, int *fd, bool *created);
SEV_API int sev_snp_cert_file_read(int fd, const char *path, uint8_t **buf, size_t *len);
/*
 * Replace the contents in place, then fsync. Should the write fail half-way,
 * the file is left as the empty table, never as half of one.
 */
SEV_API int sev_snp_cert_file_write(int fd, const char *path, const uint8_t *buf, size_t len);
/* Close it, which releases the lock. */
SEV_API void sev_snp_cert_file_close(int fd);

/* ---- VCEK / VLEK certificates ------------------------------------------ */

/* The AMD extensions of a VCEK or VLEK (OIDs 1.3.6.1.4.1.3704.1.*). */
struct sev_snp_vek_info {
	enum sev_snp_signing_key kind; /* from the subject CN SEV-VCEK / SEV-VLEK */
	int struct_version;            /* .1.1, -1 when absent */
	char product_name[32];         /* .1.2, "Milan-B0" */
	enum sev_snp_product product;
	bool has_fmc;
	struct sev_snp_tcb tcb;        /* .1.3.1-.1.3.3, .1.3.8, .1.3.9 */
	uint8_t hwid[64];              /* .1.4, VCEK only: 64 bytes, 8 on Turin */
	size_t hwid_len;
	char csp_id[128];              /* .1.5, VLEK only */
	char issuer_cn[64];
	time_t not_before, not_after;
};

/* Parse a VCEK or VLEK certificate (DER or PEM) and its AMD extensions. */
SEV_API int sev_snp_vek_parse(const uint8_t *cert, size_t len, struct sev_snp_vek_info *info);
/* The TCB of the certificate in the layout of its product. */
SEV_API uint64_t sev_snp_vek_tcb(const struct sev_snp_vek_info *info);

/* ---- AMD's X.509 certificates, described ------------------------------- */

/* What `sevkit cert show` prints of an ARK, ASK, ASVK, VCEK or VLEK (or another certificate). */
struct sev_snp_x509_info {
	const char *role;              /* "ARK", "ASK", "ASVK", "VCEK", "VLEK" or "X.509" */
	enum sev_snp_product product;  /* from the CN (ARK-Milan, SEV-Milan) or productName */
	char subject[512];             /* one line, as `openssl x509 -text` prints names */
	char issuer[512];
	char serial[80];               /* lower-case hex of whole bytes; zero is "0" */
	time_t not_before, not_after;
	char key_type[16];             /* "RSA", "EC", ... */
	unsigned key_bits;
	char curve[8];                 /* "P-256" or "P-384" for EC keys, else empty */
	char sig_algo[64];             /* as OpenSSL names it: "rsassaPss (sha384)" */
	uint8_t sha256[32];            /* of the DER: `openssl x509 -fingerprint -sha256` */
	size_t der_len;
	bool pem;                      /* the input was PEM */
	bool is_vek;                   /* a VCEK or VLEK: vek holds its AMD extensions */
	struct sev_snp_vek_info vek;
};

/*
 * Describe the X.509 certificates of buf: PEM with up to max of them, or one
 * DER certificate. A VCEK or VLEK must carry valid AMD extensions. Nothing is
 * verified. *n receives the count.
 */
SEV_API int sev_snp_x509_describe(const uint8_t *buf, size_t len, struct sev_snp_x509_info *info,
				  size_t max, size_t *n);

/* ---- verification against AMD's chain ---------------------------------- */

struct sev_snp_verifier;

SEV_API int sev_snp_verifier_new(struct sev_snp_verifier **v);
SEV_API void sev_snp_verifier_free(struct sev_snp_verifier *v);
/* The product whose builtin roots to use; UNKNOWN (default) decides from the VCEK. */
SEV_API int sev_snp_verifier_set_product(struct sev_snp_verifier *v, enum sev_snp_product p);
/*
 * Add certificates (PEM, one or more, or a single DER); each is recognised
 * by its subject CN: ARK-*, SEV-<product> (ASK), SEV-VLEK-<product> (ASVK),
 * SEV-VCEK, SEV-VLEK. An ASK or ASVK given here replaces the builtin one (it
 * is checked against the ARK); the ASK and the ASVK are kept apart, and the
 * one the VCEK or VLEK needs is used. An ARK given here is not trusted: it
 * must equal the trusted ARK.
 */
SEV_API int sev_snp_verifier_add_certs(struct sev_snp_verifier *v, const uint8_t *buf,
				       size_t len);
/* Trust this ARK (PEM or DER, self-signed) instead of the builtin one. */
SEV_API int sev_snp_verifier_set_ark(struct sev_snp_verifier *v, const uint8_t *buf, size_t len);
/* Take the VCEK/VLEK and any ASK/ARK from an extended-report certificate table. */
SEV_API int sev_snp_verifier_add_cert_table(struct sev_snp_verifier *v, const uint8_t *buf,
					    size_t len);
#define SEV_SNP_CRL_MAX 16
/*
 * Add CRLs (PEM, one or more, or a single DER). Every CRL added is applied:
 * each must be issued and signed by the ARK, and a certificate that any of
 * them lists (the ASK/ASVK or the VCEK/VLEK) is refused, whatever the order.
 */
SEV_API int sev_snp_verifier_add_crl(struct sev_snp_verifier *v, const uint8_t *buf, size_t len);
/*
 * Add what a file holds, recognised by its contents, not its name:
 * certificates (as sev_snp_verifier_add_certs), CRLs, or both in one PEM
 * file. SEV_E_FORMAT when it holds neither.
 */
SEV_API int sev_snp_verifier_add_file(struct sev_snp_verifier *v, const uint8_t *buf,
				      size_t len);
/* How many CRLs were added so far (they are listed in this order in the result). */
SEV_API size_t sev_snp_verifier_crl_count(const struct sev_snp_verifier *v);
/* True when a VCEK or VLEK was given. */
SEV_API bool sev_snp_verifier_has_vek(const struct sev_snp_verifier *v);
/* Required: fail unless at least one CRL given is current (its next update has not passed). */
SEV_API void sev_snp_verifier_require_crl(struct sev_snp_verifier *v, bool required);
/* Check certificate validity at this time instead of now. */
SEV_API void sev_snp_verifier_set_time(struct sev_snp_verifier *v, time_t t);

/* One CRL that was applied, in the order the CRLs were added. */
struct sev_snp_crl_info {
	char issuer[64];                 /* the issuer's CN, "ARK-Milan" */
	time_t this_update, next_update; /* next_update is 0 when the CRL has none */
	bool current;                    /* the next update has not passed */
	bool ask_revoked, vek_revoked;   /* it lists the ASK/ASVK, the VCEK/VLEK */
};

struct sev_snp_verify_info {
	size_t size; /* SEV_INIT */
	enum sev_snp_product product;
	enum sev_snp_signing_key key; /* VCEK or VLEK */
	struct sev_snp_vek_info vek;
	/* every CRL below lists neither the ASK/ASVK nor the VCEK/VLEK (serials below) */
	bool crl_checked;
	char ask_serial[80], vek_serial[80]; /* hex, as the CRLs were searched for them */
	uint8_t reserved[7];                 /* zero */
	size_t n_crl; /* the CRLs checked; on a failure, up to the one that failed */
	struct sev_snp_crl_info crl[SEV_SNP_CRL_MAX];
};

/*
 * Verify a report: the chain VCEK/VLEK <- ASK/ASVK <- ARK (RSA-PSS SHA-384,
 * salt 48, checked once and cached for later reports), validity times, the
 * CRL, the report signature (ECDSA P-384 over bytes 0x000-0x29f), and the
 * binding of the certificate to the report (TCB SPLs equal REPORTED_TCB,
 * hwID equals CHIP_ID, product). 0, SEV_E_VERIFY with the reason logged, or
 * another error for unusable input.
 */
SEV_API int sev_snp_verify(struct sev_snp_verifier *v, const struct sev_snp_report *r,
			   struct sev_snp_verify_info *info);
/* The chain alone, as sev_snp_verify checks it, without a report. */
SEV_API int sev_snp_verify_chain(struct sev_snp_verifier *v, struct sev_snp_verify_info *info);

/* ---- checks of a report against expected values ------------------------ */

/*
 * A TCB as a check gives it: either SPLs by name, or a raw 64-bit value that
 * is decoded in the layout of the report's product when it is used.
 */
struct sev_snp_tcb_spec {
	bool set;
	bool is_raw;
	uint64_t raw;
	struct sev_snp_tcb spl;
};

/* "bl=2,tee=0,snp=5,ucode=68[,fmc=N]" or a 64-bit number (decimal or 0x-hex). */
SEV_API int sev_snp_tcb_spec_parse(const char *text, struct sev_snp_tcb_spec *s);
SEV_API void sev_snp_tcb_spec_resolve(const struct sev_snp_tcb_spec *s, enum sev_snp_product p,
				      struct sev_snp_tcb *out);

struct sev_snp_deny {
	enum sev_snp_product product; /* UNKNOWN: any product */
	char stepping[8];             /* "" or a stepping in upper case ("B0" of "Milan-B0") */
	struct sev_snp_tcb_spec tcb;  /* unset: the whole product line is refused */
};

/*
 * A product line ("Milan") or a stepping ("Milan-B0"), case-insensitive, as
 * the deny list and the product check take it. The stepping is 1 to 7
 * letters and digits; anything else is SEV_E_INVALID. A stepping is compared
 * with the VCEK/VLEK productName without regard to case; when that name has
 * no stepping, a check on a stepping fails closed.
 */
SEV_API int sev_snp_product_spec_parse(const char *text, enum sev_snp_product *p,
				       char stepping[8]);

#define SEV_SNP_DENY_MAX 32

struct sev_snp_checks {
	size_t size; /* SEV_INIT */
	bool has_measurement, has_report_data, has_host_data, has_family_id, has_image_id;
	bool has_id_key_digest, has_author_key_digest, has_policy;
	uint8_t measurement[48];
	uint8_t report_data[64];
	uint8_t host_data[32];
	uint8_t family_id[16];
	uint8_t image_id[16];
	uint8_t id_key_digest[48];
	uint8_t author_key_digest[48];
	uint64_t policy;             /* exact POLICY, e.g. from a reference-values document */
	/* guest policy: debug, migration agent and CXL memory are refused unless allowed */
	bool allow_debug, allow_migrate_ma, allow_cxl;
	bool forbid_smt, require_single_socket;
	/* which flags above a source gave explicitly (false included), for merging */
	bool has_allow_debug, has_allow_migrate_ma, has_allow_cxl;
	bool has_forbid_smt, has_require_single_socket;
	bool has_min_abi;
	uint8_t min_abi_major, min_abi_minor;
	uint8_t reserved[3];         /* zero */
	/* TCB minimums, compared SPL by SPL */
	struct sev_snp_tcb_spec min_reported_tcb, min_committed_tcb, min_launch_tcb;
	struct sev_snp_tcb_spec min_current_tcb;
	bool has_min_build, has_min_version;
	uint8_t min_build;
	uint8_t min_version_major, min_version_minor;
	bool has_min_guest_svn;
	bool has_vmpl;
	uint8_t reserved2;            /* zero */
	uint32_t min_guest_svn;
	uint32_t vmpl;
	uint64_t platform_require, platform_forbid;
	enum sev_snp_product product; /* UNKNOWN: any */
	char stepping[8];             /* "" or the stepping the product must have */
	uint32_t reserved3;           /* zero */
	size_t n_deny;
	struct sev_snp_deny deny[SEV_SNP_DENY_MAX];
};

/* No checks: every field zero, size set (inline, so that size is the caller's sizeof). */
static inline void sev_snp_checks_init(struct sev_snp_checks *c)
{
	*c = SEV_INIT(struct sev_snp_checks);
}

/*
 * Read a policy file (a JSON object; keys are listed in the man page) into c.
 * Unknown keys are refused, so that a misspelt check never passes silently.
 */
SEV_API int sev_snp_checks_from_json(struct sev_snp_checks *c, const char *text, size_t len);
/*
 * Take "measurement" (and "policy" if present) from a reference-values
 * document (sevkit measure --json). The keys that describe how the
 * measurement was made are known and not checks; any other key is refused,
 * as in policy files.
 */
SEV_API int sev_snp_checks_from_reference(struct sev_snp_checks *c, const char *text, size_t len);

/* ---- Reference values (sevkit measure --json) --------------------------- */

enum sev_reference_mode {
	SEV_REFERENCE_SEV,       /* "sev" */
	SEV_REFERENCE_SEV_ES,    /* "seves" */
	SEV_REFERENCE_SNP,       /* "snp" */
	SEV_REFERENCE_OVMF_HASH, /* "snp:ovmf-hash": the firmware's digest, no launch measurement */
	SEV_REFERENCE_SVSM,      /* "snp:svsm" */
};

/* An input file of the measurement: the name it was given and its SHA-256. */
struct sev_reference_file {
	const char *path; /* NULL: not an input */
	uint8_t sha256[32];
};

/* What a measurement was and how it was made. */
struct sev_reference {
	size_t size; /* SEV_INIT */
	enum sev_reference_mode mode;
	uint32_t vcpus;              /* SEV-ES and SNP guests, as the four below */
	const uint8_t *measurement;  /* 32 bytes (SEV, SEV-ES) or SEV_SNP_LD_LEN */
	size_t measurement_len;
	bool base64;                 /* also give the measurement in base64 */
	bool has_policy;             /* SNP modes always have one */
	bool has_vcpu_sig;
	uint8_t reserved;            /* zero */
	uint32_t vcpu_sig;
	uint64_t policy;
	const char *vcpu_type;       /* NULL: not given */
	enum sev_vmm_type vmm;
	enum sev_vmsa_fpu fpu;
	uint64_t guest_features;     /* SEV_REFERENCE_SNP */
	uint64_t vars_size;          /* SEV_REFERENCE_SVSM */
	struct sev_reference_file ovmf, svsm, kernel, initrd;
	const char *append;          /* with a kernel: its command line (NULL: none) */
};

/*
 * The reference-values document that sev_snp_checks_from_reference() reads
 * (for SNP modes; SEV and SEV-ES documents carry launch_digest too, the keys of
 * earlier versions), as JSON text indented by two spaces without a final
 * newline, in *json (free() it).
 */
SEV_API int sev_snp_reference_to_json(const struct sev_reference *r, char **json);
/*
 * Add the checks of another source (a policy file, a reference document, an
 * option) to dst. A value that both pin must be the same: otherwise
 * SEV_E_INVALID, with *field naming the check (its policy-file key). Deny
 * entries and PLATFORM_INFO bits add up. A TCB minimum given once as a number
 * and once as SPLs counts as different.
 */
SEV_API int sev_snp_checks_merge(struct sev_snp_checks *dst, const struct sev_snp_checks *src,
				 const char **field);

/*
 * One check of the table every source of checks goes by, as a policy file
 * and the options of `sevkit report verify` name it. A policy-file key is the
 * option with '_' for '-'; a key "deny.tcb" is the member "tcb" of the objects
 * of the "deny" array.
 */
struct sev_snp_check_info {
	const char *key;    /* policy-file key */
	const char *option; /* option of sevkit report verify, no "--"; NULL: policy files only */
	const char *arg;    /* what the option takes ("TCB", "HEX"); NULL for a flag */
	const char *help;   /* one line on what the option does */
	const char *check;  /* the name its failures carry (struct sev_snp_check_failure) */
	bool adds_up;       /* values from several sources add up instead of having to agree */
};

/* The checks, i from 0, in the order they run; NULL after the last. */
SEV_API const struct sev_snp_check_info *sev_snp_check_info_at(size_t i);
/*
 * Set one check from text as its option takes it: name is the option
 * ("min-tcb") or the policy-file key ("min_tcb"). A flag takes NULL or "true"
 * (set) or "false" (given as clear); a check that adds up gets one more value.
 * SEV_E_INVALID for an unknown name or a value the check does not take (the
 * message names the option), SEV_E_TOOBIG for one deny entry too many.
 */
SEV_API int sev_snp_checks_set(struct sev_snp_checks *c, const char *name, const char *value);

struct sev_snp_check_failure {
	char check[32];
	char expected[200];
	char actual[200];
};

struct sev_snp_check_result {
	size_t size; /* SEV_INIT */
	size_t n;
	struct sev_snp_check_failure *fail;
};

/*
 * Run every check; each failure is listed with its expected and actual value.
 * product is the report's product (for TCB layouts and the product checks),
 * product_name the VCEK productName or NULL. Returns 0 when all pass,
 * SEV_E_VERIFY when one fails, or -ENOMEM.
 */
SEV_API int sev_snp_check(const struct sev_snp_checks *c, const struct sev_snp_report *r,
			  enum sev_snp_product product, const char *product_name,
			  struct sev_snp_check_result *res);
SEV_API void sev_snp_check_result_free(struct sev_snp_check_result *res);

/* ---- AMD KDS ------------------------------------------------------------ */

enum sev_snp_kds_what {
	SEV_SNP_KDS_VEK,        /* the VCEK for this chip and TCB */
	SEV_SNP_KDS_CERT_CHAIN, /* ASK (or ASVK) and ARK */
	SEV_SNP_KDS_CRL,
};

/*
 * The KDS URL of the VCEK of a chip (its 64-byte identifier; Turin's URL
 * takes the first 8 bytes) at a TCB, in the layout of product p.
 */
SEV_API int sev_snp_kds_vcek_url(enum sev_snp_product p, const uint8_t chip_id[64], uint64_t tcb,
				 char *url, size_t n);
/* Write the KDS URL (sevkit itself never fetches). */
SEV_API int sev_snp_kds_url(const struct sev_snp_report *r, enum sev_snp_product p,
			    enum sev_snp_signing_key key, enum sev_snp_kds_what what, char *url,
			    size_t n);

/* ---- guest side ---------------------------------------------------------- */

enum sev_snp_via {
	SEV_SNP_VIA_AUTO = 0, /* configfs-tsm, else /dev/sev-guest when it is absent */
	SEV_SNP_VIA_TSM,
	SEV_SNP_VIA_IOCTL,
};

struct sev_snp_fetch_opts {
	size_t size; /* SEV_INIT */
	uint8_t report_data[64];
	int vmpl;              /* -1: the default (configfs privlevel_floor, else 0) */
	enum sev_snp_via via;
	bool extended;         /* also fetch the certificate table */
	uint8_t reserved[7];   /* zero */
	const char *tsm_dir;   /* NULL: /sys/kernel/config/tsm/report */
	const char *device;    /* NULL: /dev/sev-guest */
};

/* Fetch a report in the guest. certs (extended only) is malloc'ed; it may be empty. */
SEV_API int sev_snp_fetch_report(const struct sev_snp_fetch_opts *o,
				 uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs,
				 size_t *certs_len);

/* MSG_KEY_REQ guest_field_select bits */
#define SEV_SNP_GFS_POLICY (1u << 0)
#define SEV_SNP_GFS_IMAGE_ID (1u << 1)
#define SEV_SNP_GFS_FAMILY_ID (1u << 2)
#define SEV_SNP_GFS_MEASUREMENT (1u << 3)
#define SEV_SNP_GFS_GUEST_SVN (1u << 4)
#define SEV_SNP_GFS_TCB_VERSION (1u << 5)
#define SEV_SNP_GFS_KNOWN 0x3fu

enum sev_snp_root_key {
	SEV_SNP_ROOT_VCEK = 0,
	SEV_SNP_ROOT_VMRK = 1,
};

struct sev_snp_key_request {
	size_t size; /* SEV_INIT */
	enum sev_snp_root_key root_key;
	uint32_t vmpl;
	uint64_t guest_field_select;
	uint32_t guest_svn;
	uint32_t reserved; /* zero */
	uint64_t tcb_version;
};

#define SEV_SNP_DERIVED_KEY_SIZE 32

/* SNP_GET_DERIVED_KEY on the device (NULL: /dev/sev-guest). */
SEV_API int sev_snp_derive_key(const char *device, const struct sev_snp_key_request *req,
			       uint8_t key[SEV_SNP_DERIVED_KEY_SIZE]);
/* Look a guest_field_select name up ("policy", "image_id", ...). */
SEV_API int sev_snp_gfs_by_name(const char *name, uint64_t *mask);

#ifdef __cplusplus
}
#endif
#endif
