/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The key broker (trustee KBS protocol 0.4.0): the server, the operations on its store
 * that the command line offers, and the guest-side client.
 */
#ifndef SEVKIT_KBS_H
#define SEVKIT_KBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/snp.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_KBS_DEFAULT_DB "sqlite:kbs.db"
#define SEV_KBS_DEFAULT_LISTEN "127.0.0.1:8080"

/* A file's contents, as the server takes its inputs (the caller reads and names files). */
struct sev_kbs_blob {
	const uint8_t *data;
	size_t len;
};

/* Growable (SEV_INIT): start from SEV_INIT(struct sev_kbs_server_config). */
struct sev_kbs_server_config {
	size_t size;
	const char *listen;            /* "ADDR:PORT" (IPv4, or [IPv6]:PORT); NULL: the default;
					  port 0 picks a free one (sev_kbs_server_port) */
	const char *db;                /* store URL; NULL: SEV_KBS_DEFAULT_DB */
	struct sev_kbs_blob tls_cert, tls_key; /* PEM; both empty only with insecure_http */
	const struct sev_kbs_blob *ark; /* trust anchors besides AMD's builtin roots */
	size_t n_ark;
	const struct sev_kbs_blob *crl; /* CRLs applied to every chain */
	size_t n_crl;
	struct sev_kbs_blob admin_key; /* Ed25519 public key (PEM); empty: no admin API */
	struct sev_kbs_blob token_key; /* the token-signing private JWK; empty: from the store */
	size_t max_body;               /* bytes; 0: 1 MiB */
	uint32_t insecure_http;        /* 1: plain HTTP */
	uint32_t session_ttl;          /* seconds; 0: 300 */
	uint32_t token_ttl;            /* seconds; 0: 300 */
	uint32_t threads;              /* 0: 4 */
	uint32_t max_connections;      /* 0: 256 */
	uint32_t conn_timeout;         /* seconds a connection may stay idle; 0: 10 */
	uint32_t db_pool;              /* database connections at most (PostgreSQL); 0: 8 */
	uint32_t db_timeout_ms;        /* connect, statement and pool wait bound; 0: 5000 */
	const struct sev_kbs_blob *gpu_rim; /* RIMs every GPU is compared with (sevkit/gpu.h) */
	size_t n_gpu_rim;
	struct sev_kbs_blob gpu_root;  /* PEM: the GPU root instead of NVIDIA's; empty: NVIDIA's */
};

struct sev_kbs_server;

/* Open the store, load or create the token key, and start listening. */
SEV_API int sev_kbs_server_start(const struct sev_kbs_server_config *c,
				 struct sev_kbs_server **s);
/* The port the server listens on. */
SEV_API unsigned sev_kbs_server_port(const struct sev_kbs_server *s);
/*
 * Stop: accept no more connections, let the requests under way finish (up to 10 s),
 * then close the store and free s. NULL is fine.
 */
SEV_API void sev_kbs_server_stop(struct sev_kbs_server *s);

/* ---- the store, for the command line ------------------------------------------------- */

struct sev_kbs_admin;

SEV_API int sev_kbs_admin_open(const char *db, struct sev_kbs_admin **a);
SEV_API void sev_kbs_admin_close(struct sev_kbs_admin *a);
/*
 * Store a policy: the JSON of a `report verify --policy-file` document, or a reference
 * document of `sevkit measure --json`. It is read as the server will read it first:
 * SEV_E_FORMAT when it is neither.
 */
SEV_API int sev_kbs_policy_put(struct sev_kbs_admin *a, const char *name, const char *text,
			       size_t len);
/* *text is malloc'd and NUL-terminated. -ENOENT when there is none. */
SEV_API int sev_kbs_policy_get(struct sev_kbs_admin *a, const char *name, char **text,
			       size_t *len);
SEV_API int sev_kbs_policy_list(struct sev_kbs_admin *a,
				int (*cb)(void *ctx, const char *name), void *ctx);
/* path "repository/type/tag"; the policy must exist (-ENOENT otherwise). */
SEV_API int sev_kbs_resource_put(struct sev_kbs_admin *a, const char *path,
				 const uint8_t *value, size_t len, const char *policy);
/* *value is secret memory: free it with sev_kbs_secret_free(). */
SEV_API int sev_kbs_resource_get(struct sev_kbs_admin *a, const char *path, uint8_t **value,
				 size_t *len, char **policy);
SEV_API int sev_kbs_resource_list(struct sev_kbs_admin *a,
				  int (*cb)(void *ctx, const char *path, const char *policy),
				  void *ctx);
