/*
 * ls.c - shmtool ls: segments of both kinds in one table, as lsipc -m.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "metrics.h"
#include "global.h"
#include "output.h"
#include "../lib/collect.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"

static const char options_help[] =
    FILTER_HELP
    " -o, --output LIST        columns to show; +LIST adds to the defaults\n"
    " -J, --json               JSON output (exact numbers, ISO 8601 times)\n"
    " -r, --raw                raw output, one line a segment\n"
    " -e, --export             NAME=\"value\" pairs, one line a segment\n"
    " -n, --newline            NAME=\"value\" pairs, one a line\n"
    " -y, --shell              column names usable as shell variables\n"
    " -b, --bytes              sizes in bytes rather than 4K, 1.5M\n"
    "     --noheadings         no header line\n"
    "     --notruncate         never cut COMMAND to fit the terminal\n"
    "     --time-format TYPE   short, full or iso (default: short; iso in JSON)\n"
    "     --sort COL           sort by column COL\n"
    " -t, --time               add the ATTACH and DETACH times\n"
    " -p, --pids               add the CPID, LPID and COMMAND columns\n"
    " -c, --creators           add creator and owner columns\n"
    " -g, --global             limits and usage (ipcs -l and -u, lsipc -g)\n"
    "     --hidden             add memory no name reaches: deleted, memfd, anon\n"
    "     --pid PID            what process PID attaches, maps or holds open\n"
    "     --summary            count, SIZE, RSS, SWAP, orphaned by TYPE and owner\n"
    "     --ns PID             as shmtool --ns PID ls: PID's IPC namespace\n"
    "     --metrics            Prometheus text format: counts, bytes, limits\n"
    "     --metrics-per-segment  with --metrics: a series for each segment\n"
    "     --metrics-file FILE  with --metrics: write FILE atomically\n";

/* Default columns, as lsipc -m, plus TYPE and NAME when POSIX is shown. */
static const int cols_sysv[] = { COL_KEY, COL_ID, COL_PERMS, COL_OWNER,
	COL_SIZE, COL_NATTCH, COL_STATUS, COL_CTIME, COL_CPID, COL_LPID,
	COL_COMMAND };
static const int cols_posix[] = { COL_NAME, COL_PERMS, COL_OWNER, COL_SIZE,
	COL_CTIME };
static const int cols_sem[] = { COL_NAME, COL_PERMS, COL_OWNER, COL_VALUE,
	COL_CTIME };
static const int cols_both[] = { COL_TYPE, COL_KEY, COL_ID, COL_NAME,
	COL_PERMS, COL_OWNER, COL_SIZE, COL_NATTCH, COL_STATUS, COL_CTIME,
	COL_CPID, COL_LPID, COL_COMMAND };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The default columns for the kinds asked for, as lsipc -m for SysV;
 * with --all-ns, NS and CONTAINER first: where each row is.
 */
static void default_columns(struct output *out, unsigned kinds, bool all_ns)
{
	const int *cols = cols_both;
	size_t n = NELEM(cols_both);

	if (kinds == (1u << SEG_SYSV))
		cols = cols_sysv, n = NELEM(cols_sysv);
	else if (kinds == SEG_SEM_BIT)
		cols = cols_sem, n = NELEM(cols_sem);
	else if (kinds != 0 && !(kinds & (1u << SEG_SYSV)))
		cols = cols_posix, n = NELEM(cols_posix);
	out->ncols = 0;
	if (all_ns) {
		output_add(out, COL_NS);
		output_add(out, COL_CONTAINER);
	}
	for (size_t i = 0; i < n; i++)
		output_add(out, cols[i]);
}

/* Which /proc-derived values a column needs. */
static unsigned needs_of_column(int col)
{
	switch (col) {
	case COL_NATTCH: return NEED_HOLDERS;
	case COL_ORPHANED: return NEED_ORPHANED;
	case COL_COMMAND: return NEED_COMMAND;
	case COL_RSS:
	case COL_SWAP: return NEED_USAGE;
	case COL_PAGESIZE: return NEED_PAGE_SIZE;
	case COL_VALUE: return NEED_SEM_VALUE;
	case COL_HOLDERS: return NEED_PIDS;
	case COL_MAPRSS: return NEED_MAP_RSS;
	}
	return 0;
}

/* ... and all the chosen columns (and the sort column) together. */
static unsigned needs_of(const struct output *out, int sort)
{
	unsigned needs = sort >= 0 ? needs_of_column(sort) : 0;

	for (size_t i = 0; i < out->ncols; i++)
		needs |= needs_of_column(out->cols[i]);
	return needs;
}

