/*
 * seg.h - one description of a shared-memory segment of either kind, the
 * lists that ls and rm work on, the filters they share, finding the
 * segment a SPEC names, and what to call it in messages.
 */
#ifndef SHMTOOL_SEG_H
#define SHMTOOL_SEG_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct spec;
struct ns_place;

enum seg_kind { SEG_SYSV, SEG_POSIX, SEG_FILE };

/*
 * glibc keeps sem_open's semaphores in /dev/shm as sem.NAME: POSIX
 * objects with seg->sem set, TYPE sem.  In a filter's kinds they are
 * this bit, beside 1 << SEG_SYSV and 1 << SEG_POSIX.
 */
#define SEG_SEM_BIT	(1u << 3)

/*
 * Shared memory no name reaches (ls --hidden): SEG_FILE segments reached
 * through a holder's /proc/PID/fd or /proc/PID/map_files link.  In a
 * filter's kinds, SEG_HIDDEN_BIT.
 */
enum seg_hidden {
	HIDDEN_NONE,
	HIDDEN_DELETED,		/* a /dev/shm object or file, unlinked */
	HIDDEN_MEMFD,		/* memfd_create */
	HIDDEN_ANON,		/* MAP_SHARED|MAP_ANONYMOUS */
};
#define SEG_HIDDEN_BIT	(1u << 4)

/* Status bits, apart from the permission bits they share mode with in SysV. */
#define SEG_DEST	0x1	/* IPC_RMID done, goes at the last detach */
#define SEG_LOCKED	0x2	/* SHM_LOCK */

/* Our own errno values, borrowed from ones no system call here returns. */
#define SEG_ENOTREG	EMEDIUMTYPE	/* exists, but is no regular file */
#define SEG_ESHRUNK	ENODATA		/* shrank while being read or written */
#define SEG_EPSEUDO	EREMOTEIO	/* a /proc or /sys file, not memory */
#define SEG_EUNTRUSTED	ENOTNAM		/* --ns: a /dev/shm not taken for one (ns.h) */
#define SEG_ELINKED	EMLINK		/* a POSIX object with another name: not changed */
#define SEG_EMOUNTED	EISNAM		/* something mounted over a name in /dev/shm */

/* Why ORPHANED is unknown (orphaned == -1): unknown is never dead. */
enum seg_doubt {
	DOUBT_NONE,
	DOUBT_NOT_CHECKED,	/* nobody asked */
	DOUBT_CPID_HIDDEN,	/* cpid 0: its creator is outside our PID namespace */
	DOUBT_LPID_HIDDEN,	/* lpid 0, yet it was attached: by someone we cannot see */
	DOUBT_PID_UNREADABLE,	/* doubt_pid exists, but /proc will not say more */
	DOUBT_NO_PROC,		/* no /proc of our PID namespace */
	DOUBT_HIDEPID,		/* /proc hides other users' processes */
	DOUBT_NOT_CONTAINED,	/* POSIX, not in the host's PID namespace: see --contained */
};

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
	time_t mtime;		/* POSIX and files: last write */
	/* From holders_count and holders_check_orphaned (holders.h); -1 until then. */
	long holders;		/* processes mapping it or holding it open */
	int orphaned;		/* 1 yes, 0 no, -1 unknown */
	enum seg_doubt doubt;	/* why orphaned is -1 */
	pid_t doubt_pid;	/* DOUBT_PID_UNREADABLE: which process */
	char *command;		/* the live creator's command line, or NULL; the list owns it */
	/* From seg_find_usage (collect.h): bytes resident and swapped; -1 unknown. */
	int64_t rss, swap;
	/* From seg_find_page_size: bytes a page of it holds; -1 unknown. */
	int64_t page_size;
	/* SysV: told by SHM_STAT_ANY, as the caller may not IPC_STAT it. */
	bool unreadable;
	/* POSIX: it has another name too (a hard link): never changed (posix.h). */
	bool linked;
	/* A POSIX named semaphore (/sem.NAME), and its value (-1 unknown). */
	bool sem;
	int64_t sem_value;
	/*
	 * Hidden memory: its kind, the /proc link path points to (the list
	 * owns it), and whether its inode could be stat'ed (else only SIZE,
	 * from a mapping's length, is known).
	 */
	enum seg_hidden hidden;
	char *owned_path;
	bool unstated;
	/* From NEED_PIDS (collect.h): the holders' pids, ascending; the list owns them. */
	pid_t *pids;
	size_t npids;
	/* From NEED_MAP_RSS: bytes of it resident in filter->pid's mappings; -1 unknown. */
	int64_t map_rss;
	/*
	 * --all-ns: the place (IPC namespace and /dev/shm) it was found in,
	 * NULL without; the scan owns it (collect.h, ns.h).
	 */
	const struct ns_place *place;
};

struct seg_list {
	struct seg *segs;
	size_t n, cap;
};

