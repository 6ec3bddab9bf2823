#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
#
# shmtool watch: one line (or JSON object) per change, in order, with who
# made it where the kernel says.  Each case runs in the sandbox
# (ns_helper.bash), so the events are those of what the script does and no
# other test's.  A change is made only after watch has listed once (the
# present event of a segment made before it), and each event is waited for
# as a line, never for a time.
load test_helper
load ns_helper

# jsonl FIELD... < FILE: each JSON line of FILE (watch --json) parsed by
# python3's json module, as one compact JSON array of the FIELDs.
setup() {
	cat >"$BATS_TEST_TMPDIR/jsonl.py" <<-'PY'
		import json, sys
		for line in sys.stdin:
		    event = json.loads(line)
		    print(json.dumps([event[f] for f in sys.argv[1:]], separators=(",", ":")))
	PY
}

# The functions the scripts below share (prepended to each one).
HELPERS='
# start_watch ARGS...: shmtool watch --initial ARGS in the background, its
# output in $T/w, its pid in $W; returns once it listed one of the
# sentinels it makes first, SysV 0x5e5e5e5e and POSIX /sentinel.
start_watch() {
	shmclient create 0x5e5e5e5e 4096 0600 >/dev/null || exit 98
	shmclient pcreate /sentinel 4096 0600 >/dev/null || exit 98
	{ exec ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" watch --initial "$@" >"$T/w" 2>"$T/w.err"; } &
	W=$!
	wait_for "the first listing" grep -qsE "present.*(0x5e5e5e5e|sentinel)" "$T/w" || exit 98
}
# event REGEXP: wait for a line of the output, after its time, matching REGEXP.
event() {
	wait_line --regexp "$T/w" "[-0-9T:.+]+ $1" || exit 98
}
# jevent EVENT REGEXP: wait for a JSON line of EVENT that matches REGEXP.
jevent() {
	wait_line --regexp "$T/w" "\{\"time\":[^,]*,\"event\":\"$1\",$2" || exit 98
}
jsonl() { python3 "$T/jsonl.py" "$@"; }
# pid_of CMD...: run CMD (a path: exec does not see functions) in a bash
# that says its pid in $BY first.
pid_of() {
	bash -c "echo \$\$ >\"$T/by\"; exec \"\$@\"" pid_of "$@" >/dev/null
	BY=$(cat "$T/by")
}
# stop_watch: SIGINT, then its status and what it said on stderr.
stop_watch() {
	kill -INT "$W"
	wait "$W"
	echo "rc=$?"
	sed "s/^/err: /" "$T/w.err"
}
# events: the events, not those of the sentinels, without times, blanks squeezed.
events() {
	cut -d" " -f2- "$T/w" | grep -vE "0x5e5e5e5e|/sentinel" | tr -s " "
}
'

@test "watch: a SysV segment created, attached, detached, orphaned and removed, each with who did it; SIGINT ends it with 0" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --sysv
		pid_of shmclient create 0x5e000001 4096 0600
		id=$(shmclient id 0x5e000001)
		event "created +sysv +4096 +0 +$BY 0x5e000001"
		event "orphaned +sysv +4096 +0 +- 0x5e000001"
		hold hold "$id"
		event "attached +sysv +4096 +1 +$HELD 0x5e000001"
		release "$HELD"
		event "detached +sysv +4096 +0 +$HELD 0x5e000001"
		shmtool rm 0x5e000001
		event "removed +sysv +4096 +0 +- 0x5e000001"
		stop_watch
		events | sed "s/ $BY / CPID /; s/ $HELD / HOLDER /"'
	assert_success
	# Its maker gone at once, nobody attached: orphaned as soon as seen,
	# and again when its last holder goes.
	assert_output - <<-'EOF'
		rc=0
		created sysv 4096 0 CPID 0x5e000001
		orphaned sysv 4096 0 - 0x5e000001
		attached sysv 4096 1 HOLDER 0x5e000001
		detached sysv 4096 0 HOLDER 0x5e000001
		orphaned sysv 4096 0 - 0x5e000001
		removed sysv 4096 0 - 0x5e000001
	EOF
}

