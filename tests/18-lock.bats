#!/usr/bin/env bats
# The lock shmtool shares with C programs (shmtool(7), LOCKING): read and
# write --lock, --wait, attach --lock, shmtool lock SPEC -- CMD.  The other
# side is tests/clients/shmrecords.c, a C program that follows the
# convention on its own: a record fills the whole segment with one byte, so
# a reader that sees two values saw a torn record.
load test_helper
load data_helper

SIZE=65536
KINDS="posix file sysv"

# make_target KIND: a segment of KIND (posix, file, sysv) of $SIZE bytes
# of 'a'; its SPEC in $SPEC.
make_target() {
	case $1 in
	posix) new_posix "$NAME" "$SIZE" && SPEC=$NAME ;;
	file)
		SPEC=file:$BATS_TEST_TMPDIR/records
		head -c "$SIZE" /dev/zero >"${SPEC#file:}" ;;
	sysv) new_sysv "$KEY" "$SIZE" && SPEC=$KEY ;;
	esac
	head -c "$SIZE" /dev/zero | tr '\0' a | shmtool write "$SPEC"
}

# The set of the lock of SysV key $1: its semid, as ipcs -s shows it.
lock_semid() {
	ipcs -s | awk -v k="$1" '$1 == k { print $2 }'
}

