/*
 * table.c - columns as data, and segments into libsmartcols tables.
 */
#include "table.h"

#include <bsd/libutil.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ns.h"
#include "scols.h"
#include "spec.h"
#include "text.h"

#define NUM SCOLS_JSON_NUMBER
#define STR SCOLS_JSON_STRING
#define R SCOLS_FL_RIGHT

const struct column columns[NCOLUMNS] = {
	[COL_TYPE]	= { "TYPE",	"Kind: sysv, posix, sem, file; hidden: deleted, memfd, anon",		5, 0, STR, COLK_ALL },
	[COL_KEY]	= { "KEY",	"SysV key",				10, 0, STR, COLK_SYSV },
	[COL_ID]	= { "ID",	"SysV shmid",				5, R, NUM, COLK_SYSV },
	[COL_NAME]	= { "NAME",	"POSIX name or file path",		0.2, 0, STR, COLK_POSIX },
	[COL_PERMS]	= { "PERMS",	"Permissions",				9, 0, STR, COLK_ALL },
	[COL_MODE]	= { "MODE",	"Permissions in octal",			4, 0, STR, COLK_ALL },
	[COL_OWNER]	= { "OWNER",	"Owner's user name or UID",		6, 0, STR, COLK_ALL },
	[COL_UID]	= { "UID",	"Owner's user ID",			4, R, NUM, COLK_ALL },
	[COL_USER]	= { "USER",	"Owner's user name",			6, 0, STR, COLK_ALL },
	[COL_GID]	= { "GID",	"Group ID",				4, R, NUM, COLK_ALL },
	[COL_GROUP]	= { "GROUP",	"Group name",				6, 0, STR, COLK_ALL },
	[COL_CUID]	= { "CUID",	"Creator's user ID",			4, R, NUM, COLK_SYSV },
	[COL_CUSER]	= { "CUSER",	"Creator's user name",			6, 0, STR, COLK_SYSV },
	[COL_CGID]	= { "CGID",	"Creator's group ID",			4, R, NUM, COLK_SYSV },
	[COL_CGROUP]	= { "CGROUP",	"Creator's group name",			6, 0, STR, COLK_SYSV },
	[COL_SIZE]	= { "SIZE",	"Size (exact in JSON and with -b)",	5, R, NUM, COLK_ALL },
	[COL_NATTCH]	= { "NATTCH",	"Attached processes (POSIX: mapping or holding it open)", 3, R, NUM, COLK_ALL },
	[COL_STATUS]	= { "STATUS",	"dest (removed, still attached), locked", 6, 0, STR, COLK_SYSV },
	[COL_CTIME]	= { "CTIME",	"Time of the last change",		5, R, STR, COLK_ALL },
	[COL_ATTACH]	= { "ATTACH",	"Time of the last attach (POSIX: access)", 5, R, STR, COLK_ALL },
	[COL_DETACH]	= { "DETACH",	"Time of the last detach",		5, R, STR, COLK_SYSV },
	[COL_CPID]	= { "CPID",	"PID of the creator",			5, R, NUM, COLK_SYSV },
	[COL_LPID]	= { "LPID",	"PID of the last attach or detach",	5, R, NUM, COLK_SYSV },
	[COL_COMMAND]	= { "COMMAND",	"Creator's command line, if it still runs", 0.3, SCOLS_FL_TRUNC, STR, COLK_SYSV },
	[COL_ORPHANED]	= { "ORPHANED",	"yes if no live process knows it (see shmtool(7))", 3, 0, SCOLS_JSON_BOOLEAN_OPTIONAL, COLK_SYSV | (1u << SEG_POSIX) },
	[COL_SPEC]	= { "SPEC",	"What names it in other shmtool commands", 0.2, 0, STR, COLK_ALL },
	[COL_RSS]	= { "RSS",	"Bytes resident in memory (exact in JSON and with -b)", 5, R, NUM, COLK_ALL },
	[COL_SWAP]	= { "SWAP",	"Bytes swapped out (- where it cannot be told)", 5, R, NUM, COLK_SYSV | (1u << SEG_POSIX) },
	[COL_PAGESIZE]	= { "PAGESIZE",	"Page size: huge pages show (SysV: - unless attached)", 4, R, NUM, COLK_ALL },
	[COL_VALUE]	= { "VALUE",	"A POSIX semaphore's value (sem_getvalue)", 3, R, NUM, 1u << SEG_POSIX },
	[COL_HOLDERS]	= { "HOLDERS",	"PIDs that attach, map or hold it open", 0.1, 0, SCOLS_JSON_ARRAY_NUMBER, COLK_ALL },
	[COL_MAPRSS]	= { "MAPRSS",	"Bytes of it resident in the mappings of ls --pid's process", 5, R, NUM, COLK_ALL },
	[COL_NS]	= { "NS",	"--all-ns: inode of the IPC namespace it is in", 10, R, NUM, COLK_ALL },
	[COL_CONTAINER]	= { "CONTAINER", "--all-ns: container of that namespace, from its cgroup (- none)", 0.1, 0, STR, COLK_ALL },
	[COL_NSPID]	= { "NSPID",	"--all-ns: a process there, for shmtool --ns NSPID", 5, R, NUM, COLK_ALL },
};

