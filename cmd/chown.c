/*
 * chown.c - shmtool chown: the owner and group of segments of any kind.
 */
#include <grp.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char options_help[] =
    " -n, --dry-run            show what would change, change nothing\n"
    " -v, --verbose            print each change\n";

/* A group name or number. */
static int opt_group(const char *arg, gid_t *out)
{
	struct group *gr = getgrnam(arg);
	const char *why;
	int gid;

	if (gr != NULL) {
		*out = gr->gr_gid;
		return 0;
	}
	if (spec_parse_id(arg, &gid, &why) < 0)
		return usage_error("%s: no such group", shown(arg));
	*out = (gid_t)gid;
	return 0;
}

/* USER, USER:GROUP or :GROUP, as chown(1) takes them. */
static int parse_owner(char *arg, struct seg_change *change)
{
	char *colon = strchr(arg, ':');

	change->uid = (uid_t)-1;
	change->gid = (gid_t)-1;
	if (colon != NULL) {
		*colon = '\0';
		if (colon[1] == '\0' || opt_group(colon + 1, &change->gid) != 0)
			return colon[1] == '\0' ?
			    usage_error("%s:: want a group after ':'", shown(arg)) : -1;
	}
	if (arg[0] == '\0')
		return colon != NULL ? 0 : usage_error("empty owner");
	return opt_user("owner", arg, &change->uid) < 0 ? -1 : 0;
}

int cmd_chown(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct change_opts o = { .kinds = SPECS_ALL, .change.op = CHANGE_OWNER };
	int c;

	while ((c = cmd_getopt(argc, argv, "hnv", longopts)) != -1) {
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 'n': o.dry_run = true; break;
		case 'v': o.verbose = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind < 2)
		return usage_error("want USER[:GROUP] and a SPEC (see shmtool chown --help)");
	if (parse_owner(argv[optind], &o.change) != 0)
		return EXIT_USAGE;
	return change_specs(argc - optind - 1, argv + optind + 1, &o);
}
