/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host readiness checks, as a tree in the manner of `sevctl ok`. Each check
 * reads the host only through the host interface; a check runs only when its
 * parent passed. Which features are checked follows what was asked for, or by
 * default what the CPU reports in CPUID plus what its generation must have:
 * so a Rome host is not failed for lacking SEV-SNP, and a first-generation
 * EPYC that reports SEV-ES (EPYC 7001, Embedded 3000) gets SEV-ES checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/host-internal.h"
#include "util/bytes.h"
#include "util/struct.h"

/* CPUID Fn8000_001F (AMD APM vol. 3, "Encrypted Memory Capabilities") */
#define LEAF_MEM_ENC 0x8000001Fu
#define EAX_SME (1u << 0)
#define EAX_SEV (1u << 1)
#define EAX_PAGE_FLUSH (1u << 2)
#define EAX_SEV_ES (1u << 3)
#define EAX_SNP (1u << 4)
#define EAX_VMPL (1u << 5)
/* MSR C001_0010 SYSCFG */
#define SYSCFG_MEM_ENC (1ull << 23)
#define SYSCFG_SNP (1ull << 24)
#define SYSCFG_VMPL (1ull << 25)
#define KVM_API_VERSION_EXPECTED 12

struct ctx {
	struct sev_host *host;
	struct sev_cpu cpu;
	enum sev_want want;
	unsigned features;
	bool have_leaf;       /* CPUID 0x8000001F exists */
	uint32_t max_ext;
	uint32_t eax, ebx, ecx, edx;
	int syscfg_rc;
	uint64_t syscfg;
	int cpuinfo_rc;
	char *cpuinfo;
};

