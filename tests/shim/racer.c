/*
 * racer.c - an LD_PRELOAD shim that acts at the worst moment, for tests
 * of shmtool's races: before the Nth call of a chosen function whose
 * argument matches a pattern, it runs a shell command and waits for it,
 * then lets the call go on.  So a test puts a change exactly between what
 * shmtool looked at and what it does, without a sleep.
 *
 *   RACER_CALL   open | openat | opendir | shmctl | unlinkat | mmap |
 *                ftruncate
 *   RACER_MATCH  fnmatch(3) pattern of the path (open, openat: as passed,
 *                so "maps" for openat(pidfd, "maps")); for shmctl the cmd:
 *                IPC_STAT, IPC_RMID, SHM_STAT_ANY; for mmap "shared" or
 *                "private" (MAP_SHARED or not); for ftruncate the length
 *   RACER_NTH    which matching call (default 1)
 *   RACER_RUN    the command (sh -c), run once, without LD_PRELOAD
 *   RACER_LOG    a file that gets "ran" when it ran (optional)
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int seen;

static void run_racer(void)
{
	const char *cmd = getenv("RACER_RUN"), *log = getenv("RACER_LOG");
	pid_t pid;
	int status;

	if (cmd == NULL)
		return;
	pid = fork();
	if (pid == 0) {
		unsetenv("LD_PRELOAD");
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0)
		;
	if (log != NULL) {
		FILE *f = fopen(log, "a");

		if (f != NULL) {
			fputs("ran\n", f);
			fclose(f);
		}
	}
}

/* Is this call, with this argument, the one to act before? */
static void maybe_race(const char *call, const char *arg)
{
	const char *want = getenv("RACER_CALL"), *match = getenv("RACER_MATCH");
	const char *nth = getenv("RACER_NTH");

	if (want == NULL || strcmp(want, call) != 0 || arg == NULL ||
	    (match != NULL && fnmatch(match, arg, 0) != 0))
		return;
	if (++seen == (nth ? atoi(nth) : 1))
		run_racer();
}

typedef int open_fn(const char *, int, ...);
typedef int openat_fn(int, const char *, int, ...);
typedef DIR *opendir_fn(const char *);
typedef int unlinkat_fn(int, const char *, int);
typedef int shmctl_fn(int, int, struct shmid_ds *);
typedef void *mmap_fn(void *, size_t, int, int, int, off_t);
typedef int ftruncate_fn(int, off_t);

/* The function the shim stands in front of. */
#define REAL(name, type) \
	static type *real_##name; \
	if (real_##name == NULL) \
		real_##name = (type *)dlsym(RTLD_NEXT, #name)

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	REAL(open, open_fn);
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	maybe_race("open", path);
	return real_open(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	REAL(openat, openat_fn);
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	maybe_race("openat", path);
	return real_openat(dirfd, path, flags, mode);
}

DIR *opendir(const char *path)
{
	REAL(opendir, opendir_fn);

	maybe_race("opendir", path);
	return real_opendir(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	REAL(unlinkat, unlinkat_fn);

	maybe_race("unlinkat", path);
	return real_unlinkat(dirfd, path, flags);
}

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
	REAL(shmctl, shmctl_fn);
	const char *name = cmd == IPC_STAT ? "IPC_STAT" : cmd == IPC_RMID ?
	    "IPC_RMID" : cmd == SHM_STAT_ANY ? "SHM_STAT_ANY" : "other";

	maybe_race("shmctl", name);
	return real_shmctl(id, cmd, buf);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	REAL(mmap, mmap_fn);

	maybe_race("mmap", flags & MAP_SHARED ? "shared" : "private");
	return real_mmap(addr, len, prot, flags, fd, off);
}

int ftruncate(int fd, off_t len)
{
	REAL(ftruncate, ftruncate_fn);
	char arg[32];

	snprintf(arg, sizeof(arg), "%lld", (long long)len);
	maybe_race("ftruncate", arg);
	return real_ftruncate(fd, len);
}
