/*
 * ns.c - the places (IPC namespace, /dev/shm) processes are in, and
 * entering one.  See ns.h.
 */
#include "ns.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "posix.h"
#include "proc.h"

/*
 * Where we started, to come back to: our IPC namespace and /dev/shm; and
 * which IPC namespace we are in now.  setns(2) needs CAP_SYS_ADMIN even
 * into the namespace we are in, so it is called only to move.
 */
static int home_ipc_fd = -1, home_shm_fd = -1;
static ino_t home_ipc_ns, current_ipc_ns;
static struct stat home_shm;	/* home_shm_fd's, if any */
static uint64_t home_shm_mnt;	/* and its mount id; 0 unknown */
static ino_t home_mnt_ns;	/* our mount namespace */

/*
 * A root already looked at: the same mount namespace and root directory,
 * on the same mount (a directory bound elsewhere is the same inode).
 */
struct root_seen {
	ino_t mnt_ns;
	dev_t root_dev;
	ino_t root_ino;
	uint64_t root_mnt;
	dev_t shm_dev;
	ino_t shm_ino;
};

struct roots_seen {
	struct root_seen *v;
	size_t n, cap;
};

/* Make room for one more of size bytes each in *v (cap of them); -1 with ENOMEM. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 16;
	void *bigger;

	if (n < *cap)
		return 0;
	if ((bigger = reallocarray(*v, want, size)) == NULL)
		return -1;
	*v = bigger;
	*cap = want;
	return 0;
}

/*
 * Is directory fd a mount of process pidfd's own mount namespace, the
 * root of it (as a /dev/shm is mounted, or a directory bound there), and a
 * tmpfs?  The mount must be listed in /proc/PID/mountinfo: a process may
 * keep a mount namespace of ours and chroot into the mounts of another,
 * its user's own (a user namespace lets it), and who owns its mount
 * namespace then says nothing of its root's.  False where it cannot be
 * told (statx gives mount ids from Linux 5.8).
 */
