/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The entropy map as a PNG: pages in dump order, left to right and top to
 * bottom, one square cell each; under the grid a colour bar from 0 to 8 bits
 * per byte with the zero-page and hit colours at its left.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "memscan/memscan-internal.h"
#include "util/file.h"
#include "util/log.h"

#define TARGET_WIDTH 1024
#define LEGEND 20

struct rgb {
	uint8_t r, g, b;
};

static const struct rgb zero_rgb = { 0, 0, 0 }, hit_rgb = { 255, 255, 255 },
			encrypted_rgb = { 220, 20, 30 };

/* dark blue -> cyan -> green -> yellow -> orange as entropy rises to 7.9 */
static struct rgb ramp(double bits)
{
	static const struct {
		double at;
		struct rgb c;
	} stop[] = {
		{ 0.0, { 20, 30, 110 } }, { 3.0, { 0, 150, 200 } }, { 5.0, { 40, 180, 60 } },
		{ 7.0, { 230, 210, 40 } }, { 7.9, { 245, 140, 20 } },
	};
	size_t i = 1;

	if (bits >= SEV_MEMSCAN_ENCRYPTED_BITS)
		return encrypted_rgb;
	while (i + 1 < sizeof(stop) / sizeof(stop[0]) && bits > stop[i].at)
		i++;
	{
		double t = (bits - stop[i - 1].at) / (stop[i].at - stop[i - 1].at);
		struct rgb a = stop[i - 1].c, b = stop[i].c;

		if (t < 0)
			t = 0;
		if (t > 1)
			t = 1;
		return (struct rgb){ (uint8_t)(a.r + t * (b.r - a.r)), (uint8_t)(a.g + t * (b.g - a.g)),
				     (uint8_t)(a.b + t * (b.b - a.b)) };
	}
}

static struct rgb page_rgb(uint8_t v)
{
	if (v == SEV_MEMSCAN_ZERO)
		return zero_rgb;
	return ramp(v / 30.0);
}

struct image {
	uint8_t *px;
	size_t w, h;
};

static void put(struct image *im, size_t x, size_t y, struct rgb c)
{
	uint8_t *p;

	if (x >= im->w || y >= im->h)
		return;
	p = im->px + 3 * (y * im->w + x);
	p[0] = c.r;
	p[1] = c.g;
	p[2] = c.b;
}

static void fill(struct image *im, size_t x, size_t y, size_t w, size_t h, struct rgb c)
{
	for (size_t j = 0; j < h; j++)
		for (size_t i = 0; i < w; i++)
			put(im, x + i, y + j, c);
}

/* A white frame around a hit's cell, visible even with one-pixel cells. */
static void mark(struct image *im, size_t x, size_t y, size_t cell)
{
	size_t r = cell + 3, x0 = x > r ? x - r : 0, y0 = y > r ? y - r : 0;

	fill(im, x, y, cell, cell, hit_rgb);
	for (size_t i = x0; i <= x + cell + r - 1; i++) {
		put(im, i, y0, hit_rgb);
		put(im, i, y + cell + r - 1, hit_rgb);
	}
	for (size_t j = y0; j <= y + cell + r - 1; j++) {
		put(im, x0, j, hit_rgb);
		put(im, x + cell + r - 1, j, hit_rgb);
	}
}

static void legend(struct image *im, size_t top)
{
	size_t x0 = 2 * LEGEND;

	fill(im, 0, top, im->w, LEGEND, (struct rgb){ 64, 64, 64 });
	fill(im, 4, top + 4, LEGEND - 8, LEGEND - 8, zero_rgb);
	fill(im, LEGEND + 4, top + 4, LEGEND - 8, LEGEND - 8, hit_rgb);
	for (size_t x = x0; x + 4 < im->w; x++)
		fill(im, x, top + 4, 1, LEGEND - 8,
		     ramp(8.0 * (double)(x - x0) / (double)(im->w - 4 - x0)));
}

struct membuf {
	uint8_t *p;
	size_t n, cap;
	int oom;
};

static void write_mem(png_structp png, png_bytep data, png_size_t n)
{
	struct membuf *b = png_get_io_ptr(png);

	if (b->n + n > b->cap) {
		size_t cap = (b->n + n) * 2;
		uint8_t *p = realloc(b->p, cap);

		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

static void flush_mem(png_structp png)
{
	(void)png;
}

static int encode(const struct image *im, struct membuf *out)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;

	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return -ENOMEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return sk_fail(SEV_E_INTERNAL, "memscan: PNG encoding failed");
	}
	png_set_write_fn(png, out, write_mem, flush_mem);
	png_set_IHDR(png, info, (png_uint_32)im->w, (png_uint_32)im->h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (size_t y = 0; y < im->h; y++)
		png_write_row(png, im->px + 3 * y * im->w);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return out->oom ? -ENOMEM : 0;
}

int sev_memscan_write_map(const struct sev_memscan_result *r, const char *path, unsigned flags)
{
	size_t cols = 64, cell, rows, n = (size_t)r->pages;
	struct image im;
	struct membuf out = { 0 };
	int rc;

	if (!r->has_entropy || !r->page_entropy)
		return sk_fail(SEV_E_INVALID, "memscan: the scan did not measure entropy");
	while (cols < 2048 && cols * cols < n)
		cols *= 2;
	cell = cols < TARGET_WIDTH ? TARGET_WIDTH / cols : 1;
	rows = n ? (n + cols - 1) / cols : 1;
	im.w = cols * cell;
	im.h = rows * cell + LEGEND;
	im.px = calloc(im.w * im.h, 3);
	if (!im.px)
		return -ENOMEM;
	fill(&im, 0, 0, im.w, rows * cell, (struct rgb){ 40, 40, 40 });
	for (size_t i = 0; i < n; i++)
		fill(&im, (i % cols) * cell, (i / cols) * cell, cell, cell,
		     page_rgb(r->page_entropy[i]));
	for (size_t i = 0; i < r->n_hits; i++) {
		size_t pg = (size_t)r->hits[i].page;

		if (pg < n)
			mark(&im, (pg % cols) * cell, (pg / cols) * cell, cell);
	}
	legend(&im, rows * cell);
	rc = encode(&im, &out);
	free(im.px);
	if (!rc)
		rc = sk_file_write_atomic(path, out.p, out.n, 0644,
					  flags & SEV_MEMSCAN_REPLACE ? SK_OUT_REPLACE : 0);
	free(out.p);
	return rc;
}
