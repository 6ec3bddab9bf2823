#!/usr/bin/env bats
# shmtool attach: hold a segment until a signal, a duration or a command ends.
load test_helper
load data_helper

# The maps line of process $1 for the SysV segment of key $2 (0x5e...).
sysv_map() {
	grep -F "/SYSV${2#0x} " "/proc/$1/maps"
}

# Rss in kB of the SysV mapping of key $2 in process $1.
sysv_rss() {
	awk -v name="/SYSV${2#0x}" '
		$6 == name { hit = 1; next }
		hit && $1 == "Rss:" { print $2; exit }' "/proc/$1/smaps"
}

# How long the kernel saw process(es) attached: dtime - atime of segment
# ID, in whole seconds.  Attached at time t and detached 2.0 s or more
# later, it is at least 2 (the clock's second has turned twice); detached
# after 1 s, it is at most 1.  A measure of the hold, not of the machine.
held_for() {
	echo $(( $(field "$1" dtime) - $(field "$1" atime) ))
}

# --- holding -----------------------------------------------------------------

@test "attach holds a SysV segment: nattch 1, then SIGTERM ends it with 0 and nattch 0" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY"
	wait_nattch "$ID" 1
	assert_equal "$(field "$ID" lpid)" "$BG"
	stop_bg "$BG" TERM
	assert_equal "$BG_STATUS" 0
	assert_equal "$(field "$ID" nattch)" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ''
	shmclient exists "$ID"
}

@test "attach: SIGHUP ends it with 0 too" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY"
	wait_nattch "$ID" 1
	stop_bg "$BG" HUP
	assert_equal "$BG_STATUS" 0
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach counts once per holder: two holders, nattch 2" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out1" attach "$KEY"
	first=$BG
	bg_shmtool "$BATS_TEST_TMPDIR/out2" attach "$ID"
	wait_nattch "$ID" 2
	stop_bg "$first"
	wait_nattch "$ID" 1
	stop_bg "$BG"
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach -v says on stderr when attached, with its size and pid" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach -v "$KEY"
	wait_line "$BATS_TEST_TMPDIR/out" "shmtool: attach: $KEY: attached (4096 bytes), pid $BG"
	assert_equal "$(field "$ID" nattch)" 1
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
}

@test "attach maps it read-write; -r maps it read-only" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY"
	wait_nattch "$ID" 1
	run sysv_map "$BG" "$KEY"
	assert_success
	assert_output --regexp ' rw-s '
	stop_bg "$BG"
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach -r "$KEY"
	wait_nattch "$ID" 1
	run sysv_map "$BG" "$KEY"
	assert_success
	assert_output --regexp ' r--s '
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
}

@test "attach --for 2s ends by itself with 0, having held the segment for 2 s by the kernel's clock" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach --for 2s "$KEY"
	wait_nattch "$ID" 1
	bg_wait "$BG"
	assert_equal "$BG_STATUS" 0
	assert_equal "$(field "$ID" nattch)" 0
	assert [ "$(held_for "$ID")" -ge 2 ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ''
}

@test "attach a POSIX object: it is mapped while held, SIGTERM ends it with 0" {
	new_posix "$NAME" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach -v "$NAME"
	wait_line "$BATS_TEST_TMPDIR/out" "shmtool: attach: $NAME: attached (4096 bytes), pid $BG"
	maps_file "$BG" "/dev/shm/${NAME#/}" || fail "$NAME is not in /proc/$BG/maps"
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
	run -0 shmclient pstat "$NAME"
	assert_output 'size=4096 mode=0600 uid=0 gid=0'
}

@test "attach --for 1s on a POSIX object exits 0" {
	new_posix "$NAME" 4096
	run --separate-stderr shmtool attach --for 1s "$NAME"
	assert_success
	assert_equal "$stderr" ''
}

# --- -- CMD ------------------------------------------------------------------

@test "attach -- CMD runs CMD while attached, and detaches after" {
	new_sysv "$KEY" 4096
	run --separate-stderr shmtool attach "$KEY" -- shmclient stat "$ID"
	assert_success
	assert_output --regexp " nattch=1 "
	assert_equal "$stderr" ''
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach -- CMD exits with CMD's status" {
	new_sysv "$KEY" 4096
	run shmtool attach "$KEY" -- sh -c 'exit 3'
	assert_equal "$status" 3
	run shmtool attach "$KEY" -- true
	assert_equal "$status" 0
	run shmtool attach "$KEY" -- false
	assert_equal "$status" 1
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach -- CMD: CMD's own options stay CMD's" {
	new_sysv "$KEY" 4096
	run --separate-stderr shmtool attach "$KEY" -- printf '%s|' -r -v --for 1s
	assert_success
	assert_output '-r|-v|--for|1s|'
}

