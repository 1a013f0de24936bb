/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every test case of sev-snp-measure's test_guest.py (snp/MANIFEST.md 1a,
 * T1-T24; T23/T24 were measured on real hardware), the page-by-page trace of
 * a launch with a kernel (1c), and the VMSAs its --dump-vmsa writes.
 */
#include "../test.h"

#include <errno.h>

#include <sevkit/measure.h>

#include "crypto/hash.h"
#include "ovmf/guids.h"
#include "util/bytes.h"

#define DIR "snp/sev-snp-measure/"
#define AMDSEV DIR "ovmf_AmdSev_suffix.bin"
#define OVMFX64 DIR "ovmf_OvmfX64_suffix.bin"
#define SVSM_OVMF DIR "svsm_ovmf.fd"
#define SVSM DIR "svsm.bin"
#define EPYC_V4 0x800f12
#define OVMF_HASH "086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa" \
		  "16aff8c374c2a55c467a50da6d466b74"

enum t_mode { T_SNP, T_OVMF_HASH, T_SVSM, T_SEVES, T_SEV };

struct t_case {
	const char *id;
	enum t_mode mode;
	const char *ovmf;
	bool kernel, initrd;    /* empty files, as /dev/null */
	const char *append;
	uint32_t vcpus;
	enum sev_vmm_type vmm;
	uint64_t features;
	bool seed;              /* --snp-ovmf-hash OVMF_HASH */
	int rc;
	const char *expect;
};

