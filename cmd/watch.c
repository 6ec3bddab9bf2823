/*
 * watch.c - shmtool watch: one line, or one JSON object, per change to the
 * segments a filter selects, until interrupted.
 *
 * What changed is found by comparing listings (lib/watch.h): one every
 * --interval, and one at once when the kernel says /dev/shm changed
 * (lib/notify.h), so POSIX events come as they happen and SysV ones
 * within an interval.  Nothing is attached or held open in between.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/collect.h"
#include "../lib/notify.h"
#include "../lib/posix.h"
#include "../lib/table.h"
#include "../lib/text.h"
#include "../lib/watch.h"

static const char options_help[] =
    FILTER_HELP
    "     --hidden             also memory no name reaches: appeared, freed\n"
    " -i, --interval TIME      list every TIME (default 1s); POSIX changes wake it at once\n"
    "     --initial            first a present event for each segment there\n"
    " -J, --json               one JSON object a line (JSON Lines)\n"
    " -b, --bytes              sizes in bytes rather than 4K, 1.5M\n";

/* A burst of changes in /dev/shm is listed at most this often (ms). */
#define NOTIFY_GAP_MS 100

struct watch_opts {
	struct seg_filter filter;
	time_t interval;
	bool initial, json, bytes;
};

struct printer {
	const struct watch_opts *o;
	struct timespec when;	/* of the listing that found the events */
	bool failed;		/* stdout could not be written */
};

/* --- printing ------------------------------------------------------------- */

/* s as a JSON string: valid UTF-8 (text_escape), quotes and controls escaped. */
static void put_json_string(const char *s)
{
	char *utf8 = text_escape(s, TEXT_JSON);
	const unsigned char *p = (const unsigned char *)utf8;

	if (p == NULL)
		die_oom();
	putchar('"');
	for (; p != NULL && *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
	free(utf8);
}

/* One column of seg for the event: a string to free, or NULL for none. */
static char *value_of(int col, const struct seg *seg, bool bytes)
{
	char *v = table_column_value(col, seg, bytes, TIME_ISO);

	if (v == NULL && errno == ENOMEM)
		die_oom();
	return v;
}

/* "KEY": a string, as ls --json; numbers as numbers; null where none. */
static void put_json_field(const char *key, int col, const struct seg *seg,
    bool number)
{
	char *v = value_of(col, seg, true);

	printf(",\"%s\":", key);
	if (v == NULL)
		fputs("null", stdout);
	else if (number)
		fputs(v, stdout);
	else
		put_json_string(v);
	free(v);
}

/* The time of an event: ISO 8601, local, with the offset as +hh:mm. */
static void format_time(const struct timespec *ts, bool fraction, char *buf, size_t size)
{
	struct tm tm;
	char zone[8];
	size_t len;

	localtime_r(&ts->tv_sec, &tm);
	len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!fraction)
		return;
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(buf + len, size - len, ".%06ld%.3s:%s", ts->tv_nsec / 1000,
	    zone, zone + 3);
}

static void print_json(const struct printer *p, enum watch_event ev,
    const struct seg *seg, pid_t by)
{
	char when[64];

	format_time(&p->when, true, when, sizeof(when));
	printf("{\"time\":\"%s\",\"event\":\"%s\"", when, watch_event_name(ev));
	put_json_field("type", COL_TYPE, seg, false);
	put_json_field("key", COL_KEY, seg, false);
	put_json_field("id", COL_ID, seg, true);
	put_json_field("name", COL_NAME, seg, false);
	put_json_field("size", COL_SIZE, seg, true);
	put_json_field("nattch", COL_NATTCH, seg, true);
	if (by > 0)
		printf(",\"by\":%d", (int)by);
	else
		fputs(",\"by\":null", stdout);
	put_json_field("spec", COL_SPEC, seg, false);
	if (p->o->filter.all_ns) {
		put_json_field("ns", COL_NS, seg, true);
		put_json_field("container", COL_CONTAINER, seg, false);
		put_json_field("nspid", COL_NSPID, seg, true);
	}
	fputs("}\n", stdout);
}

