/*
 * notify.h - what changes in the /dev/shm directory in use, as the kernel
 * reports it, for watch: fanotify where we may (it names the process that
 * made each change), inotify otherwise (it names nobody).  The fd is only
 * a wake-up: what changed is read back by listing; the records say who.
 */
#ifndef SHMTOOL_NOTIFY_H
#define SHMTOOL_NOTIFY_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

enum notify_what {
	NOTIFY_CREATE = 0x1,	/* a name made, or moved in */
	NOTIFY_DELETE = 0x2,	/* a name unlinked, or moved out */
	NOTIFY_MODIFY = 0x4,	/* written or truncated through a system call */
};

struct notify_rec {
	char name[NAME_MAX + 1];	/* as in the directory, no '/' */
	unsigned what;			/* NOTIFY_* */
	pid_t pid;			/* who; 0 where not told */
};

struct notify {
	int fd;			/* readable when something changed; -1 closed */
	bool pids;		/* fanotify: the records say who */
	dev_t dev;		/* of the directory watched: its objects' device */
	struct notify_rec *recs;	/* since the last notify_forget */
	size_t n, cap;
};

/*
 * Watch the directory dirfd (not closed): fanotify with names where the
 * kernel and our privileges allow, else inotify.  -1 with errno.
 */
int notify_open(struct notify *nt, int dirfd);

/*
 * Read what the kernel has queued into nt->recs, without waiting.  The
 * oldest are dropped beyond a bound, so a flood costs no memory; -1 with
 * errno on a read error.
 */
int notify_drain(struct notify *nt);

/*
 * The pid of the latest change of kind what to name ("/x" or "x") in the
 * directory watched (an object of device nt->dev); 0 if none.
 */
pid_t notify_pid(const struct notify *nt, const char *name, unsigned what);

/* Forget the records (after they were used); the fd stays. */
void notify_forget(struct notify *nt);

void notify_close(struct notify *nt);

#endif