/* ls --metrics: every figure the metrics need, gathered, then printed. */
static int ls_metrics(const struct seg_filter *filter, bool per_segment,
    const char *path)
{
	struct seg_scan scan;
	int status;

	status = segs_collect_or_warn(filter, NEED_USAGE | NEED_ORPHANED | NEED_LIMITS,
	    &scan);
	if (metrics_print(&scan.list, &scan.places, per_segment, path) != EXIT_OK)
		status = EXIT_FAIL;
	seg_scan_free(&scan);
	return status;
}

/* ls --summary: the figures it adds up, gathered, then added up. */
static int ls_summary_of(const struct seg_filter *filter, const struct table_opts *t)
{
	struct seg_scan scan;
	int status;

	status = segs_collect_or_warn(filter, NEED_USAGE | NEED_ORPHANED | NEED_LIMITS,
	    &scan);
	if (ls_summary(&scan.list, &scan.places, t) != EXIT_OK)
		status = EXIT_FAIL;
	seg_scan_free(&scan);
	return status;
}

/* ls --global: our limits, or with --all-ns every place's. */
static int ls_global_of(const struct seg_filter *filter, const struct table_opts *t)
{
	struct seg_scan scan;
	struct seg_filter none = { .all_ns = true, .kinds = SEG_HIDDEN_BIT };
	int status;

	if (!filter->all_ns)
		return ls_global(t, NULL);
	/* The places, each entered to read its limits; nothing listed. */
	status = segs_collect_or_warn(&none, NEED_LIMITS, &scan);
	if (ls_global(t, &scan.places) != EXIT_OK)
		status = EXIT_FAIL;
	seg_scan_free(&scan);
	return status;
}

/* --pid PID: a process id, 1 or more. */
static int opt_pid(const char *arg, pid_t *pid)
{
	const char *why;
	int id;

	if (spec_parse_id(arg, &id, &why) < 0 || id == 0) {
		usage_error("--pid %s: not a process id", shown(arg));
		return -1;
	}
	*pid = id;
	return 0;
}

/*
 * Can PID's mappings be read?  If not, nothing it holds could be found:
 * say so, rather than print an empty list.
 */
static int check_pid(pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		warnx("--pid %d: %s", (int)pid, errno == ENOENT ? "no such process" :
		    strerror_lower(errno));
		return EXIT_FAIL;
	}
	close(fd);
	return EXIT_OK;
}

/* The options, then every column with its help, as lsipc --help does. */
static int ls_help(void)
{
	cmd_help_head(options_help);
	fputs("\nColumns:\n", stdout);
	for (int i = 0; i < NCOLUMNS; i++)
		printf(" %11s  %s\n", columns[i].name, columns[i].help);
	return cmd_help_foot();
}

