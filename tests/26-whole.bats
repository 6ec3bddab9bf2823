#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are quoted on purpose, to expand inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
#
# Issue 9, parts 4 and 5: nothing half done (create on a closed pipe,
# write --create that does not fit, an endless pipe into a full segment,
# file:PATH that is not a regular file, rm that cannot resolve every SPEC,
# rm -n and create --exist-ok that check permission as the real thing
# would, /sem.* names), and smaller truths (ftok's PROJ, --idle-for).
#
# Fixed keys and names only in the sandbox (ns_helper.bash); elsewhere
# test_helper's $KEY, $KEY2, $NAME and $NAME2.  What is left is checked
# around shmtool: shmclient, ipcs, ls /dev/shm.
load test_helper
load ns_helper

setup() {
	export LC_ALL=C.UTF-8
}

# The segment with key $1 does not exist / does.
no_key() {
	if shmclient id "$1" >/dev/null 2>&1; then
		fail "segment $1 exists"
	fi
}
has_key() {
	shmclient id "$1" >/dev/null 2>&1 || fail "segment $1 does not exist"
}

# --- create on a pipe no one reads ---------------------------------------------

# fd $w is the write end of a FIFO whose only reader is gone: a write to it
# fails with EPIPE at once, with no timing involved.
@test "create whose stdout is a pipe no one reads fails with 'write error: broken pipe' and takes back what it made" {
	need_sandbox
	run sandbox '
		mkfifo "$T/p"
		exec {rw}<>"$T/p"
		exec {w}>"$T/p"
		exec {rw}>&-
		for spec in private 0xa001 /made; do
			shmtool create -s 4K "$spec" >&$w 2>"$T/err"
			echo "$spec: rc=$? $(cat "$T/err")"
		done
		state
		# What existed is not taken back: --exist-ok did not make it.
		shmclient create 0xa002 4096 0600 >/dev/null
		shmclient pcreate /old 4096 0600 >/dev/null
		for spec in 0xa002 /old; do
			shmtool create --exist-ok -s 4K "$spec" >&$w 2>"$T/err"
			echo "$spec: rc=$? $(cat "$T/err")"
		done
		state
	'
	assert_success
	assert_output 'private: rc=1 shmtool: create: write error: broken pipe
0xa001: rc=1 shmtool: create: write error: broken pipe
/made: rc=1 shmtool: create: write error: broken pipe
sysv: 
posix: 
0xa002: rc=1 shmtool: create: write error: broken pipe
/old: rc=1 shmtool: create: write error: broken pipe
sysv: 0x0000a002
posix: old'
}

# --- write that does not fit ---------------------------------------------------------

@test "write --create -s 4 of a 5-byte file is refused before anything is written, and the segment it created is gone (SysV and POSIX)" {
	printf 12345 >"$BATS_TEST_TMPDIR/five"
	run --separate-stderr shmtool write --create -s 4 "$KEY" <"$BATS_TEST_TMPDIR/five"
	assert_fail "$KEY: input of 5 bytes does not fit in 4 bytes from offset 0 (1 too many); nothing written"
	assert_output ""
	no_key "$KEY"
	run --separate-stderr shmtool write --create -s 4 "$NAME" <"$BATS_TEST_TMPDIR/five"
	assert_fail "$NAME: input of 5 bytes does not fit in 4 bytes from offset 0 (1 too many); nothing written"
	assert_output ""
	run ls -b /dev/shm/"${NAME#/}"
	assert_failure
}

@test "write --create -s 4 of a 5-byte file into a segment that existed leaves it as it was (SysV and POSIX)" {
	local id
	printf 12345 >"$BATS_TEST_TMPDIR/five"
	id=$(shmclient create "$KEY" 4 0600)
	shmclient write "$id" abc
	run --separate-stderr shmtool write --create -s 4 "$KEY" <"$BATS_TEST_TMPDIR/five"
	assert_fail "$KEY: input of 5 bytes does not fit in 4 bytes from offset 0 (1 too many); nothing written"
	assert_equal "$(shmclient id "$KEY")" "$id"
	assert_equal "$(shmclient read "$id")" abc
	shmclient pcreate "$NAME" 4 0600 >/dev/null
	shmclient pwrite "$NAME" abc
	run --separate-stderr shmtool write --create -s 4 "$NAME" <"$BATS_TEST_TMPDIR/five"
	assert_fail "$NAME: input of 5 bytes does not fit in 4 bytes from offset 0 (1 too many); nothing written"
	assert_equal "$(shmclient pread "$NAME")" abc
	assert_equal "$(shmclient pstat "$NAME")" "size=4 mode=0600 uid=0 gid=0"
}

