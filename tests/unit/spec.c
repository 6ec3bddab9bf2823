/*
 * spec.c - table-driven tests of the parsers in lib/spec.h.
 *
 * One row per input and its expected result: accepted with a value, or
 * refused (with a reason in *why).  Prints one line per row that fails and
 * exits 1 if any did; prints nothing and exits 0 otherwise.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#include "../../lib/spec.h"

enum { NO, OK };

static int failed, rows;

static void fail(const char *fn, const char *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(const char *fn, const char *arg, const char *fmt, ...)
{
	va_list ap;

	printf("%s(\"%s\"): ", fn, arg);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed++;
}

/*
 * Check one row's outcome: rc of the parser, whether it should succeed,
 * and on failure that it gave a reason.  Returns true if the value should
 * be compared next.
 */
static bool outcome(const char *fn, const char *arg, int rc, int ok,
    const char *why)
{
	rows++;
	if (ok && rc != 0) {
		fail(fn, arg, "refused (%s), want accepted", why ? why : "no reason");
		return false;
	}
	if (!ok && rc == 0) {
		fail(fn, arg, "accepted, want refused");
		return false;
	}
	if (!ok && (rc != -1 || why == NULL || why[0] == '\0'))
		fail(fn, arg, "refused with rc %d and no reason", rc);
	return ok;
}

/* --- sizes and offsets ------------------------------------------------------ */

static const struct {
	const char *arg;
	uint64_t max;
	int ok;
	uint64_t want;
} size_rows[] = {
	{ "4096", INT64_MAX, OK, 4096 },
	{ "1", INT64_MAX, OK, 1 },
	{ "4K", INT64_MAX, OK, 4096 },
	{ "4k", INT64_MAX, OK, 4096 },
	{ "1M", INT64_MAX, OK, 1048576 },
	{ "2G", INT64_MAX, OK, 2147483648ULL },
	{ "1T", INT64_MAX, OK, 1ULL << 40 },
	{ "1P", INT64_MAX, OK, 1ULL << 50 },
	{ "7E", INT64_MAX, OK, 7ULL << 60 },
	{ "8E", INT64_MAX, NO, 0 },		/* 2^63 > INT64_MAX */
	{ "9223372036854775807", INT64_MAX, OK, INT64_MAX },
	{ "9223372036854775808", INT64_MAX, NO, 0 },
	{ "18446744073709551615", UINT64_MAX, OK, UINT64_MAX },
	{ "18446744073709551616", UINT64_MAX, NO, 0 },
	{ "15E", UINT64_MAX, OK, 15ULL << 60 },
	{ "16E", UINT64_MAX, NO, 0 },		/* 2^64 wraps to 0 */
	{ "99999999999999999999", UINT64_MAX, NO, 0 },
	{ "4096", 4096, OK, 4096 },
	{ "4K", 4096, OK, 4096 },
	{ "4097", 4096, NO, 0 },
	{ "010", INT64_MAX, OK, 10 },		/* decimal, not octal */
	{ "08", INT64_MAX, OK, 8 },
	{ "0", INT64_MAX, NO, 0 },
	{ "0K", INT64_MAX, NO, 0 },
	{ "", INT64_MAX, NO, 0 },
	{ "-1", INT64_MAX, NO, 0 },
	{ "+1", INT64_MAX, NO, 0 },
	{ " 1", INT64_MAX, NO, 0 },
	{ "1 ", INT64_MAX, NO, 0 },
	{ "0x10", INT64_MAX, NO, 0 },
	{ "4Q", INT64_MAX, NO, 0 },
	{ "1KB", INT64_MAX, NO, 0 },
	{ "1B", INT64_MAX, NO, 0 },
	{ "K", INT64_MAX, NO, 0 },
	{ "1.5K", INT64_MAX, NO, 0 },
	{ "1e3", INT64_MAX, NO, 0 },
};

