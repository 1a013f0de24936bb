/* SPDX-License-Identifier: Apache-2.0 */
/* kdump-compressed dumps written by QEMU (flattened) and makedumpfile -R (seekable). */
#include "ms-test.h"

#include "util/bytes.h"

#define DESC_OFF ((1 + 1 + 64) * 4096) /* header, sub-header, 64 bitmap blocks */

static const char *const planted[] = { "SEGMENT-SEAM-CANARY-31c4", "SECRET_CANARY_7f3a9c2e1b5d",
				       "WIDE-SECRET-9b8c" };

static void check_planted(const char *rel, enum sev_memscan_format format)
{
	struct sev_memscan *m = ms_open_vector(rel);
	struct sev_memscan_patterns *p = ms_secrets(planted, 3);
	struct sev_memscan_result *r = ms_run(m, p, true);
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);

	sev_memscan_get_info(m, &info);
	assert_int_equal(info.format, format);
	assert_int_equal(info.space, SEV_MEMSCAN_PHYS);
	assert_int_equal(info.bytes, 8256ull * 4096); /* pages present in the bitmap */
	assert_int_equal(r->pages, 8256);
	assert_int_equal(r->n_hits, 3);
	assert_int_equal(r->hits[0].phys, 0xbfff4);
	assert_int_equal(r->hits[1].phys, 0x1001083);
	assert_int_equal(r->hits[2].phys, 0x10010c7);
	assert_true(r->hits[2].utf16);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(r->hits[i].storage, SEV_MEMSCAN_STORED_ZLIB);
	/* most of a freshly started 32 MiB guest is zero */
	assert_true(r->zero_pages > 8000);
	sev_memscan_result_free(r);
	sev_memscan_patterns_free(p);
	sev_memscan_close(m);
}

static void seekable_kdump(void **state)
{
	(void)state;
	check_planted("qemu.kdump", SEV_MEMSCAN_KDUMP);
}

static void flattened_kdump(void **state)
{
	(void)state;
	check_planted("qemu.kdump-flat", SEV_MEMSCAN_KDUMP_FLAT);
}

/* A match crossing a page boundary: both pages are inflated separately. */
static void openssh_key_across_pages(void **state)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan *m = ms_open_vector("qemu.kdump-flat");
	struct sev_memscan_result *r;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_detectors(p, "openssh-private-key"), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 1);
	assert_int_equal(r->hits[0].phys, 0x1000ff6);
	assert_string_equal(r->hits[0].name, "openssh-private-key");
	sev_memscan_result_free(r);
	sev_memscan_patterns_free(p);
	sev_memscan_close(m);
}

static void expect_open_fails(size_t off, const void *b, size_t n, int code, const char *msg)
{
	struct sev_memscan *m = NULL;
	uint8_t *buf;

	ms_capture_logs();
	assert_int_equal(ms_open_patched("memscan/qemu.kdump", off, b, n, &buf, &m), code);
	if (!strstr(ms_last_log, msg))
		fail_msg("log '%s' lacks '%s'", ms_last_log, msg);
	free(buf);
}

static void rejects_lzo_dump(void **state)
{
	static const uint8_t lzo[] = { 2, 0, 0, 0 };

	(void)state;
	expect_open_fails(424, lzo, 4, SEV_E_UNSUPPORTED, "compressed with lzo is not supported");
}

static void rejects_snappy_dump(void **state)
{
	static const uint8_t snappy[] = { 4, 0, 0, 0 };

	(void)state;
	expect_open_fails(424, snappy, 4, SEV_E_UNSUPPORTED, "snappy");
}

static void rejects_block_size(void **state)
{
	static const uint8_t bs[] = { 0xe8, 0x03, 0, 0 };

	(void)state;
	expect_open_fails(428, bs, 4, SEV_E_FORMAT, "block_size at offset 0x1ac");
}

static void rejects_odd_bitmap_blocks(void **state)
{
	static const uint8_t bb[] = { 65, 0, 0, 0 };

	(void)state;
	expect_open_fails(436, bb, 4, SEV_E_FORMAT, "bitmap_blocks at offset 0x1b4");
}

static void rejects_header_version(void **state)
{
	static const uint8_t v[] = { 7, 0, 0, 0 };

	(void)state;
	expect_open_fails(8, v, 4, SEV_E_FORMAT, "header_version");
}

static void rejects_split_dump(void **state)
{
	static const uint8_t one[] = { 1, 0, 0, 0 };

	(void)state;
	expect_open_fails(4096 + 12, one, 4, SEV_E_UNSUPPORTED, "split");
}

static void rejects_max_mapnr_beyond_bitmap(void **state)
{
	static const uint8_t big[] = { 0, 0, 0, 0, 1, 0, 0, 0 };

	(void)state;
	expect_open_fails(4096 + 96, big, 8, SEV_E_FORMAT, "max_mapnr");
}

static void rejects_truncated(void **state)
{
	struct sev_memscan *m = NULL;
	size_t len;
	uint8_t *buf = test_vector("memscan/qemu.kdump", &len);

	(void)state;
	ms_capture_logs();
	assert_int_equal(sev_memscan_open_mem(buf, 6000, SEV_MEMSCAN_AUTO, &m), SEV_E_FORMAT);
	assert_non_null(strstr(ms_last_log, "beyond the end"));
	free(buf);
}

