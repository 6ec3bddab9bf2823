/*
 * ns.c - table-driven tests of ns_container_of (lib/ns.h): the container a
 * cgroup path names, as ls --all-ns shows it in its CONTAINER column.
 *
 * One row per cgroup path and the container it names, or NULL for none
 * (the host, a namespace made by hand with unshare, a name that only looks
 * like a runtime's).  Prints one line per row that fails and exits 1 if
 * any did; prints nothing and exits 0 otherwise.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/ns.h"

/* A container id as runtimes write it: 64 hex digits. */
#define ID64	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID64B	"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static int failed, rows;

/* s on one line, each byte that is not printable ASCII as \xNN (static). */
static const char *escaped(const char *s, char *buf, size_t size)
{
	size_t at = 0;

	for (; *s != '\0' && at + 5 < size; s++) {
		if (isprint((unsigned char)*s) && *s != '\\')
			buf[at++] = *s;
		else
			at += (size_t)snprintf(buf + at, size - at, "\\x%02x", (unsigned char)*s);
	}
	buf[at] = '\0';
	return buf;
}

static void fail(const char *arg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail(const char *arg, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	printf("ns_container_of(\"%s\"): ", escaped(arg, buf, sizeof(buf)));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed++;
}

static const struct {
	const char *path;
	const char *want;	/* NULL: names no container */
} container_rows[] = {
	/* Docker: the systemd driver's scope, and cgroupfs's /docker/ID (v1). */
	{ "/system.slice/docker-" ID64 ".scope", "docker:0123456789ab" },
	{ "/docker/" ID64, "docker:0123456789ab" },
	{ "/docker/" ID64B, "docker:fedcba987654" },
	/* Podman, and its conmon (the monitor, outside the container). */
	{ "/machine.slice/libpod-" ID64 ".scope", "podman:0123456789ab" },
	{ "/machine.slice/libpod-conmon-" ID64 ".scope", NULL },
	{ "/libpod_parent/libpod-" ID64, "podman:0123456789ab" },
	/* containerd and CRI-O. */
	{ "/system.slice/cri-containerd-" ID64 ".scope", "containerd:0123456789ab" },
	{ "/system.slice/crio-" ID64 ".scope", "crio:0123456789ab" },
	/*
	 * Kubernetes: the pod outranks the container in it (they share its
	 * IPC namespace); systemd's '_' in the pod uid is '-' again.
	 */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234abcd_5678_90ef.slice/"
	    "cri-containerd-" ID64 ".scope", "kubepods:1234abcd-5678-90ef" },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1_2.slice",
	    "kubepods:1-2" },
	{ "/kubepods.slice/kubepods-podabc.slice", "kubepods:abc" },
	{ "/kubepods/besteffort/pod1234-5678/" ID64, "kubepods:1234-5678" },
	{ "/kubepods/burstable/pod12_34", "kubepods:12-34" },
	{ "/kubepods/burstable/pod1234/" ID64 "/docker-" ID64 ".scope", "kubepods:1234" },
	{ "/kubepods/pod1/lxc.payload.x", "kubepods:1" },
	/* Kubernetes slices that name no pod. */
	{ "/kubepods.slice", NULL },
	{ "/kubepods.slice/kubepods-burstable.slice", NULL },
	{ "/kubepods-pod.slice", NULL },
	{ "/kubepods/pod", NULL },
	{ "/pod1234", NULL },			/* "pod" only counts under kubepods */
	/* LXC, and systemd-nspawn (machined). */
	{ "/lxc.payload.web1", "lxc:web1" },
	{ "/lxc/web2", "lxc:web2" },
	{ "/lxc.payload.", NULL },
	{ "/lxc/", NULL },
	{ "/lxc", NULL },
	{ "/lxc.monitor.web1", NULL },		/* the monitor, not the payload */
	{ "/machine.slice/machine-fedora.scope", "machine:fedora" },
	/* systemd escapes a machine name's "-": the name as given. */
	{ "/machine.slice/machine-qemu\\x2d1\\x2dvm.scope", "machine:qemu-1-vm" },
	{ "/machine.slice/machine-.scope", NULL },
	{ "/machine-.scope", NULL },
	/* Nested: the innermost container wins. */
	{ "/docker/" ID64 "/docker/" ID64B, "docker:fedcba987654" },
	{ "/lxc.payload.outer/docker-" ID64 ".scope", "docker:0123456789ab" },
	{ "/docker-" ID64 ".scope/lxc.payload.inner", "lxc:inner" },
	{ "/lxc.payload.web1/lxc.payload.web2", "lxc:web2" },
	/* Empty components change nothing. */
	{ "//docker//" ID64 "//", "docker:0123456789ab" },
	/* The host, a session, a service, a namespace made with unshare. */
	{ "/", NULL },
	{ "", NULL },
	{ "/user.slice/user-0.slice/session-1.scope", NULL },
	{ "/system.slice/docker.service", NULL },
	{ "/system.slice/containerd.service", NULL },
	/* Too few hex digits for an id, or none. */
	{ "/docker-xyz.scope", NULL },
	{ "/docker-.scope", NULL },
	{ "/docker-", NULL },
	{ "/docker/", NULL },
	{ "/docker/0123456789a", NULL },	/* 11 */
	{ "/docker-0123456789a.scope", NULL },
	{ "/system.slice/crio-conmon-" ID64 ".scope", NULL },
	/* Only a component named exactly "docker" holds bare ids. */
	{ "/xdocker/" ID64, NULL },
	{ "/dockerd/" ID64, NULL },
	/*
	 * Hostile: a newline after the id forges nothing, as only 12 hex
	 * digits are taken; a control character in an LXC name is kept
	 * here (shmtool escapes it where it shows it).
	 */
	{ "/docker/0123456789ab\nforged", "docker:0123456789ab" },
	{ "/docker/" ID64 "\n0::/", "docker:0123456789ab" },
	{ "/lxc.payload.a\033[31mred", "lxc:a\033[31mred" },
};

