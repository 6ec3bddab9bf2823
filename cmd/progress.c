/*
 * progress.c - "1073741824 bytes (1.0G) copied, 0.6 s, 1.7G/s, 52%, ETA 1s".
 */
#include "progress.h"

#include <bsd/libutil.h>
#include <stdio.h>
#include <unistd.h>

#define AUTO_THRESHOLD (64ull << 20)

static double seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void draw(struct progress *p, uint64_t done, const struct timespec *now,
    bool last)
{
	double elapsed = seconds_since(&p->start, now);
	double rate = elapsed > 0 ? (double)done / elapsed : 0;
	char human[8], hrate[8];

	humanize_number(human, 5, (int64_t)done, "", HN_AUTOSCALE,
	    HN_B | HN_NOSPACE | HN_DECIMAL);
	humanize_number(hrate, 5, (int64_t)rate, "", HN_AUTOSCALE,
	    HN_B | HN_NOSPACE | HN_DECIMAL);
	fprintf(stderr, "%s%llu bytes (%s) copied, %.1f s, %s/s",
	    p->tty ? "\r" : "", (unsigned long long)done, human, elapsed, hrate);
	if (p->total > 0 && done <= p->total)
		fprintf(stderr, ", %d%%, ETA %.0fs", (int)(done * 100 / p->total),
		    rate > 0 ? (double)(p->total - done) / rate : 0.0);
	/* Clear what a longer earlier line left on the terminal. */
	fputs(p->tty ? "\033[K" : "", stderr);
	fputs(last ? "\n" : "", stderr);
	p->drawn = true;
}

static void update(void *ctx, uint64_t done)
{
	struct progress *p = ctx;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* Twice a second is what a person can read; a log wants one line. */
	if (!p->tty || seconds_since(&p->last, &now) < 0.5)
		return;
	p->last = now;
	draw(p, done, &now, false);
}

void progress_init(struct progress *p, bool asked, uint64_t total)
{
	/* Asked, or a big copy: only then does stderr's kind matter. */
	p->tty = (asked || total > AUTO_THRESHOLD) && isatty(STDERR_FILENO);
	p->on = asked || (p->tty && total > AUTO_THRESHOLD);
	p->total = total;
	p->drawn = false;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
	p->hook.fn = p->on ? update : NULL;
	p->hook.ctx = p;
}

void progress_end(struct progress *p, uint64_t done)
{
	struct timespec now;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	draw(p, done, &now, true);
}
