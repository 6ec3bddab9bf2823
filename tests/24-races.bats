#!/usr/bin/env bats
# shellcheck disable=SC2016
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside.)
#
# Cleanup never removes live memory.  Each test is an adversary: a racer
# that acts at the worst moment (tests/shim/racer.c, an LD_PRELOAD shim that
# runs a command before the Nth call of a chosen function: no sleeps), a
# creator or last user in another PID namespace, a /proc that hides
# processes, a holder that /proc names oddly.  All of it runs in the
# sandbox (ns_helper.bash): private IPC, PID and mount namespaces with a
# tmpfs on /dev/shm, so --orphaned and --all see only what the test made.
load test_helper
load ns_helper

setup() {
	need_sandbox
}

# Inside the sandbox: shmtool under the racer.  race CALL MATCH COMMAND
# SHMTOOL-ARGS...: COMMAND runs (and is waited for) right before shmtool's
# first CALL whose argument matches MATCH; $T/raced says it ran.
# shellcheck disable=SC2034
_race_lib='
race() {
	local call=$1 match=$2 cmd=$3
	shift 3
	RACER_CALL=$call RACER_MATCH=$match RACER_RUN=$cmd RACER_LOG=$T/raced \
	    RACER_NTH=${NTH:-1} \
	    LD_PRELOAD=$SHMTOOL_BUILD/tests/racer.so \
	    "$SHMTOOL_BUILD/shmtool" "$@"
}
'

# --- removal is a checked step ------------------------------------------------

@test "rm --orphaned keeps a SysV segment that a process attaches while /proc is being scanned" {
	run sandbox "$_race_lib"'
		id=$(shmclient create 0xa101 4096 0600)
		shmclient pcreate /other 100 0600 >/dev/null
		# The listing saw nattch 0 and a dead creator; then, during the
		# /proc scan, a process attaches it.
		show race opendir /proc \
		    "$SHMTOOL_BUILD/tests/shmclient hold $id 0 >$T/held & while ! grep -q attached $T/held 2>/dev/null; do sleep 0.01; done" \
		    rm -v --orphaned --contained
		cat $T/raced
		field $id key
		field $id nattch
	'
	assert_success
	assert_output "removed posix /other (100B, root)
err: shmtool: rm: 0x0000a101: kept: changed since it was listed
rc=0
ran
0x0000a101
1"
}

@test "rm --orphaned keeps the new segment when the listed shmid is freed and given to a live one" {
	run sandbox "$_race_lib"'
		old=$(shmclient create 0xa102 4096 0600)
		shmclient pcreate /other 100 0600 >/dev/null
		# During the scan: the listed segment goes, and a live creator
		# gets a new one with the very same shmid (kernel.shm_next_id).
		show race opendir /proc \
		    "$SHMTOOL_BUILD/tests/shmclient rm $old && echo $old >/proc/sys/kernel/shm_next_id && { $SHMTOOL_BUILD/tests/shmorphan create 0xa102 8192 0600 sleep 600 >$T/new & } && while ! [ -s $T/new ]; do sleep 0.01; done" \
		    rm -v --orphaned --contained
		echo "new id: $(cat $T/new) (old $old)"
		field $old size
		field $old key
	'
	assert_success
	assert_line --index 0 "removed posix /other (100B, root)"
	assert_line --index 1 "err: shmtool: rm: 0x0000a102: kept: changed since it was listed"
	assert_line --index 2 "rc=0"
	assert_line --index 3 --regexp "^new id: ([0-9]+) \(old \1\)$"
	assert_line --index 4 "8192"
	assert_line --index 5 "0x0000a102"
}

# rm --all, and filters that want nothing from /proc, remove each SysV
# segment as the walk of the kernel's indexes looks at it (SHM_STAT_ANY),
# with IPC_RMID next: that look is the last, and no IPC_STAT follows it.
@test "rm --all removes each SysV segment right after looking at it, with no second look (IPC_STAT)" {
	run sandbox "$_race_lib"'
		shmclient create 0xa111 4096 0600 >/dev/null
		shmclient create 0xa112 4096 0600 >/dev/null
		NTH=1 show race shmctl IPC_RMID true rm --all --sysv
		cat $T/raced; rm $T/raced
		shmclient create 0xa113 4096 0600 >/dev/null
		show race shmctl IPC_STAT true rm --all --sysv
		[ -e $T/raced ] || echo "no IPC_STAT"
		ipcs -m | grep -c "^0x" || :
	'
	assert_success
	assert_output "rc=0
ran
rc=0
no IPC_STAT
0"
}

