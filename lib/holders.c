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

#include "hidden.h"
#include "ns.h"
#include "posix.h"
#include "proc.h"

static int holders_add(struct holders *h, const struct holder *x)
{
	/* One process mapping a segment twice is one holder. */
	for (size_t i = h->n; i-- > 0 && h->v[i].pid == x->pid; )
		if (h->v[i].kind == x->kind && h->v[i].id == x->id &&
		    h->v[i].dev == x->dev && h->v[i].ino == x->ino)
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
	free(h->refs);
	memset(h, 0, sizeof(*h));
}

/* Past n fields of p and the blanks after them; NULL if it has fewer. */
static const char *skip_fields(const char *p, int n)
{
	while (n-- > 0) {
		p += strspn(p, " ");
		if (*p == '\0' || *p == '\n')
			return NULL;
		p += strcspn(p, " \n");
	}
	return p + strspn(p, " ");
}

/*
 * A number in base at p, followed by the byte stop, or (last) by a blank,
 * a newline or the end of the line.
 */
static bool number_at(const char *p, int base, char stop, bool last,
    unsigned long long *v, const char **end)
{
	char *after;

	if (!(base == 16 ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)))
		return false;
	errno = 0;
	*v = strtoull(p, &after, base);
	*end = after;
	if (errno != 0)
		return false;
	return last ? *after == ' ' || *after == '\n' || *after == '\0' : *after == stop;
}

int holders_parse_maps_line(const char *line, dev_t *dev, ino_t *ino, bool *sysv)
{
	unsigned long long major, minor, inode;
	const char *p = skip_fields(line, 3), *path;

	/*
	 * address perms offset dev inode [path]: read by hand, as sscanf was
	 * a twentieth of a busy host's scan.
	 */
	if (p == NULL || !number_at(p, 16, ':', false, &major, &p) ||
	    !number_at(p + 1, 16, ' ', false, &minor, &p) ||
	    !number_at(p + strspn(p, " "), 10, 0, true, &inode, &p) ||
	    major > 0xfff || minor > 0xfffff) {
		errno = EINVAL;
		return -1;
	}
	path = p + strspn(p, " \n");
	*dev = makedev(major, minor);
	*ino = (ino_t)inode;
	/*
	 * A SysV segment is a file of the kernel's internal shm (or hugetlbfs)
	 * mount, which no path reaches, so no one can make another file look
	 * like it: its device has major 0 and its name the key, which IPC_RMID
	 * resets; the inode is the shmid.
	 */
	*sysv = major == 0 && strncmp(path, "/SYSV", 5) == 0 &&
	    inode <= 0x7fffffff;
	/* Inode 0 is no file (an anonymous mapping), but it is shmid 0. */
	if (inode == 0 && !*sysv) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

int64_t holders_sysv_page_size(pid_t pid, int shmid)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	int64_t bytes = -1;
	bool ours = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	/* A mapping's header line, then its "Key: value" lines. */
	while (bytes < 0 && getline(&line, &cap, f) > 0) {
		unsigned long kib;
		dev_t dev;
		ino_t ino;
		bool sysv;

		int rc = holders_parse_maps_line(line, &dev, &ino, &sysv);

		/* ENOENT: the header of a mapping of no file. */
		if (rc == 0 || errno == ENOENT)
			ours = rc == 0 && sysv && ino == (ino_t)shmid;
		else if (ours && sscanf(line, "KernelPageSize: %lu kB", &kib) == 1)
			bytes = (int64_t)kib * 1024;
	}
	free(line);
	fclose(f);
	return bytes;
}

/* Which of segs a mapping of dev and ino (or SysV shmid ino) is; -1 none. */
static ssize_t mapped_seg(const struct seg *segs, size_t n, dev_t dev,
    ino_t ino, bool sysv)
{
	for (size_t i = 0; i < n; i++) {
		bool seg_sysv = segs[i].kind == SEG_SYSV;

		if (sysv ? seg_sysv && (ino_t)segs[i].id == ino :
		    !seg_sysv && segs[i].dev == dev && segs[i].ino == ino)
			return (ssize_t)i;
	}
	return -1;
}