__attribute__((format(printf, 3, 4)))
static void set(struct sev_check *c, enum sev_check_state state, const char *fmt, ...)
{
	va_list ap;

	c->state = state;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* Why a CPUID 0x8000001F bit reads as clear, including the usual cause. */
static void bit_clear(const struct ctx *x, unsigned bit, char *out, size_t n)
{
	int len;

	if (!x->have_leaf)
		len = snprintf(out, n, "CPUID leaf 0x8000001F is not available (highest extended "
			       "leaf 0x%08x)", x->max_ext);
	else
		len = snprintf(out, n, "CPUID 0x8000001F EAX bit %u is clear", bit);
	if (x->cpu.hypervisor && len > 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, "; this is a virtual machine (hypervisor "
			 "\"%s\"), which does not pass memory encryption through",
			 x->cpu.hypervisor_id);
}

static const char *strerr(int rc)
{
	return strerror(rc < 0 ? -rc : rc);
}

/* Whether the first processor's "flags" line of /proc/cpuinfo lists flag. */
static bool cpuinfo_has(const struct ctx *x, const char *flag)
{
	const char *line = x->cpuinfo;
	size_t n = strlen(flag);

	while (line && *line) {
		const char *end = strchr(line, '\n');
		const char *colon = strchr(line, ':');

		if (!end)
			end = line + strlen(line);
		if (strncmp(line, "flags", 5) == 0 && colon && colon < end) {
			for (const char *p = colon + 1; p < end;) {
				while (p < end && *p == ' ')
					p++;
				if ((size_t)(end - p) >= n && strncmp(p, flag, n) == 0 &&
				    (p + n == end || p[n] == ' '))
					return true;
				while (p < end && *p != ' ')
					p++;
			}
			return false;
		}
		line = *end ? end + 1 : end;
	}
	return false;
}

/* ---- the checks ---- */

static void check_amd(struct ctx *x, struct sev_check *c)
{
	if (strcmp(x->cpu.vendor, "AuthenticAMD") == 0)
		set(c, SEV_CHECK_PASS, "%s", x->cpu.vendor);
	else
		set(c, SEV_CHECK_FAIL, "not an AMD CPU (%s)",
		    x->cpu.vendor[0] ? x->cpu.vendor : "no vendor string");
}

static void check_epyc(struct ctx *x, struct sev_check *c)
{
	const struct sev_cpu *u = &x->cpu;
	char vm[40] = "";

	if (u->hypervisor)
		snprintf(vm, sizeof(vm), ", virtual machine \"%s\"", u->hypervisor_id);
	if (!strstr(u->brand, "EPYC")) {
		set(c, SEV_CHECK_FAIL, "not an EPYC processor (\"%s\")", u->brand);
		return;
	}
	set(c, SEV_CHECK_PASS, "%s (%s, family 0x%02x model 0x%02x stepping %u%s)", u->brand,
	    sev_gen_name(u->gen), u->family, u->model, u->stepping, vm);
}

/* A CPUID capability that the BIOS must also switch on in SYSCFG, where readable. */
static void cpuid_and_syscfg(struct ctx *x, struct sev_check *c, uint32_t eax_bit,
			     unsigned bit, uint64_t syscfg_bit, unsigned syscfg_pos,
			     const char *syscfg_name)
{
	char why[200];

	if (!(x->eax & eax_bit)) {
		bit_clear(x, bit, why, sizeof(why));
		set(c, SEV_CHECK_FAIL, "%s", why);
	} else if (x->syscfg_rc) {
		set(c, SEV_CHECK_PASS, "CPUID 0x8000001F EAX bit %u; SYSCFG not readable (%s), "
		    "BIOS setting not checked", bit, strerr(x->syscfg_rc));
	} else if (!(x->syscfg & syscfg_bit)) {
		set(c, SEV_CHECK_FAIL, "SYSCFG %s (MSR 0xC0010010 bit %u) is clear: the feature "
		    "is not enabled (BIOS setup, or the kernel)", syscfg_name, syscfg_pos);
	} else {
		set(c, SEV_CHECK_PASS, "CPUID 0x8000001F EAX bit %u, SYSCFG %s set", bit,
		    syscfg_name);
	}
}

static void check_sme(struct ctx *x, struct sev_check *c)
{
	cpuid_and_syscfg(x, c, EAX_SME, 0, SYSCFG_MEM_ENC, 23, "MemEncryptionModEn");
}

static void check_sev(struct ctx *x, struct sev_check *c)
{
	char why[200];

	if (x->eax & EAX_SEV) {
		set(c, SEV_CHECK_PASS, "CPUID 0x8000001F EAX bit 1");
		return;
	}
	bit_clear(x, 1, why, sizeof(why));
	set(c, SEV_CHECK_FAIL, "%s", why);
}

/*
 * The kernel drops a feature flag from /proc/cpuinfo when the BIOS left it
 * disabled, so the flag tells what CPUID alone cannot (sevctl#130).
 */
static void kernel_flag(struct ctx *x, struct sev_check *c, const char *flag)
{
	if (x->cpuinfo_rc < 0)
		set(c, SEV_CHECK_SKIP, "%s not readable: %s", SK_PATH_CPUINFO,
		    strerr(x->cpuinfo_rc));
	else if (cpuinfo_has(x, flag))
		set(c, SEV_CHECK_PASS, "\"%s\" in %s", flag, SK_PATH_CPUINFO);
	else
		set(c, SEV_CHECK_FAIL, "the kernel does not list \"%s\" in %s: the BIOS or the "
		    "kernel left it disabled (see 'dmesg | grep -i sev')", flag, SK_PATH_CPUINFO);
}

static void check_sev_enabled(struct ctx *x, struct sev_check *c)
{
	if (!x->syscfg_rc && !(x->syscfg & SYSCFG_MEM_ENC)) {
		set(c, SEV_CHECK_FAIL, "SYSCFG MemEncryptionModEn (MSR 0xC0010010 bit 23) is "
		    "clear: enable memory encryption (SME/SEV) in the BIOS");
		return;
	}
	kernel_flag(x, c, "sev");
	if (c->state == SEV_CHECK_SKIP && !x->syscfg_rc)
		set(c, SEV_CHECK_PASS, "SYSCFG MemEncryptionModEn set");
}

static void feature_missing(struct ctx *x, struct sev_check *c, unsigned bit, const char *name)
{
	char why[200];

	bit_clear(x, bit, why, sizeof(why));
	if (x->want == SEV_WANT_AUTO)
		set(c, SEV_CHECK_FAIL, "%s has %s, but %s", sev_gen_name(x->cpu.gen), name, why);
	else
		set(c, SEV_CHECK_FAIL, "%s was asked for, but %s", name, why);
}

static void check_sev_es(struct ctx *x, struct sev_check *c)
{
	if (x->eax & EAX_SEV_ES)
		set(c, SEV_CHECK_PASS, "CPUID 0x8000001F EAX bit 3");
	else
		feature_missing(x, c, 3, "SEV-ES");
}

/* ASIDs 1 .. min-1 are for SEV-ES and SEV-SNP guests; KVM needs at least one. */
static void check_es_asids(struct ctx *x, struct sev_check *c)
{
	if (x->edx <= 1)
		set(c, SEV_CHECK_FAIL, "none: the minimum SEV-only ASID is %u; reserve ASIDs for "
		    "SEV-ES/SEV-SNP with the BIOS option 'SEV-ES ASID Space Limit'", x->edx);
	else
		set(c, SEV_CHECK_PASS, "%u (ASIDs 1-%u)", x->edx - 1, x->edx - 1);
}

static void check_snp(struct ctx *x, struct sev_check *c)
{
	if (!(x->eax & EAX_SNP)) {
		feature_missing(x, c, 4, "SEV-SNP");
		return;
	}
	cpuid_and_syscfg(x, c, EAX_SNP, 4, SYSCFG_SNP, 24, "SecureNestedPagingEn");
}

static void check_vmpl(struct ctx *x, struct sev_check *c)
{
	cpuid_and_syscfg(x, c, EAX_VMPL, 5, SYSCFG_VMPL, 25, "VMPLEn");
}

static void check_vmpl_count(struct ctx *x, struct sev_check *c)
{
	unsigned n = (x->ebx >> 12) & 0xF;

	set(c, n ? SEV_CHECK_PASS : SEV_CHECK_FAIL, "%u", n);
}

static void check_sev_es_enabled(struct ctx *x, struct sev_check *c)
{
	kernel_flag(x, c, "sev_es");
}

static void check_snp_enabled(struct ctx *x, struct sev_check *c)
{
	kernel_flag(x, c, "sev_snp");
}

static void kvm_param(struct ctx *x, struct sev_check *c, const char *path)
{
	const char *param = strrchr(path, '/') + 1;
	char buf[32];
	size_t n;
	int rc = x->host->ops->read_file(x->host->ctx, path, buf, sizeof(buf));

	if (rc == -ENOENT) {
		set(c, SEV_CHECK_FAIL, "%s does not exist: kvm_amd is not loaded, or too old for "
		    "'%s'", path, param);
		return;
	}
	if (rc < 0) {
		set(c, SEV_CHECK_FAIL, "%s: %s", path, strerr(rc));
		return;
	}
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (strcmp(buf, "1") == 0 || strcmp(buf, "Y") == 0)
		set(c, SEV_CHECK_PASS, "enabled");
	else
		set(c, SEV_CHECK_FAIL, "disabled (%s is \"%s\"): load kvm_amd with %s=1", path,
		    buf, param);
}

static void check_sev_es_kvm(struct ctx *x, struct sev_check *c)
{
	kvm_param(x, c, SK_PATH_KVM_AMD_SEV_ES);
}

static void check_snp_kvm(struct ctx *x, struct sev_check *c)
{
	kvm_param(x, c, SK_PATH_KVM_AMD_SEV_SNP);
}

static void check_sev_kvm(struct ctx *x, struct sev_check *c)
{
	kvm_param(x, c, SK_PATH_KVM_AMD_SEV);
}

static void check_cbit(struct ctx *x, struct sev_check *c)
{
	unsigned pos = x->ebx & 0x3F;

	set(c, pos ? SEV_CHECK_PASS : SEV_CHECK_FAIL, "%u", pos);
}

static void check_phys_reduction(struct ctx *x, struct sev_check *c)
{
	set(c, SEV_CHECK_PASS, "%u", (x->ebx >> 6) & 0x3F);
}

static void check_guests(struct ctx *x, struct sev_check *c)
{
	if (x->ecx)
		set(c, SEV_CHECK_PASS, "%u", x->ecx);
	else
		set(c, SEV_CHECK_FAIL, "0: no ASIDs for encrypted guests");
}

static void check_min_asid(struct ctx *x, struct sev_check *c)
{
	set(c, SEV_CHECK_PASS, "%u", x->edx);
}

static void device(struct ctx *x, struct sev_check *c, int mode)
{
	const char *what = mode == W_OK ? "writable" : "readable";
	int rc = x->host->ops->access(x->host->ctx, SK_PATH_DEV_SEV, mode);

	if (!rc)
		set(c, SEV_CHECK_PASS, "%s %s", SK_PATH_DEV_SEV, what);
	else if (rc == -ENOENT)
		set(c, SEV_CHECK_FAIL, "%s: %s (is the ccp driver loaded?)", SK_PATH_DEV_SEV,
		    strerr(rc));
	else
		set(c, SEV_CHECK_FAIL, "%s not %s: %s", SK_PATH_DEV_SEV, what, strerr(rc));
}

static void check_dev_sev_r(struct ctx *x, struct sev_check *c)
{
	device(x, c, R_OK);
}

static void check_dev_sev_w(struct ctx *x, struct sev_check *c)
{
	device(x, c, W_OK);
}

static void check_page_flush(struct ctx *x, struct sev_check *c)
{
	/* an optimisation the hypervisor uses when present: never a failure */
	set(c, SEV_CHECK_PASS, "%s", x->eax & EAX_PAGE_FLUSH ? "supported" : "not supported");
}

static void check_kvm(struct ctx *x, struct sev_check *c)
{
	int v = x->host->ops->kvm_api_version(x->host->ctx);

	if (v == KVM_API_VERSION_EXPECTED)
		set(c, SEV_CHECK_PASS, "API version: %d", v);
	else if (v >= 0)
		set(c, SEV_CHECK_FAIL, "API version %d, expected %d", v, KVM_API_VERSION_EXPECTED);
	else
		set(c, SEV_CHECK_FAIL, "%s: %s", SK_PATH_DEV_KVM, strerr(v));
}

static void limit_text(uint64_t v, char *out, size_t n)
{
	if (v == UINT64_MAX)
		snprintf(out, n, "unlimited");
	else
		snprintf(out, n, "%llu", (unsigned long long)v);
}

static void check_memlock(struct ctx *x, struct sev_check *c)
{
	uint64_t soft, hard;
	char s[24], h[24];
	int rc = x->host->ops->memlock(x->host->ctx, &soft, &hard);

	if (rc) {
		set(c, SEV_CHECK_FAIL, "cannot read RLIMIT_MEMLOCK: %s", strerr(rc));
		return;
	}
	limit_text(soft, s, sizeof(s));
	limit_text(hard, h, sizeof(h));
	/* KVM pins SEV guest memory against this limit unless QEMU has CAP_IPC_LOCK */
	set(c, SEV_CHECK_PASS, "Soft: %s | Hard: %s", s, h);
}

/* ---- the tree ---- */

struct def {
	const char *id;
	const char *name;
	const char *parent;
	unsigned feature; /* SEV_FEATURE_ES or _SNP for checks of that feature only */
	void (*run)(struct ctx *x, struct sev_check *c);
};

/* Depth-first order: a parent comes before its children. */
static const struct def defs[] = {
	{ "amd_cpu", "AMD CPU", NULL, 0, check_amd },
	{ "epyc", "EPYC processor", "amd_cpu", 0, check_epyc },
	{ "sme", "Secure Memory Encryption (SME)", "amd_cpu", 0, check_sme },
	{ "sev", "Secure Encrypted Virtualization (SEV)", "amd_cpu", 0, check_sev },
	{ "sev_enabled", "SEV enabled by BIOS and kernel", "sev", 0, check_sev_enabled },
	{ "sev_es", "Encrypted State (SEV-ES)", "sev", SEV_FEATURE_ES, check_sev_es },
	{ "sev_es_asids", "ASIDs for SEV-ES and SEV-SNP guests", "sev_es", 0, check_es_asids },
	{ "sev_es_enabled", "SEV-ES enabled by BIOS and kernel", "sev_es", 0,
	  check_sev_es_enabled },
	{ "sev_es_kvm", "SEV-ES enabled in KVM", "sev_es", 0, check_sev_es_kvm },
	{ "snp", "Secure Nested Paging (SEV-SNP)", "sev", SEV_FEATURE_SNP, check_snp },
	{ "vmpl", "VM Permission Levels", "snp", 0, check_vmpl },
	{ "vmpl_count", "Number of VMPLs", "vmpl", 0, check_vmpl_count },
	{ "snp_enabled", "SEV-SNP enabled by BIOS and kernel", "snp", 0, check_snp_enabled },
	{ "snp_kvm", "SEV-SNP enabled in KVM", "snp", 0, check_snp_kvm },
	{ "cbit", "C-bit location", "sev", 0, check_cbit },
	{ "phys_reduction", "Physical address bit reduction", "sev", 0, check_phys_reduction },
	{ "guests", "Number of encrypted guests supported simultaneously", "sev", 0,
	  check_guests },
	{ "min_asid", "Minimum ASID value for SEV-enabled, SEV-ES disabled guest", "sev", 0,
	  check_min_asid },
	{ "sev_kvm", "SEV enabled in KVM", "sev", 0, check_sev_kvm },
	{ "dev_sev_r", "Reading /dev/sev", "sev", 0, check_dev_sev_r },
	{ "dev_sev_w", "Writing /dev/sev", "sev", 0, check_dev_sev_w },
	{ "page_flush", "Page flush MSR", "amd_cpu", 0, check_page_flush },
	{ "kvm", "KVM supported", NULL, 0, check_kvm },
	{ "memlock", "Memlock resource limit", NULL, 0, check_memlock },
};

_Static_assert(SK_ARRAY_SIZE(defs) <= SEV_HOST_CHECKS_MAX, "report too small");

/*
 * Features to check: what was asked for; by default SEV, plus what the CPU
 * reports, plus what its generation is known to have (so that a missing bit
 * on such a CPU is a failure to report, not a silent skip).
 */
static unsigned wanted(const struct ctx *x)
{
	unsigned f = SEV_FEATURE_SEV;

	switch (x->want) {
	case SEV_WANT_SNP: return f | SEV_FEATURE_ES | SEV_FEATURE_SNP;
	case SEV_WANT_ES: return f | SEV_FEATURE_ES;
	case SEV_WANT_SEV: return f;
	case SEV_WANT_AUTO: break;
	}
	if ((x->eax & EAX_SEV_ES) || x->cpu.gen >= SEV_GEN_ROME)
		f |= SEV_FEATURE_ES;
	if ((x->eax & EAX_SNP) || x->cpu.gen >= SEV_GEN_MILAN)
		f |= SEV_FEATURE_SNP;
	return f;
}

static void not_wanted(const struct ctx *x, const struct def *d, struct sev_check *c)
{
	if (x->want != SEV_WANT_AUTO)
		set(c, SEV_CHECK_SKIP, "not asked for");
	else if (x->cpu.gen != SEV_GEN_UNKNOWN)
		set(c, SEV_CHECK_SKIP, "%s does not have it (CPUID 0x8000001F EAX bit %u is clear)",
		    sev_gen_name(x->cpu.gen), d->feature == SEV_FEATURE_SNP ? 4u : 3u);
	else
		set(c, SEV_CHECK_SKIP, "this CPU does not report it (CPUID 0x8000001F EAX bit %u "
		    "is clear)", d->feature == SEV_FEATURE_SNP ? 4u : 3u);
}

static int index_of(const char *id)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(defs); i++)
		if (strcmp(defs[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int load(struct ctx *x)
{
	const struct sk_host_ops *ops = x->host->ops;
	uint32_t r[4];
	int rc = sev_host_cpu(x->host, &x->cpu);

	if (rc)
		return rc;
	ops->cpuid(x->host->ctx, 0x80000000, 0, r);
	x->max_ext = r[0];
	x->have_leaf = strcmp(x->cpu.vendor, "AuthenticAMD") == 0 && x->max_ext >= LEAF_MEM_ENC;
	if (x->have_leaf) {
		ops->cpuid(x->host->ctx, LEAF_MEM_ENC, 0, r);
		x->eax = r[0];
		x->ebx = r[1];
		x->ecx = r[2];
		x->edx = r[3];
	}
	x->syscfg_rc = ops->rdmsr(x->host->ctx, 0, SK_MSR_SYSCFG, &x->syscfg);
	x->cpuinfo = malloc(SK_HOST_FILE_MAX);
	if (!x->cpuinfo)
		return -ENOMEM;
	x->cpuinfo_rc = ops->read_file(x->host->ctx, SK_PATH_CPUINFO, x->cpuinfo,
				       SK_HOST_FILE_MAX);
	if (x->cpuinfo_rc < 0)
		x->cpuinfo[0] = '\0';
	return 0;
}

static int do_host_check(struct sev_host *host, enum sev_want want, struct sev_host_report *report)
{
	struct ctx x = { .host = host, .want = want };
	int rc = load(&x);

	memset(report, 0, sizeof(*report));
	if (rc) {
		free(x.cpuinfo);
		return rc;
	}
	x.features = wanted(&x);
	report->cpu = x.cpu;
	report->features = x.features;
	for (size_t i = 0; i < SK_ARRAY_SIZE(defs); i++) {
		const struct def *d = &defs[i];
		struct sev_check *c = &report->check[i];
		const struct sev_check *up;

		c->id = d->id;
		c->name = d->name;
		c->parent = d->parent ? index_of(d->parent) : -1;
		c->depth = c->parent < 0 ? 0 : report->check[c->parent].depth + 1;
		up = c->parent >= 0 ? &report->check[c->parent] : NULL;

		if (up && up->state != SEV_CHECK_PASS)
			set(c, SEV_CHECK_SKIP, "%s: %s", up->name,
			    up->state == SEV_CHECK_FAIL ? "failed" : "skipped");
		else if (d->feature && !(x.features & d->feature))
			not_wanted(&x, d, c);
		else
			d->run(&x, c);
		report->n = i + 1;
	}
	free(x.cpuinfo);
	return 0;
}

int sev_host_check(struct sev_host *host, enum sev_want want, struct sev_host_report *report)
{
	struct sev_host_report report_mine = SEV_INIT(struct sev_host_report);
	int rc;

	if ((rc = sk_struct_check_out(report, sizeof(report_mine), "sev_host_report")))
		return rc;
	rc = do_host_check(host, want, &report_mine);
	sk_struct_out(report, &report_mine, sizeof(report_mine));
	return rc;
}

/*
 * The caller's report is read in place (the pointers returned point into it): its size must
 * hold the checks, as every sev_host_report does that sev_host_check() filled.
 */
static bool holds_checks(const struct sev_host_report *report)
{
	return report->size >= offsetof(struct sev_host_report, check) + sizeof(report->check);
}

const struct sev_check *sev_host_report_find(const struct sev_host_report *report,
					      const char *id)
{
	for (size_t i = 0; holds_checks(report) && i < report->n; i++)
		if (strcmp(report->check[i].id, id) == 0)
			return &report->check[i];
	return NULL;
}

/*
 * The failure that explains most: the outermost failed check on the way to
 * SEV itself (not an AMD CPU, no SEV in CPUID), else the first one.
 */
const struct sev_check *sev_host_report_failure(const struct sev_host_report *report)
{
	const struct sev_check *found = NULL;
	const struct sev_check *c = sev_host_report_find(report, "sev");

	for (; c; c = c->parent >= 0 ? &report->check[c->parent] : NULL)
		if (c->state == SEV_CHECK_FAIL)
			found = c;
	for (size_t i = 0; !found && holds_checks(report) && i < report->n; i++)
		if (report->check[i].state == SEV_CHECK_FAIL)
			found = &report->check[i];
	return found;
}

const char *sev_check_state_name(enum sev_check_state state)
{
	switch (state) {
	case SEV_CHECK_PASS: return "PASS";
	case SEV_CHECK_FAIL: return "FAIL";
	case SEV_CHECK_SKIP: return "SKIP";
	}
	return "?";
}
