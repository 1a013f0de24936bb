/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVIDIA GPU evidence (Hopper in confidential-computing mode): the SPDM 1.1 measurement report
 * a GPU signs, its device certificate chain up to NVIDIA's root, and the reference integrity
 * manifests (RIMs) its measurements are compared with. Offline: nothing is fetched.
 */
#ifndef SEVKIT_GPU_H
#define SEVKIT_GPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_GPU_NONCE_LEN 32
#define SEV_GPU_HASH_LEN 48 /* SHA-384 measurements and FWID */

/* ---- evidence as it travels ------------------------------------------- */

/* One device's evidence. */
struct sev_gpu_device {
	char arch[16];     /* "HOPPER", as the evidence names it; "" for a bare report */
	char uuid[64];     /* "" when not given */
	uint8_t *report;   /* the raw SPDM report */
	size_t report_len;
	char *chain;       /* the PEM chain the evidence carries, or NULL */
	size_t chain_len;
};

struct sev_gpu_evidence {
	size_t n;
	struct sev_gpu_device *dev;
};

/*
 * Read evidence in any of its forms: one report as hex text (spaces, newlines and "0x" are
 * ignored) or raw bytes; trustee's JSON {"device_evidence_list":[{"arch","uuid","evidence",
 * "certificate"}]} (evidence in hex or base64, certificate the base64 of a PEM chain), the
 * same list under the key "nvidia", or a bare array of such objects (nvtrust). SEV_E_FORMAT
 * naming what is wrong.
 */
SEV_API int sev_gpu_evidence_parse(const uint8_t *buf, size_t len, struct sev_gpu_evidence *e);
SEV_API void sev_gpu_evidence_free(struct sev_gpu_evidence *e);

/* ---- the report ------------------------------------------------------- */

struct sev_gpu_report;

/* Parse a raw report (a copy is kept). SEV_E_FORMAT naming the field and its offset. */
SEV_API int sev_gpu_report_parse(const uint8_t *buf, size_t len, struct sev_gpu_report **r);
SEV_API void sev_gpu_report_free(struct sev_gpu_report *r);
SEV_API const uint8_t *sev_gpu_report_nonce(const struct sev_gpu_report *r);
/* "550.90.07" and "96.00.9f.00.01"; "" when the report does not carry them. */
SEV_API const char *sev_gpu_report_driver_version(const struct sev_gpu_report *r);
SEV_API const char *sev_gpu_report_vbios_version(const struct sev_gpu_report *r);
/*
 * Every field as JSON text (free()): request and response fields, "measurements" {"1": hex,
 * ...} and "config" with the opaque fields decoded by name as trustee's claims give them.
 */
SEV_API int sev_gpu_report_json(const struct sev_gpu_report *r, char **json);

/* ---- revocation: where to fetch what --gpu-verify checks ----------------- */

/* For each certificate of a chain but its root: where its revocation is told. */
struct sev_gpu_revocation_info {
	char subject[96];          /* its CN */
	char crl_url[4][256];      /* its CRL distribution points */
	size_t n_crl_url;
	char ocsp_url[256];        /* its OCSP responder; "" when it names none */
	uint8_t *ocsp_request;     /* a DER OCSPRequest for it (CertID SHA-384), to POST there */
	size_t ocsp_request_len;
};

/* The revocation sources of a PEM chain, leaf first: *n entries (free with the next call). */
SEV_API int sev_gpu_revocation_info(const uint8_t *pem, size_t len,
				    struct sev_gpu_revocation_info **info, size_t *n);
SEV_API void sev_gpu_revocation_info_free(struct sev_gpu_revocation_info *info, size_t n);

/* ---- verification ----------------------------------------------------- */

struct sev_gpu_verifier;

SEV_API int sev_gpu_verifier_new(struct sev_gpu_verifier **v);
SEV_API void sev_gpu_verifier_free(struct sev_gpu_verifier *v);
/*
 * The device chain (PEM, leaf first): its root must be NVIDIA's Device Identity CA, built into
 * the library. Verified once, at the first report, and kept for later ones.
 */
SEV_API int sev_gpu_verifier_set_chain(struct sev_gpu_verifier *v, const uint8_t *pem,
				       size_t len);
