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

/* One family, a sample per group: the field at offset of struct seg_group. */
static void group_family(FILE *out, const struct seg_groups *g, const char *name,
    const char *help, size_t offset)
{
	family(out, name, help);
	for (size_t i = 0; i < g->n; i++) {
		fprintf(out, "%s{", name);
		put_label(out, "type", g->v[i].type, true);
		put_label(out, "owner", g->v[i].owner, false);
		fprintf(out, "} %llu\n", (unsigned long long)*(const uint64_t *)
		    (const void *)((const char *)&g->v[i] + offset));
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
	char *owner = seg_owner_text(seg), *spec;
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

static void print_metrics(FILE *out, const struct seg_list *list, bool per_segment)
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
	seg_groups_free(&g);
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
