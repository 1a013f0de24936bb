/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit launch validate | secret | attest: the guest owner's checks of an SEV
 * launch measurement and the LAUNCH_SECRET that follows, offline with the
 * options of libvirt's virt-qemu-sev-validate (and sevctl's names where they
 * differ), or live against a paused QEMU over QMP or through libvirt.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/launch.h>
#include <sevkit/measure.h>
#include <sevkit/policy.h>
#include <sevkit/vm.h>

#include "commands.h"
#include "launch-input.h"
#include "launch-libvirt.h"

enum {
	OPT_MEASUREMENT = 0x100,
	OPT_API_MAJOR,
	OPT_API_MINOR,
	OPT_BUILD_ID,
	OPT_POLICY,
	OPT_FIRMWARE,
	OPT_LAUNCH_DIGEST,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_CMDLINE,
	OPT_NUM_CPUS,
	OPT_VMSA_CPU0,
	OPT_VMSA_CPU1,
	OPT_CPU_FAMILY,
	OPT_CPU_MODEL,
	OPT_CPU_STEPPING,
	OPT_VCPU_TYPE,
	OPT_VCPU_SIG,
	OPT_VMSA_FEATURES,
	OPT_TIK,
	OPT_TEK,
	OPT_TK,
	OPT_INJECT_SECRET,
	OPT_SECRET_HEADER,
	OPT_SECRET_PAYLOAD,
	OPT_FORMAT,
	OPT_IV,
	OPT_QMP,
	OPT_TIMEOUT,
};

#define O(name, s, id, arg, help) { name, s, id, arg, help }

#define STATE_OPTIONS                                                                        \
	O("measurement", 'm', OPT_MEASUREMENT, "B64", "the LAUNCH_MEASURE blob (48 bytes: "    \
	  "measure and nonce) as QEMU reports it: base64, or a file"),                            \
	O("api-major", 0, OPT_API_MAJOR, "N", "firmware API major version"),                    \
	O("api-minor", 0, OPT_API_MINOR, "N", "firmware API minor version"),                    \
	O("build-id", 0, OPT_BUILD_ID, "N", "firmware build id"),                               \
	O("policy", 0, OPT_POLICY, "N", "guest policy; bit 2 (ES) selects SEV-ES")

#define CONFIG_OPTIONS                                                                       \
	O("firmware", 'f', OPT_FIRMWARE, "FILE", "the OVMF firmware the VM was started with"),  \
	O("kernel", 'k', OPT_KERNEL, "FILE", "kernel of a measured direct boot"),               \
	O("initrd", 'r', OPT_INITRD, "FILE", "initrd of the direct boot"),                      \
	O("cmdline", 'e', OPT_CMDLINE, "TEXT", "kernel command line, verbatim"),                \
	O("num-cpus", 'n', OPT_NUM_CPUS, "N", "number of vCPUs (SEV-ES)"),                      \
	O("vmsa-cpu0", '0', OPT_VMSA_CPU0, "FILE", "VMSA of the boot CPU (SEV-ES)"),            \
	O("vmsa-cpu1", '1', OPT_VMSA_CPU1, "FILE", "VMSA of the other vCPUs (SEV-ES)"),         \
	O("cpu-family", 0, OPT_CPU_FAMILY, "N", "vCPU family, to build the VMSAs (SEV-ES)"),   \
	O("cpu-model", 0, OPT_CPU_MODEL, "N", "vCPU model"),                                    \
	O("cpu-stepping", 0, OPT_CPU_STEPPING, "N", "vCPU stepping"),                           \
	O("vcpu-type", 0, OPT_VCPU_TYPE, "TYPE", "QEMU vCPU model instead (EPYC-Milan, ...)"),  \
	O("vcpu-sig", 0, OPT_VCPU_SIG, "SIG", "vCPU signature CPUID(1).EAX instead"),          \
	O("vmsa-features", 0, OPT_VMSA_FEATURES, "KIND", "FPU state of built VMSAs: legacy "   \
	  "(default, as libvirt 9.0 and sevctl: host kernels before KVM_SEV_INIT2) or init2"),  \
	O("tik", 0, OPT_TIK, "FILE", "transport integrity key (16 bytes)"),                     \
	O("tek", 0, OPT_TEK, "FILE", "transport encryption key (16 bytes, for secrets)"),       \
	O("tk", 0, OPT_TK, "FILE", "TEK and TIK in one 32-byte file (sev-tool's tmp_tk.bin)")

