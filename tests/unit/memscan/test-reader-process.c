/* SPDX-License-Identifier: Apache-2.0 */
/* A live process: this test's own memory through /proc/self's pid. */
#include "ms-test.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * AddressSanitizer's and ThreadSanitizer's shadow memory is terabytes of
 * anonymous read-write mappings: RAM-like, and too much to scan.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SHADOW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SHADOW 1
#endif
#endif

static void finds_secret_in_ram_like_mapping(void **state)
{
	static const char *const s[] = { "PROCESS-CANARY-9d8e7f" };
	size_t size = 32u << 20;
	uint8_t *ram = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	bool found = false;

	(void)state;
#ifdef UNDER_SHADOW
	munmap(ram, size);
	sev_memscan_patterns_free(p);
	skip();
#endif
	assert_true(ram != MAP_FAILED);
	/* a different mapping from its neighbours, so the kernel does not merge it */
	madvise(ram, size, MADV_NOHUGEPAGE);
	memcpy(ram + 4096 - 5, s[0], strlen(s[0])); /* across a page */
	if (sev_memscan_open_pid(getpid(), 0, &m) != 0) {
		munmap(ram, size);
		sev_memscan_patterns_free(p);
		skip(); /* no ptrace rights on ourselves (a restricted container) */
	}
	sev_memscan_get_info(m, &info);
	assert_int_equal(info.format, SEV_MEMSCAN_PROCESS);
	assert_int_equal(info.space, SEV_MEMSCAN_VIRT);
	r = ms_run(m, p, false);
	for (size_t i = 0; i < r->n_hits; i++) {
		if (r->hits[i].vaddr != (uint64_t)(uintptr_t)(ram + 4096 - 5))
			continue;
		found = true;
		assert_int_equal(r->hits[i].storage, SEV_MEMSCAN_STORED_NONE);
	}
	assert_true(found);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	munmap(ram, size);
}

static void errors(void **state)
{
	struct sev_memscan *m = NULL;

	(void)state;
	assert_int_equal(sev_memscan_open_pid(0, 0, &m), SEV_E_INVALID);
	assert_int_equal(sev_memscan_open_pid(0x3fffffff, 0, &m), -ENOENT);
	assert_null(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_secret_in_ram_like_mapping),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
