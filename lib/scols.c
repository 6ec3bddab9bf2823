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
#include <dlfcn.h>
#include <err.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stddef.h>

#define SCOLS_SONAME "libsmartcols.so.1"

#define SCOLS_FUNCS(X) \
	X(scols_column_set_json_type) \
	X(scols_column_set_wrapfunc) \
	X(scols_line_refer_data) \
	X(scols_line_set_data) \
	X(scols_new_table) \
	X(scols_print_table) \
	X(scols_table_enable_export) \
	X(scols_table_enable_json) \
	X(scols_table_enable_noheadings) \
	X(scols_table_enable_raw) \
	X(scols_table_new_column) \
	X(scols_table_new_line) \
	X(scols_table_set_name) \
	X(scols_unref_table)

#define SCOLS_POINTER(name) __typeof__(name) *(name);
static struct {
	SCOLS_FUNCS(SCOLS_POINTER)
} fn;
#undef SCOLS_POINTER

static bool loaded;

/*
 * A missing libsmartcols is what the dynamic linker would have refused to
 * start without; it is reported the same way, only later: a message naming
 * the library and exit 1.  The commands that print no table never get here.
 */
static void scols_load(void)
{
	void *lib = dlopen(SCOLS_SONAME, RTLD_LAZY | RTLD_LOCAL);
	const char *why;

	if (lib == NULL)
		errx(1, "cannot load %s, needed to print tables: %s",
		    SCOLS_SONAME, dlerror());
#define SCOLS_LOOKUP(name) \
	if ((fn.name = (__typeof__(fn.name))dlsym(lib, #name)) == NULL) { \
		why = dlerror(); \
		errx(1, "%s: %s", SCOLS_SONAME, why ? why : "no " #name); \
	}
	SCOLS_FUNCS(SCOLS_LOOKUP)
#undef SCOLS_LOOKUP
	loaded = true;
}

#define LOAD() do { if (!loaded) scols_load(); } while (0)

struct libscols_table *scols_new_table(void)
{
	LOAD();
	return fn.scols_new_table();
}

void scols_unref_table(struct libscols_table *tb)
{
	LOAD();
	fn.scols_unref_table(tb);
}

int scols_table_set_name(struct libscols_table *tb, const char *name)
{
	LOAD();
	return fn.scols_table_set_name(tb, name);
}

int scols_table_enable_raw(struct libscols_table *tb, int enable)
{
	LOAD();
	return fn.scols_table_enable_raw(tb, enable);
}

int scols_table_enable_json(struct libscols_table *tb, int enable)
{
	LOAD();
	return fn.scols_table_enable_json(tb, enable);
}

int scols_table_enable_export(struct libscols_table *tb, int enable)
{
	LOAD();
	return fn.scols_table_enable_export(tb, enable);
}

int scols_table_enable_noheadings(struct libscols_table *tb, int enable)
{
	LOAD();
	return fn.scols_table_enable_noheadings(tb, enable);
}

struct libscols_column *scols_table_new_column(struct libscols_table *tb,
    const char *name, double whint, int flags)
{
	LOAD();
	return fn.scols_table_new_column(tb, name, whint, flags);
}

int scols_column_set_json_type(struct libscols_column *cl, int type)
{
	LOAD();
	return fn.scols_column_set_json_type(cl, type);
}

int scols_column_set_wrapfunc(struct libscols_column *cl,
    size_t (*wrap_chunksize)(const struct libscols_column *, const char *, void *),
    char *(*wrap_nextchunk)(const struct libscols_column *, char *, void *),
    void *userdata)
{
	LOAD();
	return fn.scols_column_set_wrapfunc(cl, wrap_chunksize, wrap_nextchunk,
	    userdata);
}

struct libscols_line *scols_table_new_line(struct libscols_table *tb,
    struct libscols_line *parent)
{
	LOAD();
	return fn.scols_table_new_line(tb, parent);
}

int scols_line_set_data(struct libscols_line *ln, size_t n, const char *data)
{
	LOAD();
	return fn.scols_line_set_data(ln, n, data);
}

int scols_line_refer_data(struct libscols_line *ln, size_t n, char *data)
{
	LOAD();
	return fn.scols_line_refer_data(ln, n, data);
}

int scols_print_table(struct libscols_table *tb)
{
	LOAD();
	return fn.scols_print_table(tb);
}