# `yes` never ends: shmtool must stop at the end of the segment, not read
# on.  timeout only turns a regression into a failure (status 124).
endless_into() {
	# shellcheck disable=SC2086 # the wrapper is words
	yes | timeout 120 ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
	return "${PIPESTATUS[1]}"
}

@test "write from a pipe that never ends into a full segment fails at once, having written what fits (SysV and POSIX)" {
	local id
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr endless_into write "$KEY"
	assert_fail "$KEY: input does not fit: more than the 4096 bytes from offset 0 (the first 4096 were written)"
	assert_output ""
	cmp <(shmclient dump "$id") <(yes | head -c 4096)
	run --separate-stderr endless_into write -o 96 "$KEY"
	assert_fail "$KEY: input does not fit: more than the 4000 bytes from offset 96 (the first 4000 were written)"
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	run --separate-stderr endless_into write "$NAME"
	assert_fail "$NAME: input does not fit: more than the 4096 bytes from offset 0 (the first 4096 were written)"
	cmp <(shmclient pdump "$NAME") <(yes | head -c 4096)
}

# --- file:PATH is a regular file or nothing -------------------------------------

# Each command runs under `timeout 10` only so that a regression that blocks
# fails (rc=124) instead of hanging.  write's input is empty: nothing may
# ever be written to /proc or /sys, even by a broken build.
@test "file:PATH that is /dev/null, a FIFO, a directory, or a /proc or /sys file is refused by stat, read, write and attach" {
	need_sandbox
	run sandbox '
		mkfifo "$T/fifo"
		mkdir "$T/dir"
		for p in /dev/null "$T/fifo" "$T/dir" /proc/self/status /sys/kernel/mm/transparent_hugepage/enabled; do
			for cmd in stat read write "attach -r" attach; do
				args=("file:$p")
				case $cmd in attach*) args+=(-- true) ;; esac
				# shellcheck disable=SC2086
				timeout 10 ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" $cmd "${args[@]}" </dev/null >"$T/out" 2>"$T/err"
				echo "rc=$? $(cat "$T/out" "$T/err")"
			done
		done | sed "s|$T|T|"
	'
	assert_success
	local p cmd want=""
	for p in /dev/null T/fifo T/dir; do
		for cmd in stat read write attach attach; do
			want+="rc=1 shmtool: $cmd: file:$p: not a regular file"$'\n'
		done
	done
	for p in /proc/self/status /sys/kernel/mm/transparent_hugepage/enabled; do
		for cmd in stat read write attach attach; do
			want+="rc=1 shmtool: $cmd: file:$p: a /proc or /sys file, not shared memory"$'\n'
		done
	done
	assert_output "${want%$'\n'}"
}

# A reader blocked in open(2) on a FIFO wakes when a writer opens it.  If
# shmtool opened file:FIFO for writing, even to refuse it, the reader would
# be released with nothing (wchan no longer wait_for_partner) and would not
# get what we write afterwards.
@test "write and attach never open a FIFO named by file:PATH, so a reader blocked on it stays blocked" {
	need_sandbox
	run sandbox '
		mkfifo "$T/fifo"
		probe() {
			local r i fd
			{ exec cat "$T/fifo" >"$T/got"; } &
			r=$!
			for ((i = 0; i < 200; i++)); do
				[ "$(cat /proc/$r/wchan 2>/dev/null)" = wait_for_partner ] && break
				sleep 0.05
			done
			echo "reader before: $(cat /proc/$r/wchan 2>/dev/null)"
			echo evil | timeout 10 ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@" 2>&1 | sed "s|$T|T|"
			echo "reader after: $(cat /proc/$r/wchan 2>/dev/null)"
			exec {fd}<>"$T/fifo"
			echo mine >&$fd
			exec {fd}>&-
			wait "$r"
			echo "reader got: $(cat "$T/got")"
		}
		probe write "file:$T/fifo"
		probe write --truncate "file:$T/fifo"
		probe write -z "file:$T/fifo"
		probe attach "file:$T/fifo" -- true
	'
	assert_success
	local cmd want=""
	for cmd in write write write attach; do
		want+="reader before: wait_for_partner"$'\n'
		want+="shmtool: $cmd: file:T/fifo: not a regular file"$'\n'
		want+="reader after: wait_for_partner"$'\n'
		want+="reader got: mine"$'\n'
	done
	assert_output "${want%$'\n'}"
}

