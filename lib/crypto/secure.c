/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/secure.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "util/log.h"

bool sk_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void sk_wipe(void *p, size_t n)
{
	if (p)
		OPENSSL_cleanse(p, n);
}

void sk_wipe_free(void *p, size_t n)
{
	sk_wipe(p, n);
	free(p);
}

int sk_random(void *out, size_t n)
{
	if (n > (size_t)INT32_MAX || RAND_priv_bytes(out, (int)n) != 1)
		return sk_fail(SEV_E_CRYPTO, "random number generator failed");
	return 0;
}

/*
 * Each secret has pages of its own: mlock and MADV_DONTDUMP work on whole
 * pages, and a neighbour's free must not unlock them. The mapping's length
 * is kept in front of the secret.
 */
#define HEAD 16

static void say_unlocked(void)
{
	sk_warn("cannot lock memory for secrets (RLIMIT_MEMLOCK): they may be swapped out");
}

static void warn_unlocked(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* once: every secret would say the same */
	pthread_once(&once, say_unlocked);
}

void *sk_secret_alloc(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), total;
	uint8_t *m;

	if (n > SIZE_MAX - HEAD - page)
		return NULL;
	total = (n + HEAD + page - 1) / page * page;
	m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	/* out of core dumps always; in RAM when the limit allows */
	if (madvise(m, total, MADV_DONTDUMP) != 0) {
		munmap(m, total);
		return NULL;
	}
	if (mlock(m, total) != 0)
		warn_unlocked();
	*(size_t *)(void *)m = total;
	return m + HEAD; /* zeroed, as fresh anonymous pages are */
}

void sk_secret_free(void *p)
{
	uint8_t *m;
	size_t total;

	if (!p)
		return;
	m = (uint8_t *)p - HEAD;
	total = *(size_t *)(void *)m;
	OPENSSL_cleanse(m, total);
	munlock(m, total);
	munmap(m, total);
}

static void heap_init(void)
{
	/* 16 KiB holds the few EC private keys a command has; locked and out of dumps */
	if (!CRYPTO_secure_malloc_initialized())
		CRYPTO_secure_malloc_init(16 * 1024, 16);
}

void sk_secure_heap_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, heap_init);
}
