/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The readiness checks on every recording of tests/vectors/host, for every
 * choice of features. The expected outcome of each check is derived here from
 * the recorded values and the documented meaning of the bits (AMD APM vol. 2
 * and 3: CPUID Fn8000_001F, MSR C001_0010 SYSCFG; Linux: kvm_amd parameters,
 * /proc/cpuinfo flags), not from sevkit's output.
 */
#include "../test.h"

#include <errno.h>
#include <unistd.h>

#include <jansson.h>
#include <sevkit/host.h>

#include "host/host-internal.h"
#include "util/bytes.h"

static const char *const recordings[] = {
	"milan-epyc-7763.json",   "milan-epyc-7713-asids.json", "rome-epyc-7742.json",
	"naples-epyc-7551p.json", "intel-xeon-8570.json",       "this-machine-kvm-guest.json",
};

/* The tree: each check and its parent. */
static const struct {
	const char *id, *parent;
} tree[] = {
	{ "amd_cpu", NULL },	     { "epyc", "amd_cpu" },	   { "sme", "amd_cpu" },
	{ "sev", "amd_cpu" },	     { "sev_enabled", "sev" },	   { "sev_es", "sev" },
	{ "sev_es_asids", "sev_es" }, { "sev_es_enabled", "sev_es" }, { "sev_es_kvm", "sev_es" },
	{ "snp", "sev" },	     { "vmpl", "snp" },		   { "vmpl_count", "vmpl" },
	{ "snp_enabled", "snp" },    { "snp_kvm", "snp" },	   { "cbit", "sev" },
	{ "phys_reduction", "sev" }, { "guests", "sev" },	   { "min_asid", "sev" },
	{ "sev_kvm", "sev" },	     { "dev_sev_r", "sev" },	   { "dev_sev_w", "sev" },
	{ "page_flush", "amd_cpu" }, { "kvm", NULL },		   { "memlock", NULL },
};

/* What a recording says, read straight from its JSON. */
struct facts {
	char vendor[13];
	char brand[49];
	uint32_t family, model;
	uint32_t max_ext, eax, ebx, ecx, edx;
	bool syscfg_ok;
	uint64_t syscfg;
	const char *cpuinfo; /* NULL when unreadable */
	const char *param[3]; /* sev, sev_es, sev_snp; NULL when absent */
	bool dev_r, dev_w;
	json_int_t kvm;
	bool memlock;
};

static uint32_t hexv(const json_t *v)
{
	return (uint32_t)strtoul(json_string_value(v), NULL, 0);
}

static bool leaf(const json_t *doc, uint32_t l, uint32_t r[4])
{
	size_t i;
	json_t *e;

	memset(r, 0, 4 * sizeof(*r));
	json_array_foreach(json_object_get(doc, "cpuid"), i, e) {
		if (hexv(json_object_get(e, "leaf")) != l)
			continue;
		r[0] = hexv(json_object_get(e, "eax"));
		r[1] = hexv(json_object_get(e, "ebx"));
		r[2] = hexv(json_object_get(e, "ecx"));
		r[3] = hexv(json_object_get(e, "edx"));
		return true;
	}
	return false;
}

static void regs_text(char *out, const uint32_t *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t b = 0; b < 4; b++)
			out[4 * i + b] = (char)(r[i] >> (8 * b));
}

static const char *file(const json_t *doc, const char *path)
{
	return json_string_value(json_object_get(json_object_get(doc, "files"), path));
}

