/* SPDX-License-Identifier: Apache-2.0 */
/* What the report verbs (cmd-report-*.c) share: option ids, reading a report, small parsers. */
#ifndef SEVKIT_REPORT_COMMON_H
#define SEVKIT_REPORT_COMMON_H

#include <sevkit/snp.h>

#include "cli.h"

#define INPUT_MAX (1u << 20)

/* Option ids of the report verbs; ids from OPT_CHECK_FIRST on are rows of the check table. */
enum {
	OPT_FORMAT = 0x100,
	OPT_PRODUCT,
	OPT_CERT_TABLE,
	OPT_VCEK,
	OPT_VLEK,
	OPT_CERTS,
	OPT_ARK,
	OPT_ASK,
	OPT_CRL,
	OPT_REQUIRE_CRL,
	OPT_AT,
	OPT_POLICY_FILE,
	OPT_REFERENCE,
	OPT_CERT_CHAIN,
	OPT_CRL_URL,
	OPT_DATA,
	OPT_DATA_FILE,
	OPT_VMPL,
	OPT_EXTENDED,
	OPT_CERTS_OUT,
	OPT_TSM_DIR,
	OPT_DEVICE,
	OPT_VIA,
	OPT_ROOT_KEY,
	OPT_GFS,
	OPT_GUEST_SVN,
	OPT_TCB_VERSION,
	OPT_GPU_EVIDENCE,
	OPT_KBS_NONCE,
	OPT_TEE_PUBKEY,
	OPT_KBS_HASH,
	OPT_GPU_ROOT,
	OPT_GPU_RIM,
	OPT_CHECK_FIRST = 0x200,
};

typedef int (*input_fn)(const uint8_t *buf, size_t len, void *ctx);
/*
 * Read an input file and hand its bytes to fn, whose library errors are then
 * reported in one line naming the file. A library code, as fn returns it.
 */
int parse_input(struct cli *cli, const char *path, input_fn fn, void *ctx);

struct input {
	struct sev_snp_report r;
	uint8_t *bytes; /* decoded input: the report, maybe followed by a certificate table */
	size_t len;
};

/* Read and parse a report file; an exit code (errors reported). in->bytes is malloc'ed. */
int read_report(struct cli *cli, const char *path, enum sev_snp_input_format f,
		struct input *in);

/* Option arguments; an exit code (2, reported) or 0. */
int parse_format(struct cli *cli, const char *arg, enum sev_snp_input_format *f);
int parse_product(struct cli *cli, const char *arg, enum sev_snp_product *p);
int parse_vmpl(struct cli *cli, const char *arg, int *vmpl);
/* Option id r when it is --format or --product; other ids are left alone (0). */
int take_report_option(struct cli *cli, int r, enum sev_snp_input_format *f,
		       enum sev_snp_product *p);

/* "vcek", "vlek" or "none". */
const char *key_name(enum sev_snp_signing_key k);
/* "0x" and 16 hex digits. */
json_t *u64_hex_json(uint64_t v);
/* A TCB: its raw value and its SPLs in the layout of the product. */
json_t *tcb_json(uint64_t raw, enum sev_snp_product p);

#endif
