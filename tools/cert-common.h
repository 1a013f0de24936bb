/* SPDX-License-Identifier: Apache-2.0 */
/* What the cert verbs (cmd-cert-*.c) share: reading a chain file, one certificate's key,
 * fingerprint and sevctl's one-line form, and the --force-only option parsing. */
#ifndef SEVKIT_CERT_COMMON_H
#define SEVKIT_CERT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>

#include "cli.h"

/* A chain file is at most 4 SEV certificates and 2 AMD ones (11.5 KiB). */
#define CHAIN_MAX (1u << 20)

/* Parse a chain file's contents; returns an exit code. */
int parse_chain(struct cli *cli, const char *path, const uint8_t *data, size_t n,
		struct sev_chain *c);
/* Read and parse a chain file; returns an exit code. With buf, the file's bytes (malloc'ed). */
int load_chain(struct cli *cli, const char *path, struct sev_chain *c, uint8_t **buf,
	       size_t *len);

const struct sev_cert *sev_cert_of(const struct sev_chain *c, enum sev_chain_role r);
/* The ASK and the ARK are AMD's CA certificates, the others SEV certificates. */
bool is_ca(enum sev_chain_role r);
const struct sev_ca_cert *ca_cert_of(const struct sev_chain *c, enum sev_chain_role r);
/* Lower-case hex fingerprint (caller frees), NULL when out of memory or on failure. */
char *fingerprint_hex(const struct sev_chain *c, enum sev_chain_role r);
/* The fingerprint as a JSON string, or null when the chain lacks the certificate. */
json_t *fingerprint_json(const struct sev_chain *c, enum sev_chain_role r);
void key_desc(const struct sev_chain *c, enum sev_chain_role r, char *buf, size_t n);
/* sevctl's one-line form: "PEK EP384 E256 <fingerprint>", or "PEK missing". */
void print_cert_line(struct cli *cli, const struct sev_chain *c, enum sev_chain_role r);

/* Options of a verb whose only option is --force. Returns true when the command must stop
 * (--help, usage error) with exit code *code. */
bool parse_force(struct cli *cli, int argc, char **argv, int *code);

#endif