/* Damage page descriptor i (or its data) and scan: the run fails with code. */
static void expect_scan_fails(size_t desc_field, const void *b, size_t n, bool data, int code,
			      const char *msg)
{
	static const char *const s[] = { "x-never-there" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_options o = SEV_INIT(struct sev_memscan_options);
	struct sev_memscan_result *r = NULL;
	struct sev_memscan *m = NULL;
	size_t len, at = DESC_OFF;
	uint8_t *buf = test_vector("memscan/qemu.kdump", &len);

	/* the first compressed page */
	while (sk_get_le32(buf + at + 12) != 1)
		at += 24;
	at = data ? (size_t)sk_get_le64(buf + at) : at + desc_field;
	memcpy(buf + at, b, n);
	assert_int_equal(sev_memscan_open_mem(buf, len, SEV_MEMSCAN_AUTO, &m), 0);
	ms_capture_logs();
	assert_int_equal(sev_memscan_run(m, p, &o, &r), code);
	assert_null(r);
	if (!strstr(ms_last_log, msg))
		fail_msg("log '%s' lacks '%s'", ms_last_log, msg);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(buf);
}

static void rejects_unknown_page_flags(void **state)
{
	static const uint8_t f[] = { 0x41, 0, 0, 0 };

	(void)state;
	expect_scan_fails(12, f, 4, false, SEV_E_FORMAT, "unknown bits");
}

static void rejects_lzo_page(void **state)
{
	static const uint8_t f[] = { 2, 0, 0, 0 };

	(void)state;
	expect_scan_fails(12, f, 4, false, SEV_E_UNSUPPORTED, "lzo");
}

static void rejects_page_size(void **state)
{
	static const uint8_t sz[] = { 0x01, 0x10, 0, 0 };

	(void)state;
	expect_scan_fails(8, sz, 4, false, SEV_E_FORMAT, "size 4097");
}

static void rejects_page_offset(void **state)
{
	static const uint8_t off[] = { 0, 0, 0, 0, 0, 1, 0, 0 };

	(void)state;
	expect_scan_fails(0, off, 8, false, SEV_E_FORMAT, "beyond the end");
}

static void rejects_bad_zlib(void **state)
{
	static const uint8_t z[] = { 0x00, 0x00 };

	(void)state;
	expect_scan_fails(0, z, 2, true, SEV_E_FORMAT, "zlib data does not inflate");
}

static void flat_rejects_type(void **state)
{
	static const uint8_t two[] = { 2 };
	struct sev_memscan *m = NULL;
	uint8_t *buf;

	(void)state;
	ms_capture_logs();
	assert_int_equal(ms_open_patched("memscan/qemu.kdump-flat", 23, two, 1, &buf, &m),
			 SEV_E_FORMAT);
	assert_non_null(strstr(ms_last_log, "type at offset 0x10"));
	free(buf);
}

static void flat_rejects_record_size(void **state)
{
	static const uint8_t huge[] = { 0x7f };
	struct sev_memscan *m = NULL;
	uint8_t *buf;

	(void)state;
	ms_capture_logs();
	/* the first record header at 4096: big-endian size at 4104 */
	assert_int_equal(ms_open_patched("memscan/qemu.kdump-flat", 4104, huge, 1, &buf, &m),
			 SEV_E_FORMAT);
	assert_non_null(strstr(ms_last_log, "record at offset 0x1000"));
	free(buf);
}

static void flat_rejects_missing_end(void **state)
{
	struct sev_memscan *m = NULL;
	size_t len;
	uint8_t *buf = test_vector("memscan/qemu.kdump-flat", &len);

	(void)state;
	ms_capture_logs();
	assert_int_equal(sev_memscan_open_mem(buf, len - 16, SEV_MEMSCAN_AUTO, &m), SEV_E_FORMAT);
	assert_non_null(strstr(ms_last_log, "record header"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seekable_kdump),
		cmocka_unit_test(flattened_kdump),
		cmocka_unit_test(openssh_key_across_pages),
		cmocka_unit_test(rejects_lzo_dump),
		cmocka_unit_test(rejects_snappy_dump),
		cmocka_unit_test(rejects_block_size),
		cmocka_unit_test(rejects_odd_bitmap_blocks),
		cmocka_unit_test(rejects_header_version),
		cmocka_unit_test(rejects_split_dump),
		cmocka_unit_test(rejects_max_mapnr_beyond_bitmap),
		cmocka_unit_test(rejects_truncated),
		cmocka_unit_test(rejects_unknown_page_flags),
		cmocka_unit_test(rejects_lzo_page),
		cmocka_unit_test(rejects_page_size),
		cmocka_unit_test(rejects_page_offset),
		cmocka_unit_test(rejects_bad_zlib),
		cmocka_unit_test(flat_rejects_type),
		cmocka_unit_test(flat_rejects_record_size),
		cmocka_unit_test(flat_rejects_missing_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
