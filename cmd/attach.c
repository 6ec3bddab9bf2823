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
#include "../lib/lock.h"

static const char options_help[] =
    " -r, --read-only          attach read-only\n"
    " -v, --verbose            say on stderr when attached\n"
    "     --populate           fault every page in first\n"
    "     --mlock              lock it in memory (SHM_LOCK, mlock)\n"
    LOCK_HELP
    "     --for DURATION       detach after DURATION (90s, 15m, 2h, 7d)\n";

struct attach_opts {
	bool read_only, verbose, populate, mlock;
	struct lock_opts lock;	/* shared with -r, else exclusive */
	time_t duration;	/* 0: until a signal */
};

int cmd_attach(int argc, char **argv)
{
	enum { OPT_POPULATE = 256, OPT_MLOCK, OPT_FOR };
	static const struct option longopts[] = {
		{ "for", required_argument, NULL, OPT_FOR },
		{ "help", no_argument, NULL, 'h' },
		LOCK_LONGOPTS,
		{ "mlock", no_argument, NULL, OPT_MLOCK },
		{ "populate", no_argument, NULL, OPT_POPULATE },
		{ "read-only", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct attach_opts o = { 0 };
	struct shm_handle h;
	struct seg_lock lock = { -1, -1 };
	struct seg seg;
	struct spec *spec;
	char **cmd = NULL;
	sigset_t set, old;
	bool unlock = false;
	int c, rc, status = EXIT_FAIL;

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
		case OPT_MLOCK: o.mlock = true; break;
		case OPT_POPULATE: o.populate = true; break;
		default:
			rc = lock_option(c, optarg, &o.lock);
			if (rc <= 0)
				return EXIT_USAGE;
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
	/* The lock is waited for before the signals are blocked: ^C ends the wait. */
	if (spec_find(spec, &seg) < 0)
		goto out;
	if (open_handle(spec, &seg, (o.read_only ? 0 : HANDLE_WRITE) | HANDLE_MAP |
	    HANDLE_NOFD, &o.lock, &h, &lock) < 0)
		goto out;
	hold_block_signals(&set, &old);
	if (o.populate && handle_populate(&h) < 0)
		fail_on(spec, "populate: %s", seg_strerror(seg.kind, errno));
	else if (o.mlock && handle_lock(&h, &unlock) < 0)
		fail_on(spec, "mlock: %s (needs CAP_IPC_LOCK or a larger ulimit -l)",
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
		status = hold(cmd, o.duration, &set, &old);
		if (unlock)
			handle_unlock(&h);
	}
	seg_lock_release(&lock);
	handle_close(&h);
out:
	free(spec);
	return status;
}
