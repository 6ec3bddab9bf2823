/*
 * collect.c - listing, the /proc pass and filtering, in that order.
 */
#include "collect.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hidden.h"
#include "posix.h"
#include "proc.h"
#include "sysv.h"

/*
 * Is a pass over /proc needed: POSIX objects, whose holders only /proc can
 * tell, or attached SysV segments whose page size or holders are asked for?
 * With nothing listed there is nothing to scan for (watch, idle).
 */
static bool needs_proc_scan(const struct seg_list *list, unsigned needs)
{
	if (needs & NEED_HIDDEN)
		return true;
	for (size_t i = 0; i < list->n; i++) {
		const struct seg *seg = &list->segs[i];

		if (seg->kind == SEG_POSIX &&
		    (needs & (NEED_HOLDERS | NEED_ORPHANED | NEED_PIDS)))
			return true;
		/* Only an attached segment has holders to find. */
		if (seg->kind == SEG_SYSV && seg->nattch > 0 &&
		    (needs & (NEED_PAGE_SIZE | NEED_PIDS)))
			return true;
	}
	return false;
}

/* seg->pids, from the scan h: every process that holds it, ascending. */
static int find_pids(struct seg *seg, const struct holders *h)
{
	size_t n = holders_of(h, seg, NULL, 0);

	if (n == 0)
		return 0;
	if ((seg->pids = calloc(n, sizeof(*seg->pids))) == NULL)
		return -1;
	seg->npids = holders_of(h, seg, seg->pids, n);
	holders_sort_pids(seg->pids, seg->npids);
	return 0;
}

/*
 * Holder counts, orphan states and pids, where asked for, and the rows of
 * hidden memory: one pass over /proc (with places, --all-ns, one for them
 * all: every IPC namespace, each place's /dev/shm).  -1 with ENOMEM.
 */
static int annotate(struct seg_scan *scan, unsigned needs, bool contained,
    const dev_t *shm_devs, size_t nshm_devs)
{
	struct seg_list *all = &scan->list;
	bool scanned = false, hidden = needs & NEED_HIDDEN;
	size_t named = all->n;

	if (needs_proc_scan(all, needs))
		scanned = (shm_devs != NULL ?
		    holders_scan_every(&scan->holders, shm_devs, nshm_devs,
		    &scan->places, contained, hidden) :
		    holders_scan(&scan->holders, NULL, 0, contained, hidden)) == 0;
	/* Read: the directories ns_places_find kept are done with. */
	ns_places_close_dirs(&scan->places);
	for (size_t i = 0; i < named; i++) {
		if ((needs & NEED_HOLDERS) && scanned)
			holders_count(&all->segs[i], &scan->holders);
		if (needs & NEED_ORPHANED)
			holders_check_orphaned(&all->segs[i], scanned ? &scan->holders : NULL);
		if ((needs & NEED_PIDS) && scanned && find_pids(&all->segs[i],
		    &scan->holders) < 0)
			return -1;
	}
	/* After the named: a deleted object is one that no listed name reaches. */
	if ((needs & NEED_HIDDEN) && scanned)
		return hidden_collect(&scan->holders, all);
	return 0;
}

#ifndef SYS_cachestat
#define SYS_cachestat 451	/* Linux 6.5; older headers lack it */
#endif

struct cachestat_range {
	uint64_t off, len;	/* len 0: to the end */
};