static const struct t_case cases[] = {
	{ "T1", T_OVMF_HASH, AMDSEV, false, false, NULL, 0, SEV_VMM_QEMU, 0, false, 0,
	  OVMF_HASH },
	{ "T2", T_SNP, AMDSEV, true, true, "", 1, SEV_VMM_QEMU, 0x21, true, 0,
	  "329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae15d22efc78fb9683"
	  "632b9b50e4e1d7fa41179ef98a7ef198" },
	{ "T3", T_SNP, AMDSEV, true, true, "", 1, SEV_VMM_QEMU, 0x1, true, 0,
	  "ddc5224521617a536ee7ce9dd6224d1b58a8d4fda1c741f3ac99fc4bfa04ba6e"
	  "9fc98646d4a07a9079397fa3852819b5" },
	{ "T4", T_SNP, AMDSEV, true, true, "console=ttyS0 loglevel=7", 1, SEV_VMM_QEMU, 0x21,
	  false, 0, "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb28c653360fe4b3aba"
	  "7e534442e7e1e17895dfe778d0228977" },
	{ "T4 seeded", T_SNP, AMDSEV, true, true, "console=ttyS0 loglevel=7", 1, SEV_VMM_QEMU,
	  0x21, true, 0, "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb28c653360fe4b3aba"
	  "7e534442e7e1e17895dfe778d0228977" },
	{ "T5", T_SNP, AMDSEV, true, true, "console=ttyS0 loglevel=7", 1, SEV_VMM_QEMU, 0x1,
	  false, 0, "6d287813eb5222d770f75005c664e34c204f385ce832cc2ce7d0d6f354454362"
	  "f390ef83a92046c042e706363b4b08fa" },
	{ "T6", T_SNP, AMDSEV, true, true, NULL, 1, SEV_VMM_EC2, 0x21, false, 0,
	  "0ce9ccc06bab55eebe8abc234f3df6514883977a68a591b71052498ab52b2f1a"
	  "a415db338033946ef93aa8278c0d67fb" },
	{ "T7", T_SNP, AMDSEV, true, true, NULL, 1, SEV_VMM_EC2, 0x1, false, 0,
	  "0883bd0eeb716e65b7b977a321c278d1e51b33b5c655fab985443bbcc65c086b"
	  "9c15e8a0bd8811050dec7e24964e5056" },
	{ "T8", T_SNP, AMDSEV, true, true, NULL, 1, SEV_VMM_GCE, 0x1, false, 0,
	  "5da7106cf14cf46b1725ebab123eb9e53bd46a1e9f400cd0c08e7827b04b688e"
	  "a8b4e403c8404efed4397ea5d5d0722e" },
	{ "T9", T_SNP, AMDSEV, true, true, NULL, 4, SEV_VMM_GCE, 0x1, false, 0,
	  "5c5debf100fc339f90276e761ee1f1658d08922c3b20e2a2e6c7a6c3370b2452"
	  "a15a00eae11886a93d6fd1e7ab81e29d" },
	{ "T10", T_SNP, AMDSEV, false, false, NULL, 1, SEV_VMM_QEMU, 0x21, false, 0,
	  "e1e1ca029dd7973ab9513295be68198472dcd4fc834bd9af9b63f6e8a1674dbf"
	  "281a9278a4a2ebe0eed9f22adbcd0e2b" },
	{ "T11", T_SNP, AMDSEV, false, false, NULL, 1, SEV_VMM_QEMU, 0x1, false, 0,
	  "19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ec"
	  "abe033c48dd6f6db5d6d76e7c5df632d" },
	{ "T12", T_SNP, AMDSEV, true, true, NULL, 4, SEV_VMM_QEMU, 0x21, false, 0,
	  "4953b1fb416fa874980e8442b3706d345926d5f38879134e00813c5d7abcbe78"
	  "eafe7b422907be0b4698e2414a631942" },
	{ "T13", T_SNP, AMDSEV, true, true, NULL, 4, SEV_VMM_QEMU, 0x1, false, 0,
	  "5061fffb019493a903613d56d54b94912a1a2f9e4502385f5c194616753720a9"
	  "2441310ba6c4933de877c36e23046ad5" },
	{ "T14", T_SNP, OVMFX64, false, false, NULL, 1, SEV_VMM_QEMU, 0x21, false, 0,
	  "28797ae0afaba4005a81e629acebfb59e6687949d6be44007cd5506823b0dd66"
	  "f146aaae26ff291eed7b493d8a64c385" },
	{ "T15", T_SNP, OVMFX64, false, false, NULL, 1, SEV_VMM_QEMU, 0x1, false, 0,
	  "da0296de8193586a5512078dcd719eccecbd87e2b825ad4148c44f665dc87df2"
	  "1e5b49e21523a9ad993afdb6a30b4005" },
	{ "T16", T_SNP, OVMFX64, true, false, NULL, 1, SEV_VMM_QEMU, 0x1, false,
	  SEV_E_UNSUPPORTED, NULL },
	{ "T17", T_SEVES, AMDSEV, true, true, NULL, 1, SEV_VMM_QEMU, 0x21, false, 0,
	  "13810ae661ea11e2bb205621f582fee268f0367c8f97bc297b7fadef3e12002c" },
	{ "T18", T_SEVES, AMDSEV, true, true, NULL, 4, SEV_VMM_QEMU, 0x21, false, 0,
	  "0dccbcaba8e90b261bd0d2e1863a2f9da714768b7b2a19363cd6ae35aa90de91" },
	{ "T19", T_SEVES, OVMFX64, true, false, NULL, 1, SEV_VMM_QEMU, 0, false,
	  SEV_E_UNSUPPORTED, NULL },
	{ "T20", T_SEV, AMDSEV, true, true, "console=ttyS0 loglevel=7", 0, SEV_VMM_QEMU, 0,
	  false, 0, "82a3ee5d537c3620628270c292ae30cb40c3c878666a7890ee7ef2a08fb535ff" },
	{ "T21", T_SEV, AMDSEV, true, false, NULL, 0, SEV_VMM_QEMU, 0, false, 0,
	  "77f613d7bbcdf12a73782ea9e88b0172aeda50d1a54201cb903594ff52846898" },
	{ "T22", T_SEV, OVMFX64, false, false, NULL, 0, SEV_VMM_QEMU, 0, false, 0,
	  "b4c021e085fb83ceffe6571a3d357b4a98773c83c474e47f76c876708fe316da" },
	{ "T23", T_SVSM, SVSM_OVMF, false, false, NULL, 4, SEV_VMM_QEMU, 0x1, false, 0,
	  "27d154c27b7b359c935e250ec6fee72aa0ae8c1225e3b0e1cf46a9567e938066"
	  "d7d6f94bbdc4a857818bdb79277a44b2" },
	{ "T24", T_SVSM, SVSM_OVMF, false, false, NULL, 2, SEV_VMM_QEMU, 0x1, false, 0,
	  "9b94745036aafddf4f7f8b00c7513abb5b7703178cb95aaa57928bd963d68d3b"
	  "fcb715d6019b9167ee2517b11b0d9be7" },
};