static void get_facts(const json_t *doc, struct facts *f)
{
	uint32_t r[4], b[12];
	const json_t *msr = json_array_get(json_object_get(doc, "msr"), 0);
	const json_t *dev = json_object_get(json_object_get(doc, "devices"), "/dev/sev");
	const json_t *kvm = json_object_get(doc, "kvm_api_version");

	memset(f, 0, sizeof(*f));
	leaf(doc, 0, r);
	uint32_t v[3] = { r[1], r[3], r[2] };
	regs_text(f->vendor, v, 3);
	leaf(doc, 1, r);
	/* APM: family = base + extended when base is 0xF; model = base | extended << 4 then */
	f->family = (r[0] >> 8) & 0xF;
	f->model = (r[0] >> 4) & 0xF;
	if (f->family == 0xF) {
		f->family += (r[0] >> 20) & 0xFF;
		f->model |= ((r[0] >> 16) & 0xF) << 4;
	}
	leaf(doc, 0x80000000, r);
	f->max_ext = r[0];
	for (uint32_t i = 0; i < 3; i++)
		leaf(doc, 0x80000002 + i, b + 4 * i);
	regs_text(f->brand, b, 12);
	if (strcmp(f->vendor, "AuthenticAMD") == 0 && f->max_ext >= 0x8000001F) {
		leaf(doc, 0x8000001F, r);
		f->eax = r[0];
		f->ebx = r[1];
		f->ecx = r[2];
		f->edx = r[3];
	}
	f->syscfg_ok = msr && json_object_get(msr, "value");
	if (f->syscfg_ok)
		f->syscfg = strtoull(json_string_value(json_object_get(msr, "value")), NULL, 0);
	f->cpuinfo = file(doc, "/proc/cpuinfo");
	f->param[0] = file(doc, "/sys/module/kvm_amd/parameters/sev");
	f->param[1] = file(doc, "/sys/module/kvm_amd/parameters/sev_es");
	f->param[2] = file(doc, "/sys/module/kvm_amd/parameters/sev_snp");
	f->dev_r = dev && !strcmp(json_string_value(json_object_get(dev, "read")), "ok");
	f->dev_w = dev && !strcmp(json_string_value(json_object_get(dev, "write")), "ok");
	f->kvm = json_is_integer(kvm) ? json_integer_value(kvm) : -1;
	f->memlock = json_is_object(json_object_get(doc, "memlock"));
}

static bool bit(uint64_t v, unsigned n)
{
	return (v >> n) & 1;
}

static bool has_flag(const char *cpuinfo, const char *flag)
{
	const char *line = strstr(cpuinfo, "\nflags");
	char pat[32];

	if (!line)
		return false;
	snprintf(pat, sizeof(pat), " %s", flag);
	for (const char *p = strstr(line, pat); p && p < strchr(line + 1, '\n');
	     p = strstr(p + 1, pat))
		if (p[strlen(pat)] == ' ' || p[strlen(pat)] == '\n')
			return true;
	return false;
}

static enum sev_check_state ok(bool pass)
{
	return pass ? SEV_CHECK_PASS : SEV_CHECK_FAIL;
}

static enum sev_check_state param(const char *v)
{
	return ok(v && (!strcmp(v, "1\n") || !strcmp(v, "Y\n")));
}

static enum sev_check_state flag(const struct facts *f, const char *name)
{
	return f->cpuinfo ? ok(has_flag(f->cpuinfo, name)) : SEV_CHECK_SKIP;
}

/* A capability bit, with its SYSCFG enable bit when SYSCFG was readable. */
static enum sev_check_state cap(const struct facts *f, unsigned cpuid_bit, unsigned syscfg_bit)
{
	return ok(bit(f->eax, cpuid_bit) && (!f->syscfg_ok || bit(f->syscfg, syscfg_bit)));
}

static enum sev_check_state run(const struct facts *f, enum sev_want w, const char *id)
{
	enum sev_gen gen = strcmp(f->vendor, "AuthenticAMD") ? SEV_GEN_UNKNOWN :
			   sev_gen_from_cpu(f->family, f->model);
	bool es = w >= SEV_WANT_ES ||
		  (w == SEV_WANT_AUTO && (bit(f->eax, 3) || gen >= SEV_GEN_ROME));
	bool snp = w == SEV_WANT_SNP ||
		   (w == SEV_WANT_AUTO && (bit(f->eax, 4) || gen >= SEV_GEN_MILAN));

