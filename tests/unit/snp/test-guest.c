/* SPDX-License-Identifier: Apache-2.0 */
/* /dev/sev-guest requests through a fake device that answers with the recorded real report. */
#include "snp-test.h"

#include <errno.h>

#include "snp/guest.h"

struct fake {
	uint8_t report[SEV_SNP_REPORT_SIZE];
	uint32_t status;       /* firmware status to answer with */
	int fail;              /* -errno of the ioctl, 0 for success */
	uint32_t certs_needed; /* the host's certificate table size */
	uint32_t report_size;  /* REPORT_SIZE to answer with */
	int calls;
	uint8_t last_req[96];
	size_t last_req_len;
};

static int fake_request(void *ctx, unsigned nr, const uint8_t *req, size_t req_len,
			uint8_t *resp, size_t resp_len, uint8_t *certs, uint32_t *certs_len,
			uint64_t *exitinfo2)
{
	struct fake *f = ctx;

	f->calls++;
	memcpy(f->last_req, req, req_len);
	f->last_req_len = req_len;
	*exitinfo2 = 0;
	if (f->fail)
		return f->fail;
	if (nr == 2 && *certs_len < f->certs_needed) {
		*certs_len = f->certs_needed;
		*exitinfo2 = 1ull << 32; /* SNP_GUEST_VMM_ERR_INVALID_LEN */
		return -EIO;
	}
	memset(resp, 0, resp_len);
	sk_put_le32(resp, f->status);
	if (nr == 1) {
		for (int i = 0; i < 32; i++)
			resp[32 + i] = (uint8_t)(0xa0 + i);
		return 0;
	}
	sk_put_le32(resp + 4, f->report_size);
	memcpy(resp + 32, f->report, SEV_SNP_REPORT_SIZE);
	if (nr == 2)
		memset(certs, 0x5a, 24); /* not a table; the caller gets the bytes as they are */
	return 0;
}

static struct sk_snp_device fake_device(struct fake *f)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	memset(f, 0, sizeof(*f));
	memcpy(f->report, buf, len);
	f->report_size = SEV_SNP_REPORT_SIZE;
	free(buf);
	return (struct sk_snp_device){ f, fake_request, NULL };
}

static const uint8_t data[64] = { 1, 2, 3, 4, 5 };

static void report_request(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	assert_int_equal(sk_snp_device_report(&dev, data, 2, false, report, NULL, NULL), 0);
	assert_memory_equal(report, f.report, SEV_SNP_REPORT_SIZE);
	assert_int_equal(f.last_req_len, 96);
	assert_memory_equal(f.last_req, data, 64);
	assert_int_equal(sk_get_le32(f.last_req + 64), 2);
	assert_true(sk_all_zero(f.last_req + 68, 28));
}

/* The host needs a bigger buffer: the kernel says how big, and the request is repeated. */
static void extended_report_retries_with_size(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE], *certs = NULL;
	size_t certs_len = 0;

	(void)state;
	f.certs_needed = 0x5000;
	assert_int_equal(sk_snp_device_report(&dev, data, 0, true, report, &certs, &certs_len), 0);
	assert_int_equal(f.calls, 2);
	assert_int_equal(certs_len, 0x5000);
	assert_int_equal(certs[0], 0x5a);
	free(certs);
}

static void firmware_status_refused(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE], key[32], *certs = NULL;
	struct sev_snp_key_request req = SEV_INIT(struct sev_snp_key_request);
	size_t certs_len;

	(void)state;
	f.status = 0x16; /* INVALID_PARAM */
	assert_int_equal(sk_snp_device_report(&dev, data, 0, false, report, NULL, NULL),
			 SEV_E_DEVICE);
	assert_int_equal(sk_snp_device_report(&dev, data, 0, true, report, &certs, &certs_len),
			 SEV_E_DEVICE);
	assert_null(certs);
	assert_int_equal(sk_snp_device_derive_key(&dev, &req, key), SEV_E_DEVICE);
}

static void driver_errors_refused(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	f.fail = -ENOTTY; /* the VMPCK was disabled */
	assert_int_equal(sk_snp_device_report(&dev, data, 0, false, report, NULL, NULL),
			 SEV_E_DEVICE);
	f.fail = -EACCES;
	assert_int_equal(sk_snp_device_report(&dev, data, 0, false, report, NULL, NULL), -EACCES);
}

