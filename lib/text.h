/*
 * text.h - the one way shmtool shows text that someone else wrote: names
 * from /dev/shm, paths, other processes' command lines.  Such text may hold
 * control characters (a newline that forges a line, an escape sequence that
 * hides one) and bytes that are not UTF-8.  They are written as \xNN, the
 * way libsmartcols writes table cells, and a backslash that a literal "x"
 * follows is written \x5c, so that the shown text tells every name apart
 * and text_unescape gives the bytes back: what shmtool prints, it accepts.
 */
#ifndef SHMTOOL_TEXT_H
#define SHMTOOL_TEXT_H

#include <stddef.h>

enum text_use {
	/*
	 * For people: characters the locale cannot print (controls, C1
	 * controls, and in the C locale every byte above 0x7f) and invalid
	 * sequences are escaped; printable text in a UTF-8 locale is kept.
	 */
	TEXT_SHOWN,
	/*
	 * For JSON strings, which must be UTF-8 and whose own escapes carry
	 * control characters: only bytes that are not UTF-8 are escaped.
	 */
	TEXT_JSON,
};

/* An escaped copy of text to free; NULL with ENOMEM. */
char *text_escape(const char *text, enum text_use use);

/*
 * Undo text_escape: each \xNN (two hex digits) becomes that byte; any
 * other backslash is itself.  -1 with EINVAL for \x00 (no name holds a
 * NUL), ENAMETOOLONG if out (size bytes) cannot hold the result.
 */
int text_unescape(const char *text, char *out, size_t size);

#endif
