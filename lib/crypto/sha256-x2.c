/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two SHA-256 computations interleaved on the SHA extensions (FIPS 180-4; the instructions as
 * Intel's SHA extensions reference describes them). The state is held as the instructions want
 * it, {A,B,E,F} and {C,D,G,H}; each group of four rounds takes four message words plus their
 * constants. Both messages have the same length, so their 64-byte blocks line up: a block that
 * lies inside a or b is read in place, the others (prefix, suffix, padding) are assembled.
 */
#include "crypto/sha256-x2.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/* H0 as {A,B,E,F} and {C,D,G,H}, word 0 in the low lane: what sha256rnds2 takes. */
static const uint32_t ABEF0[4] = { 0x9b05688c, 0x510e527f, 0xbb67ae85, 0x6a09e667 };
static const uint32_t CDGH0[4] = { 0x5be0cd19, 0x1f83d9ab, 0xa54ff53a, 0x3c6ef372 };

struct lane {
	__m128i abef, cdgh;
};

bool sk_sha256_x2_available(void)
{
	const char *off = getenv("SEVKIT_SHA256_X2");
	unsigned a, b, c, d;

	/* "0": one block at a time through OpenSSL, for the tests of that path and benchmarks */
	if (off && !strcmp(off, "0"))
		return false;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}

/* Message words 4i..4i+3 of a block, big-endian. */
#define WORDS(p, i) _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((p) + 16 * (i))), swap)

/* The next four schedule words from the last sixteen, w0 the oldest. */
#define NEXT(w0, w1, w2, w3)                                                                   \
	_mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1),                        \
					   _mm_alignr_epi8(w3, w2, 4)),                         \
			     w3)

/* Four rounds of each lane, the two lanes' instructions alternating so that they overlap. */
#define ROUNDS(g, wx, wy)                                                                      \
	do {                                                                                   \
		__m128i k_ = _mm_loadu_si128((const __m128i *)&K[4 * (g)]);                    \
		__m128i mx_ = _mm_add_epi32(wx, k_), my_ = _mm_add_epi32(wy, k_);              \
		x->cdgh = _mm_sha256rnds2_epu32(x->cdgh, x->abef, mx_);                        \
		y->cdgh = _mm_sha256rnds2_epu32(y->cdgh, y->abef, my_);                        \
		x->abef = _mm_sha256rnds2_epu32(x->abef, x->cdgh, _mm_shuffle_epi32(mx_, 0x0e)); \
		y->abef = _mm_sha256rnds2_epu32(y->abef, y->cdgh, _mm_shuffle_epi32(my_, 0x0e)); \
	} while (0)

/* Schedule words for group g into a (the oldest of a, b, c, d), then its rounds. */
#define STEP(g, a, b, c, d)                                                                    \
	do {                                                                                   \
		x##a = NEXT(x##a, x##b, x##c, x##d);                                           \
		y##a = NEXT(y##a, y##b, y##c, y##d);                                           \
		ROUNDS(g, x##a, y##a);                                                         \
	} while (0)

/*
 * One block into each lane, written out whole and always inlined so that the lanes stay in
 * registers (through memory, the rounds run at half speed).
 */
SHA_TARGET __attribute__((always_inline)) static inline void
compress2(struct lane *x, struct lane *y, const uint8_t *bx, const uint8_t *by)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	struct lane x0 = *x, y0 = *y;
	__m128i x0w = WORDS(bx, 0), x1w = WORDS(bx, 1), x2w = WORDS(bx, 2), x3w = WORDS(bx, 3);
	__m128i y0w = WORDS(by, 0), y1w = WORDS(by, 1), y2w = WORDS(by, 2), y3w = WORDS(by, 3);

	ROUNDS(0, x0w, y0w);
	ROUNDS(1, x1w, y1w);
	ROUNDS(2, x2w, y2w);
	ROUNDS(3, x3w, y3w);
	for (int g = 4; g < 16; g += 4) {
		STEP(g, 0w, 1w, 2w, 3w);
		STEP(g + 1, 1w, 2w, 3w, 0w);
		STEP(g + 2, 2w, 3w, 0w, 1w);
		STEP(g + 3, 3w, 0w, 1w, 2w);
	}
	x->abef = _mm_add_epi32(x->abef, x0.abef);
	x->cdgh = _mm_add_epi32(x->cdgh, x0.cdgh);
	y->abef = _mm_add_epi32(y->abef, y0.abef);
	y->cdgh = _mm_add_epi32(y->cdgh, y0.cdgh);
}

