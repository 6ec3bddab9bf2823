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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	if (parse_size(s, UINT64_MAX, &u, &why) == 0 && u == 0)
		abort();
	parse_offset(s, &u, &why);
	if (parse_mode(s, &mode, &why) == 0 && mode > 0777)
		abort();
	if (parse_duration(s, &t, &why) == 0 && t < 0)
		abort();
	if (parse_proj(s, &i, &why) == 0 && (i < 1 || i > 255))
		abort();
	parse_key(s, &key, &why);
	if (parse_id(s, &i, &why) == 0 && i < 0)
		abort();
	if (spec_parse(s, &spec, &why) == 0) {
		if (spec.kind == SPEC_KEY && spec.key == 0)
			abort();
		if (spec.kind == SPEC_POSIX && spec_check_posix_name(spec.path, &why) < 0)
			abort();
	}
	if (columns_parse(s, ids, NCOLUMNS * 2, &n, &why) == 0)
		for (size_t k = 0; k < n; k++)
			if (ids[k] < 0 || ids[k] >= NCOLUMNS)
				abort();
	free(s);
	return 0;
}