# --- rm: all or nothing about what it cannot resolve ---------------------------

@test "rm resolves every ftok: path before removing anything: rm KEY NAME ftok:/nonexistent:A removes nothing" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	run --separate-stderr shmtool rm "$KEY" "$NAME" ftok:/nonexistent:A
	assert_fail "ftok:/nonexistent:A: no such file or directory"
	assert_output ""
	has_key "$KEY"
	[ -f "/dev/shm/${NAME#/}" ]
	run --separate-stderr shmtool rm -n "$KEY" "$NAME" ftok:/nonexistent:A
	assert_fail "ftok:/nonexistent:A: no such file or directory"
	assert_output ""
	run --separate-stderr shmtool rm -v "$KEY" "$NAME" ftok:/nonexistent:A
	assert_fail "ftok:/nonexistent:A: no such file or directory"
	assert_output ""
	has_key "$KEY"
	[ -f "/dev/shm/${NAME#/}" ]
}

# Existing behaviour, kept: a SPEC that names nothing stops no other.
@test "rm of several SPECs removes the others when one is not found, and exits 1" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	run --separate-stderr shmtool rm "$KEY" "$KEY2" "$NAME"
	assert_fail "$KEY2: no such segment"
	assert_output ""
	no_key "$KEY"
	[ ! -e "/dev/shm/${NAME#/}" ]
}

# --- rm -n and create --exist-ok check permission as the real thing would -----

@test "rm -n as nobody refuses another user's segments with 'permission denied', as rm does" {
	need_nobody
	shmclient create "$KEY" 4096 0600 >/dev/null
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	# Read and write for all, but only the owner (or root) may remove.
	shmclient create "$KEY2" 4096 0666 >/dev/null
	shmclient pcreate "$NAME2" 4096 0666 >/dev/null
	local want="shmtool: rm: $KEY: permission denied
shmtool: rm: $NAME: permission denied
shmtool: rm: $KEY2: permission denied
shmtool: rm: $NAME2: permission denied"
	run --separate-stderr shmtool_nobody rm -n "$KEY" "$NAME" "$KEY2" "$NAME2"
	assert_equal "$status" 1
	assert_equal "$stderr" "$want"
	assert_output ""
	run --separate-stderr shmtool_nobody rm "$KEY" "$NAME" "$KEY2" "$NAME2"
	assert_equal "$status" 1
	assert_equal "$stderr" "$want"
	assert_output ""
	has_key "$KEY"
	has_key "$KEY2"
	[ -f "/dev/shm/${NAME#/}" ] && [ -f "/dev/shm/${NAME2#/}" ]
}

@test "rm -n --all as nobody lists only nobody's own segments, says how many it skipped, and rm -v --all then removes just those" {
	need_sandbox
	need_nobody
	run sandbox '
		shmclient create 0xa001 4096 0600 >/dev/null
		shmclient create 0xa002 4096 0666 >/dev/null
		shmclient pcreate /root 4096 0600 >/dev/null
		shmclient pcreate /root666 4096 0666 >/dev/null
		as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xb001 4096 0600 | sed "s/^/nobody id=/"
		as_nobody "$SHMTOOL_BUILD/tests/shmclient" pcreate /nobody 4096 0600 >/dev/null
		show shmtool_nobody rm -n --all
		show shmtool_nobody rm -v --all
		state
	'
	assert_success
	local id
	id=$(out_var "nobody id")
	assert_output "nobody id=$id
would remove sysv 0x0000b001 (id $id, 4.0K, nobody)
would remove posix /nobody (4.0K, nobody)
err: shmtool: rm: skipped 4 segments you may not remove
rc=0
removed sysv 0x0000b001 (id $id, 4.0K, nobody)
removed posix /nobody (4.0K, nobody)
err: shmtool: rm: skipped 4 segments you may not remove
rc=0
sysv: 0x0000a001 0x0000a002
posix: root root666"
}

