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

#include "seg.h"
#include "spec.h"

/* errno when a POSIX object or file shrank under a read. */
#define ESHRUNK ENODATA

struct shm_handle {
	enum seg_kind kind;
	int id;			/* SysV shmid */
	int fd;			/* POSIX or file; SysV through map_files; else -1 */
	unsigned char *addr;	/* SysV: the attached segment; else NULL */
	uint64_t size;		/* the segment's size when opened */
	bool writable;
};

#define HANDLE_WRITE	0x1	/* open for writing */
#define HANDLE_MAP	0x2	/* POSIX/file: map it too (attach) */
#define HANDLE_NOFD	0x4	/* SysV: do not look for a map_files fd */

/* Open the segment spec names (ftok already resolved). */
int handle_open(const struct spec *spec, int flags, struct shm_handle *h);
void handle_close(struct shm_handle *h);

/* Called after each chunk with the bytes done so far. */
struct copy_progress {
	void (*fn)(void *ctx, uint64_t done);
	void *ctx;
};

/*
 * Copy from in_fd into h at offset, at most max bytes, until EOF.
 * *done counts the bytes written, also on failure.  With grow, a POSIX
 * object or file grows to hold what comes (no size check).
 */
int copy_in(struct shm_handle *h, int in_fd, uint64_t offset, uint64_t max,
    bool grow, uint64_t *done, const struct copy_progress *progress);

/* Copy len bytes of h from offset to out_fd. */
int copy_out(struct shm_handle *h, int out_fd, uint64_t offset, uint64_t len,
    uint64_t *done, const struct copy_progress *progress);

/* Where the first NUL is in [offset, offset+len), as a length; len if none. */
int find_nul(struct shm_handle *h, uint64_t offset, uint64_t len,
    uint64_t *found);

/* Write one byte at offset (the NUL of write -z). */
int put_byte(struct shm_handle *h, uint64_t offset, unsigned char byte);

/* Read and count what is left on fd, up to cap bytes (for error messages). */
uint64_t drain_count(int fd, uint64_t cap);

/* Grow a pipe to up to 1 MiB (fs.pipe-max-size permitting); ignored if not a pipe. */
void pipe_grow(int fd);

#endif
