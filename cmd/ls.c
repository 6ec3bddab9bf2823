/*
 * ls.c - shmtool ls: segments of both kinds in one table, as lsipc -m.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"

static const char options_help[] =
    "     --sysv               System V segments only\n"
    "     --posix              POSIX objects only\n"
    "     --user USER          owned by USER (name or UID)\n"
    " -o, --output LIST        columns to show; +LIST adds to the defaults\n"
    " -J, --json               JSON output (exact numbers, ISO 8601 times)\n"
    " -r, --raw                raw output, one line a segment\n"
    " -e, --export             NAME=\"value\" pairs, one line a segment\n"
    " -b, --bytes              sizes in bytes rather than 4K, 1.5M\n"
    "     --noheadings         no header line\n"
    "     --sort COL           sort by column COL\n"
    " -t, --time               add the ATTACH and DETACH times\n"
    " -p, --pid                add the CPID, LPID and COMMAND columns\n"
    " -c, --creator            add creator and owner columns\n"
    "\nColumns:\n";

/* Default columns, as lsipc -m, plus TYPE and NAME when POSIX is shown. */
static const int cols_sysv[] = { COL_KEY, COL_ID, COL_PERMS, COL_OWNER,
	COL_SIZE, COL_NATTCH, COL_STATUS, COL_CTIME, COL_CPID, COL_LPID,
	COL_COMMAND, -1 };
static const int cols_posix[] = { COL_NAME, COL_PERMS, COL_OWNER, COL_SIZE,
	COL_CTIME, -1 };
static const int cols_both[] = { COL_TYPE, COL_KEY, COL_ID, COL_NAME,
	COL_PERMS, COL_OWNER, COL_SIZE, COL_NATTCH, COL_STATUS, COL_CTIME,
	COL_CPID, COL_LPID, COL_COMMAND, -1 };

static int ls_help(void)
{
	cmd_help(options_help);
	return EXIT_OK;
}

static void print_columns(void)
{
	for (int i = 0; i < NCOLUMNS; i++)
		printf(" %11s  %s\n", columns[i].name, columns[i].help);
}

int cmd_ls(int argc, char **argv)
{
	enum { OPT_SYSV = 256, OPT_POSIX, OPT_USER, OPT_NOHEAD, OPT_SORT };
	static const struct option longopts[] = {
		{ "bytes", no_argument, NULL, 'b' },
		{ "creator", no_argument, NULL, 'c' },
		{ "export", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, OPT_NOHEAD },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", no_argument, NULL, 'p' },
		{ "posix", no_argument, NULL, OPT_POSIX },
		{ "raw", no_argument, NULL, 'r' },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "sysv", no_argument, NULL, OPT_SYSV },
		{ "time", no_argument, NULL, 't' },
		{ "user", required_argument, NULL, OPT_USER },
		{ NULL, 0, NULL, 0 },
	};
	struct output out = { .table = { .name = "segments" } };
	struct seg_filter filter = { 0 };
	struct seg_list list = { 0 };
	const char *collist = NULL, *sortcol = NULL;
	bool times = false, pids = false, creator = false;
	int c, sort = -1, status;

	while ((c = cmd_getopt(argc, argv, "bcehJo:prt", longopts)) != -1) {
		switch (c) {
		case 'b': out.table.bytes = true; break;
		case 'c': creator = true; break;
		case 'e': out.table.mode = OUT_EXPORT; break;
		case 'h': ls_help(); print_columns(); return EXIT_OK;
		case 'J': out.table.mode = OUT_JSON; break;
		case 'o': collist = optarg; break;
		case 'p': pids = true; break;
		case 'r': out.table.mode = OUT_RAW; break;
		case 't': times = true; break;
		case OPT_NOHEAD: out.table.noheadings = true; break;
		case OPT_POSIX: filter.kinds |= 1u << SEG_POSIX; break;
		case OPT_SORT: sortcol = optarg; break;
		case OPT_SYSV: filter.kinds |= 1u << SEG_SYSV; break;
		case OPT_USER:
			if (opt_user("--user", optarg, &filter.owner) < 0)
				return EXIT_USAGE;
			filter.by_owner = true;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument '%s' (ls takes no SPEC)",
		    argv[optind]);
	output_defaults(&out, filter.kinds == (1u << SEG_SYSV) ? cols_sysv :
	    filter.kinds == (1u << SEG_POSIX) ? cols_posix : cols_both);
	if (collist != NULL && output_columns(&out, collist) < 0)
		return EXIT_USAGE;
	if (sortcol != NULL &&
	    (sort = column_by_name(sortcol, strlen(sortcol))) < 0)
		return usage_error("--sort %s: unknown column", sortcol);
	if (times) {
		output_add(&out, COL_ATTACH);
		output_add(&out, COL_DETACH);
	}
	if (pids) {
		output_add(&out, COL_CPID);
		output_add(&out, COL_LPID);
		output_add(&out, COL_COMMAND);
	}
	if (creator) {
		static const int cc[] = { COL_CUID, COL_CUSER, COL_CGID, COL_CGROUP,
			COL_UID, COL_USER, COL_GID, COL_GROUP };

		for (size_t i = 0; i < sizeof(cc) / sizeof(cc[0]); i++)
			output_add(&out, cc[i]);
	}
	status = segs_collect(&filter, &list);
	if (sort >= 0)
		segs_sort(&list, sort);
	if (output_print(&out, &list) != EXIT_OK)
		status = EXIT_FAIL;
	seg_list_free(&list);
	return status;
}
