/*
 * attach.c - shmtool attach: hold a segment attached (or mapped) until a
 * signal, a duration, or a command ends.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/copy.h"

static const char options_help[] =
    " -r, --read-only          attach read-only\n"
    " -v, --verbose            say on stderr when attached\n"
    "     --populate           fault every page in first\n"
    "     --lock               lock it in memory (SHM_LOCK, mlock)\n"
    "     --for DURATION       detach after DURATION (90s, 15m, 2h, 7d)\n";

struct attach_opts {
	bool read_only, verbose, populate, lock;
	time_t duration;	/* 0: until a signal */
};

/* Run argv with the signals unblocked; its pid, or -1. */
static pid_t spawn(char **argv, const sigset_t *old)
{
	pid_t pid = fork();

	if (pid == 0) {
		/* What shmtool ignores (SIGPIPE) is CMD's to have by default. */
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, old, NULL);
		execvp(argv[0], argv);
		warnx("%s: %s", shown(argv[0]), strerror_lower(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	return pid;
}

static int exit_status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	return 128 + WTERMSIG(wstatus);
}

/*
 * The signals that end a hold.  They are blocked from the start, so one
 * that comes while attaching or populating is not lost and ends the hold
 * cleanly, and taken synchronously (sigtimedwait): no handler races.
 */
static void block_signals(sigset_t *set, sigset_t *old)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, old);
}

/* Wait for SIGINT, SIGTERM, SIGHUP, the duration, or the command's end. */
static int hold(char **cmd, const struct attach_opts *o, const sigset_t *set,
    const sigset_t *old)
{
	struct timespec timeout = { .tv_sec = o->duration };
	pid_t child = -1;
	int sig, wstatus;

	if (cmd != NULL && (child = spawn(cmd, old)) < 0) {
		warnx("fork: %s", strerror_lower(errno));
		return EXIT_FAIL;
	}
	for (;;) {
		sig = o->duration ? sigtimedwait(set, NULL, &timeout) :
		    sigwaitinfo(set, NULL);
		if (sig < 0 && errno == EINTR)
			continue;
		if (child < 0) {
			if (sig == SIGCHLD)
				continue;
			return EXIT_OK;
		}
		if (sig == SIGCHLD) {
			if (waitpid(child, &wstatus, WNOHANG) == child)
				return exit_status_of(wstatus);
			continue;
		}
		/* A signal or the end of the duration: pass it on, then wait. */
		kill(child, sig < 0 ? SIGTERM : sig);
		if (waitpid(child, &wstatus, 0) == child)
			return exit_status_of(wstatus);
		return EXIT_FAIL;
	}
}

int cmd_attach(int argc, char **argv)
{
	enum { OPT_POPULATE = 256, OPT_LOCK, OPT_FOR };
	static const struct option longopts[] = {
		{ "for", required_argument, NULL, OPT_FOR },
		{ "help", no_argument, NULL, 'h' },
		{ "lock", no_argument, NULL, OPT_LOCK },
		{ "populate", no_argument, NULL, OPT_POPULATE },
		{ "read-only", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct attach_opts o = { 0 };
	struct shm_handle h;
	struct seg seg;
	struct spec *spec;
	char **cmd = NULL;
	sigset_t set, old;
	bool unlock = false;
	int c, status = EXIT_FAIL;

	/* '+': stop at the SPEC, so CMD's own options stay CMD's. */
	while ((c = cmd_getopt(argc, argv, "+hrv", longopts)) != -1) {
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 'r': o.read_only = true; break;
		case 'v': o.verbose = true; break;
		case OPT_FOR:
			if (opt_duration("--for", optarg, &o.duration) < 0)
				return EXIT_USAGE;
			if (o.duration == 0)
				return usage_error("--for %s: must be at least 1s", optarg);
			break;
		case OPT_LOCK: o.lock = true; break;
		case OPT_POPULATE: o.populate = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("no SPEC given (see shmtool attach --help)");
	if (optind + 1 < argc) {
		if (strcmp(argv[optind + 1], "--") != 0 || optind + 2 == argc)
			return usage_error("after SPEC, want -- CMD...");
		cmd = argv + optind + 2;
	}
	spec = specs_parse(1, argv + optind, SPECS_ALL);
	if (spec == NULL)
		return EXIT_USAGE;
	block_signals(&set, &old);
	if (spec_find(spec, &seg) < 0)
		goto out;
	if (handle_open(&seg, (o.read_only ? 0 : HANDLE_WRITE) | HANDLE_MAP |
	    HANDLE_NOFD, &h) < 0) {
		fail_spec(spec, errno);
		goto out;
	}
	if (o.populate && handle_populate(&h) < 0)
		fail_on(spec, "populate: %s", seg_strerror(seg.kind, errno));
	else if (o.lock && handle_lock(&h, &unlock) < 0)
		fail_on(spec, "lock: %s (needs CAP_IPC_LOCK or a larger ulimit -l)",
		    seg_strerror(seg.kind, errno));
	else {
		if (o.verbose)
			warnx("%s: attached (%llu bytes), pid %d", spec_shown(spec),
			    (unsigned long long)h.size, (int)getpid());
		/*
		 * Nothing needs the SPEC any more; free it before a child forks
		 * off, whose failed exec would otherwise exit holding it.
		 */
		free(spec);
		spec = NULL;
		status = hold(cmd, &o, &set, &old);
		if (unlock)
			handle_unlock(&h);
	}
	handle_close(&h);
out:
	free(spec);
	return status;
}
