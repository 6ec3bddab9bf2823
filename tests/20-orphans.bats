#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# Orphaned segments: the ORPHANED column, ls/rm --orphaned, stat's holders.
#
# Every --orphaned case runs in a sandbox (ns_helper.bash): new PID, IPC and
# mount namespaces with an empty /dev/shm, where rm can only reach segments
# the test made and every process shmtool looks at is one the test started.
# Keys there are fixed (0xa001 ...); $KEY and $NAME are used outside.
# Each script prints a transcript (show: stdout, "err: " stderr, "rc=N"),
# and ends with `state`, what ipcs and ls say is left.
load test_helper
load ns_helper

setup() {
	need_sandbox
}

@test "a SysV segment whose creator exited and that nobody attached is orphaned, and rm --orphaned removes it" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600); echo "a=$a"
		cpid=$(field "$a" cpid); echo "cpid=$cpid"
		kill -0 "$cpid" 2>/dev/null && echo "creator alive"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool ls --contained --sysv -J -o KEY,ORPHANED
		show shmtool ls --contained --orphaned --noheadings -r -o TYPE,KEY
		show shmtool rm --contained -v --orphaned
		state
	'
	assert_success
	a=$(out_var a)
	cpid=$(out_var cpid)
	assert [ -n "$a" ]
	assert [ -n "$cpid" ]
	assert_output "a=$a
cpid=$cpid
0x0000a001 0 yes
rc=0
{
   \"segments\": [
      {
         \"key\": \"0x0000a001\",
         \"orphaned\": true
      }
   ]
}
rc=0
sysv 0x0000a001
rc=0
removed sysv 0x0000a001 (id $a, 4.0K, root)
rc=0
sysv: 
posix: "
}

@test "a SysV segment held by a live shmclient or shmtool attach is kept, and orphaned once they are gone" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		b=$(shmclient create 0xa002 4096 0600)
		c=$(shmclient create 0xa003 4096 0600); echo "c=$c"
		hold hold "$a"; ha=$HELD
		attach_bg 0xa002; hb=$HELD
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool rm --contained -v --orphaned
		state
		release "$ha"
		release "$hb"
		echo "-- released"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool rm --contained --orphaned
		state
	'
	assert_success
	c=$(out_var c)
	assert_output "c=$c
0x0000a001 1 no
0x0000a002 1 no
0x0000a003 0 yes
rc=0
removed sysv 0x0000a003 (id $c, 4.0K, root)
rc=0
sysv: 0x0000a001 0x0000a002
posix: 
-- released
0x0000a001 0 yes
0x0000a002 0 yes
rc=0
rc=0
sysv: 
posix: "
}

# nattch counts the attaches; cpid and lpid say nothing of them once the
# last process to attach or detach is gone.  Here each segment is attached
# by a live holder (shmclient hold, shmtool attach), then attached and
# detached by a shmorphan that exits: creator and last user are dead, and
# only NATTCH 1 says the segment is in use.
@test "a SysV segment attached by a live process is kept though its creator and last user have exited" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		b=$(shmclient create 0xa002 4096 0600)
		hold hold "$a"; ha=$HELD
		attach_bg 0xa002; hb=$HELD
		shmorphan touch "$a"
		shmorphan touch "$b"
		for s in "$a" "$b"; do
			cpid=$(field "$s" cpid) lpid=$(field "$s" lpid)
			if [ "$lpid" != "$ha" ] && [ "$lpid" != "$hb" ] &&
			    ! kill -0 "$cpid" 2>/dev/null && ! kill -0 "$lpid" 2>/dev/null; then
				echo "creator and last user of $s gone, nattch $(field "$s" nattch)"
			fi
		done
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool ls --contained --sysv -J -o KEY,ORPHANED
		show shmtool ls --contained --orphaned --noheadings -r -o KEY
		show shmtool rm --contained -n --orphaned
		show shmtool rm --contained -v --orphaned
		state
		release "$ha"
		release "$hb"
		echo "-- released"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool rm --contained -v --orphaned
		state
	'
	assert_success
	a=$(sed -n 's/^creator and last user of \([0-9]*\) gone, nattch 1$/\1/p' <<<"$output" | head -n 1)
	b=$(sed -n 's/^creator and last user of \([0-9]*\) gone, nattch 1$/\1/p' <<<"$output" | tail -n 1)
	assert [ -n "$a" ]
	assert [ "$a" != "$b" ]
	assert_output "creator and last user of $a gone, nattch 1
