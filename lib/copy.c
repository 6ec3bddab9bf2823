/*
 * copy.c - moving contents between segments and file descriptors.
 *
 * Fresh shared memory costs page allocation, and a default 64 KiB pipe
 * costs more than the copy itself (see PERFORMANCE.md).  So: sendfile from
 * and to regular files, splice between a pipe and an fd, vmsplice of a
 * SysV mapping into a pipe, pipes grown to 1 MiB; read and write only as
 * the fallback.  Reading never maps a POSIX object or file, so a concurrent
 * truncation shows as a short read, never as SIGBUS.  Writing without
 * --truncate never grows an object that someone shrank under it: through
 * the fd only while a write lease (F_SETLEASE) proves that no one else has
 * it open, and so no one can shrink it; otherwise, and from the moment
 * someone wants the lease broken, through the mapping, where the kernel
 * refuses a page past the end (EFAULT, not SIGBUS: the kernel does the
 * copy).
 *
 * Every copy is one loop (run_copy) over a step function that moves one
 * chunk one way.
 */
#include "copy.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "posix.h"
#include "sysv.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14 */
#define MADV_POPULATE_WRITE 23
#endif

#define PIPE_CHUNK	(1u << 20)	/* what a grown pipe holds */
#define FILE_CHUNK	(8u << 20)	/* sendfile and write: progress every 8 MiB */
#define BUF_SIZE	(1u << 20)	/* the fallback's one buffer */
/*
 * Below this many bytes a copy goes by the mapping: one read() or write()
 * of it costs fewer system calls than setting up the fd's fast path (the
 * procfs lookup of a SysV segment's file, a POSIX object's write lease).
 */
#define SMALL_COPY	(64u << 10)

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

/* Grow a pipe to up to 1 MiB (fs.pipe-max-size permitting); ignored if not a pipe. */
static void pipe_grow(int fd)
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

/* --- opening ---------------------------------------------------------------- */

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

static int open_sysv(const struct seg *seg, int flags, struct shm_handle *h)
{
	h->kind = SEG_SYSV;
	h->id = seg->id;
	h->size = seg->size;
	/*
	 * IPC_STAT refused us, so shmat, which asks at least as much, would
	 * too; say so before trying (valgrind's shmat, sizing the segment by
	 * IPC_STAT, would fail with EINVAL: "no such segment").
	 */
	if (seg->unreadable) {
		errno = EACCES;
		return -1;
	}
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
	if (!(flags & HANDLE_NOFD) && h->size >= SMALL_COPY)
		h->fd = open_map_files(h);
	/*
	 * A huge-page segment's file is on hugetlbfs, which has no write path
	 * (write, pwrite, splice, sendfile), and reads slower than the mapping
	 * (make bench: into a pipe, 1.2x cat by its fd, 2.2x by vmsplice of
	 * the mapping): use the mapping both ways.
	 */
	h->huge = h->fd >= 0 && fs_page_size(h->fd) > sysconf(_SC_PAGESIZE);
	if (h->huge) {
		close(h->fd);
		h->fd = -1;
	}
	return 0;
}

/* A POSIX object or file, checked to be the one seg describes. */
static int open_fd(const struct seg *seg, int flags, struct shm_handle *h)
{
	int oflags = h->writable ? O_RDWR : O_RDONLY;
	struct stat st;

	h->kind = seg->kind;
	h->fd = seg->kind == SEG_POSIX ? posix_open(seg->name, oflags, &st) :
	    posix_file_open(seg->path, oflags, &st);
	if (h->fd < 0)
		return -1;
	/* Replaced since it was looked up: not the segment asked about. */
	if (st.st_dev != seg->dev || st.st_ino != seg->ino) {
		errno = ENOENT;
		return -1;
	}
	h->size = (uint64_t)st.st_size;
	/*
	 * hugetlbfs gives its files the huge page size as st_blksize: one
	 * that is no bigger than a page needs no fstatfs to tell.
	 */
	h->huge = st.st_blksize > sysconf(_SC_PAGESIZE) &&
	    fs_page_size(h->fd) > sysconf(_SC_PAGESIZE);
	if ((flags & HANDLE_MAP) && h->size > 0) {
		void *addr = mmap(NULL, (size_t)h->size, PROT_READ |
		    (h->writable ? PROT_WRITE : 0), MAP_SHARED, h->fd, 0);

		if (addr == MAP_FAILED)
			return -1;
		h->addr = addr;
	}
	return 0;
}

