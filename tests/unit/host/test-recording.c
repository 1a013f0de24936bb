/* SPDX-License-Identifier: Apache-2.0 */
/* Host recordings: what the parser accepts and refuses, and recording a host back. */
#include "../test.h"

#include <errno.h>
#include <unistd.h>

#include <sevkit/host.h>

#include "host/host-internal.h"
#include "host/recording.h"
#include "util/bytes.h"
#include "util/errno-name.h"

static char last_log[1024];

static void capture(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

static int parse(const char *json)
{
	struct sk_recording *rec = NULL;
	int r;

	last_log[0] = '\0';
	r = sk_recording_parse((const uint8_t *)json, strlen(json), &rec);
	sk_recording_free(rec);
	return r;
}

#define HEAD "{\"format\":\"sevkit-host-recording/1\","

static void minimal_recording_reads_as_absent(void **state)
{
	static const char doc[] = HEAD "\"comment\":\"x\"}";
	struct sev_host *h;
	uint32_t r[4] = { 1, 1, 1, 1 };
	uint64_t v;
	char buf[8];

	(void)state;
	assert_int_equal(sev_host_open_recording_mem((const uint8_t *)doc, strlen(doc), &h), 0);
	assert_int_equal(h->ops->cpuid(h->ctx, 0x8000001F, 0, r), 0);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	assert_int_equal(h->ops->rdmsr(h->ctx, 0, SK_MSR_SYSCFG, &v), -ENOENT);
	assert_int_equal(h->ops->read_file(h->ctx, SK_PATH_CPUINFO, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(h->ops->access(h->ctx, SK_PATH_DEV_SEV, R_OK), -ENOENT);
	assert_int_equal(h->ops->kvm_api_version(h->ctx), -ENOENT);
	sev_host_free(h);
}

static void values_and_errors_load(void **state)
{
	static const char doc[] = HEAD
		"\"cpuid\":[{\"leaf\":\"0x8000001f\",\"subleaf\":0,\"eax\":\"0x1\",\"ebx\":2,"
		"\"ecx\":\"3\",\"edx\":\"0x4\"}],"
		"\"msr\":[{\"cpu\":0,\"msr\":\"0xc0010010\",\"value\":\"0x800000\"},"
		"{\"cpu\":1,\"msr\":\"0xc0010010\",\"error\":\"EACCES\"}],"
		"\"files\":{\"/a\":\"Y\\n\",\"/b\":{\"error\":\"EPERM\"}},"
		"\"devices\":{\"/dev/sev\":{\"read\":\"ok\",\"write\":\"EACCES\"}},"
		"\"kvm_api_version\":\"ENOENT\","
		"\"memlock\":{\"soft\":65536,\"hard\":\"unlimited\"}}";
	struct sev_host *h;
	uint32_t r[4];
	uint64_t v, s;
	char buf[3];

	(void)state;
	assert_int_equal(sev_host_open_recording_mem((const uint8_t *)doc, strlen(doc), &h), 0);
	h->ops->cpuid(h->ctx, 0x8000001F, 0, r);
	assert_int_equal(r[0], 1);
	assert_int_equal(r[1], 2);
	assert_int_equal(r[2], 3);
	assert_int_equal(r[3], 4);
	assert_int_equal(h->ops->rdmsr(h->ctx, 0, SK_MSR_SYSCFG, &v), 0);
	assert_int_equal(v, 0x800000);
	assert_int_equal(h->ops->rdmsr(h->ctx, 1, SK_MSR_SYSCFG, &v), -EACCES);
	assert_int_equal(h->ops->read_file(h->ctx, "/a", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "Y\n");
	/* a short buffer gets the start of the file */
	assert_int_equal(h->ops->read_file(h->ctx, "/a", buf, 2), 1);
	assert_string_equal(buf, "Y");
	assert_int_equal(h->ops->read_file(h->ctx, "/b", buf, sizeof(buf)), -EPERM);
	assert_int_equal(h->ops->access(h->ctx, "/dev/sev", R_OK), 0);
	assert_int_equal(h->ops->access(h->ctx, "/dev/sev", W_OK), -EACCES);
	assert_int_equal(h->ops->kvm_api_version(h->ctx), -ENOENT);
	assert_int_equal(h->ops->memlock(h->ctx, &s, &v), 0);
	assert_int_equal(s, 65536);
	assert_true(v == UINT64_MAX);
	sev_host_free(h);
}

/* Each malformed recording is refused, naming what is wrong. */
static void malformed_recordings_are_refused(void **state)
{
	static const struct {
		const char *doc, *says;
	} bad[] = {
		{ "not json", "line 1" },
		{ "[]", "expected a JSON object" },
		{ "{\"format\":\"sevkit-host-recording/2\"}", "format" },
		{ HEAD "\"cpu\":[]}", "unknown key \"cpu\"" },
		{ HEAD "\"cpuid\":{}}", "cpuid: expected an array" },
		{ HEAD "\"cpuid\":[{\"leaf\":\"0x1\",\"eax\":1,\"ebx\":1,\"ecx\":1}]}", "edx" },
		{ HEAD "\"cpuid\":[{\"leaf\":\"0x1\",\"eax\":\"zz\",\"ebx\":1,\"ecx\":1,"
		  "\"edx\":1}]}", "eax" },
		{ HEAD "\"cpuid\":[{\"leaf\":\"0x100000000\",\"eax\":1,\"ebx\":1,\"ecx\":1,"
		  "\"edx\":1}]}", "leaf" },
		{ HEAD "\"cpuid\":[{\"leaf\":-1,\"eax\":1,\"ebx\":1,\"ecx\":1,\"edx\":1}]}",
		  "leaf" },
		{ HEAD "\"cpuid\":[{\"leaf\":1,\"eax\":1,\"ebx\":1,\"ecx\":1,\"edx\":1,\"x\":1}]}",
		  "unknown key \"x\"" },
		{ HEAD "\"cpuid\":[{\"leaf\":1,\"eax\":1,\"ebx\":1,\"ecx\":1,\"edx\":1},"
		  "{\"leaf\":1,\"subleaf\":0,\"eax\":1,\"ebx\":1,\"ecx\":1,\"edx\":1}]}", "twice" },
		{ HEAD "\"msr\":[{\"cpu\":0,\"msr\":1}]}", "exactly one" },
		{ HEAD "\"msr\":[{\"cpu\":0,\"msr\":1,\"value\":1,\"error\":\"EIO\"}]}",
		  "exactly one" },
		{ HEAD "\"msr\":[{\"cpu\":0,\"msr\":1,\"error\":\"ENOSUCH\"}]}", "errno name" },
		{ HEAD "\"files\":{\"/a\":5}}", "files" },
		{ HEAD "\"files\":{\"/a\":\"a\\u0000b\"}}", "NUL" },
		{ HEAD "\"devices\":{\"/dev/sev\":{\"read\":\"yes\",\"write\":\"ok\"}}}",
		  "devices" },
		{ HEAD "\"kvm_api_version\":-3}", "kvm_api_version" },
		{ HEAD "\"memlock\":{\"soft\":1}}", "memlock" },
		{ HEAD "\"comment\":5}", "comment" },
		{ HEAD "\"comment\":\"a\",\"comment\":\"b\"}", "duplicate" },
	};

	(void)state;
	sev_set_log(capture, NULL);
	for (size_t i = 0; i < SK_ARRAY_SIZE(bad); i++) {
		assert_int_equal(parse(bad[i].doc), SEV_E_FORMAT);
		if (!strstr(last_log, bad[i].says))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, last_log, bad[i].says);
	}
	sev_set_log(NULL, NULL);
}

static void oversized_recording_is_refused(void **state)
{
	size_t n = SK_REC_SIZE_MAX + 1;
	char *big = malloc(n + 1);

	(void)state;
	assert_non_null(big);
	memset(big, ' ', n);
	big[n] = '\0';
	assert_int_equal(parse(big), SEV_E_TOOBIG);
	free(big);
}

/* Recording a recorded host gives a recording the checks see the same way. */
static void record_round_trip(void **state)
{
	static const char *const files[] = { "milan-epyc-7763.json", "intel-xeon-8570.json",
					     "this-machine-kvm-guest.json" };
	static struct sev_host_report a = { .size = sizeof(a) }, b = { .size = sizeof(b) };

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(files); i++) {
		struct sev_host *h, *h2;
		char path[512], *json;

		snprintf(path, sizeof(path), "%s/host/%s", VECTORS, files[i]);
		assert_int_equal(sev_host_open_recording(path, &h), 0);
		assert_int_equal(sev_host_record(h, "again", &json), 0);
		assert_int_equal(sev_host_open_recording_mem((uint8_t *)json, strlen(json), &h2),
				 0);
		for (int w = SEV_WANT_AUTO; w <= SEV_WANT_SNP; w++) {
			assert_int_equal(sev_host_check(h, (enum sev_want)w, &a), 0);
			assert_int_equal(sev_host_check(h2, (enum sev_want)w, &b), 0);
			assert_int_equal(a.n, b.n);
			for (size_t k = 0; k < a.n; k++) {
				assert_int_equal(a.check[k].state, b.check[k].state);
				assert_string_equal(a.check[k].msg, b.check[k].msg);
			}
		}
		free(json);
		sev_host_free(h);
		sev_host_free(h2);
	}
}

static void errno_names_round_trip(void **state)
{
	static const int errs[] = { ENOENT, EACCES, EPERM, EIO, ENXIO, ENODEV, EINVAL, ENOTTY };
	int e;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(errs); i++) {
		assert_int_equal(sk_errno_parse(sk_errno_name(errs[i]), &e), 0);
		assert_int_equal(e, errs[i]);
	}
	assert_string_equal(sk_errno_name(ENOENT), "ENOENT");
	assert_int_equal(sk_errno_parse("ENOPE", &e), SEV_E_FORMAT);
}

static void missing_file_is_an_error(void **state)
{
	struct sev_host *h;

	(void)state;
	/* a name that leads to no file is a wrong argument */
	assert_int_equal(sev_host_open_recording("/nonexistent/rec.json", &h), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_recording_reads_as_absent),
		cmocka_unit_test(values_and_errors_load),
		cmocka_unit_test(malformed_recordings_are_refused),
		cmocka_unit_test(oversized_recording_is_refused),
		cmocka_unit_test(record_round_trip),
		cmocka_unit_test(errno_names_round_trip),
		cmocka_unit_test(missing_file_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
