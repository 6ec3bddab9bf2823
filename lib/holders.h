/*
 * holders.h - who holds which segment, from one scan of /proc.  Every
 * match is by device and inode, never by the path text that /proc shows
 * (it escapes some bytes, appends " (deleted)", and shows a bind mount's
 * path): a SysV attachment is a mapping of the kernel's shm file whose
 * inode is the shmid; a POSIX object or a file, a mapping or an open fd
 * of that device and inode.
 */
#ifndef SHMTOOL_HOLDERS_H
#define SHMTOOL_HOLDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ns.h"
#include "seg.h"

struct holder {
	enum seg_kind kind;
	int id;			/* SysV */
	dev_t dev;		/* POSIX and files */
	ino_t ino;
	pid_t pid;
	ino_t ipc_ns;		/* SysV: the holder's IPC namespace */
};

/*
 * A mapping or an open fd of memory no name reaches (ls --hidden), seen
 * by a scan that was asked for them: lib/hidden.c makes rows of these.
 */
struct hidden_ref {
	dev_t dev;
	ino_t ino;
	pid_t pid;
	int fd;				/* -1: a mapping */
	unsigned long start, end;	/* a mapping's addresses */
	enum seg_hidden type;
	char name[NAME_MAX + 2];	/* "memfd:NAME", "/NAME", "" for anon */
};

struct holders {
	struct holder *v;
	size_t n, cap;
	struct hidden_ref *refs;	/* only when scanned with hidden */
	size_t nrefs, refs_cap;
	/*
	 * Why absence proves nothing, or DOUBT_NONE: a process that could not
	 * be read (doubt_pid), a /proc that is not ours or hides processes,
	 * or a PID namespace other than the host's without --contained.
	 */
	enum seg_doubt doubt;
	pid_t doubt_pid;
};

/*
 * Scan every process but this one, for SysV segments, POSIX objects and
 * the nfiles files (SEG_FILE, known by device and inode) in files.  A
 * name or shmid means the same segment only in the same place: SysV
 * holders count only from processes in our IPC namespace, POSIX ones only
 * on the file system of our /dev/shm.
 * contained: the caller says every user of this /dev/shm is in our PID
 * namespace, so a namespace of our own is no doubt.  hidden: also note in
 * h->refs every mapping and fd of memory no name reaches.
 */
int holders_scan(struct holders *h, const struct seg *files, size_t nfiles,
    bool contained, bool hidden);

/*
 * The same for --all-ns, in one pass however many places: SysV holders of
 * every IPC namespace (each noted with its namespace, so that a shmid is
 * matched only with a segment of that place, seg->place), POSIX ones of
 * the n /dev/shm file systems shm_devs.  The processes of places (found
 * by ns_places_find) are read through the /proc directories it kept, so
 * each is opened once; one started since is read all the same.
 */
int holders_scan_every(struct holders *h, const dev_t *shm_devs, size_t n,
    const struct ns_places *places, bool contained, bool hidden);
void holders_free(struct holders *h);

/* The pids holding seg, at most max of them in pids; returns the count. */
size_t holders_of(const struct holders *h, const struct seg *seg,
    pid_t *pids, size_t max);

/* Sort n pids ascending, as HOLDERS and messages list them. */
void holders_sort_pids(pid_t *pids, size_t n);

/*
 * Parse one /proc/PID/maps line: its device and inode, and whether its
 * path names a SysV segment ("/SYSV%08x").  -1 for a line without a file.
 */
int holders_parse_maps_line(const char *line, dev_t *dev, ino_t *ino, bool *sysv);

/*
 * The page size of process pid's attachment of SysV segment shmid, from
 * its /proc/PID/smaps (KernelPageSize): the kernel tells a segment's huge
 * pages nowhere else.  -1 if pid has it not attached or cannot be read.
 */
int64_t holders_sysv_page_size(pid_t pid, int shmid);

/*
 * segs[i].map_rss: the bytes of each resident in process pid's mappings
 * of it, added up from /proc/PID/smaps (0 if it maps none); left as they
 * are if that cannot be read.
 */
void holders_map_rss(pid_t pid, struct seg *segs, size_t n);

/* seg->holders: how many processes map it or hold it open; -1 if unknown. */
void holders_count(struct seg *seg, const struct holders *h);

/*
 * seg->orphaned and seg->doubt.  SysV: nattch is 0 and neither cpid nor
 * lpid is alive (a pid younger than the event is a reused one); h may be
 * NULL.  POSIX: no process maps it or holds it open, and the scan h saw
 * every process.  Unknown (-1) whenever that cannot be told.
 */
void holders_check_orphaned(struct seg *seg, const struct holders *h);

#endif