static const uint8_t empty;

static int run_sev(const struct t_case *t, const uint8_t *fw, size_t len, const uint8_t *hashes,
		   uint8_t *out)
{
	struct sev_launch_config c = {
		.size = sizeof(struct sev_launch_config),
		.mode = t->mode == T_SEVES ? SEV_MODE_SEV_ES : SEV_MODE_SEV, .firmware = fw,
		.firmware_len = len, .kernel_hashes = hashes, .vcpus = t->vcpus,
		.vcpu_sig = EPYC_V4, .fpu = SEV_VMSA_INIT2, .vmm = t->vmm,
	};

	return sev_launch_digest(&c, out);
}

static int run_snp(const struct t_case *t, const uint8_t *fw, size_t len, const uint8_t *hashes,
		   uint8_t *out)
{
	struct sev_snp_config c = {
		.size = sizeof(struct sev_snp_config),
		.firmware = fw, .firmware_len = len, .kernel_hashes = hashes, .vcpus = t->vcpus,
		.vcpu_sig = EPYC_V4, .guest_features = t->features, .vmm = t->vmm,
		.fpu = SEV_VMSA_INIT2,
	};
	uint8_t seed[SEV_SNP_LD_LEN];
	uint8_t *svsm = NULL;
	int rc;

	if (t->seed) {
		assert_int_equal(sk_hex_decode(seed, sizeof(seed), OVMF_HASH), 0);
		c.ovmf_hash = seed;
	}
	if (t->mode == T_SVSM) {
		svsm = test_vector(SVSM, &c.svsm_len);
		c.svsm = svsm;
		c.vars_size = 540672;
	}
	rc = sev_snp_launch_digest(&c, out);
	free(svsm);
	return rc;
}

static void upstream_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct t_case *t = &cases[i];
		uint8_t table[SEV_KERNEL_HASHES_LEN], *hashes = NULL, out[SEV_SNP_LD_LEN];
		size_t len, n = t->mode >= T_SEVES ? 32 : SEV_SNP_LD_LEN;
		uint8_t *fw = test_vector(t->ovmf, &len);
		int rc;

		print_message("%s\n", t->id);
		if (t->kernel) {
			const uint8_t *initrd = t->initrd ? &empty : NULL;

			assert_int_equal(sev_kernel_hashes_build(&empty, 0, initrd, 0, t->append,
								 table), 0);
			hashes = table;
		}
		if (t->mode == T_OVMF_HASH)
			rc = sev_snp_ovmf_hash(fw, len, out);
		else if (t->mode >= T_SEVES)
			rc = run_sev(t, fw, len, hashes, out);
		else
			rc = run_snp(t, fw, len, hashes, out);
		assert_int_equal(rc, t->rc);
		if (t->expect)
			assert_hex_equal(out, n, t->expect);
		free(fw);
	}
}

/* The trace lists each update as: type=T gpa=0x... contents=HEX ld_after=HEX */
struct trace {
	char *text;
	char *line;
	size_t pages;
};

