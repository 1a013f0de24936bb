/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Growable structs through real public functions: a caller built against an older header
 * (its size ends before a field) gets that field's default and has nothing written past its
 * size; a struct whose size is not set is refused.
 */
#include "../test.h"

#include <sevkit/domain.h>
#include <sevkit/measure.h>
#include <sevkit/verity.h>

#define TRIMMED "sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9"

static bool has_arg(char **argv, size_t argc, const char *arg)
{
	for (size_t i = 0; i < argc; i++)
		if (strcmp(argv[i], arg) == 0)
			return true;
	return false;
}

/* sev_qemu_options: append is its last field */
static void qemu_args_older_caller(void **state)
{
	struct sev_qemu_options o = { .size = sizeof(o), .mode = SEV_MODE_SEV, .cbitpos = 51,
				      .reduced_phys_bits = 1, .memory_mib = 256,
				      .kernel = "/boot/vmlinuz", .append = "console=ttyS0" };
	char **argv;
	size_t argc;

	(void)state;
	assert_int_equal(sev_qemu_args(&o, &argv, &argc), 0);
	assert_true(has_arg(argv, argc, "-append"));
	sev_qemu_args_free(argv, argc);
	/* an older caller's struct ends before append: what lies there is not its field */
	o.size = offsetof(struct sev_qemu_options, append);
	assert_int_equal(sev_qemu_args(&o, &argv, &argc), 0);
	assert_true(has_arg(argv, argc, "-kernel"));
	assert_false(has_arg(argv, argc, "-append"));
	assert_false(has_arg(argv, argc, "console=ttyS0"));
	sev_qemu_args_free(argv, argc);
	o.size = 0;
	assert_int_equal(sev_qemu_args(&o, &argv, &argc), SEV_E_INVALID);
	assert_null(argv);
}

/* sev_verity_boot: waitfor is its last field before the reserved byte */
static void verity_boot_older_caller(void **state)
{
	struct sev_verity_params p;
	struct sev_verity_boot b = { .size = sizeof(b), .data_device = "/dev/vda",
				     .hash_device = "/dev/vdb", .waitfor = true };
	uint8_t root[32] = { 1 };
	char *line;

	(void)state;
	sev_verity_params_init(&p);
	p.data_blocks = 129;
	assert_int_equal(sev_verity_cmdline_dm(&p, root, sizeof(root), &b, &line), 0);
	assert_non_null(strstr(line, "dm-mod.waitfor=/dev/vda"));
	free(line);
	b.size = offsetof(struct sev_verity_boot, waitfor);
	assert_int_equal(sev_verity_cmdline_dm(&p, root, sizeof(root), &b, &line), 0);
	assert_null(strstr(line, "waitfor"));
	free(line);
	b.size = 0;
	assert_int_equal(sev_verity_cmdline_dm(&p, root, sizeof(root), &b, &line), SEV_E_INVALID);
	b.size = sizeof(b);
	p.size = 0;
	assert_int_equal(sev_verity_cmdline_dm(&p, root, sizeof(root), &b, &line), SEV_E_INVALID);
}

/* An output: the caller knows the fields up to es_reset_eip; the bytes after are its own. */
static void ovmf_table_older_caller(void **state)
{
	const size_t known = offsetof(struct sev_ovmf_table, es_reset_eip) + sizeof(uint32_t);
	union {
		struct sev_ovmf_table t;
		unsigned char b[sizeof(struct sev_ovmf_table) + 16];
	} u;
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	memset(&u, 0xa5, sizeof(u));
	u.t.size = known;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &u.t), 0);
	assert_int_equal(u.t.size, known);
	assert_int_equal(u.t.entries, 4);
	assert_true(u.t.has_es_reset && u.t.has_secret && u.t.has_hashes);
	assert_false(u.t.has_metadata);
	assert_int_equal(u.t.es_reset_eip, 0x80b004);
	for (size_t i = known; i < sizeof(u); i++)
		assert_int_equal(u.b[i], 0xa5); /* guard: nothing written past its size */
	/* a newer caller's larger struct gets zeros where this library has no field */
	memset(&u, 0xa5, sizeof(u));
	u.t.size = sizeof(u);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &u.t), 0);
	assert_int_equal(u.t.hashes_size, 0x400);
	for (size_t i = sizeof(u.t); i < sizeof(u); i++)
		assert_int_equal(u.b[i], 0);
	u.t.size = 0;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &u.t), SEV_E_INVALID);
	free(fw);
}

/* An output that a caller's older struct cannot hold in part is still refused when unset. */
static void domain_lint_size_not_set(void **state)
{
	static const char xml[] = "<domain type='kvm'><name>a</name></domain>";
	struct sev_findings f = { 0 };
	struct sev_lint_options o = { 0 };

	(void)state;
	assert_int_equal(sev_domain_lint(xml, sizeof(xml) - 1, NULL, &f), SEV_E_INVALID);
	f.size = sizeof(f);
	assert_int_equal(sev_domain_lint(xml, sizeof(xml) - 1, &o, &f), SEV_E_INVALID);
	assert_int_equal(sev_domain_lint(xml, sizeof(xml) - 1, NULL, &f), 0);
	assert_true(f.n > 0);
	sev_findings_free(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_args_older_caller),
		cmocka_unit_test(verity_boot_older_caller),
		cmocka_unit_test(ovmf_table_older_caller),
		cmocka_unit_test(domain_lint_size_not_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
