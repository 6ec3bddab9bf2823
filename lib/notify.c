/*
 * notify.c - fanotify, or inotify, on the /dev/shm directory in use.
 */
#include "notify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* Records kept between two listings: a flood drops the oldest half. */
#define NOTIFY_MAX_RECS 1024

static void add_rec(struct notify *nt, const char *name, size_t len,
    unsigned what, pid_t pid)
{
	struct notify_rec *rec;

	if (what == 0 || len == 0 || len > NAME_MAX)
		return;
	if (nt->n == nt->cap) {
		size_t cap = nt->cap ? nt->cap * 2 : 16;
		struct notify_rec *recs;

		if (cap > NOTIFY_MAX_RECS) {
			/* Who made a change long ago matters less than memory. */
			memmove(nt->recs, nt->recs + nt->n / 2,
			    (nt->n - nt->n / 2) * sizeof(*nt->recs));
			nt->n -= nt->n / 2;
		} else if ((recs = realloc(nt->recs, cap * sizeof(*recs))) != NULL) {
			nt->recs = recs;
			nt->cap = cap;
		} else {
			return;		/* only a pid is lost: the listing still tells */
		}
	}
	rec = &nt->recs[nt->n++];
	memcpy(rec->name, name, len);
	rec->name[len] = '\0';
	rec->what = what;
	rec->pid = pid;
}

static unsigned what_of_fanotify(uint64_t mask)
{
	return (mask & (FAN_CREATE | FAN_MOVED_TO) ? NOTIFY_CREATE : 0) |
	    (mask & (FAN_DELETE | FAN_MOVED_FROM) ? NOTIFY_DELETE : 0) |
	    (mask & FAN_MODIFY ? NOTIFY_MODIFY : 0);
}

static unsigned what_of_inotify(uint32_t mask)
{
	return (mask & (IN_CREATE | IN_MOVED_TO) ? NOTIFY_CREATE : 0) |
	    (mask & (IN_DELETE | IN_MOVED_FROM) ? NOTIFY_DELETE : 0) |
	    (mask & IN_MODIFY ? NOTIFY_MODIFY : 0);
}

/* The name in one event's info records (FAN_REPORT_DFID_NAME), if any. */
static void parse_fanotify_event(struct notify *nt,
    const struct fanotify_event_metadata *m)
{
	const char *p = (const char *)m + m->metadata_len;
	const char *end = (const char *)m + m->event_len;

	while ((size_t)(end - p) >= sizeof(struct fanotify_event_info_header)) {
		const struct fanotify_event_info_header *hdr = (const void *)p;
		const struct fanotify_event_info_fid *fid = (const void *)p;
		const struct file_handle *fh = (const void *)fid->handle;
		size_t room;	/* bytes of the record after the handle's header */

		if (hdr->len < sizeof(*hdr) || hdr->len > (size_t)(end - p))
			return;
		if (hdr->info_type == FAN_EVENT_INFO_TYPE_DFID_NAME &&
		    hdr->len > sizeof(*fid) + sizeof(*fh)) {
			room = hdr->len - sizeof(*fid) - sizeof(*fh);
			/* The name follows the handle, within the record. */
			if (fh->handle_bytes < room)
				add_rec(nt, (const char *)fh->f_handle + fh->handle_bytes,
				    strnlen((const char *)fh->f_handle + fh->handle_bytes,
				    room - fh->handle_bytes),
				    what_of_fanotify(m->mask), m->pid);
		}
		p += hdr->len;
	}
}

static void parse_fanotify(struct notify *nt, const char *buf, ssize_t len)
{
	const struct fanotify_event_metadata *m = (const void *)buf;

	for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len))
		if (m->vers == FANOTIFY_METADATA_VERSION && !(m->mask & FAN_Q_OVERFLOW))
			parse_fanotify_event(nt, m);
}

static void parse_inotify(struct notify *nt, const char *buf, ssize_t len)
{
	const char *p = buf;

	while (buf + len - p >= (ssize_t)sizeof(struct inotify_event)) {
		const struct inotify_event *ev = (const void *)p;
		size_t size = sizeof(*ev) + ev->len;

		if (size > (size_t)(buf + len - p))
			return;
		if (ev->len > 0)
			add_rec(nt, ev->name, strnlen(ev->name, ev->len),
			    what_of_inotify(ev->mask), 0);
		p += size;
	}
}

static int open_fanotify(int dirfd)
{
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME |
	    FAN_NONBLOCK | FAN_CLOEXEC, O_RDONLY | O_CLOEXEC);
	int saved;

	if (fd < 0)
		return -1;
	if (fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_ONLYDIR,
	    FAN_CREATE | FAN_DELETE | FAN_MOVED_FROM | FAN_MOVED_TO |
	    FAN_MODIFY | FAN_EVENT_ON_CHILD, dirfd, NULL) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int open_inotify(int dirfd)
{
	char path[64];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	int saved;

	if (fd < 0)
		return -1;
	/* Our own fd's magic link: the directory already open, no lookup. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", dirfd);
	if (inotify_add_watch(fd, path, IN_CREATE | IN_DELETE | IN_MOVED_FROM |
	    IN_MOVED_TO | IN_MODIFY | IN_ONLYDIR) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int notify_open(struct notify *nt, int dirfd)
{
	struct stat st;

	memset(nt, 0, sizeof(*nt));
	if (fstat(dirfd, &st) < 0) {
		nt->fd = -1;
		return -1;
	}
	nt->dev = st.st_dev;
	nt->fd = open_fanotify(dirfd);
	nt->pids = nt->fd >= 0;
	if (nt->fd < 0)
		nt->fd = open_inotify(dirfd);
	return nt->fd < 0 ? -1 : 0;
}

int notify_drain(struct notify *nt)
{
	/* Aligned for the event structures read out of it. */
	union {
		struct fanotify_event_metadata m;
		struct inotify_event i;
		char bytes[16384];
	} buf;
	ssize_t len;

	while ((len = read(nt->fd, buf.bytes, sizeof(buf.bytes))) > 0) {
		if (nt->pids)
			parse_fanotify(nt, buf.bytes, len);
		else
			parse_inotify(nt, buf.bytes, len);
	}
	return len < 0 && errno != EAGAIN && errno != EINTR ? -1 : 0;
}

pid_t notify_pid(const struct notify *nt, const char *name, unsigned what)
{
	if (name[0] == '/')
		name++;
	for (size_t i = nt->n; i-- > 0;)
		if ((nt->recs[i].what & what) && strcmp(nt->recs[i].name, name) == 0)
			return nt->recs[i].pid;
	return 0;
}

void notify_forget(struct notify *nt)
{
	nt->n = 0;
}

void notify_close(struct notify *nt)
{
	if (nt->fd >= 0)
		close(nt->fd);
	free(nt->recs);
	memset(nt, 0, sizeof(*nt));
	nt->fd = -1;
}