static const struct {
	const char *arg;
	int ok;
	uint64_t want;
} offset_rows[] = {
	{ "0", OK, 0 },
	{ "0K", OK, 0 },
	{ "1", OK, 1 },
	{ "4K", OK, 4096 },
	{ "1E", OK, 1ULL << 60 },
	{ "18446744073709551615", OK, UINT64_MAX },
	{ "18446744073709551616", NO, 0 },
	{ "16E", NO, 0 },
	{ "010", OK, 10 },
	{ "", NO, 0 },
	{ "-0", NO, 0 },
	{ "-1", NO, 0 },
	{ " 0", NO, 0 },
	{ "0x0", NO, 0 },
	{ "k", NO, 0 },
	{ "1KK", NO, 0 },
};

static void test_sizes(void)
{
	for (size_t i = 0; i < sizeof(size_rows) / sizeof(size_rows[0]); i++) {
		const char *why = NULL;
		uint64_t v = 0;
		int rc = spec_parse_size(size_rows[i].arg, size_rows[i].max, &v, &why);

		if (rc == 0 && !size_rows[i].ok) {
			rows++;
			fail("spec_parse_size", size_rows[i].arg, "accepted as %" PRIu64
			    ", want refused", v);
			continue;
		}
		if (outcome("spec_parse_size", size_rows[i].arg, rc, size_rows[i].ok, why) &&
		    v != size_rows[i].want)
			fail("spec_parse_size", size_rows[i].arg, "%" PRIu64 ", want %" PRIu64,
			    v, size_rows[i].want);
	}
	for (size_t i = 0; i < sizeof(offset_rows) / sizeof(offset_rows[0]); i++) {
		const char *why = NULL;
		uint64_t v = 0;
		int rc = spec_parse_offset(offset_rows[i].arg, &v, &why);

		if (rc == 0 && !offset_rows[i].ok) {
			rows++;
			fail("spec_parse_offset", offset_rows[i].arg, "accepted as %" PRIu64
			    ", want refused", v);
			continue;
		}
		if (outcome("spec_parse_offset", offset_rows[i].arg, rc, offset_rows[i].ok, why) &&
		    v != offset_rows[i].want)
			fail("spec_parse_offset", offset_rows[i].arg, "%" PRIu64 ", want %" PRIu64,
			    v, offset_rows[i].want);
	}
}

/* --- modes ------------------------------------------------------------------ */

static const struct {
	const char *arg;
	int ok;
	mode_t want;
} mode_rows[] = {
	{ "0600", OK, 0600 },
	{ "600", OK, 0600 },
	{ "0", OK, 0 },
	{ "0000", OK, 0 },
	{ "0777", OK, 0777 },
	{ "777", OK, 0777 },
	{ "00777", OK, 0777 },
	{ "000777", OK, 0777 },		/* leading zeros change nothing */
	{ "0640", OK, 0640 },
	{ "01000", NO, 0 },		/* IPC_CREAT */
	{ "02000", NO, 0 },		/* IPC_EXCL */
	{ "04000", NO, 0 },		/* SHM_HUGETLB */
	{ "07777", NO, 0 },
	{ "0999", NO, 0 },
	{ "8", NO, 0 },
	{ "abc", NO, 0 },
	{ "", NO, 0 },
	{ "-600", NO, 0 },
	{ "+600", NO, 0 },
	{ " 600", NO, 0 },
	{ "600 ", NO, 0 },
	{ "0x1ff", NO, 0 },
	{ "0o600", NO, 0 },
	{ "rw-------", NO, 0 },
	{ "u+rw", NO, 0 },
	{ "00000000000000000000000600", OK, 0600 },	/* however many */
};

static void test_modes(void)
{
	for (size_t i = 0; i < sizeof(mode_rows) / sizeof(mode_rows[0]); i++) {
		const char *why = NULL;
		mode_t v = 0;
		int rc = spec_parse_mode(mode_rows[i].arg, &v, &why);

		if (outcome("spec_parse_mode", mode_rows[i].arg, rc, mode_rows[i].ok, why) &&
		    v != mode_rows[i].want)
			fail("spec_parse_mode", mode_rows[i].arg, "%04o, want %04o",
			    (unsigned)v, (unsigned)mode_rows[i].want);
	}
}

