/*
 * copy.c - moving contents between segments and file descriptors.
 *
 * Fresh shared memory costs page allocation, and a default 64 KiB pipe
 * costs more than the copy itself (see PERFORMANCE.md).  So: sendfile from
 * and to regular files, splice between a pipe and an fd, vmsplice of a
 * SysV mapping into a pipe, pipes grown to 1 MiB; read and write only as
 * the fallback.  POSIX objects and files are never mapped to copy, so a
 * concurrent truncation shows as a short read, never as SIGBUS.
 */
#include "copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "posix.h"
#include "sysv.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23	/* Linux 5.14 */
#endif

#define PIPE_CHUNK	(1u << 20)	/* what a grown pipe holds */
#define FILE_CHUNK	(8u << 20)	/* sendfile and write: progress every 8 MiB */
#define BUF_SIZE	(1u << 20)	/* the fallback's one buffer */
#define MAP_FILES_MIN	(64u << 10)	/* smaller SysV segments go by the mapping */

/* A fast path refused for this pair of files: fall back, not fail. */
static bool can_fall_back(int err)
{
	return err == EINVAL || err == ENOSYS || err == EXDEV || err == EPERM ||
	    err == EOPNOTSUPP || err == EBADF || err == ESPIPE;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void report(const struct copy_progress *p, uint64_t done)
{
	if (p != NULL && p->fn != NULL)
		p->fn(p->ctx, done);
}

void pipe_grow(int fd)
{
	static int max = -1;
	int size = fcntl(fd, F_GETPIPE_SZ);

	if (size < 0 || size >= (int)PIPE_CHUNK)
		return;
	if (max < 0) {
		FILE *f = fopen("/proc/sys/fs/pipe-max-size", "re");

		if (f == NULL || fscanf(f, "%d", &max) != 1)
			max = (int)PIPE_CHUNK;
		if (f != NULL)
			fclose(f);
	}
	/* Refused past pipe-user-pages-soft: the copy still works, slower. */
	fcntl(fd, F_SETPIPE_SZ, max < (int)PIPE_CHUNK ? max : (int)PIPE_CHUNK);
}

/*
 * A SysV segment has no fd, but its backing shmem file can be opened
 * through /proc/self/map_files (CAP_SYS_ADMIN), and then every fd path
 * works for it.  The inode number of that file is the shmid: check it.
 */
static int open_map_files(struct shm_handle *h)
{
	char path[64];
	struct stat st;
	unsigned long start = (unsigned long)h->addr;
	unsigned long end;
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	/* The mapping ends at a page boundary (a huge one for hugetlb). */
	for (end = start + h->size; ; end += (unsigned long)page) {
		end = (end + (unsigned long)page - 1) & ~((unsigned long)page - 1);
		snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", start, end);
		fd = open(path, (h->writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT || end - start > h->size + (1u << 30))
			break;
		page = 2 << 20;	/* try huge page boundaries: 2M, 4M ... 1G */
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_ino != (ino_t)h->id) {
		close(fd);
		return -1;
	}
	return fd;
}

static int open_sysv(const struct spec *spec, int flags, struct shm_handle *h)
{
	struct seg seg;

	h->kind = SEG_SYSV;
	if (sysv_lookup(spec, &h->id) < 0 || sysv_stat(h->id, &seg) < 0)
		return -1;
	h->size = seg.size;
	h->addr = shmat(h->id, NULL, h->writable ? 0 : SHM_RDONLY);
	if (h->addr == (void *)-1) {
		h->addr = NULL;
		if (errno == EINVAL || errno == EIDRM)
			errno = ENOENT;
		return -1;
	}
	/*
	 * For a small segment one read() or write() of the mapping is cheaper
	 * than the procfs lookup that finds an fd.
	 */
	if (!(flags & HANDLE_NOFD) && h->size >= MAP_FILES_MIN)
		h->fd = open_map_files(h);
	return 0;
}

static int open_file(const char *path, struct shm_handle *h)
{
	struct stat st;

	h->kind = SEG_FILE;
	/* O_NONBLOCK: a FIFO named as file:PATH must not hang us. */
	h->fd = open(path, (h->writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK);
	if (h->fd < 0) {
		/* A directory or a socket is refused as not a regular file. */
		if (errno == EISDIR || errno == ENXIO)
			errno = ENOTSHM;
		return -1;
	}
	if (fstat(h->fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = ENOTSHM;
		return -1;
	}
	return fcntl(h->fd, F_SETFL, 0);
}

int handle_open(const struct spec *spec, int flags, struct shm_handle *h)
{
	struct stat st;
	int rc, saved;

	memset(h, 0, sizeof(*h));
	h->fd = -1;
	h->id = -1;
	h->writable = flags & HANDLE_WRITE;
	switch (spec->kind) {
	case SPEC_KEY:
	case SPEC_ID:
		rc = open_sysv(spec, flags, h);
		break;
	case SPEC_POSIX:
		h->kind = SEG_POSIX;
		h->fd = posix_open(spec->path, h->writable ? O_RDWR : O_RDONLY);
		rc = h->fd < 0 ? -1 : 0;
		break;
	case SPEC_FILE:
		rc = open_file(spec->path, h);
		break;
	default:
		errno = EINVAL;
		rc = -1;
	}
	if (rc == 0 && h->kind != SEG_SYSV) {
		rc = fstat(h->fd, &st);
		h->size = (uint64_t)st.st_size;
		if (rc == 0 && (flags & HANDLE_MAP) && h->size > 0) {
			void *addr = mmap(NULL, h->size, PROT_READ |
			    (h->writable ? PROT_WRITE : 0), MAP_SHARED, h->fd, 0);

			rc = addr == MAP_FAILED ? -1 : 0;
			h->addr = rc == 0 ? addr : NULL;
		}
	}
	if (rc < 0) {
		saved = errno;
		handle_close(h);
		errno = saved;
	}
	return rc;
}

void handle_close(struct shm_handle *h)
{
	if (h->fd >= 0)
		close(h->fd);
	if (h->addr != NULL) {
		if (h->kind == SEG_SYSV)
			shmdt(h->addr);
		else
			munmap(h->addr, h->size);
	}
	h->fd = -1;
	h->addr = NULL;
}

/* The state of one copy: where in the segment, how far, how much. */
struct job {
	struct shm_handle *h;
	int fd;			/* the other end */
	uint64_t offset;	/* in the segment */
	uint64_t max;		/* bytes at most */
	uint64_t *done;
	const struct copy_progress *progress;
};

static bool job_left(const struct job *j)
{
	return *j->done < j->max;
}

static void job_advance(struct job *j, size_t n)
{
	*j->done += n;
	report(j->progress, *j->done);
}

/* Regular file -> segment fd.  sendfile writes at the fd's position. */
static int in_sendfile(struct job *j)
{
	ssize_t n;

	if (lseek(j->h->fd, (off_t)(j->offset + *j->done), SEEK_SET) < 0)
		return -1;
	while (job_left(j)) {
		n = sendfile(j->h->fd, j->fd, NULL,
		    (size_t)min_u64(j->max - *j->done, FILE_CHUNK));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		job_advance(j, (size_t)n);
	}
	return 0;
}

/* Pipe -> segment fd, page by page without a copy through user space. */
static int in_splice(struct job *j)
{
	loff_t off = (loff_t)(j->offset + *j->done);
	ssize_t n;

	pipe_grow(j->fd);
	while (job_left(j)) {
		n = splice(j->fd, NULL, j->h->fd, &off,
		    (size_t)min_u64(j->max - *j->done, PIPE_CHUNK),
		    SPLICE_F_MOVE | SPLICE_F_MORE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		job_advance(j, (size_t)n);
	}
	return 0;
}

/* Anything -> segment fd through one buffer. */
static int in_pwrite(struct job *j)
{
	unsigned char *buf = malloc(BUF_SIZE);
	int rc = 0;

	if (buf == NULL)
		return -1;
	while (job_left(j)) {
		ssize_t n = read(j->fd, buf, (size_t)min_u64(j->max - *j->done, BUF_SIZE));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = (int)n;
			break;
		}
		for (ssize_t w = 0, k; w < n; w += k) {
			k = pwrite(j->h->fd, buf + w, (size_t)(n - w),
			    (off_t)(j->offset + *j->done + (uint64_t)w));
			if (k < 0 && errno == EINTR) {
				k = 0;
				continue;
			}
			if (k <= 0) {
				free(buf);
				if (k == 0)
					errno = ENOSPC;
				return -1;
			}
		}
		job_advance(j, (size_t)n);
	}
	free(buf);
	return rc;
}

/* Anything -> SysV mapping: read() straight into the prefaulted pages. */
static int in_read_map(struct job *j)
{
	while (job_left(j)) {
		size_t len = (size_t)min_u64(j->max - *j->done, PIPE_CHUNK);
		unsigned char *dst = j->h->addr + j->offset + *j->done;
		unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
		unsigned char *start = (unsigned char *)((unsigned long)dst & ~(page - 1));
		ssize_t n;

		/* Fault the pages in at once rather than one fault at a time. */
		madvise(start, len + (size_t)(dst - start), MADV_POPULATE_WRITE);
		n = read(j->fd, dst, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		job_advance(j, (size_t)n);
	}
	return 0;
}

int copy_in(struct shm_handle *h, int in_fd, uint64_t offset, uint64_t max,
    bool grow, uint64_t *done, const struct copy_progress *progress)
{
	struct job j = { h, in_fd, offset, max, done, progress };
	struct stat st;
	int rc = -1;

	*done = 0;
	if (!h->writable || fstat(in_fd, &st) < 0) {
		if (!h->writable)
			errno = EBADF;
		return -1;
	}
	/* Only a POSIX object or a file grows; a SysV segment never does. */
	if (!grow || h->kind == SEG_SYSV)
		j.max = min_u64(max, h->size > offset ? h->size - offset : 0);
	if (h->fd >= 0) {
		errno = EINVAL;
		if (S_ISREG(st.st_mode))
			rc = in_sendfile(&j);
		else if (S_ISFIFO(st.st_mode))
			rc = in_splice(&j);
		if (rc == 0 || !can_fall_back(errno))
			return rc;
		return in_pwrite(&j);
	}
	if (S_ISFIFO(st.st_mode))
		pipe_grow(in_fd);
	return in_read_map(&j);
}

/* Segment fd -> pipe. */
static int out_splice(struct job *j)
{
	loff_t off = (loff_t)(j->offset + *j->done);
	ssize_t n;

	while (job_left(j)) {
		n = splice(j->h->fd, &off, j->fd, NULL,
		    (size_t)min_u64(j->max - *j->done, PIPE_CHUNK), SPLICE_F_MORE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = ESHRUNK;
		if (n <= 0)
			return -1;
		job_advance(j, (size_t)n);
	}
	return 0;
}

/* SysV mapping -> pipe: the pipe refers to the segment's pages. */
static int out_vmsplice(struct job *j)
{
	while (job_left(j)) {
		struct iovec iov = {
			.iov_base = j->h->addr + j->offset + *j->done,
			.iov_len = (size_t)min_u64(j->max - *j->done, PIPE_CHUNK),
		};
		ssize_t n = vmsplice(j->fd, &iov, 1, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		job_advance(j, (size_t)n);
	}
	return 0;
}

/* Segment fd -> regular file. */
static int out_sendfile(struct job *j)
{
	off_t off = (off_t)(j->offset + *j->done);
	ssize_t n;

	while (job_left(j)) {
		n = sendfile(j->fd, j->h->fd, &off,
		    (size_t)min_u64(j->max - *j->done, FILE_CHUNK));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = ESHRUNK;
		if (n <= 0)
			return -1;
		job_advance(j, (size_t)n);
	}
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* SysV mapping -> anything. */
static int out_write_map(struct job *j)
{
	while (job_left(j)) {
		size_t len = (size_t)min_u64(j->max - *j->done, FILE_CHUNK);

		if (write_all(j->fd, j->h->addr + j->offset + *j->done, len) < 0)
			return -1;
		job_advance(j, len);
	}
	return 0;
}

/* Segment fd -> anything, through one buffer. */
static int out_pread(struct job *j)
{
	unsigned char *buf = malloc(BUF_SIZE);

	if (buf == NULL)
		return -1;
	while (job_left(j)) {
		ssize_t n = pread(j->h->fd, buf,
		    (size_t)min_u64(j->max - *j->done, BUF_SIZE),
		    (off_t)(j->offset + *j->done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = ESHRUNK;
		if (n <= 0 || write_all(j->fd, buf, (size_t)n) < 0) {
			free(buf);
			return -1;
		}
		job_advance(j, (size_t)n);
	}
	free(buf);
	return 0;
}

int copy_out(struct shm_handle *h, int out_fd, uint64_t offset, uint64_t len,
    uint64_t *done, const struct copy_progress *progress)
{
	struct job j = { h, out_fd, offset, len, done, progress };
	struct stat st;
	int rc = -1;

	*done = 0;
	if (fstat(out_fd, &st) < 0)
		return -1;
	errno = EINVAL;
	if (S_ISFIFO(st.st_mode)) {
		pipe_grow(out_fd);
		rc = h->fd >= 0 ? out_splice(&j) : out_vmsplice(&j);
	} else if (S_ISREG(st.st_mode) && h->fd >= 0) {
		rc = out_sendfile(&j);
	}
	if (rc == 0 || !can_fall_back(errno))
		return rc;
	return h->fd >= 0 ? out_pread(&j) : out_write_map(&j);
}

int find_nul(struct shm_handle *h, uint64_t offset, uint64_t len,
    uint64_t *found)
{
	unsigned char buf[65536];
	uint64_t at = 0;

	if (h->fd < 0) {
		const unsigned char *p = memchr(h->addr + offset, 0, (size_t)len);

		*found = p ? (uint64_t)(p - (h->addr + offset)) : len;
		return 0;
	}
	while (at < len) {
		ssize_t n = pread(h->fd, buf, (size_t)min_u64(len - at, sizeof(buf)),
		    (off_t)(offset + at));
		const unsigned char *p;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		p = memchr(buf, 0, (size_t)n);
		if (p != NULL) {
			*found = at + (uint64_t)(p - buf);
			return 0;
		}
		at += (uint64_t)n;
	}
	*found = at;
	return 0;
}

int put_byte(struct shm_handle *h, uint64_t offset, unsigned char byte)
{
	if (h->fd < 0) {
		h->addr[offset] = byte;
		return 0;
	}
	return pwrite(h->fd, &byte, 1, (off_t)offset) == 1 ? 0 : -1;
}

uint64_t drain_count(int fd, uint64_t cap)
{
	unsigned char buf[65536];
	uint64_t total = 0;

	while (total < cap) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += (uint64_t)n;
	}
	return total;
}
