/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV platform certificates (PDH, PEK, OCA, CEK; 0x824 bytes) and AMD
 * signing-key certificates (ARK, ASK; 2048- or 4096-bit RSA), as defined in
 * the SEV API specification (AMD #55766, appendix C).
 */
#ifndef SEVKIT_CERT_H
#define SEVKIT_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_CERT_SIZE 0x824
#define SEV_CERT_BODY_SIZE 0x414 /* the signed region: version .. end of public key */

enum sev_usage {
	SEV_USAGE_ARK = 0x0000,
	SEV_USAGE_ASK = 0x0013,
	SEV_USAGE_INVALID = 0x1000,
	SEV_USAGE_OCA = 0x1001,
	SEV_USAGE_PEK = 0x1002,
	SEV_USAGE_PDH = 0x1003,
	SEV_USAGE_CEK = 0x1004,
};

enum sev_algo {
	SEV_ALGO_NONE = 0x000,
	SEV_ALGO_RSA_SHA256 = 0x001,
	SEV_ALGO_ECDSA_SHA256 = 0x002,
	SEV_ALGO_ECDH_SHA256 = 0x003,
	SEV_ALGO_RSA_SHA384 = 0x101,
	SEV_ALGO_ECDSA_SHA384 = 0x102,
	SEV_ALGO_ECDH_SHA384 = 0x103,
};

enum sev_curve {
	SEV_CURVE_P256 = 1,
	SEV_CURVE_P384 = 2,
};

/* A signature slot; empty unless usage names a signer and algo a signature algorithm. */
struct sev_cert_sig {
	uint32_t usage;
	uint32_t algo;
	bool empty;
};

/* A parsed SEV certificate. raw holds the exact bytes; the rest is decoded from them. */
struct sev_cert {
	uint8_t raw[SEV_CERT_SIZE];
	uint32_t version;
	uint8_t api_major;
	uint8_t api_minor;
	uint32_t usage;
	uint32_t algo;
	uint32_t key_bits;  /* RSA modulus size, or 256/384 for the EC curve */
	uint32_t curve;     /* enum sev_curve for EC keys, 0 for RSA */
	struct sev_cert_sig sig[2];
};

/* Parse exactly SEV_CERT_SIZE bytes; anything out of specification is refused. */
SEV_API int sev_cert_parse(const uint8_t *buf, size_t len, struct sev_cert *cert);

#define SEV_CA_CERT_HEADER 0x40
#define SEV_CA_CERT_MAX (SEV_CA_CERT_HEADER + 3 * 512)

/* A parsed AMD signing-key certificate (ARK or ASK). */
struct sev_ca_cert {
	uint8_t raw[SEV_CA_CERT_MAX];
	size_t len;           /* bytes of raw in use, signature included */
	size_t body_len;      /* the signed region: header, exponent, modulus */
	uint32_t version;
	uint8_t key_id[16];
	uint8_t certifying_id[16];
	uint32_t usage;       /* SEV_USAGE_ARK or SEV_USAGE_ASK */
	uint32_t pubexp_bits;
	uint32_t modulus_bits;
	bool has_signature;   /* false for AMD's published Naples ARK */
};

/*
 * Parse one AMD signing-key certificate at the start of buf. *used receives
 * its size, so a caller can walk a file of several. A certificate that ends
 * right after its modulus (no signature) is accepted with has_signature false.
 */
SEV_API int sev_ca_cert_parse(const uint8_t *buf, size_t len, struct sev_ca_cert *cert,
			      size_t *used);

/* Names and descriptions for output. */
SEV_API const char *sev_usage_name(uint32_t usage);   /* "PDH", "ARK", ... or "?" */
SEV_API const char *sev_algo_name(uint32_t algo);     /* "ECDSA_SHA256", ... */
SEV_API bool sev_usage_is_known(uint32_t usage);
SEV_API bool sev_algo_is_signature(uint32_t algo);
/* The digest size (32 or 48) of the hash an algorithm names, 0 for NONE. */
SEV_API size_t sev_algo_hash_len(uint32_t algo);

/*
 * sevctl's key description: "EP384 E256" (ECDSA), "EP384 D256" (ECDH),
 * "R4096 R384" (RSA). buf needs 16 bytes.
 */
SEV_API void sev_cert_key_desc(const struct sev_cert *cert, char *buf, size_t n);
SEV_API void sev_ca_cert_key_desc(const struct sev_ca_cert *cert, char *buf, size_t n);

/*
 * Fingerprint as sevctl prints it: the digest of the signed region with the
 * certificate key's own hash. *len receives 32 or 48.
 */
SEV_API int sev_cert_fingerprint(const struct sev_cert *cert, uint8_t out[48], size_t *len);
SEV_API int sev_ca_cert_fingerprint(const struct sev_ca_cert *cert, uint8_t out[48],
				    size_t *len);

#ifdef __cplusplus
}
#endif
#endif