/* --- durations -------------------------------------------------------------- */

static const struct {
	const char *arg;
	int ok;
	long long want;
} duration_rows[] = {
	{ "90", OK, 90 },
	{ "90s", OK, 90 },
	{ "0", OK, 0 },
	{ "0s", OK, 0 },
	{ "15m", OK, 900 },
	{ "2h", OK, 7200 },
	{ "7d", OK, 604800 },
	{ "010s", OK, 10 },		/* decimal, not octal */
	{ "08", OK, 8 },
	{ "2147483647d", OK, 2147483647LL * 86400 },
	{ "2147483648d", NO, 0 },
	{ "99999999999999999999", NO, 0 },
	{ "999999999999999999999999", NO, 0 },
	{ "", NO, 0 },
	{ "s", NO, 0 },
	{ "-1", NO, 0 },
	{ "-1s", NO, 0 },
	{ "+1s", NO, 0 },
	{ " 1s", NO, 0 },
	{ "1s ", NO, 0 },
	{ "1w", NO, 0 },
	{ "1ss", NO, 0 },
	{ "1h30m", NO, 0 },
	{ "1.5h", NO, 0 },
	{ "0x10", NO, 0 },
};

static void test_durations(void)
{
	for (size_t i = 0; i < sizeof(duration_rows) / sizeof(duration_rows[0]); i++) {
		const char *why = NULL;
		time_t v = 0;
		int rc = spec_parse_duration(duration_rows[i].arg, &v, &why);

		if (outcome("spec_parse_duration", duration_rows[i].arg, rc,
		    duration_rows[i].ok, why) && (long long)v != duration_rows[i].want)
			fail("spec_parse_duration", duration_rows[i].arg, "%lld, want %lld",
			    (long long)v, duration_rows[i].want);
	}
}

/* --- ftok projects, keys, ids ----------------------------------------------- */

static const struct {
	const char *arg;
	int ok;
	int want;
} proj_rows[] = {
	{ "A", OK, 'A' },
	{ "z", OK, 'z' },
	{ "-", OK, '-' },
	{ "0x41", OK, 0x41 },
	{ "0X41", OK, 0x41 },
	{ "65", OK, 65 },
	{ "0101", OK, 65 },		/* a number in any base, as C writes it */
	{ "1", OK, 1 },			/* a digit is a number, not '1' */
	{ "255", OK, 255 },
	{ "0xff", OK, 255 },
	/* Any int, as ftok(3) takes it; it uses the low 8 bits itself. */
	{ "0", OK, 0 },
	{ "0x0", OK, 0 },
	{ "256", OK, 256 },
	{ "0x6666", OK, 0x6666 },
	{ "2147483647", OK, INT_MAX },
	{ "2147483648", NO, 0 },
	{ "4294967361", NO, 0 },	/* 2^32 + 65 is not 65 */
	{ "", NO, 0 },
	{ "AB", NO, 0 },
	{ "-1", NO, 0 },
	{ " 65", NO, 0 },
	{ "65 ", NO, 0 },
	{ "6a", NO, 0 },
};

static const struct {
	const char *arg;
	int ok;
	uint32_t want;
} key_rows[] = {
	{ "0x5005", OK, 0x5005 },
	{ "0X5005", OK, 0x5005 },
	{ "20485", OK, 20485 },
	{ "0", OK, 0 },			/* spec_parse refuses key 0, not parse_key */
	{ "0x0", OK, 0 },
	{ "010", OK, 8 },		/* any base, as C writes it */
	{ "0xffffffff", OK, 0xffffffffu },
	{ "4294967295", OK, 0xffffffffu },
	{ "0x7fffffff", OK, 0x7fffffff },
	{ "0x80000000", OK, 0x80000000u },
	{ "0x100000000", NO, 0 },	/* never truncated */
	{ "4294967296", NO, 0 },
	{ "0x1ffffffff", NO, 0 },
	{ "99999999999999999999999", NO, 0 },
	{ "", NO, 0 },
	{ "0x", NO, 0 },
	{ "x5005", NO, 0 },
	{ "-1", NO, 0 },
	{ "+1", NO, 0 },
	{ " 1", NO, 0 },
	{ "1 ", NO, 0 },
	{ "0x5005g", NO, 0 },
	{ "08", NO, 0 },
	{ "1e3", NO, 0 },
};

