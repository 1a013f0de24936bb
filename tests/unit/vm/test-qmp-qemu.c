/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QMP client against a real qemu-system-x86_64 (TCG, paused, no SEV): QEMU's
 * own replies for a VM without SEV (qemu-libvirt.md 6). Skipped (exit 77)
 * when QEMU is not installed.
 */
#include "../test.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/vm.h>

#define QEMU "/usr/bin/qemu-system-x86_64"

static char dir[64], sock[128];
static pid_t qemu;

static int start_qemu(void **state)
{
	char qmp[160];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sevkit-qmp-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/qmp.sock", dir);
	snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", sock);
	qemu = fork();
	if (qemu == 0) {
		execl(QEMU, QEMU, "-machine", "q35", "-accel", "tcg", "-nographic", "-nodefaults",
		      "-no-user-config", "-S", "-m", "64M", "-qmp", qmp, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		struct stat st;
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (stat(sock, &st) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int stop_qemu(void **state)
{
	(void)state;
	if (qemu > 0) {
		kill(qemu, SIGTERM);
		waitpid(qemu, NULL, 0);
	}
	unlink(sock);
	rmdir(dir);
	return 0;
}

static void non_sev_vm_replies(void **state)
{
	struct sev_qmp_status st = SEV_INIT(struct sev_qmp_status);
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	struct sev_qmp *q;
	uint8_t blob[48], header[52] = { 0 }, payload[16] = { 0 };
	char *ret = NULL;

	(void)state;
	assert_int_equal(sev_qmp_connect(sock, 10000, &q), 0);
	assert_int_equal(sev_qmp_query_status(q, &st), 0);
	assert_string_equal(st.status, "prelaunch");
	assert_false(st.running);
	assert_int_equal(sev_qmp_query_sev(q, &sev), 0);
	assert_false(sev.enabled);
	assert_string_equal(sev.state, "uninit");
	assert_int_equal(sev_qmp_query_launch_measure(q, blob), SEV_E_DEVICE);
	assert_string_equal(sev_qmp_error(q), "SEV launch measurement is not available");
	assert_int_equal(sev_qmp_execute(q, "query-sev-capabilities", NULL, &ret), SEV_E_DEVICE);
	assert_null(ret);
	assert_string_equal(sev_qmp_error(q), "KVM not enabled");
	assert_int_equal(sev_qmp_inject_launch_secret(q, header, payload, sizeof(payload)),
			 SEV_E_DEVICE);
	assert_string_equal(sev_qmp_error(q), "SEV not enabled for guest");
	assert_int_equal(sev_qmp_execute(q, "no-such-command", NULL, NULL), SEV_E_DEVICE);
	assert_non_null(strstr(sev_qmp_error(q), "no-such-command"));
	assert_int_equal(sev_qmp_execute(q, "query-version", NULL, &ret), 0);
	assert_non_null(strstr(ret, "\"qemu\""));
	free(ret);
	/* nothing above resumed the VM */
	assert_int_equal(sev_qmp_query_status(q, &st), 0);
	assert_false(st.running);
	sev_qmp_close(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(non_sev_vm_replies),
	};

	if (access(QEMU, X_OK) != 0) {
		printf("skipped: %s is not installed (apt-get install qemu-system-x86)\n", QEMU);
		return 77;
	}
	return cmocka_run_group_tests(tests, start_qemu, stop_qemu);
}
