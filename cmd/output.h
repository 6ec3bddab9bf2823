/*
 * output.h - the output options ls and stat share: -o, --json, --raw,
 * --export, -b, --noheadings, and printing a table through libsmartcols.
 */
#ifndef SHMTOOL_OUTPUT_H
#define SHMTOOL_OUTPUT_H

#include "../lib/table.h"

struct output {
	struct table_opts table;
	int cols[NCOLUMNS * 2];
	size_t ncols;
};

/* Set cols to the defaults, the n in ids. */
void output_defaults(struct output *out, const int *ids, size_t n);

/*
 * -J, -r, -e or -n: one output mode, as lsipc allows; a second, other one
 * is a usage error ("--json and --raw are mutually exclusive"; -1).
 */
int output_mode(struct output *out, enum out_mode mode);

/* --time-format short|full|iso; prints the error and returns -1. */
int output_time_format(struct output *out, const char *arg);

/* Add id unless it is already there (for -t, -p, -c). */
void output_add(struct output *out, int id);

/* -o LIST; prints the error and returns -1. */
int output_columns(struct output *out, const char *list);

/* Build and print the table of list; EXIT_OK or EXIT_FAIL. */
int output_print(struct output *out, const struct seg_list *list);

#endif
