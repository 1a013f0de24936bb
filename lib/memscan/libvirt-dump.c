/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest memory dump through libvirt. virDomainCoreDumpWithFormat takes a
 * path, which libvirt opens itself, so no nameless descriptor can be handed
 * over as with QMP: the dump is written in a new private (0700) directory,
 * which nobody else can enter, and leaves it only whole, renamed to its name
 * or unlinked while open. Both names are registered for removal on SIGINT,
 * SIGTERM and SIGHUP.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/libvirt.h>
#include <sevkit/memscan.h>

#include "util/file.h"
#include "util/log.h"
#include "util/struct.h"

struct private_dump {
	char dir[4096], path[4200];
	int dir_slot, path_slot;
	int fd;
};

static void private_dump_end(struct private_dump *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->path_slot >= 0) {
		unlink(d->path);
		sk_file_unregister_temporary(d->path_slot);
	}
	if (d->dir_slot >= 0) {
		rmdir(d->dir);
		sk_file_unregister_temporary(d->dir_slot);
	}
}

/* The dump in a new private directory in dir, open for reading, 0600 and on disk. */
static int private_dump(struct sev_libvirt *v, const char *dir,
			const struct sev_memscan_dump_options *o, struct private_dump *d)
{
	struct stat st;
	int rc;

	*d = (struct private_dump){ .dir_slot = -1, .path_slot = -1, .fd = -1 };
	snprintf(d->dir, sizeof(d->dir), "%s/.sevkit-dump-XXXXXX", dir);
	if (!mkdtemp(d->dir))
		return sk_fail(-errno, "%s: cannot make a private directory for the dump: %s", dir,
			       strerror(errno));
	if ((d->dir_slot = sk_file_register_temporary(d->dir)) < 0 ||
	    (snprintf(d->path, sizeof(d->path), "%s/dump", d->dir),
	     (d->path_slot = sk_file_register_temporary(d->path)) < 0))
		return -ENOMEM;
	if ((rc = sev_libvirt_core_dump(v, d->path, o->format)))
		return rc;
	d->fd = open(d->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (d->fd < 0 || fstat(d->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return sk_fail(SEV_E_DEVICE, "%s: libvirt left no dump file", d->path);
	/* 0600: a dump is full of secrets, whatever umask the daemon had */
	if (fchmod(d->fd, 0600) != 0 || fsync(d->fd) != 0)
		return sk_fail(-errno, "%s: %s", d->path, strerror(errno));
	return 0;
}

static int options(const struct sev_memscan_dump_options *opt,
		   struct sev_memscan_dump_options *mine)
{
	*mine = SEV_INIT(struct sev_memscan_dump_options);
	return opt ? sk_struct_in(mine, sizeof(*mine), opt, "sev_memscan_dump_options") : 0;
}

/* Give the dump its name: never over an existing file unless replace. */
static int publish(struct private_dump *d, const char *out, bool replace)
{
	int rc = sk_file_rename(d->path, out, replace ? SK_OUT_REPLACE : 0);

	if (rc == -EEXIST)
		return sk_fail(SEV_E_INVALID, "%s: exists; not replaced", out);
	if (rc)
		return sk_fail(rc, "%s: %s", out, strerror(-rc));
	sk_file_unregister_temporary(d->path_slot);
	d->path_slot = -1;
	return 0;
}

int sev_memscan_libvirt_dump(struct sev_libvirt *v, const char *out,
			     const struct sev_memscan_dump_options *opt)
{
	struct sev_memscan_dump_options o;
	struct private_dump d;
	char *copy = strdup(out);
	struct stat st;
	int rc = copy ? options(opt, &o) : -ENOMEM;

	if (!rc && !(o.flags & SEV_MEMSCAN_REPLACE) && lstat(out, &st) == 0)
		rc = sk_fail(SEV_E_INVALID, "%s: exists; not replaced", out);
	if (rc) {
		free(copy);
		return rc;
	}
	rc = private_dump(v, dirname(copy), &o, &d);
	if (!rc)
		rc = publish(&d, out, o.flags & SEV_MEMSCAN_REPLACE);
	private_dump_end(&d);
	free(copy);
	return rc;
}

int sev_memscan_libvirt_dump_fd(struct sev_libvirt *v, const char *dir,
				const struct sev_memscan_dump_options *opt, int *fd)
{
	struct sev_memscan_dump_options o;
	struct private_dump d;
	int rc = options(opt, &o);

	*fd = -1;
	if (rc)
		return rc;
	rc = private_dump(v, dir, &o, &d);
	if (!rc) { /* unlinked while open: it lives as long as the descriptor */
		*fd = d.fd;
		d.fd = -1;
	}
	private_dump_end(&d);
	return rc;
}
