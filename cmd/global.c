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
#include "../lib/ns.h"
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

/* The cells NS and CONTAINER of a row in place, from column 0. */
static void place_cells(struct libscols_line *ln, const struct table_opts *t,
    const struct ns_place *place)
{
	char *ns;

	if (asprintf(&ns, "%lu", (unsigned long)place->ipc_ns) < 0)
		die_oom();
	scols_line_refer_data(ln, 0, ns);
	if (place->container != NULL)
		scols_line_set_data(ln, 1, place->container);
	else if (t->mode != OUT_JSON)
		scols_line_set_data(ln, 1, "-");
}

/* A new line of tb, with the NS and CONTAINER cells if place; its first other column. */
static struct libscols_line *new_line(struct libscols_table *tb,
    const struct table_opts *t, const struct ns_place *place, size_t *first)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	if (ln == NULL)
		die_oom();
	*first = 0;
	if (place != NULL) {
		place_cells(ln, t, place);
		*first = 2;
	}
	return ln;
}

/* One row of ls --global; limit or used may be absent (NONE). */
static void global_row(struct libscols_table *tb, const struct table_opts *t,
    const struct ns_place *place, const char *resource, const char *desc,
    uint64_t limit, uint64_t used, bool bytes)
{
	size_t at;
	struct libscols_line *ln = new_line(tb, t, place, &at);
	uint64_t values[2] = { limit, used };
	char *s;

	scols_line_set_data(ln, at, resource);
	scols_line_set_data(ln, at + 1, desc);
	for (size_t i = 0; i < 2; i++) {
		s = values[i] != NONE ? amount(t, values[i], bytes) : NULL;
		if (s == NULL && (t->mode == OUT_TABLE || t->mode == OUT_RAW))
			s = strdup("-");
		if (s != NULL)
			scols_line_refer_data(ln, at + 2 + i, s);
	}
	if (limit != NONE && limit > 0 && used != NONE && asprintf(&s, "%.2f%%",
	    (double)used * 100 / (double)limit) >= 0)
		scols_line_refer_data(ln, at + 4, s);
	else if ((t->mode == OUT_TABLE || t->mode == OUT_RAW))
		scols_line_set_data(ln, at + 4, "-");
}

/* The rows of ls --global for one place (NULL: ours, without NS columns). */
static void global_rows(struct libscols_table *tb, const struct table_opts *t,
    const struct ns_place *place, const struct sysv_usage *u, bool have_space,
    uint64_t space, uint64_t used)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	/* kernel.shmall and shmmax are "unlimited" near 2^64: kept exact. */
	global_row(tb, t, place, "SHMMNI", "Shared memory segments", u->shmmni,
	    u->segments, false);
	global_row(tb, t, place, "SHMALL", "Shared memory pages", u->shmall,
	    u->pages, false);
	global_row(tb, t, place, "SHMMAX", "Max size of one segment (bytes)",
	    u->shmmax, NONE, false);
	global_row(tb, t, place, "RSS", "Shared memory pages resident", NONE,
	    u->rss_pages, false);
	global_row(tb, t, place, "SWAP", "Shared memory pages swapped", NONE,
	    u->swap_pages, false);
	global_row(tb, t, place, "RMID_FORCED",
	    "Segments removed with their last process (0/1)",
	    u->rmid_forced < 0 ? NONE : (uint64_t)u->rmid_forced, NONE, false);
	global_row(tb, t, place, "PAGESIZE", "Bytes per page", page, NONE, false);
	if (have_space)
		global_row(tb, t, place, "DEVSHM", "/dev/shm space (bytes)", space,
		    used, true);
}

/*
 * The table of ls --global, or NULL after a message: our limits, or with
 * places (--all-ns) each place's, as read in it, NS and CONTAINER first.
 */
