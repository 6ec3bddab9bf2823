#!/usr/bin/env bats
# shellcheck disable=SC2016
# ls --pid PID: the segments of every kind that process PID attaches, maps
# or holds open (with --hidden, hidden memory too), with MAPRSS, the bytes
# of each resident in PID's own mappings (/proc/PID/smaps).  Each case
# runs in the sandbox (ns_helper.bash), where the only processes are the
# ones the script started, so the lists are exact.
load test_helper
load ns_helper

# hidden KIND ARGS: tests/clients/shmhidden in the background; its pid in
# $P, its child's in $C.
HELPERS='
hidden() {
	local f="$T/hidden.$RANDOM"
	{ exec "$SHMTOOL_BUILD/tests/shmhidden" "$@" >"$f"; } &
	wait_line --regexp "$f" "pid=[0-9]+ .*" || exit 98
	P=$(sed "s/.*pid=\([0-9]*\).*/\1/" "$f")
	C=$(sed "s/.*child=\([-0-9]*\).*/\1/" "$f")
}
'

setup() {
	need_sandbox
}

@test "ls --pid lists what that process attaches, maps or holds open, of both kinds, and nothing else; MAPRSS is added" {
	run sandbox "$HELPERS"'
		a=$(shmclient create 0xb001 4096 0600)
		b=$(shmclient create 0xb002 4096 0600)
		shmclient pcreate /mapped 4096 0600 >/dev/null
		shmclient pcreate /opened 4096 0600 >/dev/null
		shmclient pcreate /other 4096 0600 >/dev/null
		hold hold "$a"; sysv=$HELD
		hold hold "$b"
		hold phold /mapped; mapper=$HELD
		hold popen /opened; opener=$HELD
		hold phold /other
		echo "-- sysv holder"
		shmtool ls --pid "$sysv" --raw -b -o TYPE,KEY,NAME,NATTCH
		echo "-- mapper"
		shmtool ls --pid "$mapper" --raw -b --noheadings -o TYPE,KEY,NAME,HOLDERS | sed "s/ $mapper / MAPPER /"
		echo "-- opener"
		shmtool ls --pid "$opener" --raw -b --noheadings -o TYPE,NAME,MAPRSS
	'
	assert_success
	assert_output "-- sysv holder
TYPE KEY NAME NATTCH MAPRSS
sysv 0x0000b001 - 1 0
-- mapper
posix - /mapped MAPPER 0
-- opener
posix /opened 0"
}

@test "MAPRSS counts the pages resident in that process's own mappings; --hidden adds its hidden memory" {
	run sandbox "$HELPERS"'
		hidden anon 65536 8192
		echo "-- without --hidden"
		shmtool ls --pid "$P" --raw --noheadings -b -o TYPE,SIZE
		echo "rc=$?"
		echo "-- with"
		shmtool ls --pid "$P" --hidden --raw --noheadings -b -o TYPE,SIZE,RSS,MAPRSS | cut -d " " -f 1-4
		hidden deleted gone 16384 4096
		echo "-- deleted"
		shmtool ls --pid "$P" --hidden --raw --noheadings -b -o TYPE,NAME,MAPRSS | cut -d " " -f 1-3
	'
	assert_success
	assert_output "-- without --hidden
rc=0
-- with
anon 65536 8192 8192
-- deleted
deleted /gone 4096"
}

@test "ls --pid combines with filters and JSON: --posix keeps its POSIX objects; maprss is a number" {
	run sandbox "$HELPERS"'
		a=$(shmclient create 0xb011 4096 0600)
		shmclient pcreate /both 4096 0600 >/dev/null
		bash -c "exec 7</dev/shm/both; exec \"\$SHMTOOL_BUILD/tests/shmclient\" hold $a 0 >$T/h" &
		pid=$!
		wait_line "$T/h" attached || exit 98
		shmtool ls --pid "$pid" --posix --raw -b --noheadings -o TYPE,NAME
		shmtool ls --pid "$pid" --sysv --json -o KEY,MAPRSS | python3 -c "
import json, sys
for r in json.load(sys.stdin)[\"segments\"]:
    print(r[\"key\"], type(r[\"maprss\"]).__name__, r[\"maprss\"])
"
	'
	assert_success
	assert_output "posix /both 0
0x0000b011 int 0"
}

@test "ls --pid: no such process and an unreadable one fail with exit 1; no process id is a usage error" {
	run sandbox '
		show shmtool ls --pid 99999
		show shmtool_nobody ls --pid 1
		show shmtool ls --pid 0
		show shmtool ls --pid 12x
	'
	assert_success
	assert_output "err: shmtool: ls: --pid 99999: no such process
rc=1
err: shmtool: ls: --pid 1: permission denied
rc=1
err: shmtool: ls: --pid 0: not a process id
rc=2
err: shmtool: ls: --pid 12x: not a process id
rc=2"
}

@test "-p and --pids still add CPID, LPID and COMMAND; MAPRSS without --pid is -" {
	run sandbox '
		shmclient create 0xb021 4096 0600 >/dev/null
		shmtool ls --sysv --raw -o KEY,CTIME -p | head -n 1
		shmtool ls --sysv --raw -o KEY,CTIME --pids | head -n 1
		shmtool ls --sysv --raw --noheadings -o KEY,MAPRSS
	'
	assert_success
	assert_output "KEY CTIME CPID LPID COMMAND
KEY CTIME CPID LPID COMMAND
0x0000b021 -"
}
