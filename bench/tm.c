/*
 * tm - run one shell command, print its wall-clock time.
 *
 *   tm 'COMMAND'
 *
 * Runs /bin/sh -c COMMAND and prints the nanoseconds from just before the
 * fork to just after the wait (CLOCK_MONOTONIC) on stdout.  The command's
 * own stdout goes to tm's stderr, so stray output cannot be taken for the
 * figure.  Exits 1, printing nothing on stdout, if the command failed.
 * Both sides of a comparison pay the same fork, exec and shell start.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long start, end;
	pid_t pid;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: tm 'COMMAND'\n");
		return 2;
	}
	start = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("tm: fork");
		return 1;
	}
	if (pid == 0) {
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	end = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "tm: command failed (%s %d): %s\n",
		    WIFEXITED(status) ? "status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    argv[1]);
		return 1;
	}
	printf("%lld\n", end - start);
	return 0;
}
