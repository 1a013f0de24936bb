/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sev_domain_convert against the hand-written expected domains of
 * tests/vectors/domain/README.md, plus each rejection path.
 */
#include "vm-test.h"

#include <sevkit/domain.h>

static int n_changes;

static void count_change(const char *what, const char *why, void *ctx)
{
	(void)ctx;
	assert_true(what[0] && why[0]);
	n_changes++;
}

static struct sev_domain_options opts(enum sev_mode mode)
{
	struct sev_domain_options o = { .size = sizeof(o), .mode = mode, .have_cbitpos = true,
					.cbitpos = 51, .reduced_phys_bits = 1 };
	return o;
}

static char *convert_ok(const char *xml, const struct sev_domain_options *o)
{
	char *out = NULL;
	size_t len = 0;

	n_changes = 0;
	assert_int_equal(sev_domain_convert(xml, strlen(xml), o, count_change, NULL, &out, &len),
			 0);
	assert_int_equal(strlen(out), len);
	return out;
}

static void golden(enum sev_mode mode, const char *expected_rel)
{
	struct sev_domain_options o = opts(mode);
	char *in = fixture("domain/fedora-kcli.xml"), *exp = fixture(expected_rel);
	char *out = convert_ok(in, &o), *again;
	char *c_out = canonical(out), *c_exp = canonical(exp);

	assert_true(n_changes > 10);
	assert_string_equal(c_out, c_exp);
	/* converting the result again changes nothing, byte for byte */
	again = convert_ok(out, &o);
	assert_int_equal(n_changes, 0);
	assert_string_equal(again, out);
	free(in);
	free(exp);
	free(out);
	free(again);
	free(c_out);
	free(c_exp);
}

static void golden_sev(void **state)
{
	(void)state;
	golden(SEV_MODE_SEV, "domain/fedora-kcli.sev.xml");
}

static void golden_sev_es(void **state)
{
	(void)state;
	golden(SEV_MODE_SEV_ES, "domain/fedora-kcli.sev-es.xml");
}

static void golden_sev_snp(void **state)
{
	(void)state;
	golden(SEV_MODE_SEV_SNP, "domain/fedora-kcli.sev-snp.xml");
}

static void expect_fail(const char *xml, const struct sev_domain_options *o, int code)
{
	char *out = (char *)0x1;
	size_t len = 1;

	assert_int_equal(sev_domain_convert(xml, strlen(xml), o, NULL, NULL, &out, &len), code);
	assert_null(out);
	assert_int_equal(len, 0);
}

static void rejects_bad_documents(void **state)
{
	struct sev_domain_options o = opts(SEV_MODE_SEV);

	(void)state;
	expect_fail("<domain><os><type>hvm</type></os>", &o, SEV_E_FORMAT);      /* truncated */
	expect_fail("<network><name>x</name></network>", &o, SEV_E_FORMAT);      /* not a domain */
	expect_fail("<!DOCTYPE domain [<!ENTITY a 'b'>]><domain>&a;</domain>", &o, SEV_E_FORMAT);
	expect_fail("<domain><name>no os</name></domain>", &o, SEV_E_FORMAT);
	expect_fail("<domain><os/></domain>", &o, SEV_E_FORMAT);                /* no <type> */
	expect_fail("<domain><os><type arch='aarch64'>hvm</type></os></domain>", &o,
		    SEV_E_INVALID);
	expect_fail("", &o, SEV_E_FORMAT);
}

static void rejects_bad_options(void **state)
{
	const char *xml = "<domain><os><type arch='x86_64'>hvm</type></os></domain>";
	struct sev_domain_options o = opts(SEV_MODE_SEV);

	(void)state;
	o.have_policy = true;
	o.policy = 0x7; /* ES bit on a plain SEV guest */
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV_ES);
	o.have_policy = true;
	o.policy = 0x3; /* SEV-ES without the ES bit */
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV_SNP);
	o.have_policy = true;
	o.policy = 0x10000; /* reserved bit 17 clear */
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV_SNP);
	o.session = "AAAA";
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV);
	o.host_data = "AAAA";
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV_SNP);
	o.host_data = "AAAA"; /* 3 bytes, not 32 */
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV);
	o.kernel_hashes = true; /* no <kernel> */
	expect_fail(xml, &o, SEV_E_INVALID);
	o = opts(SEV_MODE_SEV);
	o.firmware = "OVMF.fd";
	expect_fail(xml, &o, SEV_E_INVALID);
	/* no geometry from options, none from this host unless it is an AMD SEV host */
	o = opts(SEV_MODE_SEV);
	o.have_cbitpos = false;
	{
		uint32_t c, r;

		if (sev_host_cbitpos(&c, &r) != 0)
			expect_fail(xml, &o, SEV_E_INVALID);
	}
}

