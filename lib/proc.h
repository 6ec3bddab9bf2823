/*
 * proc.h - what /proc says about processes: are they alive, since when,
 * and what do they run.
 */
#ifndef SHMTOOL_PROC_H
#define SHMTOOL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Parse the start time (field 22, clock ticks since boot) of a /proc/PID/stat line. */
int proc_parse_stat_start(const char *line, unsigned long long *ticks);

/* When pid started, in seconds since the epoch; -1 if it is not running. */
int proc_start_time(pid_t pid, time_t *start);

/*
 * Is pid a live process that could be the one seen at time `since`?
 * A process that started after `since` holds a reused pid.
 */
bool proc_alive_since(pid_t pid, time_t since);

/* The command line of pid, arguments joined by spaces; -1 if gone. */
int proc_cmdline(pid_t pid, char *buf, size_t len);

#endif