static const struct {
	const char *arg;
	int ok;
	int want;
} id_rows[] = {
	{ "0", OK, 0 },
	{ "32768", OK, 32768 },
	{ "2147483647", OK, INT_MAX },
	{ "0x10", OK, 16 },
	{ "2147483648", NO, 0 },
	{ "4294967296", NO, 0 },
	{ "99999999999999999999999", NO, 0 },
	{ "", NO, 0 },
	{ "-1", NO, 0 },
	{ "-0", NO, 0 },
	{ "+1", NO, 0 },
	{ " 1", NO, 0 },
	{ "1 ", NO, 0 },
	{ "abc", NO, 0 },
	{ "12ab", NO, 0 },
};

static void test_numbers(void)
{
	for (size_t i = 0; i < sizeof(proj_rows) / sizeof(proj_rows[0]); i++) {
		const char *why = NULL;
		int v = 0;
		int rc = spec_parse_proj(proj_rows[i].arg, &v, &why);

		if (outcome("spec_parse_proj", proj_rows[i].arg, rc, proj_rows[i].ok, why) &&
		    v != proj_rows[i].want)
			fail("spec_parse_proj", proj_rows[i].arg, "%d, want %d", v,
			    proj_rows[i].want);
	}
	for (size_t i = 0; i < sizeof(key_rows) / sizeof(key_rows[0]); i++) {
		const char *why = NULL;
		key_t v = 0;
		int rc = spec_parse_key(key_rows[i].arg, &v, &why);

		if (outcome("spec_parse_key", key_rows[i].arg, rc, key_rows[i].ok, why) &&
		    (uint32_t)v != key_rows[i].want)
			fail("spec_parse_key", key_rows[i].arg, "0x%08x, want 0x%08x",
			    (uint32_t)v, key_rows[i].want);
	}
	for (size_t i = 0; i < sizeof(id_rows) / sizeof(id_rows[0]); i++) {
		const char *why = NULL;
		int v = -1;
		int rc = spec_parse_id(id_rows[i].arg, &v, &why);

		if (outcome("spec_parse_id", id_rows[i].arg, rc, id_rows[i].ok, why) &&
		    v != id_rows[i].want)
			fail("spec_parse_id", id_rows[i].arg, "%d, want %d", v,
			    id_rows[i].want);
	}
}

/* --- POSIX names ------------------------------------------------------------ */

static void test_posix_names(void)
{
	static const struct {
		const char *arg;
		int ok;
	} name_rows[] = {
		{ "/a", OK },
		{ "/shm-1.data", OK },
		{ "/.a", OK },
		{ "/..a", OK },
		{ "/...", OK },
		{ "/a b", OK },
		{ "", NO },
		{ "a", NO },
		{ "/", NO },
		{ "//", NO },
		{ "/a/", NO },
		{ "/a/b", NO },
		{ "//a", NO },
		{ "/.", NO },
		{ "/..", NO },
	};
	char longest[NAME_MAX + 2], too_long[NAME_MAX + 3];
	const char *why;
	int rc;

	for (size_t i = 0; i < sizeof(name_rows) / sizeof(name_rows[0]); i++) {
		why = NULL;
		rc = spec_check_posix_name(name_rows[i].arg, &why);
		outcome("spec_check_posix_name", name_rows[i].arg, rc,
		    name_rows[i].ok, why);
	}
	/* "/" and NAME_MAX characters is the longest name /dev/shm can hold. */
	longest[0] = '/';
	memset(longest + 1, 'x', NAME_MAX);
	longest[NAME_MAX + 1] = '\0';
	why = NULL;
	rc = spec_check_posix_name(longest, &why);
	outcome("spec_check_posix_name", "/x{255}", rc, OK, why);
	too_long[0] = '/';
	memset(too_long + 1, 'x', NAME_MAX + 1);
	too_long[NAME_MAX + 2] = '\0';
	why = NULL;
	rc = spec_check_posix_name(too_long, &why);
	outcome("spec_check_posix_name", "/x{256}", rc, NO, why);
}

