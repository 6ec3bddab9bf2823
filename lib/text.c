/*
 * text.c - escaping untrusted text for display, and taking it back.
 */
#include "text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* Length of the valid UTF-8 sequence at s, or 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 :
	    (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;

	/* Overlong two-byte forms and bytes above U+10FFFF are not UTF-8. */
	if (n == 0 || (n == 2 && s[0] < 0xc2) || (n == 4 && s[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * Length of the printable character at s in the current locale, or 0 if
 * it must be escaped.  mbrtowc fails on every byte above 0x7f in the C
 * locale, so there all of them are escaped, as libsmartcols does.
 */
static size_t printable_len(const unsigned char *s)
{
	mbstate_t state;
	wchar_t wc;
	size_t n;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0;
	memset(&state, 0, sizeof(state));
	n = mbrtowc(&wc, (const char *)s, MB_CUR_MAX, &state);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0 || !iswprint((wint_t)wc))
		return 0;
	return n;
}

static char *put_hex(char *o, unsigned char byte)
{
	static const char hex[] = "0123456789abcdef";

	*o++ = '\\';
	*o++ = 'x';
	*o++ = hex[byte >> 4];
	*o++ = hex[byte & 0xf];
	return o;
}

char *text_escape(const char *text, enum text_use use)
{
	const unsigned char *s = (const unsigned char *)text;
	char *out = malloc(strlen(text) * 4 + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (*s != '\0') {
		size_t n = use == TEXT_JSON ? utf8_len(s) : printable_len(s);

		/* "\x" in a name would read back as an escape: escape its '\'. */
		if (n == 0 || (s[0] == '\\' && s[1] == 'x')) {
			o = put_hex(o, *s++);
			continue;
		}
		memcpy(o, s, n);
		o += n;
		s += n;
	}
	*o = '\0';
	return out;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int text_unescape(const char *text, char *out, size_t size)
{
	size_t len = 0;

	while (*text != '\0') {
		int hi = -1, lo = -1;
		char c = *text;

		if (text[0] == '\\' && text[1] == 'x' && (hi = hex_value(text[2])) >= 0 &&
		    (lo = hex_value(text[3])) >= 0) {
			c = (char)(hi << 4 | lo);
			if (c == '\0') {
				errno = EINVAL;
				return -1;
			}
			text += 4;
		} else {
			text++;
		}
		if (len + 1 >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		out[len++] = c;
	}
	out[len] = '\0';
	return 0;
}
