/*
 * metrics.h - ls --metrics: the Prometheus text exposition format.
 */
#ifndef SHMTOOL_METRICS_H
#define SHMTOOL_METRICS_H

#include <stdbool.h>

#include "../lib/seg.h"

struct ns_places;

/*
 * Print the metrics of list (with rss, swap and orphaned filled in) to
 * stdout, or, with path, into that file atomically (a temporary file
 * beside it, then rename).  With places (--all-ns, limits read), every
 * series of a place is labelled ns and container, and the limits are
 * each place's.  per_segment adds a series per segment.  EXIT_OK, or
 * EXIT_FAIL after the message.
 */
int metrics_print(const struct seg_list *list, const struct ns_places *places,
    bool per_segment, const char *path);

#endif