@test "attach -- CMD that does not exist: 127 and a message" {
	new_sysv "$KEY" 4096
	run -127 --separate-stderr shmtool attach "$KEY" -- /nonexistent/shmtool-no-such-cmd
	assert_output ''
	assert_equal "$stderr" "shmtool: attach: /nonexistent/shmtool-no-such-cmd: no such file or directory"
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach -- CMD: SIGTERM to attach is passed on to CMD, then both end" {
	new_sysv "$KEY" 4096
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY" -- "${sleeper[@]}" "$BATS_TEST_TMPDIR/cmd.pid"
	wait_nattch "$ID" 1
	wait_cmd_pid
	wait_for "shmtool attach to wait for a signal" in_sigwait "$BG"
	stop_bg "$BG" TERM
	assert_equal "$BG_STATUS" 143
	assert_equal "$(field "$ID" nattch)" 0
	! kill -0 "$CMD_PID" 2>/dev/null || fail "CMD $CMD_PID still runs"
}

@test "attach --for 2s -- CMD: the duration ends CMD (SIGTERM, 143) and the attach" {
	new_sysv "$KEY" 4096
	run --separate-stderr shmtool attach --for 2s "$KEY" -- "${sleeper[@]}" "$BATS_TEST_TMPDIR/cmd.pid"
	assert_equal "$status" 143
	assert_equal "$stderr" ''
	assert_equal "$(field "$ID" nattch)" 0
	assert [ "$(held_for "$ID")" -ge 2 ]
	wait_cmd_pid
	wait_for "CMD $CMD_PID to end" ended "$CMD_PID"
}

# --- a removed segment -------------------------------------------------------

@test "a removed segment stays readable by id while attached, then is gone" {
	new_sysv "$KEY" 64
	shmclient write "$ID" 'still here'
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY"
	wait_nattch "$ID" 1
	run shmtool rm "$KEY"
	assert_success
	run -0 shmclient stat "$ID"
	assert_output --regexp "^key=0x00000000 id=$ID .* mode=1600 size=64 nattch=1 "
	run --separate-stderr shmtool read -z "$ID"
	assert_success
	assert_output 'still here'
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
	run shmclient exists "$ID"
	assert_failure
	run --separate-stderr shmtool read "$ID"
	assert_fail "$ID: no such segment"
}

@test "attach -- CMD keeps a segment CMD removes alive until CMD ends" {
	new_sysv "$KEY" 64
	shmclient write "$ID" 'alive'
	run --separate-stderr shmtool attach "$KEY" -- sh -c \
	    '"$0" rm "$1" 2>/dev/null && "$0" read -z "$2"' "$SHMTOOL_BIN" "$KEY" "$ID"
	assert_success
	assert_output 'alive'
	run shmclient exists "$ID"
	assert_failure
}

# --- --populate and --mlock ----------------------------------------------------

@test "attach --populate faults every page in; without it none are" {
	new_sysv "$KEY" 16777216
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach "$KEY"
	wait_nattch "$ID" 1
	assert_equal "$(sysv_rss "$BG" "$KEY")" 0
	stop_bg "$BG"
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach --populate "$KEY"
	wait_nattch "$ID" 1
	rss_is() { [ "$(sysv_rss "$BG" "$KEY")" = "$1" ]; }
	wait_for "16384 kB of $KEY resident in attach --populate" rss_is 16384
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
}

@test "attach --populate: SIGTERM as soon as nattch shows 1 still ends it with 0" {
	# nattch counts from shmat; a script that waits for it and then sends
	# SIGTERM must get the same clean exit as one that waits longer.
	new_sysv "$KEY" 67108864
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach --populate "$KEY"
	# Polled back to back, so that SIGTERM comes as soon as can be.
	WAIT_POLL=0 wait_nattch "$ID" 1
	stop_bg "$BG" TERM
	assert_equal "$BG_STATUS" 0
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach -r --populate leaves the contents alone" {
	new_sysv "$KEY" 1048576
	head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/data"
	shmtool write "$KEY" <"$BATS_TEST_TMPDIR/data"
	run shmtool attach -r --populate "$KEY" -- true
	assert_success
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/data"
}

