/*
 * chown.c - shmtool chown: the owner and group of segments of any kind.
 */
#include <string.h>

#include "cmd.h"

static const char options_help[] = CHANGE_HELP;

/* USER, USER:GROUP or :GROUP, as chown(1) takes them; -1 after a message. */
static int parse_owner(char *arg, struct seg_change *change)
{
	char *colon = strchr(arg, ':');

	change->uid = (uid_t)-1;
	change->gid = (gid_t)-1;
	if (colon != NULL) {
		*colon = '\0';
		if (colon[1] == '\0') {
			usage_error("%s:: want a group after ':'", shown(arg));
			return -1;
		}
		if (opt_group("group", colon + 1, &change->gid) < 0)
			return -1;
	}
	if (arg[0] == '\0' && colon == NULL) {
		usage_error("empty owner");
		return -1;
	}
	return arg[0] == '\0' ? 0 : opt_user("owner", arg, &change->uid);
}

int cmd_chown(int argc, char **argv)
{
	struct change_opts o = { .kinds = SPECS_ALL, .change.op = CHANGE_OWNER };

	return change_main(argc, argv, &o, options_help, "USER[:GROUP]", parse_owner);
}
