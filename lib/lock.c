/*
 * lock.c - the lock convention of lock.h: OFD locks for what has an fd, a
 * same-key System V semaphore for SysV segments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "copy.h"
#include "lock.h"

/* glibc leaves union semun to the caller (semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* --- time ---------------------------------------------------------------- */

static struct timespec now_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static struct timespec add_ts(struct timespec a, struct timespec b)
{
	a.tv_sec += b.tv_sec;
	a.tv_nsec += b.tv_nsec;
	if (a.tv_nsec >= 1000000000L) {
		a.tv_sec++;
		a.tv_nsec -= 1000000000L;
	}
	return a;
}

/* What is left until deadline; false once it has passed. */
static bool time_left(struct timespec deadline, struct timespec *left)
{
	struct timespec now = now_monotonic();

	left->tv_sec = deadline.tv_sec - now.tv_sec;
	left->tv_nsec = deadline.tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return left->tv_sec >= 0;
}

/* --- POSIX objects and files: OFD locks ------------------------------------ */

/*
 * F_OFD_SETLK tried until it succeeds or deadline passes, with pauses of
 * 1 ms doubling to 16 ms.  Not F_OFD_SETLKW under a timer signal: that
 * would take over SIGALRM and the interval timer, which are the caller's,
 * and valgrind does not interrupt F_OFD_SETLKW with a signal.
 */
static int ofd_lock_until(int fd, struct flock *fl, struct timespec deadline)
{
	struct timespec pause = { 0, 1000000L }, left;
	int rc;

	for (;;) {
		rc = fcntl(fd, F_OFD_SETLK, fl);
		if (rc == 0 || (errno != EAGAIN && errno != EACCES && errno != EINTR))
			return rc;
		if (!time_left(deadline, &left)) {
			errno = EAGAIN;
			return -1;
		}
		if (left.tv_sec == 0 && left.tv_nsec < pause.tv_nsec)
			pause.tv_nsec = left.tv_nsec;
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 16000000L)
			pause.tv_nsec *= 2;
	}
}

static int ofd_lock(int fd, enum seg_lock_mode mode, const struct timespec *wait)
{
	struct flock fl = {
		.l_type = mode == SEG_LOCK_EXCLUSIVE ? F_WRLCK : F_RDLCK,
		.l_whence = SEEK_SET,	/* l_start 0, l_len 0: all of it, as it grows */
	};
	int rc;

	if (wait == NULL) {
		do
			rc = fcntl(fd, F_OFD_SETLKW, &fl);
		while (rc < 0 && errno == EINTR);
		return rc;
	}
	return ofd_lock_until(fd, &fl, add_ts(now_monotonic(), *wait));
}

/* --- SysV segments: a semaphore set with the segment's key ------------------ */

/*
 * Who may use the set: whoever may read or write the segment may take the
 * lock (a semaphore is changed, so each class that has r or w gets rw).
 */
static mode_t set_mode(mode_t seg_mode)
{
	mode_t mode = 0;

	for (int shift = 0; shift <= 6; shift += 3)
		if (seg_mode & (06 << shift))
			mode |= 06 << shift;
	return mode;
}

/*
 * Make the set: made with IPC_EXCL by one process only, given the
 * segment's owner, group and mode, then set free (1) by semop, which also
 * sets sem_otime: others take a set whose sem_otime is still 0 as not yet
 * ready (the classic race of SETVAL after semget, UNP vol. 2, 11.2).
 */
static int make_set(const struct seg *seg)
{
	struct sembuf free_it = { .sem_num = 0, .sem_op = 1 };
	struct semid_ds ds;
	int id, saved;

	id = semget(seg->key, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		return -1;
	memset(&ds, 0, sizeof(ds));
	ds.sem_perm.uid = seg->uid;
	ds.sem_perm.gid = seg->gid;
	ds.sem_perm.mode = set_mode(seg->mode);
	/* Set free before handing it over: our IPC_SET may leave us no access. */
	if (semop(id, &free_it, 1) < 0 ||
	    semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) < 0) {
		saved = errno;
		semctl(id, 0, IPC_RMID);
		errno = saved;
		return -1;
	}
	return id;
}

