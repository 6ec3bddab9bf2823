/*
 * scols.c - libsmartcols, loaded when the first table is made.
 *
 * Only ls and stat print tables.  Linked the usual way, libsmartcols would
 * be mapped and relocated at every start, and a 64-byte read or write is
 * little more than its start.  So shmtool is not linked against it: each
 * scols_* function it calls is defined here, with libsmartcols' own name
 * and prototype (from <libsmartcols.h>, so the compiler checks them), and
 * forwards to the real one, found with dlopen() and dlsym() on first use.
 * The callers stay plain libsmartcols code.
 *
 * Add a function by adding a line to SCOLS_FUNCS and its forwarder below.
 * None of these names is exported from the executable (no -rdynamic), so
 * libsmartcols' calls to its own functions never come back here.
 */
#include "scols.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define SCOLS_SONAME "libsmartcols.so.1"

#define SCOLS_FUNCS(X) \
	X(scols_column_get_flags) \
	X(scols_column_set_flags) \
	X(scols_column_set_json_type) \
	X(scols_column_set_wrapfunc) \
	X(scols_line_refer_data) \
	X(scols_line_set_data) \
	X(scols_new_table) \
	X(scols_print_table) \
	X(scols_print_table_to_string) \
	X(scols_table_enable_export) \
	X(scols_table_enable_json) \
	X(scols_table_enable_noencoding) \
	X(scols_table_enable_noheadings) \
	X(scols_table_enable_raw) \
	X(scols_table_enable_shellvar) \
	X(scols_table_new_column) \
	X(scols_table_new_line) \
	X(scols_table_set_column_separator) \
	X(scols_table_set_name) \
	X(scols_unref_table) \
	X(scols_wrapnl_chunksize) \
	X(scols_wrapnl_nextchunk)

#define SCOLS_POINTER(name) __typeof__(name) *(name);
static struct {
	SCOLS_FUNCS(SCOLS_POINTER)
} fn;
#undef SCOLS_POINTER

static bool loaded;

/*
 * Load libsmartcols and find every function; false if it cannot be (the
 * library missing or too old).  Every table starts with scols_new_table,
 * so that is where a failure is told: NULL, errno ELIBACC, which the
 * command reports ("table: can not access a needed shared library").
 */
