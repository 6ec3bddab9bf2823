/*
 * stat.c - shmtool stat: every field of IPC_STAT, or of fstat for POSIX
 * objects and files, for each SPEC.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "output.h"
#include "../lib/collect.h"
#include "../lib/proc.h"

static const char options_help[] =
    " -J, --json               JSON output (exact numbers, ISO 8601 times)\n"
    " -e, --export             NAME=\"value\" pairs, one line a segment\n"
    "     --contained          every user of this /dev/shm is in our PID namespace\n";

/* The fields stat shows, in this order; those of the other kind are left out. */
static const int stat_cols[] = {
	COL_TYPE, COL_KEY, COL_ID, COL_NAME, COL_PERMS, COL_MODE,
	COL_UID, COL_USER, COL_GID, COL_GROUP, COL_CUID, COL_CUSER, COL_CGID,
	COL_CGROUP, COL_SIZE, COL_VALUE, COL_PAGESIZE, COL_RSS, COL_SWAP, COL_NATTCH, COL_STATUS, COL_CPID, COL_LPID,
	COL_COMMAND, COL_ATTACH, COL_DETACH, COL_CTIME,
};

#define NSTAT_COLS (sizeof(stat_cols) / sizeof(stat_cols[0]))

#define MAX_SHOWN 32

/*
 * "1234 (sleep 60), 5678 (cat)": who maps it or holds it open, read from
 * /proc in the data pass, before anything is printed.  Another process's
 * command line is its own to set: escaped, it stays one line.
 */
static char *holders_text(const struct seg *seg, const struct holders *h)
{
	pid_t pids[MAX_SHOWN];
	char cmd[4096], why[128], *text = NULL;
	size_t len = 0, n = holders_of(h, seg, pids, MAX_SHOWN);
	FILE *out = open_memstream(&text, &len);

	if (out == NULL)
		die_oom();
	if (n == 0 && h->doubt == DOUBT_NONE)
		fputs("-", out);
	if (n == 0 && h->doubt != DOUBT_NONE) {
		struct seg doubt = { .doubt = h->doubt, .doubt_pid = h->doubt_pid };

		fprintf(out, "- (unknown: %s)", seg_doubt_text(&doubt, why, sizeof(why)));
	}
	for (size_t i = 0; i < n && i < MAX_SHOWN; i++) {
		if (proc_cmdline(pids[i], cmd, sizeof(cmd)) < 0)
			snprintf(cmd, sizeof(cmd), "?");
		fprintf(out, "%s%d (%s)", i ? ", " : "", (int)pids[i], shown(cmd));
	}
	if (n > MAX_SHOWN)
		fprintf(out, ", and %zu more", n - MAX_SHOWN);
	if (fclose(out) != 0)
		die_oom();
	return text;
}

/* "key:     0x00005005", one field a line, as stat(1) lays them out. */
static void print_human(const struct seg *seg, const char *holders)
{
	for (const int *col = stat_cols; col < stat_cols + NSTAT_COLS; col++) {
		char label[16];
		char *value;
		size_t i;

		if (!(columns[*col].kinds & (1u << seg->kind)) ||
		    (*col == COL_VALUE && !seg->sem))
			continue;
		for (i = 0; columns[*col].name[i] && i + 1 < sizeof(label); i++)
			label[i] = (char)tolower((unsigned char)columns[*col].name[i]);
		label[i] = '\0';
		value = table_column_value(*col, seg, true, TIME_ISO);
		/* One field a line: a newline in a name must not start another. */
		printf("%-8s %s\n", label, value ? shown(value) : "-");
		free(value);
		if (*col == COL_NATTCH)
			printf("%-8s %s\n", "holders", holders);
	}
}

int cmd_stat(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "contained", no_argument, NULL, 'C' },
		{ "export", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	struct output out = { .table = { .name = "segments", .bytes = true } };
	struct seg_list list = { 0 };
	struct spec *specs;
	struct holders holders = { 0 };
	struct seg seg;
	bool contained = false;
	int c, n, status = EXIT_OK;

	while ((c = cmd_getopt(argc, argv, "ehJ", longopts)) != -1) {
		switch (c) {
		case 'C': contained = true; break;
		case 'e':
			if (output_mode(&out, OUT_EXPORT) < 0)
				return EXIT_USAGE;
			break;
		case 'h': return cmd_help(options_help);
		case 'J':
			if (output_mode(&out, OUT_JSON) < 0)
				return EXIT_USAGE;
			break;
		default: return EXIT_USAGE;
		}
	}
	n = argc - optind;
	if (n == 0)
		return usage_error("no SPEC given (see shmtool stat --help)");
	specs = specs_parse(n, argv + optind, SPECS_ALL);
	if (specs == NULL)
		return EXIT_USAGE;
	for (int i = 0; i < n; i++) {
		if (spec_find(&specs[i], &seg) < 0) {
			status = EXIT_FAIL;
			continue;
		}
		/* What IPC_STAT refuses, stat does too, owner or not (ls lists it). */
		if (seg.unreadable) {
			status = fail_spec(&specs[i], EACCES);
			continue;
		}
		seg_find_command(&seg);
		seg_find_usage(&seg);
		seg_find_sem_value(&seg);
		if (seg_list_add(&list, &seg) < 0)
			die_oom();
	}
	/* One /proc scan serves every SPEC: holders, and NATTCH for POSIX. */
	if (list.n > 0 && holders_scan(&holders, list.segs, list.n, contained, false) == 0)
		for (size_t i = 0; i < list.n; i++) {
			holders_count(&list.segs[i], &holders);
			seg_find_page_size(&list.segs[i], &holders);
		}
	if (out.table.mode == OUT_TABLE) {
		char **texts = calloc(list.n + 1, sizeof(*texts));

		if (texts == NULL)
			die_oom();
		for (size_t i = 0; i < list.n; i++)
			texts[i] = holders_text(&list.segs[i], &holders);
		for (size_t i = 0; i < list.n; i++) {
			if (i > 0)
				putchar('\n');
			print_human(&list.segs[i], texts[i]);
			free(texts[i]);
		}
		free(texts);
	} else if (list.n > 0) {
		output_defaults(&out, stat_cols, NSTAT_COLS);
		if (out.table.mode == OUT_JSON)
			output_add(&out, COL_SPEC);
		if (output_print(&out, &list) != EXIT_OK)
			status = EXIT_FAIL;
	}
	holders_free(&holders);
	seg_list_free(&list);
	free(specs);
	return status;
}
