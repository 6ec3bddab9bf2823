/*
 * shmorphan - make System V segments whose cpid and lpid are a given
 * process, for the orphan and filter suites (tests/20-orphans.bats,
 * tests/21-filters.bats).  Like shmclient it talks to the kernel directly
 * and shares no code with shmtool.
 *
 * Usage:
 *   shmorphan create KEY|private SIZE MODE [CMD ARGS...]
 *       shmget(IPC_CREAT|IPC_EXCL), print the shmid; then exec CMD if given,
 *       so the segment's cpid stays a live process (until CMD ends).
 *   shmorphan touch ID [CMD ARGS...]
 *       shmat and shmdt: the segment's lpid becomes this pid, nattch stays
 *       as it was; then exec CMD if given, so the lpid stays alive.
 *   shmorphan chown ID UID GID
 *       IPC_SET the owner (uid, gid) of ID; cuid and cgid stay the creator's.
 * Exit: 0 success, 1 failure ("shmorphan: VERB: <strerror>"), 2 usage,
 * 127 if CMD cannot be run.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>

static int usage(void)
{
	fputs("usage: shmorphan create KEY|private SIZE MODE [CMD ARGS...]\n"
	      "       shmorphan touch ID [CMD ARGS...]\n"
	      "       shmorphan chown ID UID GID\n", stderr);
	return 2;
}

/* Strict: " 12", "-1" and "12abc" are refused. */
static int num(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, base);
	if (isdigit((unsigned char)s[0]) && *end == '\0' && errno == 0 && *out <= max)
		return 0;
	fprintf(stderr, "shmorphan: invalid number '%s'\n", s);
	return -1;
}

static int fail(const char *verb)
{
	fprintf(stderr, "shmorphan: %s: %s\n", verb, strerror(errno));
	return 1;
}

/* Run CMD in this process, if there is one. */
static int then_exec(char **cmd)
{
	if (cmd[0] == NULL)
		return 0;
	if (fflush(stdout) == EOF)
		return fail("write");
	execvp(cmd[0], cmd);
	fprintf(stderr, "shmorphan: %s: %s\n", cmd[0], strerror(errno));
	return 127;
}

int main(int argc, char **argv)
{
	unsigned long a, b, c;

	if (argc >= 5 && strcmp(argv[1], "create") == 0) {
		key_t key = IPC_PRIVATE;
		int id;

		if (strcmp(argv[2], "private") != 0) {
			if (num(argv[2], 0, UINT_MAX, &a))
				return 2;
			key = (key_t)a;
		}
		if (num(argv[3], 10, SIZE_MAX, &b) || num(argv[4], 8, 0777, &c))
			return 2;
		id = shmget(key, b, IPC_CREAT | IPC_EXCL | (int)c);
		if (id < 0)
			return fail("create");
		if (printf("%d\n", id) < 0 || fflush(stdout) == EOF)
			return fail("create");
		return then_exec(argv + 5);
	}
	if (argc >= 3 && strcmp(argv[1], "touch") == 0) {
		void *p;

		if (num(argv[2], 0, INT_MAX, &a))
			return 2;
		p = shmat((int)a, NULL, SHM_RDONLY);
		if (p == (void *)-1 || shmdt(p) < 0)
			return fail("touch");
		return then_exec(argv + 3);
	}
	if (argc == 5 && strcmp(argv[1], "chown") == 0) {
		struct shmid_ds ds;

		if (num(argv[2], 0, INT_MAX, &a) || num(argv[3], 10, UINT_MAX, &b) ||
		    num(argv[4], 10, UINT_MAX, &c))
			return 2;
		if (shmctl((int)a, IPC_STAT, &ds) < 0)
			return fail("chown");
		ds.shm_perm.uid = (uid_t)b;
		ds.shm_perm.gid = (gid_t)c;
		if (shmctl((int)a, IPC_SET, &ds) < 0)
			return fail("chown");
		return 0;
	}
	return usage();
}