int handle_open(const struct seg *seg, int flags, struct shm_handle *h)
{
	int rc, saved;

	memset(h, 0, sizeof(*h));
	h->fd = -1;
	h->id = -1;
	h->writable = flags & HANDLE_WRITE;
	if (seg->size > SIZE_MAX) {
		errno = EFBIG;
		return -1;
	}
	rc = seg->kind == SEG_SYSV ? open_sysv(seg, flags, h) : open_fd(seg, flags, h);
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
			munmap(h->addr, (size_t)h->size);
	}
	h->fd = -1;
	h->addr = NULL;
}

/* --- the copy loop ------------------------------------------------------------ */

/* The state of one copy: where in the segment, how far, how much. */
struct job {
	struct shm_handle *h;
	int fd;			/* the other end */
	uint64_t offset;	/* in the segment */
	uint64_t max;		/* bytes at most */
	uint64_t *done;
	const struct copy_progress *progress;
	long long in_left;	/* copy_in: what a regular-file input holds, else -1 */
	bool in_queue;		/* copy_in: a pipe or socket, which FIONREAD measures */
	unsigned char *buf;	/* the fallbacks' buffer */
	bool leased;		/* go on only while our write lease holds */
	bool stopped;		/* ... and it was wanted broken: stopped early */
};

/*
 * One step: move at most len bytes between j->fd and the segment at
 * offset off.  Returns the bytes moved, 0 at the end of the input, or -1
 * with errno.
 */
typedef ssize_t copy_step(struct job *j, uint64_t off, size_t len);

/*
 * Run step until max bytes are done or the input ends.  Reading out of a
 * segment, an end before max means it shrank: SEG_ESHRUNK.
 */