@test "create --exist-ok as nobody refuses root's 0644 segment and object with 'permission denied', and accepts 0666 ones" {
	need_nobody
	local id
	shmclient create "$KEY" 4096 0644 >/dev/null
	shmclient pcreate "$NAME" 4096 0644 >/dev/null
	id=$(shmclient create "$KEY2" 4096 0666)
	shmclient pcreate "$NAME2" 4096 0666 >/dev/null
	run --separate-stderr shmtool_nobody create --exist-ok -s 4K "$KEY"
	assert_fail "$KEY: permission denied"
	assert_output ""
	run --separate-stderr shmtool_nobody create --exist-ok -s 4K "$NAME"
	assert_fail "$NAME: permission denied"
	assert_output ""
	run --separate-stderr shmtool_nobody create --exist-ok -s 4K "$KEY2"
	assert_success
	assert_output "$id"
	assert_equal "$stderr" ""
	run --separate-stderr shmtool_nobody create --exist-ok -s 4K "$NAME2"
	assert_success
	assert_output "$NAME2"
	assert_equal "$stderr" ""
	# Nothing changed hands or size.
	assert_equal "$(shmclient pstat "$NAME")" "size=4096 mode=0644 uid=0 gid=0"
	assert_equal "$(shmclient pstat "$NAME2")" "size=4096 mode=0666 uid=0 gid=0"
}

# --- POSIX semaphores are not ours ------------------------------------------------

@test "create refuses /sem.* names (glibc's named semaphores) as a usage error, before making anything" {
	need_sandbox
	run sandbox '
		show shmtool create -s 4K /sem.x
		show shmtool create -s 4K /ok /sem.x
		state
		show shmtool create -s 4K /sem /semx
		state
	'
	assert_success
	assert_output "err: shmtool: create: /sem.x: names beginning with sem. are POSIX semaphores' (sem_overview(7))
rc=2
err: shmtool: create: /sem.x: names beginning with sem. are POSIX semaphores' (sem_overview(7))
rc=2
sysv: 
posix: 
/sem
/semx
rc=0
sysv: 
posix: sem semx"
}

# --- ftok's PROJ -----------------------------------------------------------------

# ftok(3): key = (proj & 0xff) << 24 | (st_dev & 0xff) << 16 | (st_ino & 0xffff).
ftok_of() {
	local dev ino
	read -r dev ino < <(stat -c '%d %i' "$1")
	printf '0x%08x\n' $(( (($2 & 0xff) << 24) | ((dev & 0xff) << 16) | (ino & 0xffff) ))
}

@test "key PATH PROJ takes any int PROJ and uses its low 8 bits, as ftok does (0x6666, 0, 256, A)" {
	cd "$BATS_TEST_TMPDIR"
	local proj val
	for proj in 0x6666:0x6666 0x66:0x66 102:102 0:0 256:256 A:65 65:65 2147483647:2147483647; do
		val=${proj#*:}
		proj=${proj%%:*}
		run --separate-stderr shmtool key . "$proj"
		assert_success
		assert_output "$(ftok_of . "$val")"
		assert_equal "$stderr" ""
	done
	# And as glibc's ftok computes it, through the C client.
	run shmtool key . 0x6666
	assert_output "$(shmclient ftok . 0x66)"
	run shmtool key . 256
	assert_output "$(shmclient ftok . 0)"
}

@test "ftok:PATH:0x6666 names ftok's key (low 8 bits of PROJ) in create, stat and rm; PROJ 0 and 256 name one key" {
	need_sandbox
	cd "$BATS_TEST_TMPDIR"
	local k66 k0
	k66=$(ftok_of . 0x66)
	k0=$(ftok_of . 0)
	[ "$k0" != 0x00000000 ] || skip "ftok of $BATS_TEST_TMPDIR with PROJ 0 is key 0 (IPC_PRIVATE)"
	run sandbox '
		cd "$T" || exit 1
		a=$(shmtool create -s 4K ftok:.:0x6666); echo "create rc=$?"
		[ "$a" = "$(shmclient id '"$k66"')" ] && echo "0x6666: the id of '"$k66"'"
		shmtool stat ftok:.:0x6666 | grep -E "^(key|size) "
		shmtool stat ftok:.:0x66 | grep -E "^key "
		b=$(shmtool create -s 8K ftok:.:256); echo "create rc=$?"
		[ "$b" = "$(shmclient id '"$k0"')" ] && echo "256: the id of '"$k0"'"
		shmtool stat ftok:.:0 | grep -E "^(key|size) "
		show shmtool rm ftok:.:0x6666 ftok:.:0
		state
	'
	assert_success
	assert_output "create rc=0
0x6666: the id of $k66
key      $k66
size     4096
key      $k66
create rc=0
256: the id of $k0
key      $k0
size     8192
rc=0
sysv: 
posix: "
}

# --- --idle-for ------------------------------------------------------------------

# No segment can be made in the past: SysV times and a POSIX object's ctime
# are the kernel's clock.  So shmtool's own clock is moved forward instead,
# with an LD_PRELOAD shim built here, and "idle for 10 days" becomes true of
# everything made now.  A POSIX mtime can be set into the future (touch),
# which makes an object written "after" that clock.
clock_shim() {
	command -v cc >/dev/null || skip "no C compiler to build the clock shim"
	cat >"$BATS_TEST_TMPDIR/clock.c" <<-'EOF'
		#define _GNU_SOURCE
		#include <dlfcn.h>
		#include <stdlib.h>
		#include <time.h>

		/* CLOCK_REALTIME, as this process sees it, moved CLOCK_SHIFT s on. */
		static long shift(void)
		{
			const char *s = getenv("CLOCK_SHIFT");
			return s ? atol(s) : 0;
		}

		int clock_gettime(clockid_t id, struct timespec *ts)
		{
			static int (*real)(clockid_t, struct timespec *);
			int rc;

			if (!real)
				real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
			rc = real(id, ts);
			if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE))
				ts->tv_sec += shift();
			return rc;
		}

		time_t time(time_t *t)
		{
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			if (t)
				*t = ts.tv_sec;
			return ts.tv_sec;
		}
	EOF
	cc -shared -fPIC -o "$BATS_TEST_TMPDIR/clock.so" "$BATS_TEST_TMPDIR/clock.c" -ldl ||
	    skip "cannot build the clock shim"
}