#define SECRET_OPTIONS                                                                       \
	O("inject-secret", 's', OPT_INJECT_SECRET, "ALIAS-OR-GUID:PATH", "a secret for the "    \
	  "guest (repeatable; alias luks-key)"),                                                 \
	O("secret", 0, OPT_INJECT_SECRET, "GUID:PATH", "the same (sevctl's name)"),             \
	O("iv", 0, OPT_IV, "B64", "fixed IV, for reproducible test output only: never reuse " \
	  "an IV with a TEK")

#define FILE_OPTIONS(fmt_default)                                                            \
	O("secret-header", 0, OPT_SECRET_HEADER, "FILE", "write the 52-byte packet header"),   \
	O("secret-payload", 0, OPT_SECRET_PAYLOAD, "FILE", "write the encrypted secret table"), \
	O("format", 0, OPT_FORMAT, "FMT", "raw or base64 files (default " fmt_default ")"),     \
	CLI_FORCE_OPTION(0)

static const struct cli_option validate_options[] = {
	STATE_OPTIONS,
	O("launch-digest", 0, OPT_LAUNCH_DIGEST, "B64", "the expected launch digest, instead "
	  "of computing it from --firmware and the rest (sevctl)"),
	CONFIG_OPTIONS,
	LIBVIRT_OPTIONS,
	SECRET_OPTIONS,
	FILE_OPTIONS("base64, as libvirt"),
	{ 0 },
};

static const struct cli_option secret_options[] = {
	O("measurement", 'm', OPT_MEASUREMENT, "B64", "the LAUNCH_MEASURE blob (base64 or file)"),
	O("launch-measure-blob", 0, OPT_MEASUREMENT, "B64", "the same (sevctl's name)"),
	O("firmware", 'f', OPT_FIRMWARE, "FILE", "refuse a table larger than this firmware's "
	  "secret area"),
	O("tik", 0, OPT_TIK, "FILE", "transport integrity key (16 bytes)"),
	O("tek", 0, OPT_TEK, "FILE", "transport encryption key (16 bytes)"),
	O("tk", 0, OPT_TK, "FILE", "TEK and TIK in one 32-byte file"),
	SECRET_OPTIONS,
	FILE_OPTIONS("raw, as sevctl"),
	{ 0 },
};

static const struct cli_option attest_options[] = {
	O("qmp", 0, OPT_QMP, "SOCKET", "QEMU's QMP unix socket (-qmp unix:SOCKET,server)"),
	O("timeout", 0, OPT_TIMEOUT, "SECONDS", "how long to wait for each QMP reply "
	  "(default 30)"),
	LIBVIRT_OPTIONS,
	CONFIG_OPTIONS,
	SECRET_OPTIONS,
	{ 0 },
};

struct launch_args {
	struct guest_input g;
	struct secret_input secrets;
	const char *measurement, *launch_digest, *tik, *tek, *tk, *iv;
	const char *header_file, *payload_file, *qmp;
	struct launch_libvirt lv;
	bool have[5];           /* api-major, api-minor, build-id, policy, format */
	struct sev_launch_info info;
	bool base64;
	uint32_t timeout_s;
	/* decoded */
	uint8_t blob[SEV_LAUNCH_MEASURE_LEN];
	uint8_t *keys;            /* TEK then TIK (sev-tool's tmp_tk.bin order), locked */
	uint8_t *tek_key, *tik_key;
	bool have_tek;
};

static int parse_u8(struct cli *cli, const char *opt, uint8_t *v, bool *have)
{
	uint64_t x;
	int rc = input_number(cli, opt, cli->optarg, 0xff, &x);

	*v = (uint8_t)x;
	*have = true;
	return rc;
}