	if (!strcmp(id, "amd_cpu"))
		return ok(!strcmp(f->vendor, "AuthenticAMD"));
	if (!strcmp(id, "epyc"))
		return ok(strstr(f->brand, "EPYC") != NULL);
	if (!strcmp(id, "sme"))
		return cap(f, 0, 23);
	if (!strcmp(id, "sev"))
		return ok(bit(f->eax, 1));
	if (!strcmp(id, "sev_enabled")) {
		if (f->syscfg_ok && !bit(f->syscfg, 23))
			return SEV_CHECK_FAIL;
		if (f->cpuinfo)
			return flag(f, "sev");
		return f->syscfg_ok ? SEV_CHECK_PASS : SEV_CHECK_SKIP;
	}
	if (!strcmp(id, "sev_es"))
		return es ? ok(bit(f->eax, 3)) : SEV_CHECK_SKIP;
	if (!strcmp(id, "sev_es_asids")) /* ASIDs 1 .. EDX-1 */
		return ok(f->edx > 1);
	if (!strcmp(id, "sev_es_enabled"))
		return flag(f, "sev_es");
	if (!strcmp(id, "sev_es_kvm"))
		return param(f->param[1]);
	if (!strcmp(id, "snp"))
		return snp ? cap(f, 4, 24) : SEV_CHECK_SKIP;
	if (!strcmp(id, "vmpl"))
		return cap(f, 5, 25);
	if (!strcmp(id, "vmpl_count")) /* EBX[15:12] */
		return ok(((f->ebx >> 12) & 0xF) != 0);
	if (!strcmp(id, "snp_enabled"))
		return flag(f, "sev_snp");
	if (!strcmp(id, "snp_kvm"))
		return param(f->param[2]);
	if (!strcmp(id, "cbit")) /* EBX[5:0] */
		return ok((f->ebx & 0x3F) != 0);
	if (!strcmp(id, "guests")) /* ECX */
		return ok(f->ecx != 0);
	if (!strcmp(id, "sev_kvm"))
		return param(f->param[0]);
	if (!strcmp(id, "dev_sev_r"))
		return ok(f->dev_r);
	if (!strcmp(id, "dev_sev_w"))
		return ok(f->dev_w);
	if (!strcmp(id, "kvm"))
		return ok(f->kvm == 12);
	if (!strcmp(id, "memlock"))
		return ok(f->memlock);
	return SEV_CHECK_PASS; /* phys_reduction, min_asid, page_flush: information */
}

static void check_report(const struct facts *f, enum sev_want w, const struct sev_host_report *rep)
{
	enum sev_check_state want[SK_ARRAY_SIZE(tree)];

	assert_int_equal(rep->n, SK_ARRAY_SIZE(tree));
	for (size_t i = 0; i < SK_ARRAY_SIZE(tree); i++) {
		const struct sev_check *c = &rep->check[i];
		size_t p = 0;

		assert_string_equal(c->id, tree[i].id);
		want[i] = SEV_CHECK_PASS;
		if (tree[i].parent) {
			while (strcmp(tree[p].id, tree[i].parent))
				p++;
			assert_int_equal(c->parent, (int)p);
			if (want[p] != SEV_CHECK_PASS)
				want[i] = SEV_CHECK_SKIP;
		} else {
			assert_int_equal(c->parent, -1);
		}
		if (want[i] == SEV_CHECK_PASS)
			want[i] = run(f, w, c->id);
		if (c->state != want[i])
			fail_msg("%s (want %d): %s is %s, expected %s: %s", f->brand, w, c->id,
				 sev_check_state_name(c->state), sev_check_state_name(want[i]),
				 c->msg);
	}
}

static json_t *load_json(const char *name)
{
	size_t len;
	char rel[256];
	uint8_t *buf;
	json_t *doc;

	snprintf(rel, sizeof(rel), "host/%s", name);
	buf = test_vector(rel, &len);
	doc = json_loadb((const char *)buf, len, 0, NULL);
	free(buf);
	assert_non_null(doc);
	return doc;
}

static void report_of(const json_t *doc, enum sev_want w, struct sev_host_report *rep)
{
	char *text = json_dumps(doc, 0);
	struct sev_host *h;

	assert_non_null(text);
	assert_int_equal(sev_host_open_recording_mem((uint8_t *)text, strlen(text), &h), 0);
	free(text);
	assert_int_equal(sev_host_check(h, w, rep), 0);
	sev_host_free(h);
}