/* --- SPECs ------------------------------------------------------------------ */

static const struct {
	const char *arg;
	int ok;
	enum spec_kind kind;
	uint32_t key;		/* SPEC_KEY, SPEC_PRIVATE */
	int id;			/* SPEC_ID */
	const char *path;	/* SPEC_POSIX, SPEC_FILE; SPEC_FTOK: what ftok gets */
	int proj;		/* SPEC_FTOK */
} spec_rows[] = {
	{ "/shm", OK, SPEC_POSIX, 0, 0, "/shm", 0 },
	{ "/a.b-c", OK, SPEC_POSIX, 0, 0, "/a.b-c", 0 },
	{ "/", NO, 0, 0, 0, NULL, 0 },
	{ "/a/b", NO, 0, 0, 0, NULL, 0 },
	/* \xNN is a byte, as shmtool prints names; any other '\' is itself. */
	{ "/a\\x20b", OK, SPEC_POSIX, 0, 0, "/a b", 0 },
	{ "/\\xff\\xFE", OK, SPEC_POSIX, 0, 0, "/\xff\xfe", 0 },
	{ "/nl\\x0ahere", OK, SPEC_POSIX, 0, 0, "/nl\nhere", 0 },
	{ "/a\\x5cx41", OK, SPEC_POSIX, 0, 0, "/a\\x41", 0 },
	{ "/a\\b", OK, SPEC_POSIX, 0, 0, "/a\\b", 0 },
	{ "/a\\x4", OK, SPEC_POSIX, 0, 0, "/a\\x4", 0 },
	{ "/a\\xzz", OK, SPEC_POSIX, 0, 0, "/a\\xzz", 0 },
	{ "/a\\x2fb", NO, 0, 0, 0, NULL, 0 },	/* a further '/' */
	{ "/a\\x00b", NO, 0, 0, 0, NULL, 0 },	/* a NUL */
	{ "/\\x2e\\x2e", NO, 0, 0, 0, NULL, 0 },	/* ".." */
	{ "/.", NO, 0, 0, 0, NULL, 0 },
	{ "/..", NO, 0, 0, 0, NULL, 0 },
	{ "private", OK, SPEC_PRIVATE, 0, 0, NULL, 0 },
	{ "PRIVATE", NO, 0, 0, 0, NULL, 0 },
	{ "privat", NO, 0, 0, 0, NULL, 0 },
	{ "0x5005", OK, SPEC_KEY, 0x5005, 0, NULL, 0 },
	{ "0X5005", OK, SPEC_KEY, 0x5005, 0, NULL, 0 },
	{ "0x00005005", OK, SPEC_KEY, 0x5005, 0, NULL, 0 },
	{ "0xffffffff", OK, SPEC_KEY, 0xffffffffu, 0, NULL, 0 },
	{ "0x80000000", OK, SPEC_KEY, 0x80000000u, 0, NULL, 0 },
	{ "0x100000000", NO, 0, 0, 0, NULL, 0 },
	{ "0x0", NO, 0, 0, 0, NULL, 0 },		/* IPC_PRIVATE */
	{ "0x00000000", NO, 0, 0, 0, NULL, 0 },
	{ "0x", NO, 0, 0, 0, NULL, 0 },
	{ "0x5005x", NO, 0, 0, 0, NULL, 0 },
	{ "key:20485", OK, SPEC_KEY, 0x5005, 0, NULL, 0 },
	{ "key:0x5005", OK, SPEC_KEY, 0x5005, 0, NULL, 0 },
	{ "key:4294967295", OK, SPEC_KEY, 0xffffffffu, 0, NULL, 0 },
	{ "key:4294967296", NO, 0, 0, 0, NULL, 0 },
	{ "key:0", NO, 0, 0, 0, NULL, 0 },
	{ "key:", NO, 0, 0, 0, NULL, 0 },
	{ "key:-1", NO, 0, 0, 0, NULL, 0 },
	{ "32768", OK, SPEC_ID, 0, 32768, NULL, 0 },
	{ "0", OK, SPEC_ID, 0, 0, NULL, 0 },
	{ "010", OK, SPEC_ID, 0, 10, NULL, 0 },	/* decimal, as ipcrm */
	{ "2147483647", OK, SPEC_ID, 0, INT_MAX, NULL, 0 },
	{ "2147483648", NO, 0, 0, 0, NULL, 0 },
	{ "12ab", NO, 0, 0, 0, NULL, 0 },
	{ "-1", NO, 0, 0, 0, NULL, 0 },
	{ "id:32768", OK, SPEC_ID, 0, 32768, NULL, 0 },
	{ "id:0x10", OK, SPEC_ID, 0, 16, NULL, 0 },
	{ "id:", NO, 0, 0, 0, NULL, 0 },
	{ "id:-1", NO, 0, 0, 0, NULL, 0 },
	{ "id:2147483648", NO, 0, 0, 0, NULL, 0 },
	{ "ftok:/tmp:A", OK, SPEC_FTOK, 0, 0, "/tmp", 'A' },
	{ "ftok:/tmp:0x41", OK, SPEC_FTOK, 0, 0, "/tmp", 0x41 },
	{ "ftok:/tmp:255", OK, SPEC_FTOK, 0, 0, "/tmp", 255 },
	{ "ftok:/a:b:A", OK, SPEC_FTOK, 0, 0, "/a:b", 'A' },
	{ "ftok:rel:A", OK, SPEC_FTOK, 0, 0, "rel", 'A' },
	{ "ftok:", NO, 0, 0, 0, NULL, 0 },
	{ "ftok:/tmp", NO, 0, 0, 0, NULL, 0 },
	{ "ftok::A", NO, 0, 0, 0, NULL, 0 },
	{ "ftok:/tmp:", NO, 0, 0, 0, NULL, 0 },
	{ "ftok:.:0x6666", OK, SPEC_FTOK, 0, 0, ".", 0x6666 },
	{ "ftok:/tmp:0", OK, SPEC_FTOK, 0, 0, "/tmp", 0 },
	{ "ftok:/tmp:2147483648", NO, 0, 0, 0, NULL, 0 },
	{ "ftok:/tmp:AB", NO, 0, 0, 0, NULL, 0 },
	{ "file:/etc/passwd", OK, SPEC_FILE, 0, 0, "/etc/passwd", 0 },
	{ "file:rel/path", OK, SPEC_FILE, 0, 0, "rel/path", 0 },
	{ "file:/tmp/a\\x20b", OK, SPEC_FILE, 0, 0, "/tmp/a b", 0 },
	{ "file:", NO, 0, 0, 0, NULL, 0 },
	{ "", NO, 0, 0, 0, NULL, 0 },
	{ "abc", NO, 0, 0, 0, NULL, 0 },
	{ " 0x5005", NO, 0, 0, 0, NULL, 0 },
	{ "0x5005 ", NO, 0, 0, 0, NULL, 0 },
	{ "x:1", NO, 0, 0, 0, NULL, 0 },
};