/*
 * Trust this root (PEM, self-signed, ECDSA P-384) instead of NVIDIA's Device Identity CA: for a
 * root NVIDIA adds later, or a test PKI. The chain must end in it.
 */
SEV_API int sev_gpu_verifier_set_root(struct sev_gpu_verifier *v, const uint8_t *pem,
				      size_t len);
/* The nonce the report's request must carry (32 bytes); without one, no report verifies. */
SEV_API int sev_gpu_verifier_set_nonce(struct sev_gpu_verifier *v, const uint8_t *nonce);
/* Check certificates (device and RIM chains, CRLs) at this time instead of now. */
SEV_API void sev_gpu_verifier_set_time(struct sev_gpu_verifier *v, time_t t);
/*
 * A RIM (SWID XML): its XML signature is checked against NVIDIA's RIM root, built into the
 * library, and its measurements compared with the report's. name labels it in messages.
 * Driver and VBIOS RIMs of several versions may be added: a report is compared with the one
 * of each kind whose version is the report's (with the only one of its kind when none is,
 * which then fails on its version; with none when several are and none is the report's).
 */
SEV_API int sev_gpu_verifier_add_rim(struct sev_gpu_verifier *v, const char *name,
				     const uint8_t *xml, size_t len);
/*
 * A CRL (PEM or DER) issued by a CA of the device chain: the certificates it covers are
 * checked against it. name labels it.
 */
SEV_API int sev_gpu_verifier_add_crl(struct sev_gpu_verifier *v, const char *name,
				     const uint8_t *buf, size_t len);
/*
 * An OCSP response (DER) for a certificate of the device chain, as NVIDIA's responder gives it:
 * signed by the certificate's issuer or a responder it certified, current at the time of the
 * check, "good". Checked against every certificate it speaks of. name labels it.
 */
SEV_API int sev_gpu_verifier_add_ocsp(struct sev_gpu_verifier *v, const char *name,
				      const uint8_t *der, size_t len);
/* Refuse a report without an FWID (older drivers do not send one: nvtrust accepts those). */
SEV_API void sev_gpu_verifier_require_fwid(struct sev_gpu_verifier *v, bool required);

#define SEV_GPU_FAILURE_MAX 96

/* One failed check: "signature", "nonce", "chain", "expired", "fwid", "revoked", "rim", ... */
struct sev_gpu_failure {
	char check[24];
	char detail[232];
};

/* One measurement that no RIM matches. */
struct sev_gpu_mismatch {
	unsigned index;    /* the report's measurement block index (1-based) */
	char name[48];     /* the RIM's name for it: "HashedMeasurement_1_FSP" */
	char rim[64];      /* the RIM's name as added */
	char expected[SEV_GPU_HASH_LEN * 2 + 1]; /* the first alternative */
	char actual[SEV_GPU_HASH_LEN * 2 + 1];   /* "" when the report has no such block */
	char reserved[2];
};

struct sev_gpu_result {
	size_t size; /* SEV_INIT */
	bool verified;        /* every check passed: the verdict */
	bool signature_valid; /* the report's signature with the chain's leaf */
	bool chain_verified;  /* chain to NVIDIA's root, times, CRLs */
	bool nonce_matched;
	bool fwid_checked;    /* the report's FWID was compared with the leaf's (false: no FWID) */
	bool rims_checked;    /* every RIM verified and every golden measurement compared */
	bool revocation_checked; /* a CRL or an OCSP response covered a certificate of the chain */
	uint8_t reserved[1];
	size_t n_fail;
	struct sev_gpu_failure fail[SEV_GPU_FAILURE_MAX];
	size_t n_mismatch;    /* the first SEV_GPU_FAILURE_MAX are listed */
	struct sev_gpu_mismatch mismatch[SEV_GPU_FAILURE_MAX];
	size_t n_compared;    /* golden measurements compared */
};

/*
 * Run every check and list each failure: parse, signature, chain (root, each link, times,
 * CRLs), FWID, nonce, RIMs (signature, versions, each measurement). 0 when the checks ran
 * (res->verified says whether they passed), another error for unusable input.
 */
SEV_API int sev_gpu_verify(struct sev_gpu_verifier *v, const struct sev_gpu_report *r,
			   struct sev_gpu_result *res);

#ifdef __cplusplus
}
#endif

#endif
