/*
 * holders.c - one pass over /proc to learn who holds which segment.
 */
#include "holders.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "posix.h"

#include "proc.h"

#define DEV_SHM "/dev/shm/"
#define DELETED " (deleted)"

static int holders_add(struct holders *h, const struct holder *x)
{
	/* One process mapping a segment twice is one holder. */
	for (size_t i = h->n; i-- > 0 && h->v[i].pid == x->pid; )
		if (h->v[i].kind == x->kind && h->v[i].id == x->id &&
		    h->v[i].dev == x->dev && h->v[i].ino == x->ino &&
		    strcmp(h->v[i].name, x->name) == 0)
			return 0;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct holder *v = reallocarray(h->v, cap, sizeof(*v));

		if (v == NULL)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = *x;
	return 0;
}

void holders_free(struct holders *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* "/dev/shm/NAME" -> "/NAME"; an unlinked object is no one's to find. */
static int posix_name_of(const char *path, struct holder *out)
{
	size_t len;

	if (strncmp(path, DEV_SHM, strlen(DEV_SHM)) != 0)
		return -1;
	path += strlen(DEV_SHM) - 1;
	len = strcspn(path, "\n");
	if (len >= strlen(DELETED) &&
	    strncmp(path + len - strlen(DELETED), DELETED, strlen(DELETED)) == 0)
		return -1;
	if (len >= sizeof(out->name) || strchr(path + 1, '/') != NULL)
		return -1;
	memcpy(out->name, path, len);
	out->name[len] = '\0';
	out->kind = SEG_POSIX;
	out->id = -1;
	return 0;
}

int holders_parse_maps_line(const char *line, struct holder *out)
{
	unsigned long long inode;
	unsigned int major, minor;
	int pos = -1;

	memset(out, 0, sizeof(*out));
	/* address perms offset dev inode [path] */
	if (sscanf(line, "%*s %*s %*s %x:%x %llu %n", &major, &minor, &inode,
	    &pos) != 3 || pos < 0) {
		errno = EINVAL;
		return -1;
	}
	line += pos;
	out->dev = makedev(major, minor);
	out->ino = (ino_t)inode;
	/* SysV: the name carries the key, which IPC_RMID resets; the inode is the shmid. */
	if (strncmp(line, "/SYSV", 5) == 0 && inode <= 0x7fffffff) {
		out->kind = SEG_SYSV;
		out->id = (int)inode;
		return 0;
	}
	if (posix_name_of(line, out) == 0)
		return 0;
	/* Any other mapped file, known by its device and inode. */
	if (line[0] == '/') {
		out->kind = SEG_FILE;
		out->id = -1;
		return 0;
	}
	errno = ENOENT;
	return -1;
}

/* Where our segments live, to tell them from namesakes elsewhere. */
struct here {
	dev_t shm_dev;		/* our /dev/shm */
	ino_t ipc_ns;		/* our IPC namespace */
	const struct seg *files;	/* SEG_FILE segments asked about */
	size_t nfiles;
};

static bool is_file_asked(const struct holder *x, const struct here *here)
{
	for (size_t i = 0; i < here->nfiles; i++)
		if (here->files[i].kind == SEG_FILE && here->files[i].dev == x->dev &&
		    here->files[i].ino == x->ino)
			return true;
	return false;
}

static bool is_here(const struct holder *x, const struct here *here,
    bool same_ipc_ns)
{
	switch (x->kind) {
	case SEG_SYSV: return same_ipc_ns;
	case SEG_POSIX: return x->dev == here->shm_dev;
	case SEG_FILE: return is_file_asked(x, here);
	}
	return false;
}

static int scan_maps(struct holders *h, int pidfd, pid_t pid,
    const struct here *here, bool same_ipc_ns)
{
	int fd = openat(pidfd, "maps", O_RDONLY | O_CLOEXEC);
	struct holder x;
	char line[4096 + 128];
	FILE *f;

	if (fd < 0 || (f = fdopen(fd, "re")) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (holders_parse_maps_line(line, &x) < 0 ||
		    !is_here(&x, here, same_ipc_ns))
			continue;
		x.pid = pid;
		if (holders_add(h, &x) < 0)
			break;
	}
	fclose(f);
	return 0;
}

static int scan_fds(struct holders *h, int pidfd, pid_t pid,
    const struct here *here)
{
	int fd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char target[sizeof(DEV_SHM) + NAME_MAX + 16];
	struct holder x;
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		ssize_t n = readlinkat(dirfd(dir), d->d_name, target, sizeof(target) - 1);

		if (n <= 0)
			continue;
		memset(&x, 0, sizeof(x));
		target[n] = '\0';
		/* Only /dev/shm names, unless files were asked about. */
		if (posix_name_of(target, &x) < 0) {
			if (here->nfiles == 0 || target[0] != '/')
				continue;
			memset(&x, 0, sizeof(x));
			x.kind = SEG_FILE;
			x.id = -1;
		}
		if (fstatat(dirfd(dir), d->d_name, &st, 0) < 0)
			continue;
		x.dev = st.st_dev;
		x.ino = st.st_ino;
		if (!is_here(&x, here, false))
			continue;
		x.pid = pid;
		if (holders_add(h, &x) < 0)
			break;
	}
	closedir(dir);
	return 0;
}

