/* SPDX-License-Identifier: Apache-2.0 */
#include "launch-input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/util.h>

#define FIRMWARE_MAX (64u << 20)
#define SMALL_FILE_MAX (64u << 10)

void guest_input_init(struct guest_input *g, enum sev_vmsa_fpu fpu)
{
	memset(g, 0, sizeof(*g));
	g->fpu = fpu;
}

int guest_input_fpu(struct cli *cli, struct guest_input *g, const char *arg)
{
	if (!strcmp(arg, "legacy"))
		g->fpu = SEV_VMSA_LEGACY;
	else if (!strcmp(arg, "init2"))
		g->fpu = SEV_VMSA_INIT2;
	else
		return cli_usage_error(cli, "--vmsa-features takes legacy or init2, not '%s'", arg);
	return 0;
}

int input_number(struct cli *cli, const char *opt, const char *arg, uint64_t max, uint64_t *v)
{
	if (sev_parse_uint(arg, max, v))
		return cli_usage_error(cli, "--%s takes a number from 0 to %llu (decimal or "
				       "0x-hex)", opt, (unsigned long long)max);
	return 0;
}

int guest_input_vcpus(struct cli *cli, struct guest_input *g, const char *opt, const char *arg)
{
	uint64_t v;
	int rc = input_number(cli, opt, arg, UINT32_MAX, &v);

	if (!rc && v == 0)
		rc = cli_usage_error(cli, "--%s must be at least 1", opt);
	g->vcpus = (uint32_t)v;
	g->vcpus_set = true;
	return rc;
}

int guest_input_sig(struct cli *cli, struct guest_input *g, const char *arg)
{
	uint64_t v;
	int rc = input_number(cli, "vcpu-sig", arg, UINT32_MAX, &v);

	g->sig = (uint32_t)v;
	g->have_sig = true;
	return rc;
}

int guest_input_fms(struct cli *cli, struct guest_input *g, int which, const char *opt,
		    const char *arg)
{
	uint64_t v;
	int rc = input_number(cli, opt, arg, UINT32_MAX, &v);

	g->fms[which] = (uint32_t)v;
	g->fms_set |= 1u << which;
	return rc;
}

static int read_file(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int rc = cli_read_file(cli, path, max, buf, len);

	return rc ? cli_exit(rc) : 0;
}

int guest_input_resolve_sig(struct cli *cli, struct guest_input *g, const char *mode,
			    uint32_t *sig)
{
	int sources = (g->vcpu_type != NULL) + g->have_sig + (g->fms_set != 0);

	if (sources == 0)
		return cli_usage_error(cli, "%s needs the vCPU: a vCPU type, a signature, "
				       "family/model/stepping, or VMSA files", mode);
	if (sources > 1)
		return cli_usage_error(cli, "give the vCPU one way only: type, signature, or "
				       "family/model/stepping");
	if (g->fms_set && g->fms_set != 7)
		return cli_usage_error(cli, "CPU family, model and stepping go together");
	if (g->vcpu_type)
		return sev_vcpu_type_sig(g->vcpu_type, sig) ? SEV_EXIT_USAGE : 0;
	if (g->have_sig) {
		*sig = g->sig;
		return 0;
	}
	return sev_cpu_sig(g->fms[0], g->fms[1], g->fms[2], sig) ? SEV_EXIT_USAGE : 0;
}

static int load_vmsa(struct cli *cli, struct guest_input *g, int i)
{
	struct sev_vmsa_info info;
	int rc = read_file(cli, g->vmsa_file[i], SMALL_FILE_MAX, &g->vmsa[i], &g->vmsa_len[i]);

	if (rc)
		return rc;
	sev_log_subject_push(g->vmsa_file[i]);
	rc = sev_vmsa_parse(g->vmsa[i], g->vmsa_len[i], &info);
	sev_log_subject_pop();
	if (rc)
		return SEV_EXIT_INPUT;
	if (!info.fpu_known)
		cli_error(cli, "note: %s has MXCSR 0x%x / FCW 0x%x, neither the legacy nor the "
			  "INIT2 reset state", g->vmsa_file[i], info.mxcsr, info.x87_fcw);
	return 0;
}

