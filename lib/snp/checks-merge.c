/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks from several sources (policy file, reference values, options) put
 * together. A value two sources pin differently is refused rather than
 * letting one of them win silently: the relying party meant one of them.
 */
#include <sevkit/snp.h>

#include <string.h>

#include "util/log.h"

struct merge {
	const char **field;
	int rc;
};

/* A pinned value: taken when dst has none, the same one is fine, another one is refused. */
static void pin(struct merge *m, const char *name, bool *dst_has, void *dst, bool src_has,
		const void *src, size_t n)
{
	if (m->rc || !src_has)
		return;
	if (*dst_has && memcmp(dst, src, n) != 0) {
		*m->field = name;
		m->rc = SEV_E_INVALID;
		return;
	}
	memcpy(dst, src, n);
	*dst_has = true;
}

/* A flag counts as given when it was set explicitly, or is true. */
static void flag(struct merge *m, const char *name, bool *dst_has, bool *dst, bool src_has,
		 const bool *src)
{
	bool has = *dst_has || *dst;

	pin(m, name, &has, dst, src_has || *src, src, sizeof(*src));
	*dst_has = has;
}

/* Two TCB minimums are the same when given the same way with the same values. */
static void tcb(struct merge *m, const char *name, struct sev_snp_tcb_spec *dst,
		const struct sev_snp_tcb_spec *src)
{
	const struct sev_snp_tcb *a = &dst->spl, *b = &src->spl;
	bool same;

	if (m->rc || !src->set)
		return;
	if (!dst->set) {
		*dst = *src;
		return;
	}
	same = dst->is_raw == src->is_raw &&
	       (dst->is_raw ? dst->raw == src->raw :
			      a->fmc == b->fmc && a->bootloader == b->bootloader &&
				      a->tee == b->tee && a->snp == b->snp &&
				      a->microcode == b->microcode);
	if (!same) {
		*m->field = name;
		m->rc = SEV_E_INVALID;
	}
}

static void pair(struct merge *m, const char *name, bool *dst_has, uint8_t *dmaj, uint8_t *dmin,
		 bool src_has, uint8_t smaj, uint8_t smin)
{
	uint8_t d[2] = { *dmaj, *dmin }, s[2] = { smaj, smin };

	pin(m, name, dst_has, d, src_has, s, 2);
	*dmaj = d[0];
	*dmin = d[1];
}

static void exact_fields(struct merge *m, struct sev_snp_checks *d, const struct sev_snp_checks *s)
{
	pin(m, "measurement", &d->has_measurement, d->measurement, s->has_measurement,
	    s->measurement, sizeof(s->measurement));
	pin(m, "report_data", &d->has_report_data, d->report_data, s->has_report_data,
	    s->report_data, sizeof(s->report_data));
	pin(m, "host_data", &d->has_host_data, d->host_data, s->has_host_data, s->host_data,
	    sizeof(s->host_data));
	pin(m, "family_id", &d->has_family_id, d->family_id, s->has_family_id, s->family_id,
	    sizeof(s->family_id));
	pin(m, "image_id", &d->has_image_id, d->image_id, s->has_image_id, s->image_id,
	    sizeof(s->image_id));
	pin(m, "id_key_digest", &d->has_id_key_digest, d->id_key_digest, s->has_id_key_digest,
	    s->id_key_digest, sizeof(s->id_key_digest));
	pin(m, "author_key_digest", &d->has_author_key_digest, d->author_key_digest,
	    s->has_author_key_digest, s->author_key_digest, sizeof(s->author_key_digest));
	pin(m, "policy", &d->has_policy, &d->policy, s->has_policy, &s->policy, sizeof(s->policy));
	pin(m, "vmpl", &d->has_vmpl, &d->vmpl, s->has_vmpl, &s->vmpl, sizeof(s->vmpl));
}

static void flags(struct merge *m, struct sev_snp_checks *d, const struct sev_snp_checks *s)
{
	flag(m, "allow_debug", &d->has_allow_debug, &d->allow_debug, s->has_allow_debug,
	     &s->allow_debug);
	flag(m, "allow_migrate_ma", &d->has_allow_migrate_ma, &d->allow_migrate_ma,
	     s->has_allow_migrate_ma, &s->allow_migrate_ma);
	flag(m, "allow_cxl", &d->has_allow_cxl, &d->allow_cxl, s->has_allow_cxl, &s->allow_cxl);
	flag(m, "forbid_smt", &d->has_forbid_smt, &d->forbid_smt, s->has_forbid_smt,
	     &s->forbid_smt);
	flag(m, "require_single_socket", &d->has_require_single_socket,
	     &d->require_single_socket, s->has_require_single_socket, &s->require_single_socket);
}

static void minimums(struct merge *m, struct sev_snp_checks *d, const struct sev_snp_checks *s)
{
	pair(m, "min_abi", &d->has_min_abi, &d->min_abi_major, &d->min_abi_minor, s->has_min_abi,
	     s->min_abi_major, s->min_abi_minor);
	pair(m, "min_version", &d->has_min_version, &d->min_version_major,
	     &d->min_version_minor, s->has_min_version, s->min_version_major,
	     s->min_version_minor);
	pin(m, "min_build", &d->has_min_build, &d->min_build, s->has_min_build, &s->min_build,
	    sizeof(s->min_build));
	pin(m, "min_guest_svn", &d->has_min_guest_svn, &d->min_guest_svn, s->has_min_guest_svn,
	    &s->min_guest_svn, sizeof(s->min_guest_svn));
	tcb(m, "min_tcb", &d->min_reported_tcb, &s->min_reported_tcb);
	tcb(m, "min_committed_tcb", &d->min_committed_tcb, &s->min_committed_tcb);
	tcb(m, "min_launch_tcb", &d->min_launch_tcb, &s->min_launch_tcb);
	tcb(m, "min_current_tcb", &d->min_current_tcb, &s->min_current_tcb);
}

static void product(struct merge *m, struct sev_snp_checks *d, const struct sev_snp_checks *s)
{
	if (m->rc || !s->product)
		return;
	if (d->product && (d->product != s->product || strcmp(d->stepping, s->stepping))) {
		*m->field = "product";
		m->rc = SEV_E_INVALID;
		return;
	}
	d->product = s->product;
	memcpy(d->stepping, s->stepping, sizeof(d->stepping));
}

int sev_snp_checks_merge(struct sev_snp_checks *dst, const struct sev_snp_checks *src,
			 const char **field)
{
	struct sev_snp_checks d = *dst;
	const char *unused;
	struct merge m = { field ? field : &unused, 0 };

	exact_fields(&m, &d, src);
	flags(&m, &d, src);
	minimums(&m, &d, src);
	product(&m, &d, src);
	if (m.rc)
		return m.rc;
	/* these add up: every bit and every deny entry is enforced */
	d.platform_require |= src->platform_require;
	d.platform_forbid |= src->platform_forbid;
	if (src->n_deny > SEV_SNP_DENY_MAX - d.n_deny) {
		*m.field = "deny";
		return sk_fail(SEV_E_TOOBIG, "more than %d deny entries", SEV_SNP_DENY_MAX);
	}
	memcpy(&d.deny[d.n_deny], src->deny, src->n_deny * sizeof(src->deny[0]));
	d.n_deny += src->n_deny;
	*dst = d;
	return 0;
}