static struct libscols_table *global_table(const struct table_opts *t,
    const struct ns_places *places)
{
	static const struct col_spec cols[] = {
		{ "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "CONTAINER", 0.1, 0, SCOLS_JSON_STRING },
		{ "RESOURCE", 10, 0, SCOLS_JSON_STRING },
		{ "DESCRIPTION", 30, 0, SCOLS_JSON_STRING },
		{ "LIMIT", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "USED", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "USE%", 6, SCOLS_FL_RIGHT, SCOLS_JSON_STRING },
	};
	bool all_ns = places != NULL && places->n > 0;
	size_t skip = all_ns ? 0 : 2;
	struct libscols_table *tb;
	struct sysv_usage u;
	uint64_t space = 0, used = 0;
	bool have_space;

	if (!all_ns && sysv_usage(&u) < 0) {
		warnx("IPC_INFO: %s", strerror_lower(errno));
		return NULL;
	}
	have_space = !all_ns && posix_space(&space, &used) == 0;
	tb = new_table(t, "global", cols + skip, sizeof(cols) / sizeof(cols[0]) - skip);
	if (tb == NULL)
		return NULL;
	if (!all_ns)
		global_rows(tb, t, NULL, &u, have_space, space, used);
	for (size_t i = 0; all_ns && i < places->n; i++) {
		const struct ns_place *p = &places->v[i];

		if (p->have_usage)
			global_rows(tb, t, p, &p->usage, p->have_space, p->space,
			    p->space_used);
	}
	return tb;
}

int ls_global(const struct table_opts *t, const struct ns_places *places)
{
	struct libscols_table *tb = global_table(t, places);

	if (tb == NULL)
		return EXIT_FAIL;
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_OK;
}

/* A row of ls --summary; with all_ns, NS and CONTAINER first (none: the total). */
static void summary_row(struct libscols_table *tb, const struct table_opts *t,
    const struct seg_group *grp, bool all_ns)
{
	size_t at;
	struct libscols_line *ln = new_line(tb, t, grp->place, &at);
	const uint64_t values[] = { grp->count, grp->size, grp->rss, grp->swap,
		grp->orphaned };
	char *s;

	/* The total is everywhere's: "-" in a table, null in JSON. */
	if (all_ns && grp->place == NULL) {
		at = 2;
		if (t->mode != OUT_JSON) {
			scols_line_set_data(ln, 0, "-");
			scols_line_set_data(ln, 1, "-");
		}
	}
	scols_line_set_data(ln, at, grp->type != NULL ? grp->type : "total");
	/* The total's owner is everybody: "-" in a table, null in JSON. */
	if (grp->owner != NULL || t->mode != OUT_JSON)
		scols_line_set_data(ln, at + 1, grp->owner != NULL ? grp->owner : "-");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		s = amount(t, values[i], i >= 1 && i <= 3);
		if (s == NULL)
			die_oom();
		scols_line_refer_data(ln, at + 2 + i, s);
	}
}

/*
 * The table of ls --summary: a row per TYPE and owner (with all_ns, per
 * place too, NS and CONTAINER first), then the total.
 */
static struct libscols_table *summary_table(const struct table_opts *t,
    const struct seg_groups *g, bool all_ns)
{
	static const struct col_spec cols[] = {
		{ "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "CONTAINER", 0.1, 0, SCOLS_JSON_STRING },
		{ "TYPE", 5, 0, SCOLS_JSON_STRING },
		{ "OWNER", 8, 0, SCOLS_JSON_STRING },
		{ "COUNT", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "SIZE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "RSS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "SWAP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
		{ "ORPHANED", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	};
	size_t skip = all_ns ? 0 : 2;
	struct libscols_table *tb;
	struct seg_group total = seg_groups_total(g);

	tb = new_table(t, "summary", cols + skip, sizeof(cols) / sizeof(cols[0]) - skip);
	if (tb == NULL)
		return NULL;
	for (size_t i = 0; i < g->n; i++)
		summary_row(tb, t, &g->v[i], all_ns);
	summary_row(tb, t, &total, all_ns);
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
	/* The second ends with its newline already. */
	printf("%.*s,%s", (int)(a_end - a), a, b_start + 1);
	free(a);
	free(b);
	return EXIT_OK;
}

int ls_summary(const struct seg_list *list, const struct ns_places *places,
    const struct table_opts *t)
{
	struct seg_groups g = { 0 };
	struct libscols_table *sum, *lim;
	int status = EXIT_OK;

	if (seg_groups_make(&g, list) < 0)
		die_oom();
	sum = summary_table(t, &g, places != NULL && places->n > 0);
	lim = sum != NULL ? global_table(t, places) : NULL;
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
