/*
 * summary.h - segments added up by TYPE and owner: what ls --summary
 * shows and ls --metrics exposes.
 */
#ifndef SHMTOOL_SUMMARY_H
#define SHMTOOL_SUMMARY_H

#include <stdint.h>

#include "seg.h"

struct ns_place;

/* The segments of one place (--all-ns; else NULL), TYPE and owner, added up. */
struct seg_group {
	const struct ns_place *place;
	const char *type;	/* seg_type_name */
	char *owner;		/* as the OWNER column shows it */
	/* rss and swap add up what is known: an unknown (-1) adds nothing. */
	uint64_t count, size, rss, swap, orphaned, orphaned_size;
};

struct seg_groups {
	struct seg_group *v;
	size_t n;
};

/*
 * Add list up into g (empty at first): one group per place, TYPE and
 * owner, in the order of the places, then of the kinds as ls lists them
 * (sysv, posix, sem, file), then by owner.
 * -1 with ENOMEM.
 */
int seg_groups_make(struct seg_groups *g, const struct seg_list *list);

/* The sum of every group, its place, type and owner NULL. */
struct seg_group seg_groups_total(const struct seg_groups *g);

void seg_groups_free(struct seg_groups *g);

#endif