void holders_map_rss(pid_t pid, struct seg *segs, size_t n)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	ssize_t at = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		segs[i].map_rss = 0;
	/* A mapping's header line, then its "Key: value" lines. */
	while (getline(&line, &cap, f) > 0) {
		unsigned long kib;
		dev_t dev;
		ino_t ino;
		bool sysv;
		int rc = holders_parse_maps_line(line, &dev, &ino, &sysv);

		/* ENOENT: the header of a mapping of no file. */
		if (rc == 0 || errno == ENOENT)
			at = rc == 0 ? mapped_seg(segs, n, dev, ino, sysv) : -1;
		else if (at >= 0 && sscanf(line, "Rss: %lu kB", &kib) == 1)
			segs[at].map_rss += (int64_t)kib * 1024;
	}
	free(line);
	fclose(f);
}

/* Where our segments live, to tell them from namesakes elsewhere. */
struct here {
	const dev_t *shm_devs;	/* our /dev/shm (with --all-ns, every place's) */
	size_t nshm_devs;
	ino_t ipc_ns;		/* our IPC namespace */
	bool every_ipc_ns;	/* --all-ns: SysV holders of every one, each noted */
	const struct seg *files;	/* SEG_FILE segments asked about */
	size_t nfiles;
	bool hidden;		/* note memory no name reaches, too */
	struct hidden_devs shmem;	/* the kernel's own mounts, where it is */
};

/* Is dev the file system of a /dev/shm asked about? */
static bool is_shm_dev(const struct here *here, dev_t dev)
{
	for (size_t i = 0; i < here->nshm_devs; i++)
		if (here->shm_devs[i] == dev)
			return true;
	return false;
}

static int refs_add(struct holders *h, const struct hidden_ref *r)
{
	if (h->nrefs == h->refs_cap) {
		size_t cap = h->refs_cap ? h->refs_cap * 2 : 16;
		struct hidden_ref *refs = reallocarray(h->refs, cap, sizeof(*refs));

		if (refs == NULL)
			return -1;
		h->refs = refs;
		h->refs_cap = cap;
	}
	h->refs[h->nrefs++] = *r;
	return 0;
}

/*
 * Is a file of dev, that /proc calls path, memory no name reaches?  On the
 * kernel's own mounts, which no path reaches, the kernel names every file
 * itself (a memfd "/memfd:NAME", whatever NAME is; anonymous memory
 * "/dev/zero" or "/anon_hugepage"), so the prefix can be trusted there; a
 * /dev/shm object is hidden only once unlinked.
 */
static enum seg_hidden hidden_type(const struct here *here, dev_t dev,
    const char *path, bool unlinked)
{
	if (hidden_devs_has(&here->shmem, dev))
		return strncmp(path, "/memfd:", 7) == 0 ? HIDDEN_MEMFD : HIDDEN_ANON;
	if (is_shm_dev(here, dev) && unlinked)
		return HIDDEN_DELETED;
	return HIDDEN_NONE;
}

/* A maps line of memory no name reaches: note it. */
static int note_hidden_map(struct holders *h, const char *line, dev_t dev,
    ino_t ino, pid_t pid, const struct here *here)
{
	struct hidden_ref r = { .dev = dev, .ino = ino, .pid = pid, .fd = -1 };
	size_t len;
	int pos = -1;

	if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &r.start, &r.end, &pos) != 2 ||
	    pos < 0)
		return 0;
	len = strcspn(line + pos, "\n");
	r.type = hidden_type(here, dev, line + pos,
	    hidden_path_unlinked(line + pos, len));
	if (r.type == HIDDEN_NONE)
		return 0;
	hidden_name_of(r.type, line + pos, len, r.name, sizeof(r.name));
	return refs_add(h, &r);
}

/* An open fd (st, by following it) of memory no name reaches: note it. */
static int note_hidden_fd(struct holders *h, int dirfd, const char *fd,
    const struct stat *st, pid_t pid, const struct here *here)
{
	struct hidden_ref r = { .dev = st->st_dev, .ino = st->st_ino, .pid = pid };
	char path[PATH_MAX];
	ssize_t len;

	if (!hidden_devs_has(&here->shmem, st->st_dev) &&
	    !(is_shm_dev(here, st->st_dev) && st->st_nlink == 0))
		return 0;
	if ((len = readlinkat(dirfd, fd, path, sizeof(path) - 1)) < 0)
		return 0;
	path[len] = '\0';
	r.type = hidden_type(here, st->st_dev, path, st->st_nlink == 0);
	if (r.type == HIDDEN_NONE)
		return 0;
	r.fd = atoi(fd);
	hidden_name_of(r.type, path, (size_t)len, r.name, sizeof(r.name));
	return refs_add(h, &r);
}