static void check_page(enum sev_snp_page_type type, uint64_t gpa,
		       const uint8_t contents[SEV_SNP_LD_LEN], const uint8_t ld[SEV_SNP_LD_LEN],
		       void *ctx)
{
	struct trace *t = ctx;
	char expect[512], *c = sk_hex_dup(contents, SEV_SNP_LD_LEN), *l = sk_hex_dup(ld, 48);
	char *end = strchr(t->line, '\n');

	assert_non_null(end);
	*end = '\0';
	snprintf(expect, sizeof(expect), "type=%d gpa=0x%012llx contents=%s ld_after=%s",
		 (int)type, (unsigned long long)gpa, c, l);
	assert_string_equal(t->line, expect);
	t->line = end + 1;
	t->pages++;
	free(c);
	free(l);
}

static void page_trace(void **state)
{
	size_t len, klen, ilen;
	uint8_t *fw = test_vector(AMDSEV, &len);
	uint8_t *k = test_vector(DIR "made_up_kernel.bin", &klen);
	uint8_t *i = test_vector(DIR "made_up_initrd.bin", &ilen);
	struct trace t = { .text = (char *)test_vector(DIR "trace_snp_2vcpu_epycv4_gf1_kernel.txt",
						      &len) };
	uint8_t table[SEV_KERNEL_HASHES_LEN], ld[SEV_SNP_LD_LEN];
	struct sev_snp_config c = {
		.size = sizeof(struct sev_snp_config),
		.firmware = fw, .firmware_len = 4096, .kernel_hashes = table, .vcpus = 2,
		.vcpu_sig = EPYC_V4, .guest_features = 1, .fpu = SEV_VMSA_INIT2,
		.on_page = check_page, .ctx = &t,
	};

	(void)state;
	t.line = t.text;
	assert_int_equal(sev_kernel_hashes_build(k, klen, i, ilen, "console=ttyS0 root=/dev/vda1",
						 table), 0);
	assert_int_equal(sev_snp_launch_digest(&c, ld), 0);
	assert_int_equal(t.pages, 34);
	assert_non_null(strstr(t.line, "FINAL "));
	t.line[strlen("FINAL ") + 96] = '\0';
	assert_hex_equal(ld, sizeof(ld), t.line + strlen("FINAL "));
	free(t.text);
	free(fw);
	free(k);
	free(i);
}

/* --dump-vmsa: the measured VMSAs of each case equal sev-snp-measure's files. */
struct dumps {
	const char *dir;
	uint32_t seen;
};

static int compare_dump(uint32_t vcpu, const uint8_t vmsa[SEV_VMSA_SIZE], void *ctx)
{
	struct dumps *d = ctx;
	char rel[256];
	size_t len;
	uint8_t *want;

	snprintf(rel, sizeof(rel), DIR "vmsa_dumps/%s/vmsa%u.bin", d->dir, vcpu);
	want = test_vector(rel, &len);
	assert_int_equal(len, SEV_VMSA_SIZE);
	assert_memory_equal(vmsa, want, SEV_VMSA_SIZE);
	free(want);
	d->seen++;
	return 0;
}

