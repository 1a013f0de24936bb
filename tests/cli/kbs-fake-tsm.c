/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake configfs-tsm for the key broker tests, preloaded into sevkit (LD_PRELOAD): in
 * the directory $FAKE_TSM_DIR, a new report entry gets the attributes the kernel makes
 * (provider sev_guest, generation 0, empty blobs), and when a written attribute is closed
 * (the moment the kernel hands a binary attribute to the driver) $FAKE_TSM_HOOK runs with
 * its path: it plays the kernel and the firmware (kbs-guest.py tsm-hook).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The hook's environment: this one without LD_PRELOAD, so that it sees the real calls. */
static char **hook_env(void)
{
	size_t n = 0, k = 0;
	char **e;

	while (environ[n])
		n++;
	e = calloc(n + 1, sizeof(*e));
	for (size_t i = 0; e && i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11))
			e[k++] = environ[i];
	return e;
}

static int fd_path(int fd, char *out, size_t n)
{
	char link[64];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, out, n - 1);
	if (len < 0)
		return -1;
	out[len] = 0;
	return 0;
}

static int in_fake_dir(const char *path, int depth)
{
	const char *dir = getenv("FAKE_TSM_DIR");
	size_t n = dir ? strlen(dir) : 0;
	const char *rest;

	if (!dir || strncmp(path, dir, n) || (path[n] != '/' && path[n] != 0))
		return 0;
	rest = path + n;
	for (int i = 0; i < depth; i++) {
		if (*rest != '/')
			return 0;
		rest = strchr(rest + 1, '/');
		if (!rest)
			return i == depth - 1;
	}
	return *rest == 0;
}

static void put(const char *entry, const char *attr, const char *text)
{
	char path[3 * PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", entry, attr);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* the project builds with -fvisibility=hidden; what a preload replaces must be seen */
#define INTERPOSE __attribute__((visibility("default")))

INTERPOSE int mkdirat(int dirfd, const char *name, mode_t mode)
{
	static int (*real)(int, const char *, mode_t);
	char dir[PATH_MAX], entry[2 * PATH_MAX + 2];
	int rc;

	if (!real)
		real = (int (*)(int, const char *, mode_t))dlsym(RTLD_NEXT, "mkdirat");
	rc = real(dirfd, name, mode);
	if (rc == 0 && dirfd >= 0 && !fd_path(dirfd, dir, sizeof(dir)) && in_fake_dir(dir, 0)) {
		snprintf(entry, sizeof(entry), "%s/%s", dir, name);
		put(entry, "provider", "sev_guest\n");
		put(entry, "generation", "0\n");
		put(entry, "inblob", "");
		put(entry, "outblob", "");
		put(entry, "auxblob", "");
	}
	return rc;
}

INTERPOSE int close(int fd)
{
	static int (*real)(int);
	char path[PATH_MAX];
	int hook, rc, flags = fcntl(fd, F_GETFL);

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	hook = flags >= 0 && (flags & O_ACCMODE) == O_WRONLY && getenv("FAKE_TSM_HOOK") &&
	       !fd_path(fd, path, sizeof(path)) && in_fake_dir(path, 2);
	rc = real(fd);
	if (hook) {
		char *argv[] = { getenv("FAKE_TSM_HOOK"), (char *)"tsm-hook", path, NULL };
		char **e = hook_env();
		pid_t pid;
		int status;

		if (e && !posix_spawn(&pid, argv[0], NULL, NULL, argv, e))
			waitpid(pid, &status, 0);
		free(e);
	}
	return rc;
}
