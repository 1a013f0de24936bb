/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PAGE_INFO chaining against sev-snp-measure's page trace (snp/MANIFEST.md 1c):
 * its first update is the 4 KiB firmware suffix as a NORMAL page at 0xfffff000,
 * its second a ZERO page at 0x800000.
 */
#include "../test.h"

#include "measure/snp-internal.h"
#include "util/bytes.h"

#define FIRST_CONTENTS "161ace084859674ded7322ad102eb33f49457e0f7845a8f9ad0e03a59eac3e3e" \
		       "360f8b78345363feaeac956ebba2d894"
#define FIRST_LD "086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa" \
		 "16aff8c374c2a55c467a50da6d466b74"
#define SECOND_LD "cb97f2e22ca4c090feb9453ef6cb076f8ded7ae48c9bbb892569c328b133f089" \
		  "f711d5c5a57afc127cf91d7a32e0736a"
#define THIRD_LD "a04066269f0233b9735e526d40566d0def25875b62b6aa8951daa54ef336b42d" \
		 "36595473f4b9898a41fef63ef5a7af3c"

struct seen {
	int pages;
	enum sev_snp_page_type type;
	uint64_t gpa;
};

static void count(enum sev_snp_page_type type, uint64_t gpa, const uint8_t contents[48],
		  const uint8_t ld[48], void *ctx)
{
	struct seen *s = ctx;

	(void)contents;
	(void)ld;
	s->pages++;
	s->type = type;
	s->gpa = gpa;
}

static void trace_start(void **state)
{
	size_t len;
	uint8_t *fw = test_vector("snp/sev-snp-measure/ovmf_AmdSev_suffix.bin", &len);
	uint8_t digest[48];
	struct seen s = { 0 };
	struct sk_gctx g;

	(void)state;
	assert_int_equal(sk_gctx_init(&g, NULL, count, &s), 0);
	assert_int_equal(sk_gctx_page_digest(&g, fw, digest), 0);
	assert_hex_equal(digest, 48, FIRST_CONTENTS);
	assert_int_equal(sk_gctx_normal_pages(&g, 0xfffff000, fw, len), 0);
	assert_hex_equal(g.ld, 48, FIRST_LD);
	assert_int_equal(sk_gctx_empty_pages(&g, SEV_SNP_PAGE_ZERO, 0x800000, 0x2000), 0);
	assert_hex_equal(g.ld, 48, THIRD_LD);
	assert_int_equal(s.pages, 3);
	assert_int_equal(s.type, SEV_SNP_PAGE_ZERO);
	assert_int_equal(s.gpa, 0x801000);
	sk_gctx_free(&g);

	/* seeded with the firmware digest, one ZERO page gives the trace's second digest */
	assert_int_equal(sk_hex_decode(digest, 48, FIRST_LD), 0);
	assert_int_equal(sk_gctx_init(&g, digest, NULL, NULL), 0);
	assert_int_equal(sk_gctx_empty_pages(&g, SEV_SNP_PAGE_ZERO, 0x800000, 0x1000), 0);
	assert_hex_equal(g.ld, 48, SECOND_LD);
	/* the page type is part of PAGE_INFO */
	sk_gctx_free(&g);
	assert_int_equal(sk_gctx_init(&g, digest, NULL, NULL), 0);
	assert_int_equal(sk_gctx_empty_pages(&g, SEV_SNP_PAGE_UNMEASURED, 0x800000, 0x1000), 0);
	assert_false(sk_hex_decode(digest, 48, SECOND_LD) == 0 &&
		     memcmp(g.ld, digest, 48) == 0);
	sk_gctx_free(&g);
	free(fw);
}

static void partial_pages_refused(void **state)
{
	static const uint8_t data[100];
	struct sk_gctx g;

	(void)state;
	assert_int_equal(sk_gctx_init(&g, NULL, NULL, NULL), 0);
	assert_int_equal(sk_gctx_normal_pages(&g, 0, data, sizeof(data)), SEV_E_INTERNAL);
	assert_int_equal(sk_gctx_empty_pages(&g, SEV_SNP_PAGE_ZERO, 0, 0x1800), SEV_E_INTERNAL);
	assert_true(sk_all_zero(g.ld, 48));
	sk_gctx_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trace_start),
		cmocka_unit_test(partial_pages_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