static int es_config(struct cli *cli, struct guest_input *g, struct sev_launch_config *c)
{
	struct sev_es_inputs in = { .size = sizeof(in), .vcpus = g->vcpus_set ? g->vcpus : 0,
				    .cpu_given = g->vcpu_type || g->have_sig || g->fms_set,
				    .vmsa_bsp = g->vmsa_file[0], .vmsa_ap = g->vmsa_file[1],
				    .vmm = g->vmm };
	bool need_sig;
	int rc;

	if (sev_es_inputs_check(&in, &need_sig))
		return cli_usage_error(cli, "%s", "");
	c->vcpus = g->vcpus;
	if (!g->vmsa_file[0])
		return need_sig ? guest_input_resolve_sig(cli, g, "SEV-ES", &c->vcpu_sig) : 0;
	if ((rc = load_vmsa(cli, g, 0)))
		return rc;
	c->vmsa_bsp = g->vmsa[0];
	if (g->vmsa_file[1]) {
		if ((rc = load_vmsa(cli, g, 1)))
			return rc;
		c->vmsa_ap = g->vmsa[1];
	}
	return 0;
}

/*
 * SHA-256 of a file, read in pieces: kernels and initrds can be large. They are
 * hashed as they are, empty ones too (sev-snp-measure's own test vectors are).
 */
static int hash_file(struct cli *cli, const char *path, uint8_t digest[32])
{
	int rc;

	cli_note_input(cli, path);
	rc = sev_file_sha256(path, digest);
	return rc ? cli_exit(rc) : 0; /* said as every input file says it */
}

int guest_input_vcpu_option(struct cli *cli, struct guest_input *g, int id, const char *arg)
{
	switch (id) {
	case OPT_GUEST_VCPUS: return guest_input_vcpus(cli, g, "vcpus", arg);
	case OPT_GUEST_VCPU_TYPE: g->vcpu_type = arg; return 0;
	case OPT_GUEST_VCPU_SIG: return guest_input_sig(cli, g, arg);
	case OPT_GUEST_VCPU_FAMILY: return guest_input_fms(cli, g, 0, "vcpu-family", arg);
	case OPT_GUEST_VCPU_MODEL: return guest_input_fms(cli, g, 1, "vcpu-model", arg);
	case OPT_GUEST_VCPU_STEPPING: return guest_input_fms(cli, g, 2, "vcpu-stepping", arg);
	}
	return -1;
}

int guest_input_kernel_hashes(struct cli *cli, struct guest_input *g)
{
	int rc;

	if ((rc = hash_file(cli, g->kernel, g->kernel_sha256)) ||
	    (g->initrd && (rc = hash_file(cli, g->initrd, g->initrd_sha256))))
		return rc;
	rc = sev_kernel_hashes_digests(g->kernel_sha256, g->initrd ? g->initrd_sha256 : NULL,
				       g->cmdline, g->hashes);
	return rc ? cli_exit(rc) : 0;
}

int guest_input_firmware(struct cli *cli, struct guest_input *g)
{
	/* an empty file is refused: sha256 of nothing is no measurement of a firmware */
	return read_file(cli, g->firmware, FIRMWARE_MAX, &g->fw, &g->fw_len);
}

int guest_input_digest(struct cli *cli, struct guest_input *g, enum sev_mode mode,
		       uint8_t digest[32])
{
	struct sev_launch_config c = { .size = sizeof(c),
				       .mode = mode, .fpu = g->fpu, .vmm = g->vmm,
				       .on_vmsa = g->on_vmsa, .ctx = g->vmsa_ctx };
	int rc;

	if (!g->kernel && (g->initrd || g->cmdline))
		return cli_usage_error(cli, "an initrd or a command line needs a kernel");
	if (mode == SEV_MODE_SEV_ES && (rc = es_config(cli, g, &c)))
		return rc;
	if ((rc = guest_input_firmware(cli, g)))
		return rc;
	c.firmware = g->fw;
	c.firmware_len = g->fw_len;
	if (g->kernel) {
		if ((rc = guest_input_kernel_hashes(cli, g)))
			return rc;
		c.kernel_hashes = g->hashes;
	}
	/* the VMSA files are checked already: what the digest refuses is the firmware */
	sev_log_subject_push(g->firmware);
	rc = sev_launch_digest(&c, digest);
	sev_log_subject_pop();
	return rc ? cli_exit(rc) : 0;
}

void guest_input_free(struct guest_input *g)
{
	free(g->fw);
	free(g->vmsa[0]);
	free(g->vmsa[1]);
	g->fw = g->vmsa[0] = g->vmsa[1] = NULL;
}

static bool looks_base64(const char *text, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789+/= \t\r\n";

	for (size_t i = 0; i < len; i++)
		if (!text[i] || !strchr(alphabet, text[i]))
			return false;
	return len > 0;
}

