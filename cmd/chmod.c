/*
 * chmod.c - shmtool chmod: the permission bits of segments of any kind.
 */
#include <stdlib.h>

#include "cmd.h"

static const char options_help[] = CHANGE_HELP;

int cmd_chmod(int argc, char **argv)
{
	static const struct option longopts[] = {
		CHANGE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct change_opts o = { .kinds = SPECS_ALL, .change.op = CHANGE_MODE };
	int c;

	while ((c = cmd_getopt(argc, argv, "hnv", longopts)) != -1) {
		if (c == 'h')
			return cmd_help(options_help);
		if (!change_option(c, &o))
			return EXIT_USAGE;
	}
	if (argc - optind < 2)
		return usage_error("want MODE and a SPEC (see shmtool chmod --help)");
	if (opt_mode("mode", argv[optind], &o.change.mode) < 0)
		return EXIT_USAGE;
	return change_specs(argc - optind - 1, argv + optind + 1, &o);
}
