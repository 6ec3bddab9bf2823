/*
 * copy.h - the data path: open a segment of any kind for its contents, and
 * move bytes between it and a file descriptor with the fastest mechanism
 * the pair allows (sendfile, splice, vmsplice), falling back to read and
 * write.  No buffer grows with the data size.  -1 with errno on failure.
 */
#ifndef SHMTOOL_COPY_H
#define SHMTOOL_COPY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "seg.h"

struct shm_handle {
	enum seg_kind kind;
	int id;			/* SysV shmid */
	int fd;			/* POSIX or file; SysV through map_files; else -1 */
	unsigned char *addr;	/* the mapping: SysV always, others with HANDLE_MAP */
	uint64_t size;		/* the segment's size when opened */
	bool writable;
	bool huge;		/* on hugetlbfs: no write(2) path, only the mapping */
	/*
	 * copy_out copies the bytes into a pipe instead of splicing page
	 * references, which would show the reader writes made after the copy
	 * (set under a lock: what it protected is what the reader gets).
	 */
	bool snapshot;
};

#define HANDLE_WRITE	0x1	/* open for writing */
#define HANDLE_MAP	0x2	/* POSIX/file: map it too (attach, write in place) */
#define HANDLE_NOFD	0x4	/* SysV: do not look for a map_files fd */

/*
 * Open the segment seg describes (from seg_find).  A POSIX object or file
 * must still be the device and inode seg names: ENOENT if it was replaced.
 */
int handle_open(const struct seg *seg, int flags, struct shm_handle *h);
void handle_close(struct shm_handle *h);

/* Called after each chunk with the bytes done so far. */
struct copy_progress {
	void (*fn)(void *ctx, uint64_t done);
	void *ctx;
};

/* What a copy into a segment reads: an fd, looked at once. */
struct copy_source {
	int fd;
	struct stat st;		/* its fstat(2) */
	long long left;		/* a regular file's bytes from its offset to EOF, else -1 */
};

/* Look at fd for copy_in: -1 with errno if fstat(2) cannot. */
int copy_source_init(struct copy_source *src, int fd);

/*
 * Copy from src into h at offset, at most max bytes, until EOF.  *done
 * counts the bytes written, also on failure.  With grow, a POSIX object or
 * file grows to hold what comes (no size check).  Without it, nothing is
 * written past the size h had when opened, and a segment that shrinks
 * under the copy is SEG_ESHRUNK, never grown back: the bytes go through
 * the mapping (HANDLE_MAP), where the kernel refuses a page past the end.
 */
int copy_in(struct shm_handle *h, const struct copy_source *src, uint64_t offset,
    uint64_t max, bool grow, uint64_t *done, const struct copy_progress *progress);

/* Copy len bytes of h from offset to out_fd; SEG_ESHRUNK if it shrank. */
int copy_out(struct shm_handle *h, int out_fd, uint64_t offset, uint64_t len,
    uint64_t *done, const struct copy_progress *progress);

/* Where the first NUL is in [offset, offset+len), as a length; len if none. */
int handle_find_nul(struct shm_handle *h, uint64_t offset, uint64_t len,
    uint64_t *found);

/* Write one byte at offset (the NUL of write -z), never past the end. */
int handle_put_byte(struct shm_handle *h, uint64_t offset, unsigned char byte);

/* Size a POSIX object or file to size bytes (write --truncate). */
int handle_truncate(struct shm_handle *h, uint64_t size);

/* Fault every page of the mapping in, for writing or reading (attach --populate). */
int handle_populate(struct shm_handle *h);

/*
 * Lock the mapping in memory: SHM_LOCK for SysV, mlock for the others.
 * *unlock says whether handle_unlock should undo it (not if it was locked
 * already).  EPERM when the limit or the privilege is missing.
 */
int handle_lock(struct shm_handle *h, bool *unlock);
void handle_unlock(struct shm_handle *h);

#endif