@test "attach --mlock as root locks the segment while held and unlocks it after" {
	new_sysv "$KEY" 1048576
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach --mlock "$KEY"
	wait_nattch "$ID" 1
	mode_is() { [ "$(field "$ID" mode)" = "$1" ]; }
	wait_for "$KEY to be locked (mode 2600)" mode_is 2600
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
	assert_equal "$(field "$ID" mode)" 0600
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ''
}

@test "attach --mlock on a POSIX object as root works" {
	new_posix "$NAME" 1048576
	run --separate-stderr shmtool attach --mlock "$NAME" -- true
	assert_success
	assert_equal "$stderr" ''
}

# A size above nobody's RLIMIT_MEMLOCK (which setpriv keeps), in bytes.
over_memlock() {
	local kb
	kb=$(ulimit -l)
	[ "$kb" = unlimited ] && skip "ulimit -l is unlimited: every lock would succeed"
	echo $(( (kb + 4096) * 1024 ))
}

@test "attach --mlock as nobody above ulimit -l fails with a clear message, exit 1" {
	need_nobody
	size=$(over_memlock)
	new_sysv "$KEY" "$size" 666
	run --separate-stderr shmtool_nobody attach --mlock --for 1s "$KEY"
	assert_fail "$KEY: mlock: permission denied (needs CAP_IPC_LOCK or a larger ulimit -l)"
	assert_output ''
	assert_equal "$(field "$ID" mode)" 0666
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach --mlock of a POSIX object as nobody above ulimit -l fails, exit 1" {
	# AddressSanitizer replaces mlock with a no-op that succeeds.
	[ -z "${SHMTOOL_SANITIZE:-}" ] || skip "mlock is a no-op under ASan"
	need_nobody
	size=$(over_memlock)
	new_posix "$NAME" "$size" 666
	run --separate-stderr shmtool_nobody attach --mlock --for 1s "$NAME"
	assert_fail "$NAME: mlock: permission denied (needs CAP_IPC_LOCK or a larger ulimit -l)"
}

# --- permissions --------------------------------------------------------------

@test "attach -r works on a 0400 segment" {
	new_sysv "$KEY" 4096 400
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach -r "$KEY"
	wait_nattch "$ID" 1
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
}

@test "attach -r works on nobody's 0400 segment as nobody; without -r it is refused" {
	need_nobody
	ID=$(as_nobody shmclient create "$KEY" 4096 400)
	assert_equal "$(field "$ID" uid)" "$(id -u nobody)"
	run --separate-stderr shmtool_nobody attach -r "$KEY" -- true
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr shmtool_nobody attach --for 1s "$KEY"
	assert_fail "$KEY: permission denied"
	assert_equal "$(field "$ID" nattch)" 0
}

@test "attach of root's 0600 segment as nobody: permission denied" {
	need_nobody
	new_sysv "$KEY" 4096
	run --separate-stderr shmtool_nobody attach -r "$KEY" -- true
	assert_fail "$KEY: permission denied"
	new_posix "$NAME" 4096
	run --separate-stderr shmtool_nobody attach -r --for 1s "$NAME"
	assert_fail "$NAME: permission denied"
}

# --- errors and usage --------------------------------------------------------

@test "attach of a missing segment fails at once: no such segment" {
	run --separate-stderr shmtool attach --for 1m "$KEY"
	assert_fail "$KEY: no such segment"
	run --separate-stderr shmtool attach "$NAME" -- true
	assert_fail "$NAME: no such segment"
}

@test "attach usage errors: no SPEC, --for 0, a bad duration, junk after SPEC" {
	new_sysv "$KEY" 4096
	run --separate-stderr shmtool attach
	assert_usage 'no SPEC given (see shmtool attach --help)'
	run --separate-stderr shmtool attach --for 0 "$KEY"
	assert_usage '--for 0: must be at least 1s'
	run --separate-stderr shmtool attach --for 1x "$KEY"
	assert_usage '--for 1x: not a duration (use 90s, 15m, 2h or 7d)'
	run --separate-stderr shmtool attach "$KEY" true
	assert_usage 'after SPEC, want -- CMD...'
	run --separate-stderr shmtool attach "$KEY" --
	assert_usage 'after SPEC, want -- CMD...'
	assert_equal "$(field "$ID" nattch)" 0
}
