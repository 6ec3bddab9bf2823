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
	struct seg seg;
	dev_t dev;
	ino_t ino;
	bool sysv;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (sysv_parse_proc_line(s, &seg) == 0 &&
	    (seg.id < 0 || seg.mode > 0777 || (seg.status & ~3u) != 0))
		abort();
	proc_parse_stat_start(s, &ticks);
	/* A SysV mapping's inode is a shmid; any other has a file (inode > 0). */
	if (holders_parse_maps_line(s, &dev, &ino, &sysv) == 0 &&
	    (sysv ? ino > 0x7fffffff : ino == 0))
		abort();
	free(s);
	return 0;
}