@test "watch --json: a POSIX object's changes come from the kernel with the pid that made them (fanotify), one JSON object a line" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch --json --posix --contained
		st=("${SHMTOOL_WRAP:-}" "$SHMTOOL_BUILD/shmtool")
		# Made empty, then sized: each change one event, whatever the timing.
		pid_of "$SHMTOOL_BUILD/tests/shmclient" pcreate /w1 0 0600
		maker=$BY
		jevent created ".*\"by\":$maker,.*"
		pid_of ${st[@]} truncate -s 8192 /w1
		sizer=$BY
		jevent resized ".*\"by\":$sizer,.*"
		# A listing may find the maker or the sizer still holding it as it
		# exits (slow under a sanitizer): then it is created or resized with
		# nattch 1 and detached by that process.
		# Either way, watch sees nobody holding it before the holder comes.
		wait_for "nattch 0" sh -c "grep \"/w1\" \"$T/w\" | tail -n 1 | grep -q \"\\\"nattch\\\":0,\""
		hold popen /w1
		jevent attached ".*\"by\":$HELD,.*"
		release "$HELD"
		jevent detached ".*\"by\":$HELD,.*"
		pid_of ${st[@]} rm /w1
		remover=$BY
		jevent removed ".*"
		kill -TERM "$W"
		wait "$W"
		echo "rc=$?"
		# Every line is one JSON object; the events of /w1 in order.
		jsonl event type size nattch by spec name <"$T/w" | grep "\"/w1\"\]$" |
		    grep -v orphaned | sed "s/,\"\/w1\"\]$/]/" |
		    grep -vE "^\[\"(attached|detached)\",.*,($maker|$sizer),\"" |
		    sed -E "s/^(\[\"(created|resized)\",\"posix\",(0|8192)),[01],/\1,N,/" |
		    sed "s/,$maker,/,MAKER,/; s/,$sizer,/,SIZER,/; s/,$HELD,/,HOLDER,/; s/,$remover,/,REMOVER,/"
		jsonl time <"$T/w" | grep -cvE "^\[\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2}\"\]$" || :'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		["created","posix",0,N,MAKER,"/w1"]
		["resized","posix",8192,N,SIZER,"/w1"]
		["attached","posix",8192,1,HOLDER,"/w1"]
		["detached","posix",8192,0,HOLDER,"/w1"]
		["removed","posix",8192,0,REMOVER,"/w1"]
		0
	EOF
}

# The race the tests above allow for, made to happen: the racer holds the
# maker at its ftruncate(2) until watch has printed the object created.
@test "watch: an object listed while its maker holds it, not yet sized, is created with nattch 1, then resized and detached by its maker" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --posix --contained
		LD_PRELOAD=$SHMTOOL_BUILD/tests/racer.so RACER_CALL=ftruncate RACER_LOG=$T/raced \
		    RACER_RUN="timeout $WAIT_CAP sh -c \"until grep -q created $T/w; do sleep 0.01; done\"" \
		    pid_of "$SHMTOOL_BUILD/tests/shmclient" pcreate /w7 4096 0600
		maker=$BY
		event "detached +posix +4096 +0 +$maker /w7"
		stop_watch
		cat "$T/raced"
		# Sized before or after it let go: resized with nattch 1 or 0.
		events | grep -v orphaned | sed -E "s/ $maker / MAKER /; s/^(resized posix 4096) [01] /\1 N /"'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		ran
		created posix 0 1 MAKER /w7
		resized posix 4096 N MAKER /w7
		detached posix 4096 0 MAKER /w7
	EOF
}

@test "watch: a SysV segment removed while attached is removed (dest), then freed at its last detach; watch itself never attaches" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --sysv
		shmclient create 0x5e000002 4096 0600 >/dev/null
		id=$(shmclient id 0x5e000002)
		event "created +sysv +4096 +0 +[0-9]+ 0x5e000002"
		hold hold "$id"
		event "attached +sysv +4096 +1 +[0-9]+ 0x5e000002"
		shmtool rm 0x5e000002 2>/dev/null
		event "removed +sysv +4096 +1 +- 0x5e000002"
		echo "nattch while watched: $(field "$id" nattch)"
		release "$HELD"
		event "freed +sysv +4096 +1 +- id:$id"
		stop_watch
		events | grep -v "created\|orphaned" | sed "s/ $HELD / HOLDER /; s/id:$id/id:ID/"'
	assert_success
	assert_output - <<-'EOF'
		nattch while watched: 1
		rc=0
		attached sysv 4096 1 HOLDER 0x5e000002
		removed sysv 4096 1 - 0x5e000002
		freed sysv 4096 1 - id:ID
	EOF
}

