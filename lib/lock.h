/*
 * lock.h - the lock shmtool shares with C programs (shmtool(7), LOCKING).
 *
 * Shared memory has no synchronization of its own; this convention gives
 * it an advisory lock that a C program can take in a few lines:
 *  - POSIX objects and files: an OFD lock (F_OFD_SETLKW) over the whole
 *    object, shared for reading and exclusive for writing.  It conflicts
 *    with classic fcntl and lockf locks as well, so a program using those
 *    takes part too.
 *  - SysV segments, which have no fd to lock: a System V semaphore set
 *    with the segment's key, semaphore 0 a binary lock (1 = free), taken
 *    with SEM_UNDO so a holder that dies gives it back.  Readers take it
 *    too: a binary semaphore has no shared mode.  The first to need the
 *    set makes it (seg_lock_take), owned as the segment is.
 */
#ifndef SHMTOOL_LOCK_H
#define SHMTOOL_LOCK_H

#include <stdbool.h>
#include <time.h>

#include "seg.h"

enum seg_lock_mode { SEG_LOCK_SHARED, SEG_LOCK_EXCLUSIVE };

struct seg_lock {
	int fd;			/* POSIX and files: the fd the OFD lock is on; -1 */
	int semid;		/* SysV: the lock's semaphore set; -1 */
};

struct shm_handle;

/*
 * Take seg's lock.  fd: for a POSIX object or file, an fd open on it
 * (O_RDWR for SEG_LOCK_EXCLUSIVE) that the lock keeps and closes at
 * release or failure (the lock is on its open file description); -1 for
 * SysV.  wait NULL: as long as it takes; otherwise at most that long,
 * {0, 0} trying once.  -1 with errno: EAGAIN when another still holds it
 * at the end of the wait; for SysV, ENOKEY when the segment has no key
 * (made IPC_PRIVATE, or removed) to name a semaphore set by.
 */
int seg_lock_take(const struct seg *seg, int fd, enum seg_lock_mode mode,
    const struct timespec *wait, struct seg_lock *lock);

/*
 * The same with no fd at hand (shmtool lock): access is checked as for
 * reading (shared) or writing (exclusive), and a POSIX object or file
 * must still be the device and inode seg names.
 */
int seg_lock(const struct seg *seg, enum seg_lock_mode mode,
    const struct timespec *wait, struct seg_lock *lock);

/*
 * handle_open (copy.h) with seg's lock held in *lock: for SysV the lock
 * first; for the others the handle, whose fd the lock goes on, then
 * opened anew if the size changed while the lock was waited for, so h
 * has the size the lock protects.
 */
int handle_open_locked(const struct seg *seg, int flags, enum seg_lock_mode mode,
    const struct timespec *wait, struct shm_handle *h, struct seg_lock *lock);

/* Give the lock back; nothing if none is held.  Keeps errno. */
void seg_lock_release(struct seg_lock *lock);

#endif
