/*
 * util.c - what every subcommand needs: help, option errors, SPECs.
 */
#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/holders.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"

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
			    argv[optind - 1], current_command->name);
	} else if (c == ':') {
		if (optopt != 0)
			usage_error("option '-%c' needs an argument", optopt);
		else
			usage_error("option '%s' needs an argument", argv[optind - 1]);
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

struct spec *specs_parse(int n, char **args, unsigned kinds)
{
	struct spec *specs = calloc((size_t)n + 1, sizeof(*specs));
	const char *why;

	if (specs == NULL)
		errx(EXIT_FAIL, "out of memory");
	for (int i = 0; i < n; i++) {
		if (spec_parse(args[i], &specs[i], &why) < 0) {
			warnx("%s: %s", args[i], why);
			goto bad;
		}
		if (!(kinds & (1u << specs[i].kind))) {
			warnx("%s: %s segments cannot be used with %s", args[i],
			    kind_word(specs[i].kind), current_command->name);
			goto bad;
		}
	}
	return specs;
bad:
	free(specs);
	return NULL;
}

const char *spec_strerror(const struct spec *spec, int err)
{
	if (spec->kind == SPEC_FILE && err != ENOTSHM && err != ELOOP)
		return strerror_lower(err);
	return seg_strerror(err);
}

static int file_stat(struct spec *spec, struct seg *seg)
{
	struct stat st;

	/* Not through a link: file:PATH is taken as the file it names. */
	if (stat(spec->path, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = ENOTSHM;
		return -1;
	}
	posix_seg_from_stat(seg, SEG_FILE, spec->path, &st);
	return 0;
}

int spec_stat(struct spec *spec, struct seg *seg)
{
	int id, rc;

	switch (spec->kind) {
	case SPEC_FTOK:
		if (spec_resolve(spec) < 0) {
			warnx("%s: %s", spec->text, strerror_lower(errno));
			return -1;
		}
		/* fall through */
	case SPEC_KEY:
	case SPEC_ID:
		rc = sysv_lookup(spec, &id);
		if (rc == 0)
			rc = sysv_stat(id, seg);
		break;
	case SPEC_POSIX:
		rc = posix_stat(spec->path, seg);
		break;
	case SPEC_FILE:
		rc = file_stat(spec, seg);
		break;
	default:
		errno = EINVAL;
		rc = -1;
	}
	if (rc < 0)
		warnx("%s: %s", spec->text, spec_strerror(spec, errno));
	return rc;
}

static int opt_fail(const char *opt, const char *arg, const char *why)
{
	warnx("%s %s: %s", opt, arg, why);
	return -1;
}

int opt_size(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
	const char *why;

	return parse_size(arg, max, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_offset(const char *opt, const char *arg, uint64_t *out)
{
	const char *why;

	return parse_offset(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_mode(const char *opt, const char *arg, mode_t *out)
{
	const char *why;

	return parse_mode(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_duration(const char *opt, const char *arg, time_t *out)
{
	const char *why;

	return parse_duration(arg, out, &why) < 0 ? opt_fail(opt, arg, why) : 0;
}

int opt_user(const char *opt, const char *arg, uid_t *out)
{
	struct passwd *pw = getpwnam(arg);
	const char *why;
	int uid;

	if (pw != NULL) {
		*out = pw->pw_uid;
		return 0;
	}
	if (parse_id(arg, &uid, &why) < 0)
		return opt_fail(opt, arg, "no such user");
	*out = (uid_t)uid;
	return 0;
}

/* Has the list a POSIX object, whose holders only /proc can tell? */
static bool has_posix(const struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->segs[i].kind == SEG_POSIX)
			return true;
	return false;
}

/* Holder counts and orphan state, where asked for: one pass over /proc. */
static void annotate(struct seg_list *all, unsigned needs, struct holders *h)
{
	bool scanned = false;

	if ((needs & (NEED_HOLDERS | NEED_ORPHANED)) && has_posix(all))
		scanned = holders_scan(h, NULL, 0) == 0;
	for (size_t i = 0; i < all->n; i++) {
		if ((needs & NEED_HOLDERS) && scanned)
			seg_count_holders(&all->segs[i], h);
		if (needs & NEED_ORPHANED)
			seg_check_orphaned(&all->segs[i], scanned ? h : NULL);
	}
}

int segs_collect(const struct seg_filter *filter, unsigned needs,
    struct seg_list *out, struct holders *h)
{
	int status = EXIT_OK;
	size_t kept = 0;

	memset(h, 0, sizeof(*h));
	if ((filter->kinds == 0 || filter->kinds & (1u << SEG_SYSV)) &&
	    sysv_list(out) < 0) {
		warnx("System V segments: %s", strerror_lower(errno));
		status = EXIT_FAIL;
	}
	if ((filter->kinds == 0 || filter->kinds & (1u << SEG_POSIX)) &&
	    posix_list(out) < 0) {
		warnx("POSIX objects: %s", strerror_lower(errno));
		status = EXIT_FAIL;
	}
	if (filter->orphaned)
		needs |= NEED_ORPHANED;
	if (filter->unattached)
		needs |= NEED_HOLDERS;
	annotate(out, needs, h);
	/* Keep, in place and in order, what the filter selects. */
	for (size_t i = 0; i < out->n; i++)
		if (seg_filter_match(filter, &out->segs[i]))
			out->segs[kept++] = out->segs[i];
	out->n = kept;
	return status;
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
	}
	return 0;
}
