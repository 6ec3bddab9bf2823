/*
 * holders.h - who holds which segment, from one scan of /proc: SysV
 * attachments show in /proc/PID/maps as "/SYSV%08x" with the shmid as the
 * inode (even after IPC_RMID reset the key to 0); POSIX objects as
 * /dev/shm/NAME in maps (mapped) or in /proc/PID/fd (held open).
 */
#ifndef SHMTOOL_HOLDERS_H
#define SHMTOOL_HOLDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "seg.h"

struct holder {
	enum seg_kind kind;
	int id;				/* SysV */
	char name[NAME_MAX + 2];	/* POSIX, "/name" */
	dev_t dev;			/* POSIX and files: where it is */
	ino_t ino;
	pid_t pid;
};

struct holders {
	struct holder *v;
	size_t n, cap;
	/* Some process's maps or fds could not be read: absence proves nothing. */
	bool incomplete;
	pid_t unreadable;		/* the first such pid, for messages */
};

/*
 * Scan every process but this one, for SysV segments, POSIX objects and
 * the nfiles files (SEG_FILE, known by device and inode) in files.  A name or shmid means the same segment
 * only in the same place: SysV holders count only from processes in our
 * IPC namespace, POSIX ones only on the file system of our /dev/shm.
 */
int holders_scan(struct holders *h, const struct seg *files, size_t nfiles);
void holders_free(struct holders *h);

/* The pids holding seg, at most max of them in pids; returns the count. */
size_t holders_of(const struct holders *h, const struct seg *seg,
    pid_t *pids, size_t max);

/* Parse one /proc/PID/maps line into a holder (kind, id or name). */
int holders_parse_maps_line(const char *line, struct holder *out);

/* seg->holders: how many processes map it or hold it open. */
void seg_count_holders(struct seg *seg, const struct holders *h);

/*
 * seg->orphaned.  SysV: nattch is 0 and neither cpid nor lpid is alive (a
 * pid younger than the event is a reused one); h may be NULL.  POSIX: no
 * process maps it or holds it open, and every process could be read;
 * unknown (-1) without h or when some could not be.
 */
void seg_check_orphaned(struct seg *seg, const struct holders *h);

#endif