int holders_scan(struct holders *h, const struct seg *files, size_t nfiles)
{
	DIR *proc = opendir("/proc");
	pid_t self = getpid();
	struct here here = { .files = files, .nfiles = nfiles };
	struct dirent *d;
	struct stat st;

	memset(h, 0, sizeof(*h));
	if (proc == NULL)
		return -1;
	if (posix_dev(&here.shm_dev) < 0 || stat("/proc/self/ns/ipc", &st) < 0) {
		closedir(proc);
		return -1;
	}
	here.ipc_ns = st.st_ino;
	while ((d = readdir(proc)) != NULL) {
		pid_t pid;
		int pidfd;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (pid == self)
			continue;
		pidfd = openat(dirfd(proc), d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0)
			continue;	/* it exited */
		/* Its shmids name our segments only in our IPC namespace. */
		bool same_ipc_ns = fstatat(pidfd, "ns/ipc", &st, 0) == 0 &&
		    st.st_ino == here.ipc_ns;

		/* A process that exits meanwhile holds nothing: only EACCES matters. */
		if ((scan_maps(h, pidfd, pid, &here, same_ipc_ns) < 0 ||
		    scan_fds(h, pidfd, pid, &here) < 0) &&
		    (errno == EACCES || errno == EPERM) && !h->incomplete) {
			h->incomplete = true;
			h->unreadable = pid;
		}
		close(pidfd);
	}
	closedir(proc);
	return 0;
}

size_t holders_of(const struct holders *h, const struct seg *seg,
    pid_t *pids, size_t max)
{
	size_t count = 0;

	for (size_t i = 0; i < h->n; i++) {
		const struct holder *x = &h->v[i];
		bool same = x->kind == seg->kind && (seg->kind == SEG_SYSV ?
		    x->id == seg->id : seg->kind == SEG_POSIX ?
		    strcmp(x->name, seg->name) == 0 :
		    x->dev == seg->dev && x->ino == seg->ino);

		/* holders_add already merged a pid's maps and fds. */
		if (!same)
			continue;
		if (count < max)
			pids[count] = x->pid;
		count++;
	}
	return count;
}

static time_t max_time(time_t a, time_t b)
{
	return a > b ? a : b;
}

void seg_count_holders(struct seg *seg, const struct holders *h)
{
	seg->holders = (long)holders_of(h, seg, NULL, 0);
	/* None found, but an unreadable process may hold it: unknown. */
	if (seg->holders == 0 && h->incomplete && seg->kind != SEG_SYSV)
		seg->holders = -1;
}

void seg_check_orphaned(struct seg *seg, const struct holders *h)
{
	if (seg->kind == SEG_SYSV) {
		/* lpid is the last to attach or detach; a pid born after that is reused. */
		bool alive = proc_alive_since(seg->cpid, seg->ctime) ||
		    (seg->lpid > 0 && proc_alive_since(seg->lpid,
		    max_time(seg->ctime, max_time(seg->atime, seg->dtime))));

		seg->orphaned = seg->nattch == 0 && !alive;
	} else if (seg->kind == SEG_POSIX && h != NULL) {
		seg_count_holders(seg, h);
		seg->orphaned = seg->holders > 0 ? 0 : h->incomplete ? -1 : 1;
	}
}
