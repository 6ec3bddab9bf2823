#!/usr/bin/env bats
# lsipc's habits in shmtool ls: -n/--newline, -y/--shell, --time-format,
# --notruncate, output modes that exclude each other, and ls --ns PID.
load test_helper
load sysv_helper
load ns_helper

@test "ls -n prints each NAME=\"value\" pair on a line of its own" {
	need_sandbox
	run sandbox '
		shmclient create 0x1234 4096 600 >/dev/null
		shmclient create 0x1235 8192 600 >/dev/null
		show shmtool ls --sysv -n -o KEY,SIZE
		show shmtool ls --sysv --newline -b -o KEY,SIZE --sort SIZE
	'
	assert_success
	assert_output 'KEY="0x00001234"
SIZE="4.0K"
KEY="0x00001235"
SIZE="8.0K"
rc=0
KEY="0x00001234"
SIZE="4096"
KEY="0x00001235"
SIZE="8192"
rc=0'
}

@test "ls -y names the columns as shell variables: USE% of --global becomes USE_PCT" {
	run --separate-stderr shmtool ls --global -e
	assert_success
	assert_line --partial 'RESOURCE="SHMMNI" DESCRIPTION="Shared memory segments" LIMIT="'
	assert_output --partial ' USE%="'
	run --separate-stderr shmtool ls --global -e -y
	assert_success
	refute_output --partial 'USE%'
	line=$(grep '^RESOURCE="SHMMNI" ' <<<"$output")
	# What -y is for: the pairs of one line, read as shell assignments.
	eval "$line"
	assert_equal "$RESOURCE" SHMMNI
	assert_equal "$LIMIT" "$(cat /proc/sys/kernel/shmmni)"
	[[ $USE_PCT =~ ^[0-9]+\.[0-9][0-9]%$ ]]
}

@test "ls --time-format short, full and iso write CTIME as lsipc does, in every output mode" {
	id=$(shmclient create "$KEY" 4096 600)
	ctime=$(field "$id" ctime)
	run --separate-stderr shmtool ls --sysv -e -o KEY,CTIME --time-format full
	assert_success
	assert_line "KEY=\"$KEY\" CTIME=\"$(date -d "@$ctime" '+%a %b %e %H:%M:%S %Y')\""
	run --separate-stderr shmtool ls --sysv -r --noheadings -o KEY,CTIME --time-format iso
	assert_line "$KEY $(iso_time "$ctime")"
	run --separate-stderr shmtool ls --sysv -J -o KEY,CTIME --time-format short
	# Short is the time of day for today, the date before (midnight may
	# pass between the two commands).
	hm=$(date -d "@$ctime" +%H:%M) md=$(date -d "@$ctime" +%b%d)
	[[ $output == *"\"key\": \"$KEY\","$'\n'*"\"ctime\": \"$hm\""* ||
	    $output == *"\"key\": \"$KEY\","$'\n'*"\"ctime\": \"$md\""* ]]
	# The defaults: short in a table, ISO 8601 in export output.
	run --separate-stderr shmtool ls --sysv -e -o KEY,CTIME
	assert_line "KEY=\"$KEY\" CTIME=\"$(iso_time "$ctime")\""
}

@test "ls --time-format of anything else is a usage error" {
	run --separate-stderr shmtool ls --time-format long
	assert_usage "--time-format long: not short, full or iso"
}

@test "two output modes are refused, as lsipc refuses them; one given twice is fine" {
	local pair
	for pair in "-J -r:--json and --raw" "-e -n:--export and --newline" \
	    "--raw --export:--raw and --export" "-n -J:--newline and --json"; do
		# shellcheck disable=SC2086 # two options
		run --separate-stderr shmtool ls ${pair%%:*}
		assert_usage "${pair#*:} are mutually exclusive"
	done
	run --separate-stderr shmtool stat -J -e "$KEY"
	assert_usage "--json and --export are mutually exclusive"
	run --separate-stderr shmtool ls -J -J --sysv -o KEY
	assert_success
	assert_line --index 0 "{"
}

@test "ls --notruncate shows COMMAND whole on a narrow terminal; without it, it is cut" {
	if ! command -v script >/dev/null || ! command -v perl >/dev/null; then
		skip "needs script(1) and perl"
	fi
	local tail=end-of-a-long-command-line
	# A live creator with a long command line (perl calls shmget itself).
	bg_run "$BATS_TEST_TMPDIR/perl" perl -e \
	    'shmget(hex($ARGV[0]), 4096, 01600) or die "$!"; print "ready\n"; $| = 1; sleep 600' \
	    "$KEY" "$(printf 'x%.0s' {1..80})" "$tail"
	wait_line "$BATS_TEST_TMPDIR/perl" ready
	# A terminal of 60 columns, which script(1) gives the command.
	on_tty() {
		script -qec "stty cols 60; $SHMTOOL_BUILD/shmtool ls --sysv --noheadings -o KEY,COMMAND $*" /dev/null |
		    tr -d '\r' | grep -F "$KEY"
	}
	run on_tty
	assert_success
	refute_output --partial "$tail"
	(( ${#output} <= 60 ))
	run on_tty --notruncate
	assert_success
	assert_output --partial "$tail"
}

@test "ls --ns PID lists what shmtool --ns PID ls lists: PID's IPC namespace" {
	need_sandbox
	bg_run "$BATS_TEST_TMPDIR/ns" unshare --ipc sh -c \
	    'shmclient create 0x7e5700aa 4096 600 >/dev/null && echo ready && exec sleep 600'
	wait_line "$BATS_TEST_TMPDIR/ns" ready
	run --separate-stderr shmtool ls --ns "$BG" --sysv -r --noheadings -o KEY
	assert_success
	assert_output "0x7e5700aa"
	run --separate-stderr shmtool --ns "$BG" ls --sysv -r --noheadings -o KEY
	assert_output "0x7e5700aa"
	run --separate-stderr shmtool ls --ns 0
	assert_usage "--ns 0: not a process id"
}
