#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# ls --global (-g): limits and usage, as ipcs -l, ipcs -u and lsipc -g.
#
# The figures are checked in a sandbox (ns_helper.bash): its IPC namespace
# has its own kernel.shm* sysctls and only the segments the test makes, and
# /dev/shm is a tmpfs of a known size, so nothing else on the machine can
# change the numbers.  The limits are set to values no default has.
load test_helper
load ns_helper

setup() {
	need_sandbox
}

# In the sandbox: limits set, three segments of 1, 2 and 3 pages with one
# page written, and an 8 KiB POSIX object in a 1 MiB /dev/shm.
# shellcheck disable=SC2016
SETUP='
echo 1234 >/proc/sys/kernel/shmmni
echo 5000 >/proc/sys/kernel/shmall
echo 1048576 >/proc/sys/kernel/shmmax
umount /dev/shm && mount -t tmpfs -o size=1m tmpfs /dev/shm || exit 99
shmclient create 0xa001 4096 0600 >/dev/null
shmclient create 0xa002 8192 0600 >/dev/null
shmclient write "$(shmclient create 0xa003 12288 0600)" hello
head -c 8192 /dev/zero >/dev/shm/data
'

@test "ls --global shows the limits and usage of the namespace" {
	run sandbox "$SETUP"'show shmtool ls --global'
	assert_success
	assert_output "RESOURCE    DESCRIPTION                                      LIMIT   USED   USE%
SHMMNI      Shared memory segments                            1234      3  0.24%
SHMALL      Shared memory pages                               5000      6  0.12%
SHMMAX      Max size of one segment (bytes)                1048576      -      -
RSS         Shared memory pages resident                         -      1      -
SWAP        Shared memory pages swapped                          -      0      -
RMID_FORCED Segments removed with their last process (0/1)       0      -      -
PAGESIZE    Bytes per page                                    $(getconf PAGESIZE)      -      -
DEVSHM      /dev/shm space (bytes)                            1.0M   8.0K  0.78%
rc=0"
}

@test "ls -g is --global; -b gives /dev/shm space in bytes" {
	run sandbox "$SETUP"'
		shmtool ls --global --noheadings >"$T/long"
		shmtool ls -g --noheadings >"$T/short"
		cmp "$T/long" "$T/short" && echo same
		show shmtool ls -g -b --noheadings -r
	'
	assert_success
	assert_line same
	assert_line --regexp '^DEVSHM /dev/shm\\x20space\\x20\(bytes\) 1048576 8192 0\.78%$'
}

@test "ls --global agrees with /proc/sys/kernel and ipcs -l and ipcs -u" {
	run sandbox "$SETUP"'
		for f in shmmni shmall shmmax shm_rmid_forced; do
			echo "proc $f $(cat /proc/sys/kernel/$f)"
		done
		ipcs -l -m | sed -n "s/^max number of segments = /ipcs mni /p;
		    s/^max seg size (kbytes) = /ipcs max_kb /p;
		    s/^max total shared memory (kbytes) = /ipcs all_kb /p"
		ipcs -u -m | sed -n "s/^segments allocated */ipcs segments /p;
		    s/^pages allocated */ipcs pages /p;
		    s/^pages resident */ipcs rss /p;
		    s/^pages swapped */ipcs swap /p"
		df -B1 --output=size,used /dev/shm | awk "NR == 2 { print \"df\", \$1, \$2 }"
		shmtool ls -g -e | sed "s/^/ls /"
	'
	assert_success
	v() { sed -n "s/^$1 //p" <<<"$output"; }
	row() { v "ls RESOURCE=\"$1\" DESCRIPTION=\"[^\"]*\"" ; }
	page=$(getconf PAGESIZE)
	# The figures the namespace was given.
	assert_equal "$(v 'proc shmmni')" 1234
	assert_equal "$(v 'ipcs segments')" 3
	# shmtool against /proc/sys/kernel and ipcs.
	assert_equal "$(row SHMMNI)" "LIMIT=\"$(v 'proc shmmni')\" USED=\"$(v 'ipcs segments')\" USE%=\"0.24%\""
	assert_equal "$(v 'ipcs mni')" "$(v 'proc shmmni')"
	assert_equal "$(row SHMALL)" "LIMIT=\"$(v 'proc shmall')\" USED=\"$(v 'ipcs pages')\" USE%=\"0.12%\""
	assert_equal "$(v 'ipcs all_kb')" $(( $(v 'proc shmall') * page / 1024 ))
	assert_equal "$(row SHMMAX)" "LIMIT=\"$(v 'proc shmmax')\" USED=\"\" USE%=\"\""
	assert_equal "$(v 'ipcs max_kb')" $(( $(v 'proc shmmax') / 1024 ))
	assert_equal "$(row RSS)" "LIMIT=\"\" USED=\"$(v 'ipcs rss')\" USE%=\"\""
	assert_equal "$(v 'ipcs rss')" 1
	assert_equal "$(row SWAP)" "LIMIT=\"\" USED=\"$(v 'ipcs swap')\" USE%=\"\""
	assert_equal "$(row RMID_FORCED)" "LIMIT=\"$(v 'proc shm_rmid_forced')\" USED=\"\" USE%=\"\""
	assert_equal "$(row PAGESIZE)" "LIMIT=\"$page\" USED=\"\" USE%=\"\""
	read -r size used <<<"$(v df)"
	assert_equal "$size $used" "1048576 8192"
}

