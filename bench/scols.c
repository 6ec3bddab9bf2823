/*
 * scols ROWS COLUMNS [json] - print a table of ROWS x COLUMNS short cells
 * with libsmartcols, as shmtool ls does (no encoding pass), and nothing
 * else: no listing, no kernel.  The floor that any listing printed through
 * libsmartcols stands on, for the bench rows that compare ls with ipcs.
 */
#include <libsmartcols.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct libscols_table *tb;
	long rows, cols;

	if (argc < 3 || (rows = strtol(argv[1], NULL, 10)) <= 0 ||
	    (cols = strtol(argv[2], NULL, 10)) <= 0) {
		fputs("usage: scols ROWS COLUMNS [json]\n", stderr);
		return 2;
	}
	setlocale(LC_ALL, "");
	if ((tb = scols_new_table()) == NULL)
		return 1;
	scols_table_enable_noencoding(tb, 1);
	if (argc > 3 && strcmp(argv[3], "json") == 0) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "rows");
	}
	for (long c = 0; c < cols; c++)
		if (scols_table_new_column(tb, "COLUMN", 0, 0) == NULL)
			return 1;
	for (long r = 0; r < rows; r++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (ln == NULL)
			return 1;
		for (long c = 0; c < cols; c++) {
			char cell[32];

			snprintf(cell, sizeof(cell), "%ld", (r * 7 + c) % 100000);
			if (scols_line_set_data(ln, (size_t)c, cell) < 0)
				return 1;
		}
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}
