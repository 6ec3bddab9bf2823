/*
 * global.h - ls --global and ls --summary.
 */
#ifndef SHMTOOL_CMD_GLOBAL_H
#define SHMTOOL_CMD_GLOBAL_H

#include "../lib/table.h"

/* ls --global: lsipc -g, ipcs -l and ipcs -u in one table.  EXIT_OK or _FAIL. */
int ls_global(const struct table_opts *t);

/*
 * ls --summary: list (rss, swap and orphaned filled in) added up by TYPE
 * and owner, a total row, then the --global table; in JSON one object,
 * {"summary": [...], "global": [...]}.  EXIT_OK or EXIT_FAIL.
 */
int ls_summary(const struct seg_list *list, const struct table_opts *t);

#endif