static int parse_state(struct cli *cli, struct launch_args *a, int id)
{
	uint64_t x;
	int rc;

	switch (id) {
	case OPT_MEASUREMENT: a->measurement = cli->optarg; return 0;
	case OPT_API_MAJOR: return parse_u8(cli, "api-major", &a->info.api_major, &a->have[0]);
	case OPT_API_MINOR: return parse_u8(cli, "api-minor", &a->info.api_minor, &a->have[1]);
	case OPT_BUILD_ID: return parse_u8(cli, "build-id", &a->info.build_id, &a->have[2]);
	case OPT_POLICY:
		rc = input_number(cli, "policy", cli->optarg, UINT32_MAX, &x);
		a->info.policy = (uint32_t)x;
		a->have[3] = true;
		return rc;
	case OPT_LAUNCH_DIGEST: a->launch_digest = cli->optarg; return 0;
	default: return -1;
	}
}

static int parse_config(struct cli *cli, struct launch_args *a, int id)
{
	struct guest_input *g = &a->g;
	const char *arg = cli->optarg;

	switch (id) {
	case OPT_FIRMWARE: g->firmware = arg; return 0;
	case OPT_KERNEL: g->kernel = arg; return 0;
	case OPT_INITRD: g->initrd = arg; return 0;
	case OPT_CMDLINE: g->cmdline = arg; return 0;
	case OPT_NUM_CPUS: return guest_input_vcpus(cli, g, "num-cpus", arg);
	case OPT_VMSA_CPU0: g->vmsa_file[0] = arg; return 0;
	case OPT_VMSA_CPU1: g->vmsa_file[1] = arg; return 0;
	case OPT_CPU_FAMILY: return guest_input_fms(cli, g, 0, "cpu-family", arg);
	case OPT_CPU_MODEL: return guest_input_fms(cli, g, 1, "cpu-model", arg);
	case OPT_CPU_STEPPING: return guest_input_fms(cli, g, 2, "cpu-stepping", arg);
	case OPT_VCPU_TYPE: g->vcpu_type = arg; return 0;
	case OPT_VCPU_SIG: return guest_input_sig(cli, g, arg);
	case OPT_VMSA_FEATURES: return guest_input_fpu(cli, g, arg);
	case OPT_TIK: a->tik = arg; return 0;
	case OPT_TEK: a->tek = arg; return 0;
	case OPT_TK: a->tk = arg; return 0;
	default: return -1;
	}
}

static int parse_secret(struct cli *cli, struct launch_args *a, int id)
{
	uint64_t t;
	int rc;

	switch (id) {
	case OPT_INJECT_SECRET: return secret_input_add(cli, &a->secrets, cli->optarg);
	case OPT_IV: a->iv = cli->optarg; return 0;
	case OPT_SECRET_HEADER: a->header_file = cli->optarg; return 0;
	case OPT_SECRET_PAYLOAD: a->payload_file = cli->optarg; return 0;
	case OPT_FORMAT:
		if (strcmp(cli->optarg, "raw") && strcmp(cli->optarg, "base64"))
			return cli_usage_error(cli, "--format takes raw or base64");
		a->base64 = !strcmp(cli->optarg, "base64");
		a->have[4] = true;
		return 0;
	case OPT_QMP: a->qmp = cli->optarg; return 0;
	case OPT_TIMEOUT:
		rc = input_number(cli, "timeout", cli->optarg, 86400, &t);
		a->timeout_s = (uint32_t)t;
		if (!rc && t == 0)
			rc = cli_usage_error(cli, "--timeout must be at least 1 second");
		return rc;
	default: return cli_usage_error(cli, "unexpected option");
	}
}

/* Parse every option; returns an exit code, or -1 when parsing ended normally. */
static int parse_all(struct cli *cli, struct launch_args *a, int argc, char **argv,
		     const struct cli_option *opts)
{
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		int rc;

		if (r < 0)
			return cli_stop_code(r);
		rc = parse_state(cli, a, r);
		if (rc < 0)
			rc = parse_config(cli, a, r);
		if (rc < 0)
			rc = launch_libvirt_option(&a->lv, r, cli->optarg);
		if (rc < 0)
			rc = parse_secret(cli, a, r);
		if (rc)
			return rc;
	}
	return -1;
}

