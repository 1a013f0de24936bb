/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-SNP platform commands of /dev/sev (Linux 6.9 and later): status,
 * commit, configuration. Layouts are the kernel's packed structures
 * sev_user_data_snp_status and sev_user_data_snp_config
 * (include/uapi/linux/psp-sev.h), which Debian 12's headers predate.
 */
#include <errno.h>
#include <string.h>

#include <sevkit/platform.h>

#include "sev/platform-dev.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"
#include "util/struct.h"

#define SNP_HINT "SNP is not initialized (kvm_amd sev_snp=1)"

/*
 * A kernel before 6.9 has no SNP commands (EINVAL); 6.9-6.15 answer EINVAL
 * while SNP is not initialized, later ones ENODEV for SET_CONFIG, and 6.16
 * and later INVALID_PLATFORM_STATE when their own SNP initialization failed.
 */
static int no_snp(struct sev_platform *p, uint32_t cmd, int rc)
{
	uint32_t fw = sev_platform_fw_error(p);

	if ((rc == -EINVAL || rc == -ENODEV) && !fw)
		return sk_fail(SEV_E_DEVICE, "%s%s: no SEV-SNP here: the kernel lacks the "
			       "command (before Linux 6.9) or " SNP_HINT, sk_platform_prefix(p),
			       sk_sev_cmd_name(cmd));
	if (fw == 0x0001)
		return sk_fail(SEV_E_DEVICE, "%s%s: the firmware refused: INVALID_PLATFORM_STATE "
			       "(0x0001): " SNP_HINT, sk_platform_prefix(p), sk_sev_cmd_name(cmd));
	return sk_platform_refused(p, cmd, rc);
}

static int parse_status(const uint8_t *blk, struct sev_snp_platform_status *s)
{
	struct sk_reader r;
	uint8_t rmp;
	int rc;

	sk_reader_init(&r, blk, SK_SNP_STATUS_SIZE, "SNP_PLATFORM_STATUS reply");
	if ((rc = sk_read_u8(&r, &s->api_major, "api_major")) ||
	    (rc = sk_read_u8(&r, &s->api_minor, "api_minor")) ||
	    (rc = sk_read_u8(&r, &s->state, "state")) ||
	    (rc = sk_read_u8(&r, &rmp, "is_rmp_initialized")) ||
	    (rc = sk_read_u32(&r, &s->build_id, "build_id")) ||
	    (rc = sk_read_u32(&r, &s->flags, "flags")) ||
	    (rc = sk_read_u32(&r, &s->guest_count, "guest_count")) ||
	    (rc = sk_read_u64(&r, &s->current_tcb, "current_tcb_version")) ||
	    (rc = sk_read_u64(&r, &s->reported_tcb, "reported_tcb_version")))
		return rc;
	/* SNP knows two states; WORKING is SEV's alone */
	if (s->state > SEV_STATE_INIT)
		return sk_reader_reject(&r, 2, "state", "0x%02x is not UNINIT or INIT", s->state);
	s->rmp_initialized = rmp & 1;
	return 0;
}

int sev_snp_platform_status(struct sev_platform *p, struct sev_snp_platform_status *out)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	uint8_t blk[SK_SNP_STATUS_SIZE] = { 0 };
	int rc = sk_struct_check_out(out, sizeof(s), "sev_snp_platform_status");

	if (rc)
		return rc;
	if ((rc = sk_platform_issue(p, SK_SNP_PLATFORM_STATUS, blk)))
		return no_snp(p, SK_SNP_PLATFORM_STATUS, rc);
	if ((rc = parse_status(blk, &s)))
		return rc;
	s.cpuid1_eax = sk_platform_cpuid1(p);
	s.product = sev_snp_product_from_cpuid1(s.cpuid1_eax);
	sk_struct_out(out, &s, sizeof(s));
	return 0;
}

int sev_snp_platform_commit(struct sev_platform *p)
{
	/* the kernel builds the firmware's {u32 length} block itself */
	int rc = sk_platform_issue(p, SK_SNP_COMMIT, NULL);

	return rc ? no_snp(p, SK_SNP_COMMIT, rc) : 0;
}

/* Only SPLs: the reserved bytes of the layout are zero. */
static bool tcb_is_spls(uint64_t raw, enum sev_snp_product p)
{
	struct sev_snp_tcb t;

	sev_snp_tcb_decode(raw, p, &t);
	return sk_all_zero(t.reserved, sizeof(t.reserved));
}

int sev_snp_platform_set_config(struct sev_platform *p, const struct sev_snp_platform_config *c)
{
	uint8_t blk[SK_SNP_CONFIG_SIZE] = { 0 };
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	char want[64], have[64];
	int rc;

	if ((rc = sev_snp_platform_status(p, &s)))
		return rc;
	if (s.product == SEV_SNP_PRODUCT_UNKNOWN)
		return sk_fail(SEV_E_DEVICE, "SNP_SET_CONFIG: the processor (CPUID 0x%08x) is not "
			       "a Milan, Genoa or Turin: its TCB layout is unknown", s.cpuid1_eax);
	if (!tcb_is_spls(c->reported_tcb, s.product))
		return sk_fail(SEV_E_INVALID, "SNP_SET_CONFIG: the reported TCB 0x%016llx sets bytes "
			       "no SPL of a %s is in", (unsigned long long)c->reported_tcb,
			       sev_snp_product_name(s.product));
	if (!sev_snp_tcb_ge(s.current_tcb, c->reported_tcb, s.product)) {
		sev_snp_tcb_format(c->reported_tcb, s.product, want, sizeof(want));
		sev_snp_tcb_format(s.current_tcb, s.product, have, sizeof(have));
		return sk_fail(SEV_E_INVALID, "SNP_SET_CONFIG: the reported TCB (%s) is above the "
			       "current TCB (%s): reports would claim firmware this host does not "
			       "run", want, have);
	}
	sk_put_le64(blk, c->reported_tcb);
	sk_put_le32(blk + 8, (c->mask_chip_id ? 1u : 0) | (c->mask_chip_key ? 2u : 0));
	rc = sk_platform_issue(p, SK_SNP_SET_CONFIG, blk);
	return rc ? no_snp(p, SK_SNP_SET_CONFIG, rc) : 0;
}