#undef NUM
#undef STR
#undef R

int table_column_by_name(const char *name, size_t len)
{
	for (int i = 0; i < NCOLUMNS; i++)
		if (strlen(columns[i].name) == len &&
		    strncasecmp(columns[i].name, name, len) == 0)
			return i;
	return -1;
}

int columns_parse(const char *list, int *ids, size_t max, size_t *n,
    const char **why)
{
	const char *p = list;

	if (*p == '+')
		p++;
	else
		*n = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		int id = table_column_by_name(p, len);

		if (id < 0) {
			*why = "unknown column";
			return -1;
		}
		if (*n == max) {
			*why = "too many columns";
			return -1;
		}
		ids[(*n)++] = id;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0) {
		*why = "no columns";
		return -1;
	}
	return 0;
}

/*
 * getpwuid reads /etc/passwd on every call; a listing asks about the same
 * few owners thousands of times.  Remember the last answers.
 */
#define NAME_CACHE 16
struct name_cache {
	unsigned id[NAME_CACHE];
	char name[NAME_CACHE][64];
	unsigned used, next;
};

static const char *cached_name(struct name_cache *cache, unsigned id, bool group)
{
	const char *name = NULL;
	unsigned slot;

	for (unsigned i = 0; i < cache->used; i++)
		if (cache->id[i] == id)
			return cache->name[i][0] ? cache->name[i] : NULL;
	if (group) {
		struct group *gr = getgrgid(id);

		name = gr ? gr->gr_name : NULL;
	} else {
		struct passwd *pw = getpwuid(id);

		name = pw ? pw->pw_name : NULL;
	}
	slot = cache->next;
	cache->next = (cache->next + 1) % NAME_CACHE;
	if (cache->used < NAME_CACHE)
		cache->used++;
	cache->id[slot] = id;
	snprintf(cache->name[slot], sizeof(cache->name[slot]), "%s", name ? name : "");
	return cache->name[slot][0] ? cache->name[slot] : NULL;
}

/* snprintf and strdup: asprintf costs twice as much, thousands of times. */
static char *format_number(long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	return strdup(buf);
}

static char *user_name(uid_t uid, bool or_number)
{
	static struct name_cache cache;
	const char *name = cached_name(&cache, uid, false);

	if (name != NULL)
		return strdup(name);
	return or_number ? format_number(uid) : NULL;
}

static char *group_name(gid_t gid)
{
	static struct name_cache cache;
	const char *name = cached_name(&cache, gid, true);

	return name ? strdup(name) : NULL;
}

/* lsipc's short times: 12:46 today, Nov23 this year, 2025-Nov23 before. */
static char *format_time(time_t t, enum time_format tf)
{
	char buf[64];
	struct tm tm, now_tm;
	time_t now = time(NULL);
	size_t len;

	if (t == 0 || localtime_r(&t, &tm) == NULL)
		return NULL;
	if (tf == TIME_FULL) {
		strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm);
		return strdup(buf);
	}
	if (tf == TIME_ISO) {
		len = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S%z", &tm);
		/* ISO 8601's extended form wants +00:00, strftime gives +0000. */
		if (len >= 5 && len + 1 < sizeof(buf)) {
			memmove(buf + len - 1, buf + len - 2, 3);
			buf[len - 2] = ':';
		}
		return strdup(buf);
	}
	localtime_r(&now, &now_tm);
	if (tm.tm_year == now_tm.tm_year && tm.tm_yday == now_tm.tm_yday)
		strftime(buf, sizeof(buf), "%H:%M", &tm);
	else if (tm.tm_year == now_tm.tm_year)
		strftime(buf, sizeof(buf), "%b%d", &tm);
	else
		strftime(buf, sizeof(buf), "%Y-%b%d", &tm);
	return strdup(buf);
}

