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

/*
 * Builtin AMD roots: the ARK and ASK of each SEV generation, as AMD publishes
 * them (ask_ark_<generation>.cert). Generations are "naples", "rome", "milan",
 * "genoa" and "turin", oldest first. AMD publishes the Naples ARK without its
 * signature; the builtin one carries the signature AMD handed out separately,
 * and sev_chain_parse() adds it to an unsigned copy of that exact ARK.
 */
SEV_API size_t sev_generation_count(void);
/* The name of generation i (0 .. count-1), NULL past the end. */
SEV_API const char *sev_generation_name(size_t i);
/* The builtin ARK and ASK of a generation; either pointer may be NULL. SEV_E_INVALID if unknown. */
SEV_API int sev_builtin_ca(const char *generation, struct sev_ca_cert *ark,
			   struct sev_ca_cert *ask);

/* The certificates a chain can hold, in the only order a chain file may hold them. */
enum sev_chain_role {
	SEV_CHAIN_PDH,
	SEV_CHAIN_PEK,
	SEV_CHAIN_OCA,
	SEV_CHAIN_CEK,
	SEV_CHAIN_ASK,
	SEV_CHAIN_ARK,
	SEV_CHAIN_ROLES,
};

/*
 * A certificate chain. Each certificate is optional: `present` has bit
 * (1 << role) set for those there. offset/size give where each one was in the
 * parsed buffer (size is what the file held: 576 for AMD's unsigned Naples ARK,
 * although ark then carries the signature AMD published separately).
 */
struct sev_chain {
	struct sev_cert pdh, pek, oca, cek;
	struct sev_ca_cert ask, ark;
	unsigned present;
	size_t offset[SEV_CHAIN_ROLES];
	size_t size[SEV_CHAIN_ROLES];
};

static inline bool sev_chain_has(const struct sev_chain *c, enum sev_chain_role role)
{
	return (c->present >> role) & 1u;
}

/* "PDH", "PEK", "OCA", "CEK", "ASK", "ARK". */
SEV_API const char *sev_chain_role_name(enum sev_chain_role role);

/*
 * Parse a chain file: SEV certificates and AMD signing-key certificates,
 * back to back, recognised by their usage fields, in the order PDH, PEK, OCA,
 * CEK, ASK, ARK with any of them left out. This covers `sevctl export`
 * (PDH..CEK, with --full also ASK ARK), sev-tool's cert_chain.cert (PEK OCA
 * CEK), AMD's ask_ark_<generation>.cert (ASK ARK) and single certificates.
 * An empty buffer, a duplicate, a certificate out of order, an unsigned
 * ASK/ARK (except AMD's Naples ARK, see above) or trailing bytes are refused
 * with SEV_E_FORMAT, naming the field and offset; chain is then left empty.
 */
SEV_API int sev_chain_parse(const uint8_t *buf, size_t len, struct sev_chain *chain);

/* The seven signatures of a complete chain, from the root down. */
enum sev_link_id {
	SEV_LINK_ARK_SELF, /* ARK signs itself */
	SEV_LINK_ARK_ASK,  /* ARK signs ASK */
	SEV_LINK_ASK_CEK,  /* ASK signs CEK (RSA-PSS, SHA-256 for a 2048-bit ASK, else SHA-384) */
	SEV_LINK_CEK_PEK,  /* CEK signs PEK */
	SEV_LINK_OCA_PEK,  /* OCA signs PEK */
	SEV_LINK_OCA_SELF, /* OCA signs itself */
	SEV_LINK_PEK_PDH,  /* PEK signs PDH */
	SEV_LINKS,
};

enum sev_link_status {
	SEV_LINK_OK,      /* the signature verifies */
	SEV_LINK_FAILED,  /* both are there; no valid signature, or the ARK is not trusted */
	SEV_LINK_MISSING, /* the signer or the signee is absent */
};

struct sev_link {
	enum sev_chain_role signer, signee;
	enum sev_link_status status;
	const char *reason; /* why it is not OK (static text), NULL when OK */
};

