/*
 * seg.h - one description of a shared-memory segment of either kind, the
 * lists that ls and rm work on, and the filters they share.
 */
#ifndef SHMTOOL_SEG_H
#define SHMTOOL_SEG_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

enum seg_kind { SEG_SYSV, SEG_POSIX, SEG_FILE };

/* Status bits, apart from the permission bits they share mode with in SysV. */
#define SEG_DEST	0x1	/* IPC_RMID done, goes at the last detach */
#define SEG_LOCKED	0x2	/* SHM_LOCK */

struct seg {
	enum seg_kind kind;
	key_t key;		/* SysV; 0 for IPC_PRIVATE and after IPC_RMID */
	int id;			/* SysV shmid; -1 for the others */
	char name[NAME_MAX + 2];	/* POSIX: "/name" */
	const char *path;	/* SEG_FILE: the path as given */
	dev_t dev;		/* POSIX and files: device and inode */
	ino_t ino;
	uid_t uid, cuid;
	gid_t gid, cgid;
	mode_t mode;		/* permission bits only */
	unsigned status;	/* SEG_DEST | SEG_LOCKED */
	uint64_t size;
	long nattch;		/* -1 where unknown (POSIX before a /proc scan) */
	pid_t cpid, lpid;	/* 0 where unknown */
	time_t atime, dtime, ctime;	/* 0 = never */
	/* From seg_count_holders and seg_check_orphaned (holders.h); -1 until then. */
	long holders;		/* processes mapping it or holding it open */
	int orphaned;		/* 1 yes, 0 no, -1 unknown */
};

struct seg_list {
	struct seg *segs;
	size_t n, cap;
};

/* Make room for cap segments in all; -1 with ENOMEM. */
int seg_list_reserve(struct seg_list *list, size_t cap);

/* Append a copy of seg; -1 with ENOMEM. */
int seg_list_add(struct seg_list *list, const struct seg *seg);
void seg_list_free(struct seg_list *list);

/*
 * Selection shared by ls and rm.  Every field that is set must match
 * (AND).  kinds is a mask of 1 << SEG_SYSV and 1 << SEG_POSIX.
 */
struct seg_filter {
	unsigned kinds;
	bool by_owner, by_creator;
	uid_t owner, creator;
	bool orphaned;		/* needs seg_check_orphaned first */
	bool unattached;	/* nattch 0; POSIX: no holder (seg_count_holders) */
	bool by_age;
	time_t older_than;	/* changed (ctime) at least this long ago */
	time_t now;
};


bool seg_filter_match(const struct seg_filter *filter, const struct seg *seg);

/* strerror, lowercase as all our messages are. */
const char *strerror_lower(int err);

/* A short lowercase message for err, worded for segments (ENOENT: "no such segment"). */
const char *seg_strerror(int err);

/* What to call a segment in messages: "0x00005005", "id 32768", "/name". */
const char *seg_label(const struct seg *seg, char *buf, size_t len);

#endif
