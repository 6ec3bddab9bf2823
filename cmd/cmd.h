/*
 * cmd.h - the subcommands of shmtool.
 *
 * To add a subcommand NAME:
 *  1. write cmd/NAME.c with `int cmd_NAME(int argc, char **argv)`, which
 *     parses its options with getopt_long (see cmd_getopt below) and returns
 *     an exit status: EXIT_OK, EXIT_FAIL or EXIT_USAGE;
 *  2. declare it here and add a row to the table in cmd/shmtool.c;
 *  3. write man/shmtool-NAME.1.scd and tests/NN-NAME.bats;
 *  4. add its options to completions/.
 * The table gives usage lines, `shmtool --help` and the shmtool-NAME links.
 */
#ifndef SHMTOOL_CMD_H
#define SHMTOOL_CMD_H

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <time.h>

#include "../lib/spec.h"
#include "../lib/seg.h"
#include "../lib/change.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* after "shmtool NAME " */
	const char *summary;
};

extern const struct command commands[];
extern const size_t ncommands;
extern const struct command *current_command;

int cmd_attach(int argc, char **argv);
int cmd_chmod(int argc, char **argv);
int cmd_chown(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_truncate(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_write(int argc, char **argv);

/*
 * Print the current command's --help to stdout: usage and summary from the
 * table, then the command's own options text.
 */
int cmd_help(const char *options);

/* The two halves of cmd_help, for a command that adds to its help (ls). */
void cmd_help_head(const char *options);
int cmd_help_foot(void);

/*
 * getopt_long without getopt's own messages: an unknown option or a missing
 * argument prints one line and returns '?' (the caller returns EXIT_USAGE).
 * -h/--help is handled by the caller's switch like any option.
 */
int cmd_getopt(int argc, char **argv, const char *optstring,
    const struct option *longopts);

/* Print "shmtool: CMD: message" and return EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * --ns PID: enter the IPC namespace of process PID and use its /dev/shm
 * (through /proc/PID/root).  Prints the error; EXIT_OK, _FAIL or _USAGE.
 */
int cmd_enter_namespace(const char *arg);
/* Set once --ns has entered a namespace: --all-ns then makes no sense. */
extern bool ns_entered;

/*
 * Parse every SPEC before acting on any, so a typo loses nothing.  kinds
 * is a mask of 1 << SPEC_*; others are refused with a message.  Returns
 * a calloc'd array, or NULL after printing why.
 */
struct spec *specs_parse(int n, char **args, unsigned kinds);

/* The same into specs[0..n-1]; EXIT_OK, or EXIT_USAGE after the message. */
int specs_parse_into(struct spec *specs, int n, char **args, unsigned kinds);

#define SPECS_SYSV ((1u << SPEC_KEY) | (1u << SPEC_ID) | (1u << SPEC_FTOK))
#define SPECS_ALL (SPECS_SYSV | (1u << SPEC_POSIX) | (1u << SPEC_FILE))

/*
 * Does spec name one of glibc's POSIX semaphores (/sem.NAME)?  create,
 * write and truncate refuse them: a semaphore is no memory of ours.
 */
bool spec_is_sem(const struct spec *spec);
#define SEM_REFUSED "names beginning with sem. are POSIX semaphores' (sem_overview(7))"

/* What seg_strerror calls a SPEC's segment: a file, or a segment. */
enum seg_kind spec_seg_kind(const struct spec *spec);

/*
 * Text from a user or from /dev/shm, escaped for a message (lib/text.h):
 * "shmtool: rm: /nl\x0aforged: ..." is one line.  Valid until the fourth
 * next call.
 */
const char *shown(const char *text);

/* "ns 4026532290 (docker:0123456789ab)", escaped: a place in messages. */
const char *place_label(const struct ns_place *place);

/*
 * What a message calls the segment spec names, shown(): a POSIX name or
 * file path as it means it (its \xNN escapes undone, then escaped again as
 * ls would print it), else the SPEC as typed.
 */
const char *spec_shown(const struct spec *spec);

/* Print "shmtool: CMD: SPEC: why", SPEC by spec_shown; returns EXIT_FAIL. */
int fail_on(const struct spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* fail_on(spec, the seg_strerror message for err). */
int fail_spec(const struct spec *spec, int err);

/* seg_find, printing why on failure; -1 then. */
int spec_find(struct spec *spec, struct seg *seg);

/* The one answer to running out of memory in cmd/: say so, exit 1. */
noreturn void die_oom(void);

/* --orphaned, --older-than ... into filter; the getopt codes ls and rm share. */
enum {
	OPT_SYSV = 256, OPT_POSIX, OPT_SEM, OPT_USER, OPT_CREATOR, OPT_ORPHANED,
	OPT_UNATTACHED, OPT_OLDER, OPT_IDLE, OPT_CONTAINED, OPT_ALL_NS, OPT_FIRST_OWN
};
#define FILTER_LONGOPTS \
	{ "sysv", no_argument, NULL, OPT_SYSV }, \
	{ "posix", no_argument, NULL, OPT_POSIX }, \
	{ "sem", no_argument, NULL, OPT_SEM }, \
	{ "user", required_argument, NULL, OPT_USER }, \
	{ "creator", required_argument, NULL, OPT_CREATOR }, \
	{ "orphaned", no_argument, NULL, OPT_ORPHANED }, \
	{ "unattached", no_argument, NULL, OPT_UNATTACHED }, \
	{ "older-than", required_argument, NULL, OPT_OLDER }, \
	{ "idle-for", required_argument, NULL, OPT_IDLE }, \
	{ "contained", no_argument, NULL, OPT_CONTAINED }, \
	{ "all-ns", no_argument, NULL, OPT_ALL_NS }
#define FILTER_HELP \
    "     --sysv               System V segments only\n" \
    "     --posix              POSIX objects only\n" \
    "     --sem                POSIX named semaphores (/sem.NAME) only\n" \
    "     --user USER          owned by USER (name or UID)\n" \
    "     --creator USER       created by USER (SysV cuid; POSIX: owner)\n" \
    "     --orphaned           that no live process knows (see shmtool(7))\n" \
    "     --unattached         that no process has attached or open\n" \
    "     --older-than TIME    changed at least TIME ago (90s, 15m, 2h, 7d)\n" \
    "     --idle-for TIME      unused for TIME: no attach, detach, change or write\n" \
    "     --contained          every user of this /dev/shm is in our PID namespace\n" \
    "     --all-ns             in every IPC namespace and /dev/shm in use (root)\n"

struct seg_scan;

/*
 * segs_collect (lib/collect.h), saying which kind could not be listed:
 * EXIT_FAIL then, with what could be in scan.
 */
int segs_collect_or_warn(const struct seg_filter *filter, unsigned needs,
    struct seg_scan *scan);

/*
 * Handle one of the filter options: 1 if c was one (filter updated),
 * 0 if not, -1 after a usage message.
 */
int filter_option(int c, const char *arg, struct seg_filter *filter);

/*
 * chmod, chown, truncate: every SPEC (of kinds) found before any segment is
 * changed, then each changed in turn after a second look (lib/change.h),
 * going on after a failure.  plan, if set, fills in the change for one
 * segment (truncate's relative sizes) or fails after a message.  -n says
 * what would change, -v what did: "changed mode of /x from 0644 to 0640".
 */
struct change_opts {
	unsigned kinds;
	struct seg_change change;
	bool dry_run, verbose;
	int (*plan)(const struct seg *seg, struct seg_change *change,
	    const struct spec *spec);
};
int change_specs(int n, char **args, const struct change_opts *o);

/*
 * chmod and chown: options, WHAT (the first argument, given to parse,
 * which fills in the change or fails after a message), then SPECs.
 */
int change_main(int argc, char **argv, struct change_opts *o,
    const char *help, const char *what, int (*parse)(char *arg, struct seg_change *change));

/* -n and -v, which chmod, chown and truncate share: 1 if c was one. */
int change_option(int c, struct change_opts *o);
#define CHANGE_LONGOPTS \
	{ "dry-run", no_argument, NULL, 'n' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "verbose", no_argument, NULL, 'v' }
#define CHANGE_HELP \
    " -n, --dry-run            show what would change, change nothing\n" \
    " -v, --verbose            print each change\n"

/*
 * Holding something (attach's mapping, lock's lock) while CMD runs:
 * hold_block_signals blocks SIGINT, SIGTERM, SIGHUP and SIGCHLD (old gets
 * the mask before), so one that comes early is not lost; hold then runs
 * cmd (NULL: none) with the old mask and waits for its end (its status,
 * 128 + a signal's number), a signal (passed on to cmd; EXIT_OK without
 * one), or duration seconds (0: no limit).
 */
void hold_block_signals(sigset_t *set, sigset_t *old);
int hold(char **cmd, time_t duration, const sigset_t *set, const sigset_t *old);

/* --lock and --wait TIME, which read, write and attach share (lib/lock.h). */
struct lock_opts {
	bool on;
	bool bounded;		/* --wait given */
	struct timespec wait;
};
enum { OPT_LOCK = 1024, OPT_WAIT };
#define LOCK_LONGOPTS \
	{ "lock", no_argument, NULL, OPT_LOCK }, \
	{ "wait", required_argument, NULL, OPT_WAIT }
#define LOCK_HELP \
    "     --lock               hold the segment's lock meanwhile (shmtool(7), LOCKING)\n" \
    "     --wait TIME          give up after TIME (0: at once) unlocked; implies --lock\n"

/* Handle --lock or --wait: 1 if c was one, 0 if not, -1 after a message. */
int lock_option(int c, const char *arg, struct lock_opts *o);

/* The wait to give seg_lock_take: NULL without --wait. */
const struct timespec *lock_wait(const struct lock_opts *o);

/*
 * Say why spec was not opened or locked (err from lib/lock.h): "still locked
 * by another process after 2s", no key, or as fail_spec.  EXIT_FAIL.
 */
int fail_lock(const struct spec *spec, const struct lock_opts *o, int err);

struct shm_handle;
struct seg_lock;

/*
 * handle_open (lib/copy.h), or with --lock handle_open_locked, the lock
 * exclusive if flags has HANDLE_WRITE, else shared.  Prints why on
 * failure (fail_lock): -1 then.  *lock is set either way, for
 * seg_lock_release.
 */
int open_handle(const struct spec *spec, const struct seg *seg, int flags,
    const struct lock_opts *lo, struct shm_handle *h, struct seg_lock *lock);

/* Strict number parsers for options: print "OPTION VALUE: why" on error. */
int opt_size(const char *opt, const char *arg, uint64_t max, uint64_t *out);
int opt_offset(const char *opt, const char *arg, uint64_t *out);
int opt_mode(const char *opt, const char *arg, mode_t *out);
int opt_duration(const char *opt, const char *arg, time_t *out);
int opt_user(const char *opt, const char *arg, uid_t *out);
int opt_group(const char *opt, const char *arg, gid_t *out);

#endif
