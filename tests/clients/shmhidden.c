/*
 * shmhidden - make shared memory that no name reaches, for the tests of
 * `shmtool ls --hidden` (tests/32-hidden.bats): a memfd, a /dev/shm object
 * unlinked while still mapped, a shared anonymous mapping kept by a child.
 * Like shmclient it talks to the kernel directly and shares no code with
 * shmtool.
 *
 * Usage:
 *   shmhidden memfd NAME SIZE FILL [map]
 *       memfd_create(NAME, MFD_CLOEXEC), ftruncate to SIZE, write FILL bytes
 *       of 'h' at offset 0; the fd stays open.  With `map`, also map it
 *       MAP_SHARED.
 *   shmhidden deleted NAME SIZE FILL [keepfd]
 *       shm_open("/NAME", O_CREAT|O_EXCL|O_RDWR, 0600), ftruncate to SIZE,
 *       map it MAP_SHARED, write FILL bytes of 'h' through the mapping,
 *       shm_unlink("/NAME"); then close the fd, unless `keepfd`.
 *   shmhidden anon SIZE FILL
 *       mmap(MAP_SHARED|MAP_ANONYMOUS) SIZE bytes, write FILL bytes of 'h',
 *       then fork a child that keeps the mapping (it dies with its parent:
 *       PR_SET_PDEATHSIG SIGTERM).
 * Then it prints one line and waits for a signal (SIGTERM ends it):
 *       pid=PID fd=FD map=START-END child=CHILDPID
 * fd=-1 when no fd is kept, map=- when nothing is mapped, child=- when there
 * is no child; START-END as /proc/PID/maps shows the mapping ("%lx-%lx").
 * FILL is at most SIZE.
 * Exit: 1 failure ("shmhidden: VERB: <strerror>"), 2 usage; a signal ends it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>

static int usage(void)
{
	fputs("usage: shmhidden memfd NAME SIZE FILL [map]\n"
	      "       shmhidden deleted NAME SIZE FILL [keepfd]\n"
	      "       shmhidden anon SIZE FILL\n", stderr);
	return 2;
}

/* Strict: " 12", "-1" and "12abc" are refused. */
static int num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	if (isdigit((unsigned char)s[0]) && *end == '\0' && errno == 0 && *out <= max)
		return 0;
	fprintf(stderr, "shmhidden: invalid number '%s'\n", s);
	return -1;
}

static int fail(const char *verb)
{
	fprintf(stderr, "shmhidden: %s: %s\n", verb, strerror(errno));
	return 1;
}

/* SIZE and FILL: SIZE at least 1 (mmap refuses 0), FILL at most SIZE. */
static int sizes(const char *s, const char *f, size_t *size, size_t *fill)
{
	unsigned long a, b;

	if (num(s, (unsigned long)(SIZE_MAX / 2), &a) || num(f, a, &b))
		return -1;
	if (a == 0) {
		fputs("shmhidden: SIZE must be at least 1\n", stderr);
		return -1;
	}
	*size = a;
	*fill = b;
	return 0;
}

/* Write FILL bytes of 'h' at offset 0 of fd, in pieces. */
static int fill_fd(int fd, size_t fill)
{
	char buf[65536];
	size_t done = 0;

	memset(buf, 'h', sizeof(buf));
	while (done < fill) {
		size_t n = fill - done < sizeof(buf) ? fill - done : sizeof(buf);
		ssize_t w = pwrite(fd, buf, n, (off_t)done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

static void *map_shared(int fd, size_t size)
{
	int flags = MAP_SHARED | (fd < 0 ? MAP_ANONYMOUS : 0);

	return mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, 0);
}

/* The one line the tests wait for, then wait for a signal. */
static int report(int fd, const void *map, size_t size, pid_t child)
{
	char m[64] = "-", c[32] = "-";

	if (map != NULL) {
		unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
		unsigned long start = (unsigned long)(uintptr_t)map;
		unsigned long end = start + ((size + page - 1) / page) * page;

		snprintf(m, sizeof(m), "%lx-%lx", start, end);
	}
	if (child > 0)
		snprintf(c, sizeof(c), "%ld", (long)child);
	if (printf("pid=%ld fd=%d map=%s child=%s\n", (long)getpid(), fd, m, c) < 0 ||
	    fflush(stdout) == EOF)
		return fail("write");
	for (;;)
		pause();
}

static int do_memfd(char **argv, int argc)
{
	size_t size, fill;
	void *map = NULL;
	int fd;

	if (argc > 6 || (argc == 6 && strcmp(argv[5], "map") != 0) ||
	    sizes(argv[3], argv[4], &size, &fill))
		return usage();
	fd = memfd_create(argv[2], MFD_CLOEXEC);
	if (fd < 0)
		return fail("memfd");
	if (ftruncate(fd, (off_t)size) < 0 || fill_fd(fd, fill) < 0)
		return fail("memfd");
	if (argc == 6) {
		map = map_shared(fd, size);
		if (map == MAP_FAILED)
			return fail("memfd");
	}
	return report(fd, map, size, 0);
}

static int do_deleted(char **argv, int argc)
{
	char name[256];
	size_t size, fill;
	void *map;
	int fd;

	if (argc > 6 || (argc == 6 && strcmp(argv[5], "keepfd") != 0) ||
	    sizes(argv[3], argv[4], &size, &fill))
		return usage();
	if ((size_t)snprintf(name, sizeof(name), "/%s", argv[2]) >= sizeof(name)) {
		errno = ENAMETOOLONG;
		return fail("deleted");
	}
	fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (fd < 0)
		return fail("deleted");
	if (ftruncate(fd, (off_t)size) < 0) {
		int e = errno;

		shm_unlink(name);
		errno = e;
		return fail("deleted");
	}
	map = map_shared(fd, size);
	if (map == MAP_FAILED) {
		int e = errno;

		shm_unlink(name);
		errno = e;
		return fail("deleted");
	}
	memset(map, 'h', fill);
	if (shm_unlink(name) < 0)
		return fail("deleted");
	if (argc != 6) {
		if (close(fd) < 0)
			return fail("deleted");
		fd = -1;
	}
	return report(fd, map, size, 0);
}

static int do_anon(char **argv, int argc)
{
	size_t size, fill;
	pid_t parent = getpid(), child;
	void *map;

	if (argc != 4 || sizes(argv[2], argv[3], &size, &fill))
		return usage();
	map = map_shared(-1, size);
	if (map == MAP_FAILED)
		return fail("anon");
	memset(map, 'h', fill);
	/* Nothing buffered may be written twice, by parent and child. */
	if (fflush(stdout) == EOF)
		return fail("anon");
	child = fork();
	if (child < 0)
		return fail("anon");
	if (child == 0) {
		/* The parent may have gone before prctl: then go too. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(1);
		for (;;)
			pause();
	}
	return report(-1, map, size, child);
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "memfd") == 0)
		return do_memfd(argv, argc);
	if (argc >= 5 && strcmp(argv[1], "deleted") == 0)
		return do_deleted(argv, argc);
	if (argc >= 4 && strcmp(argv[1], "anon") == 0)
		return do_anon(argv, argc);
	return usage();
}
