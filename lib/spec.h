/*
 * spec.h - parse what the user types: segment SPECs, sizes, modes,
 * durations and ftok projects.  Parsers are strict: no sign, no blank, no
 * trailing junk, no silent truncation.  They never print; on failure they
 * return -1 and point *why at a short lowercase reason.
 */
#ifndef SHMTOOL_SPEC_H
#define SHMTOOL_SPEC_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

enum spec_kind {
	SPEC_KEY,	/* 0x5005, key:N */
	SPEC_ID,	/* 32768, id:N */
	SPEC_FTOK,	/* ftok:PATH:PROJ, a key once resolved */
	SPEC_PRIVATE,	/* IPC_PRIVATE, create only */
	SPEC_POSIX,	/* /name */
	SPEC_FILE,	/* file:PATH */
};

struct spec {
	enum spec_kind kind;
	const char *text;	/* the argument as typed, for messages */
	key_t key;		/* SPEC_KEY, and SPEC_FTOK once resolved */
	int id;			/* SPEC_ID */
	int proj;		/* SPEC_FTOK: ftok uses its low 8 bits */
	/*
	 * SPEC_POSIX: "/name"; SPEC_FILE: the path; SPEC_FTOK: the path ftok
	 * gets.  POSIX names and file paths come with their \xNN escapes
	 * undone (text.h), so that what shmtool prints names the same object.
	 */
	char path[PATH_MAX];
};

/* Parse a SPEC (see shmtool(1)); out->text points to arg, which must outlive it. */
int spec_parse(const char *arg, struct spec *out, const char **why);

/* ftok(3), telling its error from the valid key 0xffffffff. */
int spec_ftok(const char *path, int proj, key_t *key);

/*
 * Turn SPEC_FTOK into SPEC_KEY by calling ftok(3); -1 with errno on
 * failure, EINVAL if ftok made key 0 (IPC_PRIVATE, which names nothing).
 */
int spec_resolve(struct spec *spec);

/* Check a POSIX object name: "/x", no further '/', not "/." or "/..". */
int spec_check_posix_name(const char *name, const char **why);

/* Sizes: 4096, 4K, 1M, 2G ... (binary), 1 to max. */
int spec_parse_size(const char *arg, uint64_t max, uint64_t *out, const char **why);

/* Offsets and lengths: like sizes but 0 is allowed. */
int spec_parse_offset(const char *arg, uint64_t *out, const char **why);

/* Permission modes: octal, 0 to 0777. */
int spec_parse_mode(const char *arg, mode_t *out, const char **why);

/* Durations: 90, 90s, 15m, 2h, 7d. */
int spec_parse_duration(const char *arg, time_t *out, const char **why);

/*
 * ftok projects: one character ("A") or a number in any base ("0x6666"),
 * 0 to INT_MAX; ftok(3) takes an int and uses its low 8 bits.
 */
int spec_parse_proj(const char *arg, int *out, const char **why);

/* SysV keys 0x0-0xffffffff and ids 0-INT_MAX, in any base. */
int spec_parse_key(const char *arg, key_t *out, const char **why);
int spec_parse_id(const char *arg, int *out, const char **why);

/* Format a key the way ipcs prints it: 0x%08x. buf holds KEY_STRLEN. */
#define KEY_STRLEN 11
char *spec_format_key(key_t key, char *buf);

#endif
