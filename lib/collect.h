/*
 * collect.h - every segment a filter selects, with what /proc says of it,
 * gathered in one pass before anything is shown: ls and rm share this, so
 * rm removes exactly what ls shows.
 */
#ifndef SHMTOOL_COLLECT_H
#define SHMTOOL_COLLECT_H

#include "holders.h"
#include "ns.h"
#include "seg.h"

#define NEED_HOLDERS	0x1	/* seg->holders: NATTCH of POSIX objects */
#define NEED_ORPHANED	0x2	/* seg->orphaned and seg->doubt */
#define NEED_COMMAND	0x4	/* seg->command: the live creator's command line */
#define NEED_USAGE	0x8	/* seg->rss and seg->swap */
#define NEED_PAGE_SIZE	0x10	/* seg->page_size */
#define NEED_SEM_VALUE	0x20	/* seg->sem_value */
#define NEED_PIDS	0x40	/* seg->pids: the holders' pids */
#define NEED_HIDDEN	0x80	/* rows for memory no name reaches (hidden.h) */
#define NEED_MAP_RSS	0x100	/* seg->map_rss, with filter->pid */
#define NEED_LIMITS	0x200	/* --all-ns: each place's limits (ns_read_limits) */

struct seg_scan {
	struct seg_list list;		/* what the filter selected, in listing order */
	struct holders holders;		/* the /proc scan, when one was needed */
	int sysv_err, posix_err;	/* errno if that kind could not be listed */
	int hidden_err;			/* errno if hidden memory could not be */
	/* segs_collect_all_ns: the places listed, each with its errors. */
	struct ns_places places;
};

/*
 * Every segment of the kinds the filter asks for that it selects, with
 * the values needs asks for beyond what the filter needs.  -1 if a kind
 * could not be listed (its *_err says why); what could be is there.
 */
int segs_collect(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan);
void seg_scan_free(struct seg_scan *scan);

/*
 * segs_collect in every place (ns.h) in turn, entered as shmtool --ns
 * enters one, each row labelled with its place (seg->place): SysV
 * segments of each IPC namespace once, POSIX objects of each /dev/shm
 * once, one pass over /proc for them all, hidden memory once (labelled
 * with the place of its first holder); with NEED_LIMITS each place's
 * limits read in it.
 * -1 if some place or kind could not be listed: scan->places says which
 * (ns_place's errors); the rest is there.  We are back home after it.
 */
int segs_collect_all_ns(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan);

/* Fill seg->command if its creator still runs (NEED_COMMAND for one segment). */
void seg_find_command(struct seg *seg);

/*
 * seg->rss and seg->swap (NEED_USAGE for one segment).  A POSIX object or
 * file: its pages in the page cache and, for shared memory, in swap, from
 * cachestat(2) (Linux 6.5), or resident pages from mincore(2) before it
 * (swap then unknown); it must be readable.  A SysV segment: the kernel's
 * own figures, from /proc/sysvipc/shm.
 */
void seg_find_usage(struct seg *seg);

/*
 * seg->page_size (NEED_PAGE_SIZE for one segment): a POSIX object's or
 * file's from its file system (a hugetlbfs mount's huge page size, else
 * the base page size); a SysV segment's from a holder's mapping in h, as
 * the kernel tells it nowhere else: unknown while nobody has it attached.
 * After seg_find_usage: a SysV RSS that the kernel counted many times over
 * (huge pages, Linux 6.x) is corrected, or unknown if the page size is.
 */
void seg_find_page_size(struct seg *seg, const struct holders *h);

/*
 * seg->sem_value of a POSIX semaphore (NEED_SEM_VALUE for one): what
 * sem_getvalue(3) says, read from the object (glibc keeps the value in its
 * first 32 bits) without sem_open, which could create it.  It must be
 * readable; else, and for anything but a semaphore, -1.
 */
void seg_find_sem_value(struct seg *seg);

#endif