SEV_API int sev_kbs_resource_delete(struct sev_kbs_admin *a, const char *path);
/* The token-signing public key as a JWK (malloc'd JSON); created in the store if absent. */
SEV_API int sev_kbs_token_key(struct sev_kbs_admin *a, char **jwk);

struct sev_kbs_audit_entry {
	int64_t seq, time;
	const char *session, *chip_id, *measurement, *resource, *verdict, *reason;
};

SEV_API int sev_kbs_audit_list(struct sev_kbs_admin *a,
			       int (*cb)(void *ctx, const struct sev_kbs_audit_entry *e),
			       void *ctx);

/*
 * Bring the store db to this sevkit's schema: the missing migrations, in one transaction.
 * *from and *to: the versions before and after (equal when there was nothing to do; from 0
 * for a new database). A schema newer than this sevkit's: SEV_E_UNSUPPORTED.
 */
SEV_API int sev_kbs_db_migrate(const char *db, int *from, int *to);

/*
 * Put a VCEK in the store's cache, which every broker sharing the store uses for evidence
 * that comes without one (sevkit never fetches from AMD: `sevkit report kds-url` says what
 * to download). vcek: the certificate (DER or PEM); chain: the ASK and ARK it came with
 * (PEM), or empty for AMD's builtin ones. The key is the chip id (hwID) and the TCB the
 * VCEK's extensions carry, returned in chip_hex (128 hex digits, a Turin hwID padded with
 * zeros) and *tcb (the raw value a report's REPORTED_TCB holds). A VLEK belongs to no chip
 * and is refused (SEV_E_FORMAT); so is a chain with anything but an ASK and an ARK.
 * Nothing is verified here: the broker verifies the chain at each attestation.
 */
SEV_API int sev_kbs_vcek_put(struct sev_kbs_admin *a, struct sev_kbs_blob vcek,
			     struct sev_kbs_blob chain, char chip_hex[129], uint64_t *tcb);
SEV_API int sev_kbs_vcek_list(struct sev_kbs_admin *a,
			      int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb), void *ctx);

/* Wipe and free a secret the library returned. NULL is fine. */
SEV_API void sev_kbs_secret_free(void *p);

/* ---- the binding of evidence to a session ------------------------------------------- */

/*
 * REPORT_DATA as the broker expects it: H(RFC 8785 JSON of {"additional-evidence":
 * additional, "nonce": nonce, "tee-pubkey": the JWK in tee_pubkey (JSON text)}), then zeros
 * up to 64 bytes; hash is "sha384" (trustee's default), "sha256" or "sha512".
 */
SEV_API int sev_kbs_report_data(const char *hash, const char *nonce, const char *tee_pubkey,
				const char *additional, uint8_t out[64]);
/*
 * The nonce a GPU's report must answer: the first 32 bytes of SHA-384 of the RFC 8785 JSON
 * of {"nonce": nonce, "tee-pubkey": the JWK}, as trustee derives it.
 */
SEV_API int sev_kbs_device_nonce(const char *nonce, const char *tee_pubkey, uint8_t out[32]);

/* ---- the guest side ------------------------------------------------------------------ */

/* Growable (SEV_INIT): start from SEV_INIT(struct sev_kbs_client_opts). */
struct sev_kbs_client_opts {
	size_t size;
	const char *url;         /* "https://host:port" (http:// only for tests) */
	const char *ca_file;     /* PEM CA bundle for the server; NULL: the system's */
	const char *tsm_dir;     /* configfs-tsm report directory; NULL: the default */
	const char *device;      /* SEV guest device; NULL: /dev/sev-guest */
	uint32_t via;            /* enum sev_snp_via */
	int32_t vmpl;            /* -1: the default (configfs privlevel_floor, else 0) */
	uint32_t timeout;        /* seconds per request; 0: 30 */
	uint32_t reserved;
	/*
	 * With GPUs: a command (run by /bin/sh) that prints their evidence, as trustee's
	 * {"device_evidence_list": [...]} JSON, for the 64 hex digits of the nonce given as its
	 * last argument; NULL: no GPU evidence.
	 */
	const char *gpu_evidence_cmd;
};

/*
 * auth -> report (REPORT_DATA bound to the nonce and an ephemeral P-256 key; with the
 * VCEK chain of the extended report when the host gives one) -> attest -> resource,
 * then decrypt. *secret is secret memory (sev_kbs_secret_free). SEV_E_VERIFY when the
 * broker refused (the reason, from its problem body, is logged).
 */
SEV_API int sev_kbs_get_resource(const struct sev_kbs_client_opts *o, const char *path,
				 uint8_t **secret, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
