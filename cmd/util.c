/*
 * util.c - what every subcommand needs: help, option errors, SPECs.
 */
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/change.h"
#include "../lib/collect.h"
#include "../lib/copy.h"
#include "../lib/lock.h"
#include "../lib/table.h"
#include "../lib/text.h"

void cmd_help_head(const char *options)
{
	const struct command *c = current_command;

	printf("\nUsage:\n shmtool %s %s\n\n%c%s.\n\nOptions:\n%s"
	    " -h, --help               display this help\n",
	    c->name, c->usage, c->summary[0] - 'a' + 'A', c->summary + 1,
	    options);
}

int cmd_help_foot(void)
{
	printf("\nFor more details see shmtool-%s(1).\n", current_command->name);
	return EXIT_OK;
}

int cmd_help(const char *options)
{
	cmd_help_head(options);
	return cmd_help_foot();
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cmd_getopt(int argc, char **argv, const char *optstring,
    const struct option *longopts)
{
	char shortopts[128];
	int c;

	/*
	 * A leading ':' makes getopt tell a missing argument from a bad option;
	 * a '+' (stop at the first non-option) must stay in front of it.
	 */
	if (optstring[0] == '+')
		snprintf(shortopts, sizeof(shortopts), "+:%s", optstring + 1);
	else
		snprintf(shortopts, sizeof(shortopts), ":%s", optstring);
	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		if (optopt != 0)
			usage_error("unknown option '-%c' (see shmtool %s --help)",
			    optopt, current_command->name);
		else
			usage_error("unknown option '%s' (see shmtool %s --help)",
			    shown(argv[optind - 1]), current_command->name);
	} else if (c == ':') {
		if (optopt != 0)
			usage_error("option '-%c' needs an argument", optopt);
		else
			usage_error("option '%s' needs an argument", shown(argv[optind - 1]));
		c = '?';
	}
	return c;
}

static const char *kind_word(enum spec_kind kind)
{
	switch (kind) {
	case SPEC_PRIVATE: return "private";
	case SPEC_FILE: return "file:";
	case SPEC_POSIX: return "POSIX";
	default: return "SysV";
	}
}

bool spec_is_sem(const struct spec *spec)
{
	return spec->kind == SPEC_POSIX && strncmp(spec->path, "/sem.", 5) == 0;
}

int specs_parse_into(struct spec *specs, int n, char **args, unsigned kinds)
{
	const char *why;

	for (int i = 0; i < n; i++) {
		if (spec_parse(args[i], &specs[i], &why) < 0)
			return usage_error("%s: %s", shown(args[i]), why);
		if (!(kinds & (1u << specs[i].kind)))
			return usage_error("%s: %s segments cannot be used with %s",
			    shown(args[i]), kind_word(specs[i].kind),
			    current_command->name);
	}
	return EXIT_OK;
}

struct spec *specs_parse(int n, char **args, unsigned kinds)
{
	struct spec *specs = calloc((size_t)n + 1, sizeof(*specs));

	if (specs == NULL)
		die_oom();
	if (specs_parse_into(specs, n, args, kinds) != EXIT_OK) {
		free(specs);
		return NULL;
	}
	return specs;
}

enum seg_kind spec_seg_kind(const struct spec *spec)
{
	switch (spec->kind) {
	case SPEC_POSIX: return SEG_POSIX;
	case SPEC_FILE: return SEG_FILE;
	default: return SEG_SYSV;
	}
}

const char *shown(const char *text)
{
	/* A few at once, for a message that names two things. */
	static char *ring[4];
	static unsigned next;
	char **slot = &ring[next++ % 4];

	free(*slot);
	*slot = text_escape(text, TEXT_SHOWN);
	if (*slot == NULL)
		die_oom();
	return *slot;
}

const char *spec_shown(const struct spec *spec)
{
	char *name;
	const char *text;

	switch (spec->kind) {
	case SPEC_POSIX:
		return shown(spec->path);
	case SPEC_FILE:
		/* "file:" and the path it means, whatever escapes it was typed with. */
		if (asprintf(&name, "file:%s", spec->path) < 0)
			die_oom();
		text = shown(name);
		free(name);
		return text;
	default:
		return shown(spec->text);
	}
}

