/*
 * shmclient - an independent shared-memory client for the shmtool tests.
 *
 * The bats suites use it to create, inspect, fill and hold segments through
 * the raw kernel interfaces (shmget/shmat/shmctl/ftok, shm_open/mmap), so
 * shmtool is checked against the kernel and not against itself.  It shares
 * no code with shmtool on purpose.
 *
 * Build: gcc -std=c11 -Wall -Wextra -D_GNU_SOURCE -o shmclient shmclient.c
 * Usage: shmclient VERB ARGS...   (no arguments lists the verbs)
 * Exit:  0 success, 1 failure ("shmclient: VERB: <strerror>"), 2 usage.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>

/* What a verb returns; main turns it into a message and an exit code. */
enum { OK = 0, FAIL = -1 /* errno says why */, QUIET = 1, USAGE = 2 };

/* Set by SIGTERM/SIGINT (stop holding) and SIGALRM (hold time is up). */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	(void)sig;
	got_signal = 1;
}

/* ---- arguments: strict, so a typo in a test is never a silent 0 ---- */

/* strtoul alone would accept " 12", "-1" and "12abc". */
static int num(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	*out = strtoul(s, &end, base);
	if (isdigit((unsigned char)s[0]) && *end == '\0' && !errno && *out <= max)
		return 0;
	fprintf(stderr, "shmclient: invalid number '%s'\n", s);
	return -1;
}

/* Ids and keys take any base (32768, 0x8000), as ipcs and ipcrm show them. */
static int id_arg(const char *s, unsigned long *v) { return num(s, 0, INT_MAX, v); }
static int size_arg(const char *s, unsigned long *v) { return num(s, 10, SIZE_MAX, v); }
static int mode_arg(const char *s, unsigned long *v) { return num(s, 8, 0777, v); }

static int key_arg(const char *s, key_t *key)
{
	unsigned long v = IPC_PRIVATE;
	if (strcmp(s, "private") != 0 && num(s, 0, UINT_MAX, &v))
		return -1;
	*key = (key_t)v;	/* keys above INT_MAX wrap, as in struct ipc_perm */
	return 0;
}

/* ---- helpers; all keep the errno of the first failure for the message ---- */

static int close_keep(int fd, int rc)
{
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int print_id(int id)
{
	return id < 0 || printf("%d\n", id) < 0 ? FAIL : OK;
}

/* Copy TEXT and its NUL to BASE+OFF; what would not fit is refused whole. */
static int put_string(char *base, size_t len, size_t off, const char *text)
{
	size_t n = strlen(text) + 1;
	if (off > len || n > len - off) {
		errno = ENOSPC;
		return FAIL;
	}
	memcpy(base + off, text, n);
	return OK;
}

/* The C string at BASE (never read past LEN), or all LEN bytes raw. */
static int output(const char *p, size_t len, int raw)
{
	if (!raw) {
		fwrite(p, 1, strnlen(p, len), stdout);
		return putchar('\n') == EOF ? FAIL : OK;
	}
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if (n < 0 && errno != EINTR)
			return FAIL;
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	return OK;
}

/* Print WORD, then wait for SECONDS (0: forever) or SIGTERM/SIGINT.  The
 * signals are blocked before WORD is printed and unblocked only inside
 * sigsuspend(), so a signal sent the moment a test reads WORD is never lost.
 * A handler also overrides the SIG_IGN that a non-interactive shell gives
 * SIGINT in background jobs. */
static int hold(const char *word, const char *secs)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGALRM };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, old;
	unsigned long seconds;

	if (num(secs, 10, INT_MAX, &seconds))
		return USAGE;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &old);
	printf("%s\n", word);
	if (fflush(stdout) == EOF)
		return FAIL;
	alarm((unsigned)seconds);	/* alarm(0) sets none: hold until a signal */
	while (!got_signal)
		sigsuspend(&old);
	return OK;
}