static void wrong_report_size_refused(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	uint8_t report[SEV_SNP_REPORT_SIZE];

	(void)state;
	f.report_size = 1000;
	assert_int_equal(sk_snp_device_report(&dev, data, 0, false, report, NULL, NULL),
			 SEV_E_FORMAT);
	f.report_size = 4000;
	assert_int_equal(sk_snp_device_report(&dev, data, 0, false, report, NULL, NULL),
			 SEV_E_FORMAT);
}

static void derived_key_request(void **state)
{
	struct fake f;
	struct sk_snp_device dev = fake_device(&f);
	struct sev_snp_key_request req = {
		.size = sizeof(req),
		.root_key = SEV_SNP_ROOT_VMRK,
		.guest_field_select = SEV_SNP_GFS_MEASUREMENT | SEV_SNP_GFS_POLICY,
		.vmpl = 1,
		.guest_svn = 7,
		.tcb_version = 0x4405000000000002ull,
	};
	uint8_t key[32];

	(void)state;
	assert_int_equal(sk_snp_device_derive_key(&dev, &req, key), 0);
	assert_int_equal(f.last_req_len, 32);
	assert_int_equal(sk_get_le32(f.last_req), 1);
	assert_true(sk_get_le64(f.last_req + 8) == 9);
	assert_int_equal(sk_get_le32(f.last_req + 16), 1);
	assert_int_equal(sk_get_le32(f.last_req + 20), 7);
	assert_true(sk_get_le64(f.last_req + 24) == 0x4405000000000002ull);
	assert_int_equal(key[0], 0xa0);
	assert_int_equal(key[31], 0xbf);
	req.guest_field_select = 1u << 6;
	assert_int_equal(sk_snp_device_derive_key(&dev, &req, key), SEV_E_INVALID);
	req.guest_field_select = 0;
	req.vmpl = 4;
	assert_int_equal(sk_snp_device_derive_key(&dev, &req, key), SEV_E_INVALID);
}

static void missing_device_refused(void **state)
{
	struct sev_snp_fetch_opts o = { .size = sizeof(o), .vmpl = -1, .via = SEV_SNP_VIA_IOCTL,
					.device = "/nonexistent/sev-guest" };
	struct sev_snp_key_request req = SEV_INIT(struct sev_snp_key_request);
	uint8_t report[SEV_SNP_REPORT_SIZE], key[32], *certs;
	size_t n;

	(void)state;
	assert_int_equal(sev_snp_fetch_report(&o, report, &certs, &n), SEV_E_DEVICE);
	o.via = SEV_SNP_VIA_AUTO;
	o.tsm_dir = "/nonexistent/tsm";
	assert_int_equal(sev_snp_fetch_report(&o, report, &certs, &n), SEV_E_DEVICE);
	o.via = SEV_SNP_VIA_TSM;
	assert_int_equal(sev_snp_fetch_report(&o, report, &certs, &n), SEV_E_DEVICE);
	o.vmpl = 4;
	assert_int_equal(sev_snp_fetch_report(&o, report, &certs, &n), SEV_E_INVALID);
	assert_int_equal(sev_snp_derive_key("/nonexistent/sev-guest", &req, key), SEV_E_DEVICE);
	/* a file that is not the driver: the ioctl is refused */
	assert_int_equal(sev_snp_derive_key("/dev/null", &req, key), SEV_E_DEVICE);
}

static void field_select_names(void **state)
{
	uint64_t m;

	(void)state;
	assert_int_equal(sev_snp_gfs_by_name("measurement", &m), 0);
	assert_true(m == SEV_SNP_GFS_MEASUREMENT);
	assert_int_equal(sev_snp_gfs_by_name("tcb_version", &m), 0);
	assert_true(m == SEV_SNP_GFS_TCB_VERSION);
	assert_int_equal(sev_snp_gfs_by_name("launch_mit_vector", &m), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_request),
		cmocka_unit_test(extended_report_retries_with_size),
		cmocka_unit_test(firmware_status_refused),
		cmocka_unit_test(driver_errors_refused),
		cmocka_unit_test(wrong_report_size_refused),
		cmocka_unit_test(derived_key_request),
		cmocka_unit_test(missing_device_refused),
		cmocka_unit_test(field_select_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