@test "watch --hidden: a memfd appears and is freed; a POSIX object unlinked while mapped is removed, then freed" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --hidden --contained
		{ exec shmhidden memfd "w e" 8192 120 >"$T/m"; } &
		M=$!
		wait_line --regexp "$T/m" "pid=.*" || exit 98
		event "appeared +memfd +8192 +1 +- file:/proc/$M/fd/[0-9]+"
		# Its maker may still hold it when first listed (see above), even
		# before it sized it: then it is created with size 0 and resized.
		pid_of "$SHMTOOL_BUILD/tests/shmclient" pcreate /w2 4096 0600
		maker=$BY
		event "created +posix +[0-9]+ +[01] +$maker /w2"
		wait_for "nobody holding /w2" sh -c "grep \" /w2\$\" \"$T/w\" | tail -n 1 | grep -qE \" 4096 +0 \""
		hold phold /w2
		event "attached +posix +4096 +1 +$HELD /w2"
		pid_of "$SHMTOOL_BUILD/tests/shmclient" prm /w2
		event "removed +posix +4096 +1 +$BY /w2"
		release "$HELD"
		event "freed +deleted +4096 +1 +- file:/proc/$HELD/map_files/.*"
		release "$M"
		event "freed +memfd .*"
		stop_watch
		events | grep -v "created\|orphaned" | grep -vE "^(resized|detached) .* $maker /w2$" |
		    cut -d" " -f1-5 | sed "s/ $HELD$/ HOLDER/; s/ $BY$/ REMOVER/"'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		appeared memfd 8192 1 -
		attached posix 4096 1 HOLDER
		removed posix 4096 1 REMOVER
		freed deleted 4096 1 -
		freed memfd 8192 1 -
	EOF
}

@test "watch: a hostile name is one line, its spec escaped (a blank as \\x20) and accepted back by stat; in JSON it is the name itself" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --posix --contained
		name=$(printf "/h b\nc\033[2J")
		pid_of "$SHMTOOL_BUILD/tests/shmclient" pcreate "$name" 4096 0600
		maker=$BY
		event "created +posix +[0-9]+ +[01] +$maker .*"
		stop_watch
		events | grep -v orphaned | grep -vE "^(resized|detached) .* $maker " | cut -d" " -f1,2,6-
		spec=$(events | grep created | cut -d" " -f6)
		shmtool stat "$spec" >/dev/null && echo "stat of the spec: ok"
		'"${SHMTOOL_WRAP:-}"' "$SHMTOOL_BUILD/shmtool" watch --json --initial --posix >"$T/j" &
		wait_for "a JSON line" grep -qs "h b" "$T/j"
		kill -INT $!
		# Decoded by a JSON parser and written back: the same characters.
		jsonl name <"$T/j" | grep -v sentinel'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		created posix /h\x20b\x0ac\x1b[2J
		stat of the spec: ok
		["/h b\nc\u001b[2J"]
	EOF
}

@test "watch: a bad --interval, an argument or an unknown option is a usage error (exit 2) before anything is watched" {
	run --separate-stderr shmtool watch --interval 0
	assert_usage "--interval 0: must be at least 1s"
	run --separate-stderr shmtool watch --interval soon
	assert_usage "--interval soon: not a duration (use 90s, 15m, 2h or 7d)"
	run --separate-stderr shmtool watch "$NAME"
	assert_usage "unexpected argument '$NAME' (watch takes no SPEC)"
	run --separate-stderr shmtool watch --bogus
	assert_usage "unknown option '--bogus' (see shmtool watch --help)"
}

@test "watch: when its reader goes away it ends at the next event, quietly, with 141 as a SIGPIPE would" {
	need_sandbox
	run sandbox '
		shmclient create 0x5e5e5e5e 4096 0600 >/dev/null
		{ '"${SHMTOOL_WRAP:-}"' "$SHMTOOL_BUILD/shmtool" watch --sysv --initial 2>"$T/e"
		  echo "rc=$? stderr=$(cat "$T/e")" >"$T/rc"; } | head -n 1 >"$T/first" &
		wait_for "the first line" grep -qs present "$T/first"
		shmclient create 0x5e000003 4096 0600 >/dev/null
		wait_for "the end of watch" test -s "$T/rc"
		cat "$T/rc"'
	assert_success
	assert_output "rc=141 stderr="
}