static void test_specs(void)
{
	for (size_t i = 0; i < sizeof(spec_rows) / sizeof(spec_rows[0]); i++) {
		const char *arg = spec_rows[i].arg;
		const char *why = NULL;
		struct spec s;
		int rc = spec_parse(arg, &s, &why);

		if (!outcome("spec_parse", arg, rc, spec_rows[i].ok, why))
			continue;
		if (s.kind != spec_rows[i].kind) {
			fail("spec_parse", arg, "kind %d, want %d", (int)s.kind,
			    (int)spec_rows[i].kind);
			continue;
		}
		if (s.text != arg)
			fail("spec_parse", arg, "text is not the argument");
		switch (s.kind) {
		case SPEC_KEY:
		case SPEC_PRIVATE:
			if ((uint32_t)s.key != spec_rows[i].key)
				fail("spec_parse", arg, "key 0x%08x, want 0x%08x",
				    (uint32_t)s.key, spec_rows[i].key);
			break;
		case SPEC_ID:
			if (s.id != spec_rows[i].id)
				fail("spec_parse", arg, "id %d, want %d", s.id,
				    spec_rows[i].id);
			break;
		case SPEC_POSIX:
		case SPEC_FILE:
			if (strcmp(s.path, spec_rows[i].path) != 0)
				fail("spec_parse", arg, "path \"%s\", want \"%s\"",
				    s.path, spec_rows[i].path);
			break;
		case SPEC_FTOK:
			if (s.proj != spec_rows[i].proj)
				fail("spec_parse", arg, "proj %d, want %d", s.proj,
				    spec_rows[i].proj);
			if (strcmp(s.path, spec_rows[i].path) != 0)
				fail("spec_parse", arg, "ftok path \"%s\", want \"%s\"",
				    s.path, spec_rows[i].path);
			break;
		}
	}
}

