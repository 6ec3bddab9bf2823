/*
 * hold.c - hold something (a mapping, a lock) while a command runs, until
 * a signal, or for a time: what attach and lock share.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

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
 * The signals that end a hold.  They are blocked once what is held is
 * taken (before attach populates or mlocks, or lock runs CMD), so one
 * that comes then is not lost and ends the hold cleanly, and taken
 * synchronously (sigtimedwait): no handler races.  A wait for a lock
 * comes before, so ^C still ends it.
 */
void hold_block_signals(sigset_t *set, sigset_t *old)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, old);
}

/* Wait for SIGINT, SIGTERM, SIGHUP, the duration, or the command's end. */
int hold(char **cmd, time_t duration, const sigset_t *set, const sigset_t *old)
{
	struct timespec timeout = { .tv_sec = duration };
	pid_t child = -1;
	int sig, wstatus;

	if (cmd != NULL && (child = spawn(cmd, old)) < 0) {
		warnx("fork: %s", strerror_lower(errno));
		return EXIT_FAIL;
	}
	for (;;) {
		sig = duration ? sigtimedwait(set, NULL, &timeout) :
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
