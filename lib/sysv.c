/*
 * sysv.c - System V shared memory segments.
 */
#include "sysv.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

/* Since Linux 4.17; older headers lack it. */
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

int sysv_create(key_t key, uint64_t size, mode_t mode, int flags, int *id)
{
	int shmflg = IPC_CREAT | IPC_EXCL | (int)(mode & 0777);

	if (flags & SYSV_HUGETLB)
		shmflg |= SHM_HUGETLB;
	if (size > SIZE_MAX) {
		errno = EINVAL;
		return -1;
	}
	*id = shmget(key, (size_t)size, shmflg);
	return *id < 0 ? -1 : 0;
}

int sysv_lookup_key(key_t key, int *id)
{
	*id = shmget(key, 0, 0);
	return *id < 0 ? -1 : 0;
}

int sysv_lookup_id(int id, int *out)
{
	struct shmid_ds ds;

	/*
	 * An id names a segment only if it exists; EACCES still proves that,
	 * and the caller's next shmctl reports it.
	 */
	if (shmctl(id, IPC_STAT, &ds) < 0 && errno != EACCES) {
		if (errno == EINVAL || errno == EIDRM)
			errno = ENOENT;
		return -1;
	}
	*out = id;
	return 0;
}

static void seg_from_ds(struct seg *seg, int id, const struct shmid_ds *ds)
{
	memset(seg, 0, sizeof(*seg));
	seg->kind = SEG_SYSV;
	seg->holders = -1;
	seg->orphaned = -1;
	seg->rss = seg->swap = seg->page_size = seg->sem_value = -1;
	seg->key = ds->shm_perm.__key;
	seg->id = id;
	seg->uid = ds->shm_perm.uid;
	seg->gid = ds->shm_perm.gid;
	seg->cuid = ds->shm_perm.cuid;
	seg->cgid = ds->shm_perm.cgid;
	/* The kernel keeps SHM_DEST and SHM_LOCKED beside the permissions. */
	seg->mode = ds->shm_perm.mode & 0777;
	seg->status = (ds->shm_perm.mode & SHM_DEST ? SEG_DEST : 0) |
	    (ds->shm_perm.mode & SHM_LOCKED ? SEG_LOCKED : 0);
	seg->size = ds->shm_segsz;
	seg->nattch = (long)ds->shm_nattch;
	seg->cpid = ds->shm_cpid;
	seg->lpid = ds->shm_lpid;
	seg->atime = ds->shm_atime;
	seg->dtime = ds->shm_dtime;
	seg->ctime = ds->shm_ctime;
}

int sysv_stat(int id, struct seg *seg)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) < 0) {
		if (errno == EINVAL || errno == EIDRM)
			errno = ENOENT;
		return -1;
	}
	seg_from_ds(seg, id, &ds);
	return 0;
}

int sysv_stat_any(int id, struct seg *seg)
{
	struct shm_info info;
	struct shmid_ds ds;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

	for (int idx = 0; idx <= maxidx; idx++) {
		memset(&ds, 0, sizeof(ds));
		if (shmctl(idx, SHM_STAT_ANY, &ds) == id) {
			seg_from_ds(seg, id, &ds);
			return 0;
		}
	}
	errno = ENOENT;
	return -1;
}

int sysv_remove(int id)
{
	if (shmctl(id, IPC_RMID, NULL) < 0) {
		if (errno == EINVAL || errno == EIDRM)
			errno = ENOENT;
		return -1;
	}
	return 0;
}

/*
 * SHM_INFO returns the highest used index; SHM_STAT_ANY on each index
 * returns the shmid without the read-permission check of SHM_STAT, so
 * segments we may not read are listed too.  One syscall per index.
 */