static char *format_size(uint64_t size, bool bytes)
{
	char buf[16];

	if (bytes)
		return format_number((long long)size);
	/* A width of 4 gives lsipc's 4.0K, 100B, 1.5M. */
	if (humanize_number(buf, 5, (int64_t)size, "", HN_AUTOSCALE,
	    HN_B | HN_NOSPACE | HN_DECIMAL) < 0)
		return format_number((long long)size);
	return strdup(buf);
}

static char *format_perms(mode_t mode)
{
	char buf[10];
	/* Clear the bits that are not set in mode. */
	memcpy(buf, "rwxrwxrwx", sizeof(buf));
	for (int i = 0; i < 9; i++)
		if (!(mode & (0400u >> i)))
			buf[i] = '-';
	return strdup(buf);
}

static char *format_status(unsigned status)
{
	if (status == (SEG_DEST | SEG_LOCKED))
		return strdup("dest,locked");
	if (status & SEG_DEST)
		return strdup("dest");
	if (status & SEG_LOCKED)
		return strdup("locked");
	return NULL;
}

/* Hidden memory is shared memory as a POSIX object is: the same columns. */
static unsigned column_kind_bit(const struct seg *seg)
{
	return seg->hidden != HIDDEN_NONE ? 1u << SEG_POSIX : 1u << seg->kind;
}

/* Hidden memory whose inode cannot be stat'ed has only a size. */
static bool column_known(int col, const struct seg *seg)
{
	switch (col) {
	case COL_PERMS: case COL_MODE: case COL_OWNER: case COL_UID:
	case COL_USER: case COL_GID: case COL_GROUP: case COL_CTIME:
	case COL_ATTACH:
		return !seg->unstated;
	}
	return true;
}

/* "12,13": the holders' pids; NULL if none is known. */
static char *format_pids(const struct seg *seg)
{
	char *text, *at;

	if (seg->npids == 0)
		return NULL;
	/* 10 digits and a comma each at most. */
	if ((text = malloc(seg->npids * 12)) == NULL)
		return NULL;
	at = text;
	for (size_t i = 0; i < seg->npids; i++)
		at += sprintf(at, i > 0 ? ",%d" : "%d", (int)seg->pids[i]);
	return text;
}

/* The value of a numeric column, for sorting; false if it has none. */
static bool column_number(int col, const struct seg *seg, long long *v)
{
	bool sysv = seg->kind == SEG_SYSV;

	switch (col) {
	case COL_KEY:	*v = (uint32_t)seg->key; return sysv;
	case COL_ID:	*v = seg->id; return sysv;
	case COL_UID:	*v = seg->uid; return true;
	case COL_GID:	*v = seg->gid; return true;
	case COL_CUID:	*v = seg->cuid; return sysv;
	case COL_CGID:	*v = seg->cgid; return sysv;
	case COL_SIZE:	*v = (long long)seg->size; return true;
	case COL_NATTCH:
		*v = sysv ? seg->nattch : seg->holders;
		return *v >= 0;
	case COL_CTIME:	*v = seg->ctime; return seg->ctime != 0;
	case COL_ATTACH: *v = seg->atime; return seg->atime != 0;
	case COL_DETACH: *v = seg->dtime; return seg->dtime != 0;
	case COL_CPID:	*v = seg->cpid; return sysv;
	case COL_LPID:	*v = seg->lpid; return sysv;
	case COL_MODE:	*v = seg->mode; return true;
	case COL_RSS:	*v = seg->rss; return seg->rss >= 0;
	case COL_MAPRSS: *v = seg->map_rss; return seg->map_rss >= 0;
	case COL_SWAP:	*v = seg->swap; return seg->swap >= 0;
	case COL_PAGESIZE: *v = seg->page_size; return seg->page_size >= 0;
	case COL_VALUE:	*v = seg->sem_value; return seg->sem && seg->sem_value >= 0;
	case COL_HOLDERS: *v = seg->npids > 0 ? seg->pids[0] : 0; return seg->npids > 0;
	case COL_NS:	*v = seg->place ? (long long)seg->place->ipc_ns : 0; return seg->place;
	case COL_NSPID:
		*v = seg->place ? seg->place->entered_pid : 0;
		return *v > 0;
	}
	return false;
}

