/*
 * posix.c - POSIX shared memory objects, through a directory fd on
 * /dev/shm, so that --ns can point it at another namespace's.  This is
 * what glibc's shm_open does: open("/dev/shm/NAME", O_NOFOLLOW|O_CLOEXEC).
 */
#include "posix.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int shm_dirfd = -1;
static int shm_dir_refused;	/* posix_refuse_dir's error, else 0 */
static uint64_t shm_dir_mnt;	/* the mount id of shm_dirfd; 0 unknown */

/* From now on, work in the directory fd. */
static void use_dir(int fd)
{
	if (shm_dirfd >= 0)
		close(shm_dirfd);
	shm_dirfd = fd;
	shm_dir_refused = 0;
	shm_dir_mnt = fd >= 0 ? mount_id_of(fd) : 0;
}

static struct timespec timespec_of(struct statx_timestamp t)
{
	return (struct timespec){ .tv_sec = t.tv_sec, .tv_nsec = t.tv_nsec };
}

/*
 * statx(2) of name at dfd (flags as statx takes them) into st, as stat(2)
 * gives it, for an entry of the /dev/shm in use: SEG_EMOUNTED if it is on
 * another mount than the directory, something mounted over its name (a
 * bind mount, a FUSE file system), which the names below do not own.
 */
static int stat_entry(int dfd, const char *name, int flags, struct stat *st)
{
	static bool no_statx;
	struct statx x;

	/*
	 * A seccomp profile older than statx(2) refuses it with EPERM (glibc
	 * falls back only on ENOSYS): then fstatat, and no mount to compare.
	 */
	if (no_statx)
		return fstatat(dfd, name, st, flags);
	if (statx(dfd, name, flags, STATX_BASIC_STATS | STATX_MNT_ID, &x) < 0) {
		if (errno != ENOSYS && errno != EPERM)
			return -1;
		no_statx = true;
		return fstatat(dfd, name, st, flags);
	}
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(x.stx_dev_major, x.stx_dev_minor);
	st->st_ino = x.stx_ino;
	st->st_mode = x.stx_mode;
	st->st_nlink = x.stx_nlink;
	st->st_uid = x.stx_uid;
	st->st_gid = x.stx_gid;
	st->st_rdev = makedev(x.stx_rdev_major, x.stx_rdev_minor);
	st->st_size = (off_t)x.stx_size;
	st->st_blksize = (blksize_t)x.stx_blksize;
	st->st_blocks = (blkcnt_t)x.stx_blocks;
	st->st_atim = timespec_of(x.stx_atime);
	st->st_mtim = timespec_of(x.stx_mtime);
	st->st_ctim = timespec_of(x.stx_ctime);
	if (shm_dir_mnt != 0 && (x.stx_mask & STATX_MNT_ID) && x.stx_mnt_id != shm_dir_mnt) {
		errno = SEG_EMOUNTED;
		return -1;
	}
	return 0;
}

void posix_refuse_dir(int err)
{
	use_dir(-1);
	shm_dir_refused = err;
}

int posix_resize(int fd, uint64_t from, uint64_t to)
{
	/*
	 * Reserve the pages of what grows: a full /dev/shm then fails here
	 * with ENOSPC, not later with SIGBUS in whatever program maps it.
	 */
	if (to > from && fallocate(fd, 0, (off_t)from, (off_t)(to - from)) == 0)
		return 0;
	/* A file system without fallocate is only sized. */
	if (to > from && errno != EOPNOTSUPP)
		return -1;
	return ftruncate(fd, (off_t)to);
}

/* Open the directory name below dirfd, not through a link; dirfd is closed. */
static int step_nofollow(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int saved = errno;

	close(dirfd);
	errno = saved;
	return fd;
}

int posix_set_root_fd(int fd)
{
	/*
	 * Walk dev/shm one step at a time without following links: a link in
	 * another root is resolved against ours and could point anywhere.
	 */
	if ((fd = step_nofollow(fd, "dev")) < 0 || (fd = step_nofollow(fd, "shm")) < 0)
		return -1;
	use_dir(fd);
	return 0;
}

