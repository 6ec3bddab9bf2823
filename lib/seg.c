/*
 * seg.c - segment lists, filters and messages shared by both kinds.
 */
#include "seg.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int seg_list_reserve(struct seg_list *list, size_t cap)
{
	struct seg *segs;

	if (cap <= list->cap)
		return 0;
	segs = reallocarray(list->segs, cap, sizeof(*segs));
	if (segs == NULL)
		return -1;
	list->segs = segs;
	list->cap = cap;
	return 0;
}

int seg_list_add(struct seg_list *list, const struct seg *seg)
{
	if (list->n == list->cap &&
	    seg_list_reserve(list, list->cap ? list->cap * 2 : 64) < 0)
		return -1;
	list->segs[list->n++] = *seg;
	return 0;
}

void seg_list_free(struct seg_list *list)
{
	free(list->segs);
	list->segs = NULL;
	list->n = list->cap = 0;
}

bool seg_filter_match(const struct seg_filter *filter, const struct seg *seg)
{
	if (filter->kinds != 0 && !(filter->kinds & (1u << seg->kind)))
		return false;
	if (filter->by_owner && seg->uid != filter->owner)
		return false;
	if (filter->by_creator && (seg->kind == SEG_SYSV ? seg->cuid : seg->uid) !=
	    filter->creator)
		return false;
	if (filter->by_age && filter->now - seg->ctime < filter->older_than)
		return false;
	if (filter->unattached && (seg->kind == SEG_SYSV ? seg->nattch :
	    seg->holders) != 0)
		return false;
	if (filter->orphaned && seg->orphaned != 1)
		return false;
	return true;
}


const char *strerror_lower(int err)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

const char *seg_strerror(int err)
{
	switch (err) {
	case ENOENT:
	case EIDRM:
		return "no such segment";
	case EEXIST:
		return "already exists";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ELOOP:
		return "a symbolic link, not followed";
	case EMEDIUMTYPE:
		return "not a regular file";
	}
	return strerror_lower(err);
}

const char *seg_label(const struct seg *seg, char *buf, size_t len)
{
	switch (seg->kind) {
	case SEG_SYSV:
		if (seg->key != 0)
			snprintf(buf, len, "0x%08x", (unsigned)seg->key);
		else
			snprintf(buf, len, "id %d", seg->id);
		break;
	case SEG_POSIX:
		snprintf(buf, len, "%s", seg->name);
		break;
	case SEG_FILE:
		snprintf(buf, len, "file:%s", seg->path);
		break;
	}
	return buf;
}