/* What a mapping or an fd of dev and ino is to us, if anything. */
static bool classify(dev_t dev, ino_t ino, const struct here *here,
    struct holder *x)
{
	memset(x, 0, sizeof(*x));
	x->id = -1;
	x->dev = dev;
	x->ino = ino;
	if (is_shm_dev(here, dev)) {
		x->kind = SEG_POSIX;
		return true;
	}
	for (size_t i = 0; i < here->nfiles; i++)
		if (here->files[i].kind == SEG_FILE && here->files[i].dev == dev &&
		    here->files[i].ino == ino) {
			x->kind = SEG_FILE;
			return true;
		}
	return false;
}

/*
 * Buffers a scan reuses for every process: /proc is read with plain
 * read(2) and getdents64(2), as stdio and DIR would add an fstat, an
 * fcntl and an allocation for each process: a quarter of a busy host's scan.
 */
struct scan_bufs {
	char text[65536];	/* maps; a line is at most PATH_MAX and some */
	char dents[16384];
};

/*
 * The IPC namespace of process pidfd, or 0 if it cannot be told.  Asked
 * only of a process that maps a SysV segment; *known caches the answer
 * ((ino_t)-1 until asked).
 */
static ino_t ipc_ns_of(int pidfd, ino_t *known)
{
	struct stat st;

	if (*known == (ino_t)-1)
		*known = fstatat(pidfd, "ns/ipc", &st, 0) == 0 ? st.st_ino : 0;
	return *known;
}

/* One maps line: a holder to note, or nothing.  -1 with ENOMEM. */
static int scan_maps_line(struct holders *h, const char *line, int pidfd,
    pid_t pid, const struct here *here, ino_t *ipc_ns)
{
	struct holder x;
	dev_t dev;
	ino_t ino;
	bool sysv;

	if (holders_parse_maps_line(line, &dev, &ino, &sysv) < 0)
		return 0;
	if (sysv) {
		/* Its shmids name our segments only in our IPC namespace. */
		if (ipc_ns_of(pidfd, ipc_ns) == 0 ||
		    (!here->every_ipc_ns && *ipc_ns != here->ipc_ns))
			return 0;
		memset(&x, 0, sizeof(x));
		x.kind = SEG_SYSV;
		x.id = (int)ino;
		x.ipc_ns = *ipc_ns;
	} else {
		if (here->hidden && note_hidden_map(h, line, dev, ino, pid, here) < 0)
			return -1;
		if (!classify(dev, ino, here, &x))
			return 0;
	}
	x.pid = pid;
	return holders_add(h, &x);
}

