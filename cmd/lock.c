/*
 * lock.c - shmtool lock: hold a segment's lock while a command runs, as
 * flock(1) does for a file; the convention is lib/lock.h's.
 */
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/lock.h"

static const char options_help[] =
    "     --shared             a shared lock, as readers take (POSIX objects\n"
    "                          and files; SysV's lock is always exclusive)\n"
    "     --wait TIME          give up after TIME (0: at once) unlocked\n"
    " -v, --verbose            say on stderr when the lock is taken\n";

int cmd_lock(int argc, char **argv)
{
	enum { OPT_SHARED = 256 };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "shared", no_argument, NULL, OPT_SHARED },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", required_argument, NULL, OPT_WAIT },
		{ NULL, 0, NULL, 0 },
	};
	struct lock_opts lo = { .on = true };
	enum seg_lock_mode mode = SEG_LOCK_EXCLUSIVE;
	struct seg_lock lock;
	struct spec *spec;
	struct seg seg;
	sigset_t set, old;
	bool verbose = false;
	int c, status;

	/* '+': stop at the SPEC, so CMD's own options stay CMD's. */
	while ((c = cmd_getopt(argc, argv, "+hv", longopts)) != -1) {
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 'v': verbose = true; break;
		case OPT_SHARED: mode = SEG_LOCK_SHARED; break;
		case OPT_WAIT:
			if (lock_option(c, optarg, &lo) < 0)
				return EXIT_USAGE;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("no SPEC given (see shmtool lock --help)");
	if (optind + 2 >= argc || strcmp(argv[optind + 1], "--") != 0)
		return usage_error("after SPEC, want -- CMD...");
	spec = specs_parse(1, argv + optind, SPECS_ALL);
	if (spec == NULL)
		return EXIT_USAGE;
	if (spec_find(spec, &seg) < 0) {
		free(spec);
		return EXIT_FAIL;
	}
	/* Waited for with the signals as they are: ^C ends the wait. */
	if (seg_lock(&seg, mode, lock_wait(&lo), &lock) < 0) {
		status = fail_lock(spec, &lo, errno);
		free(spec);
		return status;
	}
	if (verbose)
		warnx("%s: locked (%s), pid %d", spec_shown(spec),
		    mode == SEG_LOCK_SHARED && seg.kind != SEG_SYSV ? "shared" :
		    "exclusive", (int)getpid());
	/* A failed exec in the child would otherwise exit holding the SPEC. */
	free(spec);
	hold_block_signals(&set, &old);
	status = hold(argv + optind + 2, 0, &set, &old);
	seg_lock_release(&lock);
	return status;
}
