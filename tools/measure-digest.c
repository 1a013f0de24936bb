/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit measure: the launch digest of a mode, and the VMSAs of --dump-vmsa */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/file.h>
#include <sevkit/measure.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "launch-input.h"
#include "measure-common.h"

static int keep_vmsa(uint32_t vcpu, const uint8_t vmsa[SEV_VMSA_SIZE], void *ctx)
{
	struct dumps *d = ctx;

	memcpy(d->pages + (size_t)vcpu * SEV_VMSA_SIZE, vmsa, SEV_VMSA_SIZE);
	d->n = vcpu + 1;
	return 0;
}

/*
 * vmsa0.bin, vmsa1.bin, ... in the current directory, as sev-snp-measure writes
 * them. There can be thousands, more than a set of files kept open: each is
 * written atomically, with signals held until all are, and on failure the ones
 * written are taken back.
 */
int write_dumps(struct cli *cli, const struct dumps *d)
{
	char name[32];
	uint32_t i;
	int rc = 0;

	for (i = 0; i < d->n && !rc; i++) {
		snprintf(name, sizeof(name), "vmsa%u.bin", i);
		rc = cli_check_output(cli, name, false);
	}
	if (rc)
		return rc;
	sev_signals_hold();
	for (i = 0; i < d->n && !rc; i++) {
		snprintf(name, sizeof(name), "vmsa%u.bin", i);
		rc = cli_write_file(cli, name, d->pages + (size_t)i * SEV_VMSA_SIZE, SEV_VMSA_SIZE,
				    0644);
	}
	/* all or nothing: take back the files already written */
	for (uint32_t j = 0; rc && j + 1 < i; j++) {
		snprintf(name, sizeof(name), "vmsa%u.bin", j);
		unlink(name);
	}
	sev_signals_release();
	return rc;
}

static int read_svsm(struct cli *cli, struct measure_args *a)
{
	struct stat st;
	int rc = cli_read_file(cli, a->svsm, 256u << 20, &a->svsm_buf, &a->svsm_len);
	int fd;

	if (rc)
		return cli_exit(rc);
	if (!a->vars_file)
		return 0;
	/* only its size is used, but it is opened as every input file is */
	cli_note_input(cli, a->vars_file);
	fd = sev_file_open_input(a->vars_file, 0, &st);
	if (fd < 0)
		return cli_exit(fd);
	close(fd);
	if (st.st_size == 0) {
		cli_error(cli, "%s: empty file", a->vars_file);
		return SEV_EXIT_INPUT;
	}
	a->vars_size = (uint64_t)st.st_size;
	return 0;
}

static int snp_config(struct cli *cli, struct measure_args *a, struct sev_snp_config *c,
		      uint8_t seed[SEV_SNP_LD_LEN])
{
	struct guest_input *g = &a->g;
	bool cpu_given = g->vcpu_type || g->have_sig || g->fms_set;
	int rc;

	c->vcpus = g->vcpus;
	c->guest_features = a->features;
	c->vmm = g->vmm;
	c->fpu = g->fpu;
	/* EC2 and GCE do not put the signature in the VMSA */
	if ((g->vmm == SEV_VMM_QEMU || cpu_given) &&
	    (rc = guest_input_resolve_sig(cli, g, "SEV-SNP", &c->vcpu_sig)))
		return rc;
	if (a->ovmf_hash) {
		if (sev_hex_decode(seed, SEV_SNP_LD_LEN, a->ovmf_hash))
			return cli_usage_error(cli, "--snp-ovmf-hash takes 96 hex digits");
		c->ovmf_hash = seed;
	}
	if (a->svsm && (rc = read_svsm(cli, a)))
		return rc;
	c->svsm = a->svsm_buf;
	c->svsm_len = a->svsm_len;
	c->vars_size = a->vars_size;
	if ((rc = guest_input_firmware(cli, g)))
		return rc;
	c->firmware = g->fw;
	c->firmware_len = g->fw_len;
	if (g->kernel) {
		if ((rc = guest_input_kernel_hashes(cli, g)))
			return rc;
		c->kernel_hashes = g->hashes;
	}
	return 0;
}

/* One line per page, the layout of sev-snp-measure's trace in the test vectors. */
static void trace_page(enum sev_snp_page_type type, uint64_t gpa,
		       const uint8_t contents[SEV_SNP_LD_LEN], const uint8_t ld[SEV_SNP_LD_LEN],
		       void *ctx)
{
	char c[2 * SEV_SNP_LD_LEN + 1], l[2 * SEV_SNP_LD_LEN + 1];

	(void)ctx;
	sev_hex_encode(c, contents, SEV_SNP_LD_LEN);
	sev_hex_encode(l, ld, SEV_SNP_LD_LEN);
	fprintf(stderr, "type=%d gpa=0x%012llx contents=%s ld_after=%s\n", (int)type,
		(unsigned long long)gpa, c, l);
}

static int measure_snp(struct cli *cli, struct measure_args *a, enum kind k)
{
	struct sev_snp_config c = { .size = sizeof(c),
				    .on_vmsa = a->dump ? keep_vmsa : NULL, .ctx = &a->dumps,
				    .on_page = a->trace ? trace_page : NULL };
	uint8_t seed[SEV_SNP_LD_LEN];
	int rc;

	a->digest_len = SEV_SNP_LD_LEN;
	if (k == M_OVMF_HASH) {
		if ((rc = guest_input_firmware(cli, &a->g)))
			return rc;
		sev_log_subject_push(a->g.firmware);
		rc = sev_snp_ovmf_hash(a->g.fw, a->g.fw_len, a->digest);
		sev_log_subject_pop();
		return rc ? cli_exit(rc) : 0;
	}
	if ((rc = snp_config(cli, a, &c, seed)))
		return rc;
	/* under an SVSM the firmware is only hashed: what the digest parses is the SVSM */
	if (k == M_SVSM && a->g.fw_len % SEV_SNP_PAGE_SIZE) {
		cli_error(cli, "%s: the firmware image is %zu bytes: SNP measures whole 4 KiB "
			  "pages", a->g.firmware, a->g.fw_len);
		return SEV_EXIT_INPUT;
	}
	sev_log_subject_push(k == M_SVSM ? a->svsm : a->g.firmware);
	rc = sev_snp_launch_digest(&c, a->digest);
	sev_log_subject_pop();
	return rc ? cli_exit(rc) : 0;
}

int measure(struct cli *cli, struct measure_args *a, const struct measure_mode *m)
{
	if (a->dump) {
		a->dumps.pages = calloc(a->g.vcpus ? a->g.vcpus : 1, SEV_VMSA_SIZE);
		if (!a->dumps.pages)
			return SEV_EXIT_INTERNAL;
		a->g.on_vmsa = keep_vmsa;
		a->g.vmsa_ctx = &a->dumps;
	}
	if (m->kind != M_SEV && m->kind != M_SEVES)
		return measure_snp(cli, a, m->kind);
	a->digest_len = 32;
	return guest_input_digest(cli, &a->g, m->kind == M_SEV ? SEV_MODE_SEV : SEV_MODE_SEV_ES,
				  a->digest);
}
