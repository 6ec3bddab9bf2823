/*
 * metrics.c - ls --metrics: what ls knows, as the Prometheus text
 * exposition format (0.0.4) that node_exporter's textfile collector and
 * every scraper read.  One series per TYPE and owner, the kernel's limits
 * and /dev/shm's space; one per segment only when asked (its labels are
 * the user's cardinality to choose).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/posix.h"
#include "../lib/sysv.h"
#include "../lib/text.h"
#include "cmd.h"
#include "metrics.h"
#include "output.h"

/* The segments of one TYPE and owner, added up. */
struct group {
	const char *type;	/* seg_type_name */
	char *owner;
	double count, size, rss, swap, orphaned, orphaned_size;
};

struct groups {
	struct group *v;
	size_t n;
};

/*
 * A label value: the text as JSON output has it (bytes that are not UTF-8
 * as \xNN), then the format's own escapes for backslash, quote, newline.
 */
static void put_label(FILE *out, const char *name, const char *value, bool first)
{
	char *text = text_escape(value, TEXT_JSON);

	if (text == NULL)
		die_oom();
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else
			putc(*p, out);
	}
	putc('"', out);
	free(text);
}

static struct group *group_of(struct groups *g, const struct seg *seg)
{
	char *owner = table_column_value(COL_OWNER, seg, true, TIME_ISO);
	struct group *grown;

	if (owner == NULL)
		die_oom();
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].type, seg_type_name(seg)) == 0 &&
		    strcmp(g->v[i].owner, owner) == 0) {
			free(owner);
			return &g->v[i];
		}
	grown = reallocarray(g->v, g->n + 1, sizeof(*g->v));
	if (grown == NULL)
		die_oom();
	g->v = grown;
	g->v[g->n] = (struct group){ .type = seg_type_name(seg), .owner = owner };
	return &g->v[g->n++];
}

/* sysv, posix, sem, file: the order ls lists them in. */
static const char *type_rank(const char *type)
{
	return strcmp(type, "sysv") == 0 ? "0" : strcmp(type, "posix") == 0 ? "1" :
	    strcmp(type, "sem") == 0 ? "2" : "3";
}

/* By TYPE, then owner: the same series in the same order every scrape. */
static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	int by_type = strcmp(type_rank(x->type), type_rank(y->type));

	return by_type != 0 ? by_type : strcmp(x->owner, y->owner);
}

static void groups_add(struct groups *g, const struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct seg *seg = &list->segs[i];
		struct group *grp = group_of(g, seg);

		grp->count++;
		grp->size += (double)seg->size;
		/* Unknown (-1) adds nothing: the series say what is known. */
		grp->rss += seg->rss > 0 ? (double)seg->rss : 0;
		grp->swap += seg->swap > 0 ? (double)seg->swap : 0;
		if (seg->orphaned == 1) {
			grp->orphaned++;
			grp->orphaned_size += (double)seg->size;
		}
	}
	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), group_cmp);
}

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* One family, a sample per group: the field at offset of struct group. */
static void group_family(FILE *out, const struct groups *g, const char *name,
    const char *help, size_t offset)
{
	family(out, name, help);
	for (size_t i = 0; i < g->n; i++) {
		fprintf(out, "%s{", name);
		put_label(out, "type", g->v[i].type, true);
		put_label(out, "owner", g->v[i].owner, false);
		fprintf(out, "} %.17g\n", *(const double *)(const void *)
		    ((const char *)&g->v[i] + offset));
	}
}

static void sample(FILE *out, const char *name, const char *help, double value)
{
	family(out, name, help);
	fprintf(out, "%s %.17g\n", name, value);
}

/* The kernel's limits on System V memory, and /dev/shm's space. */
static void limits(FILE *out)
{
	struct sysv_usage u;
	uint64_t space, used;
	double page = (double)sysconf(_SC_PAGESIZE);

	if (sysv_usage(&u) == 0) {
		sample(out, "shmtool_sysv_segments_limit",
		    "Most System V segments (kernel.shmmni).", (double)u.shmmni);
		sample(out, "shmtool_sysv_segments_used",
		    "System V segments in this IPC namespace.", (double)u.segments);
		sample(out, "shmtool_sysv_memory_limit_bytes",
		    "Most bytes of all System V segments (kernel.shmall pages).",
		    (double)u.shmall * page);
		sample(out, "shmtool_sysv_memory_used_bytes",
		    "Bytes of all System V segments, in whole pages.",
		    (double)u.pages * page);
		sample(out, "shmtool_sysv_segment_limit_bytes",
		    "Most bytes of one System V segment (kernel.shmmax).",
		    (double)u.shmmax);
	}
	if (posix_space(&space, &used) == 0) {
		sample(out, "shmtool_devshm_size_bytes",
		    "Size of the /dev/shm file system.", (double)space);
		sample(out, "shmtool_devshm_used_bytes",
		    "Bytes used in the /dev/shm file system.", (double)used);
	}
}

