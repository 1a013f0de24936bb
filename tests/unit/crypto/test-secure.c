/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory for secrets: the kernel's own account of the pages (/proc/self/smaps:
 * VmFlags "lo" locked, "dd" left out of core dumps, and the Locked size), and
 * what the pages hold at the moment they are unmapped (munmap is watched).
 */
#include "../test.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "crypto/pkey.h"
#include "crypto/secret-file.h"
#include "crypto/secure.h"
#include "util/file.h"

/* ---- watching munmap: the library's calls resolve to this one ---- */

static const uint8_t *watched;
static size_t watched_len;
static int watched_zero = -1; /* -1: not unmapped yet */

int munmap(void *addr, size_t len)
{
	const uint8_t *a = addr;

	if (watched && a <= watched && watched + watched_len <= a + len) {
		watched_zero = 1;
		for (size_t i = 0; i < watched_len; i++)
			if (watched[i])
				watched_zero = 0;
	}
	return (int)syscall(SYS_munmap, addr, len);
}

/* ---- the kernel's view of a mapping ---- */

struct mapping {
	char flags[600];  /* VmFlags */
	long locked_kb;   /* Locked */
	bool found;
};

static void mapping_of(const void *p, struct mapping *m)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	uintptr_t at = (uintptr_t)p;
	char line[512];
	bool in = false;

	memset(m, 0, sizeof(*m));
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = at >= lo && at < hi;
			m->found |= in;
			continue;
		}
		if (in && !strncmp(line, "Locked:", 7))
			m->locked_kb = strtol(line + 7, NULL, 10);
		if (in && !strncmp(line, "VmFlags:", 8))
			snprintf(m->flags, sizeof(m->flags), " %s", line + 8);
	}
	fclose(f);
}

static bool has_flag(const struct mapping *m, const char *flag)
{
	char word[8];

	snprintf(word, sizeof(word), " %s ", flag);
	return strstr(m->flags, word) != NULL;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_MLOCK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NO_MLOCK 1
#endif
#endif

/*
 * Locking needs CAP_IPC_LOCK or room under RLIMIT_MEMLOCK; tests run as either.
 * AddressSanitizer and ThreadSanitizer turn mlock into nothing.
 */
static bool can_lock(void)
{
#ifdef NO_MLOCK
	return false;
#else
	struct rlimit r;

	return geteuid() == 0 || (getrlimit(RLIMIT_MEMLOCK, &r) == 0 && r.rlim_cur >= 1 << 20);
#endif
}

static void pages_are_locked_and_out_of_dumps(void **state)
{
	uint8_t *s = sk_secret_alloc(100);
	struct mapping m;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(s[i], 0); /* zeroed, like calloc */
	memset(s, 0x5a, 100);
	mapping_of(s, &m);
	assert_true(m.found);
	assert_true(has_flag(&m, "dd"));
	if (can_lock()) {
		assert_true(has_flag(&m, "lo"));
		assert_true(m.locked_kb >= 4);
	}
	sk_secret_free(s);
	mapping_of(s, &m);
	assert_false(m.found); /* released */
}

static void free_wipes_before_release(void **state)
{
	size_t n = 3 * 4096; /* more than a page: every page is wiped */
	uint8_t *s = sk_secret_alloc(n);

	(void)state;
	assert_non_null(s);
	memset(s, 0xa5, n);
	watched = s;
	watched_len = n;
	watched_zero = -1;
	sk_secret_free(s);
	assert_int_equal(watched_zero, 1);
	watched = NULL;
	sk_secret_free(NULL);
}

static void separate_secrets_have_separate_pages(void **state)
{
	uint8_t *a = sk_secret_alloc(16), *b = sk_secret_alloc(16);
	struct mapping m;

	(void)state;
	assert_true((uintptr_t)a / 4096 != (uintptr_t)b / 4096);
	sk_secret_free(a);
	/* the other secret stays locked and out of dumps */
	mapping_of(b, &m);
	assert_true(m.found && has_flag(&m, "dd"));
	if (can_lock())
		assert_true(has_flag(&m, "lo"));
	sk_secret_free(b);
	assert_null(sk_secret_alloc(SIZE_MAX - 8));
}

/* Files of secrets are read straight into such pages, however they grow while reading. */
static void secret_files_are_read_into_them(void **state)
{
	char path[] = "/tmp/sevkit-test-secure-XXXXXX";
	uint8_t *buf, data[10000];
	struct mapping m;
	size_t len;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
	close(fd);
	assert_int_equal(sk_file_read_secret(path, 1 << 20, &buf, &len), 0);
	unlink(path);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(buf, data, sizeof(data));
	mapping_of(buf, &m);
	assert_true(m.found && has_flag(&m, "dd"));
	if (can_lock())
		assert_true(has_flag(&m, "lo"));
	watched = buf;
	watched_len = len;
	watched_zero = -1;
	sk_file_free_secret(buf, len);
	assert_int_equal(watched_zero, 1);
	watched = NULL;
}

/* OpenSSL keeps private keys (EC private scalars) in its secure heap, locked and out of dumps. */
static void private_keys_go_to_the_secure_heap(void **state)
{
	struct sk_key *key;
	size_t before;
	void *probe;
	struct mapping m;

	(void)state;
	sk_secure_heap_init();
	assert_int_equal(CRYPTO_secure_malloc_initialized(), 1);
	before = CRYPTO_secure_used();
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_true(CRYPTO_secure_used() > before);
	probe = OPENSSL_secure_malloc(16);
	assert_int_equal(CRYPTO_secure_allocated(probe), 1);
	mapping_of(probe, &m);
	assert_true(m.found && has_flag(&m, "dd"));
	if (can_lock())
		assert_true(has_flag(&m, "lo"));
	OPENSSL_secure_free(probe);
	sk_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_are_locked_and_out_of_dumps),
		cmocka_unit_test(free_wipes_before_release),
		cmocka_unit_test(separate_secrets_have_separate_pages),
		cmocka_unit_test(secret_files_are_read_into_them),
		cmocka_unit_test(private_keys_go_to_the_secure_heap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