/* Make room for cap segments in all; -1 with ENOMEM. */
int seg_list_reserve(struct seg_list *list, size_t cap);

/* Append a copy of seg (the list then owns seg->command); -1 with ENOMEM. */
int seg_list_add(struct seg_list *list, const struct seg *seg);
void seg_list_free(struct seg_list *list);

/* Free what seg owns (its command line, hidden path, holders' pids). */
void seg_clear(struct seg *seg);

/*
 * Selection shared by ls and rm.  Every field that is set must match
 * (AND).  kinds is a mask of 1 << SEG_SYSV and 1 << SEG_POSIX.
 */
struct seg_filter {
	unsigned kinds;
	bool by_owner, by_creator;
	uid_t owner, creator;
	bool orphaned;		/* needs holders_check_orphaned first */
	bool unattached;	/* nattch 0; POSIX: no holder (holders_count) */
	bool by_age;
	time_t older_than;	/* changed (ctime) at least this long ago */
	bool by_idle;
	time_t idle_for;	/* no attach, detach, change or write for this long */
	bool contained;		/* every user of this /dev/shm is in our PID namespace */
	time_t now;
	bool hidden;		/* add hidden memory (ls --hidden), whatever kinds says */
	pid_t pid;		/* > 0: held by this process (needs NEED_PIDS) */
	bool all_ns;		/* in every place (segs_collect_all_ns), not only ours */
};

bool seg_filter_match(const struct seg_filter *filter, const struct seg *seg);

/* Is pid among seg->pids (NEED_PIDS)? */
bool seg_held_by(const struct seg *seg, pid_t pid);

/* The bit of seg's kind in a filter's kinds: 1 << kind, SEG_SEM_BIT or SEG_HIDDEN_BIT. */
unsigned seg_kind_bit(const struct seg *seg);

/* "sysv", "posix", "sem", "file", "deleted", "memfd" or "anon": the TYPE column. */
const char *seg_type_name(const struct seg *seg);

/* When seg was last used: attached, detached, changed or written. */
time_t seg_last_use(const struct seg *seg);

/*
 * Find the segment spec names and describe it: ftok resolved, a SysV key
 * or id looked up and IPC_STATed (SHM_STAT_ANY where IPC_STAT is refused,
 * as for the owner of a mode 0000 segment), a POSIX object or file stat'ed.
 * -1 with errno (ENOENT when there is none).
 */
int seg_find(struct spec *spec, struct seg *seg);

/*
 * May the caller read (and with write, write) seg?  Asked the way a
 * program would: shmget(key, 0, 0400 or 0600), open(O_RDONLY or O_RDWR).
 * -1 with errno (EACCES) if not.
 */
int seg_access(const struct seg *seg, bool write);

/*
 * Create the segment spec names, exclusively: a SysV key (ftok resolved)
 * or IPC_PRIVATE, its id in *id, or a POSIX object (posix_create).
 * flags: SYSV_HUGETLB.  -1 with errno: EEXIST; EFBIG above kernel.shmmax
 * or the largest file size, checked before anything is made.
 */
int seg_create(struct spec *spec, uint64_t size, mode_t mode, int flags, int *id);

/* Close fd, keeping errno: -1, for the caller to return. */
int close_keeping_errno(int fd);

/* The mount id of what fd is open on (statx, Linux 5.8); 0 if it cannot be told. */
uint64_t mount_id_of(int fd);

/* strerror, lowercase as all our messages are. */
const char *strerror_lower(int err);

/*
 * The message for err about a segment of this kind: "no such segment",
 * but "no such file or directory" for a file:PATH.
 */
const char *seg_strerror(enum seg_kind kind, int err);

/*
 * What to call a segment in messages: "0x00005005", "id 32768", "/name",
 * "file:PATH", escaped for display (text.h).  Free it; NULL on ENOMEM.
 */
char *seg_label(const struct seg *seg);

/*
 * A SPEC that names seg again (the SPEC column): "0x00005005", "id:32768"
 * for a key of 0, "/name" or "file:PATH", not yet escaped: shown through
 * text.h or libsmartcols, it reads back as the same bytes.  Free it.
 */
char *seg_spec(const struct seg *seg);

/* Why seg->orphaned is unknown, in words: "its creator is outside ...". */
const char *seg_doubt_text(const struct seg *seg, char *buf, size_t len);

/*
 * Would the caller be allowed to remove seg?  SysV: its owner, its creator
 * or CAP_SYS_ADMIN; POSIX: the object's owner, the directory's owner or
 * CAP_FOWNER (/dev/shm is sticky).
 */
bool seg_may_remove(const struct seg *seg);

/*
 * Would the caller be allowed to change seg's mode or group (owner false)
 * or its owner (owner true)?  SysV (IPC_SET): its owner, its creator or
 * CAP_SYS_ADMIN.  POSIX and files: the owner or CAP_FOWNER; a new owner
 * takes CAP_CHOWN.
 */
bool seg_may_change(const struct seg *seg, bool owner);

#endif
