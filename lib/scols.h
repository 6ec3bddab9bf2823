/*
 * scols.h - what shmtool adds to libsmartcols.  The library itself is
 * loaded by lib/scols.c on first use; include <libsmartcols.h> for it.
 */
#ifndef SHMTOOL_SCOLS_H
#define SHMTOOL_SCOLS_H

#include <libsmartcols.h>

/*
 * Give a column of a human-readable table a width function: libsmartcols
 * then asks it for the width of each cell instead of measuring the cell
 * itself, one mbrtowc() and wcwidth() per character.  The width is the
 * one libsmartcols would find (a cell of printable ASCII is as wide as it
 * is long); the cell is printed as before, on one line.  -1 on failure.
 */
int column_set_fast_width(struct libscols_column *cl);

#endif
