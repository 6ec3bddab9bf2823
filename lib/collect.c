/*
 * collect.c - listing, the /proc pass and filtering, in that order.
 */
#include "collect.h"

#include <stdlib.h>
#include <string.h>

#include "posix.h"
#include "proc.h"
#include "sysv.h"

/* Has the list a POSIX object, whose holders only /proc can tell? */
static bool has_posix(const struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->segs[i].kind == SEG_POSIX)
			return true;
	return false;
}

/* Holder counts and orphan states, where asked for: one pass over /proc. */
static void annotate(struct seg_scan *scan, unsigned needs, bool contained)
{
	struct seg_list *all = &scan->list;
	bool scanned = false;

	if ((needs & (NEED_HOLDERS | NEED_ORPHANED)) && has_posix(all))
		scanned = holders_scan(&scan->holders, NULL, 0, contained) == 0;
	for (size_t i = 0; i < all->n; i++) {
		if ((needs & NEED_HOLDERS) && scanned)
			seg_count_holders(&all->segs[i], &scan->holders);
		if (needs & NEED_ORPHANED)
			seg_check_orphaned(&all->segs[i], scanned ? &scan->holders : NULL);
	}
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

int segs_collect(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	struct seg_list *list = &scan->list;
	size_t kept = 0;

	memset(scan, 0, sizeof(*scan));
	if ((filter->kinds == 0 || filter->kinds & (1u << SEG_SYSV)) &&
	    sysv_list(list) < 0)
		scan->sysv_err = errno;
	if ((filter->kinds == 0 || filter->kinds & (1u << SEG_POSIX)) &&
	    posix_list(list) < 0)
		scan->posix_err = errno;
	if (filter->orphaned)
		needs |= NEED_ORPHANED;
	if (filter->unattached || filter->by_idle)
		needs |= NEED_HOLDERS;
	annotate(scan, needs, filter->contained);
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
	return scan->sysv_err || scan->posix_err ? -1 : 0;
}

void seg_scan_free(struct seg_scan *scan)
{
	seg_list_free(&scan->list);
	holders_free(&scan->holders);
}