static int dirfd_get(void)
{
	int fd;

	if (shm_dir_refused) {
		errno = shm_dir_refused;
		return -1;
	}
	if (shm_dirfd < 0) {
		fd = open("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		use_dir(fd);
	}
	return shm_dirfd;
}

int posix_dir_fd(void)
{
	return dirfd_get();
}

void posix_use_dir_fd(int fd)
{
	use_dir(fd);
}

/* "/name" -> "name"; the name was checked by spec_check_posix_name. */
static const char *base_of(const char *name)
{
	return name[0] == '/' ? name + 1 : name;
}

int posix_create(const char *name, uint64_t size, mode_t mode)
{
	int dfd = dirfd_get();
	int fd, saved;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, base_of(name),
	    O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (fd < 0)
		return -1;
	/* Like shmget, and unlike shm_open, the mode is exact: no umask. */
	if (fchmod(fd, mode & 0777) < 0)
		goto fail;
	if (posix_resize(fd, 0, size) < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	/* Leave nothing half-made behind. */
	saved = errno;
	unlinkat(dfd, base_of(name), 0);
	errno = saved;
	return close_keeping_errno(fd);
}

/* fstat of what fd opened, which must be a regular file (else SEG_ENOTREG). */
static int fstat_regular(int fd, struct stat *st)
{
	if (fstat(fd, st) < 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = SEG_ENOTREG;
		return -1;
	}
	return 0;
}

/*
 * stat_entry of base at dfd (of dfd itself, opened in the /dev/shm in use,
 * for ""), not following a link; only regular files are objects.
 */
static int stat_regular(int dfd, const char *base, struct stat *st)
{
	if (stat_entry(dfd, base, AT_SYMLINK_NOFOLLOW | (*base == '\0' ? AT_EMPTY_PATH : 0),
	    st) < 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		/* Say what open(O_NOFOLLOW) would say of a link. */
		errno = S_ISLNK(st->st_mode) ? ELOOP : SEG_ENOTREG;
		return -1;
	}
	return 0;
}

int posix_open(const char *name, int flags, struct stat *st)
{
	int dfd = dirfd_get();
	int fd;

	if (dfd < 0)
		return -1;
	/* O_NONBLOCK so that a planted FIFO cannot hang us; cleared below. */
	fd = openat(dfd, base_of(name), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		/* A socket cannot be opened (ENXIO); a directory not for writing. */
		if (errno == ENXIO || errno == EISDIR)
			errno = SEG_ENOTREG;
		return -1;
	}
	if (stat_regular(fd, "", st) < 0 || fcntl(fd, F_SETFL, 0) < 0)
		return close_keeping_errno(fd);
	if ((flags & O_ACCMODE) != O_RDONLY && st->st_nlink > 1) {
		errno = SEG_ELINKED;
		return close_keeping_errno(fd);
	}
	return fd;
}

void posix_seg_from_stat(struct seg *seg, enum seg_kind kind, const char *name,
    const struct stat *st)
{
	memset(seg, 0, sizeof(*seg));
	seg->kind = kind;
	seg->id = -1;
	if (kind == SEG_POSIX)
		snprintf(seg->name, sizeof(seg->name), "/%s", base_of(name));
	else
		seg->path = name;
	/* A file has no creator apart from its owner. */
	seg->uid = seg->cuid = st->st_uid;
	seg->gid = seg->cgid = st->st_gid;
	seg->mode = st->st_mode & 0777;
	seg->size = (uint64_t)st->st_size;
	seg->dev = st->st_dev;
	seg->ino = st->st_ino;
	seg->linked = kind == SEG_POSIX && st->st_nlink > 1;
	seg->nattch = -1;
	seg->holders = -1;
	seg->orphaned = -1;
	seg->rss = seg->swap = seg->page_size = -1;
	seg->sem = kind == SEG_POSIX && strncmp(seg->name, "/sem.", 5) == 0;
	seg->sem_value = -1;
	seg->atime = st->st_atime;
	seg->mtime = st->st_mtime;
	seg->ctime = st->st_ctime;
}

int posix_stat_name(const char *name, struct stat *st)
{
	int dfd = dirfd_get();

	return dfd < 0 ? -1 : stat_regular(dfd, base_of(name), st);
}

int posix_stat(const char *name, struct seg *seg)
{
	struct stat st;

	if (posix_stat_name(name, &st) < 0)
		return -1;
	posix_seg_from_stat(seg, SEG_POSIX, name, &st);
	return 0;
}

int posix_remove(const char *name)
{
	struct stat st;

	if (posix_stat_name(name, &st) < 0)
		return -1;
	return posix_unlink(name);
}

int posix_unlink(const char *name)
{
	int dfd = dirfd_get();

	return dfd < 0 ? -1 : unlinkat(dfd, base_of(name), 0);
}

int posix_list(struct seg_list *list)
{
	int dfd = dirfd_get();
	struct dirent *d;
	struct stat st;
	struct seg seg;
	DIR *dir;
	int rc = 0;

	if (dfd < 0)
		return -1;
	/* fdopendir takes the fd over; give it its own, rewound. */
	dfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || (dir = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (stat_regular(dirfd(dir), d->d_name, &st) < 0)
			continue;
		posix_seg_from_stat(&seg, SEG_POSIX, d->d_name, &st);
		if (seg_list_add(list, &seg) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(dir);
	return rc;
}

int posix_space(uint64_t *size, uint64_t *used)
{
	int dfd = dirfd_get();
	struct statvfs vfs;

	if (dfd < 0 || fstatvfs(dfd, &vfs) < 0)
		return -1;
	*size = (uint64_t)vfs.f_blocks * vfs.f_frsize;
	*used = (uint64_t)(vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize;
	return 0;
}

#define HUGETLBFS_MAGIC_NUMBER 0x958458f6

int64_t fs_page_size(int fd)
{
	struct statfs fs;

	if (fstatfs(fd, &fs) < 0)
		return -1;
	if ((unsigned long)fs.f_type == HUGETLBFS_MAGIC_NUMBER)
		return (int64_t)fs.f_bsize;
	return (int64_t)sysconf(_SC_PAGESIZE);
}

int64_t posix_page_size(void)
{
	int dfd = dirfd_get();

	return dfd < 0 ? -1 : fs_page_size(dfd);
}

uid_t posix_dir_owner(void)
{
	int dfd = dirfd_get();
	struct stat st;

	if (dfd < 0 || fstat(dfd, &st) < 0)
		return (uid_t)-1;
	return st.st_uid;
}

/* File systems whose files describe the kernel, not memory to share. */
static bool is_pseudo_fs(int fd)
{
	static const unsigned long magics[] = {
		0x9fa0,		/* proc */
		0x62656572,	/* sysfs */
		0x27e0eb,	/* cgroup */
		0x63677270,	/* cgroup2 */
		0x64626720,	/* debugfs */
		0x74726163,	/* tracefs */
		0x73636673,	/* securityfs */
	};
	struct statfs fs;

	if (fstatfs(fd, &fs) < 0)
		return false;
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if ((unsigned long)fs.f_type == magics[i])
			return true;
	return false;
}

int posix_open_path(const char *name, struct stat *st)
{
	int dfd = dirfd_get(), fd;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, base_of(name), O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* O_PATH|O_NOFOLLOW opens a link itself: stat_regular says ELOOP. */
	return stat_regular(fd, "", st) < 0 ? close_keeping_errno(fd) : fd;
}

int posix_file_open_path(const char *path, struct stat *st)
{
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat_regular(fd, st) < 0)
		return close_keeping_errno(fd);
	if (is_pseudo_fs(fd)) {
		errno = SEG_EPSEUDO;
		return close_keeping_errno(fd);
	}
	return fd;
}

int posix_file_stat(const char *path, struct stat *st)
{
	int fd = posix_file_open_path(path, st);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int posix_file_open(const char *path, int flags, struct stat *again)
{
	char link[64];
	struct stat st;
	int pfd = posix_file_open_path(path, &st), fd;

	if (pfd < 0)
		return -1;
	/*
	 * Reopen the very inode checked, through its /proc/self/fd link; where
	 * there is no /proc, open the path again and check it is the same.
	 */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", pfd);
	fd = open(link, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)
		fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	close_keeping_errno(pfd);
	if (fd < 0)
		return -1;
	if (fstat(fd, again) < 0 || again->st_dev != st.st_dev ||
	    again->st_ino != st.st_ino) {
		errno = SEG_ENOTREG;
		return close_keeping_errno(fd);
	}
	return fcntl(fd, F_SETFL, 0) < 0 ? close_keeping_errno(fd) : fd;
}

int posix_dev(dev_t *dev)
{
	int dfd = dirfd_get();
	struct stat st;

	if (dfd < 0 || fstat(dfd, &st) < 0)
		return -1;
	*dev = st.st_dev;
	return 0;
}
