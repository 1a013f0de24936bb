/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the key broker: kbs serve, its store, and the guest side. */
#include "commands.h"

const struct command kbs_commands[] = {
	{ "kbs", "serve", cmd_kbs_serve, NULL,
	  "Run the key broker (trustee KBS protocol 0.4.0) for SEV-SNP guests",
	  "Serves POST /kbs/v0/auth, POST /kbs/v0/attest and GET /kbs/v0/resource/REPO/TYPE/TAG\n"
	  "as Confidential Containers guests speak them. A guest gets a nonce, attests with an\n"
	  "SNP report whose REPORT_DATA binds that nonce and its key (SHA-384 of the canonical\n"
	  "JSON of additional-evidence, nonce and tee-pubkey), and gets a token; a resource is\n"
	  "released, encrypted to the guest's key (JWE), only when the report passes the policy\n"
	  "the resource names. A nonce is good for one attest, ever. The report must verify\n"
	  "with the VCEK or VLEK the evidence carries, up to AMD's builtin roots or an --ark,\n"
	  "with the --crl lists applied, and come from VMPL 0. Every decision goes to the\n"
	  "audit log ('sevkit kbs audit'). The store is --db (default sqlite:kbs.db in the\n"
	  "current directory); replicas that share a store serve any request. TLS unless\n"
	  "--insecure-http. With --admin-key, PUT /kbs/v0/admin/policy/NAME,\n"
	  "PUT|DELETE /kbs/v0/admin/resource/PATH ({\"policy\": NAME, \"value\": base64}) and\n"
	  "GET /kbs/v0/admin/audit take a Bearer JWT signed by that Ed25519 key (alg EdDSA)\n"
	  "with an exp at most 600 s ahead. SIGTERM or SIGINT stops accepting, lets the\n"
	  "requests under way finish, and closes the store. GET /healthz answers while the\n"
	  "process serves, GET /readyz while its database answers too (503 otherwise, and while\n"
	  "stopping), GET /metrics gives Prometheus counters (requests, verdicts, latency, the\n"
	  "database pool). With --db postgresql://..., replicas share one database; a request\n"
	  "that cannot reach it within --db-timeout is answered 503 and releases nothing.\n\n"
	  "GPUs: additional evidence {\"nvidia\": {\"device_evidence_list\": [...]}} (trustee's\n"
	  "composite evidence, bound by REPORT_DATA) is verified as 'sevkit gpu verify' does:\n"
	  "every device must be a Hopper GPU whose report answers the GPU nonce of the session's\n"
	  "nonce and key and verifies with the chain it carries, up to NVIDIA's root (or\n"
	  "--gpu-root), and, with --gpu-rim, against the RIMs of its driver and VBIOS versions;\n"
	  "additional evidence of any other kind is refused. The token then holds one submod\n"
	  "per GPU (gpu0, ...). A policy's \"gpu\" member asks for them: {\"required\": true,\n"
	  "\"min_count\": N, \"rims_matched\": true, \"driver_versions\": [...],\n"
	  "\"vbios_versions\": [...]}.",
	  "# a broker with its TLS key, AMD's roots and the store in /var/lib/kbs\n"
	  "sevkit kbs serve --listen 0.0.0.0:8080 --db sqlite:/var/lib/kbs/kbs.db \\\n"
	  "    --tls-cert kbs.crt --tls-key kbs.key --admin-key admin.pub\n"
	  "# plain HTTP on a free loopback port with a test root, for tests\n"
	  "sevkit kbs serve --listen 127.0.0.1:0 --insecure-http --ark test-ark.pem\n"
	  "# one replica of several, on a shared PostgreSQL\n"
	  "sevkit kbs serve --db postgresql://kbs@db.example/kbs --db-pool 16 \\\n"
	  "    --tls-cert kbs.crt --tls-key kbs.key\n" },
	{ "kbs", "policy", cmd_kbs_policy, "put NAME FILE | show NAME | list",
	  "Store, show or list the broker's policies",
	  "FILE is a policy file as 'sevkit report verify --policy-file' reads it, or a\n"
	  "reference-values document of 'sevkit measure --json'; it is read as the broker will\n"
	  "read it before it is stored, so a misspelt check is refused now (exit 3). A policy\n"
	  "file may also ask for GPUs: \"gpu\": {\"required\": true, \"min_count\": N,\n"
	  "\"rims_matched\": true, \"driver_versions\": [...], \"vbios_versions\": [...]}\n"
	  "(see 'sevkit kbs serve --help').",
	  "# the measurement a guest must have, from sevkit measure\n"
	  "sevkit kbs policy put --db sqlite:kbs.db prod ref.json\n"
	  "# what policies the store has\n"
	  "sevkit kbs policy list --db sqlite:kbs.db\n" },
	{ "kbs", "resource", cmd_kbs_resource,
	  "put PATH FILE --policy NAME | get PATH --out FILE | delete PATH | list",
	  "Store, read, delete or list the broker's secrets",
	  "PATH is REPOSITORY/TYPE/TAG, each part of [A-Za-z0-9._-]{1,64}. Each resource names\n"
	  "the policy a guest's report must pass to get it; the policy must exist. get writes\n"
	  "the value 0600 (or to stdout with --out -).",
	  "# a disk key that guests passing the policy prod get\n"
	  "sevkit kbs resource put --db sqlite:kbs.db default/key/disk disk.key --policy prod\n"
	  "# what is stored, and under which policy\n"
	  "sevkit kbs resource list --db sqlite:kbs.db\n" },
	{ "kbs", "db", cmd_kbs_db, "migrate",
	  "Bring the broker's store to this sevkit's schema",
	  "The store's tables carry a schema version. A broker refuses to start on a store of\n"
	  "another version than its own: after an upgrade, run this once (with the old brokers\n"
	  "stopped or still serving: the migrations run in one transaction), then start the new\n"
	  "ones. A new store is created at the current version. A store newer than this sevkit\n"
	  "is refused (exit 4). A password in the URL is never printed.",
	  "# before rolling out a new sevkit to the replicas\n"
	  "sevkit kbs db migrate --db postgresql://kbs@db.example/kbs\n"
	  "# the embedded store\n"
	  "sevkit kbs db migrate --db sqlite:/var/lib/kbs/kbs.db\n" },
	{ "kbs", "vcek", cmd_kbs_vcek, "put VCEK [--chain PEM] | list",
	  "Cache the VCEKs of hosts whose guests send no certificates",
	  "A guest on a host that serves no extended reports sends its report without the VCEK.\n"
	  "The broker then looks for the VCEK of the report's chip at its reported TCB in the\n"
	  "store, which every replica shares. sevkit never fetches: 'sevkit report kds-url'\n"
	  "prints what to download from AMD's KDS for a report. put reads the chip id and the\n"
	  "TCB from the VCEK's own extensions (DER or PEM), with --chain the ASK and ARK of the\n"
	  "KDS cert_chain (else AMD's builtin ones); the chain is verified at each attestation,\n"
	  "as one a guest sends. A VLEK is refused: it belongs to no chip.",
	  "# what to download for a report, then cache it for every replica\n"
	  "sevkit report kds-url report.bin\n"
	  "sevkit kbs vcek put --db postgresql://kbs@db.example/kbs vcek.der --chain cert_chain.pem\n"
	  "# what the cache holds\n"
	  "sevkit kbs vcek list --db postgresql://kbs@db.example/kbs\n" },
	{ "kbs", "token-key", cmd_kbs_token_key, NULL,
	  "Print the broker's token-signing public key (JWK)",
	  "The broker signs its tokens (EAR JWTs, ES256) with a P-256 key that it makes in the\n"
	  "store on first start (unless serve --token-key gives one). A relying party verifies\n"
	  "tokens with this public JWK.",
	  "# the key that verifies the broker's tokens\n"
	  "sevkit kbs token-key --db sqlite:kbs.db\n" },
	{ "kbs", "audit", cmd_kbs_audit, NULL,
	  "Print the broker's decisions (append-only audit log)",
	  "One line per decision: sequence, time (UTC), verdict (attested, rejected, released,\n"
	  "refused), resource, session, chip id and measurement (first 16 digits; all of them\n"
	  "with --json), and the reason, naming the failed checks. Secrets never appear.",
	  "# every decision\n"
	  "sevkit kbs audit --db sqlite:kbs.db\n"
	  "# the same, complete, in JSON\n"
	  "sevkit kbs audit --db sqlite:kbs.db --json\n" },
	{ "kbs", "get-resource", cmd_kbs_get_resource, "REPOSITORY/TYPE/TAG",
	  "In a SEV-SNP guest: attest to a key broker and get a secret",
	  "Makes an ephemeral P-256 key, asks the broker for a nonce, fetches an SNP report\n"
	  "(configfs-tsm, else /dev/sev-guest) whose REPORT_DATA binds the nonce and the key,\n"
	  "with the host's VCEK chain when the extended report has one, attests, requests the\n"
	  "resource and decrypts it. The secret is written 0600 to --out (or to stdout with\n"
	  "--out -). Exit status 1 when the broker refused; its reason is printed.\n\n"
	  "With GPUs in confidential-computing mode, --gpu-evidence-cmd runs a command (by\n"
	  "/bin/sh) with the GPU nonce as its last argument: the first 32 bytes of\n"
	  "SHA-384 of {\"nonce\",\"tee-pubkey\"}, in hex, as trustee's guests derive it. It\n"
	  "must print {\"device_evidence_list\": [{\"arch\": \"HOPPER\", \"evidence\": HEX,\n"
	  "\"certificate\": BASE64 of the PEM chain}, ...]} (what NVIDIA's attestation SDK\n"
	  "collects through NVML); the report then binds {\"nvidia\": that} as its additional\n"
	  "evidence. Not tested on a GPU: the tests use recorded and synthetic evidence.",
	  "# the disk key, into a file only root reads\n"
	  "sevkit kbs get-resource --url https://kbs.example:8080 --ca kbs-ca.pem \\\n"
	  "    default/key/disk --out /run/disk.key\n"
	  "# a model's key, for a VM with an H100 (the collector prints its evidence)\n"
	  "sevkit kbs get-resource --url https://kbs.example:8080 --ca kbs-ca.pem \\\n"
	  "    --gpu-evidence-cmd /usr/local/bin/gpu-evidence default/key/model -o /run/model.key\n" },
	{ 0 },
};
