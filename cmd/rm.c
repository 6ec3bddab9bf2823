/*
 * rm.c - shmtool rm: IPC_RMID and shm_unlink, by SPEC or by filter.  Each
 * removal goes through seg_remove (lib/remove.h), which looks at the
 * segment again right before it acts and keeps what changed.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/collect.h"
#include "../lib/remove.h"
#include "../lib/table.h"

static const char options_help[] =
    " -n, --dry-run            show what would be removed, remove nothing\n"
    " -v, --verbose            print each segment removed, and why one was kept\n"
    " -a, --all                every segment (that you may remove)\n"
    FILTER_HELP
    " -m ID                    the SysV segment with this shmid (as ipcrm)\n"
    " -M KEY                   the SysV segment with this key (as ipcrm)\n";

struct rm_opts {
	bool dry_run;
	bool verbose;
};

/*
 * With --all-ns, where seg is: ", ns 4026532290" and its container,
 * escaped; "" without.
 */
static const char *place_text(const struct seg *seg)
{
	static char text[128];

	if (seg->place == NULL)
		return "";
	snprintf(text, sizeof(text), ", ns %lu%s%s", (unsigned long)seg->place->ipc_ns,
	    seg->place->container ? " " : "",
	    seg->place->container ? shown(seg->place->container) : "");
	return text;
}

/* "sysv 0x00005005 (id 32768, 4.0K, root)" for -v and -n. */
static void print_removal(const char *verb, const struct seg *seg)
{
	char *label = seg_label(seg);
	char *size = table_column_value(COL_SIZE, seg, false, TIME_SHORT);
	char *owner = table_column_value(COL_OWNER, seg, false, TIME_SHORT);

	if (label == NULL)
		die_oom();
	if (seg->kind == SEG_SYSV && seg->key != 0)
		printf("%s sysv %s (id %d, %s, %s%s)\n", verb, label, seg->id,
		    size ? size : "-", owner ? owner : "-", place_text(seg));
	else
		printf("%s %s %s (%s, %s%s)\n", verb,
		    seg_type_name(seg), label,
		    size ? size : "-", owner ? owner : "-", place_text(seg));
	free(label);
	free(size);
	free(owner);
}

/* "shmtool: rm: LABEL: why", LABEL escaped by seg_label; with --all-ns "ns N: LABEL". */
static void warn_seg(const struct seg *seg, const char *why)
{
	char *label = seg_label(seg);

	if (label == NULL)
		die_oom();
	if (seg->place != NULL)
		warnx("%s: %s: %s", place_label(seg->place), label, why);
	else
		warnx("%s: %s", label, why);
	free(label);
}

static void say_attached(const char *name, const struct seg *seg)
{
	if (seg->kind == SEG_SYSV && seg->nattch > 0)
		warnx("%s: still attached by %ld process%s; it goes when the last detaches",
		    name, seg->nattch, seg->nattch == 1 ? "" : "es");
}

/* One segment a SPEC named: remove it, or say why not.  EXIT_OK or EXIT_FAIL. */
static int rm_named(const struct spec *spec, const struct seg *seg,
    const struct rm_opts *o)
{
	struct seg fresh;

	if (o->dry_run) {
		if (!seg_may_remove(seg))
			return fail_spec(spec, EPERM);
		print_removal("would remove", seg);
		return EXIT_OK;
	}
	switch (seg_remove(seg, NULL, NULL, &fresh)) {
	case SEG_REMOVED:
		if (o->verbose)
			print_removal("removed", &fresh);
		say_attached(spec_shown(spec), &fresh);
		return EXIT_OK;
	case SEG_KEPT_CHANGED:
	case SEG_KEPT_UNSELECTED:
		return fail_on(spec, "kept: changed since it was looked up");
	case SEG_GONE:
		return fail_spec(spec, ENOENT);
	case SEG_REMOVE_FAILED:
		break;
	}
	return fail_spec(spec, errno);
}

/* What a removal by filter did, for the closing messages. */
struct tally {
	size_t skipped;		/* the caller may not remove them */
	size_t not_contained;	/* POSIX objects kept for DOUBT_NOT_CONTAINED */
	int status;
};

/* Why an orphan candidate was kept, for -v: per segment, or once for all. */
static void note_doubt(const struct seg *seg, struct tally *t,
    const struct rm_opts *o)
{
	char buf[128];

	if (seg->doubt == DOUBT_NOT_CONTAINED) {
		t->not_contained++;
		return;
	}
	if (o->verbose) {
		char why[256];

		snprintf(why, sizeof(why), "kept: cannot tell whether it is orphaned: %s",
		    seg_doubt_text(seg, buf, sizeof(buf)));
		warn_seg(seg, why);
	}
}