static bool tmpfs_mount_of(int pidfd, int fd)
{
	struct statx stx;
	struct statfs fs;
	char *line = NULL;
	size_t cap = 0;
	bool listed = false;
	FILE *f;
	int mountinfo;

	if (fstatfs(fd, &fs) < 0 || fs.f_type != TMPFS_MAGIC ||
	    statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID) ||
	    !(stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) ||
	    !(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		return false;
	if ((mountinfo = openat(pidfd, "mountinfo", O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	if ((f = fdopen(mountinfo, "re")) == NULL) {
		close(mountinfo);
		return false;
	}
	/* Each line starts with the mount's id. */
	while (!listed && getline(&line, &cap, f) > 0)
		listed = strtoull(line, NULL, 10) == stx.stx_mnt_id;
	free(line);
	fclose(f);
	return listed;
}

/*
 * The device and inode of rootfd's dev/shm, not through a link; a device
 * of 0 if there is none.  A container's /dev/shm may be a directory of the
 * host's bound there: the device alone does not tell them apart.  mounted:
 * whether it is a tmpfs mount of process pidfd's namespace, as a /dev/shm
 * is (tmpfs_mount_of); not looked at for pidfd -1.
 */
static void shm_dir_below(int rootfd, int pidfd, dev_t *shm_dev, ino_t *shm_ino,
    bool *mounted)
{
	int dev = openat(rootfd, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int shm = dev >= 0 ? openat(dev, "shm", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC) : -1;
	struct stat st;

	*shm_dev = 0;
	*shm_ino = 0;
	*mounted = false;
	if (shm >= 0 && fstat(shm, &st) == 0) {
		*shm_dev = st.st_dev;
		*shm_ino = st.st_ino;
		*mounted = pidfd >= 0 && tmpfs_mount_of(pidfd, shm);
	}
	if (shm >= 0)
		close(shm);
	if (dev >= 0)
		close(dev);
}

/*
 * The user namespace that owns the mount namespace of process pidfd, by
 * inode (NS_GET_USERNS, Linux 4.9); 0 if it cannot be told.
 */
static ino_t mounts_owner(int pidfd)
{
	int mnt = openat(pidfd, "ns/mnt", O_RDONLY | O_CLOEXEC), user;
	struct stat st;
	ino_t owner = 0;

	if (mnt < 0)
		return 0;
	if ((user = ioctl(mnt, NS_GET_USERNS)) >= 0) {
		if (fstat(user, &st) == 0)
			owner = st.st_ino;
		close(user);
	}
	close(mnt);
	return owner;
}

/*
 * The user namespace that owns our own mounts, looked up once (before any
 * setns: our mount namespace never changes); 0 if it cannot be told.
 */
static ino_t our_mounts_owner(void)
{
	static bool known;
	static ino_t owner;
	int self;

	if (!known && (self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		owner = mounts_owner(self);
		close(self);
	}
	known = true;
	return owner;
}

/*
 * May a /dev/shm that is not ours be taken for one, to list and remove its
 * files?  A user who makes a user namespace may bind any directory it can
 * reach on its /dev/shm (/etc, say) and wait for root's cleanup: only
 * mounts of our own user namespace's making count, and only a tmpfs mount
 * of the process's own mount namespace (mounted: tmpfs_mount_of).  What
 * fails here keeps its files.
 */
static bool trusted_shm(int pidfd, bool mounted)
{
	ino_t ours = our_mounts_owner();

	return mounted && ours != 0 && mounts_owner(pidfd) == ours;
}

/* What tells a process's place, read through its /proc directory. */
struct proc_ids {
	ino_t ipc_ns, mnt_ns;
	dev_t root_dev;
	ino_t root_ino;
	uint64_t root_mnt;	/* the mount id of the root; 0 unknown */
};

static int ids_of(int pidfd, struct proc_ids *ids)
{
	struct stat ipc, mnt, root;
	struct statx x;

	if (fstatat(pidfd, "ns/ipc", &ipc, 0) < 0 || fstatat(pidfd, "ns/mnt", &mnt, 0) < 0)
		return -1;
	if (statx(pidfd, "root", 0, STATX_INO | STATX_MNT_ID, &x) == 0) {
		*ids = (struct proc_ids){ ipc.st_ino, mnt.st_ino,
		    makedev(x.stx_dev_major, x.stx_dev_minor), x.stx_ino,
		    x.stx_mask & STATX_MNT_ID ? x.stx_mnt_id : 0 };
		return 0;
	}
	/* statx refused by an old seccomp profile: roots told by inode alone. */
	if ((errno != ENOSYS && errno != EPERM) || fstatat(pidfd, "root", &root, 0) < 0)
		return -1;
	*ids = (struct proc_ids){ ipc.st_ino, mnt.st_ino, root.st_dev, root.st_ino, 0 };
	return 0;
}

/*
 * The /dev/shm of process pidfd's root (ours: self), or none (a device of
 * 0) where it is not to be trusted: a root seen before (most processes
 * share the host's) is not walked again.  -1 if it cannot be looked at.
 */
static int shm_dir_of(int pidfd, const struct proc_ids *ids, bool self,
    struct roots_seen *seen, dev_t *shm_dev, ino_t *shm_ino)
{
	bool mounted;
	int rootfd;

	for (size_t i = 0; i < seen->n; i++)
		if (seen->v[i].mnt_ns == ids->mnt_ns && seen->v[i].root_dev == ids->root_dev &&
		    seen->v[i].root_ino == ids->root_ino && seen->v[i].root_mnt == ids->root_mnt) {
			*shm_dev = seen->v[i].shm_dev;
			*shm_ino = seen->v[i].shm_ino;
			return 0;
		}
	if ((rootfd = openat(pidfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	shm_dir_below(rootfd, self ? -1 : pidfd, shm_dev, shm_ino, &mounted);
	close(rootfd);
	if (!self && !trusted_shm(pidfd, mounted))
		*shm_dev = *shm_ino = 0;
	if (grow((void **)&seen->v, &seen->cap, seen->n, sizeof(*seen->v)) < 0)
		return -1;
	seen->v[seen->n++] = (struct root_seen){ ids->mnt_ns, ids->root_dev,
	    ids->root_ino, ids->root_mnt, *shm_dev, *shm_ino };
	return 0;
}

/* The cgroup v2 path of process pidfd ("0::PATH"), else the first v1 one. */
static int cgroup_path_of(int pidfd, char *path, size_t len)
{
	char line[4096];
	int fd = openat(pidfd, "cgroup", O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "re") : NULL;
	bool found = false;

	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *at = strchr(line, ':');

		at = at != NULL ? strchr(at + 1, ':') : NULL;
		if (at == NULL)
			continue;
		at[strcspn(at, "\n")] = '\0';
		if (!found || strncmp(line, "0::", 3) == 0) {
			snprintf(path, len, "%s", at + 1);
			found = true;
		}
	}
	fclose(f);
	return found ? 0 : -1;
}

/* Is place's /dev/shm the directory shm_dev and shm_ino? */
static bool same_shm(const struct ns_place *place, dev_t shm_dev, ino_t shm_ino)
{
	return place->shm_dev == shm_dev && place->shm_ino == shm_ino;
}

/* The place (ipc_ns, /dev/shm) in places, added if new; -1 with ENOMEM. */
static long place_index(struct ns_places *places, ino_t ipc_ns, dev_t shm_dev,
    ino_t shm_ino)
{
	struct ns_place *p;

	for (size_t i = 0; i < places->n; i++)
		if (places->v[i].ipc_ns == ipc_ns && same_shm(&places->v[i], shm_dev, shm_ino))
			return (long)i;
	if (grow((void **)&places->v, &places->cap, places->n, sizeof(*places->v)) < 0)
		return -1;
	p = &places->v[places->n];
	memset(p, 0, sizeof(*p));
	p->ipc_ns = ipc_ns;
	p->shm_dev = shm_dev;
	p->shm_ino = shm_ino;
	return (long)places->n++;
}

/*
 * Note pid (its /proc directory pidfd) among p's pids, which keep the
 * lowest NS_PIDS ascending (ours first in our own place, self).  The
 * container is the lowest pid's, as /proc would list it first.
 */
static void note_pid(struct ns_place *p, pid_t pid, int pidfd, pid_t self)
{
	size_t at = p->npids;
	char cgroup[4096];

	while (at > 0 && p->pids[at - 1] > pid && !(at == 1 && p->pids[0] == self))
		at--;
	if (at == NS_PIDS)
		return;
	if (p->npids < NS_PIDS)
		p->npids++;
	memmove(&p->pids[at + 1], &p->pids[at], (p->npids - 1 - at) * sizeof(*p->pids));
	p->pids[at] = pid;
	if (at == 0 && cgroup_path_of(pidfd, cgroup, sizeof(cgroup)) == 0) {
		free(p->container);
		p->container = ns_container_of(cgroup);
	}
}

/* What the threads that find places share, under lock. */
struct finder {
	struct ns_places *places;
	struct roots_seen seen;
	size_t keep;		/* how many more /proc directories may be kept */
	pthread_mutex_t lock;
	int procfd;
	const pid_t *pids;
	pid_t self;		/* our pid, first of our own place */
};

/*
 * Note process pid (its /proc directory pidfd) in the place it is in: 1
 * if it was and its directory is kept, 0 if not, -1 with ENOMEM.
 */
static int add_process(struct finder *f, int pidfd, pid_t pid, bool self)
{
	struct ns_places *places = f->places;
	struct proc_ids ids;
	dev_t shm_dev;
	ino_t shm_ino;
	long at;
	int rc = -1;

	/* Gone, or not ours to look at: it is left out. */
	if (ids_of(pidfd, &ids) < 0)
		return 0;
	pthread_mutex_lock(&f->lock);
	if (shm_dir_of(pidfd, &ids, self, &f->seen, &shm_dev, &shm_ino) < 0) {
		rc = errno == ENOMEM ? -1 : 0;
		goto out;
	}
	if ((at = place_index(places, ids.ipc_ns, shm_dev, shm_ino)) < 0 ||
	    grow((void **)&places->members, &places->members_cap, places->nmembers,
	    sizeof(*places->members)) < 0)
		goto out;
	note_pid(&places->v[at], pid, pidfd, f->self);
	rc = !self && f->keep > 0;
	f->keep -= rc;
	places->members[places->nmembers++] = (struct ns_member){ .pid = pid,
	    .place = (size_t)at, .dirfd = rc ? pidfd : -1, .ipc_ns = ids.ipc_ns };
out:
	pthread_mutex_unlock(&f->lock);
	return rc;
}

/*
 * How many /proc directories may be kept open: RLIMIT_NOFILE's soft limit,
 * raised to the hard one (systemd's 1024 is the soft limit of most
 * sessions), less what the rest of the run may open at once.
 */
static size_t dirs_to_keep(void)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		return 0;
	if (lim.rlim_cur < lim.rlim_max) {
		lim.rlim_cur = lim.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &lim) < 0 && getrlimit(RLIMIT_NOFILE, &lim) < 0)
			return 0;
	}
	return lim.rlim_cur > 256 ? (size_t)(lim.rlim_cur - 256) : 0;
}

/* A share of the pids (proc_split's), noted by one thread. */
struct find_share {
	struct finder *f;
	int err;		/* ENOMEM: not all could be noted */
};

static void find_share_run(void *arg, size_t from, size_t to)
{
	struct find_share *share = arg;
	struct finder *f = share->f;

	for (size_t i = from; i < to; i++) {
		char name[16];
		int pidfd, rc;

		snprintf(name, sizeof(name), "%d", (int)f->pids[i]);
		if ((pidfd = openat(f->procfd, name, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) < 0)
			continue;	/* it exited */
		if ((rc = add_process(f, pidfd, f->pids[i], false)) != 1)
			close(pidfd);
		if (rc < 0) {
			share->err = ENOMEM;
			break;
		}
	}
}

/*
 * Every other process of /proc (proc) into places: as the /proc pass does
 * (holders.c), by two threads on a busy host with two CPUs.
 */
static int add_others(struct finder *f, DIR *proc)
{
	struct find_share shares[2] = { { f, 0 }, { f, 0 } };
	size_t n;
	pid_t *pids = proc_list_pids(proc, &n);

	if (pids == NULL)
		return -1;
	f->pids = pids;
	f->procfd = dirfd(proc);
	proc_split(n, find_share_run, &shares[0], &shares[1]);
	free(pids);
	errno = shares[0].err ? shares[0].err : shares[1].err;
	return errno != 0 ? -1 : 0;
}

static int compare_members(const void *a, const void *b)
{
	const struct ns_member *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Other places by their lowest pid, as /proc lists them. */
static int compare_places(const void *a, const void *b)
{
	const struct ns_place *x = a, *y = b;

	return (x->pids[0] > y->pids[0]) - (x->pids[0] < y->pids[0]);
}

/*
 * Put places in their order (ours first, then by lowest pid), whatever
 * order the threads found them in, and mark the first of each IPC
 * namespace and /dev/shm, where their segments are listed.
 */
static int order_places(struct ns_places *places)
{
	size_t *moved_to = calloc(places->n, sizeof(*moved_to));
	pid_t *first_pid = calloc(places->n, sizeof(*first_pid));

	if (moved_to == NULL || first_pid == NULL) {
		free(moved_to);
		free(first_pid);
		return -1;
	}
	/* A pid is in one place only: each one's first tells where it went. */
	for (size_t i = 0; i < places->n; i++)
		first_pid[i] = places->v[i].pids[0];
	qsort(places->v + 1, places->n - 1, sizeof(*places->v), compare_places);
	for (size_t i = 0; i < places->n; i++)
		for (size_t j = 0; j < places->n; j++)
			if (first_pid[i] == places->v[j].pids[0])
				moved_to[i] = j;
	for (size_t i = 0; i < places->nmembers; i++)
		places->members[i].place = moved_to[places->members[i].place];
	for (size_t i = 0; i < places->n; i++) {
		struct ns_place *p = &places->v[i];

		p->sysv = true;
		p->posix = p->shm_dev != 0;
		for (size_t j = 0; j < i; j++) {
			p->sysv &= places->v[j].ipc_ns != p->ipc_ns;
			p->posix &= !same_shm(&places->v[j], p->shm_dev, p->shm_ino);
		}
	}
	free(moved_to);
	free(first_pid);
	qsort(places->members, places->nmembers, sizeof(*places->members),
	    compare_members);
	return 0;
}

int ns_places_find(struct ns_places *places)
{
	struct finder f = { .places = places, .keep = dirs_to_keep(), .self = getpid() };
	DIR *proc;
	int pidfd, rc = 0;

	memset(places, 0, sizeof(*places));
	if ((proc = opendir("/proc")) == NULL)
		return -1;
	pthread_mutex_init(&f.lock, NULL);
	/* Known before the threads judge a /dev/shm by it. */
	our_mounts_owner();
	/* Ours first: the host's, unless we are in a container ourselves. */
	if ((pidfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    add_process(&f, pidfd, f.self, true) < 0 || places->n == 0)
		rc = -1;
	if (pidfd >= 0)
		close(pidfd);
	if (rc == 0)
		rc = add_others(&f, proc);
	closedir(proc);
	free(f.seen.v);
	pthread_mutex_destroy(&f.lock);
	if (rc < 0 || order_places(places) < 0) {
		ns_places_free(places);
		return -1;
	}
	return 0;
}

void ns_places_close_dirs(struct ns_places *places)
{
	for (size_t i = 0; i < places->nmembers; i++)
		if (places->members[i].dirfd >= 0) {
			close(places->members[i].dirfd);
			places->members[i].dirfd = -1;
		}
}

void ns_places_free(struct ns_places *places)
{
	ns_places_close_dirs(places);
	for (size_t i = 0; i < places->n; i++)
		free(places->v[i].container);
	free(places->v);
	free(places->members);
	memset(places, 0, sizeof(*places));
}

const struct ns_place *ns_place_of(const struct ns_places *places, pid_t pid)
{
	struct ns_member key = { .pid = pid };
	const struct ns_member *m = bsearch(&key, places->members, places->nmembers,
	    sizeof(key), compare_members);

	return m != NULL ? &places->v[m->place] : NULL;
}

/*
 * Is process pidfd in our mount namespace?  Where mount ids cannot be told
 * (before Linux 5.8), our directory seen through it is on our own mount:
 * only root mounts there.
 */
static bool in_our_mounts(int pidfd)
{
	struct stat st;

	return home_mnt_ns != 0 && fstatat(pidfd, "ns/mnt", &st, 0) == 0 &&
	    st.st_ino == home_mnt_ns;
}

/*
 * Our IPC namespace and /dev/shm, kept once: the way back from every
 * ns_enter, and what tells our own /dev/shm (our directory on our own
 * mount, or seen through our mount namespace).
 */
static int remember_home(void)
{
	struct stat st;
	int self;

	if (home_ipc_fd >= 0)
		return 0;
	if ((home_ipc_fd = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(home_ipc_fd, &st) < 0) {
		close(home_ipc_fd);
		home_ipc_fd = -1;
		return -1;
	}
	home_ipc_ns = current_ipc_ns = st.st_ino;
	if ((self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		home_mnt_ns = fstatat(self, "ns/mnt", &st, 0) == 0 ? st.st_ino : 0;
		close(self);
	}
	if (posix_dir_fd() < 0 || (home_shm_fd = fcntl(posix_dir_fd(), F_DUPFD_CLOEXEC, 0)) < 0 ||
	    fstat(home_shm_fd, &home_shm) < 0) {
		/* No /dev/shm of our own: there is none to come back to either. */
		if (home_shm_fd >= 0)
			close(home_shm_fd);
		home_shm_fd = -1;
	} else {
		home_shm_mnt = mount_id_of(home_shm_fd);
	}
	return 0;
}

/* Is the /dev/shm we work in place's? */
static bool in_shm_of(const struct ns_place *place)
{
	struct stat st;

	return posix_dir_fd() >= 0 && fstat(posix_dir_fd(), &st) == 0 &&
	    same_shm(place, st.st_dev, st.st_ino);
}

/*
 * After posix_set_root_fd into process pidfd's root: is the /dev/shm we
 * now work in ours, or one to be trusted (trusted_shm)?  Ours is our
 * directory on our very mount: a user's mount namespace holds a copy of
 * our mounts, the same directory, with what it likes bound over names.
 */
static bool entered_shm_trusted(int pidfd)
{
	struct stat st;
	int dfd = posix_dir_fd();

	if (dfd < 0 || fstat(dfd, &st) < 0)
		return false;
	if (home_shm_fd >= 0 && st.st_dev == home_shm.st_dev &&
	    st.st_ino == home_shm.st_ino && (home_shm_mnt != 0 ?
	    mount_id_of(dfd) == home_shm_mnt : in_our_mounts(pidfd)))
		return true;
	return trusted_shm(pidfd, tmpfs_mount_of(pidfd, dfd));
}

/* Into the IPC namespace of process pidfd, if it is place's; else ESRCH. */
static int enter_ipc(const struct ns_place *place, int pidfd)
{
	int fd = openat(pidfd, "ns/ipc", O_RDONLY | O_CLOEXEC), rc = -1;
	struct stat st;

	if (fd < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_ino != place->ipc_ns)
		errno = ESRCH;
	else if (st.st_ino == current_ipc_ns || setns(fd, CLONE_NEWIPC) == 0)
		rc = 0;
	if (rc == 0)
		current_ipc_ns = st.st_ino;
	close_keeping_errno(fd);
	return rc;
}

/*
 * Into place's /dev/shm through process pidfd's root, judged again as
 * ns_places_find judged it: the process may have changed its root since
 * (chroot), or only looked like the one that was judged.  Failing, it
 * leaves no /dev/shm to work in until another pid of place passes.
 */
static int enter_shm(const struct ns_place *place, int pidfd)
{
	int rootfd;

	/* Ours, or another place's that is the same directory: no walk. */
	if (place->shm_dev == 0 || in_shm_of(place))
		return 0;
	rootfd = openat(pidfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd >= 0 && posix_set_root_fd(rootfd) == 0 && in_shm_of(place) &&
	    entered_shm_trusted(pidfd))
		return 0;
	posix_refuse_dir(ESRCH);
	errno = ESRCH;
	return -1;
}

/*
 * Enter place through process pid, both namespaces read through one
 * /proc/PID directory; ESRCH if pid is no longer in it.
 */
static int enter_through(const struct ns_place *place, pid_t pid)
{
	char path[32];
	int pidfd, rc;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	if ((pidfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	rc = enter_ipc(place, pidfd) == 0 && enter_shm(place, pidfd) == 0 ? 0 : -1;
	close_keeping_errno(pidfd);
	return rc;
}

int ns_enter(struct ns_place *place)
{
	int err = ESRCH;

	if (remember_home() < 0)
		return -1;
	place->entered_pid = 0;
	for (size_t i = 0; i < place->npids; i++) {
		if (enter_through(place, place->pids[i]) == 0) {
			/* Where we are ourselves, no --ns is needed. */
			place->entered_pid = place->pids[i] == getpid() ? 0 : place->pids[i];
			return 0;
		}
		/* Not permitted is the same for every process of it. */
		if ((err = errno) != ESRCH)
			break;
	}
	ns_leave();
	errno = err;
	return -1;
}

int ns_enter_pid(int pid, enum ns_step *step)
{
	char path[32];
	int pidfd, fd;

	*step = NS_STEP_PROCESS;
	if (remember_home() < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d", pid);
	/* One directory for every step: a pid reused meanwhile fails (ESRCH). */
	if ((pidfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	*step = NS_STEP_IPC;
	fd = openat(pidfd, "ns/ipc", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWIPC) < 0) {
		if (fd >= 0)
			close_keeping_errno(fd);
		return close_keeping_errno(pidfd);
	}
	close(fd);
	*step = NS_STEP_SHM;
	if ((fd = openat(pidfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    posix_set_root_fd(fd) < 0)
		return close_keeping_errno(pidfd);
	if (!entered_shm_trusted(pidfd))
		posix_refuse_dir(SEG_EUNTRUSTED);
	close(pidfd);
	return 0;
}

int ns_leave(void)
{
	if (home_ipc_fd < 0)
		return 0;
	if (current_ipc_ns != home_ipc_ns && setns(home_ipc_fd, CLONE_NEWIPC) < 0)
		return -1;
	current_ipc_ns = home_ipc_ns;
	/* Without a /dev/shm of our own, none: not the last place's. */
	if (home_shm_fd >= 0)
		posix_use_dir_fd(fcntl(home_shm_fd, F_DUPFD_CLOEXEC, 0));
	else
		posix_refuse_dir(ENOENT);
	return 0;
}

void ns_read_limits(struct ns_place *place)
{
	place->have_usage = sysv_usage(&place->usage) == 0;
	place->have_space = place->shm_dev != 0 &&
	    posix_space(&place->space, &place->space_used) == 0;
}

/* Does s start with n hex digits or more? */
static bool hex_run(const char *s, size_t n)
{
	size_t i = 0;

	while (isxdigit((unsigned char)s[i]))
		i++;
	return i >= n;
}

/* "RUNTIME:" and the 12 hex digits at id, if they are there. */
static char *runtime_id(const char *runtime, const char *id)
{
	char *s;

	if (!hex_run(id, 12))
		return NULL;
	return asprintf(&s, "%s:%.12s", runtime, id) < 0 ? NULL : s;
}

/* "RUNTIME:" and what comp has between prefix and suffix ("" for none). */
static char *runtime_name(const char *runtime, const char *comp, size_t clen,
    const char *prefix, const char *suffix)
{
	size_t plen = strlen(prefix), slen = strlen(suffix);
	char *s;

	if (clen <= plen + slen || strncmp(comp, prefix, plen) != 0 ||
	    strncmp(comp + clen - slen, suffix, slen) != 0)
		return NULL;
	return asprintf(&s, "%s:%.*s", runtime, (int)(clen - plen - slen),
	    comp + plen) < 0 ? NULL : s;
}

/*
 * systemd writes a byte of a unit's name that it may not hold (a '-' of a
 * machine name, say) as \xNN: the name as its maker gave it, in place.
 */
static void unescape_unit_name(char *s)
{
	char *to = s;

	for (const char *p = s; *p != '\0'; to++) {
		if (p[0] == '\\' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
		    isxdigit((unsigned char)p[3])) {
			char hex[3] = { p[2], p[3], '\0' };

			*to = (char)strtoul(hex, NULL, 16);
			p += 4;
		} else {
			*to = *p++;
		}
	}
	*to = '\0';
}

/* A Kubernetes pod slice: kubepods[-QOS]-podUID.slice (v2) or podUID (v1). */
static char *kube_pod(const char *comp, size_t clen, bool under_kubepods)
{
	const char *pod = NULL;
	char *s;

	if (strncmp(comp, "kubepods", 8) == 0 && clen > 6 &&
	    strncmp(comp + clen - 6, ".slice", 6) == 0) {
		for (const char *p = comp; p + 3 < comp + clen; p++)
			if (strncmp(p, "-pod", 4) == 0)
				pod = p + 4;
		clen -= 6;
	} else if (under_kubepods && strncmp(comp, "pod", 3) == 0) {
		pod = comp + 3;
	}
	if (pod == NULL || pod >= comp + clen)
		return NULL;
	if (asprintf(&s, "kubepods:%.*s", (int)(comp + clen - pod), pod) < 0)
		return NULL;
	/* systemd writes the pod's uid with '_' for '-'. */
	for (char *p = s; *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

/* The container one path component names, given the one before it. */
static char *component_container(const char *comp, size_t clen, const char *prev,
    size_t plen, bool under_kubepods)
{
	static const struct { const char *runtime, *prefix; } scopes[] = {
		{ "docker", "docker-" }, { "podman", "libpod-" },
		{ "containerd", "cri-containerd-" }, { "crio", "crio-" },
	};
	char *s;

	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		size_t len = strlen(scopes[i].prefix);

		if (clen > len && strncmp(comp, scopes[i].prefix, len) == 0)
			return runtime_id(scopes[i].runtime, comp + len);
	}
	/* cgroup v1 and cgroupfs drivers: /docker/ID, /libpod_parent/libpod-ID. */
	if (plen == 6 && strncmp(prev, "docker", 6) == 0)
		return runtime_id("docker", comp);
	if ((s = kube_pod(comp, clen, under_kubepods)) != NULL)
		return s;
	if ((s = runtime_name("lxc", comp, clen, "lxc.payload.", "")) != NULL)
		return s;
	if (plen == 3 && strncmp(prev, "lxc", 3) == 0)
		return runtime_name("lxc", comp, clen, "", "");
	if ((s = runtime_name("machine", comp, clen, "machine-", ".scope")) != NULL)
		unescape_unit_name(s);
	return s;
}

char *ns_container_of(const char *cgroup_path)
{
	const char *comp = cgroup_path, *prev = "";
	size_t plen = 0;
	bool under_kubepods = false;
	char *found = NULL, *s;

	while (*comp != '\0') {
		size_t clen = strcspn(comp, "/");

		if (clen > 0) {
			/* A pod's containers share its IPC namespace: the pod names it. */
			if (found == NULL || strncmp(found, "kubepods:", 9) != 0) {
				s = component_container(comp, clen, prev, plen, under_kubepods);
				if (s != NULL) {
					free(found);
					found = s;
				}
			}
			under_kubepods |= clen >= 8 && strncmp(comp, "kubepods", 8) == 0;
			prev = comp;
			plen = clen;
		}
		comp += clen + (comp[clen] == '/');
	}
	return found;
}
