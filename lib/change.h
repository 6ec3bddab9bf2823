/*
 * change.h - chmod, chown and truncate of a segment of any kind, each a
 * checked step as removal is (remove.h): the segment is looked at again
 * right before the change, and left alone unless it is the one looked up.
 */
#ifndef SHMTOOL_CHANGE_H
#define SHMTOOL_CHANGE_H

#include "seg.h"

enum seg_change_op { CHANGE_MODE, CHANGE_OWNER, CHANGE_SIZE };

struct seg_change {
	enum seg_change_op op;
	mode_t mode;		/* CHANGE_MODE: permission bits */
	uid_t uid;		/* CHANGE_OWNER: (uid_t)-1 keeps the owner */
	gid_t gid;		/* CHANGE_OWNER: (gid_t)-1 keeps the group */
	uint64_t size;		/* CHANGE_SIZE: the new size */
};

/*
 * Apply change to the segment seg describes, if seg_verify finds it the
 * same.  SysV: IPC_SET (a size is EINVAL: a SysV segment's size is
 * fixed).  POSIX objects and files: through an O_PATH fd of the very
 * inode for the mode and owner, an O_RDWR one for the size; growing
 * reserves the new pages (fallocate), so a full /dev/shm fails now rather
 * than with SIGBUS later.  -1 with errno (ESTALE: changed since looked up).
 */
int seg_change(const struct seg *seg, const struct seg_change *change);

#endif
