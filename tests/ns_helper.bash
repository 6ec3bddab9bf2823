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
#     shmtool, shmclient, shmorphan  the binaries under test, by absolute path
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
#     reuse_pid N CMD...             start CMD in the background as pid N
#                                    (N must be free); its pid in $REUSED
#     wait_until_after SECONDS       until the clock is past SECONDS + 3
# - start_ns_holder KEY NAME: a `sleep` in new IPC and mount namespaces
#   (not a new PID namespace) with a tmpfs on /dev/shm, SysV KEY (4 KiB) and
#   POSIX NAME (100 bytes) made inside; its pid in $NS_PID.  teardown stops it.

bats_require_minimum_version 1.5.0

_ns_pids=()

# The library the sandbox's bash reads before SCRIPT.
# shellcheck disable=SC2016
_sandbox_lib='
mount -t tmpfs -o size=64m tmpfs /dev/shm || { echo "sandbox: no tmpfs" >&2; exit 99; }
shmtool() { ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"; }
shmclient() { "$SHMTOOL_BUILD/tests/shmclient" "$@"; }
shmorphan() { "$SHMTOOL_BUILD/tests/shmorphan" "$@"; }
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
_wait_file() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "sandbox: no \"$2\" in $1" >&2
	exit 98
}
hold() {
	local f="$T/hold.$RANDOM"
	{ exec "$SHMTOOL_BUILD/tests/shmclient" "$1" "$2" 0 >"$f"; } &
	HELD=$!
	_wait_file "$f" "ed$"
}
attach_bg() {
	local f="$T/attach.$RANDOM"
	{ exec ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" attach -v "$1" 2>"$f"; } &
	HELD=$!
	_wait_file "$f" ": attached "
}
release() { kill "$1"; wait "$1" 2>/dev/null; return 0; }
field() { shmclient stat "$1" | tr " " "\n" | sed -n "s/^$2=//p"; }
reuse_pid() {
	local n=$1
	shift
	# The kernel gives the next process ns_last_pid + 1 (if free).
	echo $((n - 1)) >/proc/sys/kernel/ns_last_pid || exit 97
	"$@" &
	REUSED=$!
	if [ "$REUSED" != "$n" ]; then
		echo "sandbox: wanted pid $n, got $REUSED" >&2
		exit 97
	fi
}
wait_until_after() {
	local now
	while printf -v now "%(%s)T" -1 && [ "$now" -lt $(($1 + 3)) ]; do
		sleep 0.1
	done
}
'

# shellcheck disable=SC2016 # $1 is expanded by the inner bash
sandbox() {
	unshare --ipc --pid --mount --fork --mount-proc \
	    env SHMTOOL_BUILD="$SHMTOOL_BUILD" SHMTOOL_WRAP="${SHMTOOL_WRAP:-}" \
	    T="$BATS_TEST_TMPDIR" \
	    bash -c "$_sandbox_lib"$'\n''eval "$1"' sandbox "$1" 3>&-
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
	local pidfile="$BATS_TEST_TMPDIR/ns.pid" i
	# shellcheck disable=SC2016
	{ exec unshare --ipc --mount --fork sh -c '
		mount -t tmpfs tmpfs /dev/shm || exit 99
		"$0" create "$1" 4096 0600 >/dev/null || exit 98
		"$0" pcreate "$2" 100 0600 >/dev/null || exit 98
		echo $$ >"$3.new" && mv "$3.new" "$3"
		exec sleep 60' "$SHMTOOL_BUILD/tests/shmclient" "$1" "$2" "$pidfile" 3>&-; } &
	_ns_pids+=("$!")
	for ((i = 0; i < 100; i++)); do
		if [ -s "$pidfile" ]; then
			NS_PID=$(cat "$pidfile")
			_ns_pids+=("$NS_PID")
			return 0
		fi
		sleep 0.05
	done
	echo "start_ns_holder: no namespace" >&2
	return 1
}

ns_teardown() {
	local p
	# The inner sleep first; then unshare, which waits for it, ends.
	for ((p = ${#_ns_pids[@]} - 1; p >= 0; p--)); do
		kill "${_ns_pids[p]}" 2>/dev/null || :
	done
	for p in "${_ns_pids[@]}"; do
		wait "$p" 2>/dev/null || :
	done
	return 0
}

teardown() {
	ns_teardown
	common_teardown
}

# Can nobody run the build?  (It needs search access to the directories.)
need_nobody() {
	if ! as_nobody test -x "$SHMTOOL_BUILD/shmtool" ||
	    ! as_nobody test -x "$SHMTOOL_BUILD/tests/shmclient"; then
		skip "user nobody cannot run $SHMTOOL_BUILD/shmtool"
	fi
}