@test "ls --global --json types its values: numbers, null where there is none" {
	run sandbox "$SETUP"'shmtool ls --global --json'
	assert_success
	page=$(getconf PAGESIZE)
	# Each row's five fields, in order, one row a line.
	fields=$(awk '/"resource":/ { if (l != "") print l; l = ""; on = 1 }
	    on && /^ *"[a-z%]+": / {
		x = $0; sub(/^ +/, "", x); sub(/,$/, "", x)
		l = l == "" ? x : l " " x
	    }
	    END { print l }' <<<"$output")
	assert_equal "$fields" '"resource": "SHMMNI" "description": "Shared memory segments" "limit": 1234 "used": 3 "use%": "0.24%"
"resource": "SHMALL" "description": "Shared memory pages" "limit": 5000 "used": 6 "use%": "0.12%"
"resource": "SHMMAX" "description": "Max size of one segment (bytes)" "limit": 1048576 "used": null "use%": null
"resource": "RSS" "description": "Shared memory pages resident" "limit": null "used": 1 "use%": null
"resource": "SWAP" "description": "Shared memory pages swapped" "limit": null "used": 0 "use%": null
"resource": "RMID_FORCED" "description": "Segments removed with their last process (0/1)" "limit": 0 "used": null "use%": null
"resource": "PAGESIZE" "description": "Bytes per page" "limit": '"$page"' "used": null "use%": null
"resource": "DEVSHM" "description": "/dev/shm space (bytes)" "limit": 1048576 "used": 8192 "use%": "0.78%"'
}

@test "ls --global RMID_FORCED follows kernel.shm_rmid_forced" {
	run sandbox '
		echo 1 >/proc/sys/kernel/shm_rmid_forced
		shmtool ls -g -e | grep "^RESOURCE=\"RMID_FORCED\""
		echo 0 >/proc/sys/kernel/shm_rmid_forced
		shmtool ls -g -e | grep "^RESOURCE=\"RMID_FORCED\""
	'
	assert_success
	assert_output 'RESOURCE="RMID_FORCED" DESCRIPTION="Segments removed with their last process (0/1)" LIMIT="1" USED="" USE%=""
RESOURCE="RMID_FORCED" DESCRIPTION="Segments removed with their last process (0/1)" LIMIT="0" USED="" USE%=""'
}

@test "ls --global counts segments as they come and go" {
	run sandbox '
		row() { shmtool ls -g --noheadings -r | grep "^SHMMNI "; }
		echo "limit=$(cat /proc/sys/kernel/shmmni)"
		row
		a=$(shmclient create private 4096 0600)
		shmclient create private 4096 0600 >/dev/null
		row
		shmclient rm "$a"
		row
	'
	assert_success
	limit=$(out_var limit)
	[ -n "$limit" ]
	assert_output "limit=$limit
SHMMNI Shared\\x20memory\\x20segments $limit 0 0.00%
SHMMNI Shared\\x20memory\\x20segments $limit 2 $(awk -v l="$limit" 'BEGIN { printf "%.2f%%", 200 / l }')
SHMMNI Shared\\x20memory\\x20segments $limit 1 $(awk -v l="$limit" 'BEGIN { printf "%.2f%%", 100 / l }')"
}

@test "ls --global outside a namespace shows the machine's limits" {
	run shmtool ls --global --json
	assert_success
	assert_output --partial "\"resource\": \"SHMMNI\",
         \"description\": \"Shared memory segments\",
         \"limit\": $(cat /proc/sys/kernel/shmmni),"
	assert_output --partial "\"resource\": \"SHMALL\",
         \"description\": \"Shared memory pages\",
         \"limit\": $(cat /proc/sys/kernel/shmall),"
	assert_output --partial "\"resource\": \"SHMMAX\",
         \"description\": \"Max size of one segment (bytes)\",
         \"limit\": $(cat /proc/sys/kernel/shmmax),"
	assert_output --partial "\"resource\": \"RMID_FORCED\",
         \"description\": \"Segments removed with their last process (0/1)\",
         \"limit\": $(cat /proc/sys/kernel/shm_rmid_forced),"
}

@test "ls --global with a SPEC is refused" {
	run --separate-stderr shmtool ls --global "$KEY"
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: ls: unexpected argument '$KEY' (ls takes no SPEC)"
	assert_equal "$output" ""
}