int cmd_ls(int argc, char **argv)
{
	enum { OPT_NOHEAD = OPT_FIRST_OWN, OPT_SORT, OPT_NOTRUNC, OPT_TIMEFMT, OPT_NS,
		OPT_METRICS, OPT_PER_SEGMENT, OPT_METRICS_FILE, OPT_SUMMARY, OPT_HIDDEN,
		OPT_PID };
	static const struct option longopts[] = {
		FILTER_LONGOPTS,
		{ "bytes", no_argument, NULL, 'b' },
		{ "creators", no_argument, NULL, 'c' },
		{ "global", no_argument, NULL, 'g' },
		{ "export", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "hidden", no_argument, NULL, OPT_HIDDEN },
		{ "json", no_argument, NULL, 'J' },
		{ "metrics", no_argument, NULL, OPT_METRICS },
		{ "metrics-file", required_argument, NULL, OPT_METRICS_FILE },
		{ "metrics-per-segment", no_argument, NULL, OPT_PER_SEGMENT },
		{ "newline", no_argument, NULL, 'n' },
		{ "noheadings", no_argument, NULL, OPT_NOHEAD },
		{ "notruncate", no_argument, NULL, OPT_NOTRUNC },
		{ "ns", required_argument, NULL, OPT_NS },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "pids", no_argument, NULL, 'p' },
		{ "raw", no_argument, NULL, 'r' },
		{ "shell", no_argument, NULL, 'y' },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "time", no_argument, NULL, 't' },
		{ "time-format", required_argument, NULL, OPT_TIMEFMT },
		{ NULL, 0, NULL, 0 },
	};
	struct output out = { .table = { .name = "segments" } };
	struct seg_filter filter = { 0 };
	const char *collist = NULL, *sortcol = NULL, *metrics_file = NULL;
	bool times = false, pids = false, creator = false, global = false;
	bool per_segment = false, summary = false;
	struct seg_scan scan;
	int c, sort = -1, status, f;

	while ((c = cmd_getopt(argc, argv, "bceghJno:prty", longopts)) != -1) {
		if ((f = filter_option(c, optarg, &filter)) != 0) {
			if (f < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'b': out.table.bytes = true; break;
		case 'c': creator = true; break;
		case 'e': f = output_mode(&out, OUT_EXPORT); break;
		case 'g': global = true; break;
		case 'h': return ls_help();
		case 'J': f = output_mode(&out, OUT_JSON); break;
		case 'n': f = output_mode(&out, OUT_NEWLINE); break;
		case 'o': collist = optarg; break;
		case 'p': pids = true; break;
		case 'r': f = output_mode(&out, OUT_RAW); break;
		case 't': times = true; break;
		case 'y': out.table.shellvar = true; break;
		case OPT_NOHEAD: out.table.noheadings = true; break;
		case OPT_NOTRUNC: out.table.notruncate = true; break;
		case OPT_SORT: sortcol = optarg; break;
		case OPT_TIMEFMT: f = output_time_format(&out, optarg); break;
		case OPT_METRICS: f = output_mode(&out, OUT_METRICS); break;
		case OPT_PER_SEGMENT: per_segment = true; break;
		case OPT_SUMMARY: summary = true; break;
		case OPT_HIDDEN: filter.hidden = true; break;
		case OPT_PID: f = opt_pid(optarg, &filter.pid); break;
		case OPT_METRICS_FILE: metrics_file = optarg; break;
		/* A common slip for shmtool --ns PID ls: it means the same. */
		case OPT_NS:
			if (filter.all_ns)
				return usage_error("--all-ns and --ns are mutually exclusive");
			if ((f = cmd_enter_namespace(optarg)) != EXIT_OK)
				return f;
			break;
		default:
			return EXIT_USAGE;
		}
		if (f < 0)
			return EXIT_USAGE;
	}
	if (optind != argc)
		return usage_error("unexpected argument '%s' (ls takes no SPEC)",
		    argv[optind]);
	if (filter.pid > 0 && (status = check_pid(filter.pid)) != EXIT_OK)
		return status;
	if ((per_segment || metrics_file != NULL) && out.table.mode != OUT_METRICS)
		return usage_error("--%s is for --metrics", per_segment ?
		    "metrics-per-segment" : "metrics-file");
	if (out.table.mode == OUT_METRICS && (collist || sortcol || global))
		return usage_error("--metrics takes none of -o, --sort and --global");
	if (out.table.mode == OUT_METRICS && summary)
		return usage_error("--metrics and --summary are mutually exclusive");
	if (out.table.mode == OUT_METRICS)
		return ls_metrics(&filter, per_segment, metrics_file);
	if (summary && (collist || sortcol || global || times || pids || creator))
		return usage_error("--summary takes none of -o, --sort, --global, -t, -p and -c");
	if (summary)
		return ls_summary_of(&filter, &out.table);
	default_columns(&out, filter.kinds, filter.all_ns);
	if (collist != NULL && output_columns(&out, collist) < 0)
		return EXIT_USAGE;
	/* JSON is for programs: give each segment what names it back. */
	if (out.table.mode == OUT_JSON && collist == NULL)
		output_add(&out, COL_SPEC);
	if (out.table.mode == OUT_JSON && collist == NULL && filter.all_ns)
		output_add(&out, COL_NSPID);
	if (sortcol != NULL &&
	    (sort = table_column_by_name(sortcol, strlen(sortcol))) < 0)
		return usage_error("--sort %s: unknown column", shown(sortcol));
	if (times) {
		output_add(&out, COL_ATTACH);
		output_add(&out, COL_DETACH);
	}
	if (pids) {
		output_add(&out, COL_CPID);
		output_add(&out, COL_LPID);
		output_add(&out, COL_COMMAND);
	}
	/* What hidden memory is about: where it sits, and who keeps it. */
	if (filter.hidden) {
		output_add(&out, COL_RSS);
		output_add(&out, COL_SWAP);
		output_add(&out, COL_HOLDERS);
	}
	if (filter.pid > 0)
		output_add(&out, COL_MAPRSS);
	if (creator) {
		static const int cc[] = { COL_CUID, COL_CUSER, COL_CGID, COL_CGROUP,
			COL_UID, COL_USER, COL_GID, COL_GROUP };

		for (size_t i = 0; i < NELEM(cc); i++)
			output_add(&out, cc[i]);
	}
	if (global)
		return ls_global_of(&filter, &out.table);
	status = segs_collect_or_warn(&filter, needs_of(&out, sort), &scan);
	if (sort >= 0 && table_sort(&scan.list, sort) < 0)
		die_oom();
	if (output_print(&out, &scan.list) != EXIT_OK)
		status = EXIT_FAIL;
	seg_scan_free(&scan);
	return status;
}
