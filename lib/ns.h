/*
 * ns.h - every IPC namespace and /dev/shm in use on the host (ls and rm
 * --all-ns), found from the processes that use them, and entering one.
 * A place is a pair: an IPC namespace (SysV segments) and a /dev/shm
 * directory (POSIX objects, known by device and inode: a container's may
 * be a directory of the host's bound there), as a container has both.  Nothing is
 * printed; -1 with errno on failure.
 */
#ifndef SHMTOOL_NS_H
#define SHMTOOL_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysv.h"

/* How many of a place's processes are kept, to enter it if one exits. */
#define NS_PIDS	4

struct ns_place {
	ino_t ipc_ns;		/* the IPC namespace's inode */
	dev_t shm_dev;		/* its /dev/shm directory's device (0: it has none) */
	ino_t shm_ino;		/* ... and inode */
	pid_t pids[NS_PIDS];	/* processes in it, ascending: entered through /proc/PID */
	size_t npids;
	char *container;	/* from a process's cgroup (ns_container_of); NULL: none */
	/* Listed here: the first place of its IPC namespace, of its /dev/shm. */
	bool sysv, posix;
	/*
	 * Filled by ns_enter: a process it was entered through, for shmtool
	 * --ns; 0 for our own place (no --ns needed) or if not entered.
	 */
	pid_t entered_pid;
	/* Filled by ns_read_limits, in the place: its limits and their use. */
	bool have_usage, have_space;
	struct sysv_usage usage;
	uint64_t space, space_used;
	/* Filled by segs_collect_all_ns (collect.h): errno, or 0. */
	int enter_err, sysv_err, posix_err, hidden_err;
};

struct ns_places {
	struct ns_place *v;	/* ours first, then as /proc lists their processes */
	size_t n, cap;
	/* Every process seen, with the place it is in, by pid (ns_place_of). */
	struct ns_member {
		pid_t pid;
		size_t place;
		/*
		 * Its /proc/PID directory, kept open for the /proc pass that
		 * follows (holders_scan_every), so that each process is opened
		 * once and is the same process in both; -1 if not kept.  And
		 * its IPC namespace, as read through it (0: unknown).
		 */
		int dirfd;
		ino_t ipc_ns;
	} *members;
	size_t nmembers, members_cap;
};

/*
 * Every place some process is in, walking /proc: for each process its IPC
 * namespace (/proc/PID/ns/ipc) and the /dev/shm of its root (/proc/PID/
 * root/dev/shm, no link followed).  Processes we may not look at are left
 * out: for root, none are.  Each member's /proc directory is kept open for
 * the /proc pass (as many as RLIMIT_NOFILE allows: its soft limit is
 * raised to the hard one).
 */
int ns_places_find(struct ns_places *places);

/*
 * Close the /proc directories ns_places_find kept (members' dirfd), once
 * the pass that reads them is done; ns_places_free does it too.
 */
void ns_places_close_dirs(struct ns_places *places);
void ns_places_free(struct ns_places *places);

/* The place of process pid, as found; NULL if it was not seen. */
const struct ns_place *ns_place_of(const struct ns_places *places, pid_t pid);

/*
 * Work in place from now on: its IPC namespace (setns) and its /dev/shm
 * (posix_set_root_fd of /proc/PID/root), entered through one of its pids,
 * each checked to be the namespace and file system found (a pid reused
 * since is someone else) and its /dev/shm judged again as ns_places_find
 * judged it.  -1 with errno: EPERM without CAP_SYS_ADMIN, ESRCH if no
 * process of it will do.
 */
int ns_enter(struct ns_place *place);

/* Which step of ns_enter_pid failed. */
enum ns_step {
	NS_STEP_PROCESS,	/* /proc/PID */
	NS_STEP_IPC,		/* its IPC namespace */
	NS_STEP_SHM,		/* its root's dev/shm */
};

/*
 * --ns PID: work in the IPC namespace and the /dev/shm of process pid
 * from now on, both reached through one /proc/PID directory.  A /dev/shm
 * other than ours is taken for one only as ns_places_find takes it (a
 * tmpfs that our user namespace mounted); any other is refused to every
 * POSIX object (posix_refuse_dir, SEG_EUNTRUSTED), its SysV segments
 * still there to use.  -1 with errno, and *step says where.
 */
int ns_enter_pid(int pid, enum ns_step *step);

/* Back to the IPC namespace and /dev/shm we started in. */
int ns_leave(void);

/* The limits and use of the place we are in, into place (see ns_place). */
void ns_read_limits(struct ns_place *place);

/*
 * The container a cgroup path names, from the runtime's naming:
 * "docker:ID", "podman:ID", "containerd:ID", "crio:ID" (IDs cut to 12
 * hex digits), "kubepods:POD-UID", "lxc:NAME", "machine:NAME"
 * (systemd-nspawn); the innermost one wins.  NULL if it names none (the
 * host, or a namespace made by hand with unshare).  Free it.
 */
char *ns_container_of(const char *cgroup_path);

#endif