/* TIK (and TEK when secrets need it) from --tik/--tek or --tk. */
static int load_keys(struct cli *cli, struct launch_args *a, bool need_tek)
{
	int rc;

	/* the keys live in locked memory that core dumps leave out */
	a->keys = sev_secure_alloc(32);
	if (!a->keys)
		return cli_exit(-ENOMEM);
	a->tek_key = a->keys;
	a->tik_key = a->keys + 16;
	if (a->tk) {
		if (a->tik || a->tek)
			return cli_usage_error(cli, "--tk excludes --tik and --tek");
		if ((rc = input_bytes(cli, "tk", a->tk, 32, a->keys)))
			return rc;
		a->have_tek = true;
		return 0;
	}
	if (!a->tik)
		return cli_usage_error(cli, "--tik (or --tk) is required");
	if (need_tek && !a->tek)
		return cli_usage_error(cli, "secrets need --tek (or --tk)");
	if ((rc = input_bytes(cli, "tik", a->tik, 16, a->tik_key)))
		return rc;
	if (a->tek) {
		if ((rc = input_bytes(cli, "tek", a->tek, 16, a->tek_key)))
			return rc;
		a->have_tek = true;
	}
	return 0;
}

static void wipe_args(struct launch_args *a)
{
	sev_secure_free(a->keys);
	a->keys = a->tek_key = a->tik_key = NULL;
	secret_input_free(&a->secrets);
	guest_input_free(&a->g);
	launch_libvirt_close(&a->lv);
}

static enum sev_mode mode_of(uint32_t policy)
{
	return (policy & SEV_POLICY_ES) ? SEV_MODE_SEV_ES : SEV_MODE_SEV;
}

/* The expected launch digest: given (sevctl --launch-digest) or computed. */
static int expected_digest(struct cli *cli, struct launch_args *a, uint8_t digest[32])
{
	if (a->launch_digest) {
		if (a->g.firmware || a->g.kernel)
			return cli_usage_error(cli, "--launch-digest excludes --firmware and the "
					       "kernel options");
		return input_bytes(cli, "launch-digest", a->launch_digest, 32, digest);
	}
	if (!a->g.firmware)
		return cli_usage_error(cli, "--firmware (or --launch-digest) is required");
	return guest_input_digest(cli, &a->g, mode_of(a->info.policy), digest);
}

static json_t *verdict_json(const struct launch_args *a, bool match, const uint8_t digest[32],
			    const uint8_t expect[32])
{
	json_t *doc = json_object();
	char *d = cli_hex(digest, 32), *e = cli_hex(expect, 32), *r = cli_hex(a->blob, 32);
	char *n = cli_hex(a->blob + 32, 16);

	json_object_set_new(doc, "match", json_boolean(match));
	json_object_set_new(doc, "mode", json_string(mode_of(a->info.policy) == SEV_MODE_SEV_ES
						     ? "seves" : "sev"));
	json_object_set_new(doc, "launch_digest", json_string(d));
	json_object_set_new(doc, "expected_measure", json_string(e));
	json_object_set_new(doc, "reported_measure", json_string(r));
	json_object_set_new(doc, "mnonce", json_string(n));
	json_object_set_new(doc, "api_major", json_integer(a->info.api_major));
	json_object_set_new(doc, "api_minor", json_integer(a->info.api_minor));
	json_object_set_new(doc, "build_id", json_integer(a->info.build_id));
	json_object_set_new(doc, "policy", json_integer(a->info.policy));
	free(d);
	free(e);
	free(r);
	free(n);
	return doc;
}

