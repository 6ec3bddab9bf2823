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

#include "../lib/ns.h"
#include "../lib/posix.h"
#include "../lib/summary.h"
#include "../lib/sysv.h"
#include "../lib/text.h"
#include "cmd.h"
#include "metrics.h"
#include "output.h"

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

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/*
 * With --all-ns, the labels of the place a series is in: ns, and container
 * where its cgroup names one.  first: no label before them.
 */
static void place_labels(FILE *out, const struct ns_place *place, bool first)
{
	char ns[32];

	if (place == NULL)
		return;
	snprintf(ns, sizeof(ns), "%lu", (unsigned long)place->ipc_ns);
	put_label(out, "ns", ns, first);
	if (place->container != NULL)
		put_label(out, "container", place->container, false);
}

/* One family, a sample per group: the field at offset of struct seg_group. */
static void group_family(FILE *out, const struct seg_groups *g, const char *name,
    const char *help, size_t offset)
{
	family(out, name, help);
	for (size_t i = 0; i < g->n; i++) {
		fprintf(out, "%s{", name);
		place_labels(out, g->v[i].place, true);
		put_label(out, "type", g->v[i].type, g->v[i].place == NULL);
		put_label(out, "owner", g->v[i].owner, false);
		fprintf(out, "} %llu\n", (unsigned long long)*(const uint64_t *)
		    (const void *)((const char *)&g->v[i] + offset));
	}
}

/* The limits of one place (--all-ns) or of ours (place NULL). */
struct limits {
	const struct ns_place *place;
	bool have_usage, have_space;
	struct sysv_usage u;
	uint64_t space, used;
};

/* The figures of the limit families, in their order. */
enum limit_figure { SEGS_LIMIT, SEGS_USED, MEM_LIMIT, MEM_USED, SEG_LIMIT,
	SHM_SIZE, SHM_USED, NLIMIT_FIGURES };

static const struct {
	const char *name, *help;
} limit_families[NLIMIT_FIGURES] = {
	[SEGS_LIMIT] = { "shmtool_sysv_segments_limit",
	    "Most System V segments (kernel.shmmni)." },
	[SEGS_USED] = { "shmtool_sysv_segments_used",
	    "System V segments in this IPC namespace." },
	[MEM_LIMIT] = { "shmtool_sysv_memory_limit_bytes",
	    "Most bytes of all System V segments (kernel.shmall pages)." },
	[MEM_USED] = { "shmtool_sysv_memory_used_bytes",
	    "Bytes of all System V segments, in whole pages." },
	[SEG_LIMIT] = { "shmtool_sysv_segment_limit_bytes",
	    "Most bytes of one System V segment (kernel.shmmax)." },
	[SHM_SIZE] = { "shmtool_devshm_size_bytes",
	    "Size of the /dev/shm file system." },
	[SHM_USED] = { "shmtool_devshm_used_bytes",
	    "Bytes used in the /dev/shm file system." },
};

/* One figure of l; false if it is not known. */
static bool limit_value(const struct limits *l, enum limit_figure f, double *v)
{
	double page = (double)sysconf(_SC_PAGESIZE);

	switch (f) {
	case SEGS_LIMIT: *v = (double)l->u.shmmni; return l->have_usage;
	case SEGS_USED: *v = (double)l->u.segments; return l->have_usage;
	case MEM_LIMIT: *v = (double)l->u.shmall * page; return l->have_usage;
	case MEM_USED: *v = (double)l->u.pages * page; return l->have_usage;
	case SEG_LIMIT: *v = (double)l->u.shmmax; return l->have_usage;
	case SHM_SIZE: *v = (double)l->space; return l->have_space;
	case SHM_USED: *v = (double)l->used; return l->have_space;
	case NLIMIT_FIGURES: break;
	}
	return false;
}

/*
 * The kernel's limits on System V memory, and /dev/shm's space: ours, or
 * with --all-ns each place's as read in it, labelled.
 */