# The adversary of that walk: once the first segment is removed, the second
# is given to another owner before its turn.  It is judged as it is when it
# is looked at: no longer --user's, so kept.
@test "rm --user judges each SysV segment as it is when its turn comes: one given away meanwhile is kept" {
	run sandbox "$_race_lib"'
		shmclient create 0xa121 4096 0600 >/dev/null
		second=$(shmclient create 0xa122 4096 0600)
		show race shmctl IPC_RMID "$SHMTOOL_BUILD/shmtool chown 65534 $second" \
		    rm -v --sysv --user root
		cat $T/raced
		ipcs -m | awk "/^0x/ { print \$1, \$3 }"
	'
	assert_success
	assert_output "removed sysv 0x0000a121 (id 0, 4.0K, root)
rc=0
ran
0x0000a122 nobody"
}

@test "rm --orphaned keeps a POSIX name removed and made again, held, while /proc is scanned" {
	run sandbox "$_race_lib"'
		shmclient pcreate /x 100 0600 >/dev/null
		old=$(stat -c %i /dev/shm/x)
		show race opendir /proc \
		    "rm /dev/shm/x && $SHMTOOL_BUILD/tests/shmclient pcreate /x 200 0600 >/dev/null && { $SHMTOOL_BUILD/tests/shmclient popen /x 0 >$T/open & } && while ! grep -q opened $T/open 2>/dev/null; do sleep 0.01; done" \
		    rm -v --orphaned --contained --posix
		new=$(stat -c %i /dev/shm/x)
		[ "$new" != "$old" ] && echo "a new inode"
		shmclient pstat /x | tr " " "\n" | grep "^size="
	'
	assert_success
	assert_output "err: shmtool: rm: /x: kept: changed since it was listed
rc=0
a new inode
size=200"
}

@test "rm --orphaned keeps a POSIX object that a process opens after the first /proc scan" {
	run sandbox "$_race_lib"'
		shmclient pcreate /x 100 0600 >/dev/null
		# The second look at /proc is the last one before unlink.
		NTH=2 show race opendir /proc \
		    "$SHMTOOL_BUILD/tests/shmclient popen /x 0 >$T/open & while ! grep -q opened $T/open 2>/dev/null; do sleep 0.01; done" \
		    rm -v --orphaned --contained --posix
		ls /dev/shm
	' 
	assert_success
	assert_output "err: shmtool: rm: /x: kept: in use since it was listed
rc=0
x"
}

# --- unknown is never dead -----------------------------------------------------

@test "a creator alive in a sibling PID namespace (cpid 0 here) keeps its segment: ORPHANED unknown, never removed" {
	run sandbox '
		# A "pod": one IPC namespace, a PID namespace per container.
		{ unshare --pid --fork --mount-proc "$SHMTOOL_BUILD/tests/shmorphan" create 0xa201 4096 0600 sleep 600 >$T/id & }
		while ! [ -s $T/id ]; do sleep 0.01; done
		id=$(cat $T/id)
		sibling() { unshare --pid --fork --mount-proc "$@"; }
		sibling "$SHMTOOL_BUILD/shmtool" ls --sysv --noheadings -r -o KEY,CPID,ORPHANED
		show sibling "$SHMTOOL_BUILD/shmtool" rm -v --orphaned
		field $id key
	'
	assert_success
	assert_output "0x0000a201 0 -
err: shmtool: rm: 0x0000a201: kept: cannot tell whether it is orphaned: its creator is outside this PID namespace (cpid 0)
rc=0
0x0000a201"
}

