/*
 * global.h - ls --global and ls --summary.
 */
#ifndef SHMTOOL_CMD_GLOBAL_H
#define SHMTOOL_CMD_GLOBAL_H

#include "../lib/table.h"

struct ns_places;

/*
 * ls --global: lsipc -g, ipcs -l and ipcs -u in one table; with places
 * (--all-ns, their limits read) a block of rows per place, NS and
 * CONTAINER first.  EXIT_OK or EXIT_FAIL.
 */
int ls_global(const struct table_opts *t, const struct ns_places *places);

/*
 * ls --summary: list (rss, swap and orphaned filled in) added up by TYPE
 * and owner (and place, with places of --all-ns), a total row, then the
 * --global table; in JSON one object,
 * {"summary": [...], "global": [...]}.  EXIT_OK or EXIT_FAIL.
 */
int ls_summary(const struct seg_list *list, const struct ns_places *places,
    const struct table_opts *t);

#endif
