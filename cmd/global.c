/*
 * global.c - ls --global (the kernel's limits and their use, as lsipc -g)
 * and ls --summary (the segments added up by TYPE and owner, then those
 * limits).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "global.h"
#include "../lib/posix.h"
#include "../lib/summary.h"
#include "../lib/sysv.h"

#define NONE UINT64_MAX

/* A column of the --global and --summary tables. */
struct col_spec {
	const char *name;
	double whint;
	int flags, json;
};

/* A table of these columns in t's output mode, named name; NULL after a message. */
static struct libscols_table *new_table(const struct table_opts *t,
    const char *name, const struct col_spec *cols, size_t ncols)
{
	struct libscols_table *tb = scols_new_table();

	if (tb == NULL) {
		warnx("table: %s", strerror_lower(errno));
		return NULL;
	}
	table_set_mode(tb, &(struct table_opts){ .mode = t->mode,
	    .noheadings = t->noheadings, .shellvar = t->shellvar, .name = name });
	for (size_t i = 0; i < ncols; i++) {
		struct libscols_column *cl = scols_table_new_column(tb, cols[i].name,
		    cols[i].whint, cols[i].flags);

		if (cl == NULL)
			die_oom();
		scols_column_set_json_type(cl, cols[i].json);
	}
	return tb;
}

/* A cell of a count or of bytes: human-sized unless -b or JSON. */
static char *amount(const struct table_opts *t, uint64_t value, bool bytes)
{
	struct seg fake = { .size = value };
	char *s;

	if (bytes && !t->bytes && t->mode != OUT_JSON)
		return table_column_value(COL_SIZE, &fake, false, TIME_SHORT);
	return asprintf(&s, "%llu", (unsigned long long)value) < 0 ? NULL : s;
}

/* One row of ls --global; limit or used may be absent (NONE). */
static void global_row(struct libscols_table *tb, const struct table_opts *t,
    const char *resource, const char *desc, uint64_t limit, uint64_t used,
    bool bytes)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	uint64_t values[2] = { limit, used };
	char *s;

	if (ln == NULL)
		die_oom();
	scols_line_set_data(ln, 0, resource);
	scols_line_set_data(ln, 1, desc);
	for (int i = 0; i < 2; i++) {
		s = values[i] != NONE ? amount(t, values[i], bytes) : NULL;
		if (s == NULL && (t->mode == OUT_TABLE || t->mode == OUT_RAW))
			s = strdup("-");
		if (s != NULL)
			scols_line_refer_data(ln, (size_t)i + 2, s);
	}
	if (limit != NONE && limit > 0 && used != NONE && asprintf(&s, "%.2f%%",
	    (double)used * 100 / (double)limit) >= 0)
		scols_line_refer_data(ln, 4, s);
	else if ((t->mode == OUT_TABLE || t->mode == OUT_RAW))
		scols_line_set_data(ln, 4, "-");
}

/* The table of ls --global, or NULL after a message. */
static struct libscols_table *global_table(const struct table_opts *t)
{
	static const struct col_spec cols[] = {
		{ "RESOURCE", 10, 0, SCOLS_JSON_STRING },
		{ "DESCRIPTION", 30, 0, SCOLS_JSON_STRING },
		{ "LIMIT", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "USED", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "USE%", 6, SCOLS_FL_RIGHT, SCOLS_JSON_STRING },
	};
	struct libscols_table *tb;
	struct sysv_usage u;
	uint64_t space = 0, used = 0;
	bool have_space;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (sysv_usage(&u) < 0) {
		warnx("IPC_INFO: %s", strerror_lower(errno));
		return NULL;
	}
	have_space = posix_space(&space, &used) == 0;
	tb = new_table(t, "global", cols, sizeof(cols) / sizeof(cols[0]));
	if (tb == NULL)
		return NULL;
	/* kernel.shmall and shmmax are "unlimited" near 2^64: kept exact. */
	global_row(tb, t, "SHMMNI", "Shared memory segments", u.shmmni,
	    u.segments, false);
	global_row(tb, t, "SHMALL", "Shared memory pages", u.shmall, u.pages, false);
	global_row(tb, t, "SHMMAX", "Max size of one segment (bytes)", u.shmmax,
	    NONE, false);
	global_row(tb, t, "RSS", "Shared memory pages resident", NONE,
	    u.rss_pages, false);
	global_row(tb, t, "SWAP", "Shared memory pages swapped", NONE,
	    u.swap_pages, false);
	global_row(tb, t, "RMID_FORCED", "Segments removed with their last process (0/1)",
	    u.rmid_forced < 0 ? NONE : (uint64_t)u.rmid_forced, NONE, false);
	global_row(tb, t, "PAGESIZE", "Bytes per page", page, NONE, false);
	if (have_space)
		global_row(tb, t, "DEVSHM", "/dev/shm space (bytes)", space, used, true);
	return tb;
}

