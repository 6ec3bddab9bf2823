/*
 * remove.h - removal as a checked step.  Between the listing that chose a
 * segment and its removal, the world moves on: the segment may be
 * attached, its shmid or name given to a new one.  So the segment is
 * looked at again right before IPC_RMID or unlink, and kept unless it is
 * still the one that was chosen, and still chosen.
 */
#ifndef SHMTOOL_REMOVE_H
#define SHMTOOL_REMOVE_H

#include "holders.h"
#include "seg.h"

enum seg_removal {
	SEG_REMOVED,		/* IPC_RMID or unlink done */
	SEG_KEPT_CHANGED,	/* not the segment listed: replaced, changed or used since */
	SEG_KEPT_UNSELECTED,	/* the filter selects it no more (attached, held, in doubt) */
	SEG_GONE,		/* someone else removed it meanwhile */
	SEG_REMOVE_FAILED,	/* errno says why */
};

/*
 * Remove the segment listed describes, if it is still that segment (SysV:
 * the same shmid with the same key, cpid and ctime; POSIX: the same name
 * with the same device, inode and ctime) and filter, if not NULL, still
 * selects it as it is now.  A filter that asks for idleness (orphaned,
 * unattached, idle) also wants no attach, detach or write since the
 * listing.  recheck is a /proc scan made after the listing, for the
 * holders of POSIX objects; NULL if the filter needs none.  fresh gets
 * the segment as it was looked at last.
 *
 * What remains is the time between the last look (IPC_STAT, fstatat) and
 * IPC_RMID or unlinkat: two system calls, with nothing between them.
 */
enum seg_removal seg_remove(const struct seg *listed,
    const struct seg_filter *filter, const struct holders *recheck,
    struct seg *fresh);

/*
 * Remove the SysV segment looked describes, which sysv_each has just shown:
 * nothing comes between that look and IPC_RMID, which is all a second look
 * (seg_remove) would give.  For rm --all and filters that want no /proc
 * (not filter_wants_idle), where the shmid (its sequence number too) is
 * what was chosen: a new segment at that index has another.
 */
enum seg_removal seg_remove_looked(const struct seg *looked);

/*
 * Look at the segment listed describes again, into fresh: 0 if it is still
 * that segment (as seg_remove says), -1 with errno otherwise: ENOENT gone,
 * ESTALE replaced or changed.  chmod, chown and truncate check with it too.
 */
int seg_verify(const struct seg *listed, struct seg *fresh);

/* Does the filter ask for a segment nobody uses (so a /proc recheck)? */
bool filter_wants_idle(const struct seg_filter *filter);

#endif
