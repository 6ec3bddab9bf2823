/*
 * summary.c - segments added up by TYPE and owner.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "table.h"

/* The group of seg's TYPE and owner, made if there is none; NULL on ENOMEM. */
static struct seg_group *group_of(struct seg_groups *g, const struct seg *seg)
{
	char *owner = seg_owner_text(seg);
	struct seg_group *grown;

	if (owner == NULL)
		return NULL;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].place == seg->place &&
		    strcmp(g->v[i].type, seg_type_name(seg)) == 0 &&
		    strcmp(g->v[i].owner, owner) == 0) {
			free(owner);
			return &g->v[i];
		}
	grown = reallocarray(g->v, g->n + 1, sizeof(*g->v));
	if (grown == NULL) {
		free(owner);
		return NULL;
	}
	g->v = grown;
	g->v[g->n] = (struct seg_group){ .place = seg->place,
	    .type = seg_type_name(seg), .owner = owner };
	return &g->v[g->n++];
}

/* sysv, posix, sem, file, then the hidden: the order ls lists them in. */
static int type_rank(const char *type)
{
	static const char *const order[] = { "sysv", "posix", "sem", "file",
		"deleted", "memfd", "anon" };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(type, order[i]) == 0)
			return (int)i;
	return (int)(sizeof(order) / sizeof(order[0]));
}

/*
 * By place (one array's elements: their order there), TYPE, then owner:
 * the same groups in the same order every time.
 */
static int group_cmp(const void *a, const void *b)
{
	const struct seg_group *x = a, *y = b;
	int by_type = type_rank(x->type) - type_rank(y->type);

	if (x->place != y->place)
		return x->place == NULL ? -1 : y->place == NULL ? 1 :
		    (x->place > y->place) - (x->place < y->place);
	return by_type != 0 ? by_type : strcmp(x->owner, y->owner);
}

static void group_add(struct seg_group *grp, const struct seg *seg)
{
	grp->count++;
	grp->size += seg->size;
	grp->rss += seg->rss > 0 ? (uint64_t)seg->rss : 0;
	grp->swap += seg->swap > 0 ? (uint64_t)seg->swap : 0;
	if (seg->orphaned == 1) {
		grp->orphaned++;
		grp->orphaned_size += seg->size;
	}
}

int seg_groups_make(struct seg_groups *g, const struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct seg_group *grp = group_of(g, &list->segs[i]);

		if (grp == NULL) {
			errno = ENOMEM;
			return -1;
		}
		group_add(grp, &list->segs[i]);
	}
	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), group_cmp);
	return 0;
}

struct seg_group seg_groups_total(const struct seg_groups *g)
{
	struct seg_group total = { 0 };

	for (size_t i = 0; i < g->n; i++) {
		total.count += g->v[i].count;
		total.size += g->v[i].size;
		total.rss += g->v[i].rss;
		total.swap += g->v[i].swap;
		total.orphaned += g->v[i].orphaned;
		total.orphaned_size += g->v[i].orphaned_size;
	}
	return total;
}

void seg_groups_free(struct seg_groups *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].owner);
	free(g->v);
	g->v = NULL;
	g->n = 0;
}