# How many processes wait for SPEC $1's lock: for SysV, the semaphore's
# ncount; for the others, the blocked requests (->) on its device and
# inode in /proc/locks.
lock_waiters() {
	local path major minor ino
	case $1 in
	0x*) ipcs -s -i "$(lock_semid "$1")" | awk '$1 == "0" { print $3 }' ;;
	*)
		path=${1#file:}
		[ "$path" != "$1" ] || path=/dev/shm/${1#/}
		# /proc/locks names the file MAJOR:MINOR:INODE, the first two in hex.
		read -r major minor ino < <(stat -c '%Hd %Ld %i' "$path")
		grep -c " -> .* $(printf '%02x:%02x' "$major" "$minor"):$ino " /proc/locks ;;
	esac
}

waiters_are() {
	[ "$(lock_waiters "$1")" = "$2" ]
}

# start_fed OUT CMD...: CMD in the background with stdin from a FIFO that
# this shell holds open on fd $FEED; OUT gets its output.  Closing $FEED
# (exec {FEED}>&-) ends its input.
start_fed() {
	local out=$1 fifo=$BATS_TEST_TMPDIR/fifo.$RANDOM
	shift
	mkfifo "$fifo"
	{ exec "$@" <"$fifo" >"$out" 2>&1 3>&-; } &
	BG=$!
	bg_track "$BG"
	exec {FEED}>"$fifo"
}

# --- the convention at work ----------------------------------------------------

@test "read --lock waits for a record being written and reads it whole; without --lock it is torn (POSIX, file, SysV)" {
	for kind in $KINDS; do
		make_target "$kind"
		start_fed "$BATS_TEST_TMPDIR/writer" shmrecords half "$SPEC"
		writer=$BG
		wait_line "$BATS_TEST_TMPDIR/writer" half
		# The adversary's view first: half X, half a.
		run bash -c 'shmtool read "$1" | shmrecords check' _ "$SPEC"
		assert_equal "$kind $status $output" "$kind 4 torn: X then a"
		bg_shmtool "$BATS_TEST_TMPDIR/reader" read --lock "$SPEC"
		reader=$BG
		wait_for "$kind: the reader to wait for the lock" waiters_are "$SPEC" 1
		echo go >&"$FEED"
		exec {FEED}>&-
		bg_wait "$writer"
		bg_wait "$reader"
		assert_equal "$kind $BG_STATUS" "$kind 0"
		run shmrecords check <"$BATS_TEST_TMPDIR/reader"
		assert_equal "$kind $status $output" "$kind 0 X"
	done
}

# Locked reads of the writer's records: a count, not a time.  Under
# valgrind a read is a second of start-up, and 8 reads still overlap the
# writer's records; 40 elsewhere.
LOCKED_READS=40
if [[ ${SHMTOOL_WRAP:-} == *valgrind* ]]; then
	LOCKED_READS=8
fi

@test "over many records a C writer makes, read --lock never sees a torn one; read without it does" {
	for kind in posix sysv; do
		make_target "$kind"
		bg_run "$BATS_TEST_TMPDIR/writer" shmrecords write "$SPEC" 0
		writer=$BG
		for ((i = 0; i < LOCKED_READS; i++)); do
			run bash -c 'set -o pipefail; shmtool_capped read --lock "$1" | shmrecords check' _ "$SPEC"
			assert_equal "$kind $i $status" "$kind $i 0"
		done
		# Without the lock a torn record turns up (the test can fail).
		torn=0
		for ((i = 0; i < 400 && torn == 0; i++)); do
			shmtool read "$SPEC" | shmrecords check >/dev/null || torn=1
		done
		assert_equal "$kind torn $torn" "$kind torn 1"
		# Every read above overlapped the writer's records.
		ended "$writer" && fail "$kind: the writer ended early: $(cat "$BATS_TEST_TMPDIR/writer")"
		bg_stop "$writer"
	done
}

@test "a C program's classic fcntl lock (not OFD) keeps write --lock out; the segment is not changed" {
	make_target posix
	start_fed "$BATS_TEST_TMPDIR/holder" shmrecords hold "$SPEC" classic
	wait_line "$BATS_TEST_TMPDIR/holder" locked
	run --separate-stderr bash -c 'echo new | shmtool write --lock --wait 0 "$1"' _ "$SPEC"
	assert_fail "$NAME: locked by another process"
	run bash -c 'shmtool read "$1" | shmrecords check' _ "$SPEC"
	assert_output a
	exec {FEED}>&-
	bg_wait "$BG"
	echo new | shmtool write --lock --wait 0 "$SPEC"
	run shmtool read -n 3 "$SPEC"
	assert_output new
}

@test "write --lock --wait 2 gives up after 2 s with exit 1, the segment as it was (POSIX, file, SysV)" {
	for kind in $KINDS; do
		make_target "$kind"
		start_fed "$BATS_TEST_TMPDIR/holder" shmrecords hold "$SPEC"
		wait_line "$BATS_TEST_TMPDIR/holder" locked
		run --separate-stderr bash -c 'echo new | shmtool write --wait 2 "$1"' _ "$SPEC"
		assert_equal "$kind $status" "$kind 1"
		assert_equal "$stderr" "shmtool: write: $SPEC: still locked by another process after 2s"
		run bash -c 'shmtool read "$1" | shmrecords check' _ "$SPEC"
		assert_equal "$kind $output" "$kind a"
		exec {FEED}>&-
		bg_wait "$BG"
	done
}

# --- shmtool lock ----------------------------------------------------------------

@test "lock SPEC -- CMD holds the lock while CMD runs, then gives it back; its status is CMD's" {
	for kind in $KINDS; do
		make_target "$kind"
		run shmtool_capped lock "$SPEC" -- shmrecords try "$SPEC"
		assert_equal "$kind $status" "$kind 3"
		run shmtool_capped lock "$SPEC" -- sh -c 'exit 7'
		assert_equal "$kind $status" "$kind 7"
		run shmrecords try "$SPEC"
		assert_equal "$kind $status" "$kind 0"
	done
}

@test "lock --shared: readers share it, a writer waits; SysV's lock is always exclusive" {
	for kind in $KINDS; do
		make_target "$kind"
		want=0
		[ "$kind" != sysv ] || want=1
		run shmtool_capped lock --shared "$SPEC" -- shmtool read --lock --wait 0 -n 1 "$SPEC"
		assert_equal "$kind $status" "$kind $want"
		run shmtool_capped lock --shared "$SPEC" -- shmtool write --lock --wait 0 "$SPEC" </dev/null
		assert_equal "$kind $status" "$kind 1"
	done
}

@test "lock -v says when it holds the lock; ^C while CMD runs reaches CMD, and the lock is given back" {
	make_target posix
	bg_shmtool "$BATS_TEST_TMPDIR/out" lock -v "$SPEC" -- "${sleeper[@]}" "$BATS_TEST_TMPDIR/cmd.pid"
	wait_line --regexp "$BATS_TEST_TMPDIR/out" "shmtool: lock: $NAME: locked \(exclusive\), pid $BG"
	wait_cmd_pid
	bg_track "$CMD_PID"
	wait_for "shmtool lock to wait for a signal" in_sigwait "$BG"
	run shmrecords try "$SPEC"
	assert_equal "$status" 3
	stop_bg "$BG" INT
	# 130 is CMD's death by SIGINT; had shmtool died of it instead, CMD
	# would live on.
	assert_equal "$BG_STATUS" 130
	ended "$CMD_PID" || fail "CMD $CMD_PID outlived shmtool lock"
	run shmrecords try "$SPEC"
	assert_success
}

@test "a SysV holder killed with SIGKILL gives the lock back (SEM_UNDO): a C program, or shmtool lock" {
	make_target sysv
	start_fed "$BATS_TEST_TMPDIR/holder" shmrecords hold "$KEY"
	wait_line "$BATS_TEST_TMPDIR/holder" locked
	run --separate-stderr shmtool read --lock --wait 0 -n 1 "$KEY"
	assert_fail "$KEY: locked by another process"
	bg_stop "$BG" KILL
	run shmtool read --lock --wait 0 -n 1 "$KEY"
	assert_success
	assert_output a
	# shmtool lock killed while its command runs on: the lock is the
	# process's, not the command's.
	bg_shmtool "$BATS_TEST_TMPDIR/out" lock "$KEY" -- "${sleeper[@]}" "$BATS_TEST_TMPDIR/cmd.pid"
	locker=$BG
	wait_cmd_pid
	bg_track "$CMD_PID"
	run shmrecords try "$KEY"
	assert_equal "$status" 3
	bg_stop "$locker" KILL
	run shmrecords try "$KEY"
	assert_success
}

@test "the first lock of a SysV segment makes its set: same key, owner and group, rw for whoever may read it, free" {
	new_sysv "$KEY" 4096 640
	shmtool chown nobody:nogroup "$KEY"
	assert_equal "$(lock_semid "$KEY")" ""
	shmtool_capped read --lock "$KEY" >/dev/null
	semid=$(lock_semid "$KEY")
	run ipcs -s -i "$semid"
	assert_line --regexp "^uid=$(id -u nobody)	 gid=$(getent group nogroup | cut -d: -f3)	 cuid=0	 cgid=0$"
	assert_line --regexp "^mode=0660, access_perms=0660$"
	assert_line "nsems = 1"
	assert_line --regexp "^0 +1 +0 +0 +[0-9]+ *$"
}

@test "nobody may lock a segment nobody may read, and no other" {
	need_nobody
	new_sysv "$KEY" 4096 644
	new_sysv "$KEY2" 4096 600
	new_posix "$NAME" 4096 644
	run shmtool_nobody read --lock -n 0 "$KEY"
	assert_success
	run shmtool_nobody lock --shared "$NAME" -- true
	assert_success
	run --separate-stderr shmtool_nobody lock "$NAME" -- true
	assert_fail "$NAME: permission denied"
	run --separate-stderr shmtool_nobody lock "$KEY2" -- true
	assert_fail "$KEY2: permission denied"
	assert_equal "$(lock_semid "$KEY2")" ""
}

@test "attach --lock holds the lock while attached: exclusive, or shared with -r" {
	make_target posix
	run shmtool_capped attach --lock "$SPEC" -- shmrecords try "$SPEC"
	assert_equal "$status" 3
	run shmtool_capped attach -r --lock "$SPEC" -- shmtool read --lock --wait 0 -n 1 "$SPEC"
	assert_success
	assert_output a
	run shmrecords try "$SPEC"
	assert_success
}

# --- refusals ------------------------------------------------------------------

@test "lock refuses a missing SPEC or CMD, and --wait that is no duration, with exit 2" {
	make_target posix
	run --separate-stderr shmtool lock
	assert_usage "no SPEC given (see shmtool lock --help)"
	run --separate-stderr shmtool lock "$SPEC"
	assert_usage "after SPEC, want -- CMD..."
	run --separate-stderr shmtool lock "$SPEC" --
	assert_usage "after SPEC, want -- CMD..."
	run --separate-stderr shmtool lock "$SPEC" true
	assert_usage "after SPEC, want -- CMD..."
	run --separate-stderr shmtool read --wait soon "$SPEC"
	assert_usage "--wait soon: not a duration (use 90s, 15m, 2h or 7d)"
	run --separate-stderr shmtool lock --wait -1 "$SPEC" -- true
	assert_usage "--wait -1: not a duration (use 90s, 15m, 2h or 7d)"
}

@test "lock of a missing segment, or --lock of one without a key, fails with exit 1 and makes no set" {
	run --separate-stderr shmtool_capped lock "$NAME" -- true
	assert_fail "$NAME: no such segment"
	run --separate-stderr shmtool_capped lock "$KEY" -- true
	assert_fail "$KEY: no such segment"
	assert_equal "$(lock_semid "$KEY")" ""
	id=$(shmclient create private 4096 600)
	track "$id"
	run --separate-stderr shmtool read --lock "$id"
	assert_fail "$id: has no key to name its lock by (IPC_PRIVATE, or removed): see LOCKING in shmtool(7)"
}

@test "write --create --lock that cannot take the lock takes back the segment it made" {
	# A set of KEY held by a holder of a segment since removed: the key is
	# free for a new segment, its lock is not.
	make_target sysv
	start_fed "$BATS_TEST_TMPDIR/holder" shmrecords hold "$KEY"
	wait_line "$BATS_TEST_TMPDIR/holder" locked
	shmclient rm "$ID"
	run key_exists "$KEY"
	assert_failure
	run --separate-stderr bash -c 'echo hi | shmtool write --create -s 4096 --lock --wait 0 "$1"' _ "$KEY"
	assert_fail "$KEY: locked by another process"
	run key_exists "$KEY"
	assert_failure
}
