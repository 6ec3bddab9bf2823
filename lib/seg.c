/*
 * seg.c - segment lists, filters, lookup and messages shared by both kinds.
 */
#include "seg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hidden.h"
#include "posix.h"
#include "spec.h"
#include "sysv.h"
#include "text.h"

/*
 * Our effective uid, asked once: rm --all asks it of every segment, and
 * each geteuid(2) was a tenth of removing 4000.
 */
static uid_t my_uid(void)
{
	static uid_t uid;
	static bool known;

	if (!known) {
		uid = geteuid();
		known = true;
	}
	return uid;
}

int seg_list_reserve(struct seg_list *list, size_t cap)
{
	struct seg *segs;

	if (cap <= list->cap)
		return 0;
	segs = reallocarray(list->segs, cap, sizeof(*segs));
	if (segs == NULL)
		return -1;
	list->segs = segs;
	list->cap = cap;
	return 0;
}

int seg_list_add(struct seg_list *list, const struct seg *seg)
{
	if (list->n == list->cap &&
	    seg_list_reserve(list, list->cap ? list->cap * 2 : 64) < 0)
		return -1;
	list->segs[list->n++] = *seg;
	return 0;
}

void seg_clear(struct seg *seg)
{
	free(seg->command);
	free(seg->owned_path);
	free(seg->pids);
	seg->command = NULL;
	seg->owned_path = NULL;
	seg->pids = NULL;
	seg->npids = 0;
}

void seg_list_free(struct seg_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		seg_clear(&list->segs[i]);
	free(list->segs);
	list->segs = NULL;
	list->n = list->cap = 0;
}

static time_t latest(time_t a, time_t b)
{
	return a > b ? a : b;
}

time_t seg_last_use(const struct seg *seg)
{
	return latest(latest(seg->ctime, seg->mtime), latest(seg->atime, seg->dtime));
}

unsigned seg_kind_bit(const struct seg *seg)
{
	if (seg->hidden != HIDDEN_NONE)
		return SEG_HIDDEN_BIT;
	return seg->sem ? SEG_SEM_BIT : 1u << seg->kind;
}

const char *seg_type_name(const struct seg *seg)
{
	static const char *const names[] = {
		[SEG_SYSV] = "sysv", [SEG_POSIX] = "posix", [SEG_FILE] = "file",
	};
	static const char *const hidden[] = {
		[HIDDEN_DELETED] = "deleted", [HIDDEN_MEMFD] = "memfd",
		[HIDDEN_ANON] = "anon",
	};

	if (seg->hidden != HIDDEN_NONE)
		return hidden[seg->hidden];
	return seg->sem ? "sem" : names[seg->kind];
}

bool seg_held_by(const struct seg *seg, pid_t pid)
{
	for (size_t i = 0; i < seg->npids; i++)
		if (seg->pids[i] == pid)
			return true;
	return false;
}

bool seg_filter_match(const struct seg_filter *filter, const struct seg *seg)
{
	/* --sysv, --posix and --sem choose among named kinds; --hidden adds. */
	if (seg->hidden != HIDDEN_NONE) {
		if (!filter->hidden)
			return false;
	} else if (filter->kinds != 0 && !(filter->kinds & seg_kind_bit(seg))) {
		return false;
	}
	if (filter->by_owner && seg->uid != filter->owner)
		return false;
	if (filter->pid > 0 && !seg_held_by(seg, filter->pid))
		return false;
	if (filter->by_creator && (seg->kind == SEG_SYSV ? seg->cuid : seg->uid) !=
	    filter->creator)
		return false;
	if (filter->by_age && filter->now - seg->ctime < filter->older_than)
		return false;
	if (filter->by_idle && filter->now - seg_last_use(seg) < filter->idle_for)
		return false;
	/* Idle means nobody has it now, too; unknown holders are not none. */
	if ((filter->unattached || filter->by_idle) &&
	    (seg->kind == SEG_SYSV ? seg->nattch : seg->holders) != 0)
		return false;
	if (filter->orphaned && seg->orphaned != 1)
		return false;
	return true;
}

