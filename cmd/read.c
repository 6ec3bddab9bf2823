/*
 * read.c - shmtool read: a segment to stdout.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "progress.h"
#include "../lib/copy.h"
#include "../lib/lock.h"

static const char options_help[] =
    " -o, --offset OFFSET      start at byte OFFSET (default 0)\n"
    " -n, --length LENGTH      copy LENGTH bytes (default: to the end)\n"
    " -z, --zero               stop at the first NUL byte (a C string)\n"
    "     --progress           show bytes, rate and ETA on stderr\n"
    LOCK_HELP;

struct read_opts {
	uint64_t offset, length;
	bool have_length, zero, progress;
	struct lock_opts lock;	/* shared (POSIX, files) */
};

/* The range to copy; past the end is an error, not a silent truncation. */
static int check_range(const struct spec *spec, const struct shm_handle *h,
    const struct read_opts *o, uint64_t *len)
{
	if (o->offset > h->size) {
		fail_on(spec, "offset %llu is past the end (%llu bytes)",
		    (unsigned long long)o->offset, (unsigned long long)h->size);
		return -1;
	}
	*len = h->size - o->offset;
	if (o->have_length) {
		if (o->length > *len) {
			fail_on(spec, "%llu bytes from offset %llu go past the end (%llu bytes)",
			    (unsigned long long)o->length, (unsigned long long)o->offset,
			    (unsigned long long)h->size);
			return -1;
		}
		*len = o->length;
	}
	return 0;
}

/* Copy the range out; the status, with 141 for a reader that went away. */
static int read_range(const struct spec *spec, struct shm_handle *h,
    const struct read_opts *o, uint64_t len)
{
	struct progress prog;
	uint64_t done = 0;
	int err;

	progress_init(&prog, o->progress, len);
	if (copy_out(h, STDOUT_FILENO, o->offset, len, &done, &prog.hook) == 0) {
		progress_end(&prog, done);
		return EXIT_OK;
	}
	err = errno;
	progress_end(&prog, done);
	/* The reader went away (read X | head -c1): nothing to say. */
	if (err == EPIPE)
		return 128 + SIGPIPE;
	if (err == SEG_ESHRUNK)
		return fail_on(spec, "shrank while being read (%llu of %llu bytes copied)",
		    (unsigned long long)done, (unsigned long long)len);
	return fail_on(spec, "%s (%llu of %llu bytes copied)",
	    seg_strerror(spec_seg_kind(spec), err), (unsigned long long)done,
	    (unsigned long long)len);
}

static int read_one(struct spec *spec, const struct read_opts *o)
{
	struct shm_handle h;
	struct seg_lock lock;
	struct seg seg;
	uint64_t len;
	int status = EXIT_FAIL;

	if (spec_find(spec, &seg) < 0)
		return EXIT_FAIL;
	if (open_handle(spec, &seg, 0, &o->lock, &h, &lock) < 0)
		return EXIT_FAIL;
	if (check_range(spec, &h, o, &len) < 0)
		goto out;
	if (o->zero && handle_find_nul(&h, o->offset, len, &len) < 0) {
		fail_spec(spec, errno);
		goto out;
	}
	status = read_range(spec, &h, o, len);
out:
	seg_lock_release(&lock);
	handle_close(&h);
	return status;
}

int cmd_read(int argc, char **argv)
{
	enum { OPT_PROGRESS = 256 };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "length", required_argument, NULL, 'n' },
		LOCK_LONGOPTS,
		{ "offset", required_argument, NULL, 'o' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "zero", no_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	struct read_opts o = { 0 };
	struct spec *spec;
	int c, rc, status;

	while ((c = cmd_getopt(argc, argv, "hn:o:z", longopts)) != -1) {
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 'n':
			if (opt_offset("-n", optarg, &o.length) < 0)
				return EXIT_USAGE;
			o.have_length = true;
			break;
		case 'o':
			if (opt_offset("-o", optarg, &o.offset) < 0)
				return EXIT_USAGE;
			break;
		case 'z': o.zero = true; break;
		case OPT_PROGRESS: o.progress = true; break;
		default:
			rc = lock_option(c, optarg, &o.lock);
			if (rc <= 0)
				return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error("want one SPEC (see shmtool read --help)");
	spec = specs_parse(1, argv + optind, SPECS_ALL);
	if (spec == NULL)
		return EXIT_USAGE;
	status = read_one(spec, &o);
	free(spec);
	return status;
}