/* What became of seg (fresh: as it was looked at last), told as -v asks. */
static void tell_removal(const struct seg *seg, enum seg_removal result,
    const struct seg *fresh, const struct seg_filter *filter,
    const struct rm_opts *o, struct tally *t)
{
	switch (result) {
	case SEG_REMOVED:
		if (o->verbose)
			print_removal("removed", fresh);
		if (fresh->kind == SEG_SYSV && fresh->nattch > 0) {
			char *label = seg_label(fresh);

			if (label == NULL)
				die_oom();
			say_attached(label, fresh);
			free(label);
		}
		break;
	case SEG_KEPT_CHANGED:
		if (o->verbose)
			warn_seg(seg, "kept: changed since it was listed");
		break;
	case SEG_KEPT_UNSELECTED:
		if (o->verbose)
			warn_seg(seg, fresh->orphaned < 0 && filter->orphaned ?
			    "kept: cannot tell any more whether it is orphaned" :
			    "kept: in use since it was listed");
		break;
	case SEG_GONE:
		/* Listed, then removed by someone else: what was asked is done. */
		break;
	case SEG_REMOVE_FAILED:
		if (errno == EPERM || errno == EACCES) {
			t->skipped++;
			break;
		}
		warn_seg(seg, seg_strerror(seg->kind, errno));
		t->status = EXIT_FAIL;
		break;
	}
}

/* One segment the filter selected: remove it unless it changed. */
static void rm_selected_one(const struct seg *seg,
    const struct seg_filter *filter, const struct holders *recheck,
    const struct rm_opts *o, struct tally *t)
{
	struct seg fresh;
	enum seg_removal result;

	if (!seg_may_remove(seg)) {
		t->skipped++;
		return;
	}
	if (o->dry_run) {
		print_removal("would remove", seg);
		return;
	}
	result = seg_remove(seg, filter, recheck, &fresh);
	fresh.place = seg->place;
	tell_removal(seg, result, &fresh, filter, o, t);
}

/* rm_streamed's state, for each SysV segment sysv_each shows. */
struct stream {
	const struct seg_filter *filter;
	const struct rm_opts *o;
	struct tally *t;
};

/* One SysV segment, just looked at: removed at once if selected. */
static int rm_looked(const struct seg *seg, void *arg)
{
	struct stream *s = arg;
	enum seg_removal result;

	/* Already removed, waiting for its last detach. */
	if (seg->status & SEG_DEST || !seg_filter_match(s->filter, seg))
		return 0;
	if (!seg_may_remove(seg)) {
		s->t->skipped++;
		return 0;
	}
	result = seg_remove_looked(seg);
	/* Looked at last by the walk: seg is what it was when removed. */
	tell_removal(seg, result, seg, s->filter, s->o, s->t);
	return 0;
}

/*
 * Can the SysV segments the filter selects be removed as they are listed,
 * each right after it is looked at, instead of listed first and looked at
 * again?  When the filter wants nothing from /proc and not -n, which
 * lists first: what ipcrm --all does, with the same two system calls.
 */
static bool streams_sysv(const struct seg_filter *filter, const struct rm_opts *o)
{
	return !o->dry_run && !filter->all_ns && !filter_wants_idle(filter) &&
	    !filter->hidden && filter->pid <= 0 &&
	    (filter->kinds == 0 || filter->kinds & (1u << SEG_SYSV));
}

/*
 * Remove the SysV segments filter selects as they are looked at; false if
 * this kernel cannot (no SHM_STAT_ANY): they are left to be listed.
 */
static bool rm_streamed(const struct seg_filter *filter, const struct rm_opts *o,
    struct tally *t)
{
	struct stream s = { filter, o, t };

	if (sysv_each(rm_looked, &s) == 0)
		return true;
	if (errno == EINVAL)
		return false;
	warnx("System V segments: %s", strerror_lower(errno));
	t->status = EXIT_FAIL;
	return true;
}

/* Has the selection a POSIX object, whose holders a recheck must see? */
static bool has_posix(const struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->segs[i].kind == SEG_POSIX)
			return true;
	return false;
}

/*
 * Go to place (--all-ns), where its rows are removed, each checked again
 * there; and, for a filter that wants them unused, look again at who holds
 * what: holders found by the listing's scan may have come since.
 */