/* The labels that name one segment: type, key and id, or name; owner. */
static void segment_labels(FILE *out, const struct seg *seg)
{
	char *owner = table_column_value(COL_OWNER, seg, true, TIME_ISO);
	char buf[32];

	if (owner == NULL)
		die_oom();
	put_label(out, "type", seg_type_name(seg), true);
	if (seg->kind == SEG_SYSV) {
		snprintf(buf, sizeof(buf), "0x%08x", (unsigned)seg->key);
		put_label(out, "key", buf, false);
		snprintf(buf, sizeof(buf), "%d", seg->id);
		put_label(out, "id", buf, false);
	} else {
		put_label(out, "name", seg->name, false);
	}
	put_label(out, "owner", owner, false);
	free(owner);
}

static void segment_family(FILE *out, const struct seg_list *list,
    const char *name, const char *help, int what)
{
	family(out, name, help);
	for (size_t i = 0; i < list->n; i++) {
		const struct seg *seg = &list->segs[i];
		int64_t v = what == 0 ? (int64_t)seg->size : what == 1 ? seg->rss :
		    what == 2 ? seg->swap : seg->orphaned;

		if (v < 0)	/* unknown: no sample rather than a false one */
			continue;
		fprintf(out, "%s{", name);
		segment_labels(out, seg);
		fprintf(out, "} %lld\n", (long long)v);
	}
}

static void print_metrics(FILE *out, const struct seg_list *list, bool per_segment)
{
	struct groups g = { 0 };

	groups_add(&g, list);
	group_family(out, &g, "shmtool_segments", "Shared-memory segments.",
	    offsetof(struct group, count));
	group_family(out, &g, "shmtool_size_bytes", "Bytes the segments hold.",
	    offsetof(struct group, size));
	group_family(out, &g, "shmtool_resident_bytes",
	    "Bytes of the segments resident in memory, where it can be told.",
	    offsetof(struct group, rss));
	group_family(out, &g, "shmtool_swapped_bytes",
	    "Bytes of the segments in swap, where it can be told.",
	    offsetof(struct group, swap));
	group_family(out, &g, "shmtool_orphaned_segments",
	    "Segments that no live process knows (see shmtool(7)).",
	    offsetof(struct group, orphaned));
	group_family(out, &g, "shmtool_orphaned_bytes",
	    "Bytes the orphaned segments hold.",
	    offsetof(struct group, orphaned_size));
	limits(out);
	if (per_segment) {
		segment_family(out, list, "shmtool_segment_size_bytes",
		    "Bytes one segment holds.", 0);
		segment_family(out, list, "shmtool_segment_resident_bytes",
		    "Bytes of one segment resident in memory.", 1);
		segment_family(out, list, "shmtool_segment_swapped_bytes",
		    "Bytes of one segment in swap.", 2);
		segment_family(out, list, "shmtool_segment_orphaned",
		    "1 if no live process knows the segment, 0 if one does.", 3);
	}
	for (size_t i = 0; i < g.n; i++)
		free(g.v[i].owner);
	free(g.v);
}

/*
 * Into path as a whole or not at all: a temporary file beside it, renamed
 * over it once written and flushed, so a scraper never reads half.
 */
static int write_file(const char *path, const struct seg_list *list, bool per_segment)
{
	char *tmp;
	FILE *out;
	int fd, saved;
	bool ok;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		die_oom();
	fd = mkstemp(tmp);
	if (fd < 0) {
		warnx("--metrics-file %s: %s", shown(path), strerror_lower(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	/* mkstemp makes it 0600; a textfile collector runs as another user. */
	fchmod(fd, 0644);
	out = fdopen(fd, "w");
	if (out == NULL) {
		warnx("--metrics-file %s: %s", shown(path), strerror_lower(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	print_metrics(out, list, per_segment);
	ok = fflush(out) == 0 && fsync(fd) == 0;
	saved = errno;
	if (fclose(out) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, path) < 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		warnx("--metrics-file %s: %s", shown(path), strerror_lower(saved));
		unlink(tmp);
	}
	free(tmp);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int metrics_print(const struct seg_list *list, bool per_segment, const char *path)
{
	if (path != NULL)
		return write_file(path, list, per_segment);
	print_metrics(stdout, list, per_segment);
	return EXIT_OK;
}
