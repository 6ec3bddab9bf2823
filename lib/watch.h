/*
 * watch.h - what changed between two listings, as events: the data half
 * of `shmtool watch`.  The command lists every --interval, or sooner when
 * the kernel says /dev/shm changed (notify.h), and prints what this finds.
 */
#ifndef SHMTOOL_WATCH_H
#define SHMTOOL_WATCH_H

#include "notify.h"
#include "seg.h"

enum watch_event {
	WATCH_PRESENT,		/* there at the start (--initial) */
	WATCH_CREATED,		/* a new named segment */
	WATCH_REMOVED,		/* its name is gone: unlinked, IPC_RMID (dest) */
	WATCH_RESIZED,
	WATCH_ATTACHED,		/* NATTCH (POSIX: holders) went up */
	WATCH_DETACHED,		/* ... or down */
	WATCH_ORPHANED,		/* no live process knows it any more (shmtool(7)) */
	WATCH_APPEARED,		/* new memory no name reaches (--hidden) */
	WATCH_FREED,		/* memory no name reached is gone, a dest segment too */
	NWATCH_EVENTS
};

/* "created", "removed" ...: the event's name as watch prints it. */
const char *watch_event_name(enum watch_event ev);

/*
 * Called for each event with the segment as it is now (as it was, for
 * removed and freed) and who caused it where the kernel says (SysV: cpid
 * for created, lpid for attached and detached; POSIX: the fanotify record
 * of the change, the pid that came or went among the holders); 0 if nobody
 * can know.
 */
typedef void watch_report_fn(enum watch_event ev, const struct seg *seg,
    pid_t by, void *arg);

/* Order list by identity (SysV id; else device and inode), for watch_diff. */
void watch_sort(struct seg_list *list);

/*
 * Report every change from before to now, two listings in watch_sort's
 * order, segment by segment in that order.  nt (NULL: none) tells who
 * made changes to POSIX names.
 */
void watch_diff(const struct seg_list *before, const struct seg_list *now,
    const struct notify *nt, watch_report_fn *report, void *arg);

#endif
