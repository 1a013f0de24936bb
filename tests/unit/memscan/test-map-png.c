/* SPDX-License-Identifier: Apache-2.0 */
/* The entropy map PNG, read back with libpng. */
#include "ms-test.h"

#include <png.h>
#include <unistd.h>

static png_bytep *read_png(const char *path, png_uint_32 *w, png_uint_32 *h)
{
	FILE *f = fopen(path, "rb");
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	png_bytep *rows;

	assert_non_null(f);
	png_init_io(png, f);
	png_read_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
	*w = png_get_image_width(png, info);
	*h = png_get_image_height(png, info);
	assert_int_equal(png_get_color_type(png, info), PNG_COLOR_TYPE_RGB);
	rows = calloc(*h, sizeof(*rows));
	for (png_uint_32 y = 0; y < *h; y++) {
		rows[y] = malloc(3 * *w);
		memcpy(rows[y], png_get_rows(png, info)[y], 3 * *w);
	}
	png_destroy_read_struct(&png, &info, NULL);
	fclose(f);
	return rows;
}

static void picture(void **state)
{
	static const char *const s[] = { "MAPHIT" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	char path[] = "/tmp/sevkit-map-XXXXXX";
	size_t n = 4096 * 4096; /* 4096 pages: a 64 x 64 grid of 16-pixel cells */
	uint8_t *b = calloc(1, n);
	png_uint_32 w, h;
	png_bytep *rows;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (size_t i = 0; i < 4096; i++)
		b[4096 * 100 + i] = (uint8_t)i; /* page 100: 8 bits */
	memcpy(b + 4096 * 200 + 5, "MAPHIT", 6);
	assert_int_equal(sev_memscan_open_mem(b, n, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, true);
	/* the file mkstemp made exists: replaced only when asked */
	assert_int_equal(sev_memscan_write_map(r, path, 0), SEV_E_INVALID);
	assert_int_equal(sev_memscan_write_map(r, path, SEV_MEMSCAN_REPLACE), 0);
	rows = read_png(path, &w, &h);
	assert_int_equal(w, 1024);
	assert_int_equal(h, 1024 + 20);
	/* page 0: zero, black */
	assert_int_equal(rows[8][3 * 8], 0);
	/* page 100 (row 1, column 36): looks encrypted, red */
	assert_int_equal(rows[16 + 8][3 * (36 * 16 + 8)], 220);
	assert_int_equal(rows[16 + 8][3 * (36 * 16 + 8) + 1], 20);
	/* page 200 (row 3, column 8): the hit, white */
	assert_int_equal(rows[48 + 8][3 * (8 * 16 + 8)], 255);
	assert_int_equal(rows[48 + 8][3 * (8 * 16 + 8) + 2], 255);
	for (png_uint_32 y = 0; y < h; y++)
		free(rows[y]);
	free(rows);
	unlink(path);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

static void needs_entropy(void **state)
{
	static const char *const s[] = { "x" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t b[64] = { 0 };

	(void)state;
	assert_int_equal(sev_memscan_open_mem(b, sizeof(b), SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(sev_memscan_write_map(r, "/nonexistent/x.png", 0), SEV_E_INVALID);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(picture),
		cmocka_unit_test(needs_entropy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