/* Attach ID and report its size; NULL with errno set. */
static char *attach(unsigned long id, int flags, size_t *size)
{
	struct shmid_ds ds;
	if (shmctl((int)id, IPC_STAT, &ds) < 0)
		return NULL;
	void *p = shmat((int)id, NULL, flags);
	*size = ds.shm_segsz;
	return p == (void *)-1 ? NULL : p;
}

static int detach(const void *p, int rc)
{
	int saved = errno;
	if (shmdt(p) < 0 && rc == OK)
		return FAIL;
	errno = saved;
	return rc;
}

/* Open NAME and map all of it; *len gets its size.  NULL with errno set. */
static char *pmap(const char *name, int oflag, size_t *len)
{
	int prot = (oflag & O_ACCMODE) == O_RDWR ? PROT_READ | PROT_WRITE : PROT_READ;
	void *p = MAP_FAILED;
	struct stat st;
	int fd = shm_open(name, oflag, 0);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0) {
		*len = (size_t)st.st_size;
		/* mmap refuses length 0, but a page past EOF may be mapped if
		 * nobody touches it: so empty objects can be held and read. */
		p = mmap(NULL, *len ? *len : 1, prot, MAP_SHARED, fd, 0);
	}
	close_keep(fd, OK);	/* the mapping keeps the object referenced */
	return p == MAP_FAILED ? NULL : p;
}

static int punmap(void *p, size_t len, int rc)
{
	int saved = errno;
	munmap(p, len ? len : 1);
	errno = saved;
	return rc;
}

/* ---- SysV verbs ---- */

static int v_create(char **a)
{
	unsigned long size, mode;
	key_t key;
	if (key_arg(a[0], &key) || size_arg(a[1], &size) || mode_arg(a[2], &mode))
		return USAGE;
	return print_id(shmget(key, size, IPC_CREAT | IPC_EXCL | (int)mode));
}

/* As create, backed by huge pages (SHM_HUGETLB). */
static int v_hcreate(char **a)
{
	unsigned long size, mode;
	key_t key;
	if (key_arg(a[0], &key) || size_arg(a[1], &size) || mode_arg(a[2], &mode))
		return USAGE;
	return print_id(shmget(key, size, IPC_CREAT | IPC_EXCL | SHM_HUGETLB | (int)mode));
}

static int v_id(char **a)
{
	key_t key;
	return key_arg(a[0], &key) ? USAGE : print_id(shmget(key, 0, 0));
}

static int v_ftok(char **a)
{
	unsigned long proj;
	/* A single non-digit is a character ("A"); anything else a number. */
	if (a[1][0] != '\0' && a[1][1] == '\0' && !isdigit((unsigned char)a[1][0]))
		proj = (unsigned char)a[1][0];
	else if (num(a[1], 0, INT_MAX, &proj))
		return USAGE;
	key_t key = ftok(a[0], (int)proj);
	return key == -1 || printf("0x%08x\n", (unsigned)key) < 0 ? FAIL : OK;
}

static int v_stat(char **a)
{
	struct shmid_ds ds;
	unsigned long id;

	if (id_arg(a[0], &id))
		return USAGE;
	if (shmctl((int)id, IPC_STAT, &ds) < 0)
		return FAIL;
	/* mode keeps SHM_DEST (01000) and SHM_LOCKED (02000): tests check them. */
	printf("key=0x%08x id=%d uid=%u gid=%u cuid=%u cgid=%u mode=%04o size=%zu "
	       "nattch=%lu cpid=%d lpid=%d atime=%ld dtime=%ld ctime=%ld\n",
	       (unsigned)ds.shm_perm.__key, (int)id,
	       (unsigned)ds.shm_perm.uid, (unsigned)ds.shm_perm.gid,
	       (unsigned)ds.shm_perm.cuid, (unsigned)ds.shm_perm.cgid,
	       ds.shm_perm.mode & 07777u, ds.shm_segsz,
	       (unsigned long)ds.shm_nattch, (int)ds.shm_cpid, (int)ds.shm_lpid,
	       (long)ds.shm_atime, (long)ds.shm_dtime, (long)ds.shm_ctime);
	return OK;
}

