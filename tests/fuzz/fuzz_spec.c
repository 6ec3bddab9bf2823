/*
 * libFuzzer harness for every parser of what the user types (lib/spec.h)
 * and for column lists: none may crash, hang or read out of bounds, and
 * what they accept must be within the documented range.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/spec.h"
#include "../../lib/table.h"
#include "../../lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * What shmtool shows of a name, it takes back: text_unescape undoes
 * text_escape for any bytes, and the shown text holds no control byte.
 */
static void check_round_trip(const char *s, enum text_use use)
{
	char *shown = text_escape(s, use);
	char *back = malloc(strlen(s) + 1);

	if (shown == NULL || back == NULL)
		abort();
	if (text_unescape(shown, back, strlen(s) + 1) < 0 || strcmp(back, s) != 0)
		abort();
	for (const char *p = shown; use == TEXT_SHOWN && *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
	free(shown);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *why;
	struct spec spec;
	uint64_t u;
	mode_t mode;
	time_t t;
	key_t key;
	int i, ids[NCOLUMNS * 2];
	size_t n = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (spec_parse_size(s, UINT64_MAX, &u, &why) == 0 && u == 0)
		abort();
	spec_parse_offset(s, &u, &why);
	if (spec_parse_mode(s, &mode, &why) == 0 && mode > 0777)
		abort();
	if (spec_parse_duration(s, &t, &why) == 0 && t < 0)
		abort();
	if (spec_parse_proj(s, &i, &why) == 0 && i < 0)
		abort();
	spec_parse_key(s, &key, &why);
	if (spec_parse_id(s, &i, &why) == 0 && i < 0)
		abort();
	if (spec_parse(s, &spec, &why) == 0) {
		if (spec.kind == SPEC_KEY && spec.key == 0)
			abort();
		if (spec.kind == SPEC_POSIX && spec_check_posix_name(spec.path, &why) < 0)
			abort();
	}
	check_round_trip(s, TEXT_SHOWN);
	check_round_trip(s, TEXT_JSON);
	if (columns_parse(s, ids, NCOLUMNS * 2, &n, &why) == 0)
		for (size_t k = 0; k < n; k++)
			if (ids[k] < 0 || ids[k] >= NCOLUMNS)
				abort();
	free(s);
	return 0;
}
