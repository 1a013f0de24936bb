/* SPDX-License-Identifier: Apache-2.0 */
/* ELF cores: QEMU dump-guest-memory windows and a gdb gcore core (see vectors MANIFEST). */
#include "ms-test.h"

#include <unistd.h>

static void qemu_window_is_one_physical_segment(void **state)
{
	struct sev_memscan *m = ms_open_vector("qemu-window.elf");
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	struct sev_memscan_region r = SEV_INIT(struct sev_memscan_region);

	(void)state;
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.format, SEV_MEMSCAN_ELF);
	assert_int_equal(info.space, SEV_MEMSCAN_PHYS);
	assert_string_equal(info.producer, "qemu");
	assert_int_equal(info.regions, 1);
	assert_int_equal(info.bytes, 0x2000);
	/* readelf -lW: LOAD 0x0003a0 0x1000000 0x1000000 0x002000 */
	assert_int_equal(sev_memscan_get_region(m, 0, &r), 0);
	assert_int_equal(r.addr, 0x1000000);
	assert_int_equal(r.file_offset, 0x3a0);
	assert_int_equal(r.len, 0x2000);
	assert_false(r.has_vaddr); /* QEMU writes vaddr = paddr without paging */
	assert_int_equal(sev_memscan_get_region(m, 1, &r), SEV_E_INVALID);
	sev_memscan_close(m);
}

static void qemu_window_hits_at_planted_addresses(void **state)
{
	static const char *const s[] = { "SECRET_CANARY_7f3a9c2e1b5d", "WIDE-SECRET-9b8c" };
	struct sev_memscan *m = ms_open_vector("qemu-window.elf");
	struct sev_memscan_patterns *p = ms_secrets(s, 2);
	struct sev_memscan_result *r = ms_run(m, p, false);

	(void)state;
	assert_int_equal(r->n_hits, 2);
	assert_int_equal(r->hits[0].phys, 0x1001083);
	assert_true(r->hits[0].has_phys);
	assert_int_equal(r->hits[0].file_offset, 0x1423); /* grep -obUa */
	assert_int_equal(r->hits[0].storage, SEV_MEMSCAN_STORED_RAW);
	assert_int_equal(r->hits[0].len, 26);
	assert_int_equal(r->hits[1].phys, 0x10010c7);
	assert_true(r->hits[1].utf16);
	assert_int_equal(r->hits[1].len, 32);
	sev_memscan_result_free(r);
	sev_memscan_patterns_free(p);
	sev_memscan_close(m);
}

static void match_across_segments_is_found_once(void **state)
{
	static const char *const s[] = { "SEGMENT-SEAM-CANARY-31c4" };
	struct sev_memscan *m = ms_open_vector("qemu-seam.elf");
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_result *r = ms_run(m, p, true);
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);

	(void)state;
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.regions, 2);
	assert_int_equal(r->n_hits, 1);
	assert_int_equal(r->hits[0].phys, 0xbfff4);
	assert_int_equal(r->hits[0].file_offset, 0x13cc);
	assert_int_equal(r->hits[0].page, 0);
	assert_int_equal(r->pages, 2);
	sev_memscan_result_free(r);
	sev_memscan_patterns_free(p);
	sev_memscan_close(m);
}

static void gcore_has_virtual_addresses(void **state)
{
	static const char *const s[] = { "HEAP-CANARY-5e1d0c", "ANON-CANARY-77aa01" };
	struct sev_memscan *m = ms_open_vector("holder.core");
	struct sev_memscan_patterns *p = ms_secrets(s, 2);
	struct sev_memscan_result *r = ms_run(m, p, false);
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	struct sev_memscan_region reg = SEV_INIT(struct sev_memscan_region);
	bool heap = false, anon = false;

	(void)state;
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.space, SEV_MEMSCAN_VIRT);
	assert_string_equal(info.producer, "process");
	assert_int_equal(info.regions, 13);
	assert_int_equal(sev_memscan_get_region(m, 7, &reg), 0);
	assert_int_equal(reg.vaddr, 0x7f2aacd36000); /* readelf: offset 0x39350 size 0x4000 */
	assert_int_equal(reg.file_offset, 0x39350);
	assert_false(reg.has_phys);
	/* holder.out: heap 0x558fdd7fd2a0 anon 0x7f2aacd36ff9 */
	for (size_t i = 0; i < r->n_hits; i++) {
		assert_false(r->hits[i].has_phys);
		assert_true(r->hits[i].has_vaddr);
		heap |= r->hits[i].vaddr == 0x558fdd7fd2a0;
		anon |= r->hits[i].vaddr == 0x7f2aacd36ff9;
	}
	assert_true(heap);
	assert_true(anon);
	sev_memscan_result_free(r);
	sev_memscan_patterns_free(p);
	sev_memscan_close(m);
}

static void expect_reject(const char *rel, size_t off, const void *bytes, size_t n, int code,
			  const char *msg)
{
	struct sev_memscan *m = NULL;
	uint8_t *buf;

	ms_capture_logs();
	assert_int_equal(ms_open_patched(rel, off, bytes, n, &buf, &m), code);
	assert_null(m);
	if (!strstr(ms_last_log, msg))
		fail_msg("log '%s' lacks '%s'", ms_last_log, msg);
	free(buf);
}

