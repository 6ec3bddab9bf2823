/*
 * sysv.h - System V shared memory: create, find, stat, attach, remove and
 * enumerate segments.  -1 with errno on failure; nothing is printed.
 */
#ifndef SHMTOOL_SYSV_H
#define SHMTOOL_SYSV_H

#include "seg.h"

#define SYSV_HUGETLB	0x1

/* shmget(IPC_CREAT|IPC_EXCL); *id gets the shmid. */
int sysv_create(key_t key, uint64_t size, mode_t mode, int flags, int *id);

/* The shmid of the segment with this key; ENOENT if none. */
int sysv_lookup_key(key_t key, int *id);

/* Check that shmid id names a segment (EACCES proves it does); ENOENT if not. */
int sysv_lookup_id(int id, int *out);

/* IPC_STAT into seg. */
int sysv_stat(int id, struct seg *seg);

/*
 * What SHM_STAT_ANY says of shmid id, for a segment IPC_STAT refuses to
 * describe (mode 0000, another user's 0600): a walk of the indexes.
 */
int sysv_stat_any(int id, struct seg *seg);

/* IPC_RMID. */
int sysv_remove(int id);

/* Every segment in this IPC namespace, whether or not IPC_STAT is allowed. */
int sysv_list(struct seg_list *list);

/*
 * Each segment in turn, as SHM_STAT_ANY shows it, handed to fn at once:
 * what fn does with it (rm: IPC_RMID) follows that look with nothing
 * between.  fn returns 0 to go on, -1 (with errno) to stop.  -1 with
 * EINVAL on a kernel without SHM_STAT_ANY (before 4.17): fn was given none.
 */
int sysv_each(int (*fn)(const struct seg *seg, void *arg), void *arg);

/*
 * Every segment, from one read of /proc/sysvipc/shm: slower than
 * sysv_list, but with the kernel's resident and swapped bytes (rss, swap).
 */
int sysv_list_proc(struct seg_list *list);

/* Parse one data line of /proc/sysvipc/shm. */
int sysv_parse_proc_line(const char *line, struct seg *seg);

/* Kernel limits from /proc/sys/kernel (0 when unreadable). */
uint64_t sysv_shmmax(void);

/* Limits (IPC_INFO) and usage (SHM_INFO) of this IPC namespace. */
struct sysv_usage {
	uint64_t shmmax, shmall, shmmni;	/* bytes, pages, segments */
	int rmid_forced;			/* -1 if unreadable */
	uint64_t segments, pages, rss_pages, swap_pages;
};
int sysv_usage(struct sysv_usage *u);

#endif