/* H0..H7 big-endian from {A,B,E,F}, {C,D,G,H}: regroup the words, then swap their bytes. */
SHA_TARGET static void digest_out(const struct lane *l, uint8_t out[32])
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i feba = _mm_shuffle_epi32(l->abef, 0x1b), dchg = _mm_shuffle_epi32(l->cdgh, 0xb1);
	__m128i dcba = _mm_blend_epi16(feba, dchg, 0xf0), hgfe = _mm_alignr_epi8(dchg, feba, 8);

	_mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(dcba, swap));
	_mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(hgfe, swap));
}

/* Bytes [from, from + n) of the message prefix || m || suffix into dst, 0 past its end. */
static void copy_part(const struct sk_sha256_x2_shape *s, const uint8_t *m, uint64_t from,
		      size_t n, uint8_t *dst)
{
	const uint8_t *parts[3] = { s->prefix, m, s->suffix };
	size_t lens[3] = { s->prefix_len, s->len, s->suffix_len };
	uint64_t at = 0;

	for (int i = 0; i < 3; i++) {
		uint64_t lo = from > at ? from : at, hi = from + n < at + lens[i] ? from + n : at + lens[i];

		if (lo < hi)
			memcpy(dst + (lo - from), parts[i] + (lo - at), (size_t)(hi - lo));
		at += lens[i];
	}
}

/* Block c of the padded message, one not wholly inside m, assembled in buf. */
static const uint8_t *assemble(const struct sk_sha256_x2_shape *s, const uint8_t *m, uint64_t c,
			       uint64_t total, uint8_t buf[64])
{
	uint64_t from = 64 * c, bits = total * 8;

	memset(buf, 0, 64);
	if (from < total)
		copy_part(s, m, from, (size_t)(total - from < 64 ? total - from : 64), buf);
	if (total >= from && total < from + 64)
		buf[total - from] = 0x80;
	if ((total + 8) / 64 + 1 == c + 1)
		for (int i = 0; i < 8; i++)
			buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	return buf;
}

SHA_TARGET void sk_sha256_x2(const struct sk_sha256_x2_shape *s, const uint8_t *a,
			     const uint8_t *b, uint8_t out_a[32], uint8_t out_b[32])
{
	uint64_t total = (uint64_t)s->prefix_len + s->len + s->suffix_len;
	uint64_t blocks = (total + 8) / 64 + 1;
	struct lane x, y;
	uint8_t bufx[64], bufy[64];

	x.abef = y.abef = _mm_loadu_si128((const __m128i *)ABEF0);
	x.cdgh = y.cdgh = _mm_loadu_si128((const __m128i *)CDGH0);
	for (uint64_t c = 0; c < blocks; c++) {
		uint64_t from = 64 * c;

		if (from >= s->prefix_len && from + 64 <= s->prefix_len + s->len)
			compress2(&x, &y, a + (from - s->prefix_len), b + (from - s->prefix_len));
		else
			compress2(&x, &y, assemble(s, a, c, total, bufx),
				  assemble(s, b, c, total, bufy));
	}
	digest_out(&x, out_a);
	digest_out(&y, out_b);
}

#else

bool sk_sha256_x2_available(void)
{
	return false;
}

void sk_sha256_x2(const struct sk_sha256_x2_shape *s, const uint8_t *a, const uint8_t *b,
		  uint8_t out_a[32], uint8_t out_b[32])
{
	(void)s, (void)a, (void)b, (void)out_a, (void)out_b;
}

#endif
