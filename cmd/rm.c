/*
 * rm.c - shmtool rm: IPC_RMID and shm_unlink, by SPEC or by filter.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/holders.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"
#include "../lib/table.h"

static const char options_help[] =
    " -n, --dry-run            show what would be removed, remove nothing\n"
    " -v, --verbose            print each segment removed\n"
    " -a, --all                every segment (that you may remove)\n"
    FILTER_HELP
    " -m ID                    the SysV segment with this shmid (as ipcrm)\n"
    " -M KEY                   the SysV segment with this key (as ipcrm)\n";

struct rm_opts {
	bool dry_run;
	bool verbose;
	bool skip_denied;	/* --all, filters: what is not ours is skipped */
};

/* "sysv 0x00005005 (id 32768, 4.0K, root)" for -v and -n. */
static void print_removal(const char *verb, const struct seg *seg)
{
	char label[NAME_MAX + 16];
	char *size = column_value(COL_SIZE, seg, false, false);
	char *owner = column_value(COL_OWNER, seg, false, false);

	seg_label(seg, label, sizeof(label));
	if (seg->kind == SEG_SYSV && seg->key != 0)
		printf("%s sysv %s (id %d, %s, %s)\n", verb, label, seg->id,
		    size ? size : "-", owner ? owner : "-");
	else
		printf("%s %s %s (%s, %s)\n", verb,
		    seg->kind == SEG_SYSV ? "sysv" : "posix", label,
		    size ? size : "-", owner ? owner : "-");
	free(size);
	free(owner);
}

/*
 * Would removing seg be allowed, for --dry-run to show what a real run
 * would remove?  SysV: the owner, the creator or root; POSIX: the owner or
 * root (/dev/shm is sticky).  A guess only where capabilities are split.
 */
static bool may_remove(const struct seg *seg)
{
	uid_t me = geteuid();

	return me == 0 || me == seg->uid ||
	    (seg->kind == SEG_SYSV && me == seg->cuid);
}

/*
 * Remove one segment described by seg; name is what to call it in
 * messages, NULL for its label (made only when a message needs it: rm
 * --all of thousands spent most of its time on labels).  -1 after a
 * message; -2, silently, for a segment the caller may not remove when
 * o->skip_denied (--all and filters).
 */
static int remove_seg(const struct seg *seg, const char *name,
    const struct rm_opts *o)
{
	char label[NAME_MAX + 16];
	int rc;

	if (o->dry_run) {
		if (o->skip_denied && !may_remove(seg))
			return -2;
		print_removal("would remove", seg);
		return 0;
	}
	rc = seg->kind == SEG_SYSV ? sysv_remove(seg->id) : posix_remove(seg->name);
	if (rc < 0 && o->skip_denied && (errno == EPERM || errno == EACCES))
		return -2;
	/* Listed, then gone before we came to it: what was asked is done. */
	if (rc < 0 && o->skip_denied && errno == ENOENT)
		return 0;
	if (name == NULL && (rc < 0 || (seg->kind == SEG_SYSV && seg->nattch > 0)))
		name = seg_label(seg, label, sizeof(label));
	if (rc < 0) {
		warnx("%s: %s", name, seg_strerror(errno));
		return -1;
	}
	if (o->verbose)
		print_removal("removed", seg);
	if (seg->kind == SEG_SYSV && seg->nattch > 0)
		warnx("%s: still attached by %ld process%s; it goes when the last detaches",
		    name, seg->nattch, seg->nattch == 1 ? "" : "es");
	return 0;
}

static int rm_spec(struct spec *spec, const struct rm_opts *o)
{
	struct seg seg;
	int id;

	if (spec->kind == SPEC_POSIX) {
		if (posix_stat(spec->path, &seg) < 0) {
			warnx("%s: %s", spec->text, seg_strerror(errno));
			return EXIT_FAIL;
		}
		return remove_seg(&seg, spec->text, o) < 0 ? EXIT_FAIL : EXIT_OK;
	}
	if (spec_resolve(spec) < 0) {
		warnx("%s: %s", spec->text, strerror_lower(errno));
		return EXIT_FAIL;
	}
	if (sysv_lookup(spec, &id) < 0) {
		warnx("%s: %s", spec->text, seg_strerror(errno));
		return EXIT_FAIL;
	}
	/*
	 * The owner of a mode 0000 segment may remove it but not IPC_STAT it:
	 * SHM_STAT_ANY still describes it for -v; failing that, go on with
	 * what we know.
	 */
	if (sysv_stat(id, &seg) < 0 && sysv_stat_any(id, &seg) < 0) {
		memset(&seg, 0, sizeof(seg));
		seg.kind = SEG_SYSV;
		seg.id = id;
		seg.key = spec->kind == SPEC_KEY ? spec->key : 0;
	}
	return remove_seg(&seg, spec->text, o) < 0 ? EXIT_FAIL : EXIT_OK;
}

