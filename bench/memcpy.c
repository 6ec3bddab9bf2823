/*
 * memcpy - the ceiling the benchmark divides by.
 *
 *   memcpy [MIB]
 *
 * Copies MIB MiB (default 256) from one buffer to another, both touched
 * first, so no page faults are timed: the speed of a memcpy into
 * already-faulted memory.  Prints the median GB/s (10^9 bytes) of 9 runs
 * as "faulted X".  Then "fresh Y": the same copy into a new shared
 * anonymous mapping each time (shmem pages, as a SysV segment or POSIX
 * object has), faults and zeroing included, median of 3.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Keep the compiler from dropping a copy nobody reads. */
static void escape(void *p)
{
	__asm__ volatile("" : : "g"(p) : "memory");
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 256;
	size_t len = mib << 20;
	double runs[9], t;
	unsigned char *src, *dst;
	int i;

	if (mib == 0) {
		fprintf(stderr, "usage: memcpy [MIB]\n");
		return 2;
	}
	src = malloc(len);
	dst = malloc(len);
	if (src == NULL || dst == NULL) {
		perror("memcpy: malloc");
		return 1;
	}
	for (size_t k = 0; k < len; k++)
		src[k] = (unsigned char)(k * 131 + (k >> 12));
	memset(dst, 1, len);
	memcpy(dst, src, len);		/* warm up */
	for (i = 0; i < 9; i++) {
		t = now();
		memcpy(dst, src, len);
		escape(dst);
		runs[i] = (double)len / (now() - t) / 1e9;
	}
	qsort(runs, 9, sizeof(runs[0]), cmp_double);
	printf("faulted %.2f\n", runs[4]);
	for (i = 0; i < 3; i++) {
		void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED) {
			perror("memcpy: mmap");
			return 1;
		}
		t = now();
		memcpy(m, src, len);
		escape(m);
		runs[i] = (double)len / (now() - t) / 1e9;
		munmap(m, len);
	}
	qsort(runs, 3, sizeof(runs[0]), cmp_double);
	printf("fresh %.2f\n", runs[1]);
	free(src);
	free(dst);
	return 0;
}
