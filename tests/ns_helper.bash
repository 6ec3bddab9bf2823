# Helpers for the orphan, filter, global and --ns suites (20 to 23).  Load
# after test_helper:
#
#	load test_helper
#	load ns_helper
#
# - sandbox SCRIPT: run SCRIPT (bash) as pid 1 of new PID, IPC and mount
#   namespaces, with a /proc of its own and an empty tmpfs on /dev/shm.
#   There --orphaned, --all and filters without a SPEC can only reach what
#   SCRIPT made, and every process they look at is one SCRIPT started; when
#   SCRIPT ends, the kernel kills whatever it left running and frees its
#   segments.  Inside, SCRIPT has these functions:
#     shmtool, shmclient, shmorphan, shmhidden
#                                    the binaries under test, by absolute path
#     shmtool_nobody ARGS            shmtool as user nobody
#     as_nobody CMD                  any command as nobody (CMD a path)
#     show CMD                       run CMD: its stdout, its stderr with each
#                                    line prefixed "err: ", then "rc=STATUS"
#     state                          what is left, by ipcs and ls (not
#                                    shmtool): "sysv: KEYS" and "posix: NAMES"
#     hold VERB SPEC                 shmclient VERB SPEC 0 (hold, phold, popen)
#                                    in the background until the sandbox ends
#                                    or `release $HELD`; its pid in $HELD
#     attach_bg SPEC                 `shmtool attach -v SPEC` in the
#                                    background; its pid in $HELD
#     release PID                    stop a background process, wait for it
#     field ID NAME                  a field of `shmclient stat ID`
#     wait_for WHAT CMD..., wait_line [--regexp] FILE LINE
#                                    as in test_helper.bash (the same code)
#     started PID                    the start time of PID in seconds since
#                                    the epoch, as /proc says (btime plus
#                                    the start ticks / CLK_TCK)
#     reuse_pid N SINCE CMD...       start CMD in the background as pid N
#                                    (N must be free) so that it started
#                                    2 s after SINCE by /proc's clock, past
#                                    the second shmtool allows for rounding:
#                                    a reused pid; its pid in $REUSED
#   A helper that cannot do its work ends the sandbox with status 97 or 98
#   and a message on stderr.
# - start_ns_holder KEY NAME: a `sleep` in new IPC and mount namespaces
#   (not a new PID namespace) with a tmpfs on /dev/shm, SysV KEY (4 KiB) and
#   POSIX NAME (100 bytes) made inside; its pid in $NS_PID.  teardown stops
#   it (test_helper.bash's background registry).

# The library the sandbox's bash reads before SCRIPT.
# shellcheck disable=SC2016
_sandbox_lib='
mount -t tmpfs -o size=64m tmpfs /dev/shm || { echo "sandbox: no tmpfs" >&2; exit 99; }
shmtool() { ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"; }
shmclient() { "$SHMTOOL_BUILD/tests/shmclient" "$@"; }
shmorphan() { "$SHMTOOL_BUILD/tests/shmorphan" "$@"; }
shmhidden() { "$SHMTOOL_BUILD/tests/shmhidden" "$@"; }
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
shmtool_nobody() { as_nobody ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"; }
show() {
	local rc
	"$@" >"$T/show.out" 2>"$T/show.err"
	rc=$?
	cat "$T/show.out"
	sed "s/^/err: /" "$T/show.err"
	echo "rc=$rc"
}
state() {
	echo "sysv: $(ipcs -m | awk "\$1 ~ /^0x/ { print \$1 }" | sort | xargs)"
	echo "posix: $(ls /dev/shm | xargs)"
}
hold() {
	local f="$T/hold.$RANDOM" word=attached
	[ "$1" = popen ] && word=opened
	{ exec "$SHMTOOL_BUILD/tests/shmclient" "$1" "$2" 0 >"$f"; } &
	HELD=$!
	wait_line "$f" "$word" || exit 98
}
attach_bg() {
	local f="$T/attach.$RANDOM"
	{ exec ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" attach -v "$1" 2>"$f"; } &
	HELD=$!
	wait_line --regexp "$f" "shmtool: attach: .*: attached \(.*\), pid $HELD" || exit 98
}
release() { kill "$1"; wait "$1" 2>/dev/null; return 0; }
field() { shmclient stat "$1" | tr " " "\n" | sed -n "s/^$2=//p"; }
started() {
	local stat ticks btime
	stat=$(cat "/proc/$1/stat") || return 1
	# Field 22, starttime; the command (field 2) may hold blanks.
	read -r -a ticks <<<"${stat##*) }"
	btime=$(sed -n "s/^btime //p" /proc/stat)
	echo $((btime + ticks[19] / $(getconf CLK_TCK)))
}
_reuse_once() {
	local n=$1 since=$2
	shift 2
	# The kernel gives the next process ns_last_pid + 1 (if free).
	echo $((n - 1)) >/proc/sys/kernel/ns_last_pid || exit 97
	"$@" &
	REUSED=$!
	if [ "$REUSED" != "$n" ]; then
		echo "sandbox: wanted pid $n, got $REUSED" >&2
		exit 97
	fi
	[ "$(started "$REUSED")" -ge $((since + 2)) ] && return 0
	kill "$REUSED"
	wait "$REUSED" 2>/dev/null
	return 1
}
reuse_pid() {
	wait_for "a process started 2 s after $2 as pid $1" _reuse_once "$@" || exit 98
}
'

# shellcheck disable=SC2016 # $1 is expanded by the inner bash
sandbox() {
	unshare --ipc --pid --mount --fork --mount-proc \
	    env SHMTOOL_BUILD="$SHMTOOL_BUILD" SHMTOOL_WRAP="${SHMTOOL_WRAP:-}" \
	    T="$BATS_TEST_TMPDIR" WAIT_CAP="$WAIT_CAP" \
	    bash -c "$_sandbox_lib$(declare -f wait_for wait_line)"$'\n''eval "$1"' sandbox "$1" 3>&-
}

need_sandbox() {
	if ! unshare --ipc --pid --mount --fork --mount-proc true 2>/dev/null; then
		skip "unshare --ipc --pid --mount is not permitted here (needs root)"
	fi
}

# A field of a line "NAME=VALUE" in $output, e.g. `out_var id`.
# shellcheck disable=SC2154 # $output is set by bats' run
out_var() {
	sed -n "s/^$1=//p" <<<"$output"
}

start_ns_holder() {
	local pidfile="$BATS_TEST_TMPDIR/ns.pid"
	# shellcheck disable=SC2016
	{ exec unshare --ipc --mount --fork sh -c '
		mount -t tmpfs tmpfs /dev/shm || exit 99
		"$0" create "$1" 4096 0600 >/dev/null || exit 98
		"$0" pcreate "$2" 100 0600 >/dev/null || exit 98
		echo $$ >"$3.new" && mv "$3.new" "$3"
		exec sleep infinity' "$SHMTOOL_BUILD/tests/shmclient" "$1" "$2" "$pidfile" 3>&-; } &
	bg_track "$!"
	wait_line --regexp "$pidfile" '[0-9]+' || return 1
	NS_PID=$(cat "$pidfile")
	bg_track "$NS_PID"
}
