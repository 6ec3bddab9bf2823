# Shared set-up for shmtool's bats suites.  Load with `load test_helper`.
#
# - shmtool and the C clients come from $SHMTOOL_BUILD (tests/run sets it);
# - $KEY, $KEY2, $KEY3 are SysV keys and $NAME, $NAME2 POSIX names unique to
#   this test (derived from the bats pid and the test number), so a test
#   never touches what it did not create; $KEY_HIGH is one more key, with
#   its top bit set (a negative key_t), for the tests of how keys print;
# - track what a test makes with `track SPEC`; teardown removes it;
# - wait_for WHAT CMD..., wait_line FILE LINE: wait for a condition, never
#   for a duration; after $WAIT_CAP seconds (60) the test fails, naming
#   what it waited for.  The cap is against a hang, not a verdict on speed;
#   wait_nattch ID N: until the kernel counts N attaches;
# - key_exists KEY, field ID NAME: what the kernel says, through shmclient;
# - bg_run OUT CMD...: CMD in the background, its pid in $BG; bg_track PID:
#   a process teardown must stop; bg_stop PID [SIG]: signal it and wait, its
#   exit status in $BG_STATUS; bg_wait PID: wait until it ends by itself;
#   ended PID: has it?  teardown stops every one left, last first;
# - plant PATH...: entries made by hand (in /dev/shm, /tmp), removed in
#   teardown;
# - need_nobody: skip unless user nobody can run the build; as_nobody CMD,
#   shmtool_nobody ARGS: run as nobody;
# - assert_usage MESSAGE, assert_fail MESSAGE: status 2 or 1 and exactly
#   "shmtool: CMD: MESSAGE" on stderr ($stderr, see run --separate-stderr);
#   assert_bytes FILE FORMAT: FILE holds exactly `printf FORMAT`, NULs and
#   all (bats' $output drops NULs).

bats_load_library bats-support
bats_load_library bats-assert
# shmtool's own bats library, the one users load: the suite uses it too.
load shmtool

bats_require_minimum_version 1.5.0

: "${SHMTOOL_BUILD:=$BATS_TEST_DIRNAME/../build}"
PATH="$SHMTOOL_BUILD:$SHMTOOL_BUILD/tests:$PATH"
export PATH SHMTOOL_BUILD

# How long a wait for a condition may take before the test fails: long
# enough that valgrind on a loaded machine never comes near it.
: "${WAIT_CAP:=60}"
export WAIT_CAP

# What shmtool shows as the swap of a POSIX object with nothing swapped: 0,
# or "-" (unknown) under valgrind, which has no cachestat(2) (syscall 451).
POSIX_SWAP0=0
if [[ ${SHMTOOL_WRAP:-} == *valgrind* ]]; then
	POSIX_SWAP0=-
fi
export POSIX_SWAP0