/* The guest owner's blobs, kernel hashes and an existing launchSecurity kept or replaced. */
static void launch_inputs(void **state)
{
	const char *xml = "<domain><name>k</name><memory unit='MiB'>1024</memory>"
			  "<memtune><hard_limit unit='MiB'>1024</hard_limit></memtune>"
			  "<os><type arch='x86_64' machine='q35'>hvm</type>"
			  "<kernel>/boot/vmlinuz</kernel></os></domain>";
	struct sev_domain_options o = opts(SEV_MODE_SEV_ES);
	char *out, *out2, *out3;

	(void)state;
	o.kernel_hashes = true;
	o.dh_cert = "ZGhjZXJ0";
	o.session = "c2Vzc2lvbg==";
	o.have_policy = true;
	o.policy = 0x5;
	out = convert_ok(xml, &o);
	assert_non_null(strstr(out, "<launchSecurity type=\"sev\" kernelHashes=\"yes\">"));
	assert_non_null(strstr(out, "<policy>0x0005</policy>"));
	assert_non_null(strstr(out, "<dhCert>ZGhjZXJ0</dhCert>"));
	assert_non_null(strstr(out, "<session>c2Vzc2lvbg==</session>"));
	/* 1 GiB + 256 MiB, in KiB: the hard limit was too low for locked memory */
	assert_non_null(strstr(out, "<hard_limit unit=\"KiB\">1310720</hard_limit>"));
	/* a second run without options keeps the policy and the blobs */
	o = opts(SEV_MODE_SEV_ES);
	out2 = convert_ok(out, &o);
	assert_int_equal(n_changes, 0);
	assert_string_equal(out2, out);
	/* back to plain SEV: the domain's policy is kept with the ES bit cleared */
	o = opts(SEV_MODE_SEV);
	{
		char *plain = convert_ok(out, &o);

		assert_non_null(strstr(plain, "<policy>0x0001</policy>"));
		assert_non_null(strstr(plain, "<dhCert>ZGhjZXJ0</dhCert>"));
		free(plain);
	}
	/* switching to SEV-SNP replaces the element: no dhCert, session or SEV policy */
	o = opts(SEV_MODE_SEV_SNP);
	o.host_data = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
	out3 = convert_ok(out2, &o);
	assert_non_null(strstr(out3, "<launchSecurity type=\"sev-snp\">"));
	assert_non_null(strstr(out3, "<policy>0x30000</policy>"));
	assert_non_null(strstr(out3, "<hostData>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</hostData>"));
	assert_null(strstr(out3, "dhCert"));
	free(out);
	free(out2);
	free(out3);
}

/* Rules that the kcli domain does not exercise. */
static void other_devices(void **state)
{
	const char *xml =
		"<domain><name>d</name><os firmware='efi'><type arch='x86_64' machine='pc'>hvm"
		"</type></os><features><smm state='on'/></features><devices>"
		"<disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>"
		"<disk type='file' device='disk'><target dev='hda' bus='ide'/></disk>"
		"<controller type='scsi' index='0' model='lsilogic'/>"
		"<interface type='network'><rom bar='off' file='/x.rom'/></interface>"
		"<interface type='hostdev'><model type='e1000'/></interface>"
		"<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>"
		"<input type='keyboard' bus='virtio'/><video><model type='virtio'/></video>"
		"<vsock model='virtio'><cid auto='yes'/></vsock></devices></domain>";
	struct sev_domain_options o = opts(SEV_MODE_SEV_ES);
	char *out;

	(void)state;
	o.firmware = "/opt/OVMF.amdsev.fd";
	out = convert_ok(xml, &o);
	assert_non_null(strstr(out, "<target dev=\"vda\" bus=\"virtio\"/>\n      <driver iommu=\"on\"/>"));
	assert_non_null(strstr(out, "<target dev=\"sda\" bus=\"scsi\"/>")); /* hda -> first free */
	assert_non_null(strstr(out, "model=\"virtio-scsi\""));
	assert_null(strstr(out, "lsilogic"));
	assert_non_null(strstr(out, "<rom enabled=\"no\"/>"));
	assert_null(strstr(out, "x.rom"));
	assert_non_null(strstr(out, "<model type=\"e1000\"/>")); /* hostdev NICs untouched */
	assert_non_null(strstr(out, "<smm state=\"off\"/>"));
	assert_non_null(strstr(out, "stateless=\"yes\">/opt/OVMF.amdsev.fd</loader>"));
	assert_non_null(strstr(out, "<policy>0x0007</policy>"));
	/* rng, input, video, vsock, both NICs' virtio one, two controllers, one disk */
	{
		size_t n = 0;

		for (const char *p = strstr(out, "iommu=\"on\""); p; p = strstr(p + 1, "iommu=\"on\""))
			n++;
		assert_int_equal(n, 7);
	}
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_sev),
		cmocka_unit_test(golden_sev_es),
		cmocka_unit_test(golden_sev_snp),
		cmocka_unit_test(rejects_bad_documents),
		cmocka_unit_test(rejects_bad_options),
		cmocka_unit_test(launch_inputs),
		cmocka_unit_test(other_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
