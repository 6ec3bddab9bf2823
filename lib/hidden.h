/*
 * hidden.h - shared memory that no name reaches (ls --hidden): a /dev/shm
 * object unlinked while still mapped or open, a memfd, a shared anonymous
 * mapping.  A process that maps it or holds it open is the only way to it,
 * so each becomes a SEG_FILE segment reached through that process's
 * /proc/PID/fd/N or /proc/PID/map_files/START-END link.
 */
#ifndef SHMTOOL_HIDDEN_H
#define SHMTOOL_HIDDEN_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "seg.h"

struct holders;

/*
 * The kernel's own mounts of shared memory, which no path reaches: its
 * tmpfs (memfds, shared anonymous memory, SysV segments) and hugetlbfs.
 */
struct hidden_devs {
	dev_t dev[2];
	size_t n;
};

/* Learn them, by making (and closing) a memfd on each. */
void hidden_devs_find(struct hidden_devs *devs);
bool hidden_devs_has(const struct hidden_devs *devs, dev_t dev);

/*
 * Append to list a row for each object (device and inode) that the scan h
 * (made with hidden) saw mapped or open, once each: TYPE, NAME, the
 * holders' pids, and what stat says of it through the link chosen for its
 * path (an fd if any holder has one, the lowest pid first: that needs no
 * privilege but ptrace access; else the first mapping, through map_files,
 * which needs CAP_SYS_ADMIN, without which only SIZE is known).  A
 * /dev/shm object that a name in list (POSIX) or a link still reaches is
 * no row.  -1 with ENOMEM.
 */
int hidden_collect(const struct holders *h, struct seg_list *list);

/* Does a path /proc shows end in " (deleted)"? */
bool hidden_path_unlinked(const char *path, size_t len);

/*
 * What to call it, from the path /proc shows (len bytes): "memfd:NAME" for
 * "/memfd:NAME (deleted)", "/NAME" for "/dev/shm/NAME (deleted)", nothing
 * for anonymous memory.  Shown escaped (text.h), never used as a path.
 */
void hidden_name_of(enum seg_hidden type, const char *path, size_t len,
    char *name, size_t size);

/*
 * seg->hidden and seg->name of a file: SPEC whose inode st is: on a kernel
 * mount (through a /proc link), a memfd or anonymous memory; unlinked, a
 * deleted one.  path is the SPEC's path, read as a link for the name.
 */
void hidden_classify(struct seg *seg, const char *path, const struct stat *st);

#endif