@test "a segment last attached from a sibling PID namespace (lpid 0, atime set) is unknown, not orphaned" {
	run sandbox '
		# Container C makes the segment (its creator then exits, seen dead
		# from C); container B, which C cannot see, attaches and detaches
		# it and lives on.  Then C cleans up.
		{ unshare --pid --fork --mount-proc bash -c "
			id=\$(\"$SHMTOOL_BUILD/tests/shmclient\" create 0xa202 4096 0600)
			echo \$id >$T/id
			while ! [ -s $T/touched ]; do sleep 0.01; done
			\"$SHMTOOL_BUILD/shmtool\" ls --sysv --noheadings -r -o KEY,LPID,ORPHANED
			\"$SHMTOOL_BUILD/shmtool\" rm -v --orphaned 2>&1
			echo rc=\$?" >$T/c.out & }
		c=$!
		while ! [ -s $T/id ]; do sleep 0.01; done
		id=$(cat $T/id)
		{ unshare --pid --fork --mount-proc "$SHMTOOL_BUILD/tests/shmorphan" touch $id sh -c "echo done >$T/touched; exec sleep 600" & }
		wait $c
		cat $T/c.out
		field $id key
	'
	assert_success
	assert_output "0x0000a202 0 -
shmtool: rm: 0x0000a202: kept: cannot tell whether it is orphaned: its last user is outside this PID namespace (lpid 0)
rc=0
0x0000a202"
}

@test "a segment never attached whose creator is gone (lpid 0, no atime) is still found orphaned and removed" {
	run sandbox '
		id=$(shmclient create 0xa203 4096 0600)
		shmtool ls --sysv --noheadings -r -o KEY,LPID,ORPHANED
		show shmtool rm -v --orphaned
		shmclient exists $id 2>/dev/null || echo gone
	'
	assert_success
	assert_output "0x0000a203 0 yes
removed sysv 0x0000a203 (id 0, 4.0K, root)
rc=0
gone"
}

@test "a creator whose /proc entry hidepid hides is unknown, not dead: its segment is kept" {
	need_nobody
	run sandbox '
		mount -o remount,hidepid=2 /proc || exit 96
		# root makes it and stays alive; nobody owns it and may remove it.
		{ "$SHMTOOL_BUILD/tests/shmorphan" create 0xa204 4096 0600 sleep 600 >$T/id & }
		while ! [ -s $T/id ]; do sleep 0.01; done
		id=$(cat $T/id)
		"$SHMTOOL_BUILD/tests/shmorphan" chown $id 65534 65534
		shmtool_nobody ls --sysv --noheadings -r -o KEY,ORPHANED
		show shmtool_nobody rm -v --orphaned
		field $id key
	'
	assert_success
	assert_output --regexp "^0x0000a204 -
err: shmtool: rm: 0x0000a204: kept: cannot tell whether it is orphaned: /proc of pid [0-9]+ is unreadable
rc=0
0x0000a204$"
}

@test "in a PID namespace of its own, POSIX objects are unknown unless --contained says nobody outside uses them" {
	run sandbox '
		shmclient pcreate /x 100 0600 >/dev/null
		shmclient pcreate /y 100 0600 >/dev/null
		shmtool ls --posix --noheadings -r -o NAME,ORPHANED --sort NAME
		show shmtool rm -v --orphaned
		ls /dev/shm | xargs
		shmtool ls --posix --contained --noheadings -r -o NAME,ORPHANED --sort NAME
		shmtool rm -v --orphaned --contained | sort
		echo "rc=${PIPESTATUS[0]}"
		ls /dev/shm | xargs
	'
	assert_success
	assert_output "/x -
/y -
err: shmtool: rm: kept 2 POSIX objects: processes outside this PID namespace cannot be seen (--contained says there are none)
rc=0
x y
/x yes
/y yes
removed posix /x (100B, root)
removed posix /y (100B, root)
rc=0"
}

# --- holders by device and inode -----------------------------------------------

# NAME, then how a holder reaches it (a shmclient verb, or "bind": an fd
# opened through a bind mount of /dev/shm): its pid must count, and the
# object stay.
_held_stays() {
	local script
	printf -v script 'name=%q how=%q\n' "$1" "$2"
	run sandbox "$script"'
		shmclient pcreate "$name" 100 0600 >/dev/null
		if [ "$how" = bind ]; then
			mkdir -p $T/mnt && mount --bind /dev/shm $T/mnt || exit 95
			{ sh -c "exec 5<\"\$1\"; echo opened; exec sleep 600" sh "$T/mnt/${name#/}" >$T/held & }
		else
			{ "$SHMTOOL_BUILD/tests/shmclient" "$how" "$name" 0 >$T/held & }
		fi
		wait_line --regexp $T/held ".*ed" || exit 98
		shmtool ls --posix --contained --noheadings -r -o NATTCH,ORPHANED
		show shmtool rm -v --orphaned --contained
		[ -e "/dev/shm/${name#/}" ] && echo kept
	'
}

@test "a holder that maps an object whose name holds a newline counts (maps shows it as \\012)" {
	_held_stays $'/nl\nx' phold
	assert_success
	assert_output $'1 no\nrc=0\nkept'
}

@test "a holder that holds open an object whose name holds a newline counts" {
	_held_stays $'/nl\nx' popen
	assert_success
	assert_output $'1 no\nrc=0\nkept'
}

@test "a holder of an object whose name ends in ' (deleted)' counts: it is not deleted" {
	_held_stays '/x (deleted)' phold
	assert_success
	assert_output $'1 no\nrc=0\nkept'
}

@test "a holder that opened the object through a bind mount of /dev/shm counts" {
	_held_stays /x bind
	assert_success
	assert_output $'1 no\nrc=0\nkept'
}

# --- a name is not followed, even when swapped -------------------------------

@test "a POSIX name swapped for a symbolic link between its stat and its open is refused: the link's target is not read or changed" {
	# spec_find saw a regular object; right before the open, another
	# process puts a link to a root-only file in its place.  Only
	# O_NOFOLLOW at the open stands between the command and the target.
	for cmd in "read /obj" "write /obj" "chmod 666 /obj" "truncate -s 1 /obj" \
	    "attach --for 1s /obj"; do
		run sandbox "$_race_lib"'
			rm -f $T/raced
			printf "root only\n" >$T/target
			chmod 600 $T/target
			shmclient pcreate /obj 100 0600 >/dev/null
			echo evil | show race openat obj \
			    "rm /dev/shm/obj && ln -s $T/target /dev/shm/obj" '"$cmd"'
			cat $T/raced $T/target
			stat -c "%a %s" $T/target
		'
		assert_success
		assert_output "err: shmtool: ${cmd%% *}: /obj: a symbolic link, not followed
rc=1
ran
root only
600 10"
	done
}

# --- write never grows what shrank ---------------------------------------------

@test "write does not grow a POSIX object that another process shrank after write opened it" {
	# 64K goes by the mapping at once; 128K through the fd under a write
	# lease, which sees the shrink as it takes the lease (lib/copy.c).
	for size in 65536 131072; do
		run sandbox "$_race_lib"'
			rm -f $T/raced
			shmclient pcreate /x '"$size"' 0600 >/dev/null
			head -c '"$size"' /dev/zero | tr "\0" a >$T/in
			# Between write opening the object and its first byte: truncated.
			show race mmap shared "truncate -s 100 /dev/shm/x" write /x <$T/in
			cat $T/raced
			stat -c %s /dev/shm/x
		'
		assert_success
		assert_output "err: shmtool: write: /x: shrank while being written (0 bytes written)
rc=1
ran
100"
	done
}

@test "write does not grow a POSIX object, held open elsewhere, that shrinks under it" {
	run sandbox "$_race_lib"'
		shmclient pcreate /x 65536 0600 >/dev/null
		# Held open by another process: no write lease, so in place.
		hold popen /x
		head -c 65536 /dev/zero | tr "\0" a >$T/in
		show race mmap shared "truncate -s 4096 /dev/shm/x" write /x <$T/in
		stat -c %s /dev/shm/x
		head -c 4096 /dev/shm/x | tr -d "\0" | wc -c
	'
	assert_success
	# The first chunk is refused whole: the bytes that are left stay zeros.
	assert_output "err: shmtool: write: /x: shrank while being written (0 bytes written)
rc=1
4096
0"
}

@test "write into a file:PATH that another process shrank does not grow it" {
	run sandbox "$_race_lib"'
		head -c 8192 /dev/zero >$T/f
		printf abcdefgh >$T/in
		show race mmap shared "truncate -s 0 $T/f" write -o 4096 file:$T/f <$T/in
		stat -c %s $T/f
	'
	assert_success
	assert_output "err: shmtool: write: file:$BATS_TEST_TMPDIR/f: shrank while being written (0 bytes written)
rc=1
0"
}
