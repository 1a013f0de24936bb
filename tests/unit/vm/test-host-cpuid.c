/* SPDX-License-Identifier: Apache-2.0 */
/* sev_host_cbitpos agrees with what the kernel says about this processor. */
#include "../test.h"

#include <sevkit/domain.h>

/* Does /proc/cpuinfo list the flag (as a whole word) on its first flags line? */
static bool cpu_flag(const char *flag)
{
	size_t len;
	uint8_t *buf = NULL;
	char *line, *save = NULL, word[32];
	bool found = false;

	if (sk_file_read("/proc/cpuinfo", 1u << 24, &buf, &len) != 0)
		return false;
	snprintf(word, sizeof(word), " %s", flag);
	for (line = strtok_r((char *)buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "flags", 5)) {
			char *p = strstr(line, word);

			found = p && (p[strlen(word)] == ' ' || p[strlen(word)] == 0);
			break;
		}
	free(buf);
	return found;
}

static void matches_cpuinfo(void **state)
{
	uint32_t cbit = 99, rpb = 99;
	int rc = sev_host_cbitpos(&cbit, &rpb);

	(void)state;
	if (cpu_flag("sev")) {
		assert_int_equal(rc, 0);
		assert_in_range(cbit, 32, 63);
		assert_in_range(rpb, 0, 63);
	} else if (!cpu_flag("svm")) {
		/* no AMD virtualisation at all: no SEV either, and nothing written */
		assert_int_equal(rc, SEV_E_UNSUPPORTED);
		assert_int_equal(cbit, 99);
		assert_int_equal(rpb, 99);
	} else {
		skip();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_cpuinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
