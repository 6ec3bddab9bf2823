/*
 * shmtool.c - the dispatcher: global options, the table of subcommands,
 * argv[0] dispatch for the shmtool-NAME links, and the checks done once
 * around every command.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/ns.h"
#include "../lib/posix.h"

#ifndef VERSION
#define VERSION "0.0.0"
#endif

/* The one list of subcommands: --help, the links and completions come from it. */
const struct command commands[] = {
	{ "attach", cmd_attach,
	  "[-r] [-v] [--populate] [--mlock] [--lock] [--wait TIME] [--for DURATION] SPEC [-- CMD...]",
	  "attach a segment and hold it" },
	{ "chmod", cmd_chmod, "[-n] [-v] MODE SPEC...",
	  "change the permissions of segments" },
	{ "chown", cmd_chown, "[-n] [-v] USER[:GROUP] SPEC...",
	  "change the owner and group of segments" },
	{ "create", cmd_create, "-s SIZE [-m MODE] [--exist-ok] [--hugetlb] SPEC...",
	  "create segments" },
	{ "key", cmd_key, "PATH PROJ",
	  "print the SysV key ftok(3) makes of PATH and PROJ" },
	{ "lock", cmd_lock, "[--shared] [--wait TIME] [-v] SPEC -- CMD...",
	  "hold a segment's lock while a command runs" },
	{ "ls", cmd_ls, "[options]",
	  "list segments of both kinds" },
	{ "read", cmd_read, "[-o OFFSET] [-n LENGTH] [-z] [--progress] [--lock] [--wait TIME] SPEC",
	  "copy a segment to stdout" },
	{ "rm", cmd_rm, "[-n] [-v] [--all] [filters] [SPEC...]",
	  "remove segments" },
	{ "stat", cmd_stat, "[--json|--export] [--contained] SPEC...",
	  "show everything about segments" },
	{ "truncate", cmd_truncate, "[-n] [-v] -s [+|-]SIZE SPEC...",
	  "change the size of POSIX objects and files" },
	{ "watch", cmd_watch, "[-J] [-b] [--interval TIME] [--initial] [--hidden] [filters]",
	  "print changes to segments as they happen" },
	{ "write", cmd_write,
	  "[-o OFFSET] [-n LENGTH] [-z] [--truncate] [--create -s SIZE] [--progress] [--lock] [--wait TIME] SPEC",
	  "copy stdin into a segment" },
};

const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

const struct command *current_command;

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c < commands + ncommands; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void usage(FILE *out)
{
	fputs("\nUsage:\n shmtool [--ns PID] COMMAND [options] [SPEC...]\n\n"
	    "Create, inspect, fill, read and remove System V and POSIX shared memory.\n\n"
	    "Commands:\n", out);
	for (const struct command *c = commands; c < commands + ncommands; c++)
		fprintf(out, " %-9s %s\n", c->name, c->summary);
	fputs("\nSPEC:\n"
	    " /name           POSIX object\n"
	    " 0xKEY, key:N    SysV key\n"
	    " ID, id:N        SysV shmid\n"
	    " ftok:PATH:PROJ  SysV key made by ftok(3)\n"
	    " file:PATH       regular file shared with mmap\n"
	    " private         IPC_PRIVATE (create only)\n"
	    "\nOptions:\n"
	    "     --ns PID     work in the IPC namespace and /dev/shm of process PID\n"
	    " -h, --help       display this help\n"
	    " -V, --version    display version\n"
	    "\nRun 'shmtool COMMAND --help' for a command's options.\n"
	    "For more details see shmtool(1).\n", out);
}

bool ns_entered;

int cmd_enter_namespace(const char *arg)
{
	enum ns_step step;
	int pid;
	const char *why;

	if (spec_parse_id(arg, &pid, &why) < 0 || pid == 0) {
		warnx("--ns %s: not a process id", shown(arg));
		return EXIT_USAGE;
	}
	if (ns_enter_pid(pid, &step) < 0) {
		if (step == NS_STEP_SHM)
			/* O_NOFOLLOW|O_DIRECTORY says ENOTDIR or ELOOP of a link. */
			warnx("--ns %s: /proc/%d/root/dev/shm: %s", shown(arg), pid,
			    errno == ELOOP || errno == ENOTDIR ?
			    "not a directory (links are not followed)" : strerror_lower(errno));
		else
			warnx("--ns %s: %s", shown(arg), errno == ENOENT || errno == ESRCH ?
			    "no such process" : seg_strerror(SEG_SYSV, errno));
		return EXIT_FAIL;
	}
	ns_entered = true;
	return EXIT_OK;
}