/* Decode base64 text of exactly n bytes; 0 on success. */
static int decode_exact(const char *text, size_t text_len, size_t n, uint8_t *out, size_t *got)
{
	uint8_t *raw;
	size_t chars = 0;
	int rc;

	*got = 0;
	if (!looks_base64(text, text_len))
		return SEV_E_FORMAT;
	/* text of another length is no candidate: the decoder need not complain about it */
	for (size_t i = 0; i < text_len; i++)
		chars += !strchr(" \t\r\n", text[i]);
	if (chars != (n + 2) / 3 * 4)
		return SEV_E_FORMAT;
	rc = sev_base64_decode(text, text_len, &raw, got);
	if (rc)
		return rc;
	if (*got == n)
		memcpy(out, raw, n);
	sev_wipe_free(raw, *got);
	return *got == n ? 0 : SEV_E_FORMAT;
}

/*
 * An argument that names no file (nor a directory) but is base64 of n bytes
 * is the value itself; one that is neither is a wrong argument. A file must
 * hold the n bytes, raw or as base64.
 */
int input_bytes(struct cli *cli, const char *opt, const char *arg, size_t n, uint8_t *out)
{
	uint8_t *buf;
	size_t len, got = 0;
	int rc;

	cli_note_input(cli, arg);
	cli_input_begin(cli, arg);
	rc = sev_file_read_secret(arg, SMALL_FILE_MAX, &buf, &len);
	if (rc == SEV_E_INVALID) {
		cli_input_end(cli, 0); /* no file: not an error yet, the text may be the value */
		if (!decode_exact(arg, strlen(arg), n, out, &got))
			return 0;
		cli_error(cli, "--%s: %s is neither a file nor base64 of %zu bytes", opt, arg, n);
		return SEV_EXIT_USAGE;
	}
	if (cli_input_end(cli, rc))
		return cli_exit(rc);
	if (len == n)
		memcpy(out, buf, n);
	else if (decode_exact((const char *)buf, len, n, out, &got))
		rc = SEV_EXIT_INPUT;
	sev_file_free_secret(buf, len);
	if (rc)
		cli_error(cli, "--%s: %s holds %zu bytes, not %zu (raw or base64)", opt, arg,
			  got ? got : len, n);
	return rc;
}

int secret_input_add(struct cli *cli, struct secret_input *s, const char *spec)
{
	const char *colon = strchr(spec, ':');
	char name[64];
	size_t len;
	int rc;

	if (!colon || colon == spec || !colon[1] || (size_t)(colon - spec) >= sizeof(name))
		return cli_usage_error(cli, "a secret is ALIAS-OR-GUID:PATH, not '%s'", spec);
	if (s->n == SECRETS_MAX)
		return cli_usage_error(cli, "at most %d secrets", SECRETS_MAX);
	memcpy(name, spec, (size_t)(colon - spec));
	name[colon - spec] = '\0';
	if (sev_secret_guid(name, s->e[s->n].guid))
		return SEV_EXIT_USAGE;
	rc = cli_read_secret(cli, colon + 1, SECRET_FILE_MAX, &s->data[s->n], &len);
	if (rc)
		return cli_exit(rc);
	s->e[s->n].data = s->data[s->n];
	s->e[s->n].len = len;
	s->n++;
	return 0;
}

static int check_area(const char *name, const uint8_t *fw, size_t fw_len, size_t len)
{
	int rc;

	sev_log_subject_push(name);
	rc = sev_secret_area_check(fw, fw_len, len);
	sev_log_subject_pop();
	return rc ? cli_exit(rc) : 0;
}

int secret_input_seal(struct secret_input *s, const char *fw_name, const uint8_t *fw,
		      size_t fw_len, const uint8_t tek[16], const uint8_t tik[16],
		      const uint8_t measure[32], const uint8_t *iv,
		      uint8_t header[SEV_SECRET_HEADER_LEN], uint8_t **payload, size_t *len)
{
	uint8_t *table;
	int rc = sev_secret_table_build(s->e, s->n, &table, len);

	*payload = NULL;
	if (rc)
		return cli_exit(rc);
	if (fw && (rc = check_area(fw_name, fw, fw_len, *len)))
		goto out;
	*payload = malloc(*len);
	if (!*payload) {
		rc = SEV_EXIT_INTERNAL;
		goto out;
	}
	rc = sev_launch_secret_seal(tek, tik, measure, iv, table, *len, header, *payload);
	if (rc) {
		free(*payload);
		*payload = NULL;
		rc = cli_exit(rc);
	}
out:
	sev_secret_free(table, *len);
	return rc;
}

void secret_input_free(struct secret_input *s)
{
	for (size_t i = 0; i < s->n; i++)
		sev_file_free_secret(s->data[i], s->e[i].len);
	s->n = 0;
}
