/*
 * collect.c - listing, the /proc pass and filtering, in that order.
 */
#include "collect.h"

#include <fcntl.h>
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
 * hidden memory: one pass over /proc.  -1 with ENOMEM.
 */
static int annotate(struct seg_scan *scan, unsigned needs, bool contained)
{
	struct seg_list *all = &scan->list;
	bool scanned = false;
	size_t named = all->n;

	if (needs_proc_scan(all, needs))
		scanned = holders_scan(&scan->holders, NULL, 0, contained,
		    needs & NEED_HIDDEN) == 0;
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
	int fd = seg->kind == SEG_POSIX ? posix_open(seg->name, O_RDONLY) :
	    posix_file_open(seg->path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && st.st_dev == seg->dev && st.st_ino == seg->ino)
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

int segs_collect(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	struct seg_list *list = &scan->list;
	size_t kept = 0;

	if (filter->all_ns)
		return segs_collect_all_ns(filter, needs, scan);
	memset(scan, 0, sizeof(*scan));
	if ((filter->kinds == 0 || filter->kinds & (1u << SEG_SYSV)) &&
	    sysv_list(list) < 0)
		scan->sysv_err = errno;
	if ((filter->kinds == 0 || filter->kinds & ((1u << SEG_POSIX) | SEG_SEM_BIT)) &&
	    posix_list(list) < 0)
		scan->posix_err = errno;
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
	if (annotate(scan, needs, filter->contained) < 0)
		scan->hidden_err = errno;
	/* Keep, in place and in order, what the filter selects. */
	for (size_t i = 0; i < list->n; i++) {
		if (!seg_filter_match(filter, &list->segs[i])) {
			seg_clear(&list->segs[i]);
			continue;
		}
		list->segs[kept++] = list->segs[i];
	}
	list->n = kept;
	if (needs & NEED_COMMAND)
		for (size_t i = 0; i < list->n; i++)
			seg_find_command(&list->segs[i]);
	if (needs & NEED_USAGE) {
		/* One read of /proc/sysvipc/shm for every SysV segment. */
		sysv_usage_of(list->segs, list->n);
		for (size_t i = 0; i < list->n; i++)
			if (list->segs[i].kind != SEG_SYSV)
				seg_find_usage(&list->segs[i]);
	}
	if (needs & NEED_PAGE_SIZE)
		for (size_t i = 0; i < list->n; i++)
			seg_find_page_size(&list->segs[i], &scan->holders);
	if (needs & NEED_SEM_VALUE)
		for (size_t i = 0; i < list->n; i++)
			seg_find_sem_value(&list->segs[i]);
	/* Without a process to look in, there is no figure to give. */
	for (size_t i = 0; i < list->n; i++)
		list->segs[i].map_rss = -1;
	if ((needs & NEED_MAP_RSS) && filter->pid > 0)
		holders_map_rss(filter->pid, list->segs, list->n);
	return scan->sysv_err || scan->posix_err || scan->hidden_err ? -1 : 0;
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

/*
 * List the place we are in (place i of scan) into scan->list, labelled.
 * Hidden memory is everybody's: listed in the first place only, and
 * labelled with the place of its first holder.
 */
static int collect_place(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan, size_t i)
{
	struct ns_place *place = &scan->places.v[i];
	struct seg_filter here = *filter;
	struct seg_scan one;
	int rc;

	here.all_ns = false;
	here.hidden = filter->hidden && i == 0;
	here.kinds = kinds_in(place, filter->kinds);
	if (here.kinds == 0 && !here.hidden)
		return 0;
	/* Nothing named, but hidden memory: a kind no listing gives. */
	if (here.kinds == 0)
		here.kinds = SEG_HIDDEN_BIT;
	rc = segs_collect(&here, needs, &one);
	place->sysv_err = one.sysv_err;
	place->posix_err = one.posix_err;
	place->hidden_err = one.hidden_err;
	for (size_t j = 0; j < one.list.n; j++) {
		struct seg *seg = &one.list.segs[j];
		const struct ns_place *holder = seg->hidden != HIDDEN_NONE &&
		    seg->npids > 0 ? ns_place_of(&scan->places, seg->pids[0]) : NULL;

		seg->place = holder != NULL ? holder : place;
		if (seg_list_add(&scan->list, seg) < 0) {
			place->hidden_err = errno;
			rc = -1;
			break;
		}
		/* The list owns what seg owned now. */
		memset(seg, 0, sizeof(*seg));
	}
	seg_scan_free(&one);
	return rc;
}

int segs_collect_all_ns(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	int rc = 0;

	memset(scan, 0, sizeof(*scan));
	if (ns_places_find(&scan->places) < 0) {
		scan->sysv_err = scan->posix_err = errno;
		return -1;
	}
	for (size_t i = 0; i < scan->places.n; i++) {
		struct ns_place *place = &scan->places.v[i];

		if (ns_enter(place) < 0) {
			place->enter_err = errno;
			rc = -1;
			continue;
		}
		ns_read_limits(place);
		if (collect_place(filter, needs, scan, i) < 0)
			rc = -1;
	}
	if (ns_leave() < 0)
		rc = -1;
	return rc;
}
