/*
 * hidden.c - rows for the memory no name reaches, from a scan of /proc.
 */
#include "hidden.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "holders.h"
#include "posix.h"

static void devs_add(struct hidden_devs *devs, unsigned int flags)
{
	struct stat st;
	int fd = memfd_create("shmtool-probe", MFD_CLOEXEC | flags);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && devs->n < 2 && !hidden_devs_has(devs, st.st_dev))
		devs->dev[devs->n++] = st.st_dev;
	close(fd);
}

void hidden_devs_find(struct hidden_devs *devs)
{
	devs->n = 0;
	devs_add(devs, 0);
	/* Where the kernel has no huge pages, there is no such mount. */
	devs_add(devs, MFD_HUGETLB);
}

bool hidden_devs_has(const struct hidden_devs *devs, dev_t dev)
{
	for (size_t i = 0; i < devs->n; i++)
		if (devs->dev[i] == dev)
			return true;
	return false;
}

/* By object, then holder: fds before mappings, each in order. */
static int ref_cmp(const void *a, const void *b)
{
	const struct hidden_ref *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if ((x->fd < 0) != (y->fd < 0))
		return x->fd >= 0 ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->fd != y->fd)
		return x->fd < y->fd ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/* Is dev and ino a POSIX object that list names? */
static bool named(const struct seg_list *list, size_t nnamed, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < nnamed; i++)
		if (list->segs[i].kind == SEG_POSIX && list->segs[i].dev == dev &&
		    list->segs[i].ino == ino)
			return true;
	return false;
}

/* The distinct pids of refs[0..n), ascending, into seg. */
static int set_pids(struct seg *seg, const struct hidden_ref *refs, size_t n)
{
	size_t kept = 0;

	seg->pids = calloc(n, sizeof(*seg->pids));
	if (seg->pids == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		seg->pids[i] = refs[i].pid;
	holders_sort_pids(seg->pids, n);
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || seg->pids[kept - 1] != seg->pids[i])
			seg->pids[kept++] = seg->pids[i];
	seg->npids = kept;
	seg->holders = seg->nattch = (long)kept;
	return 0;
}

/*
 * What the link says, or, where it cannot be followed, a mapping's length.
 * Its link count, or 0 where unknown.
 */
static nlink_t describe(struct seg *seg, const struct hidden_ref *via,
    const char *path)
{
	struct stat st;

	if (posix_file_stat(path, &st) == 0 && st.st_dev == via->dev &&
	    st.st_ino == via->ino) {
		posix_seg_from_stat(seg, SEG_FILE, path, &st);
		return st.st_nlink;
	}
	memset(seg, 0, sizeof(*seg));
	seg->kind = SEG_FILE;
	seg->id = -1;
	seg->dev = via->dev;
	seg->ino = via->ino;
	seg->uid = seg->cuid = (uid_t)-1;
	seg->gid = seg->cgid = (gid_t)-1;
	seg->size = via->fd < 0 ? via->end - via->start : 0;
	seg->rss = seg->swap = seg->page_size = seg->sem_value = -1;
	seg->unstated = true;
	return 0;
}

/* seg->name from what the link at path says; false if it cannot be read. */
static bool name_from_link(struct seg *seg, const char *path)
{
	char link[PATH_MAX];
	ssize_t len = readlink(path, link, sizeof(link) - 1);

	if (len < 0)
		return false;
	hidden_name_of(seg->hidden, link, (size_t)len, seg->name, sizeof(seg->name));
	return true;
}

/* One row for the object of refs[0..n); 0 also when it is no row. */
static int add_object(struct seg_list *list, size_t nnamed,
    const struct hidden_ref *refs, size_t n)
{
	const struct hidden_ref *via = &refs[0];
	struct seg seg;
	char *path;
	int rc;

	if (via->type == HIDDEN_DELETED && named(list, nnamed, via->dev, via->ino))
		return 0;
	rc = via->fd >= 0 ? asprintf(&path, "/proc/%d/fd/%d", (int)via->pid, via->fd) :
	    asprintf(&path, "/proc/%d/map_files/%lx-%lx", (int)via->pid,
	    via->start, via->end);
	if (rc < 0)
		return -1;
	/* Linked again since (linkat of an O_TMPFILE or /proc fd): it has a name. */
	if (describe(&seg, via, path) > 0 && via->type == HIDDEN_DELETED) {
		free(path);
		return 0;
	}
	seg.path = seg.owned_path = path;
	seg.hidden = via->type;
	/*
	 * A name read through a link is exact; maps writes a newline as
	 * "\012".  So where only mappings hold it, read map_files' link.
	 */
	if (via->fd >= 0 || !name_from_link(&seg, path))
		snprintf(seg.name, sizeof(seg.name), "%s", via->name);
	seg.orphaned = 0;
	seg.doubt = DOUBT_NONE;
	if (set_pids(&seg, refs, n) < 0 || seg_list_add(list, &seg) < 0) {
		seg_clear(&seg);
		return -1;
	}
	return 0;
}

int hidden_collect(const struct holders *h, struct seg_list *list)
{
	struct hidden_ref *refs;
	size_t nnamed = list->n;
	int rc = 0;

	if (h->nrefs == 0)
		return 0;
	/* A sorted copy: the scan stays as it was seen. */
	refs = reallocarray(NULL, h->nrefs, sizeof(*refs));
	if (refs == NULL)
		return -1;
	memcpy(refs, h->refs, h->nrefs * sizeof(*refs));
	qsort(refs, h->nrefs, sizeof(*refs), ref_cmp);
	for (size_t i = 0, j; rc == 0 && i < h->nrefs; i = j) {
		for (j = i + 1; j < h->nrefs && refs[j].dev == refs[i].dev &&
		    refs[j].ino == refs[i].ino; j++)
			;
		rc = add_object(list, nnamed, refs + i, j - i);
	}
	free(refs);
	if (rc < 0)
		errno = ENOMEM;
	return rc;
}

bool hidden_path_unlinked(const char *path, size_t len)
{
	static const char suffix[] = " (deleted)";
	size_t n = sizeof(suffix) - 1;

	return len >= n && memcmp(path + len - n, suffix, n) == 0;
}

void hidden_name_of(enum seg_hidden type, const char *path, size_t len,
    char *name, size_t size)
{
	const char *base;

	if (hidden_path_unlinked(path, len))
		len -= strlen(" (deleted)");
	name[0] = '\0';
	if (type == HIDDEN_MEMFD && len > 0) {
		snprintf(name, size, "%.*s", (int)(len - 1), path + 1);
	} else if (type == HIDDEN_DELETED) {
		base = memrchr(path, '/', len);
		if (base != NULL)
			snprintf(name, size, "%.*s", (int)(len - (size_t)(base - path)), base);
	}
}

void hidden_classify(struct seg *seg, const char *path, const struct stat *st)
{
	struct hidden_devs devs;
	char link[PATH_MAX];
	ssize_t len;

	hidden_devs_find(&devs);
	if (hidden_devs_has(&devs, st->st_dev))
		seg->hidden = HIDDEN_ANON;
	else if (st->st_nlink == 0)
		seg->hidden = HIDDEN_DELETED;
	else
		return;
	if ((len = readlink(path, link, sizeof(link) - 1)) < 0)
		return;
	link[len] = '\0';
	if (seg->hidden == HIDDEN_ANON && strncmp(link, "/memfd:", 7) == 0)
		seg->hidden = HIDDEN_MEMFD;
	hidden_name_of(seg->hidden, link, (size_t)len, seg->name, sizeof(seg->name));
}