static void rejects_non_core(void **state)
{
	static const uint8_t exec[] = { 2, 0 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 16, exec, 2, SEV_E_FORMAT, "e_type at offset 0x10");
}

static void rejects_big_endian(void **state)
{
	static const uint8_t be[] = { 2 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 5, be, 1, SEV_E_UNSUPPORTED, "little-endian");
}

static void rejects_bad_class(void **state)
{
	static const uint8_t c[] = { 7 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 4, c, 1, SEV_E_FORMAT, "EI_CLASS");
}

static void rejects_segment_beyond_file(void **state)
{
	/* readelf: program headers at offset 192; PT_LOAD is the second, p_offset at +8 */
	static const uint8_t far[] = { 0, 0, 0, 0, 1, 0, 0, 0 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 192 + 56 + 8, far, 8, SEV_E_FORMAT,
		      "p_offset at offset 0xf8");
}

static void rejects_filesz_above_memsz(void **state)
{
	static const uint8_t big[] = { 0, 0x30, 0, 0, 0, 0, 0, 0 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 192 + 56 + 32, big, 8, SEV_E_FORMAT,
		      "p_filesz");
}

static void rejects_phdrs_beyond_file(void **state)
{
	static const uint8_t n[] = { 0xfe, 0xff };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 56, n, 2, SEV_E_FORMAT, "e_phoff");
}

static void rejects_bad_phentsize(void **state)
{
	static const uint8_t n[] = { 32, 0 };

	(void)state;
	expect_reject("memscan/qemu-window.elf", 54, n, 2, SEV_E_FORMAT, "e_phentsize");
}

static void rejects_truncated(void **state)
{
	struct sev_memscan *m = NULL;
	size_t len;
	uint8_t *buf = test_vector("memscan/qemu-window.elf", &len);

	(void)state;
	ms_capture_logs();
	assert_int_equal(sev_memscan_open_mem(buf, 40, SEV_MEMSCAN_AUTO, &m), SEV_E_FORMAT);
	assert_non_null(strstr(ms_last_log, "truncated"));
	free(buf);
}

/* The first len bytes of a vector, in a file of their own (removed by the caller). */
static void truncated_copy(const char *rel, size_t len, char *path, size_t size)
{
	size_t all;
	uint8_t *buf = test_vector(rel, &all);
	int fd;

	snprintf(path, size, "/tmp/sevkit-trunc-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(len <= all);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	free(buf);
}

/*
 * A dump cut short anywhere that matters (ELF header, program headers, notes,
 * memory) is refused with one message that names the file, then the field.
 */
static void truncated_file_is_named(void **state)
{
	static const struct {
		const char *rel;
		size_t len;
		const char *says;
	} cases[] = {
		{ "memscan/qemu-window.elf", 10, "ELF core: e_ident at offset 0x0: truncated" },
		{ "memscan/qemu-window.elf", 200, "ELF core: e_phoff at offset 0x20" },
		{ "memscan/qemu-window.elf", 0x300,
		  "ELF core: p_offset at offset 0xc0: note segment 0x130+0x270 ends beyond" },
		{ "memscan/qemu-window.elf", 0x23a0 - 1,
		  "ELF core: p_offset at offset 0xf8: segment 0x3a0+0x2000 ends beyond" },
		/* readelf: gcore's PT_NOTE is at 0x65350, after the memory, 0x4978 bytes */
		{ "memscan/holder.core", 0x65350 + 0x100,
		  "ELF core: p_offset at offset 0x40: note segment 0x65350+0x4978 ends" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sev_memscan *m = NULL;
		char path[64], want[256];

		truncated_copy(cases[i].rel, cases[i].len, path, sizeof(path));
		snprintf(want, sizeof(want), "%s: %s", path, cases[i].says);
		ms_capture_logs();
		assert_int_equal(sev_memscan_open(path, SEV_MEMSCAN_AUTO, &m), SEV_E_FORMAT);
		assert_null(m);
		if (strncmp(ms_last_log, want, strlen(want)) != 0)
			fail_msg("case %zu: log '%s', expected it to start with '%s'", i,
				 ms_last_log, want);
		unlink(path);
	}
	sev_set_log(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_window_is_one_physical_segment),
		cmocka_unit_test(qemu_window_hits_at_planted_addresses),
		cmocka_unit_test(match_across_segments_is_found_once),
		cmocka_unit_test(gcore_has_virtual_addresses),
		cmocka_unit_test(rejects_non_core),
		cmocka_unit_test(rejects_big_endian),
		cmocka_unit_test(rejects_bad_class),
		cmocka_unit_test(rejects_segment_beyond_file),
		cmocka_unit_test(rejects_filesz_above_memsz),
		cmocka_unit_test(rejects_phdrs_beyond_file),
		cmocka_unit_test(rejects_bad_phentsize),
		cmocka_unit_test(rejects_truncated),
		cmocka_unit_test(truncated_file_is_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
