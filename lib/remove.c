/*
 * remove.c - re-verify, then remove.
 */
#include "remove.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "posix.h"
#include "sysv.h"

bool filter_wants_idle(const struct seg_filter *filter)
{
	return filter != NULL &&
	    (filter->orphaned || filter->unattached || filter->by_idle);
}

/* Look at the segment again; -1 with errno (ENOENT: gone). */
static int look_again(const struct seg *listed, struct seg *fresh)
{
	struct stat st;

	switch (listed->kind) {
	case SEG_SYSV:
		if (sysv_stat(listed->id, fresh) == 0)
			return 0;
		/* The owner of a mode 0000 segment may change what it may not stat. */
		return errno == EACCES ? sysv_stat_any(listed->id, fresh) : -1;
	case SEG_POSIX:
		if (posix_stat_name(listed->name, &st) < 0)
			return -1;
		break;
	case SEG_FILE:
		if (posix_file_stat(listed->path, &st) < 0)
			return -1;
		break;
	}
	posix_seg_from_stat(fresh, listed->kind, listed->kind == SEG_POSIX ?
	    listed->name : listed->path, &st);
	return 0;
}

static bool same_segment(const struct seg *a, const struct seg *b)
{
	if (a->kind == SEG_SYSV)
		return a->id == b->id && a->key == b->key && a->cpid == b->cpid &&
		    a->ctime == b->ctime;
	return a->dev == b->dev && a->ino == b->ino && a->ctime == b->ctime;
}

int seg_verify(const struct seg *listed, struct seg *fresh)
{
	if (look_again(listed, fresh) < 0)
		return -1;
	if (!same_segment(listed, fresh)) {
		errno = ESTALE;
		return -1;
	}
	return 0;
}

/* Attached, detached or written since the listing? */
static bool used_since(const struct seg *listed, const struct seg *fresh)
{
	return fresh->atime != listed->atime || fresh->dtime != listed->dtime ||
	    fresh->lpid != listed->lpid || fresh->mtime != listed->mtime ||
	    (listed->kind == SEG_SYSV && fresh->nattch != listed->nattch);
}

enum seg_removal seg_remove(const struct seg *listed,
    const struct seg_filter *filter, const struct holders *recheck,
    struct seg *fresh)
{
	bool idle = filter_wants_idle(filter);

	/* A file: is no segment: its name may be anyone's (hidden memory's). */
	if (listed->kind == SEG_FILE) {
		errno = EINVAL;
		return SEG_REMOVE_FAILED;
	}
	if (seg_verify(listed, fresh) < 0)
		return errno == ENOENT ? SEG_GONE : errno == ESTALE ? SEG_KEPT_CHANGED :
		    SEG_REMOVE_FAILED;
	if (idle && used_since(listed, fresh))
		return SEG_KEPT_CHANGED;
	if (filter != NULL) {
		if (fresh->kind != SEG_SYSV && recheck != NULL)
			holders_count(fresh, recheck);
		if (filter->orphaned)
			holders_check_orphaned(fresh, recheck);
		if (!seg_filter_match(filter, fresh))
			return SEG_KEPT_UNSELECTED;
	}
	if ((fresh->kind == SEG_SYSV ? sysv_remove(fresh->id) :
	    posix_unlink(fresh->name)) == 0)
		return SEG_REMOVED;
	return errno == ENOENT ? SEG_GONE : SEG_REMOVE_FAILED;
}

enum seg_removal seg_remove_looked(const struct seg *looked)
{
	if (sysv_remove(looked->id) == 0)
		return SEG_REMOVED;
	return errno == ENOENT ? SEG_GONE : SEG_REMOVE_FAILED;
}