# shmtool, optionally under a wrapper such as valgrind (SHMTOOL_WRAP).
shmtool() {
	# shellcheck disable=SC2086
	${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
}
export -f shmtool

# shmtool under `timeout $WAIT_CAP`, for a command that would block for
# ever if it went wrong (attach of a name it should refuse, a FIFO opened
# without O_NONBLOCK): a cap against a hang, status 124 if reached.
shmtool_capped() {
	# shellcheck disable=SC2086
	timeout "$WAIT_CAP" ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
}
export -f shmtool_capped

# Keys of this test's own: its whole pid (at most 22 bits, pid_max's
# limit) and its number, so that no two tests alive at once share one, even
# in two runs of the suite side by side.  (A part of the pid would not do:
# teardown removes by key, and would remove the other run's segment.)
# KEY_HIGH has the top bit set.
_unique=$(( ($$ * 64 + ${BATS_TEST_NUMBER:-0} % 64) * 4 ))
KEY=$(printf '0x%08x' "$_unique")
KEY2=$(printf '0x%08x' $(( _unique + 1 )))
KEY3=$(printf '0x%08x' $(( _unique + 2 )))
KEY_HIGH=$(printf '0x%08x' $(( (_unique + 3) | 0x80000000 )))
NAME="/shmtool-test-$$-${BATS_TEST_NUMBER:-0}"
NAME2="$NAME-b"
_tracked=()
_bg_pids=()
_planted=()

track() {
	_tracked+=("$@")
	shm_track "$@"
}

# --- waiting for a condition --------------------------------------------------

# wait_for WHAT CMD...: run CMD until it succeeds.  If it has not after
# $WAIT_CAP seconds, say "timed out after N s waiting for WHAT" on stderr
# and return 1.  CMD is tried every 0.05 s, or back to back with WAIT_POLL=0.
# The sandbox (ns_helper.bash) gets this very function.
wait_for() {
	local what=$1 end=$((SECONDS + ${WAIT_CAP:-60}))
	shift
	until "$@"; do
		if ((SECONDS >= end)); then
			echo "timed out after ${WAIT_CAP:-60} s waiting for $what" >&2
			return 1
		fi
		if [ "${WAIT_POLL:-0.05}" != 0 ]; then
			sleep "${WAIT_POLL:-0.05}"
		fi
	done
}

# wait_line [--regexp] FILE LINE: wait until FILE has the line LINE (with
# --regexp, a line that the extended regular expression LINE matches whole).
wait_line() {
	local flags=-qsxF
	if [ "$1" = --regexp ]; then
		flags=-qsxE
		shift
	fi
	wait_for "the line '$2' in $1" grep "$flags" -e "$2" "$1" || {
		echo "$1 holds: $(cat "$1" 2>/dev/null)" >&2
		return 1
	}
}

# Is there a SysV segment with key $1?  (The kernel says, through shmclient.)
key_exists() {
	shmclient id "$1" >/dev/null 2>&1
}

# A field of `shmclient stat ID`, e.g. `field 32768 nattch`.
field() {
	shmclient stat "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

_nattch_is() {
	[ "$(field "$1" nattch)" = "$2" ]
}

# wait_nattch ID N: wait until the kernel counts N attaches of segment ID.
wait_nattch() {
	wait_for "nattch of segment $1 to be $2" _nattch_is "$1" "$2" || {
		echo "(it is $(field "$1" nattch))" >&2
		return 1
	}
}

# --- background processes -----------------------------------------------------

# bg_track PID...: processes that teardown stops.
bg_track() {
	_bg_pids+=("$@")
}

# bg_run OUT CMD...: CMD in the background, stdout and stderr in OUT, stdin
# from /dev/null; its pid in $BG.  exec, so that $! is CMD itself and a
# signal reaches it; fd 3 is bats' own and must not outlive the test.
bg_run() {
	local out=$1
	shift
	{ exec "$@" >"$out" 2>&1 </dev/null 3>&-; } &
	BG=$!
	bg_track "$BG"
}

# bg_stop PID [SIG]: send SIG (TERM) to PID and wait for it; its exit status
# in $BG_STATUS.
bg_stop() {
	kill -"${2:-TERM}" "$1" 2>/dev/null
	BG_STATUS=0
	wait "$1" 2>/dev/null || BG_STATUS=$?
	export BG_STATUS
}

# The state of process PID (R, S, Z...), as /proc/PID/stat gives it after
# the command's name (which may hold anything, ') ' too); empty if gone.
proc_state() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1
}

# Has process PID ended (gone, or a zombie its parent has not waited for)?
ended() {
	local state
	state=$(proc_state "$1")
	[ -z "$state" ] || [ "$state" = Z ] || [ "$state" = X ]
}

# Is PID asleep in sigwaitinfo, as shmtool's attach and lock are while
# they hold?  A test that signals a holder that has a CMD waits for this
# first: valgrind can lose a signal that comes while it is still inside the
# fork of CMD for its client (seen in 4 of 100 runs; never natively), and
# then the holder waits for ever.  Where the kernel names no symbols
# (wchan is 0), asleep is as near as can be told.
in_sigwait() {
	local wchan
	wchan=$(cat "/proc/$1/wchan" 2>/dev/null) || return 1
	case $wchan in
	*sigtimedwait*) return 0 ;;
	0) [ "$(proc_state "$1")" = S ] ;;
	*) return 1 ;;
	esac
}

# A CMD for attach and lock that writes its pid into FILE, then sleeps:
# "${sleeper[@]}" "$BATS_TEST_TMPDIR/cmd.pid"; wait_cmd_pid waits until it
# runs and puts its pid in CMD_PID.
# shellcheck disable=SC2034,SC2016 # for the tests; $$ is the CMD's
sleeper=(sh -c 'echo $$ >"$0"; exec sleep infinity')