static void vmsa_dumps(void **state)
{
	static const struct {
		const char *dir;
		uint32_t sig;
		uint64_t features;
		enum sev_vmm_type vmm;
	} d[] = {
		{ "snp_epyc-v4_gf0x1_2vcpu", EPYC_V4, 0x1, SEV_VMM_QEMU },
		{ "snp_epyc-milan_gf0x21_2vcpu", 0xa00f11, 0x21, SEV_VMM_QEMU },
		{ "snp_ec2_gf0x21_2vcpu", 0, 0x21, SEV_VMM_EC2 },
		{ "snp_gce_2vcpu", 0, 0x1, SEV_VMM_GCE },
	};
	size_t len, slen;
	uint8_t *fw = test_vector(AMDSEV, &len), ld[SEV_SNP_LD_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		struct dumps dd = { d[i].dir, 0 };
		struct sev_snp_config c = {
			.size = sizeof(struct sev_snp_config),
			.firmware = fw, .firmware_len = len, .vcpus = 2, .vcpu_sig = d[i].sig,
			.guest_features = d[i].features, .vmm = d[i].vmm, .fpu = SEV_VMSA_INIT2,
			.on_vmsa = compare_dump, .ctx = &dd,
		};

		assert_int_equal(sev_snp_launch_digest(&c, ld), 0);
		assert_int_equal(dd.seen, 2);
	}
	free(fw);
	fw = test_vector(SVSM_OVMF, &len);
	{
		struct dumps dd = { "svsm_epyc-v4_1vcpu", 0 };
		uint8_t *svsm = test_vector(SVSM, &slen);
		struct sev_snp_config c = {
			.size = sizeof(struct sev_snp_config),
			.firmware = fw, .firmware_len = len, .svsm = svsm, .svsm_len = slen,
			.vars_size = 540672, .vcpus = 1, .vcpu_sig = EPYC_V4,
			.guest_features = 0x21,
			.fpu = SEV_VMSA_INIT2, .on_vmsa = compare_dump, .ctx = &dd,
		};

		/* the SVSM's VMSA has SEV_FEATURES 1 whatever the guest features */
		assert_int_equal(sev_snp_launch_digest(&c, ld), 0);
		assert_int_equal(dd.seen, 1);
		free(svsm);
	}
	free(fw);
}

/* ---- firmware images that cannot launch: the AmdSev suffix, altered ---- */

struct bad {
	uint8_t *fw;
	size_t len;
	uint8_t hashes[SEV_KERNEL_HASHES_LEN];
	struct sev_snp_config c;
};

static void bad_setup(struct bad *b)
{
	memset(b, 0, sizeof(*b));
	b->fw = test_vector(AMDSEV, &b->len);
	b->c = (struct sev_snp_config){ .size = sizeof(b->c),
					.firmware = b->fw, .firmware_len = b->len, .vcpus = 2,
					.vcpu_sig = EPYC_V4, .guest_features = 1,
					.fpu = SEV_VMSA_INIT2 };
}

static int bad_digest(struct bad *b)
{
	uint8_t ld[SEV_SNP_LD_LEN];

	return sev_snp_launch_digest(&b->c, ld);
}

/* The data of a footer entry, writable. */
static uint8_t *entry(struct bad *b, const uint8_t guid[16], size_t *len)
{
	const uint8_t *data;

	assert_int_equal(sev_ovmf_table_find(b->fw, b->len, guid, &data, len), 0);
	return b->fw + (data - b->fw);
}

/* Descriptor i of the SEV metadata: {gpa, size, type}. */
static uint8_t *section(struct bad *b, size_t i)
{
	size_t len;
	uint8_t *off = entry(b, sk_guid_sev_metadata, &len);

	return b->fw + b->len - sk_get_le32(off) + 16 + 12 * i;
}

static void sections_must_be_pages(void **state)
{
	struct bad b;

	(void)state;
	bad_setup(&b);
	assert_int_equal(bad_digest(&b), 0);
	sk_put_le32(section(&b, 0), 0x800800);
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	sk_put_le32(section(&b, 0), 0x800000);
	sk_put_le32(section(&b, 0) + 4, 0x9800);
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	sk_put_le32(section(&b, 0) + 4, 0xa000);
	assert_int_equal(bad_digest(&b), 0); /* now includes the GHCB page */
	sk_put_le32(section(&b, 0) + 4, 0xb000);
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT); /* overlaps section 1 */
	sk_put_le32(section(&b, 0) + 4, 0x9000);
	sk_put_le32(section(&b, 3), 0x80d000); /* CPUID on the secrets page */
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	sk_put_le32(section(&b, 3), 0x80e000);
	/* a two-page kernel hashes section is zero pages, but QEMU fills one page */
	sk_put_le32(section(&b, 5) + 4, 0x1000);
	sk_put_le32(section(&b, 6), 0x812000); /* make room for it */
	sk_put_le32(section(&b, 6) + 4, 0xe000);
	sk_put_le32(section(&b, 5) + 4, 0x2000);
	assert_int_equal(bad_digest(&b), 0);
	b.c.kernel_hashes = b.hashes;
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	free(b.fw);
}