creator and last user of $b gone, nattch 1
0x0000a001 1 no
0x0000a002 1 no
rc=0
{
   \"segments\": [
      {
         \"key\": \"0x0000a001\",
         \"orphaned\": false
      },{
         \"key\": \"0x0000a002\",
         \"orphaned\": false
      }
   ]
}
rc=0
rc=0
rc=0
rc=0
sysv: 0x0000a001 0x0000a002
posix: 
-- released
0x0000a001 0 yes
0x0000a002 0 yes
rc=0
removed sysv 0x0000a001 (id $a, 4.0K, root)
removed sysv 0x0000a002 (id $b, 4.0K, root)
rc=0
sysv: 
posix: "
}

@test "a SysV segment whose creator is alive is kept though nothing is attached" {
	run sandbox '
		{ exec "$SHMTOOL_BUILD/tests/shmorphan" create 0xa001 4096 0600 sleep infinity >"$T/id"; } &
		creator=$!
		wait_line --regexp "$T/id" "[0-9]+" || exit 98
		a=$(cat "$T/id")
		[ "$(field "$a" cpid)" = "$creator" ] && echo "cpid is the live creator"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool ls --contained --orphaned --noheadings -r -o KEY
		show shmtool rm --contained -v --orphaned
		state
		release "$creator"
		echo "-- creator gone"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool rm --contained --orphaned
		state
	'
	assert_success
	assert_output "cpid is the live creator
0x0000a001 0 no
rc=0
rc=0
rc=0
sysv: 0x0000a001
posix: 
-- creator gone
0x0000a001 0 yes
rc=0
rc=0
sysv: 
posix: "
}

@test "a SysV segment whose lpid (last to attach or detach) is alive is kept" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		# shmorphan touch attaches and detaches, then becomes sleep: a live lpid.
		{ exec "$SHMTOOL_BUILD/tests/shmorphan" touch "$a" sleep infinity; } &
		last=$!
		lpid_is() { [ "$(field "$1" lpid)" = "$2" ]; }
		wait_for "lpid of $a to be $last" lpid_is "$a" "$last" || exit 98
		kill -0 "$last" && echo "lpid is alive"
		kill -0 "$(field "$a" cpid)" 2>/dev/null || echo "cpid is dead"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
		show shmtool rm --contained --orphaned
		state
		release "$last"
		echo "-- lpid gone"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED
	'
	assert_success
	assert_output "lpid is alive
cpid is dead
0x0000a001 0 no
rc=0
rc=0
sysv: 0x0000a001
posix: 
-- lpid gone
0x0000a001 0 yes
rc=0"
}

# How the pids are reused: in the sandbox's PID namespace the test may write
# /proc/sys/kernel/ns_last_pid, and the next process gets that number + 1.
# Segment 0xa001 is made by a shmclient that exits (its pid is the cpid);
# 0xa002 is made by one and touched (shmat, shmdt) by a shmorphan that exits
# (its pid is the lpid).  Then a `sleep` is started with each of those pids,
# again until /proc says it started 2 s after the segment's ctime (cpid) or
# dtime (lpid): the rule allows a second for the rounding of start times.
# The pids are then alive, but their processes started after the segments
# were made: reused, so dead.  0xa003, whose creator started before it and
# lives, is the control.
@test "a pid reused by a process started after the segment counts as dead" {
	run sandbox '
		{ exec "$SHMTOOL_BUILD/tests/shmorphan" create 0xa003 4096 0600 sleep infinity >"$T/id"; } &
		wait_line --regexp "$T/id" "[0-9]+" || exit 98
		a=$(shmclient create 0xa001 4096 0600)
		b=$(shmclient create 0xa002 4096 0600)
		shmorphan touch "$b"
		cpid=$(field "$a" cpid)
		lpid=$(field "$b" lpid)
		reuse_pid "$cpid" "$(field "$a" ctime)" sleep infinity
		reuse_pid "$lpid" "$(field "$b" dtime)" sleep infinity
		echo "pid $cpid now: $(cat /proc/$cpid/comm)"
		echo "pid $lpid now: $(cat /proc/$lpid/comm)"
		if [ "$(field "$a" cpid)" = "$cpid" ] && [ "$(field "$b" lpid)" = "$lpid" ]; then
			echo "segments unchanged"
		fi
		echo "cpid=$cpid lpid=$lpid"
		show shmtool ls --contained --sysv --noheadings -r -o KEY,NATTCH,ORPHANED --sort KEY
		show shmtool rm --contained --orphaned
		state
	'
	assert_success
	cpid=$(sed -n 's/^cpid=\([0-9]*\) .*/\1/p' <<<"$output")
	lpid=$(sed -n 's/.* lpid=//p' <<<"$output")
	assert [ -n "$cpid" ]
	assert [ -n "$lpid" ]
	assert_output "pid $cpid now: sleep
pid $lpid now: sleep
segments unchanged
cpid=$cpid lpid=$lpid
0x0000a001 0 yes
0x0000a002 0 yes
0x0000a003 0 no
rc=0
rc=0
sysv: 0x0000a003
posix: "
}

