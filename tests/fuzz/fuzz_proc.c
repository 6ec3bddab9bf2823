/*
 * libFuzzer harness for the parsers of what the kernel prints:
 * /proc/sysvipc/shm lines, /proc/PID/stat lines and /proc/PID/maps lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/holders.h"
#include "../../lib/proc.h"
#include "../../lib/sysv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	unsigned long long ticks;
	struct holder holder;
	struct seg seg;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (sysv_parse_proc_line(s, &seg) == 0 &&
	    (seg.id < 0 || seg.mode > 0777 || (seg.status & ~3u) != 0))
		abort();
	proc_parse_stat_start(s, &ticks);
	if (holders_parse_maps_line(s, &holder) == 0 &&
	    holder.kind == SEG_POSIX && (holder.name[0] != '/' ||
	    strchr(holder.name + 1, '/') != NULL))
		abort();
	free(s);
	return 0;
}
