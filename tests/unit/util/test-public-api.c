/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public helpers of include/sevkit/{util,file,crypto}.h, which the CLI and
 * other programs use in place of the library's private ones. Known answers
 * come from the standards (FIPS 180-2's "abc", RFC 4648's base64 examples).
 */
#include "../test.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/util.h>

static char dir[] = "/tmp/sevkit-test-public-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void path_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void test_hex_and_numbers(void **state)
{
	uint8_t b[2];
	uint64_t v;
	uint32_t u;
	char out[5];

	(void)state;
	sev_hex_encode(out, (const uint8_t *)"\xab\x01", 2);
	assert_string_equal(out, "ab01");
	sev_hex_encode_upper(out, (const uint8_t *)"\xab\x01", 2);
	assert_string_equal(out, "AB01");
	assert_int_equal(sev_hex_decode(b, 2, "0xAb01"), 0);
	assert_memory_equal(b, "\xab\x01", 2);
	assert_int_equal(sev_hex_decode(b, 2, "ab0"), SEV_E_INVALID);
	assert_int_equal(sev_parse_uint("0x10", 16, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(sev_parse_uint("17", 16, &v), SEV_E_INVALID);
	assert_int_equal(sev_parse_u32("4294967296", &u), SEV_E_INVALID);
}

static void test_sha256_file(void **state)
{
	static const char abc[] =
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	static const char empty[] =
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char path[256];
	uint8_t d[32], whole[32];
	size_t big = (1u << 20) + 3; /* more than one read */
	uint8_t *data = malloc(big);

	(void)state;
	path_of(path, sizeof(path), "abc");
	assert_int_equal(sev_file_write_atomic(path, "abc", 3, 0600, 0), 0);
	assert_int_equal(sev_file_sha256(path, d), 0);
	assert_hex_equal(d, 32, abc);
	path_of(path, sizeof(path), "empty");
	assert_int_equal(sev_file_write_atomic(path, "", 0, 0600, 0), 0);
	assert_int_equal(sev_file_sha256(path, d), 0);
	assert_hex_equal(d, 32, empty);
	/* in pieces as in one piece */
	for (size_t i = 0; i < big; i++)
		data[i] = (uint8_t)(i * 7);
	path_of(path, sizeof(path), "big");
	assert_int_equal(sev_file_write_atomic(path, data, big, 0600, 0), 0);
	assert_int_equal(sev_file_sha256(path, d), 0);
	assert_int_equal(sev_sha256(data, big, whole), 0);
	assert_memory_equal(d, whole, 32);
	free(data);
	path_of(path, sizeof(path), "missing");
	assert_int_equal(sev_file_sha256(path, d), SEV_E_INVALID);
}

static void test_base64(void **state)
{
	uint8_t *out;
	size_t n;
	char *s;

	(void)state;
	s = sev_base64_encode((const uint8_t *)"foob", 4);
	assert_string_equal(s, "Zm9vYg==");
	free(s);
	assert_int_equal(sev_base64_decode("Zm9vYmFy", 8, &out, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "foobar", 6);
	free(out);
	assert_int_equal(sev_base64_decode("Zm9v!mFy", 8, &out, &n), SEV_E_FORMAT);
}

static void test_outset_all_or_none(void **state)
{
	struct sev_outset *o;
	char a[256], b[256];
	uint8_t *buf;
	size_t len;
	struct stat st;

	(void)state;
	path_of(a, sizeof(a), "a");
	path_of(b, sizeof(b), "b");
	assert_int_equal(sev_file_write_atomic(b, "old", 3, 0644, 0), 0);
	/* b exists and may not be replaced: neither file is named */
	assert_int_equal(sev_outset_new(0, &o), 0);
	assert_int_equal(sev_outset_add(o, a, "new-a", 5, 0600), 0);
	assert_int_equal(sev_outset_add(o, b, "new-b", 5, 0600), 0);
	assert_int_not_equal(sev_outset_commit(o), 0);
	sev_outset_free(o);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(sev_file_read(b, 16, &buf, &len), 0);
	assert_memory_equal(buf, "old", 3);
	free(buf);
	/* with SEV_OUT_REPLACE both are named, with their mode */
	assert_int_equal(sev_outset_new(SEV_OUT_REPLACE, &o), 0);
	assert_int_equal(sev_outset_add(o, a, "new-a", 5, 0600), 0);
	assert_int_equal(sev_outset_add(o, b, "new-b", 5, 0600), 0);
	assert_int_equal(sev_outset_commit(o), 0);
	sev_outset_free(o);
	assert_int_equal(sev_file_read(b, 16, &buf, &len), 0);
	assert_memory_equal(buf, "new-b", 5);
	free(buf);
	assert_int_equal(stat(a, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_newfile(void **state)
{
	struct sev_newfile *f;
	char p[256];

	(void)state;
	path_of(p, sizeof(p), "streamed");
	assert_int_equal(sev_newfile_open(p, 0600, &f), 0);
	assert_int_equal(write(sev_newfile_fd(f), "xyz", 3), 3);
	assert_int_equal(access(p, F_OK), -1); /* no name yet */
	assert_int_equal(sev_newfile_publish(f, 0), 0);
	sev_newfile_close(f);
	assert_int_equal(access(p, F_OK), 0);
	/* a second one may not replace it without SEV_OUT_REPLACE */
	assert_int_equal(sev_newfile_open(p, 0600, &f), 0);
	assert_int_not_equal(sev_newfile_publish(f, 0), 0);
	sev_newfile_close(f);
}

static void test_secret_memory(void **state)
{
	uint8_t *p = sev_secure_alloc(64), *buf;
	char path[256];
	size_t len;

	(void)state;
	assert_non_null(p);
	memset(p, 0x5a, 64);
	sev_wipe(p, 64);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(p[i], 0);
	sev_secure_free(p);
	sev_secure_free(NULL);
	path_of(path, sizeof(path), "key");
	assert_int_equal(sev_file_write_atomic(path, "k3y", 3, 0600, 0), 0);
	assert_int_equal(sev_file_read_secret(path, 16, &buf, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "k3y", 3);
	sev_file_free_secret(buf, len);
}

static void test_time(void **state)
{
	time_t t;
	char buf[32];

	(void)state;
	assert_int_equal(sev_time_parse("2024-02-29T12:34:56Z", &t), 0);
	assert_int_equal((long long)t, 1709210096LL);
	sev_time_format(t, buf, sizeof(buf));
	assert_string_equal(buf, "2024-02-29T12:34:56Z");
	assert_int_equal(sev_time_parse("2023-02-29", &t), SEV_E_INVALID);
}

static void test_digest_names(void **state)
{
	const char *const *n = sev_digest_names();
	int sha256 = 0;

	(void)state;
	for (; *n; n++)
		sha256 += strcmp(*n, "sha256") == 0;
	assert_int_equal(sha256, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_and_numbers), cmocka_unit_test(test_sha256_file),
		cmocka_unit_test(test_base64),          cmocka_unit_test(test_outset_all_or_none),
		cmocka_unit_test(test_newfile),         cmocka_unit_test(test_secret_memory),
		cmocka_unit_test(test_time),            cmocka_unit_test(test_digest_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