wait_cmd_pid() {
	wait_line --regexp "$BATS_TEST_TMPDIR/cmd.pid" '[0-9]+' || fail "CMD never started"
	# shellcheck disable=SC2034 # for the tests
	CMD_PID=$(cat "$BATS_TEST_TMPDIR/cmd.pid")
}

# bg_wait PID: wait until the background process PID ends by itself (at
# most $WAIT_CAP seconds: then it is killed and the test fails); its exit
# status in $BG_STATUS.
bg_wait() {
	if ! wait_for "process $1 to end" ended "$1"; then
		kill -KILL "$1" 2>/dev/null
		return 1
	fi
	BG_STATUS=0
	wait "$1" 2>/dev/null || BG_STATUS=$?
	export BG_STATUS
}

# --- teardown -----------------------------------------------------------------

plant() {
	_planted+=("$@")
}

# Stop the background processes (the last started first: an inner process
# before the unshare that waits for it), remove what was planted, then the
# keys, ids and names the test made, even if the test failed.
common_teardown() {
	local s id i
	for ((i = ${#_bg_pids[@]} - 1; i >= 0; i--)); do
		kill -KILL "${_bg_pids[i]}" 2>/dev/null
	done
	for s in "${_bg_pids[@]}"; do
		wait "$s" 2>/dev/null
	done
	_bg_pids=()
	for s in "${_planted[@]}"; do
		if [ -d "$s" ] && [ ! -L "$s" ]; then rmdir "$s"; else rm -f "$s"; fi
	done
	shm_cleanup 2>/dev/null
	for s in "${_tracked[@]}" "$KEY" "$KEY2" "$KEY3" "$KEY_HIGH"; do
		case $s in
		/*) rm -f "/dev/shm/${s#/}" ;;
		0x*)
			id=$(shmclient id "$s" 2>/dev/null) && shmclient rm "$id" 2>/dev/null
			# The set a lock made (LOCKING in shmtool(7)) has the key too.
			ipcrm -S "$s" 2>/dev/null ;;
		[0-9]*) shmclient rm "$s" 2>/dev/null ;;
		esac
	done
	rm -f "/dev/shm/${NAME#/}" "/dev/shm/${NAME2#/}"
	return 0
}

teardown() {
	common_teardown
}

# --- users --------------------------------------------------------------------

# Run a command as an unprivileged user (CI runs as root).
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# shmtool as nobody (a path, as setpriv execs it; the wrapper kept).
shmtool_nobody() {
	# shellcheck disable=SC2086
	as_nobody ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
}

# Can nobody run the build?  CI builds under a world-readable tree.
need_nobody() {
	if ! as_nobody test -x "$SHMTOOL_BUILD/shmtool" ||
	    ! as_nobody test -x "$SHMTOOL_BUILD/tests/shmclient"; then
		skip "user nobody cannot run $SHMTOOL_BUILD/shmtool (check the permissions of its directories)"
	fi
}

# --- assertions ---------------------------------------------------------------

# The command a message names: a shmtool-NAME link, or the first subcommand
# in the run command (which may go through a helper such as feed).
_cmd_name() {
	local -a words
	local w
	read -r -a words <<<"$BATS_RUN_COMMAND"
	for w in "${words[@]}"; do
		case ${w##*/} in
		shmtool-*) echo "${w##*/shmtool-}"; return ;;
		attach | chmod | chown | create | key | lock | ls | read | rm | stat | truncate | watch | write) echo "$w"; return ;;
		esac
	done
}

# Usage error: status 2, exactly this one line on stderr, nothing on stdout.
assert_usage() {
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: $(_cmd_name): $1"
	assert_equal "$output" ""
}

# Failure: status 1 and exactly this one line on stderr.
assert_fail() {
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: $(_cmd_name): $1"
}

# assert_bytes FILE FORMAT: FILE holds exactly the bytes of
# `printf FORMAT` (so '\0' is a NUL), compared byte for byte: $output and
# $(...) drop NULs and a trailing newline, and cannot see either.
assert_bytes() {
	local want=$BATS_TEST_TMPDIR/want.$RANDOM
	# shellcheck disable=SC2059
	printf "$2" >"$want"
	if ! cmp -s "$want" "$1"; then
		batslib_print_kv_single_or_multi 8 \
		    expected "$(od -An -c "$want")" actual "$(od -An -c "$1")" |
		    batslib_decorate "bytes differ: $1" | fail
	fi
}
