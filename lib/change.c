/*
 * change.c - chmod, chown and truncate, after a second look.
 */
#include "change.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix.h"
#include "remove.h"

/* IPC_SET takes uid, gid and mode, all three: the others as they are. */
static int sysv_change(const struct seg *seg, const struct seg_change *change)
{
	struct shmid_ds ds;

	if (change->op == CHANGE_SIZE) {
		errno = EINVAL;
		return -1;
	}
	memset(&ds, 0, sizeof(ds));
	ds.shm_perm.uid = seg->uid;
	ds.shm_perm.gid = seg->gid;
	ds.shm_perm.mode = (unsigned short)seg->mode;
	if (change->op == CHANGE_MODE)
		ds.shm_perm.mode = (unsigned short)(change->mode & 0777);
	if (change->op == CHANGE_OWNER && change->uid != (uid_t)-1)
		ds.shm_perm.uid = change->uid;
	if (change->op == CHANGE_OWNER && change->gid != (gid_t)-1)
		ds.shm_perm.gid = change->gid;
	if (shmctl(seg->id, IPC_SET, &ds) < 0) {
		if (errno == EINVAL || errno == EIDRM)
			errno = ENOENT;
		return -1;
	}
	return 0;
}

/* Is what fd opened the inode seg describes? */
static int same_inode(int fd, const struct seg *seg)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	if (st.st_dev != seg->dev || st.st_ino != seg->ino) {
		errno = ESTALE;
		return -1;
	}
	return 0;
}

/* Mode and owner, through the O_PATH fd's /proc/self/fd link. */
static int inode_change(const struct seg *seg, const struct seg_change *change)
{
	struct stat st;
	char link[64];
	int fd = seg->kind == SEG_POSIX ? posix_open_path(seg->name, &st) :
	    posix_file_open_path(seg->path, &st), rc = -1;

	if (fd < 0)
		return -1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	/* Another name of it may be anyone's: see posix_open. */
	if (seg->kind == SEG_POSIX && st.st_nlink > 1)
		errno = SEG_ELINKED;
	else if (same_inode(fd, seg) == 0)
		rc = change->op == CHANGE_MODE ? chmod(link, change->mode & 0777) :
		    chown(link, change->uid, change->gid);
	close(fd);
	return rc;
}

/* The size, through an fd opened for writing. */
static int size_change(const struct seg *seg, uint64_t size)
{
	struct stat st;
	int fd = seg->kind == SEG_POSIX ? posix_open(seg->name, O_RDWR, &st) :
	    posix_file_open(seg->path, O_RDWR, &st), rc = -1;

	if (fd < 0)
		return -1;
	if (size > INT64_MAX)
		errno = EFBIG;
	else if (same_inode(fd, seg) == 0)
		rc = posix_resize(fd, (uint64_t)st.st_size, size);
	close(fd);
	return rc;
}

int seg_change(const struct seg *seg, const struct seg_change *change)
{
	struct seg fresh;

	if (seg_verify(seg, &fresh) < 0)
		return -1;
	if (fresh.kind == SEG_SYSV)
		return sysv_change(&fresh, change);
	if (change->op == CHANGE_SIZE)
		return size_change(&fresh, change->size);
	return inode_change(&fresh, change);
}