/* ftok:PATH:PROJ resolves to ftok(PATH, PROJ), and a missing PATH fails. */
static void test_resolve(void)
{
	static const struct {
		const char *arg;
		const char *path;
		int proj;
		int ok;
	} res_rows[] = {
		{ "ftok:/tmp:A", "/tmp", 'A', OK },
		{ "ftok:/:0xff", "/", 0xff, OK },
		{ "ftok:/nonexistent-shmtool-test:A", NULL, 0, NO },
	};

	for (size_t i = 0; i < sizeof(res_rows) / sizeof(res_rows[0]); i++) {
		const char *arg = res_rows[i].arg;
		const char *why = NULL;
		struct spec s;
		int rc;

		if (spec_parse(arg, &s, &why) < 0) {
			rows++;
			fail("spec_resolve", arg, "spec_parse refused (%s)", why);
			continue;
		}
		errno = 0;
		rc = spec_resolve(&s);
		if (!outcome("spec_resolve", arg, rc, res_rows[i].ok,
		    rc < 0 ? strerror(errno) : NULL))
			continue;
		if (s.kind != SPEC_KEY || s.key != ftok(res_rows[i].path, res_rows[i].proj))
			fail("spec_resolve", arg, "kind %d key 0x%08x, want the key of ftok",
			    (int)s.kind, (uint32_t)s.key);
	}
}

static void test_format_key(void)
{
	static const struct {
		uint32_t key;
		const char *want;
	} rows_fk[] = {
		{ 0, "0x00000000" },
		{ 0x5005, "0x00005005" },
		{ 0x80000000u, "0x80000000" },
		{ 0xffffffffu, "0xffffffff" },
	};
	char buf[KEY_STRLEN];

	for (size_t i = 0; i < sizeof(rows_fk) / sizeof(rows_fk[0]); i++) {
		rows++;
		if (strcmp(spec_format_key((key_t)rows_fk[i].key, buf), rows_fk[i].want) != 0)
			fail("spec_format_key", rows_fk[i].want, "gives \"%s\"", buf);
	}
}

int main(void)
{
	test_sizes();
	test_modes();
	test_durations();
	test_numbers();
	test_posix_names();
	test_specs();
	test_resolve();
	test_format_key();
	if (failed > 0) {
		printf("%d of %d rows failed\n", failed, rows);
		return 1;
	}
	return 0;
}