/* A file:PATH, taken as the regular file the path names. */
static int file_find(const struct spec *spec, struct seg *seg)
{
	struct stat st;

	if (posix_file_stat(spec->path, &st) < 0)
		return -1;
	posix_seg_from_stat(seg, SEG_FILE, spec->path, &st);
	/* A /proc/PID/fd or map_files link to memory no name reaches. */
	hidden_classify(seg, spec->path, &st);
	return 0;
}

static int sysv_find(const struct spec *spec, struct seg *seg)
{
	int id;

	if ((spec->kind == SPEC_KEY ? sysv_lookup_key(spec->key, &id) :
	    sysv_lookup_id(spec->id, &id)) < 0)
		return -1;
	if (sysv_stat(id, seg) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	/*
	 * The owner or creator of a mode 0000 segment may remove it but not
	 * IPC_STAT it: SHM_STAT_ANY still describes it to them.  To others,
	 * as IPC_STAT says, permission denied.
	 */
	if (sysv_stat_any(id, seg) < 0)
		return -1;
	if (seg->uid != my_uid() && seg->cuid != my_uid()) {
		errno = EACCES;
		return -1;
	}
	seg->unreadable = true;
	return 0;
}

int seg_find(struct spec *spec, struct seg *seg)
{
	memset(seg, 0, sizeof(*seg));
	switch (spec->kind) {
	case SPEC_FTOK:
		if (spec_resolve(spec) < 0)
			return -1;
		/* fall through */
	case SPEC_KEY:
	case SPEC_ID:
		return sysv_find(spec, seg);
	case SPEC_POSIX:
		return posix_stat(spec->path, seg);
	case SPEC_FILE:
		return file_find(spec, seg);
	case SPEC_PRIVATE:
		break;
	}
	errno = EINVAL;
	return -1;
}

int seg_create(struct spec *spec, uint64_t size, mode_t mode, int flags, int *id)
{
	uint64_t shmmax;

	*id = -1;
	if (spec->kind == SPEC_POSIX) {
		if (size > INT64_MAX) {
			errno = EFBIG;
			return -1;
		}
		return posix_create(spec->path, size, mode);
	}
	if (spec_resolve(spec) < 0)
		return -1;
	shmmax = sysv_shmmax();
	if (shmmax != 0 && size > shmmax) {
		errno = EFBIG;
		return -1;
	}
	return sysv_create(spec->key, size, mode, flags, id);
}

int seg_access(const struct seg *seg, bool write)
{
	struct stat st;
	int fd;

	if (seg->kind == SEG_SYSV) {
		/* shmget checks the access that the mode bits of its flag ask for. */
		if (seg->key == 0 || shmget(seg->key, 0, write ? 0600 : 0400) < 0)
			return seg->key == 0 ? 0 : -1;
		return 0;
	}
	fd = seg->kind == SEG_POSIX ? posix_open(seg->name, write ? O_RDWR : O_RDONLY, &st) :
	    posix_file_open(seg->path, write ? O_RDWR : O_RDONLY, &st);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

uint64_t mount_id_of(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

int close_keeping_errno(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
	return -1;
}

const char *strerror_lower(int err)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

const char *seg_strerror(enum seg_kind kind, int err)
{
	switch (err) {
	case ENOENT:
	case EIDRM:
		return kind == SEG_FILE ? "no such file or directory" : "no such segment";
	case EEXIST:
		return "already exists";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ELOOP:
		return "a symbolic link, not followed";
	case SEG_ENOTREG:
		return "not a regular file";
	case SEG_ESHRUNK:
		return "shrank while being used";
	case SEG_EPSEUDO:
		return "a /proc or /sys file, not shared memory";
	case SEG_EMOUNTED:
		return "something is mounted over its name: not used";
	case SEG_ELINKED:
		return "has another name too (a hard link): not changed";
	case SEG_EUNTRUSTED:
		return "its /dev/shm is not trusted (no tmpfs that our user namespace mounted)";
	}
	return strerror_lower(err);
}

char *seg_label(const struct seg *seg)
{
	char buf[32];

	switch (seg->kind) {
	case SEG_SYSV:
		if (seg->key != 0)
			snprintf(buf, sizeof(buf), "0x%08x", (unsigned)seg->key);
		else
			snprintf(buf, sizeof(buf), "id %d", seg->id);
		return strdup(buf);
	case SEG_POSIX:
		return text_escape(seg->name, TEXT_SHOWN);
	case SEG_FILE:
		break;
	}
	char *path = text_escape(seg->path, TEXT_SHOWN), *label = NULL;

	if (path != NULL && asprintf(&label, "file:%s", path) < 0)
		label = NULL;
	free(path);
	return label;
}

char *seg_spec(const struct seg *seg)
{
	char buf[32];
	char *spec;

	switch (seg->kind) {
	case SEG_SYSV:
		/* A key of 0 (IPC_PRIVATE, or removed) names nothing: the id does. */
		if (seg->key != 0)
			snprintf(buf, sizeof(buf), "0x%08x", (unsigned)seg->key);
		else
			snprintf(buf, sizeof(buf), "id:%d", seg->id);
		return strdup(buf);
	case SEG_POSIX:
		return strdup(seg->name);
	case SEG_FILE:
		break;
	}
	return asprintf(&spec, "file:%s", seg->path) < 0 ? NULL : spec;
}

const char *seg_doubt_text(const struct seg *seg, char *buf, size_t len)
{
	switch (seg->doubt) {
	case DOUBT_NONE:
	case DOUBT_NOT_CHECKED:
		return "not checked";
	case DOUBT_CPID_HIDDEN:
		return "its creator is outside this PID namespace (cpid 0)";
	case DOUBT_LPID_HIDDEN:
		return "its last user is outside this PID namespace (lpid 0)";
	case DOUBT_PID_UNREADABLE:
		snprintf(buf, len, "/proc of pid %d is unreadable", (int)seg->doubt_pid);
		return buf;
	case DOUBT_NO_PROC:
		return "/proc does not show this PID namespace";
	case DOUBT_HIDEPID:
		return "/proc hides other users' processes (hidepid)";
	case DOUBT_NOT_CONTAINED:
		return "processes outside this PID namespace cannot be seen "
		    "(--contained says there are none)";
	}
	return "unknown";
}

/*
 * Is capability cap in our effective set (/proc/self/status CapEff)?  Read
 * once: root removing 4000 segments of other users read it 4000 times.
 */
static bool have_capability(int cap)
{
	static unsigned long long bits;
	static bool known;
	char line[256];
	FILE *f;

	if (!known) {
		known = true;
		if ((f = fopen("/proc/self/status", "re")) == NULL)
			bits = my_uid() == 0 ? ~0ULL : 0;
		while (f != NULL && fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "CapEff: %llx", &bits) == 1)
				break;
		if (f != NULL)
			fclose(f);
	}
	return (bits >> cap) & 1;
}

enum { CAP_CHOWN_BIT = 0, CAP_FOWNER_BIT = 3, CAP_SYS_ADMIN_BIT = 21 };

bool seg_may_change(const struct seg *seg, bool owner)
{
	uid_t me = my_uid();

	if (seg->kind == SEG_SYSV)
		return me == seg->uid || me == seg->cuid ||
		    have_capability(CAP_SYS_ADMIN_BIT);
	if (owner)
		return have_capability(CAP_CHOWN_BIT);
	return me == seg->uid || have_capability(CAP_FOWNER_BIT);
}

bool seg_may_remove(const struct seg *seg)
{
	uid_t me = my_uid();

	if (seg->kind == SEG_SYSV)
		return me == seg->uid || me == seg->cuid ||
		    have_capability(CAP_SYS_ADMIN_BIT);
	return me == seg->uid || posix_dir_owner() == me ||
	    have_capability(CAP_FOWNER_BIT);
}