/* Compare the reported measurement with the expected one; exit 0 or 1. */
static int check_measurement(struct cli *cli, struct launch_args *a, json_t **doc)
{
	uint8_t digest[32], expect[32];
	bool match;
	int rc = expected_digest(cli, a, digest);

	if (rc)
		return rc;
	rc = sev_launch_measure(a->tik_key, &a->info, digest, a->blob + 32, expect);
	if (rc)
		return cli_exit(rc);
	match = sev_launch_measure_check(a->tik_key, &a->info, digest, a->blob) == 0;
	if (cli->verbose) {
		char *d = cli_hex(digest, 32), *e = cli_hex(expect, 32);

		fprintf(stderr, "launch digest %s\nexpected measure %s\n", d, e);
		free(d);
		free(e);
	}
	*doc = verdict_json(a, match, digest, expect);
	sev_wipe(expect, sizeof(expect));
	if (!match) {
		cli_print(cli, "%sMISMATCH%s: the launch measurement is not the expected one; "
			  "the VM is not trustworthy\n", cli_red(cli), cli_reset(cli));
		return SEV_EXIT_FAIL;
	}
	cli_print(cli, "%sOK%s: the launch measurement matches\n", cli_green(cli),
		  cli_reset(cli));
	return SEV_EXIT_OK;
}

/* The LAUNCH_SECRET packet of the secrets, for the measurement in a->blob. */
static int seal(struct cli *cli, struct launch_args *a, const uint8_t *fw, size_t fw_len,
		uint8_t header[SEV_SECRET_HEADER_LEN], uint8_t **payload, size_t *len)
{
	uint8_t iv[16];
	int rc;

	if (a->iv && (rc = input_bytes(cli, "iv", a->iv, 16, iv)))
		return rc;
	return secret_input_seal(&a->secrets, a->g.firmware, fw, fw_len, a->tek_key,
				 a->tik_key, a->blob, a->iv ? iv : NULL, header, payload, len);
}

/* Seal the secrets and write header and payload files together. */
static int write_secret(struct cli *cli, struct launch_args *a, const uint8_t *fw, size_t fw_len)
{
	uint8_t header[SEV_SECRET_HEADER_LEN], *payload = NULL;
	char *h64 = NULL, *p64 = NULL;
	struct sev_outset *out = NULL;
	size_t len = 0;
	int rc = seal(cli, a, fw, fw_len, header, &payload, &len);

	if (rc)
		return rc;
	if ((rc = cli_outset_new(cli, &out))) {
		free(payload);
		return rc;
	}
	if (a->base64) {
		h64 = sev_base64_encode(header, sizeof(header));
		p64 = sev_base64_encode(payload, len);
		rc = !h64 || !p64 ? SEV_EXIT_INTERNAL : 0;
		if (!rc)
			rc = cli_outset_add(cli, out, a->header_file, h64, strlen(h64), 0644);
		if (!rc)
			rc = cli_outset_add(cli, out, a->payload_file, p64, strlen(p64), 0644);
	} else {
		rc = cli_outset_add(cli, out, a->header_file, header, sizeof(header), 0644);
		if (!rc)
			rc = cli_outset_add(cli, out, a->payload_file, payload, len, 0644);
	}
	if (!rc)
		rc = cli_exit(sev_outset_commit(out));
	sev_outset_free(out);
	free(h64);
	free(p64);
	free(payload);
	if (!rc)
		cli_print(cli, "OK: %zu secret(s) sealed: %s (header), %s (%zu bytes of payload)\n",
			  a->secrets.n, a->header_file, a->payload_file, len);
	return rc;
}

