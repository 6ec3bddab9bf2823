/*
 * proc.h - what /proc says about processes: are they alive, since when,
 * what do they run, and how much of them /proc lets us see.
 */
#ifndef SHMTOOL_PROC_H
#define SHMTOOL_PROC_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Parse the start time (field 22, clock ticks since boot) of a /proc/PID/stat line. */
int proc_parse_stat_start(const char *line, unsigned long long *ticks);

enum proc_life {
	PROC_DEAD,	/* no such process, or its pid was given out again */
	PROC_ALIVE,	/* the process that was there at `since` */
	PROC_UNKNOWN,	/* it exists, but /proc will not say since when */
};

/*
 * Is pid the live process that was seen at time `since`?  A process that
 * started after `since` holds a reused pid: dead.  One that kill(2) finds
 * but whose /proc entry cannot be read (hidepid, no /proc of ours) is
 * unknown, never dead.
 */
enum proc_life proc_life_since(pid_t pid, time_t since);

/* The command line of pid, arguments joined by spaces; -1 if gone. */
int proc_cmdline(pid_t pid, char *buf, size_t len);

/*
 * Does /proc show the processes of our PID namespace?  Not if none is
 * mounted, or if it is another namespace's (unshare --pid without a /proc
 * of its own): /proc/self is then not us.
 */
bool proc_is_ours(void);

/*
 * Does this /proc hide other users' processes from us (hidepid=2 or
 * invisible, and we are not root)?  Then a scan cannot see them all.
 */
bool proc_hides_others(void);

/*
 * Are we in the host's PID namespace?  Only there does /proc show every
 * process that could use our /dev/shm.  The initial namespaces have fixed
 * inode numbers (PROC_PID_INIT_INO in the kernel's proc_ns.h).
 */
bool proc_in_host_pidns(void);

/*
 * Every pid /proc (opened as proc) lists but ours, ascending as /proc
 * lists them, in a list to free; NULL with errno.  The one walk of /proc
 * that the scan (holders.h) and the places (ns.h) share.
 */
pid_t *proc_list_pids(DIR *proc, size_t *n);

/*
 * A pass over n processes, split where it pays: with PROC_SPLIT processes
 * or more and two CPUs or more, fn(first, 0, n / 2) here and fn(second,
 * n / 2, n) in a second thread (reading /proc is the kernel's work for
 * each process in turn, and halves cleanly: 2000 processes, 118 ms on
 * one); else fn(first, 0, n) alone.  True if it was split: second then
 * holds a share of the results.  The /proc scan (holders.h) and the walk
 * that finds places (ns.h) both run this way.
 */
#define PROC_SPLIT	64
bool proc_split(size_t n, void (*fn)(void *share, size_t from, size_t to),
    void *first, void *second);

#endif
