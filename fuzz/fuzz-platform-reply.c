/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Replies of the SEV device: every ioctl is answered from the input (status,
 * SNP status, lengths, buffer contents, firmware errors, the CPUID), then the
 * commands that parse replies run on it, and the rest of the input is checked
 * as a certificate table against that platform.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/host.h>

#include "sev/platform-dev.h"
#include "util/bytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t byte(struct input *in)
{
	uint8_t b = 0;

	if (in->n) {
		b = *in->p++;
		in->n--;
	}
	return b;
}

static uint32_t u32(struct input *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)byte(in) << (8 * i);
	return v;
}

/* Copy up to room bytes of input into the buffer at the block's address. */
static void fill(struct input *in, uint8_t *blk, size_t off)
{
	uint8_t *dst = (uint8_t *)(uintptr_t)sk_get_le64(blk + off);
	uint32_t room = sk_get_le32(blk + off + 8);
	size_t n = in->n < room ? in->n : room;

	if (!dst)
		return;
	memcpy(dst, in->p, n);
	in->p += n;
	in->n -= n;
	sk_put_le32(blk + off + 8, u32(in));
}

static int answer(void *ctx, uint32_t cmd, uint8_t *blk, uint32_t *fw_error)
{
	struct input *in = ctx;
	uint8_t how = byte(in);

	*fw_error = 0;
	if (how % 4 == 1) {
		*fw_error = u32(in) & 0xFFFF;
		if (cmd == SK_SEV_PEK_CSR || cmd == SK_SEV_GET_ID2)
			sk_put_le32(blk + 8, u32(in));
		if (cmd == SK_SEV_PDH_CERT_EXPORT) {
			sk_put_le32(blk + 8, u32(in));
			sk_put_le32(blk + 20, u32(in));
		}
		return -EIO;
	}
	if (how % 4 == 2)
		return -EINVAL;
	switch (cmd) {
	case SK_SEV_PLATFORM_STATUS:
		for (size_t i = 0; i < SK_STATUS_SIZE; i++)
			blk[i] = byte(in);
		break;
	case SK_SEV_GET_ID:
		for (size_t i = 0; i < SK_GET_ID_SIZE; i++)
			blk[i] = byte(in);
		break;
	case SK_SEV_PEK_CSR:
	case SK_SEV_GET_ID2:
		fill(in, blk, 0);
		break;
	case SK_SEV_PDH_CERT_EXPORT:
		fill(in, blk, 0);
		fill(in, blk, 12);
		break;
	case SK_SNP_PLATFORM_STATUS:
		for (size_t i = 0; i < SK_SNP_STATUS_SIZE; i++)
			blk[i] = byte(in);
		break;
	}
	return 0;
}

static uint32_t cpuid1(void *ctx)
{
	return u32(ctx);
}

static void done(void *ctx)
{
	(void)ctx;
}

static const struct sk_sev_dev_ops ops = { answer, cpuid1, done };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct sev_platform_status st;
	struct sev_snp_platform_status snp = SEV_INIT(struct sev_snp_platform_status);
	struct sev_snp_platform_config cfg = { .reported_tcb = 0x0300000000000102ull };
	static uint8_t chain[4 * SEV_CERT_SIZE], csr[SEV_CERT_SIZE], id[SEV_ID_MAX];
	struct sev_platform *p;
	size_t len;

	if (sk_platform_new(&ops, &in, &p))
		return 0;
	sev_platform_status(p, &st);
	sev_platform_pek_csr(p, csr);
	sev_platform_export(p, chain);
	sev_platform_get_id(p, id, &len);
	sev_snp_platform_status(p, &snp);
	sev_snp_platform_set_config(p, &cfg);
	/* the rest is a served certificate table, checked against the replies that follow it */
	sev_snp_platform_certs_current(p, in.p, in.n);
	sev_snp_platform_check_certs(p, in.p, in.n);
	sev_platform_close(p);
	return 0;
}
