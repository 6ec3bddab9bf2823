/*
 * shmrecords - a C program that follows shmtool's lock convention
 * (shmtool(7), LOCKING) on its own, sharing no code with shmtool, so the
 * tests check that the two interoperate.
 *
 * A record fills the whole segment with one byte value; a reader that
 * sees two values saw a torn record (half of one write, half of another).
 *
 * Usage:
 *   shmrecords write SPEC ROUNDS     ROUNDS records (0: until killed) under
 *                                    the lock, the first half and the second
 *                                    half of each apart, a pause between
 *   shmrecords half SPEC             under the lock, write the first half of
 *                                    a record, print "half", wait for a line
 *                                    on stdin, then write the rest
 *   shmrecords hold SPEC [classic]   take the lock (a classic fcntl lock
 *                                    with "classic"), print "locked", hold
 *                                    it until stdin ends
 *   shmrecords try SPEC              exit 0 if the lock is free, 3 if held
 *   shmrecords check                 read a record on stdin: print its byte
 *                                    value, exit 4 if it is torn
 * SPEC: /NAME (POSIX object), file:PATH, or a SysV key (0x...).
 * Exit: 0, 1 failure (with a message), 2 usage, 3 busy, 4 torn.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

static void die(const char *what)
{
	fprintf(stderr, "shmrecords: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The segment: its bytes, and how to lock it. */
struct target {
	unsigned char *mem;
	size_t size;
	int fd;			/* POSIX, file: the fd locks go on */
	key_t key;		/* SysV */
	int semid;
};

/* ---- the convention, as shmtool(7) gives it ---- */

/* SysV: the set with the segment's key, made here if nobody has yet. */
static int lock_set(key_t key)
{
	struct sembuf unlock = { 0, 1, 0 };
	struct semid_ds ds;
	int id = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);

	if (id >= 0) {			/* ours to make: set it free */
		if (semop(id, &unlock, 1) < 0)
			die("semop");
		return id;
	}
	if (errno != EEXIST || (id = semget(key, 1, 0)) < 0)
		die("semget");
	for (;;) {			/* made by another: wait until it is set */
		if (semctl(id, 0, IPC_STAT, &ds) < 0)
			die("semctl");
		if (ds.sem_otime != 0)
			return id;
		usleep(1000);
	}
}

static int sem_change(int semid, int op, int flags)
{
	struct sembuf sb = { 0, (short)op, (short)(SEM_UNDO | flags) };
	int rc;

	while ((rc = semop(semid, &sb, 1)) < 0 && errno == EINTR)
		;
	return rc;
}

/* cmd F_OFD_SETLKW, F_OFD_SETLK, or the classic F_SETLKW. */
static int fd_lock(int fd, int cmd, short type)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET };
	int rc;

	while ((rc = fcntl(fd, cmd, &fl)) < 0 && errno == EINTR)
		;
	return rc;
}

static void lock(struct target *t, int classic)
{
	int rc = t->semid >= 0 ? sem_change(t->semid, -1, 0) :
	    fd_lock(t->fd, classic ? F_SETLKW : F_OFD_SETLKW, F_WRLCK);

	if (rc < 0)
		die("lock");
}

static void unlock(struct target *t, int classic)
{
	int rc = t->semid >= 0 ? sem_change(t->semid, 1, 0) :
	    fd_lock(t->fd, classic ? F_SETLK : F_OFD_SETLK, F_UNLCK);

	if (rc < 0)
		die("unlock");
}

/* 1 if free (and left free), 0 if held by another. */
static int lock_free(struct target *t)
{
	int rc = t->semid >= 0 ? sem_change(t->semid, -1, IPC_NOWAIT) :
	    fd_lock(t->fd, F_OFD_SETLK, F_WRLCK);

	if (rc < 0 && (errno == EAGAIN || errno == EACCES))
		return 0;
	if (rc < 0)
		die("trylock");
	unlock(t, 0);
	return 1;
}

/* ---- opening ---- */

static void open_target(const char *spec, struct target *t)
{
	struct shmid_ds ds;
	struct stat st;
	int id;

	memset(t, 0, sizeof(*t));
	t->semid = -1;
	t->fd = -1;
	if (spec[0] == '/' || strncmp(spec, "file:", 5) == 0) {
		t->fd = spec[0] == '/' ? shm_open(spec, O_RDWR, 0) :
		    open(spec + 5, O_RDWR);
		if (t->fd < 0 || fstat(t->fd, &st) < 0)
			die(spec);
		t->size = (size_t)st.st_size;
		t->mem = mmap(NULL, t->size, PROT_READ | PROT_WRITE, MAP_SHARED, t->fd, 0);
		if (t->mem == MAP_FAILED)
			die("mmap");
		return;
	}
	t->key = (key_t)strtoul(spec, NULL, 0);
	if ((id = shmget(t->key, 0, 0)) < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		die(spec);
	t->size = ds.shm_segsz;
	if ((t->mem = shmat(id, NULL, 0)) == (void *)-1)
		die("shmat");
	t->semid = lock_set(t->key);
}

/* ---- verbs ---- */

static void pause_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

static int do_write(struct target *t, long rounds)
{
	size_t half = t->size / 2;

	for (long r = 0; rounds == 0 || r < rounds; r++) {
		unsigned char value = (unsigned char)('a' + r % 26);

		lock(t, 0);
		memset(t->mem, value, half);
		pause_us(200);		/* a reader without the lock comes in here */
		memset(t->mem + half, value, t->size - half);
		unlock(t, 0);
		pause_us(500);		/* and a reader with it, here */
	}
	return 0;
}

static int do_half(struct target *t)
{
	char line[16];
	unsigned char value = t->mem[0] == 'X' ? 'Y' : 'X';

	lock(t, 0);
	memset(t->mem, value, t->size / 2);
	printf("half\n");
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL && ferror(stdin))
		die("stdin");
	memset(t->mem + t->size / 2, value, t->size - t->size / 2);
	unlock(t, 0);
	return 0;
}

static int do_hold(struct target *t, int classic)
{
	char buf[64];

	lock(t, classic);
	printf("locked\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	unlock(t, classic);
	return 0;
}

static int do_check(void)
{
	unsigned char buf[65536];
	int first = -1;
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (first < 0)
				first = buf[i];
			else if (buf[i] != first) {
				printf("torn: %c then %c\n", first, buf[i]);
				return 4;
			}
		}
	if (n < 0)
		die("read");
	printf("%c\n", first < 0 ? '-' : first);
	return 0;
}

int main(int argc, char **argv)
{
	struct target t;

	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return do_check();
	if (argc < 3) {
		fprintf(stderr, "usage: shmrecords write|half|hold|try SPEC ... | check\n");
		return 2;
	}
	open_target(argv[2], &t);
	if (strcmp(argv[1], "write") == 0 && argc == 4)
		return do_write(&t, strtol(argv[3], NULL, 10));
	if (strcmp(argv[1], "half") == 0 && argc == 3)
		return do_half(&t);
	if (strcmp(argv[1], "hold") == 0 && (argc == 3 ||
	    (argc == 4 && strcmp(argv[3], "classic") == 0)))
		return do_hold(&t, argc == 4);
	if (strcmp(argv[1], "try") == 0 && argc == 3)
		return lock_free(&t) ? 0 : 3;
	fprintf(stderr, "shmrecords: bad arguments\n");
	return 2;
}
