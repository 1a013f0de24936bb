/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host interface on the machine running the tests, against what the
 * kernel says about the same machine (/proc/cpuinfo, getrlimit).
 */
#include "../test.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sevkit/host.h>

#include "host/host-internal.h"

/* The value of "key\t: value" in the first processor of /proc/cpuinfo. */
static bool cpuinfo_field(const char *key, char *out, size_t n)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		size_t k = strlen(key);

		if (line[0] == '\n')
			break;
		if (!colon || strncmp(line, key, k) || (line[k] != '\t' && line[k] != ' '))
			continue;
		snprintf(out, n, "%s", colon + 2);
		out[strcspn(out, "\n")] = '\0';
		found = true;
	}
	fclose(f);
	return found;
}

static void cpu_matches_the_kernel(void **state)
{
	struct sev_host *h;
	struct sev_cpu cpu;
	char v[256];

	(void)state;
	assert_int_equal(sev_host_open(&h), 0);
	assert_int_equal(sev_host_cpu(h, &cpu), 0);
	if (cpuinfo_field("vendor_id", v, sizeof(v)))
		assert_string_equal(cpu.vendor, v);
	if (cpuinfo_field("cpu family", v, sizeof(v)))
		assert_int_equal(cpu.family, strtoul(v, NULL, 10));
	if (cpuinfo_field("model", v, sizeof(v)))
		assert_int_equal(cpu.model, strtoul(v, NULL, 10));
	if (cpuinfo_field("stepping", v, sizeof(v)))
		assert_int_equal(cpu.stepping, strtoul(v, NULL, 10));
	sev_host_free(h);
}

static void operations_answer(void **state)
{
	struct sev_host *h;
	struct rlimit rl;
	uint64_t soft, hard, msr;
	char buf[64];
	int r;

	(void)state;
	assert_int_equal(sev_host_open(&h), 0);
	assert_int_equal(h->ops->memlock(h->ctx, &soft, &hard), 0);
	assert_int_equal(getrlimit(RLIMIT_MEMLOCK, &rl), 0);
	assert_true(soft == (rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : rl.rlim_cur));
	assert_int_equal(h->ops->access(h->ctx, "/nonexistent/dev", R_OK), -ENOENT);
	assert_int_equal(h->ops->access(h->ctx, "/proc/self/status", R_OK), 0);
	assert_int_equal(h->ops->read_file(h->ctx, "/nonexistent/file", buf, sizeof(buf)),
			 -ENOENT);
	r = h->ops->read_file(h->ctx, "/proc/self/status", buf, sizeof(buf));
	assert_int_equal(r, sizeof(buf) - 1); /* cut to the buffer */
	assert_int_equal(strncmp(buf, "Name:", 5), 0);
	r = h->ops->rdmsr(h->ctx, 0, SK_MSR_SYSCFG, &msr);
	assert_true(r == 0 || r == -ENOENT || r == -EACCES || r == -EPERM || r == -EIO);
	r = h->ops->kvm_api_version(h->ctx);
	assert_true(r == 12 || r < 0);
	sev_host_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpu_matches_the_kernel),
		cmocka_unit_test(operations_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