@test "a POSIX object mapped or held open by a live process is kept; one nobody holds is orphaned" {
	run sandbox '
		shmclient pcreate /free 100 0600 >/dev/null
		shmclient pcreate /mapped 100 0600 >/dev/null
		shmclient pcreate /opened 100 0600 >/dev/null
		hold phold /mapped; m=$HELD
		hold popen /opened; o=$HELD
		show shmtool ls --contained --posix --noheadings -r -o NAME,NATTCH,ORPHANED --sort NAME
		show shmtool ls --contained --posix -J -o NAME,ORPHANED --sort NAME
		show shmtool rm --contained -v --orphaned
		state
		release "$m"
		release "$o"
		echo "-- released"
		show shmtool ls --contained --posix --noheadings -r -o NAME,NATTCH,ORPHANED --sort NAME
		# rm goes in directory order: sorted here.
		shmtool rm --contained -v --orphaned --posix | sort
		echo "rc=${PIPESTATUS[0]}"
		state
	'
	assert_success
	assert_output '/free 0 yes
/mapped 1 no
/opened 1 no
rc=0
{
   "segments": [
      {
         "name": "/free",
         "orphaned": true
      },{
         "name": "/mapped",
         "orphaned": false
      },{
         "name": "/opened",
         "orphaned": false
      }
   ]
}
rc=0
removed posix /free (100B, root)
rc=0
sysv: 
posix: mapped opened
-- released
/mapped 0 yes
/opened 0 yes
rc=0
removed posix /mapped (100B, root)
removed posix /opened (100B, root)
rc=0
sysv: 
posix: '
}

@test "where another process's /proc cannot be read, a POSIX object is not called orphaned, and rm -v says why it kept it" {
	need_nobody
	# As nobody, /proc/1 (the sandbox's bash, root's) is unreadable.
	run sandbox '
		shmclient pcreate /theirs 100 0600 >/dev/null
		chown nobody:nogroup /dev/shm/theirs
		show shmtool_nobody ls --contained --posix --noheadings -r -o NAME,OWNER,NATTCH,ORPHANED
		show shmtool_nobody ls --contained --unattached --noheadings -r -o NAME
		show shmtool_nobody ls --contained --posix -J -o NAME,ORPHANED
		show shmtool_nobody ls --contained --orphaned --noheadings -r -o NAME
		show shmtool_nobody rm --contained -v --orphaned
		show shmtool_nobody rm --contained -n --orphaned
		state
		echo "-- as root, who can read every process here"
		show shmtool ls --contained --posix --noheadings -r -o NAME,ORPHANED
	'
	assert_success
	assert_output '/theirs nobody - -
rc=0
rc=0
{
   "segments": [
      {
         "name": "/theirs",
         "orphaned": null
      }
   ]
}
rc=0
rc=0
err: shmtool: rm: /theirs: kept: cannot tell whether it is orphaned: /proc of pid 1 is unreadable
rc=0
rc=0
sysv: 
posix: theirs
-- as root, who can read every process here
/theirs yes
rc=0'
}

