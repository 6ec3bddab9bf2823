/*
 * table.h - the columns of ls and stat, as data, and a libsmartcols table
 * built from a list of segments.  Building a table prints nothing; the
 * command prints it.
 */
#ifndef SHMTOOL_TABLE_H
#define SHMTOOL_TABLE_H

#include <libsmartcols.h>
#include <stdbool.h>

#include "seg.h"

enum col_id {
	COL_TYPE, COL_KEY, COL_ID, COL_NAME, COL_PERMS, COL_MODE, COL_OWNER,
	COL_UID, COL_USER, COL_GID, COL_GROUP, COL_CUID, COL_CUSER, COL_CGID,
	COL_CGROUP, COL_SIZE, COL_NATTCH, COL_STATUS, COL_CTIME, COL_ATTACH,
	COL_DETACH, COL_CPID, COL_LPID, COL_COMMAND, COL_ORPHANED, COL_SPEC,
	COL_RSS, COL_SWAP, COL_PAGESIZE, COL_VALUE, COL_HOLDERS,
	COL_MAPRSS, COL_NS, COL_CONTAINER, COL_NSPID,
	NCOLUMNS
};

/* Which kinds a column means something for. */
#define COLK_SYSV	(1u << SEG_SYSV)
#define COLK_POSIX	((1u << SEG_POSIX) | (1u << SEG_FILE))
#define COLK_ALL	(COLK_SYSV | COLK_POSIX)

struct column {
	const char *name;
	const char *help;
	double whint;		/* width hint for libsmartcols */
	int scols_flags;	/* SCOLS_FL_RIGHT, SCOLS_FL_TRUNC ... */
	int json_type;		/* SCOLS_JSON_STRING or SCOLS_JSON_NUMBER */
	unsigned kinds;		/* COLK_* */
};

extern const struct column columns[NCOLUMNS];

/*
 * OUT_NEWLINE: export, one NAME="value" a line (lsipc -n).  OUT_METRICS:
 * no table but the Prometheus text format (cmd/metrics.c).
 */
enum out_mode { OUT_TABLE, OUT_RAW, OUT_JSON, OUT_EXPORT, OUT_NEWLINE, OUT_METRICS };

/*
 * How times are written, as lsipc's --time-format: short ("14:05", "Nov29",
 * "2025-Nov29"), full (asctime: "Sun Nov 29 14:05:09 2026"), ISO 8601.
 * TIME_AUTO: ISO in JSON and export output, short elsewhere.
 */
enum time_format { TIME_AUTO, TIME_SHORT, TIME_FULL, TIME_ISO };

struct table_opts {
	enum out_mode mode;
	bool bytes;		/* exact sizes instead of 4K */
	bool noheadings;
	bool notruncate;	/* never cut a cell to fit the terminal */
	bool shellvar;		/* headings usable as shell variable names */
	enum time_format times;
	const char *name;	/* the JSON array's name */
};

/* The column called name (case-insensitive), or -1. */
int table_column_by_name(const char *name, size_t len);

/*
 * Parse a comma-separated list of column names into ids[] (at most max).
 * A list starting with '+' is appended to the *n ids already there.
 */
int columns_parse(const char *list, int *ids, size_t max, size_t *n,
    const char **why);

/*
 * The text of one cell: a string to free, or NULL for "no value" (null in
 * JSON, "-" in tables).  Times as tf says (TIME_AUTO is short).
 */
char *table_column_value(int col, const struct seg *seg, bool bytes,
    enum time_format tf);

/*
 * The OWNER column's text, and "-" where the owner cannot be told (hidden
 * memory whose inode cannot be stat'ed; no user name begins with '-'):
 * what --summary and --metrics group by.  NULL on ENOMEM.
 */
char *seg_owner_text(const struct seg *seg);

/* ... the time format opts asks for in its output mode. */
enum time_format table_time_format(const struct table_opts *opts);

/* Sort segs by column col (numbers as numbers, values computed once); -1 ENOMEM. */
int table_sort(struct seg_list *list, int col);

/* Set tb's output mode, headings and name as opts says. */
void table_set_mode(struct libscols_table *tb, const struct table_opts *opts);

/* A table of segs with the given columns; NULL with errno on failure. */
struct libscols_table *table_build(const struct seg_list *list,
    const int *ids, size_t n, const struct table_opts *opts);

#endif