static int write_at(const char *sid, const char *soff, const char *text)
{
	unsigned long id, off = 0;
	size_t len;
	char *p;

	if (id_arg(sid, &id) || (soff && size_arg(soff, &off)))
		return USAGE;
	if (!(p = attach(id, 0, &len)))
		return FAIL;
	return detach(p, put_string(p, len, off, text));
}

static int v_write(char **a) { return write_at(a[0], NULL, a[1]); }
static int v_writez(char **a) { return write_at(a[0], a[1], a[2]); }

/* Output the segment, or hold it for HOLD_SECS.  Read-only is enough to read
 * and to count in nattch, and it works on 0400 segments too. */
static int read_out(const char *sid, int raw, const char *hold_secs)
{
	unsigned long id;
	size_t len;
	char *p;

	if (id_arg(sid, &id))
		return USAGE;
	if (!(p = attach(id, SHM_RDONLY, &len)))
		return FAIL;
	return detach(p, hold_secs ? hold("attached", hold_secs) : output(p, len, raw));
}

/* LENGTH raw bytes from OFFSET: a slice of a large segment, for a test
 * that polls for a byte without copying the whole segment each time. */
static int peek_out(const char *p, size_t len, const char *soff, const char *slen)
{
	unsigned long off, n;

	if (size_arg(soff, &off) || size_arg(slen, &n))
		return USAGE;
	if (off > len || n > len - off) {
		errno = EINVAL;
		return FAIL;
	}
	return output(p + off, n, 1);
}

static int v_peek(char **a)
{
	unsigned long id;
	size_t len;
	char *p;

	if (id_arg(a[0], &id))
		return USAGE;
	if (!(p = attach(id, SHM_RDONLY, &len)))
		return FAIL;
	return detach(p, peek_out(p, len, a[1], a[2]));
}

static int v_read(char **a) { return read_out(a[0], 0, NULL); }
static int v_dump(char **a) { return read_out(a[0], 1, NULL); }
static int v_hold(char **a) { return read_out(a[0], 0, a[1]); }

/* Standard input into the segment from its start, up to its size. */
static int v_load(char **a)
{
	unsigned long id;
	size_t len, done = 0;
	ssize_t n = 1;
	char *p;

	if (id_arg(a[0], &id))
		return USAGE;
	if (!(p = attach(id, 0, &len)))
		return FAIL;
	while (done < len && (n = read(0, p + done, len - done)) > 0)
		done += (size_t)n;
	return detach(p, n < 0 ? FAIL : OK);
}

static int v_rm(char **a)
{
	unsigned long id;
	if (id_arg(a[0], &id))
		return USAGE;
	return shmctl((int)id, IPC_RMID, NULL) < 0 ? FAIL : OK;
}

static int v_exists(char **a)
{
	struct shmid_ds ds;
	unsigned long id;

	if (id_arg(a[0], &id))
		return USAGE;
	if (shmctl((int)id, IPC_STAT, &ds) == 0)
		return OK;
	return errno == EINVAL || errno == EIDRM ? QUIET : FAIL;
}

/* ---- POSIX verbs ---- */

static int v_pcreate(char **a)
{
	unsigned long size, mode;
	if (size_arg(a[1], &size) || mode_arg(a[2], &mode))
		return USAGE;
	int fd = shm_open(a[0], O_CREAT | O_EXCL | O_RDWR, (mode_t)mode);
	if (fd < 0)
		return FAIL;
	/* shm_open applies the umask; tests want exactly MODE, as shmget gives. */
	if (fchmod(fd, (mode_t)mode) < 0 || ftruncate(fd, (off_t)size) < 0) {
		int saved = errno;
		shm_unlink(a[0]);	/* leave nothing half-made behind */
		errno = saved;
		return close_keep(fd, FAIL);
	}
	close(fd);
	return printf("%s\n", a[0]) < 0 ? FAIL : OK;
}