# The same as seen by nobody in a PID namespace of its own, where pid 1 (the
# sandbox's bash) is root's: POSIX objects are unknown, but the SysV rule
# needs no maps and still finds nobody's leaked segment.
@test "where /proc/1 cannot be read, no POSIX object is called orphaned, and SysV orphans still are" {
	need_nobody
	run sandbox '
		a=$(as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xa001 4096 0600); echo "a=$a"
		as_nobody "$SHMTOOL_BUILD/tests/shmclient" pcreate /mine 100 0600 >/dev/null
		as_nobody cat /proc/1/maps >/dev/null 2>&1 || echo "/proc/1/maps unreadable for nobody"
		show shmtool_nobody ls --contained --noheadings -r -o TYPE,KEY,NAME,NATTCH,ORPHANED
		show shmtool_nobody ls --contained --posix -J -o NAME,ORPHANED
		show shmtool_nobody ls --contained --orphaned --noheadings -r -o TYPE,KEY,NAME
		show shmtool_nobody rm --contained -v --orphaned
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
/proc/1/maps unreadable for nobody
sysv 0x0000a001 - 0 yes
posix - /mine - -
rc=0
{
   \"segments\": [
      {
         \"name\": \"/mine\",
         \"orphaned\": null
      }
   ]
}
rc=0
sysv 0x0000a001 -
rc=0
removed sysv 0x0000a001 (id $a, 4.0K, nobody)
err: shmtool: rm: /mine: kept: cannot tell whether it is orphaned: /proc of pid 1 is unreadable
rc=0
sysv: 
posix: mine"
}

@test "rm --dry-run --orphaned prints what it would remove and removes nothing" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600); echo "a=$a"
		b=$(shmclient create 0xa002 8192 0600)
		hold hold "$b"
		shmclient pcreate /free 100 0600 >/dev/null
		show shmtool rm --contained -n --orphaned
		show shmtool rm --contained --dry-run -v --orphaned
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
would remove sysv 0x0000a001 (id $a, 4.0K, root)
would remove posix /free (100B, root)
rc=0
would remove sysv 0x0000a001 (id $a, 4.0K, root)
would remove posix /free (100B, root)
rc=0
sysv: 0x0000a001 0x0000a002
posix: free"
}

@test "rm --orphaned removes exactly what ls --orphaned shows" {
	run sandbox '
		shmclient create 0xa001 4096 0600 >/dev/null
		b=$(shmclient create 0xa002 4096 0600)
		hold hold "$b"
		{ exec "$SHMTOOL_BUILD/tests/shmorphan" create 0xa003 4096 0600 sleep infinity >"$T/id"; } &
		wait_line --regexp "$T/id" "[0-9]+" || exit 98
		shmclient create 0xa004 4096 0600 >/dev/null
		shmclient pcreate /free 100 0600 >/dev/null
		shmclient pcreate /mapped 100 0600 >/dev/null
		hold phold /mapped
		shmtool ls --contained --orphaned --noheadings -r -o TYPE,KEY,NAME |
		    awk "{ print \$1, (\$1 == \"sysv\" ? \$2 : \$3) }" | sort >"$T/ls"
		shmtool rm --contained -v --orphaned | awk "{ print \$2, \$3 }" | sort >"$T/rm"
		echo "ls: $(xargs <"$T/ls")"
		echo "rm: $(xargs <"$T/rm")"
		state
	'
	assert_success
	assert_output "ls: posix /free sysv 0x0000a001 sysv 0x0000a004
rm: posix /free sysv 0x0000a001 sysv 0x0000a004
sysv: 0x0000a002 0x0000a003
posix: mapped"
}

@test "stat shows the holders of a SysV segment, also after IPC_RMID reset its key to 0" {
	id=$(shmclient create "$KEY" 4096 0600)
	track "$id"
	bg_run "$BATS_TEST_TMPDIR/held" shmclient hold "$id" 0
	holder=$BG
	wait_line "$BATS_TEST_TMPDIR/held" attached
	run shmtool stat --contained "$KEY"
	assert_success
	assert_line "holders  $holder (shmclient hold $id 0)"
	shmclient rm "$id"
	run shmtool stat --contained "$id"
	assert_success
	assert_line "key      0x00000000"
	assert_line "holders  $holder (shmclient hold $id 0)"
	run shmtool stat --contained --json "$id"
	assert_success
	assert_line --partial '"key": "0x00000000"'
	bg_stop "$holder"
	run shmclient exists "$id"
	assert_failure
}

@test "stat shows every holder of a POSIX object, and - when there is none" {
	run sandbox '
		shmclient pcreate /obj 100 0600 >/dev/null
		shmclient pcreate /none 100 0600 >/dev/null
		hold phold /obj; echo "m=$HELD"
		hold popen /obj; echo "o=$HELD"
		shmtool stat --contained /obj /none | grep -E "^(name|nattch|holders) "
	'
	assert_success
	m=$(out_var m)
	o=$(out_var o)
	assert_output "m=$m
o=$o
name     /obj
nattch   2
holders  $m ($SHMTOOL_BUILD/tests/shmclient phold /obj 0), $o ($SHMTOOL_BUILD/tests/shmclient popen /obj 0)
name     /none
nattch   0
holders  -"
}
