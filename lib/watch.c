/*
 * watch.c - two sorted listings merged, and the differences named.
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

#include "ns.h"

static const char *const event_names[NWATCH_EVENTS] = {
	[WATCH_PRESENT] = "present",
	[WATCH_CREATED] = "created",
	[WATCH_REMOVED] = "removed",
	[WATCH_RESIZED] = "resized",
	[WATCH_ATTACHED] = "attached",
	[WATCH_DETACHED] = "detached",
	[WATCH_ORPHANED] = "orphaned",
	[WATCH_APPEARED] = "appeared",
	[WATCH_FREED] = "freed",
};

const char *watch_event_name(enum watch_event ev)
{
	return event_names[ev];
}

/*
 * The same segment in two listings: a SysV id is never reused at once (its
 * sequence number moves on); an object of /dev/shm is its inode, whether
 * a name reaches it or not any more (a POSIX row becomes a deleted one).
 */
/* The IPC namespace seg was listed in (--all-ns), else 0. */
static ino_t place_ns(const struct seg *seg)
{
	return seg->place != NULL ? seg->place->ipc_ns : 0;
}

static int identity_cmp(const void *pa, const void *pb)
{
	const struct seg *a = pa, *b = pb;
	bool a_sysv = a->kind == SEG_SYSV, b_sysv = b->kind == SEG_SYSV;

	if (a_sysv != b_sysv)
		return a_sysv ? -1 : 1;
	/* --all-ns: a shmid is one segment in one IPC namespace. */
	if (a_sysv && place_ns(a) != place_ns(b))
		return place_ns(a) < place_ns(b) ? -1 : 1;
	if (a_sysv)
		return (a->id > b->id) - (a->id < b->id);
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return (a->ino > b->ino) - (a->ino < b->ino);
}

void watch_sort(struct seg_list *list)
{
	if (list->n > 1)
		qsort(list->segs, list->n, sizeof(*list->segs), identity_cmp);
}

/* Gone with a name (rm, IPC_RMID), or memory no name reached any more. */
static bool is_nameless(const struct seg *seg)
{
	return seg->hidden != HIDDEN_NONE || (seg->status & SEG_DEST);
}

/* NATTCH as ls shows it: SysV's own count, else the holders; -1 unknown. */
static long attach_count(const struct seg *seg)
{
	return seg->kind == SEG_SYSV ? seg->nattch : seg->holders;
}

/* The first pid in a (ascending) that b lacks; 0 if none. */
static pid_t first_missing(const pid_t *a, size_t na, const pid_t *b, size_t nb)
{
	size_t j = 0;

	for (size_t i = 0; i < na; i++) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j == nb || b[j] != a[i])
			return a[i];
	}
	return 0;
}

/* Who made a change to a POSIX name, from the kernel's record of it. */
static pid_t named_by(const struct notify *nt, const struct seg *seg, unsigned what)
{
	/* The records name objects of the /dev/shm watched, not another's. */
	if (nt == NULL || seg->kind != SEG_POSIX || seg->dev != nt->dev)
		return 0;
	return notify_pid(nt, seg->name, what);
}

static void report_new(const struct seg *seg, const struct notify *nt,
    watch_report_fn *report, void *arg)
{
	if (seg->hidden != HIDDEN_NONE) {
		report(WATCH_APPEARED, seg, 0, arg);
		return;
	}
	report(WATCH_CREATED, seg, seg->kind == SEG_SYSV ? seg->cpid :
	    named_by(nt, seg, NOTIFY_CREATE), arg);
	/* Created and removed between two looks, still attached. */
	if (seg->status & SEG_DEST)
		report(WATCH_REMOVED, seg, 0, arg);
	/* Its maker gone already, nobody attached: orphaned from the start. */
	if (seg->orphaned == 1)
		report(WATCH_ORPHANED, seg, 0, arg);
}

static void report_gone(const struct seg *seg, const struct notify *nt,
    watch_report_fn *report, void *arg)
{
	if (is_nameless(seg))
		report(WATCH_FREED, seg, 0, arg);
	else
		report(WATCH_REMOVED, seg, named_by(nt, seg, NOTIFY_DELETE), arg);
}

/* A POSIX object renamed, or unlinked and its memory still held. */
static bool name_changed(const struct seg *was, const struct seg *is)
{
	if (was->kind == SEG_SYSV)
		return false;
	if ((was->hidden == HIDDEN_NONE) != (is->hidden == HIDDEN_NONE))
		return true;
	return was->hidden == HIDDEN_NONE && strcmp(was->name, is->name) != 0;
}

static void report_attach(const struct seg *was, const struct seg *is,
    watch_report_fn *report, void *arg)
{
	long before = attach_count(was), after = attach_count(is);
	pid_t by;

	if (before < 0 || after < 0 || before == after)
		return;
	if (is->kind == SEG_SYSV)
		by = is->lpid;
	else if (after > before)
		by = first_missing(is->pids, is->npids, was->pids, was->npids);
	else
		by = first_missing(was->pids, was->npids, is->pids, is->npids);
	report(after > before ? WATCH_ATTACHED : WATCH_DETACHED, is, by, arg);
}

static void report_changes(const struct seg *was, const struct seg *is,
    const struct notify *nt, watch_report_fn *report, void *arg)
{
	if (name_changed(was, is)) {
		if (was->hidden == HIDDEN_NONE)
			report(WATCH_REMOVED, was, named_by(nt, was, NOTIFY_DELETE), arg);
		if (is->hidden == HIDDEN_NONE)
			report(WATCH_CREATED, is, named_by(nt, is, NOTIFY_CREATE), arg);
	}
	/* As it was: the key that IPC_RMID took away, not key 0. */
	if (!(was->status & SEG_DEST) && (is->status & SEG_DEST))
		report(WATCH_REMOVED, was, 0, arg);
	if (was->size != is->size)
		report(WATCH_RESIZED, is, named_by(nt, is, NOTIFY_MODIFY), arg);
	report_attach(was, is, report, arg);
	if (was->orphaned != 1 && is->orphaned == 1)
		report(WATCH_ORPHANED, is, 0, arg);
}

void watch_diff(const struct seg_list *before, const struct seg_list *now,
    const struct notify *nt, watch_report_fn *report, void *arg)
{
	size_t i = 0, j = 0;

	while (i < before->n || j < now->n) {
		int cmp = i == before->n ? 1 : j == now->n ? -1 :
		    identity_cmp(&before->segs[i], &now->segs[j]);

		if (cmp < 0)
			report_gone(&before->segs[i++], nt, report, arg);
		else if (cmp > 0)
			report_new(&now->segs[j++], nt, report, arg);
		else
			report_changes(&before->segs[i++], &now->segs[j++], nt, report, arg);
	}
}