static void check_doc(const json_t *doc)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };
	struct facts f;

	get_facts(doc, &f);
	for (int w = SEV_WANT_AUTO; w <= SEV_WANT_SNP; w++) {
		report_of(doc, (enum sev_want)w, &rep);
		check_report(&f, (enum sev_want)w, &rep);
	}
}

static void every_recording_every_feature_set(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(recordings); i++) {
		json_t *doc = load_json(recordings[i]);

		check_doc(doc);
		json_decref(doc);
	}
}

static const struct sev_check *find(const struct sev_host_report *rep, const char *id)
{
	const struct sev_check *c = sev_host_report_find(rep, id);

	assert_non_null(c);
	return c;
}

static void assert_check(const struct sev_host_report *rep, const char *id,
			 enum sev_check_state st, const char *msg_part)
{
	const struct sev_check *c = find(rep, id);

	if (c->state != st || !strstr(c->msg, msg_part))
		fail_msg("%s: %s \"%s\", expected %s with \"%s\"", id,
			 sev_check_state_name(c->state), c->msg, sev_check_state_name(st),
			 msg_part);
}

static void run_file(const char *name, enum sev_want w, struct sev_host_report *rep)
{
	json_t *doc = load_json(name);

	report_of(doc, w, rep);
	json_decref(doc);
}

/* sevctl#93: a Rome host is not failed for SEV-SNP it cannot have. */
static void rome_skips_snp_unless_asked(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };

	(void)state;
	run_file("rome-epyc-7742.json", SEV_WANT_AUTO, &rep);
	assert_check(&rep, "snp", SEV_CHECK_SKIP, "Rome does not have it");
	assert_check(&rep, "sev_es", SEV_CHECK_PASS, "bit 3");
	assert_check(&rep, "cbit", SEV_CHECK_PASS, "47");         /* 0x16F & 0x3F */
	assert_check(&rep, "phys_reduction", SEV_CHECK_PASS, "5"); /* (0x16F >> 6) & 0x3F */
	assert_check(&rep, "guests", SEV_CHECK_PASS, "509");      /* ECX 0x1FD */
	assert_check(&rep, "sev_es_asids", SEV_CHECK_FAIL, "SEV-ES ASID Space Limit");
	assert_int_equal(rep.features, SEV_FEATURE_SEV | SEV_FEATURE_ES);
	run_file("rome-epyc-7742.json", SEV_WANT_SNP, &rep);
	assert_check(&rep, "snp", SEV_CHECK_FAIL, "SEV-SNP was asked for");
	run_file("rome-epyc-7742.json", SEV_WANT_SEV, &rep);
	assert_null(sev_host_report_failure(&rep));
	assert_check(&rep, "sev_es", SEV_CHECK_SKIP, "not asked for");
}

/* sevctl#203: family 0x17 model 0x01 with the SEV-ES bit gets SEV-ES checked. */
static void naples_es_from_cpuid_bit(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };

	(void)state;
	run_file("naples-epyc-7551p.json", SEV_WANT_AUTO, &rep);
	assert_check(&rep, "sev_es", SEV_CHECK_PASS, "bit 3");
	assert_check(&rep, "snp", SEV_CHECK_SKIP, "Naples does not have it");
	assert_check(&rep, "guests", SEV_CHECK_PASS, "15");
	assert_int_equal(rep.features, SEV_FEATURE_SEV | SEV_FEATURE_ES);
}

static void milan_ready_and_values(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };

	(void)state;
	run_file("milan-epyc-7713-asids.json", SEV_WANT_AUTO, &rep);
	assert_null(sev_host_report_failure(&rep));
	assert_check(&rep, "cbit", SEV_CHECK_PASS, "51");         /* 0x4173 & 0x3F */
	assert_check(&rep, "vmpl_count", SEV_CHECK_PASS, "4");    /* (0x4173 >> 12) & 0xF */
	assert_check(&rep, "sev_es_asids", SEV_CHECK_PASS, "127"); /* EDX 0x80 - 1 */
	assert_check(&rep, "min_asid", SEV_CHECK_PASS, "128");
	assert_check(&rep, "snp", SEV_CHECK_PASS, "SecureNestedPagingEn set");
	assert_check(&rep, "epyc", SEV_CHECK_PASS, "Milan, family 0x19 model 0x01 stepping 1");
	assert_int_equal(rep.features, SEV_FEATURE_SEV | SEV_FEATURE_ES | SEV_FEATURE_SNP);
	run_file("milan-epyc-7763.json", SEV_WANT_AUTO, &rep);
	assert_string_equal(sev_host_report_failure(&rep)->id, "sev_es_asids");
}