static void kernel_hashes_need_their_area(void **state)
{
	struct bad b;
	size_t len;
	uint8_t *area;

	(void)state;
	bad_setup(&b);
	b.c.kernel_hashes = b.hashes;
	assert_int_equal(bad_digest(&b), 0);
	area = entry(&b, sk_guid_sev_hashes, &len);
	sk_put_le32(area, 0x810f80); /* the table would cross its page */
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	area[len + 2] ^= 0xff;       /* no hashes entry at all */
	assert_int_equal(bad_digest(&b), SEV_E_UNSUPPORTED);
	free(b.fw);
}

static void on_page(enum sev_snp_page_type type, uint64_t gpa, const uint8_t c[48],
		    const uint8_t ld[48], void *ctx)
{
	(void)type;
	(void)gpa;
	(void)c;
	(void)ld;
	++*(int *)ctx;
}

static void reset_block_and_metadata(void **state)
{
	struct bad b;
	size_t len;
	uint8_t *eip;
	int pages = 0;

	(void)state;
	bad_setup(&b);
	eip = entry(&b, sk_guid_sev_es_reset, &len);
	sk_put_le32(eip, 0);
	assert_int_equal(bad_digest(&b), SEV_E_UNSUPPORTED); /* APs cannot start */
	b.c.vcpus = 1;
	assert_int_equal(bad_digest(&b), 0);
	eip[len + 2] ^= 0xff;
	assert_int_equal(bad_digest(&b), SEV_E_UNSUPPORTED); /* no reset block */
	free(b.fw);

	/* no SEV metadata: the firmware and the VMSA alone */
	bad_setup(&b);
	b.c.vcpus = 1;
	b.c.on_page = on_page;
	b.c.ctx = &pages;
	entry(&b, sk_guid_sev_metadata, &len)[len + 2] ^= 0xff;
	assert_int_equal(bad_digest(&b), 0);
	assert_int_equal(pages, 2);
	b.c.kernel_hashes = b.hashes;
	assert_int_equal(bad_digest(&b), SEV_E_UNSUPPORTED);
	free(b.fw);
}

static int stop_at_second(uint32_t vcpu, const uint8_t vmsa[SEV_VMSA_SIZE], void *ctx)
{
	(void)vmsa;
	(void)ctx;
	return vcpu == 1 ? -EIO : 0;
}

static void bad_configs(void **state)
{
	struct bad b;
	uint8_t ld[48];

	(void)state;
	bad_setup(&b);
	b.c.vcpus = 0;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	b.c.vcpus = 5000;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	b.c.vcpus = 2;
	b.c.vmm = (enum sev_vmm_type)3;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	b.c.vmm = SEV_VMM_QEMU;
	b.c.fpu = (enum sev_vmsa_fpu)2;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	b.c.fpu = SEV_VMSA_INIT2;
	b.c.firmware_len = 4095;
	assert_int_equal(bad_digest(&b), SEV_E_FORMAT);
	assert_int_equal(sev_snp_ovmf_hash(b.fw, 4095, ld), SEV_E_FORMAT);
	b.c.firmware_len = 0;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	b.c.firmware_len = b.len;
	b.c.on_vmsa = stop_at_second;
	assert_int_equal(bad_digest(&b), -EIO);
	b.c.firmware = NULL;
	assert_int_equal(bad_digest(&b), SEV_E_INVALID);
	free(b.fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(upstream_cases),
		cmocka_unit_test(page_trace),
		cmocka_unit_test(vmsa_dumps),
		cmocka_unit_test(sections_must_be_pages),
		cmocka_unit_test(kernel_hashes_need_their_area),
		cmocka_unit_test(reset_block_and_metadata),
		cmocka_unit_test(bad_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
