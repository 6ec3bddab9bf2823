/*
 * write.c - shmtool write: stdin into a segment.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "progress.h"
#include "../lib/copy.h"
#include "../lib/lock.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"

static const char options_help[] =
    " -o, --offset OFFSET      start at byte OFFSET of the segment (default 0)\n"
    " -n, --length LENGTH      copy at most LENGTH bytes of input\n"
    " -z, --zero               add a terminating NUL, as a C string has\n"
    "     --truncate           size a POSIX object or file to OFFSET + data\n"
    "     --create             create the segment first if it does not exist\n"
    " -s, --size SIZE          the size --create gives it\n"
    " -m, --mode MODE          the mode --create gives it (default 0600)\n"
    "     --progress           show bytes, rate and ETA on stderr\n"
    LOCK_HELP;

struct write_opts {
	uint64_t offset, length;
	bool have_length, zero, truncate, create, progress;
	struct lock_opts lock;	/* exclusive */
	uint64_t size;
	mode_t mode;
};

/*
 * --create: make the segment unless it is there already.  *made says
 * whether this call made it, so that a refusal can take it back.
 */
static int create_if_missing(struct spec *spec, const struct write_opts *o,
    bool *made)
{
	int id;

	*made = seg_create(spec, o->size, o->mode, 0, &id) == 0;
	if (!*made && errno != EEXIST)
		return fail_on(spec, "%s", spec->kind == SPEC_POSIX ?
		    seg_strerror(SEG_POSIX, errno) : strerror_lower(errno));
	return EXIT_OK;
}

/* Take back what --create made, when the write is refused. */
static void uncreate(const struct spec *spec, const struct seg *seg)
{
	if (spec->kind == SPEC_POSIX)
		posix_remove(spec->path);
	else
		sysv_remove(seg->id);
}

/*
 * What may be written, checked before a byte is: the offset must be in
 * the segment, and a regular-file input must fit whole.
 */
static int check_fit(const struct spec *spec, const struct shm_handle *h,
    const struct write_opts *o, long long insize, uint64_t *cap)
{
	uint64_t room = h->size > o->offset ? h->size - o->offset : 0;
	uint64_t nul = o->zero ? 1 : 0;
	uint64_t want = insize >= 0 ? (uint64_t)insize : 0, len;
	bool by_length = o->have_length && (insize < 0 || want > o->length);

	*cap = o->have_length ? o->length : UINT64_MAX;
	if (o->truncate)
		return 0;
	if (o->offset > h->size) {
		fail_on(spec, "offset %llu is past the end (%llu bytes)",
		    (unsigned long long)o->offset, (unsigned long long)h->size);
		return -1;
	}
	/* A pipe's size is unknown here: only -n can be checked up front. */
	len = by_length ? o->length : want;
	if (len > room || nul > room - len) {
		/* With -n 2^64-1 and -z the sum would wrap: saturate it. */
		uint64_t need = len > UINT64_MAX - nul ? UINT64_MAX : len + nul;

		fail_on(spec, "%s of %llu bytes does not fit in %llu bytes from offset %llu "
		    "(%llu too many); nothing written",
		    by_length ? "length" : "input", (unsigned long long)need,
		    (unsigned long long)room, (unsigned long long)o->offset,
		    (unsigned long long)(need - room));
		return -1;
	}
	if (room - nul < *cap)
		*cap = room - nul;
	return 0;
}

/*
 * After a pipe filled the segment: is there more?  One byte more is
 * enough to fail, and a pipe that never ends must not keep us reading.
 */
static bool more_input(void)
{
	char byte;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &byte, 1)) < 0 && errno == EINTR)
		;
	return n > 0;
}

/* Copy stdin into the open segment h; EXIT_OK or EXIT_FAIL after a message. */
static int write_into(const struct spec *spec, struct shm_handle *h,
    const struct write_opts *o, const struct copy_source *in, uint64_t cap)
{
	struct progress prog;
	uint64_t done = 0;

	progress_init(&prog, o->progress, in->left > 0 ? (uint64_t)in->left : 0);
	if (copy_in(h, in, o->offset, cap, o->truncate, &done, &prog.hook) < 0) {
		int err = errno;

		progress_end(&prog, done);
		return fail_on(spec, "%s (%llu bytes written)",
		    err == SEG_ESHRUNK ? "shrank while being written" :
		    seg_strerror(spec_seg_kind(spec), err), (unsigned long long)done);
	}
	progress_end(&prog, done);
	/* A pipe could not be measured up front: is there more than fitted? */
	if (!o->have_length && !o->truncate && done == cap && in->left < 0 && more_input())
		return fail_on(spec, "input does not fit: more than the %llu bytes "
		    "from offset %llu (the first %llu were written)",
		    (unsigned long long)cap, (unsigned long long)o->offset,
		    (unsigned long long)done);
	if (o->zero && handle_put_byte(h, o->offset + done, 0) < 0)
		return fail_spec(spec, errno);
	if (o->truncate && handle_truncate(h, o->offset + done + o->zero) < 0)
		return fail_spec(spec, errno);
	return EXIT_OK;
}