/*
 * A column's value as one field of a line: escaped as ls shows names, a
 * space as \x20, so that `read -r` splits the line at the right blanks and
 * every command accepts a SPEC back; "-" for none.  Then sep.
 */
static void put_field(int col, const struct seg *seg, char sep)
{
	char *value = value_of(col, seg, true);
	char *shown_value = value ? text_escape(value, TEXT_SHOWN) : NULL;

	if (value != NULL && shown_value == NULL)
		die_oom();
	for (const char *c = shown_value ? shown_value : "-"; *c; c++)
		if (*c == ' ')
			fputs("\\x20", stdout);
		else
			putchar(*c);
	putchar(sep);
	free(value);
	free(shown_value);
}

/*
 * TIME EVENT TYPE SIZE NATTCH BY SPEC, "-" for what is not known; with
 * --all-ns, NS and CONTAINER before SPEC, which comes last.
 */
static void print_text(const struct printer *p, enum watch_event ev,
    const struct seg *seg, pid_t by)
{
	char when[64], pid[16] = "-";
	char *size = value_of(COL_SIZE, seg, p->o->bytes);
	char *nattch = value_of(COL_NATTCH, seg, true);

	format_time(&p->when, false, when, sizeof(when));
	if (by > 0)
		snprintf(pid, sizeof(pid), "%d", (int)by);
	printf("%s %-8s %-7s %6s %6s %7s ", when, watch_event_name(ev),
	    seg_type_name(seg), size ? size : "-", nattch ? nattch : "-", pid);
	if (p->o->filter.all_ns) {
		put_field(COL_NS, seg, ' ');
		put_field(COL_CONTAINER, seg, ' ');
	}
	put_field(COL_SPEC, seg, '\n');
	free(size);
	free(nattch);
}

/* watch_report_fn: one event out, at once, for whoever reads live. */
static void print_event(enum watch_event ev, const struct seg *seg, pid_t by,
    void *arg)
{
	struct printer *p = arg;

	/* Filters judge the segment as the event shows it. */
	if (p->failed || !seg_filter_match(&p->o->filter, seg))
		return;
	if (p->o->json)
		print_json(p, ev, seg, by);
	else
		print_text(p, ev, seg, by);
	if (fflush(stdout) != 0)
		p->failed = true;
}

/* --- listing -------------------------------------------------------------- */

/* What the events need: holders and orphan states, and who holds what. */
static unsigned needs_of(const struct seg_filter *filter)
{
	unsigned needs = NEED_HOLDERS | NEED_ORPHANED;

	if (filter->kinds == 0 || (filter->kinds & ~(1u << SEG_SYSV)) || filter->hidden)
		needs |= NEED_PIDS;
	return needs;
}

/*
 * A listing in watch_sort's order into scan (its places kept: rows point
 * at them); -1 if some kind could not be listed, and then no events are
 * made of it: what could not be seen is not gone.
 */
