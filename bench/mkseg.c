/*
 * mkseg N KEYBASE - create N SysV segments of one page, keys KEYBASE+i,
 * quickly (the listing rows need thousands before every timed run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(int argc, char **argv)
{
	long n, i;
	unsigned long base;

	if (argc != 3) {
		fputs("usage: mkseg N KEYBASE\n", stderr);
		return 2;
	}
	n = strtol(argv[1], NULL, 10);
	base = strtoul(argv[2], NULL, 0);
	for (i = 0; i < n; i++)
		if (shmget((key_t)(base + (unsigned long)i), 4096,
		    IPC_CREAT | IPC_EXCL | 0600) < 0) {
			perror("mkseg: shmget");
			return 1;
		}
	return 0;
}