static int write_one(struct spec *spec, const struct write_opts *o)
{
	struct shm_handle h;
	struct seg_lock lock;
	struct seg seg;
	struct copy_source in;
	uint64_t cap;
	bool made = false;
	int status;

	if (o->create && create_if_missing(spec, o, &made) != EXIT_OK)
		return EXIT_FAIL;
	if (spec_find(spec, &seg) < 0)
		return EXIT_FAIL;
	/* Without --truncate, in place: never past the size (copy.h). */
	if (open_handle(spec, &seg, HANDLE_WRITE | (o->truncate ? 0 : HANDLE_MAP),
	    &o->lock, &h, &lock) < 0) {
		if (made)
			uncreate(spec, &seg);
		return EXIT_FAIL;
	}
	if (copy_source_init(&in, STDIN_FILENO) < 0)
		status = fail_on(spec, "%s (0 bytes written)",
		    seg_strerror(spec_seg_kind(spec), errno));
	else
		status = check_fit(spec, &h, o, in.left, &cap) < 0 ? EXIT_FAIL :
		    write_into(spec, &h, o, &in, cap);
	/* Nothing half done: what --create made for a failed write goes. */
	if (status != EXIT_OK && made)
		uncreate(spec, &seg);
	seg_lock_release(&lock);
	handle_close(&h);
	return status;
}

int cmd_write(int argc, char **argv)
{
	enum { OPT_TRUNCATE = 256, OPT_CREATE, OPT_PROGRESS };
	static const struct option longopts[] = {
		{ "create", no_argument, NULL, OPT_CREATE },
		{ "help", no_argument, NULL, 'h' },
		{ "length", required_argument, NULL, 'n' },
		LOCK_LONGOPTS,
		{ "mode", required_argument, NULL, 'm' },
		{ "offset", required_argument, NULL, 'o' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "size", required_argument, NULL, 's' },
		{ "truncate", no_argument, NULL, OPT_TRUNCATE },
		{ "zero", no_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	struct write_opts o = { .mode = 0600 };
	bool have_mode = false;
	struct spec *spec;
	int c, rc, status;

	while ((c = cmd_getopt(argc, argv, "hm:n:o:s:z", longopts)) != -1) {
		switch (c) {
		case 'h': return cmd_help(options_help);
		case 'm':
			if (opt_mode("-m", optarg, &o.mode) < 0)
				return EXIT_USAGE;
			have_mode = true;
			break;
		case 'n':
			if (opt_offset("-n", optarg, &o.length) < 0)
				return EXIT_USAGE;
			o.have_length = true;
			break;
		case 'o':
			if (opt_offset("-o", optarg, &o.offset) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (opt_size("-s", optarg, INT64_MAX, &o.size) < 0)
				return EXIT_USAGE;
			break;
		case 'z': o.zero = true; break;
		case OPT_CREATE: o.create = true; break;
		case OPT_PROGRESS: o.progress = true; break;
		case OPT_TRUNCATE: o.truncate = true; break;
		default:
			rc = lock_option(c, optarg, &o.lock);
			if (rc <= 0)
				return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error("want one SPEC (see shmtool write --help)");
	if (o.create && o.size == 0)
		return usage_error("--create needs -s SIZE");
	if (!o.create && (o.size != 0 || have_mode))
		return usage_error("%s goes with --create", o.size ? "-s" : "-m");
	spec = specs_parse(1, argv + optind, SPECS_ALL);
	if (spec == NULL)
		return EXIT_USAGE;
	if (o.truncate && spec->kind != SPEC_POSIX && spec->kind != SPEC_FILE)
		status = usage_error("%s: --truncate is for POSIX objects and files "
		    "(a SysV segment's size is fixed)", spec_shown(spec));
	else if (spec_is_sem(spec))
		status = usage_error("%s: %s", spec_shown(spec), SEM_REFUSED);
	else if (o.create && spec->kind == SPEC_FILE)
		status = usage_error("%s: --create is for segments, not files",
		    spec_shown(spec));
	else if (o.create && spec->kind == SPEC_ID)
		status = usage_error("%s: --create needs a key or a name, not an id",
		    spec_shown(spec));
	else
		status = write_one(spec, &o);
	free(spec);
	return status;
}
