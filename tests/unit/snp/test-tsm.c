/* SPDX-License-Identifier: Apache-2.0 */
/*
 * configfs-tsm reports against a fake configfs: a temporary directory laid
 * out like /sys/kernel/config/tsm/report, driven through the real file code,
 * with the kernel's part (attributes appear on mkdir, generation counts
 * writes, outblob holds the recorded real report) played by a wrapper.
 */
#include "snp-test.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snp/guest.h"

static const char *const attrs[] = { "provider", "generation", "privlevel_floor", "inblob",
				     "outblob", "auxblob", "privlevel" };

struct fake {
	struct sk_tsm_fs real;
	char dir[256];
	uint8_t report[SEV_SNP_REPORT_SIZE];
	unsigned generation;
	unsigned floor;
	const char *provider;
	bool rogue;      /* another writer bumps generation while we read outblob */
	bool removed;
	uint8_t inblob[64];
	char privlevel[8];
};

static void put_file(struct fake *f, const char *entry, const char *attr, const void *data,
		     size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", f->dir, entry, attr);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void put_generation(struct fake *f, const char *entry)
{
	char g[16];

	snprintf(g, sizeof(g), "%u\n", f->generation);
	put_file(f, entry, "generation", g, strlen(g));
}

static int fake_mkdir(void *ctx, const char *entry)
{
	struct fake *f = ctx;
	char floor[8];
	int rc = f->real.mkdir(f->real.ctx, entry);

	if (rc)
		return rc;
	put_file(f, entry, "provider", f->provider, strlen(f->provider));
	put_generation(f, entry);
	snprintf(floor, sizeof(floor), "%u\n", f->floor);
	put_file(f, entry, "privlevel_floor", floor, strlen(floor));
	for (size_t i = 3; i < SK_ARRAY_SIZE(attrs); i++)
		put_file(f, entry, attrs[i], "", 0);
	return 0;
}

static int fake_rmdir(void *ctx, const char *entry)
{
	struct fake *f = ctx;
	char path[512];

	for (size_t i = 0; i < SK_ARRAY_SIZE(attrs); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", f->dir, entry, attrs[i]);
		unlink(path);
	}
	f->removed = true;
	return f->real.rmdir(f->real.ctx, entry);
}

/* The kernel's side of a write: check it, count it, and answer in outblob/auxblob. */
static int fake_write(void *ctx, const char *path, const void *data, size_t len)
{
	struct fake *f = ctx;
	char entry[128];
	const char *attr = strchr(path, '/') + 1;
	int rc = f->real.write(f->real.ctx, path, data, len);

	if (rc)
		return rc;
	snprintf(entry, sizeof(entry), "%.*s", (int)(attr - 1 - path), path);
	if (!strcmp(attr, "inblob")) {
		if (len != 64) /* sev_guest requires exactly 64 bytes */
			return -EINVAL;
		memcpy(f->inblob, data, 64);
		put_file(f, entry, "outblob", f->report, sizeof(f->report));
		put_file(f, entry, "auxblob", "\0\0\0\0", 4);
	} else if (!strcmp(attr, "privlevel")) {
		snprintf(f->privlevel, sizeof(f->privlevel), "%.*s", (int)len, (const char *)data);
		if ((unsigned)atoi(f->privlevel) < f->floor)
			return -EINVAL;
	}
	f->generation++;
	put_generation(f, entry);
	return 0;
}

static int fake_read(void *ctx, const char *path, uint8_t **buf, size_t *len)
{
	struct fake *f = ctx;
	char entry[128];
	const char *attr = strchr(path, '/') + 1;

	snprintf(entry, sizeof(entry), "%.*s", (int)(attr - 1 - path), path);
	if (f->rogue && !strcmp(attr, "outblob")) {
		f->generation++;
		put_generation(f, entry);
	}
	return f->real.read(f->real.ctx, path, buf, len);
}

static struct sk_tsm_fs fake_fs(struct fake *f)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	memset(f, 0, sizeof(*f));
	memcpy(f->report, buf, len);
	free(buf);
	f->provider = "sev_guest\n";
	snprintf(f->dir, sizeof(f->dir), "/tmp/sevkit-tsm-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(sk_tsm_fs_open(f->dir, &f->real), 0);
	return (struct sk_tsm_fs){ f, fake_mkdir, fake_rmdir, fake_read, fake_write, NULL };
}

static void fake_done(struct fake *f)
{
	f->real.close(f->real.ctx);
	assert_int_equal(rmdir(f->dir), 0); /* empty: the entry was removed */
}

static const uint8_t data[64] = { 1, 2, 3, 4, 5 };

static void report_through_configfs(void **state)
{
	struct fake f;
	struct sk_tsm_fs fs = fake_fs(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	assert_int_equal(sk_tsm_report(&fs, data, -1, false, report, NULL, NULL), 0);
	assert_memory_equal(report, f.report, SEV_SNP_REPORT_SIZE);
	assert_memory_equal(f.inblob, data, 64);
	assert_string_equal(f.privlevel, ""); /* floor 0: left at the default */
	assert_true(f.removed);
	fake_done(&f);
}

static void extended_report_reads_auxblob(void **state)
{
	struct fake f;
	struct sk_tsm_fs fs = fake_fs(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE], *certs = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sk_tsm_report(&fs, data, 0, true, report, &certs, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(f.privlevel, "0\n");
	free(certs);
	fake_done(&f);
}

/* Under an SVSM the floor is 2: the default follows it, a lower VMPL is refused. */
static void privlevel_floor(void **state)
{
	struct fake f;
	struct sk_tsm_fs fs = fake_fs(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	f.floor = 2;
	assert_int_equal(sk_tsm_report(&fs, data, -1, false, report, NULL, NULL), 0);
	assert_string_equal(f.privlevel, "2\n");
	assert_int_equal(sk_tsm_report(&fs, data, 3, false, report, NULL, NULL), 0);
	assert_string_equal(f.privlevel, "3\n");
	assert_int_equal(sk_tsm_report(&fs, data, 1, false, report, NULL, NULL), SEV_E_INVALID);
	fake_done(&f);
}

static void concurrent_writer_detected(void **state)
{
	struct fake f;
	struct sk_tsm_fs fs = fake_fs(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	f.rogue = true;
	assert_int_equal(sk_tsm_report(&fs, data, -1, false, report, NULL, NULL), SEV_E_DEVICE);
	assert_true(f.removed);
	fake_done(&f);
}

static void other_provider_refused(void **state)
{
	struct fake f;
	struct sk_tsm_fs fs = fake_fs(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	f.provider = "tdx_guest\n";
	assert_int_equal(sk_tsm_report(&fs, data, -1, false, report, NULL, NULL),
			 SEV_E_UNSUPPORTED);
	fake_done(&f);
}

/* A plain directory is not configfs: no attributes appear, the entry is removed again. */
static void plain_directory_refused(void **state)
{
	struct sev_snp_fetch_opts o = { .size = sizeof(o), .vmpl = -1, .via = SEV_SNP_VIA_TSM };
	uint8_t report[SEV_SNP_REPORT_SIZE], *certs;
	char dir[] = "/tmp/sevkit-tsm-XXXXXX";
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	o.tsm_dir = dir;
	assert_int_equal(sev_snp_fetch_report(&o, report, &certs, &n), SEV_E_DEVICE);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_through_configfs),
		cmocka_unit_test(extended_report_reads_auxblob),
		cmocka_unit_test(privlevel_floor),
		cmocka_unit_test(concurrent_writer_detected),
		cmocka_unit_test(other_provider_refused),
		cmocka_unit_test(plain_directory_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