@test "watch --orphaned prints the events of a segment while it is orphaned, judged as each event shows it: not its attached" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --sysv --orphaned
		# Its maker gone at once: orphaned when first seen.
		shmclient create 0x5e000004 4096 0600 >/dev/null
		id=$(shmclient id 0x5e000004)
		event "orphaned +sysv +4096 +0 +- 0x5e000004"
		hold hold "$id"
		# A segment made after the attach, seen: watch listed the attach too.
		shmclient create 0x5e000005 4096 0600 >/dev/null
		event "orphaned +sysv +4096 +0 +- 0x5e000005"
		release "$HELD"
		event "detached +sysv +4096 +0 +$HELD 0x5e000004"
		shmtool rm 0x5e000004
		event "removed +sysv +4096 +0 +- 0x5e000004"
		stop_watch
		# (Its created, printed if its maker was gone when first seen, is
		# left out: that is a matter of timing.)
		events | grep 0x5e000004 | grep -v created | sed "s/ $HELD / HOLDER /"'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		orphaned sysv 4096 0 - 0x5e000004
		detached sysv 4096 0 HOLDER 0x5e000004
		orphaned sysv 4096 0 - 0x5e000004
		removed sysv 4096 0 - 0x5e000004
	EOF
}

@test "watch as an unprivileged user: the kernel tells it no pid, so by is -" {
	need_sandbox
	need_nobody
	run sandbox "$HELPERS"'
		shmclient pcreate /sentinel 4096 0644 >/dev/null
		{ exec setpriv --reuid=nobody --regid=nogroup --clear-groups ${SHMTOOL_WRAP:-} \
		    "$SHMTOOL_BUILD/shmtool" watch -b --initial --posix >"$T/w" 2>"$T/w.err"; } &
		W=$!
		wait_for "the first listing" grep -qs present "$T/w" || exit 98
		shmclient pcreate /w6 4096 0644 >/dev/null
		# (Listed between its shm_open and its ftruncate, it is created
		# with size 0, then resized: the size is not what this is about.)
		event "(created|resized) +posix +4096 +[-0-9]+ +- /w6"
		stop_watch
		events | grep -v "orphaned\|resized" | cut -d" " -f1,2,5-'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		created posix - /w6
	EOF
}

@test "watch --all-ns: a container's segments too, each line with its NS and CONTAINER; the same key in two namespaces is two segments" {
	need_sandbox
	run sandbox "$HELPERS"'
		start_watch -b --sysv --all-ns
		host=$(stat -L -c %i /proc/self/ns/ipc)
		unshare --ipc --mount sh -c "touch \"\$1\" && exec sleep 600" sh "$T/ready" &
		C=$!
		wait_for "the container" test -e "$T/ready" || exit 98
		cont=$(stat -L -c %i "/proc/$C/ns/ipc")
		nsenter --ipc="/proc/$C/ns/ipc" "$SHMTOOL_BUILD/tests/shmclient" create 0x5e000002 4096 0600 >/dev/null
		event "created +sysv +4096 +0 +[0-9]+ $cont - 0x5e000002"
		shmclient create 0x5e000002 4096 0600 >/dev/null
		event "created +sysv +4096 +0 +[0-9]+ $host - 0x5e000002"
		shmtool --ns "$C" rm 0x5e000002
		event "removed +sysv +4096 +0 +- $cont - 0x5e000002"
		stop_watch
		events | grep 0x5e000002 | sed -E "s/ $host / HOST /; s/ $cont / CONT /; s/^(\w+ sysv 4096 0) [0-9]+ /\1 CPID /"'
	assert_success
	assert_output - <<-'EOF'
		rc=0
		created sysv 4096 0 CPID CONT - 0x5e000002
		orphaned sysv 4096 0 - CONT - 0x5e000002
		created sysv 4096 0 CPID HOST - 0x5e000002
		orphaned sysv 4096 0 - HOST - 0x5e000002
		removed sysv 4096 0 - CONT - 0x5e000002
	EOF
}
