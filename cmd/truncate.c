/*
 * truncate.c - shmtool truncate: the size of POSIX objects and files, as
 * truncate(1) and FreeBSD's posixshmcontrol truncate set it.
 */
#include <stdlib.h>

#include "cmd.h"

static const char options_help[] =
    " -s, --size [+|-]SIZE     the new size; +SIZE grows by, -SIZE shrinks by\n"
    CHANGE_HELP;

/* What -s said: an absolute size, or one to add or take away. */
struct size_arg {
	int sign;		/* 0 absolute, +1 grow by, -1 shrink by */
	uint64_t bytes;
};

static struct size_arg asked;

/* The new size of one segment; a shrink past 0 or a sum past 2^63 fails. */
static int plan_size(const struct seg *seg, struct seg_change *change,
    const struct spec *spec)
{
	if (asked.sign < 0 && asked.bytes > seg->size)
		return fail_on(spec, "cannot shrink %llu bytes by %llu",
		    (unsigned long long)seg->size, (unsigned long long)asked.bytes);
	if (asked.sign > 0 && asked.bytes > INT64_MAX - seg->size)
		return fail_on(spec, "size too large");
	change->size = asked.sign == 0 ? asked.bytes : asked.sign > 0 ?
	    seg->size + asked.bytes : seg->size - asked.bytes;
	return EXIT_OK;
}

int cmd_truncate(int argc, char **argv)
{
	static const struct option longopts[] = {
		CHANGE_LONGOPTS,
		{ "size", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct change_opts o = { .kinds = (1u << SPEC_POSIX) | (1u << SPEC_FILE) |
	    SPECS_SYSV, .change.op = CHANGE_SIZE, .plan = plan_size };
	bool have_size = false;
	int c;

	while ((c = cmd_getopt(argc, argv, "hns:v", longopts)) != -1) {
		if (change_option(c, &o))
			continue;
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 's':
			asked.sign = optarg[0] == '+' ? 1 : optarg[0] == '-' ? -1 : 0;
			if (opt_offset("-s", optarg + (asked.sign != 0), &asked.bytes) < 0)
				return EXIT_USAGE;
			have_size = true;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (!have_size)
		return usage_error("-s SIZE is required");
	if (optind == argc)
		return usage_error("no SPEC given (see shmtool truncate --help)");
	return change_specs(argc - optind, argv + optind, &o);
}