static int v_pwrite(char **a)
{
	size_t len;
	char *p = pmap(a[0], O_RDWR, &len);
	return p ? punmap(p, len, put_string(p, len, 0, a[1])) : FAIL;
}

/* Like read_out: the mapping is output, or held for HOLD_SECS. */
static int pread_out(const char *name, int raw, const char *hold_secs)
{
	size_t len;
	char *p = pmap(name, O_RDONLY, &len);
	if (!p)
		return FAIL;
	return punmap(p, len, hold_secs ? hold("attached", hold_secs) : output(p, len, raw));
}

static int v_pread(char **a) { return pread_out(a[0], 0, NULL); }
static int v_pdump(char **a) { return pread_out(a[0], 1, NULL); }
static int v_phold(char **a) { return pread_out(a[0], 0, a[1]); }

/* ---- POSIX named semaphores (sem_open keeps them as /dev/shm/sem.NAME) ---- */

static int v_semcreate(char **a)
{
	unsigned long value;
	sem_t *s;

	if (num(a[1], 10, SEM_VALUE_MAX, &value))
		return USAGE;
	s = sem_open(a[0], O_CREAT | O_EXCL, 0600, (unsigned)value);
	return s == SEM_FAILED ? FAIL : sem_close(s) < 0 ? FAIL : OK;
}

/* Open a semaphore and hold it (its file mapped) as hold() says. */
static int v_semhold(char **a)
{
	sem_t *s = sem_open(a[0], 0);
	int rc;

	if (s == SEM_FAILED)
		return FAIL;
	rc = hold("opened", a[1]);
	sem_close(s);
	return rc;
}

static int v_ppeek(char **a)
{
	size_t len;
	char *p = pmap(a[0], O_RDONLY, &len);
	return p ? punmap(p, len, peek_out(p, len, a[1], a[2])) : FAIL;
}

static int v_pstat(char **a)
{
	struct stat st;
	int fd = shm_open(a[0], O_RDONLY, 0);

	if (fd < 0)
		return FAIL;
	if (fstat(fd, &st) < 0)
		return close_keep(fd, FAIL);
	close(fd);
	return printf("size=%lld mode=%04o uid=%u gid=%u\n", (long long)st.st_size,
		      (unsigned)st.st_mode & 07777u, (unsigned)st.st_uid,
		      (unsigned)st.st_gid) < 0 ? FAIL : OK;
}

/* An open fd and no mapping: still keeps an unlinked object alive. */
static int v_popen(char **a)
{
	int fd = shm_open(a[0], O_RDONLY, 0);
	return fd < 0 ? FAIL : close_keep(fd, hold("opened", a[1]));
}

/*
 * Open DIR, make a user namespace of our own (to be let chroot), chroot(2)
 * into DIR and hold there: a process whose root lies in the mounts of
 * another mount namespace, while its own mount namespace is unchanged.
 * DIR is opened first, while we may still look into /proc/PID/root.
 */
static int userns_chroot(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return FAIL;
	if (unshare(CLONE_NEWUSER) < 0 || fchdir(fd) < 0 || chroot(".") < 0)
		return close_keep(fd, FAIL);
	close(fd);
	return OK;
}

static int v_userns_chroot(char **a)
{
	return userns_chroot(a[0]) < 0 ? FAIL : hold("rooted", a[1]);
}

/*
 * The same, but only once SIGUSR1 comes ("waiting" until then): a process
 * found with one root that has another by the time it is used.
 */
static void on_usr1(int sig)
{
	(void)sig;
}

