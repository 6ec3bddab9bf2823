/*
 * key.c - shmtool key: the key ftok(3) makes, as ipcs prints keys.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>

#include "cmd.h"

static const char options_help[] = "";

int cmd_key(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char keybuf[KEY_STRLEN];
	const char *why;
	key_t key;
	int c, proj;

	while ((c = cmd_getopt(argc, argv, "h", longopts)) != -1) {
		if (c == 'h')
			return cmd_help(options_help);
		return EXIT_USAGE;
	}
	if (argc - optind != 2)
		return usage_error("want PATH and PROJ (see shmtool key --help)");
	if (spec_parse_proj(argv[optind + 1], &proj, &why) < 0)
		return usage_error("%s: %s", shown(argv[optind + 1]), why);
	if (spec_ftok(argv[optind], proj, &key) < 0) {
		warnx("%s: %s", shown(argv[optind]), strerror_lower(errno));
		return EXIT_FAIL;
	}
	printf("%s\n", spec_format_key(key, keybuf));
	return EXIT_OK;
}
