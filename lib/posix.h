/*
 * posix.h - POSIX shared memory objects: the regular files of /dev/shm
 * (or of another mount namespace's /dev/shm, see posix_set_dir).  Names
 * are taken and given with their leading '/', as shm_open(3) takes them.
 * Symbolic links are never followed; other non-regular entries are not
 * objects.  -1 with errno on failure; nothing is printed.
 */
#ifndef SHMTOOL_POSIX_H
#define SHMTOOL_POSIX_H

#include "seg.h"

/* errno for an entry that exists but is not a regular file. */
#define ENOTSHM EMEDIUMTYPE

/* Work in dir instead of /dev/shm. */
int posix_set_dir(const char *dir);

/*
 * Work in ROOT/dev/shm (for --ns: /proc/PID/root), following no link on
 * the way: a link there means something else in that root.
 */
int posix_set_root(const char *root);

/*
 * Create name exclusively with exactly this mode (no umask) and size, its
 * pages reserved (fallocate), so that a full /dev/shm fails here.
 */
int posix_create(const char *name, uint64_t size, mode_t mode);

/* Open an existing object: O_RDONLY or O_RDWR; returns an fd. */
int posix_open(const char *name, int flags);

int posix_stat(const char *name, struct seg *seg);
int posix_remove(const char *name);

/* Every object, leaving out semaphores (sem.*) and non-regular entries. */
int posix_list(struct seg_list *list);

/* The device of the /dev/shm file system in use. */
int posix_dev(dev_t *dev);

/* Size and use of the /dev/shm file system, in bytes. */
int posix_space(uint64_t *size, uint64_t *used);

/* Fill seg from an open fd of a file shared with mmap (file:PATH). */
void posix_seg_from_stat(struct seg *seg, enum seg_kind kind, const char *name,
    const void *st);

#endif