static int need_secret_files(struct cli *cli, struct launch_args *a, int argc, char **argv)
{
	if (!a->header_file && !a->payload_file && argc - optind == 2) {
		a->header_file = argv[optind];     /* sevctl's HEADER PAYLOAD operands */
		a->payload_file = argv[optind + 1];
		optind += 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
	if (!a->header_file || !a->payload_file)
		return cli_usage_error(cli, "--secret-header and --secret-payload are required");
	return 0;
}

/* The launch state comes from the command line, or from libvirt for what it leaves open. */
static int need_state(struct cli *cli, const struct launch_args *a)
{
	if (a->lv.uri && !a->lv.domain)
		return cli_usage_error(cli, "--connect needs --domain");
	if (a->lv.domain)
		return 0;
	if (!a->measurement || !a->have[0] || !a->have[1] || !a->have[2] || !a->have[3])
		return cli_usage_error(cli, "--measurement, --api-major, --api-minor, --build-id "
				       "and --policy are required (or --domain)");
	return 0;
}

int cmd_launch_validate(struct cli *cli, int argc, char **argv)
{
	struct launch_args a = { .base64 = true };
	json_t *doc = NULL;
	int rc;

	guest_input_init(&a.g, SEV_VMSA_LEGACY);
	if ((rc = parse_all(cli, &a, argc, argv, validate_options)) >= 0)
		goto out;
	if (a.secrets.n && (rc = need_secret_files(cli, &a, argc, argv)))
		goto out;
	if (!a.secrets.n && optind < argc) {
		rc = cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
		goto out;
	}
	if ((rc = need_state(cli, &a)) || (rc = load_keys(cli, &a, a.secrets.n > 0)) ||
	    (a.measurement && (rc = input_bytes(cli, "measurement", a.measurement, 48, a.blob))))
		goto out;
	if (a.lv.domain && (rc = launch_libvirt_read(cli, &a.lv, a.launch_digest ? NULL : &a.g,
						    a.blob, a.measurement, &a.info, a.have)))
		goto out;
	rc = check_measurement(cli, &a, &doc);
	if (rc == SEV_EXIT_OK && a.secrets.n) {
		rc = write_secret(cli, &a, a.g.fw, a.g.fw_len);
		json_object_set_new(doc, "secrets", json_integer(rc ? 0 : (json_int_t)a.secrets.n));
	}
	if (cli->json && doc && (rc == SEV_EXIT_OK || rc == SEV_EXIT_FAIL))
		cli_json(cli, json_incref(doc));
out:
	json_decref(doc);
	wipe_args(&a);
	return rc;
}

int cmd_launch_secret(struct cli *cli, int argc, char **argv)
{
	struct launch_args a = { 0 };
	int rc;

	guest_input_init(&a.g, SEV_VMSA_LEGACY);
	if ((rc = parse_all(cli, &a, argc, argv, secret_options)) >= 0)
		goto out;
	if ((rc = need_secret_files(cli, &a, argc, argv)))
		goto out;
	if (!a.secrets.n || !a.measurement) {
		rc = cli_usage_error(cli, "--inject-secret and --measurement are required");
		goto out;
	}
	if ((rc = load_keys(cli, &a, true)) ||
	    (rc = input_bytes(cli, "measurement", a.measurement, 48, a.blob)))
		goto out;
	if (a.g.firmware && (rc = guest_input_firmware(cli, &a.g)))
		goto out;
	rc = write_secret(cli, &a, a.g.fw, a.g.fw_len);
	if (!rc && cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "secrets", json_integer((json_int_t)a.secrets.n));
		json_object_set_new(doc, "header", json_string(a.header_file));
		json_object_set_new(doc, "payload", json_string(a.payload_file));
		json_object_set_new(doc, "format", json_string(a.base64 ? "base64" : "raw"));
		cli_json(cli, doc);
	}
out:
	wipe_args(&a);
	return rc;
}

/* Read the launch state from QEMU: measurement first, as libvirt does. */
static int qmp_state(struct cli *cli, struct sev_qmp *q, struct launch_args *a)
{
	struct sev_qmp_status st = SEV_INIT(struct sev_qmp_status);
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	int rc;

	if ((rc = sev_qmp_query_status(q, &st)))
		return cli_exit(rc);
	if (st.running) {
		cli_error(cli, "the VM is running (%s): start QEMU paused (-S) to attest it "
			  "before it runs", st.status);
		return SEV_EXIT_ENV;
	}
	if ((rc = sev_qmp_query_launch_measure(q, a->blob)) || (rc = sev_qmp_query_sev(q, &sev)))
		return cli_exit(rc);
	if (!sev.enabled) {
		cli_error(cli, "SEV is not enabled for this VM (query-sev)");
		return SEV_EXIT_ENV;
	}
	a->info = (struct sev_launch_info){ .api_major = sev.api_major,
					    .api_minor = sev.api_minor,
					    .build_id = sev.build_id,
					    .policy = sev.policy };
	return 0;
}

