/* SPDX-License-Identifier: Apache-2.0 */
/* Raw images and format detection by magic. */
#include "ms-test.h"

#include <errno.h>

static void raw_offsets_are_physical(void **state)
{
	static const char *const s[] = { "SEGMENT-SEAM-CANARY-31c4" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	size_t len;
	/* the seam window as raw bytes: its data starts at file offset 0x3d8 (readelf) */
	uint8_t *buf = test_vector("memscan/qemu-seam.elf", &len);

	(void)state;
	assert_int_equal(sev_memscan_open_mem(buf + 0x3d8, 0x2000, SEV_MEMSCAN_AUTO, &m), 0);
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.format, SEV_MEMSCAN_RAW);
	assert_string_equal(info.format_name, "raw");
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 1);
	assert_int_equal(r->hits[0].phys, 0xff4);
	assert_int_equal(r->hits[0].file_offset, 0xff4);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	/* forced raw: the ELF header is just bytes */
	assert_int_equal(sev_memscan_open_mem(buf, len, SEV_MEMSCAN_RAW, &m), 0);
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.bytes, len);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(buf);
}

static void unsupported(const char *magic, const char *what)
{
	uint8_t head[32] = { 0 };
	enum sev_memscan_format f;
	struct sev_memscan *m = NULL;

	memcpy(head, magic, strlen(magic));
	ms_capture_logs();
	assert_int_equal(sev_memscan_detect(head, sizeof(head), &f), SEV_E_UNSUPPORTED);
	if (!strstr(ms_last_log, what))
		fail_msg("'%s' lacks '%s'", ms_last_log, what);
	assert_int_equal(sev_memscan_open_mem(head, sizeof(head), SEV_MEMSCAN_AUTO, &m),
			 SEV_E_UNSUPPORTED);
}

static void detect(void **state)
{
	enum sev_memscan_format f;

	(void)state;
	assert_int_equal(sev_memscan_detect((const uint8_t *)"\x7f" "ELF", 4, &f), 0);
	assert_int_equal(f, SEV_MEMSCAN_ELF);
	assert_int_equal(sev_memscan_detect((const uint8_t *)"KDUMP   ", 8, &f), 0);
	assert_int_equal(f, SEV_MEMSCAN_KDUMP);
	assert_int_equal(sev_memscan_detect((const uint8_t *)"makedumpfile", 12, &f), 0);
	assert_int_equal(f, SEV_MEMSCAN_KDUMP_FLAT);
	assert_int_equal(sev_memscan_detect((const uint8_t *)"KDUMP", 5, &f), 0);
	assert_int_equal(f, SEV_MEMSCAN_RAW);
	unsupported("QEVM", "migration stream");
	unsupported("PAGEDU64", "win-dmp");
	unsupported("DISKDUMP", "diskdump");
	unsupported("LibvirtQemudSave", "libvirt save image");
}

static void open_errors(void **state)
{
	struct sev_memscan *m = NULL;
	uint8_t b[1] = { 0 };

	(void)state;
	assert_int_equal(sev_memscan_open("/nonexistent/dump", SEV_MEMSCAN_AUTO, &m), SEV_E_INVALID);
	assert_int_equal(sev_memscan_open("/", SEV_MEMSCAN_AUTO, &m), SEV_E_INVALID);
	assert_int_equal(sev_memscan_open_mem(b, 0, SEV_MEMSCAN_AUTO, &m), SEV_E_FORMAT);
	assert_int_equal(sev_memscan_open_mem(b, 1, SEV_MEMSCAN_PROCESS, &m), SEV_E_INVALID);
	assert_null(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_offsets_are_physical),
		cmocka_unit_test(detect),
		cmocka_unit_test(open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