static void limits(FILE *out, const struct ns_places *places)
{
	size_t n = places != NULL && places->n > 0 ? places->n : 1;
	struct limits *l = calloc(n, sizeof(*l));
	double v;

	if (l == NULL)
		die_oom();
	if (places == NULL || places->n == 0) {
		l[0].have_usage = sysv_usage(&l[0].u) == 0;
		l[0].have_space = posix_space(&l[0].space, &l[0].used) == 0;
	}
	for (size_t i = 0; places != NULL && i < places->n; i++)
		l[i] = (struct limits){ &places->v[i], places->v[i].have_usage,
		    places->v[i].have_space, places->v[i].usage, places->v[i].space,
		    places->v[i].space_used };
	for (int f = 0; f < NLIMIT_FIGURES; f++) {
		bool headed = false;

		for (size_t i = 0; i < n; i++) {
			if (!limit_value(&l[i], f, &v))
				continue;
			if (!headed)
				family(out, limit_families[f].name, limit_families[f].help);
			headed = true;
			fputs(limit_families[f].name, out);
			if (l[i].place != NULL) {
				putc('{', out);
				place_labels(out, l[i].place, true);
				putc('}', out);
			}
			fprintf(out, " %.17g\n", v);
		}
	}
	free(l);
}

/* The labels that name one segment: type, key and id, or name; owner. */
static void segment_labels(FILE *out, const struct seg *seg)
{
	char *owner = seg_owner_text(seg), *spec;
	char buf[32];

	if (owner == NULL)
		die_oom();
	place_labels(out, seg->place, true);
	put_label(out, "type", seg_type_name(seg), seg->place == NULL);
	if (seg->kind == SEG_SYSV) {
		snprintf(buf, sizeof(buf), "0x%08x", (unsigned)seg->key);
		put_label(out, "key", buf, false);
		snprintf(buf, sizeof(buf), "%d", seg->id);
		put_label(out, "id", buf, false);
	} else {
		put_label(out, "name", seg->name, false);
	}
	/* Hidden memory's names need not be unique: its spec is. */
	if (seg->hidden != HIDDEN_NONE) {
		if ((spec = seg_spec(seg)) == NULL)
			die_oom();
		put_label(out, "spec", spec, false);
		free(spec);
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

static void print_metrics(FILE *out, const struct seg_list *list,
    const struct ns_places *places, bool per_segment)
{
	struct seg_groups g = { 0 };

	if (seg_groups_make(&g, list) < 0)
		die_oom();
	group_family(out, &g, "shmtool_segments", "Shared-memory segments.",
	    offsetof(struct seg_group, count));
	group_family(out, &g, "shmtool_size_bytes", "Bytes the segments hold.",
	    offsetof(struct seg_group, size));
	group_family(out, &g, "shmtool_resident_bytes",
	    "Bytes of the segments resident in memory, where it can be told.",
	    offsetof(struct seg_group, rss));
	group_family(out, &g, "shmtool_swapped_bytes",
	    "Bytes of the segments in swap, where it can be told.",
	    offsetof(struct seg_group, swap));
	group_family(out, &g, "shmtool_orphaned_segments",
	    "Segments that no live process knows (see shmtool(7)).",
	    offsetof(struct seg_group, orphaned));
	group_family(out, &g, "shmtool_orphaned_bytes",
	    "Bytes the orphaned segments hold.",
	    offsetof(struct seg_group, orphaned_size));
	limits(out, places);
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
	seg_groups_free(&g);
}

/*
 * Into path as a whole or not at all: a temporary file beside it, renamed
 * over it once written and flushed, so a scraper never reads half.
 */
static int write_file(const char *path, const struct seg_list *list,
    const struct ns_places *places, bool per_segment)
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
	print_metrics(out, list, places, per_segment);
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

int metrics_print(const struct seg_list *list, const struct ns_places *places,
    bool per_segment, const char *path)
{
	if (path != NULL)
		return write_file(path, list, places, per_segment);
	print_metrics(stdout, list, places, per_segment);
	return EXIT_OK;
}
