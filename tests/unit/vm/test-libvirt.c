/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The libvirt calls against libvirt's own test driver (test:///default, in
 * this process, no daemon): its built-in domain "test", id 1, UUID
 * 6695eb01-f6a4-8304-79aa-97f2502e193f, running with 2 vCPUs, as libvirt
 * documents it. The daemon-backed paths (dump, SEV refusals) are in
 * tests/e2e/libvirt.sh.
 */
#include "../test.h"

#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>
#include <sevkit/libvirt.h>

#define URI "test:///default"
#define UUID "6695eb01-f6a4-8304-79aa-97f2502e193f"

static void lookup_by_name_id_uuid(void **state)
{
	const char *names[] = { "test", "1", UUID };
	struct sev_libvirt *v = NULL;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct sev_libvirt_state st = SEV_INIT(struct sev_libvirt_state);

		assert_int_equal(sev_libvirt_open(URI, names[i], &v), 0);
		assert_int_equal(sev_libvirt_state(v, &st), 0);
		assert_string_equal(st.name, "test");
		assert_true(st.active);
		assert_false(st.paused);
		assert_int_equal(st.vcpus, 2);
		assert_false(st.remote); /* the test driver answers with this host's name */
		sev_libvirt_close(v);
	}
	assert_int_equal(sev_libvirt_open(URI, "no-such-domain", &v), SEV_E_DEVICE);
	assert_null(v);
	assert_int_equal(sev_libvirt_open("bogus:///nothing", "test", &v), SEV_E_DEVICE);
	assert_int_equal(sev_libvirt_open(URI, "", &v), SEV_E_INVALID);
}

/* Redefine the domain with launch security, as `domain convert --define` does, and read it back. */
static void define_and_read_back(void **state)
{
	struct sev_domain_boot b = SEV_INIT(struct sev_domain_boot);
	struct sev_libvirt *v = NULL;
	char *xml = NULL, *sev = NULL, *cut;

	(void)state;
	assert_int_equal(sev_libvirt_open(URI, "test", &v), 0);
	assert_int_equal(sev_libvirt_xml(v, SEV_LIBVIRT_XML_INACTIVE, &xml), 0);
	assert_non_null(strstr(xml, "<name>test</name>"));
	assert_int_equal(sev_libvirt_xml(v, 2, &sev), SEV_E_INVALID);
	cut = strstr(xml, "</domain>");
	assert_non_null(cut);
	*cut = 0;
	assert_true(asprintf(&sev, "%s<launchSecurity type='sev'><cbitpos>51</cbitpos>"
			     "<reducedPhysBits>1</reducedPhysBits><policy>0x0003</policy>"
			     "</launchSecurity></domain>", xml) > 0);
	assert_int_equal(sev_libvirt_define(v, sev), 0);
	free(xml);
	assert_int_equal(sev_libvirt_xml(v, SEV_LIBVIRT_XML_INACTIVE, &xml), 0);
	assert_int_equal(sev_domain_boot_read(xml, strlen(xml), &b), 0);
	assert_true(b.sev);
	assert_false(b.dh_cert);
	sev_domain_boot_free(&b);
	assert_int_equal(sev_libvirt_define(v, "<domain type='test'>"), SEV_E_DEVICE);
	free(xml);
	free(sev);
	sev_libvirt_close(v);
}

/* The test driver's domain has no SEV: the launch calls fail in one logged line, exit 4's code. */
static void no_launch_security(void **state)
{
	struct sev_qmp_sev info = SEV_INIT(struct sev_qmp_sev);
	struct sev_libvirt *v = NULL;
	uint8_t blob[48], header[52] = { 0 }, payload[32] = { 0 };

	(void)state;
	assert_int_equal(sev_libvirt_open(URI, "test", &v), 0);
	assert_int_equal(sev_libvirt_launch_measure(v, blob, &info), SEV_E_DEVICE);
	assert_false(info.enabled);
	assert_int_equal(sev_libvirt_inject_launch_secret(v, header, payload, sizeof(payload)),
			 SEV_E_DEVICE);
	assert_int_equal(sev_libvirt_core_dump(v, "/nonexistent/dump", "zip"), SEV_E_INVALID);
	sev_libvirt_close(v);
}

static void boot_facts(void **state)
{
	static const char xml[] =
		"<domain type='kvm'><name>g</name><memory>1</memory><os><type>hvm</type>"
		"<loader readonly='yes' type='pflash'> /usr/share/OVMF/OVMF_CODE.fd </loader>"
		"<nvram>/var/lib/vars.fd</nvram><kernel>/k</kernel><initrd>/i</initrd>"
		"<cmdline>console=ttyS0 root=/dev/vda</cmdline></os>"
		"<launchSecurity type='sev' kernelHashes='yes'><dhCert>AA==</dhCert>"
		"<session>AA==</session><policy>0x0003</policy></launchSecurity></domain>";
	struct sev_domain_boot b = SEV_INIT(struct sev_domain_boot);

	(void)state;
	assert_int_equal(sev_domain_boot_read(xml, strlen(xml), &b), 0);
	assert_true(b.sev && b.kernel_hashes && b.dh_cert && b.session && b.nvram);
	assert_int_equal(b.loaders, 1);
	assert_string_equal(b.loader, "/usr/share/OVMF/OVMF_CODE.fd");
	assert_string_equal(b.kernel, "/k");
	assert_string_equal(b.initrd, "/i");
	assert_string_equal(b.cmdline, "console=ttyS0 root=/dev/vda");
	sev_domain_boot_free(&b);
	assert_null(b.loader);
	assert_int_equal(sev_domain_boot_read("<domain>", 8, &b), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_by_name_id_uuid),
		cmocka_unit_test(define_and_read_back),
		cmocka_unit_test(no_launch_security),
		cmocka_unit_test(boot_facts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