static bool enter_place(struct ns_place *place, const struct seg_list *list,
    const struct seg_filter *filter, const struct rm_opts *o,
    struct holders *recheck, bool *rechecked)
{
	holders_free(recheck);
	*rechecked = false;
	if (place != NULL && ns_enter(place) < 0) {
		warnx("%s: cannot enter: %s", place_label(place), strerror_lower(errno));
		return false;
	}
	if (!o->dry_run && filter_wants_idle(filter) && has_posix(list))
		*rechecked = holders_scan(recheck, NULL, 0, filter->contained, false) == 0;
	return true;
}

/* The closing messages of a removal by filter; its exit status. */
static int finish_selected(const struct tally *t, const struct rm_opts *o)
{
	if (t->skipped > 0)
		warnx("skipped %zu segment%s you may not remove", t->skipped,
		    t->skipped == 1 ? "" : "s");
	if (t->not_contained > 0 && o->verbose)
		warnx("kept %zu POSIX object%s: processes outside this PID namespace "
		    "cannot be seen (--contained says there are none)", t->not_contained,
		    t->not_contained == 1 ? "" : "s");
	return t->status;
}

/* --all and filters: remove what ls with the same filters shows. */
static int rm_selected(const struct seg_filter *filter, const struct rm_opts *o)
{
	struct seg_filter wider = *filter;
	struct seg_scan scan;
	struct holders recheck = { 0 };
	bool rechecked = false, entered = true;
	const struct ns_place *here = NULL;
	struct tally t = { .status = EXIT_OK };

	/* Collect the unknown ones too, to say why they are kept. */
	wider.orphaned = false;
	if (streams_sysv(filter, o) && rm_streamed(filter, o, &t)) {
		/* The rest, if any kind is left. */
		wider.kinds = (filter->kinds ? filter->kinds :
		    (1u << SEG_POSIX) | SEG_SEM_BIT) & ~(1u << SEG_SYSV);
		if (wider.kinds == 0)
			return finish_selected(&t, o);
	}
	if (segs_collect_or_warn(&wider, filter->orphaned ? NEED_ORPHANED : 0,
	    &scan) != EXIT_OK)
		t.status = EXIT_FAIL;
	if (!filter->all_ns)
		enter_place(NULL, &scan.list, filter, o, &recheck, &rechecked);
	for (size_t i = 0; i < scan.list.n; i++) {
		const struct seg *seg = &scan.list.segs[i];

		/* --all-ns: the rows of each place come together, in place order. */
		if (seg->place != here) {
			here = seg->place;
			entered = enter_place(&scan.places.v[here - scan.places.v],
			    &scan.list, filter, o, &recheck, &rechecked);
			if (!entered)
				t.status = EXIT_FAIL;
		}
		/* Already removed, waiting for its last detach. */
		if (!entered || seg->status & SEG_DEST)
			continue;
		if (filter->orphaned && seg->orphaned < 0)
			note_doubt(seg, &t, o);
		else if (!filter->orphaned || seg->orphaned == 1)
			rm_selected_one(seg, filter, rechecked ? &recheck : NULL, o, &t);
	}
	if (filter->all_ns && ns_leave() < 0)
		t.status = EXIT_FAIL;
	holders_free(&recheck);
	seg_scan_free(&scan);
	return finish_selected(&t, o);
}

/* -m ID and -M KEY, as ipcrm takes them, become SPECs. */
static int add_ipcrm_spec(struct spec *specs, int *n, int c, const char *arg)
{
	const char *why;
	struct spec *s = &specs[(*n)++];

	memset(s, 0, sizeof(*s));
	s->text = arg;
	s->kind = c == 'm' ? SPEC_ID : SPEC_KEY;
	/* -m takes a decimal id as ipcrm does; -M a key in any base. */
	if (c == 'm' && (spec_parse(arg, s, &why) < 0 || s->kind != SPEC_ID))
		return usage_error("-m %s: %s", shown(arg),
		    spec_parse_id(arg, &s->id, &why) < 0 ? why : "not a decimal id");
	s->text = arg;
	if (c == 'M' && spec_parse_key(arg, &s->key, &why) < 0)
		return usage_error("-%c %s: %s", c, shown(arg), why);
	if (c == 'M' && s->key == 0)
		return usage_error("-M %s: key 0 is IPC_PRIVATE and names no one segment; "
		    "use its id", shown(arg));
	return EXIT_OK;
}

