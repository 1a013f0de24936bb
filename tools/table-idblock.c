/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the idblock command: SEV-SNP ID blocks. */
#include "commands.h"

const struct command idblock_commands[] = {
	{ "idblock", "create", cmd_idblock_create, "--measurement DIGEST --id-key PEM ...",
	  "Create the SEV-SNP ID block and ID_AUTH for QEMU (snp-create-id-block)",
	  "Signs the ID block (launch digest, family and image IDs, SVN, policy) with the\n"
	  "ID key and, with --author-key, the ID key with the author key (ECDSA P-384,\n"
	  "SHA-384; the signatures are randomized). Prints the sev-snp-guest properties\n"
	  "'id-block=...,id-auth=...' (and ',author-key-enabled=on' with an author key),\n"
	  "then the SHA-384 digests of the public keys an attestation report carries as\n"
	  "ID_KEY_DIGEST and AUTHOR_KEY_DIGEST. The firmware refuses a launch whose\n"
	  "digest or policy differ from the ID block's.",
	  "# sev-snp-measure's test ID block, signed by an ID key and an author key\n"
	  "sevkit idblock create \\\n"
	  "    --measurement B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t \\\n"
	  "    --id-key tests/vectors/snp/sev-snp-measure/id_key_test.pem \\\n"
	  "    --author-key tests/vectors/snp/sev-snp-measure/author_key_test.pem\n" },
	{ 0 },
};