/* ipc_ns: the process's IPC namespace if known, else (ino_t)-1. */
static int scan_maps(struct holders *h, int pidfd, pid_t pid, ino_t ipc_ns,
    const struct here *here, struct scan_bufs *bufs)
{
	int fd = openat(pidfd, "maps", O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t got;

	if (fd < 0)
		return -1;
	/* Whole lines from the buffer; a partial one moves to its front. */
	while ((got = read(fd, bufs->text + have, sizeof(bufs->text) - 1 - have)) > 0) {
		char *line = bufs->text, *nl;

		have += (size_t)got;
		bufs->text[have] = '\0';
		while ((nl = memchr(line, '\n', have - (size_t)(line - bufs->text))) != NULL) {
			*nl = '\0';
			if (scan_maps_line(h, line, pidfd, pid, here, &ipc_ns) < 0)
				goto out;
			line = nl + 1;
		}
		have -= (size_t)(line - bufs->text);
		/* No line is this long; if one were, its end is dropped. */
		if (have == sizeof(bufs->text) - 1)
			have = 0;
		memmove(bufs->text, line, have);
	}
out:
	close(fd);
	return got < 0 ? -1 : 0;
}

/* One fd of a process: stat follows its link to the file itself. */
static int scan_fd(struct holders *h, int dirfd, const char *name, pid_t pid,
    const struct here *here)
{
	struct holder x;
	struct stat st;

	if (name[0] == '.' || fstatat(dirfd, name, &st, 0) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (here->hidden && note_hidden_fd(h, dirfd, name, &st, pid, here) < 0)
		return -1;
	if (!classify(st.st_dev, st.st_ino, here, &x))
		return 0;
	x.pid = pid;
	return holders_add(h, &x);
}

/* Every open fd, by what it is. */
static int scan_fds(struct holders *h, int pidfd, pid_t pid,
    const struct here *here, struct scan_bufs *bufs)
{
	int fd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	while ((got = getdents64(fd, bufs->dents, sizeof(bufs->dents))) > 0)
		for (ssize_t at = 0; at < got; ) {
			struct dirent64 *d = (struct dirent64 *)(bufs->dents + at);

			if (scan_fd(h, fd, d->d_name, pid, here) < 0) {
				close(fd);
				return 0;
			}
			at += d->d_reclen;
		}
	close(fd);
	return got < 0 ? -1 : 0;
}

/* Why a scan of /proc, here, cannot see every process that could hold something. */
static enum seg_doubt view_doubt(bool contained)
{
	if (!proc_is_ours())
		return DOUBT_NO_PROC;
	if (proc_hides_others())
		return DOUBT_HIDEPID;
	if (!contained && !proc_in_host_pidns())
		return DOUBT_NOT_CONTAINED;
	return DOUBT_NONE;
}

/*
 * One process, into h; h->doubt notes the first that could not be read.
 * t: its pid, and from ns_places_find its /proc directory (-1: open it
 * now) and IPC namespace (0: unknown).
 */
static void scan_process(struct holders *h, int procfd, const struct ns_member *t,
    const struct here *here, struct scan_bufs *bufs)
{
	int pidfd = t->dirfd, rc;
	char name[16];

	/*
	 * Through the directory kept since its place was found: the same
	 * process.  One that has exited since (ESRCH through it) may have
	 * left its pid to another, looked up anew.
	 */
	rc = pidfd >= 0 ? scan_maps(h, pidfd, t->pid, t->ipc_ns ? t->ipc_ns :
	    (ino_t)-1, here, bufs) : -1;
	if (rc < 0 && (pidfd < 0 || errno == ESRCH || errno == ENOENT)) {
		snprintf(name, sizeof(name), "%d", (int)t->pid);
		pidfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0)
			return;		/* it exited */
		rc = scan_maps(h, pidfd, t->pid, (ino_t)-1, here, bufs);
	}
	if (rc == 0)
		rc = scan_fds(h, pidfd, t->pid, here, bufs);
	if (pidfd != t->dirfd)
		close(pidfd);
	/* A process that exits meanwhile holds nothing: only EACCES matters. */
	if (rc < 0 && (errno == EACCES || errno == EPERM) && h->doubt == DOUBT_NONE) {
		h->doubt = DOUBT_PID_UNREADABLE;
		h->doubt_pid = t->pid;
	}
}

/* A share of the processes (proc_split's), scanned into its own h. */
struct scan_share {
	struct holders h;
	const struct here *here;
	int procfd;
	const struct ns_member *targets;
	int err;		/* ENOMEM: it could not scan */
};

static void scan_share_run(void *arg, size_t from, size_t to)
{
	struct scan_share *share = arg;
	struct scan_bufs *bufs = malloc(sizeof(*bufs));

	if (bufs == NULL) {
		share->err = ENOMEM;
		return;
	}
	for (size_t i = from; i < to; i++)
		scan_process(&share->h, share->procfd, &share->targets[i], share->here, bufs);
	free(bufs);
}

/*
 * The processes to scan, in pid order: every one /proc lists now, each
 * through the directory known kept for it if it was seen before (known:
 * ns_places_find's, or NULL).  A process started since is scanned all the
 * same.  NULL with errno.
 */
static struct ns_member *scan_targets(DIR *proc, const struct ns_places *known,
    size_t *n)
{
	size_t npids, nknown = known != NULL ? known->nmembers : 0, k = 0;
	pid_t self = getpid(), *pids = proc_list_pids(proc, &npids);
	struct ns_member *targets;

	if (pids == NULL)
		return NULL;
	/* Both are in pid order: merge them, a pid once. */
	targets = calloc(npids + nknown + 1, sizeof(*targets));
	*n = 0;
	for (size_t i = 0; targets != NULL && (i < npids || k < nknown); ) {
		const struct ns_member *m = k < nknown ? &known->members[k] : NULL;

		if (m != NULL && m->pid == self) {
			k++;	/* not us */
		} else if (m != NULL && (i == npids || m->pid <= pids[i])) {
			targets[(*n)++] = *m;
			i += i < npids && m->pid == pids[i];
			k++;
		} else {
			targets[(*n)++] = (struct ns_member){ .pid = pids[i++], .dirfd = -1 };
		}
	}
	free(pids);
	return targets;
}

/* Add what the second share found to the first, after it: the /proc order. */
static int join_shares(struct scan_share *first, struct scan_share *second)
{
	for (size_t i = 0; i < second->h.n; i++)
		if (holders_add(&first->h, &second->h.v[i]) < 0)
			return -1;
	for (size_t i = 0; i < second->h.nrefs; i++)
		if (refs_add(&first->h, &second->h.refs[i]) < 0)
			return -1;
	if (first->h.doubt == DOUBT_NONE) {
		first->h.doubt = second->h.doubt;
		first->h.doubt_pid = second->h.doubt_pid;
	}
	return 0;
}

/*
 * Every process but this one, for what here asks about, into h; through
 * the directories known kept (or NULL).
 */
static int scan_proc(struct holders *h, struct here *here, bool contained,
    const struct ns_places *known)
{
	struct scan_share shares[2];
	size_t n;
	struct ns_member *targets;
	DIR *proc;
	int rc = 0;

	h->doubt = view_doubt(contained);
	if (h->doubt == DOUBT_NO_PROC)
		return 0;
	if ((proc = opendir("/proc")) == NULL)
		return -1;
	if ((targets = scan_targets(proc, known, &n)) == NULL) {
		closedir(proc);
		return -1;
	}
	if (here->hidden)
		hidden_devs_find(&here->shmem);
	for (int i = 0; i < 2; i++)
		shares[i] = (struct scan_share){ .h = { .doubt = h->doubt },
		    .here = here, .procfd = dirfd(proc), .targets = targets };
	if (proc_split(n, scan_share_run, &shares[0], &shares[1])) {
		if (shares[1].err != 0 || join_shares(&shares[0], &shares[1]) < 0)
			shares[0].err = ENOMEM;
		holders_free(&shares[1].h);
	}
	*h = shares[0].h;
	if (shares[0].err != 0) {
		holders_free(h);
		errno = shares[0].err;
		rc = -1;
	}
	free(targets);
	closedir(proc);
	return rc;
}

int holders_scan(struct holders *h, const struct seg *files, size_t nfiles,
    bool contained, bool hidden)
{
	struct here here = { .files = files, .nfiles = nfiles, .hidden = hidden };
	struct stat st;
	dev_t shm_dev;

	memset(h, 0, sizeof(*h));
	if (stat("/proc/self/ns/ipc", &st) < 0)
		return -1;
	/* No /dev/shm to work in (--ns refused it): SysV holders still count. */
	if (posix_dev(&shm_dev) == 0) {
		here.shm_devs = &shm_dev;
		here.nshm_devs = 1;
	}
	here.ipc_ns = st.st_ino;
	return scan_proc(h, &here, contained, NULL);
}

int holders_scan_every(struct holders *h, const dev_t *shm_devs, size_t n,
    const struct ns_places *places, bool contained, bool hidden)
{
	struct here here = { .shm_devs = shm_devs, .nshm_devs = n,
		.every_ipc_ns = true, .hidden = hidden };

	memset(h, 0, sizeof(*h));
	return scan_proc(h, &here, contained, places);
}

/*
 * A POSIX object and a file: SPEC of the same inode (a /proc link to an
 * unlinked object, a path through a bind mount) are one file.
 */
static bool holds(const struct holder *x, const struct seg *seg)
{
	if ((x->kind == SEG_SYSV) != (seg->kind == SEG_SYSV))
		return false;
	/* A shmid names a segment of one IPC namespace (--all-ns: its place's). */
	if (seg->kind == SEG_SYSV)
		return x->id == seg->id &&
		    (seg->place == NULL || x->ipc_ns == seg->place->ipc_ns);
	return x->dev == seg->dev && x->ino == seg->ino;
}

static int pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

void holders_sort_pids(pid_t *pids, size_t n)
{
	qsort(pids, n, sizeof(*pids), pid_cmp);
}

size_t holders_of(const struct holders *h, const struct seg *seg,
    pid_t *pids, size_t max)
{
	size_t count = 0;

	/* holders_add already merged a pid's maps and fds. */
	for (size_t i = 0; i < h->n; i++) {
		if (!holds(&h->v[i], seg))
			continue;
		if (count < max)
			pids[count] = h->v[i].pid;
		count++;
	}
	return count;
}

void holders_count(struct seg *seg, const struct holders *h)
{
	seg->holders = (long)holders_of(h, seg, NULL, 0);
	/* None found, but an unseen process may hold it: unknown. */
	if (seg->holders == 0 && h->doubt != DOUBT_NONE && seg->kind != SEG_SYSV)
		seg->holders = -1;
}

static void set_doubt(struct seg *seg, enum seg_doubt doubt, pid_t pid)
{
	seg->orphaned = -1;
	seg->doubt = doubt;
	seg->doubt_pid = pid;
}

/*
 * Is pid, seen at `since`, alive?  0 no, 1 yes, -1 unknown, with the doubt
 * in *doubt unless one is there already.
 */
static int pid_alive(pid_t pid, time_t since, enum seg_doubt *doubt, pid_t *who)
{
	switch (proc_life_since(pid, since)) {
	case PROC_DEAD:
		return 0;
	case PROC_ALIVE:
		return 1;
	case PROC_UNKNOWN:
		break;
	}
	if (*doubt == DOUBT_NONE) {
		*doubt = proc_is_ours() ? DOUBT_PID_UNREADABLE : DOUBT_NO_PROC;
		*who = pid;
	}
	return -1;
}

static void check_sysv(struct seg *seg)
{
	enum seg_doubt doubt = DOUBT_NONE;
	pid_t who = 0;
	int creator, last_user;

	seg->orphaned = 0;
	seg->doubt = DOUBT_NONE;
	if (seg->nattch > 0)
		return;
	/* Every segment has a creator: a cpid of 0 is one we cannot see. */
	if (seg->cpid > 0) {
		creator = pid_alive(seg->cpid, seg->ctime, &doubt, &who);
	} else {
		creator = -1;
		doubt = DOUBT_CPID_HIDDEN;
	}
	if (creator == 1)
		return;
	/* lpid is the last to attach or detach; a pid born after that is reused. */
	if (seg->lpid > 0) {
		last_user = pid_alive(seg->lpid, seg_last_use(seg), &doubt, &who);
	} else if (seg->atime != 0 || seg->dtime != 0) {
		/* Attached once, yet no last pid: someone we cannot see. */
		last_user = -1;
		if (doubt == DOUBT_NONE)
			doubt = DOUBT_LPID_HIDDEN;
	} else {
		last_user = 0;
	}
	if (last_user == 1)
		return;
	if (creator < 0 || last_user < 0)
		set_doubt(seg, doubt, who);
	else
		seg->orphaned = 1;
}

void holders_check_orphaned(struct seg *seg, const struct holders *h)
{
	if (seg->kind == SEG_SYSV) {
		check_sysv(seg);
		return;
	}
	if (seg->kind != SEG_POSIX || h == NULL) {
		set_doubt(seg, DOUBT_NOT_CHECKED, 0);
		return;
	}
	holders_count(seg, h);
	if (seg->holders > 0) {
		seg->orphaned = 0;
		seg->doubt = DOUBT_NONE;
	} else if (h->doubt != DOUBT_NONE) {
		set_doubt(seg, h->doubt, h->doubt_pid);
	} else {
		seg->orphaned = 1;
		seg->doubt = DOUBT_NONE;
	}
}