static int stat_each(int maxidx, const struct shm_info *info,
    int (*fn)(const struct seg *seg, void *arg), void *arg)
{
	struct shmid_ds ds;
	struct seg seg;
	size_t found = 0;

	for (int idx = 0; idx <= maxidx; idx++) {
		int id;

		/* valgrind does not know SHM_STAT_ANY fills ds. */
		memset(&ds, 0, sizeof(ds));
		id = shmctl(idx, SHM_STAT_ANY, &ds);

		if (id < 0) {
			/* An unused index, or removed since SHM_INFO. */
			if (errno == EINVAL || errno == EIDRM)
				continue;
			return -1;
		}
		seg_from_ds(&seg, id, &ds);
		if (fn(&seg, arg) < 0)
			return -1;
		found++;
	}
	/* An old kernel refuses the unknown command on every index. */
	if (found == 0 && info->used_ids > 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int sysv_each(int (*fn)(const struct seg *seg, void *arg), void *arg)
{
	struct shm_info info;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

	return maxidx < 0 ? -1 : stat_each(maxidx, &info, fn, arg);
}

static int add_to_list(const struct seg *seg, void *list)
{
	return seg_list_add(list, seg);
}

static int list_stat_any(struct seg_list *list)
{
	struct shm_info info;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

	/* One allocation for the whole listing rather than a doubling series. */
	if (maxidx < 0 || seg_list_reserve(list, list->n + (size_t)info.used_ids) < 0)
		return -1;
	return stat_each(maxidx, &info, add_to_list, list);
}

/*
 * The next field of a /proc/sysvipc/shm line at *p, a number in base
 * (signed: a key, which the kernel prints as an int); false at the end of
 * the line or at anything else.  By hand, as holders.c reads maps lines:
 * 16 sscanf conversions a line for every segment are slow, and sscanf's
 * %o would read "609" as two fields.
 */
static bool next_field(const char **p, int base, bool is_signed,
    unsigned long long *v)
{
	const char *s = *p + strspn(*p, " \t");
	char *end;

	if (!(isdigit((unsigned char)*s) || (is_signed && *s == '-')))
		return false;
	errno = 0;
	*v = is_signed ? (unsigned long long)strtoll(s, &end, base) :
	    strtoull(s, &end, base);
	if (errno != 0 || (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\0'))
		return false;
	*p = end;
	return true;
}

int sysv_parse_proc_line(const char *line, struct seg *seg)
{
	/* key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap */
	enum { KEY, ID, PERMS, SIZE, CPID, LPID, NATTCH, UID, GID, CUID, CGID,
		ATIME, DTIME, CTIME, RSS, SWAP, NFIELDS };
	unsigned long long f[NFIELDS] = { 0 };
	int fields = 0;
	long long key;

	while (fields < NFIELDS && next_field(&line, fields == PERMS ? 8 : 10,
	    fields == KEY, &f[fields]))
		fields++;
	key = (long long)f[KEY];
	if (fields < RSS || f[ID] > INT_MAX || key < INT_MIN || key > UINT32_MAX ||
	    f[CPID] > INT_MAX || f[LPID] > INT_MAX || f[UID] > UINT32_MAX ||
	    f[GID] > UINT32_MAX || f[CUID] > UINT32_MAX || f[CGID] > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(seg, 0, sizeof(*seg));
	seg->kind = SEG_SYSV;
	seg->holders = -1;
	seg->orphaned = -1;
	/* The kernel prints the key as a signed int: -1 is 0xffffffff. */
	seg->key = (key_t)(uint32_t)key;
	seg->id = (int)f[ID];
	seg->mode = (mode_t)(f[PERMS] & 0777);
	seg->status = (f[PERMS] & SHM_DEST ? SEG_DEST : 0) |
	    (f[PERMS] & SHM_LOCKED ? SEG_LOCKED : 0);
	seg->size = f[SIZE];
	seg->cpid = (pid_t)f[CPID];
	seg->lpid = (pid_t)f[LPID];
	seg->nattch = f[NATTCH] > LONG_MAX ? LONG_MAX : (long)f[NATTCH];
	seg->uid = (uid_t)f[UID];
	seg->gid = (gid_t)f[GID];
	seg->cuid = (uid_t)f[CUID];
	seg->cgid = (gid_t)f[CGID];
	seg->atime = (time_t)f[ATIME];
	seg->dtime = (time_t)f[DTIME];
	seg->ctime = (time_t)f[CTIME];
	/* Since Linux 4.x; the kernel's own count, in bytes. */
	seg->rss = fields == NFIELDS && f[RSS] <= INT64_MAX ? (int64_t)f[RSS] : -1;
	seg->swap = fields == NFIELDS && f[SWAP] <= INT64_MAX ? (int64_t)f[SWAP] : -1;
	return 0;
}

int sysv_list_proc(struct seg_list *list)
{
	FILE *f = fopen("/proc/sysvipc/shm", "re");
	struct shm_info info;
	char line[512];
	struct seg seg;
	int rc = 0;

	if (f == NULL)
		return -1;
	/* One allocation for the whole listing rather than a doubling series. */
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info) >= 0 &&
	    seg_list_reserve(list, list->n + (size_t)info.used_ids) < 0) {
		fclose(f);
		return -1;
	}
	/* The first line is the header. */
	if (fgets(line, sizeof(line), f) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sysv_parse_proc_line(line, &seg) < 0)
				continue;
			if (seg_list_add(list, &seg) < 0) {
				rc = -1;
				break;
			}
		}
	}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

int sysv_list(struct seg_list *list)
{
	size_t n = list->n;

	if (list_stat_any(list) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	list->n = n;
	/* Kernels before 4.17 have no SHM_STAT_ANY: read /proc once instead. */
	return sysv_list_proc(list);
}

uint64_t sysv_shmmax(void)
{
	FILE *f = fopen("/proc/sys/kernel/shmmax", "re");
	unsigned long long v = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

int sysv_usage(struct sysv_usage *u)
{
	struct shminfo limits;
	struct shm_info info;
	FILE *f;

	memset(u, 0, sizeof(*u));
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&limits) < 0 ||
	    shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info) < 0)
		return -1;
	u->shmmax = limits.shmmax;
	u->shmall = limits.shmall;
	u->shmmni = limits.shmmni;
	u->segments = (uint64_t)info.used_ids;
	u->pages = info.shm_tot;
	u->rss_pages = info.shm_rss;
	u->swap_pages = info.shm_swp;
	u->rmid_forced = -1;
	f = fopen("/proc/sys/kernel/shm_rmid_forced", "re");
	if (f != NULL) {
		if (fscanf(f, "%d", &u->rmid_forced) != 1)
			u->rmid_forced = -1;
		fclose(f);
	}
	return 0;
}