struct sev_chain_result {
	size_t size; /* SEV_INIT */
	/* The builtin generation whose roots were used, or that `ca` is; NULL if none. */
	const char *generation;
	struct sev_link link[SEV_LINKS];
	/* The chain as verified: the caller's certificates plus the trusted ASK/ARK it lacked. */
	struct sev_chain used;
};

/*
 * Verify every link of a chain. Each signature is checked with the one
 * algorithm its certificate type allows, and only from a slot whose usage
 * names the signer and whose algorithm is the signer's (for ASK -> CEK:
 * RSA_SHA256 for a 2048-bit ASK, RSA_SHA384 for 4096 bits).
 *
 * The ARK is the trust anchor. It is `ca`'s ARK when ca is not NULL, else
 * the builtin ARK of the generation whose builtin ASK verifies the CEK (or,
 * without a signed CEK, whose ARK or ASK the chain holds). A chain that
 * carries its own ASK/ARK is verified with them, and its ARK must equal the
 * trusted one; the trusted ASK/ARK fill in those the chain lacks.
 *
 * Returns 0 when all seven links are OK, SEV_E_VERIFY when any failed or is
 * missing (see result), another negative code on an internal failure. Only a
 * PDH whose chain returns 0 here is known to belong to a genuine AMD platform.
 */
SEV_API int sev_chain_verify(const struct sev_chain *chain, const struct sev_chain *ca,
			     struct sev_chain_result *result);

/* "ok", "failed", "missing". */
SEV_API const char *sev_link_status_name(enum sev_link_status status);

/*
 * The chain `sevctl export --full` writes: chain (PDH, PEK, OCA, CEK, as
 * PDH_CERT_EXPORT gives them) followed by ca, an ASK and its ARK, or when
 * ca is NULL the builtin ones of the generation whose ASK signed the CEK
 * (SEV_E_INVALID when none did: the platform's own CEK carries no AMD
 * signature, only the copy AMD's key server signs does). The AMD links (ARK
 * itself, ARK -> ASK, ASK -> CEK) are checked with the appended ASK/ARK as the
 * roots: SEV_E_VERIFY, naming the first broken link, when roots of another
 * generation or a CEK they did not sign would give a chain that never
 * verifies. *out (free() it) is set only on success.
 */
SEV_API int sev_chain_complete(const uint8_t chain[4 * SEV_CERT_SIZE], const uint8_t *ca,
			       size_t ca_len, uint8_t **out, size_t *out_len);

/*
 * Taking ownership of a platform (`sevctl provision`): the owner's OCA signs
 * the PEK signing request the firmware gives (PEK_CSR), and PEK_CERT_IMPORT
 * takes the signed PEK with the OCA.
 *
 * sev_pek_sign() signs csr with the OCA's private key (PEM or DER, PKCS#8 or
 * SEC1; P-384) into the first empty signature slot, with the OCA's usage and
 * algorithm, as sevctl and sev-tool do. The OCA must be self-signed and the
 * key must be its own (SEV_E_VERIFY otherwise); a PEK without an empty slot is
 * no signing request (SEV_E_FORMAT). The signature is checked before *out is
 * written.
 */
SEV_API int sev_pek_sign(const uint8_t csr[SEV_CERT_SIZE], const uint8_t oca[SEV_CERT_SIZE],
			 const uint8_t *key, size_t key_len, uint8_t out[SEV_CERT_SIZE]);
/*
 * What PEK_CERT_IMPORT needs: a PEK and a self-signed OCA that signed it. 0,
 * or SEV_E_VERIFY with the reason logged (an unsigned PEK, another OCA's
 * signature, a bad signature).
 */
SEV_API int sev_pek_check_oca(const uint8_t pek[SEV_CERT_SIZE], const uint8_t oca[SEV_CERT_SIZE]);
/*
 * A new owner: a P-384 key and its self-signed OCA (ECDSA SHA-256, API 0.0),
 * as `sevctl generate` makes them; the signature is checked before it is
 * returned. *key is the private key in PEM (PKCS#8, NUL-terminated), a secret
 * held in locked memory: release it with sev_secret_free() (<sevkit/launch.h>).
 */
SEV_API int sev_oca_generate(uint8_t oca[SEV_CERT_SIZE], uint8_t **key, size_t *key_len);

#ifdef __cplusplus
}
#endif
#endif