static bool scols_load(void)
{
	void *lib = dlopen(SCOLS_SONAME, RTLD_LAZY | RTLD_LOCAL);

	if (lib == NULL)
		return false;
#define SCOLS_LOOKUP(name) \
	if ((fn.name = (__typeof__(fn.name))dlsym(lib, #name)) == NULL) \
		return false;
	SCOLS_FUNCS(SCOLS_LOOKUP)
#undef SCOLS_LOOKUP
	loaded = true;
	return true;
}


struct libscols_table *scols_new_table(void)
{
	if (!loaded && !scols_load()) {
		errno = ELIBACC;
		return NULL;
	}
	return fn.scols_new_table();
}

/*
 * Every function below is called only with a table, or a line or column
 * of one, that scols_new_table made: the library is loaded by then.
 */

void scols_unref_table(struct libscols_table *tb)
{
	fn.scols_unref_table(tb);
}

int scols_table_set_name(struct libscols_table *tb, const char *name)
{
	return fn.scols_table_set_name(tb, name);
}

int scols_table_enable_raw(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_raw(tb, enable);
}

int scols_table_enable_json(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_json(tb, enable);
}

int scols_table_enable_shellvar(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_shellvar(tb, enable);
}

int scols_table_set_column_separator(struct libscols_table *tb, const char *sep)
{
	return fn.scols_table_set_column_separator(tb, sep);
}

int scols_table_enable_export(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_export(tb, enable);
}

int scols_table_enable_noencoding(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_noencoding(tb, enable);
}

int scols_table_enable_noheadings(struct libscols_table *tb, int enable)
{
	return fn.scols_table_enable_noheadings(tb, enable);
}

struct libscols_column *scols_table_new_column(struct libscols_table *tb,
    const char *name, double whint, int flags)
{
	return fn.scols_table_new_column(tb, name, whint, flags);
}

int scols_column_get_flags(const struct libscols_column *cl)
{
	return fn.scols_column_get_flags(cl);
}

int scols_column_set_flags(struct libscols_column *cl, int flags)
{
	return fn.scols_column_set_flags(cl, flags);
}

int scols_column_set_json_type(struct libscols_column *cl, int type)
{
	return fn.scols_column_set_json_type(cl, type);
}

int scols_column_set_wrapfunc(struct libscols_column *cl,
    size_t (*wrap_chunksize)(const struct libscols_column *, const char *, void *),
    char *(*wrap_nextchunk)(const struct libscols_column *, char *, void *),
    void *userdata)
{
	return fn.scols_column_set_wrapfunc(cl, wrap_chunksize, wrap_nextchunk,
	    userdata);
}

size_t scols_wrapnl_chunksize(const struct libscols_column *cl,
    const char *data, void *userdata)
{
	return fn.scols_wrapnl_chunksize(cl, data, userdata);
}

char *scols_wrapnl_nextchunk(const struct libscols_column *cl, char *data,
    void *userdata)
{
	return fn.scols_wrapnl_nextchunk(cl, data, userdata);
}

struct libscols_line *scols_table_new_line(struct libscols_table *tb,
    struct libscols_line *parent)
{
	return fn.scols_table_new_line(tb, parent);
}

int scols_line_set_data(struct libscols_line *ln, size_t n, const char *data)
{
	return fn.scols_line_set_data(ln, n, data);
}

int scols_line_refer_data(struct libscols_line *ln, size_t n, char *data)
{
	return fn.scols_line_refer_data(ln, n, data);
}

int scols_print_table(struct libscols_table *tb)
{
	return fn.scols_print_table(tb);
}

int scols_print_table_to_string(struct libscols_table *tb, char **data)
{
	return fn.scols_print_table_to_string(tb, data);
}

/*
 * libsmartcols (2.38) measures every cell of a table twice, once to size
 * its column and once as it prints it, each time with mbrtowc(), iswprint()
 * and wcwidth() on every character: in a listing of thousands of segments
 * that is most of the time.  The first pass can be taken over: a column
 * with a wrap function (SCOLS_FL_WRAP) gets its cells' widths from the
 * function's chunksize(), and a nextchunk() that finds no next chunk keeps
 * every cell on one line, as without the flag.
 */

/*
 * The width of data as libsmartcols prints it (mbs_safe_width() in
 * util-linux): a control character, a byte that is not a character and the
 * backslash of "\x" are shown as \xNN, 4 columns; anything else takes
 * wcwidth().  Printable ASCII is 1 column in every locale, so only the
 * other bytes need the wide-character functions.
 */
static size_t cell_width(const struct libscols_column *cl, const char *data,
    void *unused)
{
	const char *p = data;
	size_t width = 0;
	mbstate_t st;

	(void)cl;
	(void)unused;
	while (*p >= 0x20 && *p < 0x7f && !(*p == '\\' && p[1] == 'x')) {
		width++;
		p++;
	}
	memset(&st, 0, sizeof(st));
	while (*p != '\0') {
		wchar_t wc;
		size_t len;

		if ((*p == '\\' && p[1] == 'x') || iscntrl((unsigned char)*p)) {
			width += 4;
			p++;
			continue;
		}
		len = mbrtowc(&wc, p, MB_CUR_MAX, &st);
		if (len == 0)
			break;
		if (len == (size_t)-1 || len == (size_t)-2) {
			len = 1;
			width += isprint((unsigned char)*p) ? 1 : 4;
		} else if (!iswprint((wint_t)wc)) {
			width += len * 4;
		} else {
			width += (size_t)wcwidth(wc);
		}
		p += len;
	}
	return width;
}

static char *no_next_chunk(const struct libscols_column *cl, char *data,
    void *unused)
{
	(void)cl;
	(void)data;
	(void)unused;
	return NULL;
}

bool cell_is_plain(const char *text)
{
	const char *p = text;

	while (*p >= 0x20 && *p < 0x7f && !(*p == '\\' && p[1] == 'x'))
		p++;
	return *p == '\0';
}

int column_set_fast_width(struct libscols_column *cl)
{
	if (scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_WRAP) < 0)
		return -1;
	return scols_column_set_wrapfunc(cl, cell_width, no_next_chunk, NULL);
}