static void intel_says_why(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };
	const struct sev_check *fail;

	(void)state;
	run_file("intel-xeon-8570.json", SEV_WANT_AUTO, &rep);
	fail = sev_host_report_failure(&rep);
	assert_non_null(fail);
	assert_string_equal(fail->id, "amd_cpu");
	assert_string_equal(fail->msg, "not an AMD CPU (GenuineIntel)");
	assert_check(&rep, "sev", SEV_CHECK_SKIP, "AMD CPU: failed");
	assert_check(&rep, "kvm", SEV_CHECK_PASS, "API version: 12");
}

static void virtual_machine_says_why(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };
	const struct sev_check *fail;

	(void)state;
	run_file("this-machine-kvm-guest.json", SEV_WANT_AUTO, &rep);
	fail = sev_host_report_failure(&rep);
	assert_non_null(fail);
	assert_string_equal(fail->id, "sev");
	assert_non_null(strstr(fail->msg, "bit 1 is clear"));
	assert_non_null(strstr(fail->msg, "virtual machine (hypervisor \"KVMKVMKVM\")"));
}

/* Set a value in a recording, then run the checks on it. */
static void variant(const char *name, void (*edit)(json_t *doc), enum sev_want w,
		    struct sev_host_report *rep)
{
	json_t *doc = load_json(name);
	struct facts f;

	edit(doc);
	get_facts(doc, &f);
	report_of(doc, w, rep);
	check_report(&f, w, rep);
	json_decref(doc);
}

static void set_file(json_t *doc, const char *path, const char *text)
{
	json_object_set_new(json_object_get(doc, "files"), path, json_string(text));
}

static void bios_off(json_t *doc)
{
	json_t *msr = json_array_get(json_object_get(doc, "msr"), 0);

	json_object_set_new(msr, "value", json_string("0x0000000000740000")); /* bit 23 clear */
}

static void kernel_flags_off(json_t *doc)
{
	set_file(doc, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sme svm\n\n");
	set_file(doc, "/sys/module/kvm_amd/parameters/sev_es", "N\n");
}

static void no_msr_access(json_t *doc)
{
	json_t *msr = json_array_get(json_object_get(doc, "msr"), 0);

	json_object_del(msr, "value");
	json_object_set_new(msr, "error", json_string("EACCES"));
	json_object_set_new(json_object_get(doc, "files"), "/proc/cpuinfo",
			    json_pack("{s:s}", "error", "EACCES"));
}

static void snp_bit_masked(json_t *doc)
{
	json_t *e = json_array_get(json_object_get(doc, "cpuid"), 7);

	assert_int_equal(hexv(json_object_get(e, "leaf")), 0x8000001F);
	json_object_set_new(e, "eax", json_string("0x0101fd2f")); /* bit 4 clear */
}

/* sevctl#130: CPUID says yes while the BIOS or the kernel left it off. */
static void bios_and_kernel_state_count(void **state)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };

	(void)state;
	variant("milan-epyc-7713-asids.json", bios_off, SEV_WANT_AUTO, &rep);
	assert_check(&rep, "sme", SEV_CHECK_FAIL, "MemEncryptionModEn (MSR 0xC0010010 bit 23)");
	assert_check(&rep, "sev_enabled", SEV_CHECK_FAIL, "enable memory encryption");
	variant("milan-epyc-7713-asids.json", kernel_flags_off, SEV_WANT_AUTO, &rep);
	assert_check(&rep, "sev_enabled", SEV_CHECK_FAIL, "\"sev\"");
	assert_check(&rep, "snp_enabled", SEV_CHECK_FAIL, "\"sev_snp\"");
	assert_check(&rep, "sev_es_kvm", SEV_CHECK_FAIL, "load kvm_amd with sev_es=1");
	variant("milan-epyc-7713-asids.json", no_msr_access, SEV_WANT_AUTO, &rep);
	assert_check(&rep, "sme", SEV_CHECK_PASS, "SYSCFG not readable (Permission denied)");
	assert_check(&rep, "sev_enabled", SEV_CHECK_SKIP, "not readable");
	variant("milan-epyc-7713-asids.json", snp_bit_masked, SEV_WANT_AUTO, &rep);
	assert_check(&rep, "snp", SEV_CHECK_FAIL, "Milan has SEV-SNP, but CPUID 0x8000001F EAX "
		     "bit 4 is clear");
}

