/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writeback of the tree while it is built. The kernel starts writing dirty
 * pages only when they are old or many, so a tree of tens of MiB would wait in
 * the page cache for the final fsync, which then costs as much as a tenth of a
 * sparse image's whole format. A thread of its own asks for writeback of what
 * is dirty every few milliseconds: the hashing threads never wait on the disk,
 * and the fsync finds little left to do.
 */
#include <fcntl.h>
#include <time.h>

#include "util/log.h"
#include "verity/verity-internal.h"

#define PERIOD_NS (10 * 1000 * 1000)

static void *flush_loop(void *arg)
{
	struct vt_writeback *wb = arg;
	struct timespec until;
	bool stop = false;

	pthread_mutex_lock(&wb->lock);
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += PERIOD_NS;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		while (!wb->stop && pthread_cond_timedwait(&wb->wake, &wb->lock, &until) == 0)
			;
		stop = wb->stop;
		pthread_mutex_unlock(&wb->lock);
		/* a hint: whatever fails here, the fsync at the end reports */
		if (!stop)
			(void)sync_file_range(wb->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		pthread_mutex_lock(&wb->lock);
	}
	pthread_mutex_unlock(&wb->lock);
	return NULL;
}

void vt_writeback_start(struct vt_writeback *wb, int fd)
{
	pthread_condattr_t attr;

	wb->fd = fd;
	wb->stop = false;
	wb->running = false;
	pthread_mutex_init(&wb->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wb->wake, &attr);
	pthread_condattr_destroy(&attr);
	/* without the thread the tree is only written later, by the fsync */
	wb->running = sk_thread_create(&wb->thread, flush_loop, wb) == 0;
}

void vt_writeback_stop(struct vt_writeback *wb)
{
	if (wb->running) {
		pthread_mutex_lock(&wb->lock);
		wb->stop = true;
		pthread_cond_signal(&wb->wake);
		pthread_mutex_unlock(&wb->lock);
		pthread_join(wb->thread, NULL);
	}
	pthread_cond_destroy(&wb->wake);
	pthread_mutex_destroy(&wb->lock);
	wb->running = false;
}