/* -v: why an object --orphaned did not select was kept. */
static void say_kept(const struct seg_list *all, const struct holders *h)
{
	for (size_t i = 0; i < all->n; i++)
		if (all->segs[i].kind == SEG_POSIX && all->segs[i].orphaned < 0)
			fprintf(stderr, "shmtool: rm: %s: kept: cannot tell who holds it "
			    "(/proc of pid %d is unreadable)\n", all->segs[i].name,
			    (int)h->unreadable);
}

/* --all and filters: remove what ls with the same filters shows. */
static int rm_selected(const struct seg_filter *filter, struct rm_opts *o)
{
	struct seg_list list = { 0 };
	struct holders h;
	int status = segs_collect(filter, 0, &list, &h);
	size_t skipped = 0;

	o->skip_denied = true;
	for (size_t i = 0; i < list.n; i++) {
		const struct seg *seg = &list.segs[i];
		int rc;

		/* Already removed, waiting for its last detach. */
		if (seg->status & SEG_DEST)
			continue;
		rc = remove_seg(seg, NULL, o);
		if (rc == -2)
			skipped++;
		else if (rc < 0)
			status = EXIT_FAIL;
	}
	seg_list_free(&list);
	o->skip_denied = false;
	if (skipped > 0)
		warnx("skipped %zu segment%s you may not remove", skipped,
		    skipped == 1 ? "" : "s");
	if (o->verbose && filter->orphaned && h.incomplete) {
		struct seg_filter unknown = *filter;

		unknown.orphaned = false;
		unknown.kinds = 1u << SEG_POSIX;
		if (segs_collect(&unknown, NEED_ORPHANED, &list, &h) == EXIT_OK)
			say_kept(&list, &h);
		seg_list_free(&list);
	}
	holders_free(&h);
	return status;
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
	if (c == 'm' && (spec_parse(arg, s, &why) < 0 || s->kind != SPEC_ID)) {
		usage_error("-m %s: %s", arg, parse_id(arg, &s->id, &why) < 0 ?
		    why : "not a decimal id");
		return -1;
	}
	s->text = arg;
	if (c == 'M' && parse_key(arg, &s->key, &why) < 0) {
		usage_error("-%c %s: %s", c, arg, why);
		return -1;
	}
	if (c == 'M' && s->key == 0) {
		usage_error("-M %s: key 0 is IPC_PRIVATE and names no one segment; use its id", arg);
		return -1;
	}
	return 0;
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
	struct spec *flag_specs, *specs = NULL;
	int c, f, nflag = 0, n, status = EXIT_OK;

	/* Room for every -m and -M, which take an argument each. */
	flag_specs = calloc((size_t)argc, sizeof(*flag_specs));
	if (flag_specs == NULL)
		errx(EXIT_FAIL, "out of memory");
	while ((c = cmd_getopt(argc, argv, "ahm:M:nv", longopts)) != -1) {
		if ((f = filter_option(c, optarg, &filter)) != 0) {
			if (f < 0)
				goto usage;
			filtered = true;
			continue;
		}
		switch (c) {
		case 'a': all = true; break;
		case 'h': free(flag_specs); return cmd_help(options_help);
		case 'm':
		case 'M':
			if (add_ipcrm_spec(flag_specs, &nflag, c, optarg) < 0)
				goto usage;
			break;
		case 'n': o.dry_run = true; break;
		case 'v': o.verbose = true; break;
		default:
			goto usage;
		}
	}
	n = argc - optind;
	if ((n > 0 || nflag > 0) && (all || filtered)) {
		usage_error("give SPECs or --all and filters, not both");
		goto usage;
	}
	if (n == 0 && nflag == 0 && !all && !filtered) {
		usage_error("nothing to remove: give a SPEC, a filter or --all");
		goto usage;
	}
	if (n > 0 && (specs = specs_parse(n, argv + optind,
	    SPECS_SYSV | (1u << SPEC_POSIX))) == NULL)
		goto usage;
	if (all || filtered)
		status = rm_selected(&filter, &o);
	for (int i = 0; i < nflag; i++)
		if (rm_spec(&flag_specs[i], &o) != EXIT_OK)
			status = EXIT_FAIL;
	for (int i = 0; i < n; i++)
		if (rm_spec(&specs[i], &o) != EXIT_OK)
			status = EXIT_FAIL;
	free(specs);
	free(flag_specs);
	return status;
usage:
	free(flag_specs);
	return EXIT_USAGE;
}
