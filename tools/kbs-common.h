/* SPDX-License-Identifier: Apache-2.0 */
/* What the kbs commands share: their option ids, the --db option, a bounded number. */
#ifndef SEVKIT_KBS_COMMON_H
#define SEVKIT_KBS_COMMON_H

#include <stdint.h>

#include <sevkit/kbs.h>

#include "cli.h"

#define FILE_MAX (1u << 20)

enum {
	OPT_DB = 0x100,
	OPT_LISTEN,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_INSECURE_HTTP,
	OPT_ARK,
	OPT_CRL,
	OPT_SESSION_TTL,
	OPT_ADMIN_KEY,
	OPT_TOKEN_KEY,
	OPT_THREADS,
	OPT_MAX_CONN,
	OPT_IDLE,
	OPT_POLICY,
	OPT_OUT,
	OPT_URL,
	OPT_CA,
	OPT_VIA,
	OPT_TSM_DIR,
	OPT_DEVICE,
	OPT_VMPL,
	OPT_TIMEOUT,
	OPT_CHAIN,
	OPT_DB_POOL,
	OPT_DB_TIMEOUT,
	OPT_GPU_RIM,
	OPT_GPU_ROOT,
	OPT_GPU_EVIDENCE_CMD,
};

#define DB_OPTION { "db", 0, OPT_DB, "URL", "the store (default " SEV_KBS_DEFAULT_DB \
		    ": kbs.db in the current directory)" }

/* The store URL as it may be shown: a password in it replaced by ***, a query by ?... */
const char *kbs_db_label(const char *db, char *buf, size_t n);

/* Open the store db (NULL: the default), or say which could not be opened: an exit code. */
int kbs_open_store(struct cli *cli, const char *db, struct sev_kbs_admin **a);

/* --OPT's number from min to max, or a usage error (exit 2). */
int kbs_uint_option(struct cli *cli, const char *opt, const char *text, uint32_t min,
		    uint32_t max, uint32_t *out);

#endif