char *table_column_value(int col, const struct seg *seg, bool bytes,
    enum time_format tf)
{
	long long v;
	char buf[16];

	if (!(columns[col].kinds & column_kind_bit(seg)) || !column_known(col, seg))
		return NULL;
	switch (col) {
	case COL_TYPE:	return strdup(seg_type_name(seg));
	case COL_KEY:	return strdup(spec_format_key(seg->key, buf));
	case COL_NAME:
		if (seg->hidden != HIDDEN_NONE)
			return seg->name[0] != '\0' ? strdup(seg->name) : NULL;
		return strdup(seg->kind == SEG_FILE ? seg->path : seg->name);
	case COL_HOLDERS: return format_pids(seg);
	case COL_CONTAINER:
		return seg->place && seg->place->container ?
		    strdup(seg->place->container) : NULL;
	case COL_PERMS:	return format_perms(seg->mode);
	case COL_MODE:
		snprintf(buf, sizeof(buf), "%04o", (unsigned)seg->mode);
		return strdup(buf);
	case COL_OWNER:	return user_name(seg->uid, true);
	case COL_USER:	return user_name(seg->uid, false);
	case COL_GROUP:	return group_name(seg->gid);
	case COL_CUSER:	return user_name(seg->cuid, false);
	case COL_CGROUP: return group_name(seg->cgid);
	case COL_SIZE:	return format_size(seg->size, bytes);
	case COL_STATUS: return format_status(seg->status);
	case COL_CTIME:	return format_time(seg->ctime, tf);
	case COL_ATTACH: return format_time(seg->atime, tf);
	case COL_DETACH: return format_time(seg->dtime, tf);
	case COL_COMMAND: return seg->command ? strdup(seg->command) : NULL;
	case COL_ORPHANED:
		return seg->orphaned < 0 ? NULL : strdup(seg->orphaned ? "yes" : "no");
	case COL_SPEC:	return seg_spec(seg);
	case COL_RSS:
		return seg->rss < 0 ? NULL : format_size((uint64_t)seg->rss, bytes);
	case COL_SWAP:
		return seg->swap < 0 ? NULL : format_size((uint64_t)seg->swap, bytes);
	case COL_MAPRSS:
		return seg->map_rss < 0 ? NULL : format_size((uint64_t)seg->map_rss, bytes);
	case COL_PAGESIZE:
		return seg->page_size < 0 ? NULL :
		    format_size((uint64_t)seg->page_size, bytes);
	}
	return column_number(col, seg, &v) ? format_number(v) : NULL;
}

char *seg_owner_text(const struct seg *seg)
{
	return seg->unstated ? strdup("-") : user_name(seg->uid, true);
}

/* A row's sort key, computed once before sorting. */
struct sort_key {
	struct seg seg;
	bool has_number;
	long long number;
	char *text;		/* when the column is no number */
	size_t index;		/* the listing order, which breaks ties */
};

static int compare_keys(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int rc;

	/* Numbers first, then rows without one. */
	if (x->has_number != y->has_number)
		return x->has_number ? -1 : 1;
	if (x->has_number)
		rc = (x->number > y->number) - (x->number < y->number);
	else
		rc = strcmp(x->text ? x->text : "", y->text ? y->text : "");
	return rc != 0 ? rc : (x->index > y->index) - (x->index < y->index);
}

int table_sort(struct seg_list *list, int col)
{
	struct sort_key *keys;

	if (list->n < 2)
		return 0;
	keys = calloc(list->n, sizeof(*keys));
	if (keys == NULL)
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		keys[i].seg = list->segs[i];
		keys[i].index = i;
		keys[i].has_number = column_number(col, &list->segs[i], &keys[i].number);
		if (!keys[i].has_number)
			keys[i].text = table_column_value(col, &list->segs[i], true, TIME_ISO);
	}
	qsort(keys, list->n, sizeof(*keys), compare_keys);
	for (size_t i = 0; i < list->n; i++) {
		list->segs[i] = keys[i].seg;
		free(keys[i].text);
	}
	free(keys);
	return 0;
}

/*
 * Is text a JSON string as it is: ASCII (so UTF-8) with no "\x", which
 * text_escape(TEXT_JSON) would have to write as \x5c?  Most cells are.
 */
