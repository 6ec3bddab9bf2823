/*
 * create.c - shmtool create: make segments, exclusively by default.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
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
		    seg_strerror(SEG_SYSV, err);
	case EINVAL:
		return o->hugetlb ? "size not possible with huge pages" :
		    "size out of the kernel's range (kernel.shmmax)";
	}
	return seg_strerror(SEG_SYSV, err);
}

/*
 * Print a name (escaped, so that it is one line that names the object
 * back) or an id, at once; -1 if it cannot reach the caller (stdout
 * closed, a pipe no one reads, a full disk).
 */
static int report(const char *name, int id)
{
	if (name != NULL)
		printf("%s\n", shown(name));
	else
		printf("%d\n", id);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	warnx("write error: %s", strerror_lower(errno));
	/* Said once here: drop what is buffered so exit does not say it again. */
	__fpurge(stdout);
	clearerr(stdout);
	return -1;
}

/*
 * What was made is reported at once: if the id cannot reach the caller,
 * a private segment would be lost for good and a keyed one would make the
 * retry fail.  So a failed report takes it back.
 */
static int report_created(const char *name, int id)
{
	if (report(name, id) == 0)
		return EXIT_OK;
	if (name != NULL)
		posix_remove(name);
	else
		sysv_remove(id);
	return EXIT_FAIL;
}

/*
 * --exist-ok: an existing segment will do if it is big enough and the
 * caller may read and write it, the same check for both kinds (what
 * shmget(key, 0, 0600) and open(O_RDWR) would ask).
 */
static int accept_existing(struct spec *spec, const struct create_opts *o)
{
	struct seg seg;
	int rc = EXIT_FAIL;

	if (spec_find(spec, &seg) < 0)
		return EXIT_FAIL;
	if (seg.size < o->size)
		fail_on(spec, "exists with %llu bytes, fewer than %llu",
		    (unsigned long long)seg.size, (unsigned long long)o->size);
	else if (seg_access(&seg, true) < 0)
		fail_spec(spec, errno);
	else
		rc = report(seg.kind == SEG_SYSV ? NULL : seg.name, seg.id) < 0 ?
		    EXIT_FAIL : EXIT_OK;
	seg_clear(&seg);
	return rc;
}

/* Why seg_create failed, in words that say which limit was hit. */
static int create_failed(const struct spec *spec, const struct create_opts *o)
{
	if (errno == EFBIG && spec->kind == SPEC_POSIX)
		return fail_on(spec, "size %llu is above the largest file size",
		    (unsigned long long)o->size);
	if (errno == EFBIG)
		return fail_on(spec, "size %llu is above kernel.shmmax (%llu)",
		    (unsigned long long)o->size, (unsigned long long)sysv_shmmax());
	if (spec->kind == SPEC_FTOK)
		return fail_on(spec, "%s", errno == EINVAL ?
		    "ftok gives key 0 (IPC_PRIVATE), which names no segment" :
		    strerror_lower(errno));
	if (spec->kind == SPEC_POSIX)
		return fail_spec(spec, errno);
	return fail_on(spec, "%s", sysv_create_error(errno, o));
}

static int create_one(struct spec *spec, const struct create_opts *o)
{
	int id;

	if (seg_create(spec, o->size, o->mode, o->hugetlb ? SYSV_HUGETLB : 0, &id) == 0)
		return report_created(spec->kind == SPEC_POSIX ? spec->path : NULL, id);
	if (errno != EEXIST || !o->exist_ok)
		return create_failed(spec, o);
	return accept_existing(spec, o);
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
	for (int i = 0; i < argc - optind; i++) {
		const char *why = NULL;

		if (o.hugetlb && specs[i].kind == SPEC_POSIX)
			why = "--hugetlb is for SysV segments";
		/* glibc's sem_open keeps its semaphores there: not ours to make. */
		else if (spec_is_sem(&specs[i]))
			why = SEM_REFUSED;
		if (why != NULL) {
			free(specs);
			return usage_error("%s: %s", shown(argv[optind + i]), why);
		}
	}
	for (int i = 0; i < argc - optind; i++)
		if (create_one(&specs[i], &o) != EXIT_OK)
			status = EXIT_FAIL;
	free(specs);
	return status;
}