static int run_copy(struct job *j, copy_step *step, size_t chunk, bool from_segment)
{
	while (*j->done < j->max) {
		/* Someone waits to open it: give the lease up, go on in place. */
		if (j->leased && fcntl(j->h->fd, F_GETLEASE) != F_WRLCK) {
			j->stopped = true;
			return 0;
		}
		ssize_t n = step(j, j->offset + *j->done,
		    (size_t)min_u64(j->max - *j->done, chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 && from_segment)
			errno = SEG_ESHRUNK;
		if (n == 0 && !from_segment)
			return 0;
		if (n <= 0)
			return -1;
		*j->done += (uint64_t)n;
		if (j->progress != NULL && j->progress->fn != NULL)
			j->progress->fn(j->progress->ctx, *j->done);
	}
	return 0;
}

static ssize_t write_all(int fd, const unsigned char *p, size_t len)
{
	size_t left = len;

	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return (ssize_t)len;
}

/* --- into a segment ------------------------------------------------------------ */

/* Regular file -> segment fd (sendfile writes at the fd's position). */
static ssize_t in_sendfile(struct job *j, uint64_t off, size_t len)
{
	(void)off;
	return sendfile(j->h->fd, j->fd, NULL, len);
}

/* Pipe -> segment fd, page by page without a copy through user space. */
static ssize_t in_splice(struct job *j, uint64_t off, size_t len)
{
	loff_t at = (loff_t)off;

	return splice(j->fd, NULL, j->h->fd, &at, len, SPLICE_F_MOVE | SPLICE_F_MORE);
}

/* Anything -> segment fd through one buffer. */
static ssize_t in_pwrite(struct job *j, uint64_t off, size_t len)
{
	ssize_t n = read(j->fd, j->buf, len);

	for (ssize_t w = 0, k; n > 0 && w < n; w += k) {
		k = pwrite(j->h->fd, j->buf + w, (size_t)(n - w), (off_t)off + w);
		if (k < 0 && errno == EINTR) {
			k = 0;
			continue;
		}
		if (k <= 0) {
			if (k == 0)
				errno = ENOSPC;
			return -1;
		}
	}
	return n;
}

/*
 * Why the kernel refused a page of a mapped POSIX object or file: it
 * shrank below the page, or (a hole on a full file system) no space.
 */
static int mapped_fault_errno(const struct job *j, uint64_t end)
{
	struct stat st;

	if (j->h->fd >= 0 && fstat(j->h->fd, &st) == 0 && (uint64_t)st.st_size < end)
		return SEG_ESHRUNK;
	return j->h->kind == SEG_SYSV ? EFAULT : ENOSPC;
}

/*
 * How many bytes the next read of up to len will bring, as far as is
 * known: what a regular file has left, what a pipe or socket holds now;
 * len from a device (/dev/zero fills it all), whose driver may give
 * FIONREAD's number a meaning of its own.
 */
static size_t expected_in(const struct job *j, size_t len)
{
	int queued;

	if (j->in_left >= 0)
		return (size_t)min_u64(len, (uint64_t)j->in_left > *j->done ?
		    (uint64_t)j->in_left - *j->done : 0);
	if (j->in_queue && ioctl(j->fd, FIONREAD, &queued) == 0 && queued >= 0)
		return (size_t)min_u64(len, (uint64_t)queued);
	return len;
}

/* Anything -> the mapping: read() straight into the prefaulted pages. */
static ssize_t in_read_map(struct job *j, uint64_t off, size_t len)
{
	unsigned char *dst = j->h->addr + off;
	unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
	unsigned char *start = (unsigned char *)((unsigned long)dst & ~(page - 1));
	size_t fill = (size_t)(dst - start) + expected_in(j, len);
	ssize_t n;

	/*
	 * Fault in at once, rather than one at a time, the pages the input
	 * will fill, and no more: a page faulted in is memory the segment
	 * holds from now on, written or not.
	 */
	if (fill > page && madvise(start, fill, MADV_POPULATE_WRITE) < 0 &&
	    errno == EFAULT) {
		errno = mapped_fault_errno(j, off + len);
		return -1;
	}
	n = read(j->fd, dst, len);
	if (n < 0 && errno == EFAULT)
		errno = mapped_fault_errno(j, off + len);
	return n;
}

/*
 * Through the fd, the fastest way: sendfile from a regular file, splice
 * from a pipe, else through one buffer.  Returns as run_copy does.
 */
static int copy_in_fd(struct job *j, const struct stat *in)
{
	int rc = -1;

	errno = EINVAL;
	if (S_ISREG(in->st_mode) &&
	    lseek(j->h->fd, (off_t)(j->offset + *j->done), SEEK_SET) >= 0)
		rc = run_copy(j, in_sendfile, FILE_CHUNK, false);
	else if (S_ISFIFO(in->st_mode))
		rc = run_copy(j, in_splice, PIPE_CHUNK, false);
	if (rc == 0 || !can_fall_back(errno))
		return rc;
	if ((j->buf = malloc(BUF_SIZE)) == NULL)
		return -1;
	rc = run_copy(j, in_pwrite, BUF_SIZE, false);
	free(j->buf);
	j->buf = NULL;
	return rc;
}

/*
 * A write lease: granted only while no other process has the file open,
 * and any open or truncate(2) by another first asks us to give it up.  So
 * while we hold it, nobody can shrink the object.  It was opened before,
 * so its size is looked at again now: shrunk already is SEG_ESHRUNK.
 */
static int take_lease(struct job *j)
{
	struct stat st;

	if (fcntl(j->h->fd, F_SETLEASE, F_WRLCK) < 0)
		return 0;
	if (fstat(j->h->fd, &st) == 0 && (uint64_t)st.st_size >= j->h->size)
		return 1;
	fcntl(j->h->fd, F_SETLEASE, F_UNLCK);
	errno = SEG_ESHRUNK;
	return -1;
}

/*
 * Into a POSIX object or file without growing it: through the fd under a
 * write lease, then (no lease, or it was wanted broken) through the mapping.
 * A small copy goes by the mapping at once: the lease would cost more
 * system calls than the copy.
 */
static int copy_in_place(struct job *j, const struct stat *in)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
	int rc = 0, leased;

	if (j->h->addr != NULL && (j->max <= SMALL_COPY ||
	    (S_ISREG(in->st_mode) && in->st_size <= (off_t)SMALL_COPY)))
		return run_copy(j, in_read_map, PIPE_CHUNK, false);

	/* A lease break is seen by F_GETLEASE; SIGIO, which tells it too, would kill. */
	sigaction(SIGIO, &ignore, &old);
	leased = take_lease(j);
	if (leased > 0) {
		j->leased = true;
		rc = copy_in_fd(j, in);
		j->leased = false;
		fcntl(j->h->fd, F_SETLEASE, F_UNLCK);
	}
	sigaction(SIGIO, &old, NULL);
	if (leased < 0)
		return -1;
	if (rc < 0 || (leased > 0 && !j->stopped))
		return rc;
	if (j->h->addr == NULL) {
		errno = EINVAL;
		return -1;
	}
	return run_copy(j, in_read_map, PIPE_CHUNK, false);
}