static void test_container_of(void)
{
	for (size_t i = 0; i < sizeof(container_rows) / sizeof(container_rows[0]); i++) {
		const char *path = container_rows[i].path, *want = container_rows[i].want;
		char *got = ns_container_of(path);
		char gbuf[256], wbuf[256];

		rows++;
		if (got == NULL && want != NULL)
			fail(path, "NULL, want \"%s\"", escaped(want, wbuf, sizeof(wbuf)));
		else if (got != NULL && want == NULL)
			fail(path, "\"%s\", want NULL", escaped(got, gbuf, sizeof(gbuf)));
		else if (got != NULL && strcmp(got, want) != 0)
			fail(path, "\"%s\", want \"%s\"", escaped(got, gbuf, sizeof(gbuf)),
			    escaped(want, wbuf, sizeof(wbuf)));
		free(got);
	}
}

/* A name as long as a cgroup path may be is kept whole, and freed. */
static void test_long_name(void)
{
	size_t n = 4000;
	char *path = malloc(n + sizeof("/lxc.payload."));
	char *want = malloc(n + sizeof("lxc:"));
	char *got;

	if (path == NULL || want == NULL) {
		printf("out of memory\n");
		exit(1);
	}
	strcpy(path, "/lxc.payload.");
	memset(path + strlen(path), 'n', n);
	path[strlen("/lxc.payload.") + n] = '\0';
	strcpy(want, "lxc:");
	memset(want + 4, 'n', n);
	want[4 + n] = '\0';
	rows++;
	got = ns_container_of(path);
	if (got == NULL || strcmp(got, want) != 0)
		fail("/lxc.payload.n{4000}", "%s, want lxc:n{4000}",
		    got == NULL ? "NULL" : "another name");
	free(got);
	free(path);
	free(want);
}

int main(void)
{
	test_container_of();
	test_long_name();
	if (failed > 0) {
		printf("%d of %d rows failed\n", failed, rows);
		return 1;
	}
	return 0;
}
