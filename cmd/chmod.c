/*
 * chmod.c - shmtool chmod: the permission bits of segments of any kind.
 */
#include "cmd.h"

static const char options_help[] = CHANGE_HELP;

static int parse_mode(char *arg, struct seg_change *change)
{
	return opt_mode("mode", arg, &change->mode);
}

int cmd_chmod(int argc, char **argv)
{
	struct change_opts o = { .kinds = SPECS_ALL, .change.op = CHANGE_MODE };

	return change_main(argc, argv, &o, options_help, "MODE", parse_mode);
}
