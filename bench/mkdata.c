/*
 * mkdata - write BYTES of pseudo-random data (xorshift64) to stdout.
 *
 *   mkdata BYTES
 *
 * The source file of the benchmark: faster than /dev/urandom, and not
 * zeros, so no layer can take a short cut.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static uint64_t buf[1 << 17];	/* 1 MiB */
	unsigned long long left;
	uint64_t x = 0x9e3779b97f4a7c15u;
	char *end;

	if (argc != 2 || (left = strtoull(argv[1], &end, 10), *end != '\0')) {
		fprintf(stderr, "usage: mkdata BYTES\n");
		return 2;
	}
	while (left > 0) {
		size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);

		for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = x;
		}
		for (size_t w = 0; w < n; ) {
			ssize_t k = write(STDOUT_FILENO, (char *)buf + w, n - w);

			if (k <= 0) {
				perror("mkdata: write");
				return 1;
			}
			w += (size_t)k;
		}
		left -= n;
	}
	return 0;
}