/* Memory no name reaches has nothing to remove: say what would free it. */
static int refuse_hidden(const struct spec *spec, const struct seg *seg)
{
	struct holders h;
	pid_t pids[64] = { 0 };
	char list[64 * 13 + 16] = "", *at = list;
	size_t n = 0;

	if (holders_scan(&h, seg, 1, false, false) == 0)
		n = holders_of(&h, seg, pids, 64);
	holders_free(&h);
	holders_sort_pids(pids, n < 64 ? n : 64);
	for (size_t i = 0; i < n && i < 64; i++)
		at += sprintf(at, "%s%d", i == 0 ? " (pid " : ", ", (int)pids[i]);
	if (n > 0)
		sprintf(at, "%s)", n > 64 ? ", ..." : "");
	return fail_on(spec, "no name reaches this %s memory; it is freed when its "
	    "holders close or unmap it%s", seg_type_name(seg), list);
}

/*
 * rm removes no file: but a file:/proc/PID/... SPEC of memory no name
 * reaches, as ls --hidden gives, is told what would free it (EXIT_FAIL).
 */
static int rm_file_spec(struct spec *spec)
{
	struct seg seg;
	int status;

	if (seg_find(spec, &seg) < 0 || seg.hidden == HIDDEN_NONE) {
		seg_clear(&seg);
		return usage_error("%s: file: segments cannot be used with rm",
		    spec_shown(spec));
	}
	status = refuse_hidden(spec, &seg);
	seg_clear(&seg);
	return status;
}

/*
 * SPECs, -m and -M: every one is parsed, every ftok path resolved and
 * every file: SPEC refused before any segment is removed; then each is
 * looked up and removed in turn, going on after a failure.
 */
static int rm_specs(struct spec *specs, int n, const struct rm_opts *o)
{
	int status = EXIT_OK, refused;
	struct seg seg;

	for (int i = 0; i < n; i++)
		if (specs[i].kind == SPEC_FILE) {
			if ((refused = rm_file_spec(&specs[i])) == EXIT_USAGE)
				return refused;
			status = refused;
		} else if (spec_resolve(&specs[i]) < 0) {
			status = fail_on(&specs[i], "%s", errno == EINVAL ?
			    "ftok gives key 0 (IPC_PRIVATE), which names no segment" :
			    strerror_lower(errno));
		}
	if (status != EXIT_OK)
		return status;
	for (int i = 0; i < n; i++) {
		if (spec_find(&specs[i], &seg) < 0 || rm_named(&specs[i], &seg, o) != EXIT_OK)
			status = EXIT_FAIL;
		seg_clear(&seg);
	}
	return status;
}

int cmd_rm(int argc, char **argv)
{
	static const struct option longopts[] = {
		FILTER_LONGOPTS,
		{ "all", no_argument, NULL, 'a' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct rm_opts o = { 0 };
	struct seg_filter filter = { 0 };
	bool all = false, filtered = false;
	struct spec *specs;
	int c, f, nflag = 0, n, status = EXIT_USAGE;

	/* Room for every -m and -M, and every SPEC after them. */
	specs = calloc((size_t)argc, sizeof(*specs));
	if (specs == NULL)
		die_oom();
	while ((c = cmd_getopt(argc, argv, "ahm:M:nv", longopts)) != -1) {
		if ((f = filter_option(c, optarg, &filter)) != 0) {
			if (f < 0)
				goto out;
			/* --contained and --all-ns say how and where, not what. */
			filtered |= c != OPT_CONTAINED && c != OPT_ALL_NS;
			continue;
		}
		switch (c) {
		case 'a': all = true; break;
		case 'h': status = cmd_help(options_help); goto out;
		case 'm':
		case 'M':
			if (add_ipcrm_spec(specs, &nflag, c, optarg) != EXIT_OK)
				goto out;
			break;
		case 'n': o.dry_run = true; break;
		case 'v': o.verbose = true; break;
		default:
			goto out;
		}
	}
	n = argc - optind;
	if ((n > 0 || nflag > 0) && (all || filtered)) {
		usage_error("give SPECs or --all and filters, not both");
		goto out;
	}
	if ((n > 0 || nflag > 0) && filter.all_ns) {
		usage_error("--all-ns goes with --all and filters; a SPEC in one "
		    "namespace: shmtool --ns PID rm SPEC");
		goto out;
	}
	if (n == 0 && nflag == 0 && !all && !filtered) {
		usage_error("nothing to remove: give a SPEC, a filter or --all");
		goto out;
	}
	if (specs_parse_into(specs + nflag, n, argv + optind,
	    SPECS_SYSV | (1u << SPEC_POSIX) | (1u << SPEC_FILE)) != EXIT_OK)
		goto out;
	status = all || filtered ? rm_selected(&filter, &o) :
	    rm_specs(specs, nflag + n, &o);
out:
	free(specs);
	return status;
}
