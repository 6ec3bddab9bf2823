/*
 * create.c - shmtool create: make segments, exclusively by default.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/stat.h>

#include "cmd.h"
#include "../lib/posix.h"
#include "../lib/sysv.h"

static const char options_help[] =
    " -s, --size SIZE          size in bytes, or with K, M, G, T suffixes (required)\n"
    " -m, --mode MODE          permissions in octal (default 0600)\n"
    "     --exist-ok           accept an existing segment at least SIZE big\n"
    "     --hugetlb            back a SysV segment with huge pages\n";

struct create_opts {
	uint64_t size;
	mode_t mode;
	bool exist_ok;
	bool hugetlb;
};

/* shmget's errors, in words that say which limit was hit. */
static const char *sysv_create_error(int err, const struct create_opts *o)
{
	switch (err) {
	case ENOSPC:
		return "no space: kernel.shmmni segments or kernel.shmall pages in use";
	case ENOMEM:
		return o->hugetlb ? "no huge pages free (see vm.nr_hugepages)" :
		    "out of memory";
	case EPERM:
		return o->hugetlb ? "not allowed to use huge pages (see vm.hugetlb_shm_group)" :
		    seg_strerror(err);
	case EINVAL:
		return o->hugetlb ? "size not possible with huge pages" :
		    "size out of the kernel's range (kernel.shmmax)";
	}
	return seg_strerror(err);
}

/* --exist-ok: an existing segment will do if it is big enough. */
static int accept_existing(struct spec *spec, const struct create_opts *o,
    struct seg *seg)
{
	if (spec_stat(spec, seg) < 0)
		return -1;
	if (seg->size < o->size) {
		warnx("%s: exists with %llu bytes, fewer than %llu", spec->text,
		    (unsigned long long)seg->size, (unsigned long long)o->size);
		return -1;
	}
	return 0;
}

/*
 * Print what was made, at once: if the id cannot reach the caller (stdout
 * closed or full), a private segment would be lost for good and a keyed
 * one would make the retry fail.  So a failed print takes it back.
 */
static int report_created(int id, const char *name)
{
	if (name != NULL)
		printf("%s\n", name);
	else
		printf("%d\n", id);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	warnx("write error: %s", strerror_lower(errno));
	/* Said once here: drop what is buffered so exit does not say it again. */
	__fpurge(stdout);
	clearerr(stdout);
	if (name != NULL)
		posix_remove(name);
	else
		sysv_remove(id);
	return EXIT_FAIL;
}

static int create_sysv(struct spec *spec, const struct create_opts *o)
{
	uint64_t shmmax = sysv_shmmax();
	struct seg seg;
	int id;

	if (spec_resolve(spec) < 0) {
		warnx("%s: %s", spec->text, strerror_lower(errno));
		return EXIT_FAIL;
	}
	if (shmmax != 0 && o->size > shmmax) {
		warnx("%s: size %llu is above kernel.shmmax (%llu)", spec->text,
		    (unsigned long long)o->size, (unsigned long long)shmmax);
		return EXIT_FAIL;
	}
	if (sysv_create(spec->key, o->size, o->mode,
	    o->hugetlb ? SYSV_HUGETLB : 0, &id) == 0)
		return report_created(id, NULL);
	if (errno != EEXIST || !o->exist_ok) {
		warnx("%s: %s", spec->text, sysv_create_error(errno, o));
		return EXIT_FAIL;
	}
	if (accept_existing(spec, o, &seg) < 0)
		return EXIT_FAIL;
	printf("%d\n", seg.id);
	return EXIT_OK;
}

static int create_posix(struct spec *spec, const struct create_opts *o)
{
	struct seg seg;

	if (o->size > INT64_MAX) {
		warnx("%s: size %llu is above the largest file size", spec->text,
		    (unsigned long long)o->size);
		return EXIT_FAIL;
	}
	if (posix_create(spec->path, o->size, o->mode) == 0)
		return report_created(-1, spec->path);
	if (errno != EEXIST || !o->exist_ok) {
		warnx("%s: %s", spec->text, seg_strerror(errno));
		return EXIT_FAIL;
	}
	if (accept_existing(spec, o, &seg) < 0)
		return EXIT_FAIL;
	printf("%s\n", spec->path);
	return EXIT_OK;
}

static int create_one(struct spec *spec, const struct create_opts *o)
{
	return spec->kind == SPEC_POSIX ? create_posix(spec, o) :
	    create_sysv(spec, o);
}

int cmd_create(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "mode", required_argument, NULL, 'm' },
		{ "exist-ok", no_argument, NULL, 'E' },
		{ "hugetlb", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct create_opts o = { .mode = 0600 };
	bool have_size = false;
	struct spec *specs;
	int c, status = EXIT_OK;

	while ((c = cmd_getopt(argc, argv, "hm:s:", longopts)) != -1) {
		switch (c) {
		case 'E':
			o.exist_ok = true;
			break;
		case 'H':
			o.hugetlb = true;
			break;
		case 'h':
			return cmd_help(options_help);
		case 'm':
			if (opt_mode("-m", optarg, &o.mode) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			/* The kernel's limits are checked per kind, as failures. */
			if (opt_size("-s", optarg, UINT64_MAX, &o.size) < 0)
				return EXIT_USAGE;
			have_size = true;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("no SPEC given (see shmtool create --help)");
	if (!have_size)
		return usage_error("-s SIZE is required");
	/* An id names an existing segment: there is nothing to create by it. */
	specs = specs_parse(argc - optind, argv + optind, (1u << SPEC_KEY) |
	    (1u << SPEC_FTOK) | (1u << SPEC_PRIVATE) | (1u << SPEC_POSIX));
	if (specs == NULL)
		return EXIT_USAGE;
	for (int i = 0; o.hugetlb && i < argc - optind; i++)
		if (specs[i].kind == SPEC_POSIX) {
			free(specs);
			return usage_error("%s: --hugetlb is for SysV segments",
			    argv[optind + i]);
		}
	for (int i = 0; i < argc - optind; i++)
		if (create_one(&specs[i], &o) != EXIT_OK)
			status = EXIT_FAIL;
	free(specs);
	return status;
}