int copy_source_init(struct copy_source *src, int fd)
{
	off_t pos;

	src->fd = fd;
	src->left = -1;
	if (fstat(fd, &src->st) < 0)
		return -1;
	if (S_ISREG(src->st.st_mode) && (pos = lseek(fd, 0, SEEK_CUR)) >= 0 &&
	    pos <= src->st.st_size)
		src->left = (long long)(src->st.st_size - pos);
	return 0;
}

int copy_in(struct shm_handle *h, const struct copy_source *src, uint64_t offset,
    uint64_t max, bool grow, uint64_t *done, const struct copy_progress *progress)
{
	struct job j = { .h = h, .fd = src->fd, .offset = offset, .max = max,
	    .done = done, .progress = progress, .in_left = src->left,
	    .in_queue = S_ISFIFO(src->st.st_mode) || S_ISSOCK(src->st.st_mode) };
	const struct stat *in = &src->st;

	*done = 0;
	if (!h->writable) {
		errno = EBADF;
		return -1;
	}
	/* Only a POSIX object or a file grows; a SysV segment never does. */
	if (!grow || h->kind == SEG_SYSV)
		j.max = min_u64(max, h->size > offset ? h->size - offset : 0);
	if (j.max == 0)
		return 0;
	if (S_ISFIFO(in->st_mode))
		pipe_grow(src->fd);
	/* hugetlbfs: in place by the mapping, refused before a byte is read. */
	if (h->huge && h->kind != SEG_SYSV) {
		if (grow || h->addr == NULL) {
			errno = EOPNOTSUPP;
			return -1;
		}
		return run_copy(&j, in_read_map, PIPE_CHUNK, false);
	}
	if (!grow && h->kind != SEG_SYSV)
		return copy_in_place(&j, in);
	/* A SysV segment's size cannot change: its fd is safe, if it has one. */
	if (h->fd < 0)
		return run_copy(&j, in_read_map, PIPE_CHUNK, false);
	return copy_in_fd(&j, in);
}

/* --- out of a segment ------------------------------------------------------------ */

/* Segment fd -> pipe. */
static ssize_t out_splice(struct job *j, uint64_t off, size_t len)
{
	loff_t at = (loff_t)off;

	return splice(j->h->fd, &at, j->fd, NULL, len, SPLICE_F_MORE);
}

/* SysV mapping -> pipe: the pipe refers to the segment's pages. */
static ssize_t out_vmsplice(struct job *j, uint64_t off, size_t len)
{
	struct iovec iov = { .iov_base = j->h->addr + off, .iov_len = len };

	return vmsplice(j->fd, &iov, 1, 0);
}

/* Segment fd -> regular file. */
static ssize_t out_sendfile(struct job *j, uint64_t off, size_t len)
{
	off_t at = (off_t)off;

	return sendfile(j->fd, j->h->fd, &at, len);
}

/* SysV mapping -> anything. */
static ssize_t out_write_map(struct job *j, uint64_t off, size_t len)
{
	return write_all(j->fd, j->h->addr + off, len);
}

/* Segment fd -> anything, through one buffer. */
static ssize_t out_pread(struct job *j, uint64_t off, size_t len)
{
	ssize_t n = pread(j->h->fd, j->buf, len, (off_t)off);

	return n > 0 ? write_all(j->fd, j->buf, (size_t)n) : n;
}