static bool json_plain(const char *s)
{
	while (*s != '\0' && (unsigned char)*s < 0x80 && !(s[0] == '\\' && s[1] == 'x'))
		s++;
	return *s == '\0';
}

/* plain: cleared if a cell is not printed as it is (see cell_is_plain). */
static int add_row(struct libscols_table *tb, const struct seg *seg,
    const int *ids, size_t n, const struct table_opts *opts, bool *plain)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	enum time_format tf = table_time_format(opts);

	if (ln == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* JSON carries exact numbers and full times. */
		char *v = table_column_value(ids[i], seg,
		    opts->bytes || opts->mode == OUT_JSON, tf);

		/* An empty cell would shift the fields of a raw line. */
		if (v == NULL && (opts->mode == OUT_TABLE || opts->mode == OUT_RAW))
			v = strdup("-");
		/*
		 * JSON must be UTF-8; a POSIX name need not be.  ASCII is
		 * UTF-8 already, and most cells are ASCII: no copy for them.
		 */
		if (v != NULL && opts->mode == OUT_JSON && columns[ids[i]].json_type ==
		    SCOLS_JSON_STRING && !json_plain(v)) {
			char *e = text_escape(v, TEXT_JSON);

			free(v);
			v = e;
		}
		/* libsmartcols makes an array of a cell's lines. */
		if (v != NULL && opts->mode == OUT_JSON &&
		    columns[ids[i]].json_type == SCOLS_JSON_ARRAY_NUMBER)
			for (char *comma = v; (comma = strchr(comma, ',')) != NULL; )
				*comma = '\n';
		if (v != NULL && opts->mode == OUT_TABLE && *plain &&
		    !cell_is_plain(v))
			*plain = false;
		if (v != NULL && scols_line_refer_data(ln, i, v) < 0) {
			free(v);
			return -1;
		}
	}
	return 0;
}

enum time_format table_time_format(const struct table_opts *opts)
{
	if (opts->times != TIME_AUTO)
		return opts->times;
	return opts->mode == OUT_TABLE || opts->mode == OUT_RAW ? TIME_SHORT : TIME_ISO;
}

/* The output mode, the headings, the name: what every table shares. */
void table_set_mode(struct libscols_table *tb, const struct table_opts *opts)
{
	scols_table_set_name(tb, opts->name);
	scols_table_enable_raw(tb, opts->mode == OUT_RAW);
	scols_table_enable_json(tb, opts->mode == OUT_JSON);
	scols_table_enable_export(tb, opts->mode == OUT_EXPORT ||
	    opts->mode == OUT_NEWLINE);
	if (opts->mode == OUT_NEWLINE)
		scols_table_set_column_separator(tb, "\n");
	scols_table_enable_shellvar(tb, opts->shellvar);
	scols_table_enable_noheadings(tb, opts->noheadings);
}

struct libscols_table *table_build(const struct seg_list *list,
    const int *ids, size_t n, const struct table_opts *opts)
{
	struct libscols_table *tb = scols_new_table();
	bool plain = true;

	if (tb == NULL)
		return NULL;
	table_set_mode(tb, opts);
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &columns[ids[i]];
		int flags = c->scols_flags & ~(opts->notruncate ? SCOLS_FL_TRUNC : 0);
		struct libscols_column *cl =
		    scols_table_new_column(tb, c->name, c->whint, flags);

		if (cl == NULL)
			goto fail;
		/* Widths only matter, and cost most, in a table. */
		if (opts->mode == OUT_TABLE && column_set_fast_width(cl) < 0)
			goto fail;
		if (opts->mode == OUT_JSON)
			scols_column_set_json_type(cl, c->json_type);
		/* An array is written from a cell's lines, split as wrapped lines are. */
		if (opts->mode == OUT_JSON && c->json_type == SCOLS_JSON_ARRAY_NUMBER &&
		    (scols_column_set_flags(cl, flags | SCOLS_FL_WRAP) < 0 ||
		    scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
		    scols_wrapnl_nextchunk, NULL) < 0))
			goto fail;
	}
	for (size_t i = 0; i < list->n; i++)
		if (add_row(tb, &list->segs[i], ids, n, opts, &plain) < 0)
			goto fail;
	/* Nothing to escape: skip libsmartcols' check of every character. */
	if (opts->mode == OUT_TABLE && plain)
		scols_table_enable_noencoding(tb, 1);
	return tb;
fail:
	scols_unref_table(tb);
	errno = ENOMEM;
	return NULL;
}