int ls_global(const struct table_opts *t)
{
	struct libscols_table *tb = global_table(t);

	if (tb == NULL)
		return EXIT_FAIL;
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_OK;
}

static void summary_row(struct libscols_table *tb, const struct table_opts *t,
    const struct seg_group *grp)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	const uint64_t values[] = { grp->count, grp->size, grp->rss, grp->swap,
		grp->orphaned };
	char *s;

	if (ln == NULL)
		die_oom();
	scols_line_set_data(ln, 0, grp->type != NULL ? grp->type : "total");
	/* The total's owner is everybody: "-" in a table, null in JSON. */
	if (grp->owner != NULL || t->mode != OUT_JSON)
		scols_line_set_data(ln, 1, grp->owner != NULL ? grp->owner : "-");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		s = amount(t, values[i], i >= 1 && i <= 3);
		if (s == NULL)
			die_oom();
		scols_line_refer_data(ln, i + 2, s);
	}
}

/* The table of ls --summary: a row per TYPE and owner, then the total. */
static struct libscols_table *summary_table(const struct table_opts *t,
    const struct seg_groups *g)
{
	static const struct col_spec cols[] = {
		{ "TYPE", 5, 0, SCOLS_JSON_STRING },
		{ "OWNER", 8, 0, SCOLS_JSON_STRING },
		{ "COUNT", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "SIZE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "RSS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "SWAP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "ORPHANED", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	};
	struct libscols_table *tb;
	struct seg_group total = seg_groups_total(g);

	tb = new_table(t, "summary", cols, sizeof(cols) / sizeof(cols[0]));
	if (tb == NULL)
		return NULL;
	for (size_t i = 0; i < g->n; i++)
		summary_row(tb, t, &g->v[i]);
	summary_row(tb, t, &total);
	return tb;
}

/*
 * Two tables as one JSON object: libsmartcols prints each as an object of
 * one member, {"summary": [...]} and {"global": [...]}; the first's
 * closing brace and the second's opening one go, a comma joins them.
 */
static int print_json_pair(struct libscols_table *first, struct libscols_table *second)
{
	char *a = NULL, *b = NULL;
	char *a_end, *b_start;

	if (scols_print_table_to_string(first, &a) < 0 ||
	    scols_print_table_to_string(second, &b) < 0 || a == NULL || b == NULL ||
	    (a_end = strrchr(a, '}')) == NULL || (b_start = strchr(b, '{')) == NULL) {
		free(a);
		free(b);
		warnx("table: %s", strerror_lower(errno ? errno : EINVAL));
		return EXIT_FAIL;
	}
	while (a_end > a && (a_end[-1] == '\n' || a_end[-1] == ' '))
		a_end--;
	printf("%.*s,%s\n", (int)(a_end - a), a, b_start + 1);
	free(a);
	free(b);
	return EXIT_OK;
}

int ls_summary(const struct seg_list *list, const struct table_opts *t)
{
	struct seg_groups g = { 0 };
	struct libscols_table *sum, *lim;
	int status = EXIT_OK;

	if (seg_groups_make(&g, list) < 0)
		die_oom();
	sum = summary_table(t, &g);
	lim = sum != NULL ? global_table(t) : NULL;
	if (lim == NULL)
		status = EXIT_FAIL;
	else if (t->mode == OUT_JSON)
		status = print_json_pair(sum, lim);
	else {
		scols_print_table(sum);
		putchar('\n');
		scols_print_table(lim);
	}
	if (sum != NULL)
		scols_unref_table(sum);
	if (lim != NULL)
		scols_unref_table(lim);
	seg_groups_free(&g);
	return status;
}