int copy_out(struct shm_handle *h, int out_fd, uint64_t offset, uint64_t len,
    uint64_t *done, const struct copy_progress *progress)
{
	struct job j = { .h = h, .fd = out_fd, .offset = offset, .max = len,
	    .done = done, .progress = progress };
	struct stat st;
	int rc = -1;

	*done = 0;
	if (fstat(out_fd, &st) < 0)
		return -1;
	errno = EINVAL;
	if (S_ISFIFO(st.st_mode) && h->snapshot) {
		pipe_grow(out_fd);
		errno = EINVAL;	/* to the copying fallbacks below */
	} else if (S_ISFIFO(st.st_mode)) {
		pipe_grow(out_fd);
		rc = h->fd >= 0 ? run_copy(&j, out_splice, PIPE_CHUNK, true) :
		    run_copy(&j, out_vmsplice, PIPE_CHUNK, true);
	} else if (S_ISREG(st.st_mode) && h->fd >= 0) {
		rc = run_copy(&j, out_sendfile, FILE_CHUNK, true);
	}
	if (rc == 0 || !can_fall_back(errno))
		return rc;
	if (h->addr != NULL)
		return run_copy(&j, out_write_map, FILE_CHUNK, true);
	if ((j.buf = malloc(BUF_SIZE)) == NULL)
		return -1;
	rc = run_copy(&j, out_pread, BUF_SIZE, true);
	free(j.buf);
	return rc;
}

/* --- the rest ------------------------------------------------------------------ */

int handle_find_nul(struct shm_handle *h, uint64_t offset, uint64_t len,
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

int handle_put_byte(struct shm_handle *h, uint64_t offset, unsigned char byte)
{
	struct iovec from = { &byte, 1 }, to = { NULL, 1 };

	if (h->addr == NULL)
		return pwrite(h->fd, &byte, 1, (off_t)offset) == 1 ? 0 : -1;
	/*
	 * The kernel copies into our own mapping, so a page past an end that
	 * moved is EFAULT rather than SIGBUS.
	 */
	to.iov_base = h->addr + offset;
	if (process_vm_writev(getpid(), &from, 1, &to, 1, 0) == 1)
		return 0;
	if (errno == EFAULT && h->kind != SEG_SYSV)
		errno = SEG_ESHRUNK;
	if (errno != ENOSYS && errno != EPERM)
		return -1;
	/* No process_vm_writev here: a plain store, the page checked to exist. */
	if (h->kind != SEG_SYSV && madvise(h->addr + offset - (offset % (uint64_t)
	    sysconf(_SC_PAGESIZE)), 1, MADV_POPULATE_WRITE) < 0 && errno == EFAULT) {
		errno = SEG_ESHRUNK;
		return -1;
	}
	h->addr[offset] = byte;
	return 0;
}

int handle_truncate(struct shm_handle *h, uint64_t size)
{
	if (h->fd < 0 || h->kind == SEG_SYSV) {
		errno = EINVAL;
		return -1;
	}
	return ftruncate(h->fd, (off_t)size);
}

int handle_populate(struct shm_handle *h)
{
	long page = sysconf(_SC_PAGESIZE);

	if (h->addr == NULL)
		return 0;
	/* MADV_POPULATE_* fault everything in at once, without touching data. */
	if (madvise(h->addr, (size_t)h->size, h->writable ? MADV_POPULATE_WRITE :
	    MADV_POPULATE_READ) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	/* Before Linux 5.14: read a byte of every page. */
	for (uint64_t off = 0; off < h->size; off += (uint64_t)page)
		(void)*(volatile unsigned char *)(h->addr + off);
	return 0;
}

int handle_lock(struct shm_handle *h, bool *unlock)
{
	struct seg seg;
	int rc;

	*unlock = false;
	if (h->addr == NULL)
		return 0;
	if (h->kind == SEG_SYSV) {
		*unlock = !(sysv_stat(h->id, &seg) == 0 && (seg.status & SEG_LOCKED));
		rc = shmctl(h->id, SHM_LOCK, NULL);
	} else {
		rc = mlock(h->addr, (size_t)h->size);
	}
	if (rc < 0 && (errno == EPERM || errno == ENOMEM || errno == EAGAIN))
		errno = EPERM;
	if (rc < 0)
		*unlock = false;
	return rc;
}

void handle_unlock(struct shm_handle *h)
{
	if (h->kind == SEG_SYSV)
		shmctl(h->id, SHM_UNLOCK, NULL);
}