static int take_listing(struct watch_opts *o, struct seg_scan *scan, bool warn)
{
	/*
	 * Everything of the kinds asked for: the other filters choose events
	 * (print_event), so that a segment becoming orphaned is not "created".
	 */
	struct seg_filter all = { .kinds = o->filter.kinds,
		.hidden = o->filter.hidden, .contained = o->filter.contained,
		.all_ns = o->filter.all_ns };
	int rc;

	if (o->filter.by_age || o->filter.by_idle)
		o->filter.now = time(NULL);
	rc = warn ? segs_collect_or_warn(&all, needs_of(&all), scan) :
	    segs_collect(&all, needs_of(&all), scan);
	holders_free(&scan->holders);
	if (rc != 0) {
		seg_scan_free(scan);
		return -1;
	}
	watch_sort(&scan->list);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SIGINT, SIGTERM and SIGHUP as an fd to poll: the loop ends cleanly. */
static int signals_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/*
 * Wait until the next listing is due: the interval's end, or a change in
 * /dev/shm (not sooner than NOTIFY_GAP_MS after the last listing).  false
 * when a signal asks us to stop.
 */
static bool wait_for_change(int sigfd, struct notify *nt, int64_t last, time_t interval)
{
	int64_t due = last + (int64_t)interval * 1000;
	bool changed = false;

	for (;;) {
		int64_t now = now_ms();
		int64_t until = changed ? last + NOTIFY_GAP_MS : due;
		struct pollfd fds[2] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = changed ? -1 : nt->fd, .events = POLLIN },
		};

		if (now >= until || now >= due)
			return true;
		/* A long interval is waited for an hour at a time. */
		if (poll(fds, 2, (int)(until - now < 3600000 ? until - now : 3600000)) < 0 &&
		    errno != EINTR)
			return true;
		if (fds[0].revents)
			return false;
		if (fds[1].revents) {
			notify_drain(nt);
			changed = true;
		}
	}
}

static int watch_loop(struct watch_opts *o)
{
	struct printer p = { .o = o };
	struct seg_scan before, now;
	struct notify nt = { .fd = -1 };
	int sigfd = signals_fd();
	int dirfd = posix_dir_fd();

	if (sigfd < 0)
		err(EXIT_FAIL, "signalfd");
	/* Without a /dev/shm to watch, the interval alone finds changes. */
	if (dirfd >= 0 && (o->filter.kinds != (1u << SEG_SYSV) || o->filter.hidden))
		notify_open(&nt, dirfd);
	clock_gettime(CLOCK_REALTIME, &p.when);
	if (take_listing(o, &before, true) < 0)
		return EXIT_FAIL;
	if (o->initial)
		for (size_t i = 0; i < before.list.n; i++)
			print_event(WATCH_PRESENT, &before.list.segs[i], 0, &p);
	for (int64_t last = now_ms(); !p.failed; last = now_ms()) {
		if (!wait_for_change(sigfd, &nt, last, o->interval))
			break;
		clock_gettime(CLOCK_REALTIME, &p.when);
		if (take_listing(o, &now, false) < 0)
			continue;
		/*
		 * After the listing: the kernel queues a change's record as its
		 * system call ends, so every change the listing saw is told.
		 */
		if (nt.fd >= 0)
			notify_drain(&nt);
		watch_diff(&before.list, &now.list, &nt, print_event, &p);
		notify_forget(&nt);
		seg_scan_free(&before);
		before = now;
	}
	seg_scan_free(&before);
	notify_close(&nt);
	close(sigfd);
	return EXIT_OK;
}

int cmd_watch(int argc, char **argv)
{
	enum { OPT_HIDDEN = OPT_FIRST_OWN, OPT_INITIAL };
	static const struct option longopts[] = {
		FILTER_LONGOPTS,
		{ "bytes", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "hidden", no_argument, NULL, OPT_HIDDEN },
		{ "initial", no_argument, NULL, OPT_INITIAL },
		{ "interval", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	struct watch_opts o = { .interval = 1 };
	int c, f;

	while ((c = cmd_getopt(argc, argv, "bhi:J", longopts)) != -1) {
		if ((f = filter_option(c, optarg, &o.filter)) != 0) {
			if (f < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'b': o.bytes = true; break;
		case 'h': return cmd_help(options_help);
		case 'i':
			if (opt_duration("--interval", optarg, &o.interval) < 0)
				return EXIT_USAGE;
			if (o.interval < 1)
				return usage_error("--interval %s: must be at least 1s",
				    shown(optarg));
			break;
		case 'J': o.json = true; break;
		case OPT_HIDDEN: o.filter.hidden = true; break;
		case OPT_INITIAL: o.initial = true; break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument '%s' (watch takes no SPEC)",
		    shown(argv[optind]));
	return watch_loop(&o);
}
