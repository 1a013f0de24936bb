/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QEMU command lines. Expected arguments follow QEMU's documentation
 * (docs/system/i386/amd-memory-encryption.rst, qapi/qom.json);
 * tests/cli/qemu-run.sh starts Debian's QEMU 7.2 with them.
 */
#include "../test.h"

#include <sevkit/domain.h>

static void expect_args(const struct sev_qemu_options *o, const char *const *want)
{
	char **argv;
	size_t argc, n = 0;

	assert_int_equal(sev_qemu_args(o, &argv, &argc), 0);
	while (want[n])
		n++;
	for (size_t i = 0; i < argc && i < n; i++)
		assert_string_equal(argv[i], want[i]);
	assert_int_equal(argc, n);
	sev_qemu_args_free(argv, argc);
}

static void sev(void **state)
{
	static const char *const want[] = {
		"qemu-system-x86_64",
		"-machine", "q35,confidential-guest-support=sev0,memory-backend=ram1",
		"-m", "256M",
		"-object", "memory-backend-memfd,id=ram1,size=256M",
		"-object", "sev-guest,id=sev0,policy=0x3,cbitpos=51,reduced-phys-bits=1",
		"-overcommit", "mem-lock=on",
		"-drive", "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd",
		NULL,
	};
	struct sev_qemu_options o = { .size = sizeof(o),
				      .mode = SEV_MODE_SEV, .cbitpos = 51, .reduced_phys_bits = 1,
				      .memory_mib = 256 };

	(void)state;
	expect_args(&o, want);
}

static void sev_es_with_session(void **state)
{
	static const char *const want[] = {
		"/opt/qemu/bin/qemu-system-x86_64",
		"-machine", "q35,confidential-guest-support=sev0,memory-backend=ram1",
		"-m", "2048M",
		"-object", "memory-backend-memfd,id=ram1,size=2048M",
		"-object", "sev-guest,id=sev0,policy=0x5,cbitpos=47,reduced-phys-bits=1,"
			   "dh-cert-file=vm_godh.b64,session-file=/tmp/a,,b/vm_session.b64,"
			   "kernel-hashes=on",
		"-overcommit", "mem-lock=on",
		"-drive", "if=pflash,format=raw,unit=0,readonly=on,file=/fw/OVMF,,x.fd",
		"-kernel", "/boot/vmlinuz", "-initrd", "/boot/initrd", "-append", "console=ttyS0 ro",
		NULL,
	};
	struct sev_qemu_options o = {
		.size = sizeof(struct sev_qemu_options),
		.mode = SEV_MODE_SEV_ES, .have_policy = true, .policy = 5, .cbitpos = 47,
		.reduced_phys_bits = 1, .memory_mib = 2048, .binary = "/opt/qemu/bin/qemu-system-x86_64",
		.firmware = "/fw/OVMF,x.fd", .dh_cert_file = "vm_godh.b64",
		.session_file = "/tmp/a,b/vm_session.b64", .kernel_hashes = true,
		.kernel = "/boot/vmlinuz", .initrd = "/boot/initrd", .append = "console=ttyS0 ro",
	};

	(void)state;
	expect_args(&o, want);
}

static void snp(void **state)
{
	/* 96, 4096 and 32 zero bytes in base64 */
	char idb[129], ida[5465], hd[45];
	static char obj[6000];
	const char *want[] = {
		"qemu-system-x86_64",
		"-machine", "q35,confidential-guest-support=sev0,memory-backend=ram1",
		"-m", "4096M",
		"-object", "memory-backend-memfd,id=ram1,size=4096M,share=true,prealloc=false",
		"-object", obj,
		"-bios", "/usr/share/ovmf/OVMF.fd",
		NULL,
	};
	struct sev_qemu_options o = { .size = sizeof(o), .mode = SEV_MODE_SEV_SNP, .cbitpos = 51,
				      .reduced_phys_bits = 1, .memory_mib = 4096, .id_block = idb,
				      .id_auth = ida, .host_data = hd, .author_key = true };

	(void)state;
	memset(idb, 'A', 128);
	idb[128] = 0;
	memset(ida, 'A', 5464);
	ida[5464] = 0;
	ida[5462] = ida[5463] = '='; /* 4096 = 3 * 1365 + 1 */
	memset(hd, 'A', 43);
	hd[43] = '=';
	hd[44] = 0;
	snprintf(obj, sizeof(obj), "sev-snp-guest,id=sev0,policy=0x30000,cbitpos=51,"
		 "reduced-phys-bits=1,id-block=%s,id-auth=%s,author-key-enabled=on,host-data=%s",
		 idb, ida, hd);
	expect_args(&o, want);
}

static void rejects(void **state)
{
	struct sev_qemu_options base = { .size = sizeof(base), .mode = SEV_MODE_SEV, .cbitpos = 51,
					 .reduced_phys_bits = 1, .memory_mib = 256 };
	struct sev_qemu_options o = SEV_INIT(struct sev_qemu_options);
	char **argv = (char **)0x1;
	size_t argc = 1;

	(void)state;
#define REJECT(field_edit)                                                        \
	do {                                                                      \
		o = base;                                                         \
		field_edit;                                                       \
		assert_int_equal(sev_qemu_args(&o, &argv, &argc), SEV_E_INVALID); \
		assert_null(argv);                                                \
		assert_int_equal(argc, 0);                                        \
	} while (0)
	REJECT(o.memory_mib = 0);
	REJECT(o.cbitpos = 64);
	REJECT((o.have_policy = true, o.policy = 0x7));          /* ES bit on SEV */
	REJECT((o.mode = SEV_MODE_SEV_ES, o.have_policy = true, o.policy = 0x1));
	REJECT((o.mode = SEV_MODE_SEV_SNP, o.have_policy = true, o.policy = 0x3));
	REJECT((o.mode = SEV_MODE_SEV_SNP, o.session_file = "s"));
	REJECT(o.host_data = "AAAA");                            /* SNP only */
	REJECT((o.mode = SEV_MODE_SEV_SNP, o.host_data = "AAAA")); /* 3 bytes */
	REJECT((o.mode = SEV_MODE_SEV_SNP, o.id_block = "!!!!"));
	REJECT((o.mode = SEV_MODE_SEV_SNP, o.author_key = true));  /* without id-auth */
	REJECT(o.kernel_hashes = true);                          /* without a kernel */
	REJECT(o.append = "x");
	REJECT(o.mode = (enum sev_mode)3);
#undef REJECT
}

static void shell_join(void **state)
{
	char *args[] = { "qemu", "-append", "console=ttyS0 root='x'", "", "a,b=c:d/e" };
	char *s = sev_shell_join(args, 5);

	(void)state;
	assert_string_equal(s, "qemu -append 'console=ttyS0 root='\\''x'\\''' '' a,b=c:d/e");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sev),
		cmocka_unit_test(sev_es_with_session),
		cmocka_unit_test(snp),
		cmocka_unit_test(rejects),
		cmocka_unit_test(shell_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
