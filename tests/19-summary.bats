#!/usr/bin/env bats
# ls --summary: the segments added up by TYPE and owner (count, SIZE, RSS,
# SWAP, orphaned), a total, then the limits of ls --global.  Known states
# are made in a sandbox (its own IPC namespace and /dev/shm), so the sums
# are exact; the C client makes and fills the segments.
load test_helper
load ns_helper

# Two SysV segments of root (8 MiB with 1 MiB written; 4 KiB untouched),
# a POSIX object of root (4 MiB, 2 MiB written) and one of nobody (1 MiB,
# untouched), a named semaphore; nothing holds any of them.
# shellcheck disable=SC2016
MAKE_STATE='
	shmclient create 0x5e000001 8388608 600 >/dev/null
	shmclient create 0x5e000002 4096 600 >/dev/null
	head -c 1048576 /dev/zero | shmtool write -n 1M 0x5e000001
	shmclient pcreate /obj 4194304 600 >/dev/null
	head -c 2097152 /dev/zero | shmtool write /obj
	shmclient pcreate /theirs 1048576 600 >/dev/null
	chown nobody /dev/shm/theirs
	shmclient semcreate /s 1
'

@test "ls --summary adds up count, SIZE, RSS, SWAP and orphaned by TYPE and owner, then a total and the limits" {
	need_sandbox
	run sandbox "$MAKE_STATE"'
		shmtool ls --summary --contained -b --raw | sed "/^\$/q"
		shmtool ls --summary --contained --raw | sed "1,/^\$/d" | cut -d" " -f1
	'
	assert_success
	assert_output "TYPE OWNER COUNT SIZE RSS SWAP ORPHANED
sysv root 2 8392704 1048576 0 2
posix nobody 1 1048576 0 0 1
posix root 1 4194304 2097152 0 1
sem root 1 32 4096 0 1
total - 5 13635616 3149824 0 5

RESOURCE
SHMMNI
SHMALL
SHMMAX
RSS
SWAP
RMID_FORCED
PAGESIZE
DEVSHM"
}

@test "ls --summary --json is one object: summary rows with exact numbers, the total's owner null, and the limits" {
	need_sandbox
	run sandbox "$MAKE_STATE"'
		shmtool ls --summary --contained --json >"$T/out.json"
		python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted(d))
for r in d[\"summary\"]:
    print(r[\"type\"], r[\"owner\"], r[\"count\"], r[\"size\"], r[\"rss\"], r[\"swap\"], r[\"orphaned\"])
print([r[\"resource\"] for r in d[\"global\"]][:3])
" "$T/out.json"
	'
	assert_success
	assert_output "['global', 'summary']
sysv root 2 8392704 1048576 0 2
posix nobody 1 1048576 0 0 1
posix root 1 4194304 2097152 0 1
sem root 1 32 4096 0 1
total None 5 13635616 3149824 0 5
['SHMMNI', 'SHMALL', 'SHMMAX']"
}

@test "ls --summary: filters choose what is added up; with nothing, the total is 0" {
	need_sandbox
	run sandbox "$MAKE_STATE"'
		shmtool ls --summary --sysv --raw -b --noheadings | sed "/^\$/q"
		shmtool ls --summary --user nobody --raw -b --noheadings | sed "/^\$/q"
		ipcrm --all=shm && rm -f /dev/shm/*
		shmtool ls --summary --raw -b --noheadings | sed "/^\$/q"
	'
	assert_success
	assert_output "sysv root 2 8392704 1048576 0 2
total - 2 8392704 1048576 0 2

posix nobody 1 1048576 0 0 0
total - 1 1048576 0 0 0

total - 0 0 0 0 0"
}

@test "the RSS ls --summary adds up is within Shmem of /proc/meminfo, and at least what was written" {
	need_sandbox
	run sandbox "$MAKE_STATE"'
		rss=$(shmtool ls --summary --json | python3 -c "
import json, sys
print([r for r in json.load(sys.stdin)[\"summary\"] if r[\"type\"] == \"total\"][0][\"rss\"])")
		shmem=$(awk "\$1 == \"Shmem:\" { print \$2 * 1024 }" /proc/meminfo)
		echo "written $(( rss >= 3145728 ))"
		echo "within $(( rss <= shmem ))"
	'
	assert_success
	assert_output "written 1
within 1"
}

@test "ls --summary refuses what it cannot do with it, exit 2" {
	run --separate-stderr shmtool ls --summary -o SIZE
	assert_usage "--summary takes none of -o, --sort, --global, -t, -p and -c"
	run --separate-stderr shmtool ls --summary --global
	assert_usage "--summary takes none of -o, --sort, --global, -t, -p and -c"
	run --separate-stderr shmtool ls --summary --metrics
	assert_usage "--metrics and --summary are mutually exclusive"
	run --separate-stderr shmtool ls --summary --json --raw
	assert_usage "--json and --raw are mutually exclusive"
}