static int v_userns_chroot_later(char **a)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t usr1, old;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	printf("waiting\n");
	if (fflush(stdout) == EOF)
		return FAIL;
	sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return userns_chroot(a[0]) < 0 ? FAIL : hold("rooted", a[1]);
}

static int v_prm(char **a)
{
	return shm_unlink(a[0]) < 0 ? FAIL : OK;
}

static int v_ptruncate(char **a)
{
	unsigned long size;
	if (size_arg(a[1], &size))
		return USAGE;
	int fd = shm_open(a[0], O_RDWR, 0);
	if (fd < 0)
		return FAIL;
	return close_keep(fd, ftruncate(fd, (off_t)size) < 0 ? FAIL : OK);
}

/* ---- dispatch ---- */

static const struct verb {
	const char *name;
	int nargs;
	int (*fn)(char **args);
	const char *args;	/* for the usage message */
} verbs[] = {
	{ "create",    3, v_create,    "KEY|private SIZE MODE" },
	{ "hcreate",   3, v_hcreate,   "KEY|private SIZE MODE" },
	{ "load",      1, v_load,      "ID" },
	{ "id",        1, v_id,        "KEY" },
	{ "ftok",      2, v_ftok,      "PATH PROJ" },
	{ "stat",      1, v_stat,      "ID" },
	{ "write",     2, v_write,     "ID TEXT" },
	{ "writez",    3, v_writez,    "ID OFFSET TEXT" },
	{ "read",      1, v_read,      "ID" },
	{ "dump",      1, v_dump,      "ID" },
	{ "peek",      3, v_peek,      "ID OFFSET LENGTH" },
	{ "hold",      2, v_hold,      "ID SECONDS" },
	{ "rm",        1, v_rm,        "ID" },
	{ "exists",    1, v_exists,    "ID" },
	{ "pcreate",   3, v_pcreate,   "/NAME SIZE MODE" },
	{ "pwrite",    2, v_pwrite,    "/NAME TEXT" },
	{ "pread",     1, v_pread,     "/NAME" },
	{ "pdump",     1, v_pdump,     "/NAME" },
	{ "ppeek",     3, v_ppeek,     "/NAME OFFSET LENGTH" },
	{ "pstat",     1, v_pstat,     "/NAME" },
	{ "phold",     2, v_phold,     "/NAME SECONDS" },
	{ "popen",     2, v_popen,     "/NAME SECONDS" },
	{ "userns-chroot", 2, v_userns_chroot, "DIR SECONDS" },
	{ "userns-chroot-later", 2, v_userns_chroot_later, "DIR SECONDS" },
	{ "prm",       1, v_prm,       "/NAME" },
	{ "ptruncate", 2, v_ptruncate, "/NAME SIZE" },
	{ "semcreate", 2, v_semcreate, "/NAME VALUE" },
	{ "semhold",   2, v_semhold,   "/NAME SECONDS" },
};

#define NVERBS (sizeof verbs / sizeof verbs[0])

/* One verb's usage, or all of them when V is NULL. */
static int usage(const struct verb *v)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (!v || v == &verbs[i])
			fprintf(stderr, "usage: shmclient %s %s\n", verbs[i].name, verbs[i].args);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	for (size_t i = 0; i < NVERBS; i++) {
		const struct verb *v = &verbs[i];
		if (strcmp(argv[1], v->name) != 0)
			continue;
		if (argc - 2 != v->nargs)
			return usage(v);
		int rc = v->fn(argv + 2);
		/* A full disk or closed pipe on stdout is a failure too. */
		if (fflush(stdout) == EOF && rc == OK)
			rc = FAIL;
		if (rc == FAIL) {
			fprintf(stderr, "shmclient: %s: %s\n", v->name, strerror(errno));
			return 1;
		}
		return rc == USAGE ? usage(v) : rc;
	}
	fprintf(stderr, "shmclient: unknown verb '%s'\n", argv[1]);
	return usage(NULL);
}
