/*
 * progress.h - a dd status=progress line on stderr for long copies.
 */
#ifndef SHMTOOL_PROGRESS_H
#define SHMTOOL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../lib/copy.h"

struct progress {
	bool on;
	uint64_t total;		/* 0 when unknown (a pipe) */
	struct timespec start, last;
	bool drawn;
	bool tty;		/* redraw in place; else only the last line */
	struct copy_progress hook;	/* what copy_in/copy_out call */
};

/* On if asked, or if stderr is a terminal and the copy is over 64 MiB. */
void progress_init(struct progress *p, bool asked, uint64_t total);

/* The last line, with a newline, if any line was shown. */
void progress_end(struct progress *p, uint64_t done);

#endif