int fail_on(const struct spec *spec, const char *fmt, ...)
{
	char *why;
	int rc;
	va_list ap;

	va_start(ap, fmt);
	rc = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (rc < 0)
		die_oom();
	warnx("%s: %s", spec_shown(spec), why);
	free(why);
	return EXIT_FAIL;
}

int fail_spec(const struct spec *spec, int err)
{
	return fail_on(spec, "%s", seg_strerror(spec_seg_kind(spec), err));
}

int spec_find(struct spec *spec, struct seg *seg)
{
	if (seg_find(spec, seg) == 0)
		return 0;
	/* ftok's own failure is about its path, not a segment. */
	if (spec->kind == SPEC_FTOK)
		fail_on(spec, "%s", errno == EINVAL ?
		    "ftok gives key 0 (IPC_PRIVATE), which names no segment" :
		    strerror_lower(errno));
	else
		fail_spec(spec, errno);
	return -1;
}

noreturn void die_oom(void)
{
	errx(EXIT_FAIL, "out of memory");
}

static int opt_fail(const char *opt, const char *arg, const char *why)
{
	warnx("%s %s: %s", opt, shown(arg), why);
	return -1;
}

int opt_size(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
	const char *why;

	return spec_parse_size(arg, max, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_offset(const char *opt, const char *arg, uint64_t *out)
{
	const char *why;

	return spec_parse_offset(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_mode(const char *opt, const char *arg, mode_t *out)
{
	const char *why;

	return spec_parse_mode(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_duration(const char *opt, const char *arg, time_t *out)
{
	const char *why;

	return spec_parse_duration(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

/* A user or group: the name's id if it has one, else a number. */
static int opt_id(const char *opt, const char *arg, bool group, unsigned *out)
{
	struct passwd *pw = group ? NULL : getpwnam(arg);
	struct group *gr = group ? getgrnam(arg) : NULL;
	const char *why;
	int id;

	if (pw != NULL || gr != NULL) {
		*out = pw != NULL ? pw->pw_uid : gr->gr_gid;
		return 0;
	}
	if (spec_parse_id(arg, &id, &why) < 0)
		return opt_fail(opt, arg, group ? "no such group" : "no such user");
	*out = (unsigned)id;
	return 0;
}

int opt_user(const char *opt, const char *arg, uid_t *out)
{
	return opt_id(opt, arg, false, out);
}

int opt_group(const char *opt, const char *arg, gid_t *out)
{
	return opt_id(opt, arg, true, out);
}

int change_main(int argc, char **argv, struct change_opts *o,
    const char *help, const char *what, int (*parse)(char *arg, struct seg_change *change))
{
	static const struct option longopts[] = {
		CHANGE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = cmd_getopt(argc, argv, "hnv", longopts)) != -1) {
		if (c == 'h')
			return cmd_help(help);
		if (!change_option(c, o))
			return EXIT_USAGE;
	}
	if (argc - optind < 2)
		return usage_error("want %s and a SPEC (see shmtool %s --help)", what,
		    current_command->name);
	if (parse(argv[optind], &o->change) < 0)
		return EXIT_USAGE;
	return change_specs(argc - optind - 1, argv + optind + 1, o);
}

int change_option(int c, struct change_opts *o)
{
	switch (c) {
	case 'n': o->dry_run = true; return 1;
	case 'v': o->verbose = true; return 1;
	}
	return 0;
}

int filter_option(int c, const char *arg, struct seg_filter *filter)
{
	switch (c) {
	case OPT_SYSV:
		filter->kinds |= 1u << SEG_SYSV;
		return 1;
	case OPT_POSIX:
		filter->kinds |= 1u << SEG_POSIX;
		return 1;
	case OPT_SEM:
		filter->kinds |= SEG_SEM_BIT;
		return 1;
	case OPT_USER:
		filter->by_owner = true;
		return opt_user("--user", arg, &filter->owner) < 0 ? -1 : 1;
	case OPT_CREATOR:
		filter->by_creator = true;
		return opt_user("--creator", arg, &filter->creator) < 0 ? -1 : 1;
	case OPT_ORPHANED:
		filter->orphaned = true;
		return 1;
	case OPT_UNATTACHED:
		filter->unattached = true;
		return 1;
	case OPT_OLDER:
		filter->by_age = true;
		filter->now = time(NULL);
		return opt_duration("--older-than", arg, &filter->older_than) < 0 ? -1 : 1;
	case OPT_IDLE:
		filter->by_idle = true;
		filter->now = time(NULL);
		return opt_duration("--idle-for", arg, &filter->idle_for) < 0 ? -1 : 1;
	case OPT_CONTAINED:
		filter->contained = true;
		return 1;
	case OPT_ALL_NS:
		if (ns_entered) {
			usage_error("--all-ns and --ns are mutually exclusive");
			return -1;
		}
		filter->all_ns = true;
		return 1;
	}
	return 0;
}

/* What a change would be refused for, before it is tried (-n, and up front). */
static int change_allowed(const struct seg *seg, const struct seg_change *change)
{
	if (seg->linked) {
		errno = SEG_ELINKED;
		return -1;
	}
	if (change->op == CHANGE_SIZE) {
		if (seg->kind == SEG_SYSV) {
			errno = EINVAL;
			return -1;
		}
		return seg_access(seg, true);
	}
	if (!seg_may_change(seg, change->op == CHANGE_OWNER &&
	    change->uid != (uid_t)-1 && change->uid != seg->uid)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* What say_change shows of one side: "0644", "root:root", "4096". */
static char *change_text(const struct seg *seg, enum seg_change_op op)
{
	char *text = NULL, *user, *group;

	switch (op) {
	case CHANGE_MODE:
		return table_column_value(COL_MODE, seg, true, TIME_ISO);
	case CHANGE_SIZE:
		return table_column_value(COL_SIZE, seg, true, TIME_ISO);
	case CHANGE_OWNER:
		break;
	}
	user = table_column_value(COL_OWNER, seg, true, TIME_ISO);
	group = table_column_value(COL_GROUP, seg, true, TIME_ISO);
	if (group == NULL)
		group = table_column_value(COL_GID, seg, true, TIME_ISO);
	if (asprintf(&text, "%s:%s", user ? user : "?", group ? group : "?") < 0)
		die_oom();
	free(user);
	free(group);
	return text;
}

/* "mode of /x from 0644 to 0640" */
static void say_change(const char *verb, const struct seg *seg,
    const struct seg_change *change, const struct spec *spec)
{
	char *from, *to;
	struct seg after = *seg;

	after.command = NULL;
	after.mode = change->op == CHANGE_MODE ? change->mode : seg->mode;
	if (change->op == CHANGE_OWNER && change->uid != (uid_t)-1)
		after.uid = change->uid;
	if (change->op == CHANGE_OWNER && change->gid != (gid_t)-1)
		after.gid = change->gid;
	if (change->op == CHANGE_SIZE)
		after.size = change->size;
	from = change_text(seg, change->op);
	to = change_text(&after, change->op);
	printf("%s %s of %s from %s to %s\n", verb, change->op == CHANGE_MODE ?
	    "mode" : change->op == CHANGE_OWNER ? "owner" : "size", spec_shown(spec),
	    from, to);
	free(from);
	free(to);
}

/* One segment: plan, check, change (or say what would change). */
static int change_one(const struct spec *spec, const struct seg *seg,
    const struct change_opts *o)
{
	struct seg_change change = o->change;

	if (o->plan != NULL && o->plan(seg, &change, spec) != EXIT_OK)
		return EXIT_FAIL;
	if (change_allowed(seg, &change) < 0 ||
	    (!o->dry_run && seg_change(seg, &change) < 0)) {
		if (errno == ESTALE)
			return fail_on(spec, "kept: changed since it was looked up");
		if (change.op == CHANGE_SIZE && seg->kind == SEG_SYSV)
			return fail_on(spec, "a SysV segment's size is fixed");
		return fail_spec(spec, errno);
	}
	if (o->dry_run || o->verbose)
		say_change(o->dry_run ? "would change" : "changed", seg, &change,
		    spec);
	return EXIT_OK;
}

int change_specs(int n, char **args, const struct change_opts *o)
{
	struct spec *specs = specs_parse(n, args, o->kinds);
	struct seg *segs;
	int status = EXIT_OK;

	if (specs == NULL)
		return EXIT_USAGE;
	for (int i = 0; o->change.op == CHANGE_SIZE && i < n; i++)
		if (spec_is_sem(&specs[i])) {
			status = usage_error("%s: %s", spec_shown(&specs[i]), SEM_REFUSED);
			free(specs);
			return status;
		}
	segs = calloc((size_t)n + 1, sizeof(*segs));
	if (segs == NULL)
		die_oom();
	/* Every SPEC is found before any segment is changed. */
	for (int i = 0; i < n; i++)
		if (spec_find(&specs[i], &segs[i]) < 0)
			status = EXIT_FAIL;
	for (int i = 0; status == EXIT_OK && i < n; i++)
		if (change_one(&specs[i], &segs[i], o) != EXIT_OK)
			status = EXIT_FAIL;
	for (int i = 0; i < n; i++)
		seg_clear(&segs[i]);
	free(segs);
	free(specs);
	return status;
}

int lock_option(int c, const char *arg, struct lock_opts *o)
{
	time_t seconds;

	if (c == OPT_LOCK) {
		o->on = true;
		return 1;
	}
	if (c != OPT_WAIT)
		return 0;
	if (opt_duration("--wait", arg, &seconds) < 0)
		return -1;
	o->on = o->bounded = true;
	o->wait = (struct timespec){ .tv_sec = seconds };
	return 1;
}

const struct timespec *lock_wait(const struct lock_opts *o)
{
	return o->bounded ? &o->wait : NULL;
}

int fail_lock(const struct spec *spec, const struct lock_opts *o, int err)
{
	if (err == EAGAIN && o->wait.tv_sec == 0)
		return fail_on(spec, "locked by another process");
	if (err == EAGAIN)
		return fail_on(spec, "still locked by another process after %llds",
		    (long long)o->wait.tv_sec);
	if (err == ENOKEY)
		return fail_on(spec, "has no key to name its lock by (IPC_PRIVATE, "
		    "or removed): see LOCKING in shmtool(7)");
	return fail_spec(spec, err);
}

int open_handle(const struct spec *spec, const struct seg *seg, int flags,
    const struct lock_opts *lo, struct shm_handle *h, struct seg_lock *lock)
{
	enum seg_lock_mode mode = flags & HANDLE_WRITE ? SEG_LOCK_EXCLUSIVE :
	    SEG_LOCK_SHARED;
	int rc;

	*lock = (struct seg_lock){ .fd = -1, .semid = -1 };
	rc = lo->on ? handle_open_locked(seg, flags, mode, lock_wait(lo), h, lock) :
	    handle_open(seg, flags, h);
	if (rc < 0)
		fail_lock(spec, lo, errno);
	return rc;
}

const char *place_label(const struct ns_place *place)
{
	static char label[128];
	const char *container = place->container ? shown(place->container) : NULL;

	snprintf(label, sizeof(label), "ns %lu%s%s%s", (unsigned long)place->ipc_ns,
	    container ? " (" : "", container ? container : "", container ? ")" : "");
	return label;
}

static void warn_place(const struct ns_place *place, const char *what, int err)
{
	warnx("%s: %s: %s", place_label(place), what, strerror_lower(err));
}

/* What could not be listed in each place of --all-ns. */
static void warn_places(const struct ns_places *places)
{
	for (size_t i = 0; i < places->n; i++) {
		const struct ns_place *p = &places->v[i];

		if (p->enter_err)
			warn_place(p, "cannot enter", p->enter_err);
		if (p->sysv_err)
			warn_place(p, "System V segments", p->sysv_err);
		if (p->posix_err)
			warn_place(p, "POSIX objects", p->posix_err);
		if (p->hidden_err)
			warn_place(p, "hidden memory", p->hidden_err);
	}
}

/*
 * segs_collect, saying which kind could not be listed: EXIT_FAIL then,
 * with what could be in scan.
 */
int segs_collect_or_warn(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan)
{
	if (segs_collect(filter, needs, scan) == 0)
		return EXIT_OK;
	warn_places(&scan->places);
	if (scan->sysv_err)
		warnx("System V segments: %s", strerror_lower(scan->sysv_err));
	/* The directory's error, told as a file's (--ns: SEG_EUNTRUSTED). */
	if (scan->posix_err)
		warnx("POSIX objects: %s", seg_strerror(SEG_FILE, scan->posix_err));
	if (scan->hidden_err)
		warnx("hidden memory: %s", strerror_lower(scan->hidden_err));
	return EXIT_FAIL;
}