# In the sandbox, `later CMD` runs CMD with the clock 10 days on.  The
# sandbox is a PID namespace of its own: --contained says no process
# outside it holds a POSIX object, so holders are known.
idle_lib='
	later() { LD_PRELOAD="$T/clock.so" CLOCK_SHIFT=864000 "$@"; }
	shmclient create 0xa001 4096 0600 >/dev/null
	id=$(shmclient create 0xa002 4096 0600)
	hold hold "$id"
	shmclient pcreate /idle 4096 0600 >/dev/null
	shmclient pcreate /held 4096 0600 >/dev/null
	hold popen /held
	shmclient pcreate /written 4096 0600 >/dev/null
	touch -m -d "+20 days" /dev/shm/written
'

@test "ls --idle-for TIME selects what nobody holds and nothing touched for TIME: never an attached or held one, nor one written since" {
	need_sandbox
	clock_shim
	run sandbox "$idle_lib"'
		for t in 0s 7d 11d 3650d; do
			echo "-- $t"
			later shmtool ls --contained --idle-for "$t" --noheadings -o SPEC --sort SPEC
		done
		echo "-- by the real clock, 3650d"
		shmtool ls --contained --idle-for 3650d --noheadings -o SPEC
		state
	'
	assert_success
	assert_output "-- 0s
/idle
0x0000a001
-- 7d
/idle
0x0000a001
-- 11d
-- 3650d
-- by the real clock, 3650d
sysv: 0x0000a001 0x0000a002
posix: held idle written"
}

@test "rm --idle-for TIME removes what ls --idle-for TIME lists, and rm -n says so first" {
	need_sandbox
	clock_shim
	run sandbox "$idle_lib"'
		show later shmtool rm -n --contained --idle-for 11d
		show later shmtool rm -n --contained --idle-for 7d
		state
		show later shmtool rm -v --contained --idle-for 7d
		state
	'
	assert_success
	assert_output "rc=0
would remove sysv 0x0000a001 (id 0, 4.0K, root)
would remove posix /idle (4.0K, root)
rc=0
sysv: 0x0000a001 0x0000a002
posix: held idle written
removed sysv 0x0000a001 (id 0, 4.0K, root)
removed posix /idle (4.0K, root)
rc=0
sysv: 0x0000a002
posix: held written"
}

@test "--idle-for takes a duration: anything else is a usage error of ls and rm" {
	run --separate-stderr shmtool ls --idle-for 5x
	assert_usage "--idle-for 5x: not a duration (use 90s, 15m, 2h or 7d)"
	need_sandbox
	# In a namespace of its own: were it not refused, it would remove.
	run --separate-stderr sandbox 'shmtool rm --idle-for -1d'
	assert_usage "--idle-for -1d: not a duration (use 90s, 15m, 2h or 7d)"
}
