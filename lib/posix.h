/*
 * posix.h - POSIX shared memory objects: the regular files of /dev/shm
 * (or of another mount namespace's /dev/shm, see posix_set_root_fd).  Names
 * are taken and given with their leading '/', as shm_open(3) takes them.
 * Symbolic links are never followed; other non-regular entries are not
 * objects.  -1 with errno on failure; nothing is printed.
 */
#ifndef SHMTOOL_POSIX_H
#define SHMTOOL_POSIX_H

#include "seg.h"

struct stat;

/*
 * Work in ROOTFD's dev/shm (for --ns: /proc/PID/root, opened), following
 * no link on the way: a link there means something else in that root,
 * resolved against ours.  rootfd is closed.  Until then, and without it,
 * /dev/shm.
 */
int posix_set_root_fd(int rootfd);

/* Work in the directory fd (posix_dir_fd's, kept), which is now ours. */
void posix_use_dir_fd(int fd);

/*
 * Work in no directory at all: every object fails with err (for --ns, a
 * /dev/shm not to be trusted: SEG_EUNTRUSTED), until one is set again.
 */
void posix_refuse_dir(int err);

/*
 * Create name exclusively with exactly this mode (no umask) and size, its
 * pages reserved (fallocate), so that a full /dev/shm fails here.
 */
int posix_create(const char *name, uint64_t size, mode_t mode);

/*
 * Size the object or file fd from `from` bytes to `to`, with the pages of
 * what grows reserved (fallocate), so that a full file system fails now
 * rather than with SIGBUS later; only sized where fallocate is missing.
 */
int posix_resize(int fd, uint64_t from, uint64_t to);

/*
 * Open an existing object: O_RDONLY or O_RDWR; returns an fd, and in st
 * what fstat(2) said of it once open.  For writing, an object with another
 * name is SEG_ELINKED: where fs.protected_hardlinks is 0, a user may link
 * root's file into /dev/shm under a name of its choosing.  Here and below,
 * a file on another mount than the directory's (mounted over the name) is
 * SEG_EMOUNTED, where statx(2) tells mount ids (Linux 5.8).
 */
int posix_open(const char *name, int flags, struct stat *st);

/*
 * The status of an object, not through a link (ELOOP), a regular file only
 * (SEG_ENOTREG), on the directory's mount (SEG_EMOUNTED).
 */
int posix_stat_name(const char *name, struct stat *st);

int posix_stat(const char *name, struct seg *seg);
/* Remove an object: a regular file, not through a link. */
int posix_remove(const char *name);

/* unlinkat, no questions asked: seg_remove has asked them (remove.h). */
int posix_unlink(const char *name);

/* Every object, leaving out semaphores (sem.*) and non-regular entries. */
int posix_list(struct seg_list *list);

/* The device of the /dev/shm file system in use. */
int posix_dev(dev_t *dev);

/* Size and use of the /dev/shm file system, in bytes. */
int posix_space(uint64_t *size, uint64_t *used);

/*
 * The size of the pages behind files of fd's file system: a hugetlbfs
 * mount's huge page size, else the base page size; -1 if fstatfs fails.
 */
int64_t fs_page_size(int fd);

/* ... of the /dev/shm file system in use. */
int64_t posix_page_size(void);

/* The /dev/shm directory in use, open (posix_set_root_fd's); -1 with errno. */
int posix_dir_fd(void);

/* The owner of the /dev/shm directory in use; (uid_t)-1 if unknown. */
uid_t posix_dir_owner(void);

/* Fill seg from what stat says of an object (SEG_POSIX) or a file (SEG_FILE). */
void posix_seg_from_stat(struct seg *seg, enum seg_kind kind, const char *name,
    const struct stat *st);

/*
 * file:PATH.  The path is followed as given, and its type is checked
 * before anything opens it for I/O: a FIFO, a device or a directory is
 * SEG_ENOTREG, a /proc or /sys file SEG_EPSEUDO.
 */
int posix_file_stat(const char *path, struct stat *st);

/*
 * Open file:PATH O_RDONLY or O_RDWR once posix_file_stat's checks pass; an
 * fd, and in st what fstat(2) said of it once open.
 */
int posix_file_open(const char *path, int flags, struct stat *st);

/*
 * O_PATH fds, which open nothing for I/O and need no permission on the
 * file: of an object (no link followed: ELOOP) or of file:PATH, checked as
 * posix_open and posix_file_stat check them.  For chmod and chown, through
 * /proc/self/fd.
 */
int posix_open_path(const char *name, struct stat *st);
int posix_file_open_path(const char *path, struct stat *st);

#endif
