/*
 * scols.h - what shmtool adds to libsmartcols.  The library itself is
 * loaded by lib/scols.c on first use; include <libsmartcols.h> for it.
 */
#ifndef SHMTOOL_SCOLS_H
#define SHMTOOL_SCOLS_H

#include <libsmartcols.h>
#include <stdbool.h>

/*
 * Give a column of a human-readable table a width function: libsmartcols
 * then asks it for the width of each cell instead of measuring the cell
 * itself, one mbrtowc() and wcwidth() per character.  The width is the
 * one libsmartcols would find (a cell of printable ASCII is as wide as it
 * is long); the cell is printed as before, on one line.  -1 on failure.
 */
int column_set_fast_width(struct libscols_column *cl);

/*
 * Whether libsmartcols would print text as it is, one column a byte:
 * printable ASCII without "\x".  A table whose cells all are can be
 * printed with scols_table_enable_noencoding(), which skips the second
 * per-character pass (the check for what to write as \xNN).
 */
bool cell_is_plain(const char *text);

#endif