static int qmp_inject(struct cli *cli, struct sev_qmp *q, struct launch_args *a)
{
	uint8_t header[SEV_SECRET_HEADER_LEN], *payload = NULL;
	size_t len = 0;
	int rc = seal(cli, a, a->g.fw, a->g.fw_len, header, &payload, &len);

	if (rc)
		return rc;
	rc = sev_qmp_inject_launch_secret(q, header, payload, len);
	free(payload);
	if (rc)
		return cli_exit(rc);
	cli_print(cli, "OK: %zu secret(s) injected\n", a->secrets.n);
	return 0;
}

static int attest(struct cli *cli, struct sev_qmp *q, struct launch_args *a, json_t **doc)
{
	int rc;

	if ((rc = qmp_state(cli, q, a)))
		return rc;
	rc = check_measurement(cli, a, doc);
	if (rc)
		return rc; /* never let a VM run whose measurement does not match */
	if (a->secrets.n && (rc = qmp_inject(cli, q, a)))
		return rc;
	if ((rc = sev_qmp_cont(q)))
		return cli_exit(rc);
	cli_print(cli, "OK: the VM runs\n");
	return 0;
}

/* Validate through libvirt, inject, and resume only on a match. */
static int attest_libvirt(struct cli *cli, struct launch_args *a, json_t **doc)
{
	uint8_t header[SEV_SECRET_HEADER_LEN], *payload = NULL;
	size_t len = 0;
	int rc = launch_libvirt_read(cli, &a->lv, &a->g, a->blob, false, &a->info, a->have);

	if (rc || (rc = check_measurement(cli, a, doc)))
		return rc; /* never let a VM run whose measurement does not match */
	if (a->secrets.n) {
		if ((rc = seal(cli, a, a->g.fw, a->g.fw_len, header, &payload, &len)))
			return rc;
		rc = sev_libvirt_inject_launch_secret(a->lv.v, header, payload, len);
		free(payload);
		if (rc)
			return cli_exit(rc);
		cli_print(cli, "OK: %zu secret(s) injected\n", a->secrets.n);
	}
	if ((rc = sev_libvirt_resume(a->lv.v)))
		return cli_exit(rc);
	cli_print(cli, "OK: the VM runs\n");
	return 0;
}

/* Exactly one of --qmp (with --firmware) and --domain. */
static int need_target(struct cli *cli, const struct launch_args *a)
{
	if (a->lv.uri && !a->lv.domain)
		return cli_usage_error(cli, "--connect needs --domain");
	if (!a->qmp == !a->lv.domain)
		return cli_usage_error(cli, "give --qmp SOCKET or --domain NAME");
	if (a->qmp && !a->g.firmware)
		return cli_usage_error(cli, "--qmp needs --firmware");
	return 0;
}

int cmd_launch_attest(struct cli *cli, int argc, char **argv)
{
	struct launch_args a = { .timeout_s = 30 };
	struct sev_qmp *q = NULL;
	json_t *doc = NULL;
	int rc;

	guest_input_init(&a.g, SEV_VMSA_LEGACY);
	if ((rc = parse_all(cli, &a, argc, argv, attest_options)) >= 0)
		goto out;
	if (optind < argc) {
		rc = cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
		goto out;
	}
	if ((rc = need_target(cli, &a)) || (rc = load_keys(cli, &a, a.secrets.n > 0)))
		goto out;
	if (a.lv.domain) {
		rc = attest_libvirt(cli, &a, &doc);
	} else if ((rc = sev_qmp_connect(a.qmp, (int)a.timeout_s * 1000, &q))) {
		rc = cli_exit(rc);
		goto out;
	} else {
		rc = attest(cli, q, &a, &doc);
	}
	if (doc) {
		json_object_set_new(doc, "secrets", json_integer(rc ? 0 : (json_int_t)a.secrets.n));
		json_object_set_new(doc, "resumed", json_boolean(rc == 0));
		if (cli->json && (rc == SEV_EXIT_OK || rc == SEV_EXIT_FAIL))
			cli_json(cli, json_incref(doc));
	}
out:
	json_decref(doc);
	sev_qmp_close(q);
	wipe_args(&a);
	return rc;
}