/* The set, made if there is none; one made by another, once it is ready. */
static int find_set(const struct seg *seg, const struct timespec *deadline)
{
	struct timespec pause = { 0, 1000000L }, left;
	struct semid_ds ds = { .sem_otime = 0 };
	int id;

	for (;;) {
		id = semget(seg->key, 1, 0);
		if (id < 0 && errno == ENOENT) {
			id = make_set(seg);
			if (id < 0 && errno == EEXIST)
				continue;	/* made by another just now */
			return id;
		}
		if (id < 0 || semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0)
			return -1;
		if (ds.sem_otime != 0)
			return id;
		/* Being made: wait for its first semop. */
		if (deadline != NULL && !time_left(*deadline, &left)) {
			errno = EAGAIN;
			return -1;
		}
		nanosleep(&pause, NULL);
	}
}

static int sem_lock(const struct seg *seg, const struct timespec *wait,
    struct seg_lock *lock)
{
	struct sembuf take = { .sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO };
	struct timespec deadline, left;
	int id, rc;

	if (seg->key == IPC_PRIVATE) {
		errno = ENOKEY;
		return -1;
	}
	if (wait != NULL)
		deadline = add_ts(now_monotonic(), *wait);
	id = find_set(seg, wait != NULL ? &deadline : NULL);
	if (id < 0)
		return -1;
	if (wait == NULL) {
		do
			rc = semop(id, &take, 1);
		while (rc < 0 && errno == EINTR);
	} else {
		do {
			if (!time_left(deadline, &left))
				left = (struct timespec){ 0, 0 };
			take.sem_flg = SEM_UNDO | (left.tv_sec == 0 &&
			    left.tv_nsec == 0 ? IPC_NOWAIT : 0);
			rc = semtimedop(id, &take, 1, &left);
		} while (rc < 0 && errno == EINTR);
	}
	if (rc < 0)
		return -1;
	lock->semid = id;
	return 0;
}

/* --- both ------------------------------------------------------------------ */

int seg_lock_take(const struct seg *seg, int fd, enum seg_lock_mode mode,
    const struct timespec *wait, struct seg_lock *lock)
{
	int saved;

	lock->fd = -1;
	lock->semid = -1;
	if (seg->kind == SEG_SYSV)
		return sem_lock(seg, wait, lock);
	if (ofd_lock(fd, mode, wait) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	lock->fd = fd;
	return 0;
}

int seg_lock(const struct seg *seg, enum seg_lock_mode mode,
    const struct timespec *wait, struct seg_lock *lock)
{
	bool exclusive = mode == SEG_LOCK_EXCLUSIVE;
	struct shm_handle h;
	int fd;

	if (seg->kind == SEG_SYSV) {
		if (seg_access(seg, exclusive) < 0)
			return -1;
		return seg_lock_take(seg, -1, mode, wait, lock);
	}
	if (handle_open(seg, exclusive ? HANDLE_WRITE : 0, &h) < 0)
		return -1;
	fd = fcntl(h.fd, F_DUPFD_CLOEXEC, 3);
	handle_close(&h);
	if (fd < 0)
		return -1;
	return seg_lock_take(seg, fd, mode, wait, lock);
}

/* Has the object h has open changed size since h was opened? */
static bool size_changed(const struct shm_handle *h, int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && (uint64_t)st.st_size != h->size;
}

int handle_open_locked(const struct seg *seg, int flags, enum seg_lock_mode mode,
    const struct timespec *wait, struct shm_handle *h, struct seg_lock *lock)
{
	int fd;

	if (seg->kind == SEG_SYSV) {
		if (seg_lock_take(seg, -1, mode, wait, lock) < 0)
			return -1;
	} else {
		if (handle_open(seg, flags, h) < 0)
			return -1;
		fd = fcntl(h->fd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0 || seg_lock_take(seg, fd, mode, wait, lock) < 0) {
			handle_close(h);
			return -1;
		}
		if (!size_changed(h, lock->fd)) {
			h->snapshot = true;
			return 0;
		}
		handle_close(h);
	}
	if (handle_open(seg, flags, h) < 0) {
		seg_lock_release(lock);
		return -1;
	}
	h->snapshot = true;
	return 0;
}

void seg_lock_release(struct seg_lock *lock)
{
	struct sembuf give = { .sem_num = 0, .sem_op = 1, .sem_flg = SEM_UNDO };
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET };
	int saved = errno;

	/* Now, not at the last close: the handle may share the description. */
	if (lock->fd >= 0) {
		fcntl(lock->fd, F_OFD_SETLK, &fl);
		close(lock->fd);
	}
	if (lock->semid >= 0)
		semop(lock->semid, &give, 1);
	lock->fd = -1;
	lock->semid = -1;
	errno = saved;
}