/*
 * Flush stdout and fail on a write error, so that `shmtool ls > full-disk`
 * does not succeed silently.
 */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* Whoever read our output went away: quiet, as SIGPIPE would be. */
		if (errno == EPIPE)
			return status == EXIT_OK ? 128 + SIGPIPE : status;
		warnx("write error: %s", strerror_lower(errno));
		return status == EXIT_OK ? EXIT_FAIL : status;
	}
	return status;
}

static int run(const struct command *cmd, int argc, char **argv)
{
	static char prefix[64];

	current_command = cmd;
	/* err(3) and warn(3) then print "shmtool: NAME: ...". */
	snprintf(prefix, sizeof(prefix), "shmtool: %s", cmd->name);
	program_invocation_short_name = prefix;
	return close_stdout(cmd->fn(argc, argv));
}

/*
 * A closed stdin, stdout or stderr would be reused by the next open (the
 * /dev/shm directory as stdin).  Fill the hole with /dev/null opened the
 * wrong way round, so using it fails with EBADF as a closed fd would.
 */
static void reserve_std_fds(void)
{
	struct pollfd std[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };

	/* One poll(2) looks at all three, a closed one POLLNVAL; fcntl if not. */
	if (poll(std, 3, 0) < 0)
		for (int fd = 0; fd <= 2; fd++)
			std[fd].revents = fcntl(fd, F_GETFD) < 0 && errno == EBADF ?
			    POLLNVAL : 0;
	for (int fd = 0; fd <= 2; fd++)
		if ((std[fd].revents & POLLNVAL) &&
		    open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) < 0)
			_exit(EXIT_FAIL);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const struct command *cmd;
	int i, rc;

	base = base ? base + 1 : argv[0];
	program_invocation_short_name = "shmtool";
	reserve_std_fds();
	/* Printable UTF-8 is shown as is in a UTF-8 locale (lib/text.h). */
	setlocale(LC_CTYPE, "");
	/*
	 * A closed stdout is a write error (EPIPE) each command handles: create
	 * takes back what it made, read exits 141 quietly, as a SIGPIPE would.
	 */
	signal(SIGPIPE, SIG_IGN);
	/* shmtool-NAME is a link to shmtool that runs NAME. */
	if (strncmp(base, "shmtool-", 8) == 0) {
		cmd = find_command(base + 8);
		if (cmd == NULL) {
			warnx("unknown command '%s'", shown(base + 8));
			return EXIT_USAGE;
		}
		return run(cmd, argc, argv);
	}
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return close_stdout(EXIT_OK);
		}
		if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
			printf("shmtool %s\n", VERSION);
			return close_stdout(EXIT_OK);
		}
		if (strcmp(argv[i], "--ns") == 0 && i + 1 < argc) {
			if ((rc = cmd_enter_namespace(argv[++i])) != EXIT_OK)
				return rc;
			continue;
		}
		if (strcmp(argv[i], "--ns") == 0) {
			warnx("option '--ns' needs an argument");
			return EXIT_USAGE;
		}
		if (strncmp(argv[i], "--ns=", 5) == 0) {
			if ((rc = cmd_enter_namespace(argv[i] + 5)) != EXIT_OK)
				return rc;
			continue;
		}
		warnx("unknown option '%s' (see shmtool --help)", shown(argv[i]));
		return EXIT_USAGE;
	}
	if (i == argc) {
		warnx("no command given (see shmtool --help)");
		return EXIT_USAGE;
	}
	cmd = find_command(argv[i]);
	if (cmd == NULL) {
		warnx("unknown command '%s' (see shmtool --help)", shown(argv[i]));
		return EXIT_USAGE;
	}
	return run(cmd, argc - i, argv + i);
}
