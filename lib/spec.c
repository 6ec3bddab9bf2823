/*
 * spec.c - strict parsers for everything the user types.
 */
#include "spec.h"

#include <bsd/libutil.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#include "text.h"

/*
 * strtoull accepts leading blanks, a sign ("-1" wraps to 2^64-1) and
 * stops at junk; we want none of that.  Any base, as C writes it.
 */
static int parse_unsigned(const char *arg, uint64_t max, uint64_t *out,
    const char **why)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)arg[0])) {
		*why = arg[0] == '\0' ? "empty number" : "not a number";
		return -1;
	}
	errno = 0;
	v = strtoull(arg, &end, 0);
	if (*end != '\0') {
		*why = "not a number";
		return -1;
	}
	if (errno == ERANGE || v > max) {
		*why = "out of range";
		return -1;
	}
	*out = v;
	return 0;
}

int spec_parse_key(const char *arg, key_t *out, const char **why)
{
	uint64_t v;

	if (parse_unsigned(arg, UINT32_MAX, &v, why) < 0) {
		if (strcmp(*why, "out of range") == 0)
			*why = "key out of range (at most 0xffffffff)";
		return -1;
	}
	*out = (key_t)(uint32_t)v;
	return 0;
}

int spec_parse_id(const char *arg, int *out, const char **why)
{
	uint64_t v;

	if (parse_unsigned(arg, INT_MAX, &v, why) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

int spec_parse_proj(const char *arg, int *out, const char **why)
{
	uint64_t v;

	/* A lone non-digit is a character, as in ftok(path, 'A'). */
	if (arg[0] != '\0' && arg[1] == '\0' && !isdigit((unsigned char)arg[0])) {
		*out = (unsigned char)arg[0];
		return 0;
	}
	if (parse_unsigned(arg, INT_MAX, &v, why) < 0) {
		*why = "project must be a character or a number (ftok uses its low 8 bits)";
		return -1;
	}
	*out = (int)v;
	return 0;
}

int spec_parse_size(const char *arg, uint64_t max, uint64_t *out, const char **why)
{
	if (spec_parse_offset(arg, out, why) < 0)
		return -1;
	if (*out == 0) {
		*why = "size must be at least 1 byte";
		return -1;
	}
	if (*out > max) {
		*why = "size too large";
		return -1;
	}
	return 0;
}

int spec_parse_offset(const char *arg, uint64_t *out, const char **why)
{
	size_t n = strspn(arg, "0123456789");
	char *end;

	/*
	 * expand_number takes "-1", " 1" and "0x10", reads "010" as octal and
	 * saturates on overflow; accept only digits and one binary suffix,
	 * in decimal, and check the digits' range before handing it over.
	 */
	if (n == 0 || (arg[n] != '\0' &&
	    (strchr("kKmMgGtTpPeE", arg[n]) == NULL || arg[n + 1] != '\0'))) {
		*why = "not a size (use digits and K, M, G, T, P or E)";
		return -1;
	}
	while (arg[0] == '0' && n > 1) {
		arg++;
		n--;
	}
	errno = 0;
	(void)strtoull(arg, &end, 10);
	if (errno == ERANGE || expand_number(arg, out) < 0) {
		*why = errno == ERANGE ? "size too large" : "not a size";
		return -1;
	}
	return 0;
}

int spec_parse_mode(const char *arg, mode_t *out, const char **why)
{
	char *end;
	unsigned long v;

	if (arg[0] == '\0' || strspn(arg, "01234567") != strlen(arg)) {
		*why = "mode must be octal, like 0600";
		return -1;
	}
	v = strtoul(arg, &end, 8);
	/* Bits above 0777 would turn into IPC_CREAT, IPC_EXCL, SHM_HUGETLB. */
	if (v > 0777) {
		*why = "mode must be at most 0777";
		return -1;
	}
	*out = (mode_t)v;
	return 0;
}

int spec_parse_duration(const char *arg, time_t *out, const char **why)
{
	static const struct { char unit; time_t seconds; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	size_t n = strspn(arg, "0123456789");
	time_t mult = 1;
	uint64_t v;
	char digits[24];

	if (n == 0 || n >= sizeof(digits) || (arg[n] != '\0' && arg[n + 1] != '\0'))
		goto bad;
	if (arg[n] != '\0') {
		size_t i;

		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (units[i].unit == arg[n])
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			goto bad;
		mult = units[i].seconds;
	}
	memcpy(digits, arg, n);
	digits[n] = '\0';
	/* Decimal only: "010s" is ten seconds, not eight. */
	while (digits[0] == '0' && digits[1] != '\0')
		memmove(digits, digits + 1, strlen(digits));
	if (parse_unsigned(digits, (uint64_t)INT32_MAX * 86400 / mult, &v, why) < 0)
		return -1;
	*out = (time_t)v * mult;
	return 0;
bad:
	*why = "not a duration (use 90s, 15m, 2h or 7d)";
	return -1;
}

int spec_check_posix_name(const char *name, const char **why)
{
	const char *base = name + 1;

	if (name[0] != '/' || base[0] == '\0') {
		*why = "empty POSIX name";
		return -1;
	}
	if (strchr(base, '/') != NULL) {
		*why = "POSIX name has a further '/'";
		return -1;
	}
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		*why = "POSIX name cannot be '.' or '..'";
		return -1;
	}
	if (strlen(base) > NAME_MAX) {
		*why = "POSIX name longer than NAME_MAX (255)";
		return -1;
	}
	return 0;
}

/* ftok:PATH:PROJ; PATH may itself hold ':', so PROJ is after the last. */
static int parse_ftok(const char *arg, struct spec *out, const char **why)
{
	const char *colon = strrchr(arg, ':');
	size_t len;

	if (colon == NULL || colon == arg) {
		*why = "ftok needs PATH:PROJ";
		return -1;
	}
	if (spec_parse_proj(colon + 1, &out->proj, why) < 0)
		return -1;
	len = (size_t)(colon - arg);
	if (len >= sizeof(out->path)) {
		*why = "path too long";
		return -1;
	}
	memcpy(out->path, arg, len);
	out->path[len] = '\0';
	out->kind = SPEC_FTOK;
	return 0;
}

/* A name or path as typed, its \xNN escapes undone, into out->path. */
static int unescape_path(const char *arg, struct spec *out, const char **why)
{
	if (text_unescape(arg, out->path, sizeof(out->path)) < 0) {
		*why = errno == EINVAL ? "\\x00: a name cannot hold a NUL byte" :
		    "path too long";
		return -1;
	}
	return 0;
}

int spec_parse(const char *arg, struct spec *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->text = arg;
	out->id = -1;

	if (arg[0] == '/') {
		out->kind = SPEC_POSIX;
		if (unescape_path(arg, out, why) < 0)
			return -1;
		return spec_check_posix_name(out->path, why);
	}
	if (strcmp(arg, "private") == 0) {
		out->kind = SPEC_PRIVATE;
		out->key = IPC_PRIVATE;
		return 0;
	}
	if (strncmp(arg, "file:", 5) == 0) {
		out->kind = SPEC_FILE;
		if (arg[5] == '\0') {
			*why = "file: needs a path";
			return -1;
		}
		return unescape_path(arg + 5, out, why);
	}
	if (strncmp(arg, "ftok:", 5) == 0) {
		if (strchr(arg + 5, ':') == NULL || arg[5] == ':') {
			*why = "ftok needs PATH:PROJ";
			return -1;
		}
		return parse_ftok(arg + 5, out, why);
	}
	if (strncmp(arg, "id:", 3) == 0) {
		out->kind = SPEC_ID;
		return spec_parse_id(arg + 3, &out->id, why);
	}
	if (strncmp(arg, "key:", 4) == 0 ||
	    (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X'))) {
		out->kind = SPEC_KEY;
		if (spec_parse_key(arg[0] == 'k' ? arg + 4 : arg, &out->key, why) < 0)
			return -1;
		/* Key 0 is IPC_PRIVATE, and every removed segment reads 0. */
		if (out->key == IPC_PRIVATE) {
			*why = "key 0 is IPC_PRIVATE and names no one segment; use its id";
			return -1;
		}
		return 0;
	}
	if (isdigit((unsigned char)arg[0])) {
		out->kind = SPEC_ID;
		/* Plain decimal only, as ipcrm takes ids: 010 is ten. */
		if (strspn(arg, "0123456789") != strlen(arg)) {
			*why = "not a SPEC (ids are decimal, keys start with 0x)";
			return -1;
		}
		while (arg[0] == '0' && arg[1] != '\0')
			arg++;
		return spec_parse_id(arg, &out->id, why);
	}
	*why = "not a SPEC (want /name, 0xKEY, ID, key:N, id:N, ftok:PATH:PROJ, file:PATH)";
	return -1;
}

int spec_ftok(const char *path, int proj, key_t *key)
{
	/* ftok returns -1 on error, but 0xffffffff is also a valid key. */
	errno = 0;
	*key = ftok(path, proj);
	return *key == -1 && errno != 0 ? -1 : 0;
}

int spec_resolve(struct spec *spec)
{
	if (spec->kind != SPEC_FTOK)
		return 0;
	if (spec_ftok(spec->path, spec->proj, &spec->key) < 0)
		return -1;
	/* Rare, but then the key is IPC_PRIVATE, which names no segment. */
	if (spec->key == IPC_PRIVATE) {
		errno = EINVAL;
		return -1;
	}
	spec->kind = SPEC_KEY;
	return 0;
}

char *spec_format_key(key_t key, char *buf)
{
	snprintf(buf, KEY_STRLEN, "0x%08x", (uint32_t)key);
	return buf;
}