struct cachestat {
	uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/* Resident pages by mincore(2), where there is no cachestat: swap unknown. */
static void usage_by_mincore(struct seg *seg, int fd, long page)
{
	size_t pages = (size_t)((seg->size + (uint64_t)page - 1) / (uint64_t)page);
	unsigned char *vec;
	void *addr;
	int64_t resident = 0;

	if (seg->size == 0 || seg->size > SIZE_MAX) {
		seg->rss = seg->size == 0 ? 0 : -1;
		return;
	}
	addr = mmap(NULL, (size_t)seg->size, PROT_READ, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED)
		return;
	vec = malloc(pages);
	if (vec != NULL && mincore(addr, (size_t)seg->size, vec) == 0) {
		for (size_t i = 0; i < pages; i++)
			resident += vec[i] & 1;
		seg->rss = resident * page;
	}
	free(vec);
	munmap(addr, (size_t)seg->size);
}

/* A SysV segment's figures: /proc/sysvipc/shm, matched by shmid. */
static void sysv_usage_of(struct seg *segs, size_t n)
{
	struct seg_list all = { 0 };

	if (sysv_list_proc(&all) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; segs[i].kind == SEG_SYSV && j < all.n; j++)
			if (all.segs[j].id == segs[i].id) {
				segs[i].rss = all.segs[j].rss;
				segs[i].swap = all.segs[j].swap;
				break;
			}
	seg_list_free(&all);
}

/*
 * A POSIX object or file opened for reading, if it is still the one seg
 * describes (replaced since it was listed, there is nothing to say of
 * it); else -1.
 */
static int open_listed(const struct seg *seg)
{
	struct stat st;
	int fd = seg->kind == SEG_POSIX ? posix_open(seg->name, O_RDONLY, &st) :
	    posix_file_open(seg->path, O_RDONLY, &st);

	if (fd < 0)
		return -1;
	if (st.st_dev == seg->dev && st.st_ino == seg->ino)
		return fd;
	close(fd);
	return -1;
}

void seg_find_usage(struct seg *seg)
{
	struct cachestat_range range = { 0, 0 };
	struct cachestat cs;
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	if (seg->kind == SEG_SYSV) {
		sysv_usage_of(seg, 1);
		return;
	}
	if (seg->unstated || (fd = open_listed(seg)) < 0)
		return;
	if (syscall(SYS_cachestat, fd, &range, &cs, 0) == 0) {
		seg->rss = (int64_t)cs.nr_cache * page;
		/* Evicted shared memory is in swap; a file's is on its disk. */
		seg->swap = seg->kind == SEG_POSIX || seg->hidden != HIDDEN_NONE ?
		    (int64_t)cs.nr_evicted * page : -1;
	} else {
		usage_by_mincore(seg, fd, page);
	}
	close(fd);
}

void seg_find_command(struct seg *seg)
{
	char buf[4096];

	/* A pid that started after the segment was made is someone else. */
	if (seg->kind != SEG_SYSV || seg->command != NULL || seg->cpid <= 0 ||
	    proc_life_since(seg->cpid, seg->ctime) != PROC_ALIVE ||
	    proc_cmdline(seg->cpid, buf, sizeof(buf)) < 0)
		return;
	seg->command = strdup(buf);
}

/* The default huge page size (Hugepagesize in /proc/meminfo); 0 if none. */
static int64_t default_huge_page_size(void)
{
	static int64_t bytes = -1;
	char line[128];
	unsigned long kib;
	FILE *f;

	if (bytes >= 0)
		return bytes;
	bytes = 0;
	if ((f = fopen("/proc/meminfo", "re")) == NULL)
		return bytes;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Hugepagesize: %lu kB", &kib) == 1)
			bytes = (int64_t)kib * 1024;
	fclose(f);
	return bytes;
}

/*
 * Linux 6.x counts each resident huge page of a SysV segment pages-per-
 * huge-page times over in /proc/sysvipc/shm: the mapping's nrpages, which
 * it multiplies by that, is in base pages already.  A figure above what
 * the segment can hold is that count: divided back where the page size is
 * known (it is attached), else unknown.
 */
static void sysv_fix_huge_rss(struct seg *seg)
{
	int64_t base = sysconf(_SC_PAGESIZE);
	bool huge = seg->page_size > base;
	int64_t page = huge ? seg->page_size : default_huge_page_size();
	uint64_t most;

	if (seg->kind != SEG_SYSV || seg->rss <= 0 || page <= 0)
		return;
	most = (seg->size + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
	if ((uint64_t)seg->rss > most)
		seg->rss = huge ? seg->rss / (seg->page_size / base) : -1;
}

void seg_find_page_size(struct seg *seg, const struct holders *h)
{
	pid_t pids[8];
	struct stat st;
	size_t n;
	int fd;

	switch (seg->kind) {
	case SEG_POSIX:
		seg->page_size = posix_page_size();
		return;
	case SEG_FILE:
		fd = posix_file_open_path(seg->path, &st);
		if (fd < 0)
			return;
		if (st.st_dev == seg->dev && st.st_ino == seg->ino)
			seg->page_size = fs_page_size(fd);
		close(fd);
		return;
	case SEG_SYSV:
		n = h != NULL ? holders_of(h, seg, pids, 8) : 0;
		for (size_t i = 0; i < n && i < 8 && seg->page_size < 0; i++)
			seg->page_size = holders_sysv_page_size(pids[i], seg->id);
		sysv_fix_huge_rss(seg);
		return;
	}
}

void seg_find_sem_value(struct seg *seg)
{
	uint32_t value;
	int fd;

	if (!seg->sem || (fd = open_listed(seg)) < 0)
		return;
	if (pread(fd, &value, sizeof(value), 0) == (ssize_t)sizeof(value))
		seg->sem_value = value & 0x7fffffff;	/* glibc's SEM_VALUE_MASK */
	close(fd);
}

/* Append the segments of kinds (a filter's; 0 for all) to scan->list. */
static void list_kinds(unsigned kinds, struct seg_scan *scan)
{
	if ((kinds == 0 || kinds & (1u << SEG_SYSV)) && sysv_list(&scan->list) < 0)
		scan->sysv_err = errno;
	if ((kinds == 0 || kinds & ((1u << SEG_POSIX) | SEG_SEM_BIT)) &&
	    posix_list(&scan->list) < 0)
		scan->posix_err = errno;
}

/* needs, and what filter needs to judge a segment. */
static unsigned needs_of_filter(const struct seg_filter *filter, unsigned needs)
{
	if (filter->orphaned)
		needs |= NEED_ORPHANED;
	if (filter->unattached || filter->by_idle)
		needs |= NEED_HOLDERS;
	if (filter->hidden)
		needs |= NEED_HIDDEN;
	if (filter->pid > 0)
		needs |= NEED_PIDS;
	/* A huge-page segment's RSS is corrected by its page size. */
	if (needs & NEED_USAGE)
		needs |= NEED_PAGE_SIZE;
	return needs;
}

/* Keep, in place and in order, what the filter selects. */
static void keep_selected(const struct seg_filter *filter, struct seg_list *list)
{
	size_t kept = 0;

	for (size_t i = 0; i < list->n; i++) {
		if (!seg_filter_match(filter, &list->segs[i])) {
			seg_clear(&list->segs[i]);
			continue;
		}
		list->segs[kept++] = list->segs[i];
	}
	list->n = kept;
}

/*
 * seg_find_command, but not for a creator *gone found to have exited: a
 * program that made many segments has them listed together, and one look
 * at it does for them all.  That look comes after every segment was
 * listed, so a process given its pid since started after each was made:
 * not the creator of any.
 */
static void find_command(struct seg *seg, pid_t *gone)
{
	if (seg->kind != SEG_SYSV || seg->cpid <= 0 || seg->cpid == *gone)
		return;
	if (kill(seg->cpid, 0) < 0 && errno == ESRCH) {
		*gone = seg->cpid;
		return;
	}
	seg_find_command(seg);
}

/*
 * The values needs asks for beyond the /proc pass, of segs[0..n), which
 * are all of the place we are in (or reached through /proc: hidden).
 */
static void find_values(struct seg *segs, size_t n, unsigned needs,
    const struct seg_filter *filter, const struct holders *h)
{
	if (needs & NEED_COMMAND) {
		pid_t gone = 0;

		for (size_t i = 0; i < n; i++)
			find_command(&segs[i], &gone);
	}
	if (needs & NEED_USAGE) {
		/* One read of /proc/sysvipc/shm for every SysV segment. */
		sysv_usage_of(segs, n);
		for (size_t i = 0; i < n; i++)
			if (segs[i].kind != SEG_SYSV)
				seg_find_usage(&segs[i]);
	}
	if (needs & NEED_PAGE_SIZE)
		for (size_t i = 0; i < n; i++)
			seg_find_page_size(&segs[i], h);
	if (needs & NEED_SEM_VALUE)
		for (size_t i = 0; i < n; i++)
			seg_find_sem_value(&segs[i]);
	/* Without a process to look in, there is no figure to give. */
	for (size_t i = 0; i < n; i++)
		segs[i].map_rss = -1;
	if ((needs & NEED_MAP_RSS) && filter->pid > 0)
		holders_map_rss(filter->pid, segs, n);
}

static int scan_status(const struct seg_scan *scan)
{
	return scan->sysv_err || scan->posix_err || scan->hidden_err ? -1 : 0;
}

int segs_collect(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	if (filter->all_ns)
		return segs_collect_all_ns(filter, needs, scan);
	memset(scan, 0, sizeof(*scan));
	list_kinds(filter->kinds, scan);
	needs = needs_of_filter(filter, needs);
	if (annotate(scan, needs, filter->contained, NULL, 0) < 0)
		scan->hidden_err = errno;
	keep_selected(filter, &scan->list);
	find_values(scan->list.segs, scan->list.n, needs, filter, &scan->holders);
	return scan_status(scan);
}

void seg_scan_free(struct seg_scan *scan)
{
	seg_list_free(&scan->list);
	holders_free(&scan->holders);
	ns_places_free(&scan->places);
}

#define NAMED_KINDS	((1u << SEG_SYSV) | (1u << SEG_POSIX) | SEG_SEM_BIT)

/* The kinds of filter to list in place: each IPC namespace and /dev/shm once. */
static unsigned kinds_in(const struct ns_place *place, unsigned wanted)
{
	unsigned here = (place->sysv ? 1u << SEG_SYSV : 0) |
	    (place->posix ? (1u << SEG_POSIX) | SEG_SEM_BIT : 0);

	return (wanted != 0 ? wanted : NAMED_KINDS) & here;
}

/* Enter place, noting why not in it; false then. */
static bool enter(struct ns_place *place)
{
	if (ns_enter(place) == 0)
		return true;
	place->enter_err = errno;
	return false;
}

/*
 * List every place in turn into scan->list, each row labelled with its
 * place, and with NEED_LIMITS read each one's limits.  -1 if one could
 * not be listed.
 */
static int list_places(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	int rc = 0;

	for (size_t i = 0; i < scan->places.n; i++) {
		struct ns_place *place = &scan->places.v[i];
		struct seg_scan one = { 0 };
		unsigned kinds = kinds_in(place, filter->kinds);

		if (!enter(place)) {
			rc = -1;
			continue;
		}
		/* Only what shows them asks: not every listing of watch. */
		if (needs & NEED_LIMITS)
			ns_read_limits(place);
		if (kinds == 0)
			continue;
		list_kinds(kinds, &one);
		place->sysv_err = one.sysv_err;
		place->posix_err = one.posix_err;
		if (one.sysv_err || one.posix_err)
			rc = -1;
		for (size_t j = 0; j < one.list.n; j++) {
			one.list.segs[j].place = place;
			if (seg_list_add(&scan->list, &one.list.segs[j]) < 0) {
				place->posix_err = errno;
				rc = -1;
				break;
			}
			/* The list owns what it owned now. */
			memset(&one.list.segs[j], 0, sizeof(one.list.segs[j]));
		}
		seg_list_free(&one.list);
	}
	return rc;
}

/*
 * Hidden memory is nobody's place: each row is labelled with the place of
 * its first holder (the first place if that is not known).
 */
static void label_hidden(struct seg_scan *scan)
{
	for (size_t i = 0; i < scan->list.n; i++) {
		struct seg *seg = &scan->list.segs[i];
		const struct ns_place *holder;

		if (seg->place != NULL || scan->places.n == 0)
			continue;
		holder = seg->npids > 0 ? ns_place_of(&scan->places, seg->pids[0]) : NULL;
		seg->place = holder != NULL ? holder : &scan->places.v[0];
	}
}

/*
 * The values of each place's rows, found in it (a POSIX object is opened
 * by name in its /dev/shm, /proc/sysvipc/shm read in its IPC namespace):
 * a place's named rows are together, in place order; hidden rows are
 * reached through /proc from anywhere.
 */
static void find_values_by_place(struct seg_scan *scan, unsigned needs,
    const struct seg_filter *filter)
{
	struct seg *segs = scan->list.segs;
	struct ns_place *places = scan->places.v;
	size_t n = scan->list.n, at = 0;

	for (size_t i = 0; places != NULL && i < scan->places.n && at < n; i++) {
		size_t end = at;

		while (end < n && segs[end].hidden == HIDDEN_NONE &&
		    segs[end].place == places + i)
			end++;
		if (end > at && enter(places + i))
			find_values(segs + at, end - at, needs, filter, &scan->holders);
		else
			for (size_t j = at; j < end; j++)
				segs[j].map_rss = -1;
		at = end;
	}
	ns_leave();
	while (at < n && segs[at].hidden == HIDDEN_NONE)
		at++;
	if (at < n)
		find_values(segs + at, n - at, needs, filter, &scan->holders);
}

/* The /dev/shm file systems of the places: where POSIX holders count. */
static dev_t *shm_devs_of(const struct ns_places *places, size_t *n)
{
	dev_t *devs = calloc(places->n + 1, sizeof(*devs));

	*n = 0;
	for (size_t i = 0; devs != NULL && i < places->n; i++)
		if (places->v[i].posix)
			devs[(*n)++] = places->v[i].shm_dev;
	return devs;
}

int segs_collect_all_ns(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	dev_t *shm_devs;
	size_t nshm_devs;
	int rc;

	memset(scan, 0, sizeof(*scan));
	if (ns_places_find(&scan->places) < 0) {
		scan->sysv_err = scan->posix_err = errno;
		return -1;
	}
	rc = list_places(filter, needs, scan);
	/* One pass over /proc for every place, from where we started. */
	if (ns_leave() < 0 || (shm_devs = shm_devs_of(&scan->places, &nshm_devs)) == NULL) {
		scan->hidden_err = errno;
		return -1;
	}
	needs = needs_of_filter(filter, needs);
	if (annotate(scan, needs, filter->contained, shm_devs, nshm_devs) < 0)
		scan->hidden_err = errno;
	free(shm_devs);
	label_hidden(scan);
	keep_selected(filter, &scan->list);
	find_values_by_place(scan, needs, filter);
	return rc < 0 ? -1 : scan_status(scan);
}
