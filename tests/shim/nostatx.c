/*
 * nostatx.c - an LD_PRELOAD shim for tests: statx(2) fails with EPERM, as
 * a seccomp profile written before statx existed makes it fail (older
 * container runtimes).  glibc falls back to fstatat only on ENOSYS.
 */
#include <errno.h>
#include <sys/stat.h>

int statx(int dirfd, const char *path, int flags, unsigned int mask,
    struct statx *buf)
{
	(void)dirfd;
	(void)path;
	(void)flags;
	(void)mask;
	(void)buf;
	errno = EPERM;
	return -1;
}
