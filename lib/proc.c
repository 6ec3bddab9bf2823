/*
 * proc.c - processes, as /proc shows them.
 */
#include "proc.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int proc_parse_stat_start(const char *line, unsigned long long *ticks)
{
	/* comm (field 2) may hold spaces and parentheses: skip to the last ')'. */
	const char *p = strrchr(line, ')');

	if (p == NULL)
		goto bad;
	/* Skip fields 3 to 21. */
	for (int field = 3; field < 22; field++) {
		p++;
		p += strspn(p, " ");
		p += strcspn(p, " ");
		if (*p == '\0')
			goto bad;
	}
	if (sscanf(p, " %llu", ticks) != 1)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

static int read_small(const char *path, char *buf, size_t len, size_t *got)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	if (got != NULL)
		*got = (size_t)n;
	return 0;
}

/* Boot time, from the btime line of /proc/stat; read once. */
static time_t boot_time(void)
{
	static time_t btime = -1;
	char line[256];
	FILE *f;

	if (btime != -1)
		return btime;
	f = fopen("/proc/stat", "re");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		long long v;

		if (sscanf(line, "btime %lld", &v) == 1) {
			btime = (time_t)v;
			break;
		}
	}
	fclose(f);
	return btime == -1 ? 0 : btime;
}

static int read_start_time(pid_t pid, time_t *start)
{
	static long hz;
	char path[64], line[1024];
	unsigned long long ticks;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_small(path, line, sizeof(line), NULL) < 0 ||
	    proc_parse_stat_start(line, &ticks) < 0)
		return -1;
	if (hz == 0)
		hz = sysconf(_SC_CLK_TCK);
	*start = boot_time() + (time_t)(ticks / (unsigned long long)hz);
	return 0;
}

/*
 * A listing asks about the same creators again and again (thousands of
 * segments, a few programs): remember the last answers for this run.
 */
#define START_CACHE 32

/* When pid started, in seconds since the epoch; -1 with errno if unknown. */
static int proc_start_time(pid_t pid, time_t *start)
{
	static struct { time_t start; pid_t pid; int err; } cache[START_CACHE];
	static unsigned next;
	unsigned slot;

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	for (unsigned i = 0; i < START_CACHE; i++)
		if (cache[i].pid == pid) {
			*start = cache[i].start;
			errno = cache[i].err;
			return cache[i].err ? -1 : 0;
		}
	slot = next++ % START_CACHE;
	cache[slot].pid = pid;
	cache[slot].err = read_start_time(pid, &cache[slot].start) < 0 ?
	    (errno ? errno : ESRCH) : 0;
	*start = cache[slot].start;
	errno = cache[slot].err;
	return cache[slot].err ? -1 : 0;
}

enum proc_life proc_life_since(pid_t pid, time_t since)
{
	time_t start;

	/* kill(pid, 0) sees every process of our PID namespace, hidepid or not. */
	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return PROC_DEAD;
	if (!proc_is_ours() || proc_start_time(pid, &start) < 0) {
		/* It ended between the two looks: dead.  Hidden: unknown. */
		if (proc_is_ours() && kill(pid, 0) < 0 && errno == ESRCH)
			return PROC_DEAD;
		return PROC_UNKNOWN;
	}
	/* btime and the tick count are both rounded: allow a second. */
	return start <= since + 1 ? PROC_ALIVE : PROC_DEAD;
}

bool proc_is_ours(void)
{
	static int ours = -1;
	char buf[32];
	ssize_t n;

	if (ours < 0) {
		n = readlink("/proc/self", buf, sizeof(buf) - 1);
		if (n > 0)
			buf[n] = '\0';
		ours = n > 0 && atoi(buf) == (int)getpid();
	}
	return ours;
}

/* Is hidepid set to hide other users' processes on the /proc mount? */
static bool mount_hides_pids(const char *options)
{
	const char *p = strstr(options, "hidepid=");

	if (p == NULL)
		return false;
	p += strlen("hidepid=");
	return strncmp(p, "2", 1) == 0 || strncmp(p, "invisible", 9) == 0;
}

bool proc_hides_others(void)
{
	static int hides = -1;
	char line[4096];
	FILE *f;

	if (hides >= 0)
		return hides;
	hides = 0;
	if (geteuid() == 0)
		return false;
	f = fopen("/proc/self/mountinfo", "re");
	if (f == NULL)
		return (hides = 1);
	/* "... /proc ... - proc proc rw,hidepid=2" */
	while (fgets(line, sizeof(line), f) != NULL) {
		char mountpoint[256];
		const char *sep = strstr(line, " - proc ");

		if (sep == NULL || sscanf(line, "%*s %*s %*s %*s %255s", mountpoint) != 1 ||
		    strcmp(mountpoint, "/proc") != 0)
			continue;
		hides = mount_hides_pids(sep);
	}
	fclose(f);
	return hides;
}

bool proc_in_host_pidns(void)
{
	/* PROC_PID_INIT_INO, stable since Linux 3.8. */
	const ino_t host_pid_ns = 0xeffffffcU;
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == host_pid_ns;
}

int proc_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if (read_small(path, buf, len, &n) < 0)
		return -1;
	/* Kernel threads and zombies have an empty command line: use comm. */
	if (n == 0) {
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		if (read_small(path, buf, len, &n) < 0)
			return -1;
		buf[strcspn(buf, "\n")] = '\0';
		return 0;
	}
	/* Arguments are NUL-separated; the last NUL ends the string. */
	for (size_t i = 0; i + 1 < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return 0;
}

pid_t *proc_list_pids(DIR *proc, size_t *n)
{
	pid_t self = getpid(), *pids = NULL, *grown;
	size_t cap = 0;
	struct dirent *d;

	*n = 0;
	while ((d = readdir(proc)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]) || atoi(d->d_name) == self)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((grown = reallocarray(pids, cap, sizeof(*pids))) == NULL) {
				free(pids);
				return NULL;
			}
			pids = grown;
		}
		pids[(*n)++] = (pid_t)atoi(d->d_name);
	}
	/* An empty /proc is a list all the same. */
	return pids != NULL ? pids : calloc(1, sizeof(*pids));
}

/* The second half of a split pass, for its thread. */
struct split_half {
	void (*fn)(void *share, size_t from, size_t to);
	void *share;
	size_t from, to;
};

static void *run_half(void *arg)
{
	struct split_half *half = arg;

	half->fn(half->share, half->from, half->to);
	return NULL;
}

bool proc_split(size_t n, void (*fn)(void *share, size_t from, size_t to),
    void *first, void *second)
{
	struct split_half half = { fn, second, n / 2, n };
	pthread_t helper;
	bool helped = n >= PROC_SPLIT && sysconf(_SC_NPROCESSORS_ONLN) >= 2 &&
	    pthread_create(&helper, NULL, run_half, &half) == 0;

	fn(first, 0, helped ? n / 2 : n);
	if (helped)
		pthread_join(helper, NULL);
	return helped;
}