/* ---- the checks read nothing a recording does not hold ---- */

static struct sev_host *inner;

static bool listed(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static int w_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	size_t i = 0;

	(void)ctx;
	while (i < sk_host_cpuid_leaves_n && sk_host_cpuid_leaves[i] != leaf)
		i++;
	if (i == sk_host_cpuid_leaves_n || sub != 0)
		fail_msg("CPUID 0x%08x.%u is read but not recorded", leaf, sub);
	return inner->ops->cpuid(inner->ctx, leaf, sub, r);
}

static int w_rdmsr(void *ctx, unsigned cpu, uint32_t msr, uint64_t *v)
{
	(void)ctx;
	if (cpu != 0 || msr != SK_MSR_SYSCFG)
		fail_msg("MSR 0x%x is read but not recorded", msr);
	return inner->ops->rdmsr(inner->ctx, cpu, msr, v);
}

static int w_read_file(void *ctx, const char *path, char *buf, size_t size)
{
	(void)ctx;
	if (!listed(sk_host_files, sk_host_files_n, path))
		fail_msg("%s is read but not recorded", path);
	return inner->ops->read_file(inner->ctx, path, buf, size);
}

static int w_access(void *ctx, const char *path, int mode)
{
	(void)ctx;
	if (!listed(sk_host_devices, sk_host_devices_n, path))
		fail_msg("%s is opened but not recorded", path);
	return inner->ops->access(inner->ctx, path, mode);
}

static int w_kvm(void *ctx)
{
	(void)ctx;
	return inner->ops->kvm_api_version(inner->ctx);
}

static int w_memlock(void *ctx, uint64_t *s, uint64_t *h)
{
	(void)ctx;
	return inner->ops->memlock(inner->ctx, s, h);
}

static void w_free(void *ctx)
{
	(void)ctx;
}

static void checks_read_only_what_is_recorded(void **state)
{
	static const struct sk_host_ops ops = { w_cpuid, w_rdmsr, w_read_file, w_access,
						w_kvm, w_memlock, w_free };
	static struct sev_host_report rep = { .size = sizeof(rep) };
	struct sev_host *h;
	char path[512];

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(recordings); i++) {
		snprintf(path, sizeof(path), "%s/host/%s", VECTORS, recordings[i]);
		assert_int_equal(sev_host_open_recording(path, &inner), 0);
		assert_int_equal(sk_host_new(&ops, NULL, &h), 0);
		for (int w = SEV_WANT_AUTO; w <= SEV_WANT_SNP; w++)
			assert_int_equal(sev_host_check(h, (enum sev_want)w, &rep), 0);
		sev_host_free(h);
		sev_host_free(inner);
	}
}

static void state_names(void **state)
{
	(void)state;
	assert_string_equal(sev_check_state_name(SEV_CHECK_PASS), "PASS");
	assert_string_equal(sev_check_state_name(SEV_CHECK_FAIL), "FAIL");
	assert_string_equal(sev_check_state_name(SEV_CHECK_SKIP), "SKIP");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_recording_every_feature_set),
		cmocka_unit_test(rome_skips_snp_unless_asked),
		cmocka_unit_test(naples_es_from_cpuid_bit),
		cmocka_unit_test(milan_ready_and_values),
		cmocka_unit_test(intel_says_why),
		cmocka_unit_test(virtual_machine_says_why),
		cmocka_unit_test(bios_and_kernel_state_count),
		cmocka_unit_test(checks_read_only_what_is_recorded),
		cmocka_unit_test(state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
