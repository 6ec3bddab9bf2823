/*
 * output.c - printing tables of segments.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "output.h"

void output_defaults(struct output *out, const int *ids, size_t n)
{
	out->ncols = 0;
	for (size_t i = 0; i < n; i++)
		out->cols[out->ncols++] = ids[i];
}

int output_mode(struct output *out, enum out_mode mode)
{
	static const char *const options[] = {
		[OUT_RAW] = "--raw", [OUT_JSON] = "--json",
		[OUT_EXPORT] = "--export", [OUT_NEWLINE] = "--newline",
		[OUT_METRICS] = "--metrics",
	};

	if (out->table.mode != OUT_TABLE && out->table.mode != mode) {
		usage_error("%s and %s are mutually exclusive",
		    options[out->table.mode], options[mode]);
		return -1;
	}
	out->table.mode = mode;
	return 0;
}

int output_time_format(struct output *out, const char *arg)
{
	static const char *const names[] = {
		[TIME_SHORT] = "short", [TIME_FULL] = "full", [TIME_ISO] = "iso",
	};

	for (size_t i = TIME_SHORT; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0) {
			out->table.times = (enum time_format)i;
			return 0;
		}
	usage_error("--time-format %s: not short, full or iso", shown(arg));
	return -1;
}

void output_add(struct output *out, int id)
{
	for (size_t i = 0; i < out->ncols; i++)
		if (out->cols[i] == id)
			return;
	if (out->ncols < sizeof(out->cols) / sizeof(out->cols[0]))
		out->cols[out->ncols++] = id;
}

int output_columns(struct output *out, const char *list)
{
	const char *why;
	size_t max = sizeof(out->cols) / sizeof(out->cols[0]);

	if (columns_parse(list, out->cols, max, &out->ncols, &why) < 0) {
		warnx("-o %s: %s (see shmtool ls --help for the list)", shown(list), why);
		return -1;
	}
	return 0;
}

int output_print(struct output *out, const struct seg_list *list)
{
	struct libscols_table *tb = table_build(list, out->cols, out->ncols,
	    &out->table);

	if (tb == NULL) {
		warnx("table: %s", strerror_lower(errno));
		return EXIT_FAIL;
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_OK;
}
