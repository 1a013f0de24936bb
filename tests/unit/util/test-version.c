/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/version.h>

/* Meson passes its project version in the environment (tests/meson.build). */
static void reports_the_project_version(void **state)
{
	const char *want = getenv("SEVKIT_PROJECT_VERSION");

	(void)state;
	if (!want || !*want)
		fail_msg("SEVKIT_PROJECT_VERSION is not set: run this test with meson test");
	assert_string_equal(sev_version(), want);
}

static void is_one_static_string(void **state)
{
	(void)state;
	assert_ptr_equal(sev_version(), sev_version());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reports_the_project_version),
		cmocka_unit_test(is_one_static_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
