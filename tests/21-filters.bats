#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# Filters shared by ls and rm: --orphaned, --user, --creator, --older-than,
# --unattached, --sysv and --posix; they combine with AND, and rm with
# filters and no SPEC removes exactly what ls with the same filters shows.
#
# Every rm without a SPEC runs in a sandbox (ns_helper.bash): new PID, IPC
# and mount namespaces with an empty /dev/shm, so it can only reach what the
# test made.  Keys there are fixed (0xa001 ...).
load test_helper
load ns_helper

setup() {
	need_sandbox
}

# A population of both kinds, made in the sandbox by `populate`:
#   0xa001  root, creator exited, unattached     (orphaned)
#   0xa002  nobody's (made by nobody), exited    (orphaned)
#   0xa003  root, attached by a live shmclient; its creator and its last
#           user (a shmorphan that attached and detached) have exited, so
#           only NATTCH 1 keeps it from being orphaned
#   0xa004  root, creator alive, unattached
#   0xa005  made by root, owned by nobody (IPC_SET), creator exited (orphaned)
#   /free   root, no holder                      (orphaned)
#   /nob    nobody's, no holder                  (orphaned)
#   /mapped root, mapped by a live shmclient
# shellcheck disable=SC2016
POPULATE='
populate() {
	shmclient create 0xa001 4096 0600 >/dev/null
	as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xa002 4096 0600 >/dev/null
	hold hold "$(shmclient create 0xa003 4096 0600)"
	shmorphan touch "$(shmclient id 0xa003)"
	{ exec "$SHMTOOL_BUILD/tests/shmorphan" create 0xa004 4096 0600 sleep infinity >"$T/a004"; } &
	wait_line --regexp "$T/a004" "[0-9]+" || exit 98
	shmorphan chown "$(shmclient create 0xa005 4096 0600)" 65534 65534
	shmclient pcreate /free 100 0600 >/dev/null
	shmclient pcreate /nob 100 0600 >/dev/null
	chown nobody:nogroup /dev/shm/nob
	shmclient pcreate /mapped 100 0600 >/dev/null
	hold phold /mapped
}
# The exit status and stderr of rm, what ls FILTERS selects and what
# rm -v FILTERS removed, as "KIND SPEC" sorted, then what is left.
ls_then_rm() {
	shmtool ls --contained "$@" --noheadings -r -o TYPE,KEY,NAME |
	    awk "{ print \$1, (\$1 == \"sysv\" ? \$2 : \$3) }" | LC_ALL=C sort >"$T/ls"
	shmtool rm --contained -v "$@" >"$T/rm.out" 2>"$T/err"
	echo "rm exit status: $?, stderr: $(cat "$T/err")"
	awk "{ print \$2, \$3 }" "$T/rm.out" | LC_ALL=C sort >"$T/rm"
	echo "ls: $(xargs <"$T/ls")"
	echo "rm: $(xargs <"$T/rm")"
	state
}
'

# Run `ls_then_rm FILTERS` on a fresh population; check that ls and rm
# agree, and that they picked exactly the expected "KIND SPEC" list.
check_filter() {
	local expected=$1 left_sysv=$2 left_posix=$3
	shift 3
	run sandbox "$POPULATE"'populate; ls_then_rm '"$*"
	assert_success
	assert_output "rm exit status: 0, stderr: 
ls: $expected
rm: $expected
sysv: $left_sysv
posix: $left_posix"
}

@test "rm --orphaned removes exactly what ls --orphaned shows" {
	need_nobody
	check_filter "posix /free posix /nob sysv 0x0000a001 sysv 0x0000a002 sysv 0x0000a005" \
	    "0x0000a003 0x0000a004" "mapped" --orphaned
}

@test "rm --unattached removes what no process has attached or open, live creator or not" {
	need_nobody
	check_filter "posix /free posix /nob sysv 0x0000a001 sysv 0x0000a002 sysv 0x0000a004 sysv 0x0000a005" \
	    "0x0000a003" "mapped" --unattached
}

@test "rm --user nobody removes what nobody owns, whoever made it" {
	need_nobody
	check_filter "posix /nob sysv 0x0000a002 sysv 0x0000a005" \
	    "0x0000a001 0x0000a003 0x0000a004" "free mapped" --user nobody
}

@test "rm --user takes a UID as well as a name" {
	need_nobody
	check_filter "posix /nob sysv 0x0000a002 sysv 0x0000a005" \
	    "0x0000a001 0x0000a003 0x0000a004" "free mapped" --user 65534
}

@test "rm --creator nobody removes what nobody made (SysV cuid; POSIX owner)" {
	need_nobody
	check_filter "posix /nob sysv 0x0000a002" \
	    "0x0000a001 0x0000a003 0x0000a004 0x0000a005" "free mapped" --creator nobody
}

@test "filters combine with AND: --user nobody --creator root" {
	need_nobody
	check_filter "sysv 0x0000a005" \
	    "0x0000a001 0x0000a002 0x0000a003 0x0000a004" "free mapped nob" \
	    --user nobody --creator 0
}

@test "filters combine with AND: --orphaned --user root --sysv" {
	need_nobody
	check_filter "sysv 0x0000a001" \
	    "0x0000a002 0x0000a003 0x0000a004 0x0000a005" "free mapped nob" \
	    --orphaned --user root --sysv
}

@test "filters combine with AND: --orphaned --posix" {
	need_nobody
	check_filter "posix /free posix /nob" \
	    "0x0000a001 0x0000a002 0x0000a003 0x0000a004 0x0000a005" "mapped" \
	    --orphaned --posix
}

@test "--sysv --posix together select both kinds" {
	need_nobody
	check_filter "posix /free posix /nob sysv 0x0000a001 sysv 0x0000a002 sysv 0x0000a005" \
	    "0x0000a003 0x0000a004" "mapped" --orphaned --sysv --posix
}

@test "--older-than 0s selects everything, --older-than 7d nothing" {
	need_nobody
	check_filter "" \
	    "0x0000a001 0x0000a002 0x0000a003 0x0000a004 0x0000a005" "free mapped nob" \
	    --older-than 7d
	check_filter "posix /free posix /mapped posix /nob" \
	    "0x0000a001 0x0000a002 0x0000a003 0x0000a004 0x0000a005" "" \
	    --older-than 0s --posix
}

# Ages grow while the test runs, so no fixed age can split old from new on
# every machine.  Instead: the old ones are made, the clock goes 3 s past
# their ctime, the new ones are made; each command is then given the age
# the old ones have when it starts.  Run in less than that gap (by the
# clock), it must select the old ones and not the new.  Should a command
# take longer (valgrind, a loaded machine), old and new cannot be told
# apart: the segments are cleared and the whole try is made again.
@test "--older-than selects by ctime: old segments and not new ones" {
	run sandbox '
		ctime_of() {
			case $1 in
			/*) stat -c %Z "/dev/shm/${1#/}" ;;
			*) field "$(shmclient id "$1")" ctime ;;
			esac
		}
		past() { [ "$(date +%s)" -ge "$1" ]; }
		by_age() {
			local out=$1 t1 t2
			shift
			t1=$(date +%s)
			"$@" --older-than "$((t1 - old))s" >"$out" 2>&1
			echo "rc=$?" >>"$out"
			t2=$(date +%s)
			[ $((t2 - t1)) -lt $((new - old)) ] || fast=false
		}
		try() {
			shmclient create 0xa001 4096 0600 >/dev/null
			shmclient pcreate /old 100 0600 >/dev/null
			old=$( (ctime_of 0xa001; ctime_of /old) | sort -n | tail -n 1)
			wait_for "the clock to pass $old + 3" past $((old + 3)) || exit 98
			shmclient create 0xa002 4096 0600 >/dev/null
			shmclient pcreate /new 100 0600 >/dev/null
			new=$( (ctime_of 0xa002; ctime_of /new) | sort -n | head -n 1)
			echo "a=$(shmclient id 0xa001)" >"$T/a"
			fast=true
			by_age "$T/ls" shmtool ls --contained --noheadings -r -o KEY,NAME
			by_age "$T/dry" shmtool rm --contained -n
			by_age "$T/rm" shmtool rm --contained -v
			$fast && return 0
			ipcrm --all=shm
			rm -f /dev/shm/*
			return 1
		}
		wait_for "commands that ran in less time than lies between old and new" try ||
		    exit 98
		cat "$T/a"
		echo "-- ls"; LC_ALL=C sort "$T/ls"
		echo "-- rm -n"; cat "$T/dry"
		echo "-- rm -v"; cat "$T/rm"
		for age in 0s 90s 15m 2h 7d; do
			echo "$age: $(shmtool ls --contained --older-than "$age" --noheadings -r -o KEY,NAME |
			    LC_ALL=C sort | xargs)"
		done
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
-- ls
- /old
0x0000a001 -
rc=0
-- rm -n
would remove sysv 0x0000a001 (id $a, 4.0K, root)
would remove posix /old (100B, root)
rc=0
-- rm -v
removed sysv 0x0000a001 (id $a, 4.0K, root)
removed posix /old (100B, root)
rc=0
0s: - /new 0x0000a002 -
90s: 
15m: 
2h: 
7d: 
sysv: 0x0000a002
posix: new"
}

@test "--older-than, --user and --creator refuse what they cannot parse" {
	for d in 5x -1s "" 1.5h 2w; do
		run --separate-stderr shmtool ls --older-than "$d"
		assert_equal "$status" 2
		assert_equal "$stderr" "shmtool: ls: --older-than $d: not a duration (use 90s, 15m, 2h or 7d)"
		assert_equal "$output" ""
	done
	run --separate-stderr shmtool ls --user no-such-user-x
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: ls: --user no-such-user-x: no such user"
	run --separate-stderr shmtool ls --creator no-such-user-x
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: ls: --creator no-such-user-x: no such user"
}

@test "rm refuses a bad filter before removing anything" {
	run sandbox '
		shmclient create 0xa001 4096 0600 >/dev/null
		show shmtool rm --orphaned --older-than 5x
		show shmtool rm --all --user no-such-user-x
		state
	'
	assert_success
	assert_output "err: shmtool: rm: --older-than 5x: not a duration (use 90s, 15m, 2h or 7d)
rc=2
err: shmtool: rm: --user no-such-user-x: no such user
rc=2
sysv: 0x0000a001
posix: "
}

@test "ls with filters shows what they select; --unattached is not --orphaned" {
	need_nobody
	run sandbox "$POPULATE"'
		show() { shmtool "${@:2}" | LC_ALL=C sort; echo "rc=${PIPESTATUS[0]}"; }
		populate
		show shmtool ls --contained --unattached --noheadings -r -o KEY,NAME,NATTCH,ORPHANED
		show shmtool ls --contained --orphaned --noheadings -r -o KEY,NAME,OWNER
		show shmtool ls --contained --user nobody --noheadings -r -o KEY,NAME,OWNER,CUSER
	'
	assert_success
	assert_output "- /free 0 yes
- /nob 0 yes
0x0000a001 - 0 yes
0x0000a002 - 0 yes
0x0000a004 - 0 no
0x0000a005 - 0 yes
rc=0
- /free root
- /nob nobody
0x0000a001 - root
0x0000a002 - nobody
0x0000a005 - nobody
rc=0
- /nob nobody -
0x0000a002 - nobody nobody
0x0000a005 - nobody root
rc=0"
}

@test "rm without a SPEC, a filter or --all is a usage error and removes nothing" {
	run sandbox '
		shmclient create 0xa001 4096 0600 >/dev/null
		shmclient pcreate /x 100 0600 >/dev/null
		show shmtool rm
		show shmtool rm -v
		show shmtool rm -n
		state
	'
	assert_success
	assert_output "err: shmtool: rm: nothing to remove: give a SPEC, a filter or --all
rc=2
err: shmtool: rm: nothing to remove: give a SPEC, a filter or --all
rc=2
err: shmtool: rm: nothing to remove: give a SPEC, a filter or --all
rc=2
sysv: 0x0000a001
posix: x"
}

@test "rm with SPECs and filters or --all is a usage error and removes nothing" {
	run sandbox '
		id=$(shmclient create 0xa001 4096 0600)
		shmclient pcreate /x 100 0600 >/dev/null
		show shmtool rm --orphaned 0xa001
		show shmtool rm --all /x
		show shmtool rm --contained --user root --sysv 0xa001 /x
		show shmtool rm --contained -m "$id" --older-than 0s
		show shmtool rm -n --unattached /x
		state
	'
	assert_success
	msg="err: shmtool: rm: give SPECs or --all and filters, not both
rc=2"
	assert_output "$msg
$msg
$msg
$msg
$msg
sysv: 0x0000a001
posix: x"
}

@test "rm -n with filters prints what it would remove and removes nothing" {
	need_nobody
	run sandbox "$POPULATE"'
		populate
		echo "ids=$(shmclient id 0xa002) $(shmclient id 0xa005)"
		shmtool rm --contained -n --user nobody | LC_ALL=C sort
		echo "rc=${PIPESTATUS[0]}"
		shmtool rm --contained --dry-run --older-than 0s --posix | LC_ALL=C sort
		echo "rc=${PIPESTATUS[0]}"
		state
	'
	assert_success
	read -r b e <<<"$(out_var ids)"
	assert_output "ids=$b $e
would remove posix /nob (100B, nobody)
would remove sysv 0x0000a002 (id $b, 4.0K, nobody)
would remove sysv 0x0000a005 (id $e, 4.0K, nobody)
rc=0
would remove posix /free (100B, root)
would remove posix /mapped (100B, root)
would remove posix /nob (100B, nobody)
rc=0
sysv: 0x0000a001 0x0000a002 0x0000a003 0x0000a004 0x0000a005
posix: free mapped nob"
}

# rm -n must show what rm would remove: as nobody, only nobody's own (the
# owner, or the creator of a SysV segment, may remove it).  The population's
# other segments are root's, and a real rm as nobody could not remove them.
@test "rm -n as nobody, with --all or a filter, lists only what nobody may remove and says how many it skipped" {
	need_nobody
	run sandbox "$POPULATE"'
		populate
		echo "ids=$(shmclient id 0xa002) $(shmclient id 0xa005)"
		for filter in --all --orphaned --unattached "--older-than 0s"; do
			echo "-- rm -n $filter"
			# shellcheck disable=SC2086
			shmtool_nobody rm --contained -n $filter 2>"$T/err" | LC_ALL=C sort
			echo "rc=${PIPESTATUS[0]}"
			sed "s/^/err: /" "$T/err"
		done
		state
	'
	assert_success
	read -r b e <<<"$(out_var ids)"
	sysv="would remove sysv 0x0000a002 (id $b, 4.0K, nobody)
would remove sysv 0x0000a005 (id $e, 4.0K, nobody)
rc=0"
	# As nobody, who holds a POSIX object is unknown (pid 1 is root's):
	# --orphaned and --unattached select none.
	assert_output "ids=$b $e
-- rm -n --all
would remove posix /nob (100B, nobody)
$sysv
err: shmtool: rm: skipped 5 segments you may not remove
-- rm -n --orphaned
$sysv
err: shmtool: rm: skipped 1 segment you may not remove
-- rm -n --unattached
$sysv
err: shmtool: rm: skipped 2 segments you may not remove
-- rm -n --older-than 0s
would remove posix /nob (100B, nobody)
$sysv
err: shmtool: rm: skipped 5 segments you may not remove
sysv: 0x0000a001 0x0000a002 0x0000a003 0x0000a004 0x0000a005
posix: free mapped nob"
}

@test "rm by filter of an attached segment removes it and says it goes at the last detach" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600); echo "a=$a"
		hold hold "$a"
		show shmtool rm --contained -v --sysv
		state
		show shmtool ls --contained --sysv --noheadings -r -o KEY,ID,NATTCH,STATUS
		show shmtool rm --contained -v --sysv
		release "$HELD"
		echo "-- detached"
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
removed sysv 0x0000a001 (id $a, 4.0K, root)
err: shmtool: rm: 0x0000a001: still attached by 1 process; it goes when the last detaches
rc=0
sysv: 0x00000000
posix: 
0x00000000 $a 1 dest
rc=0
rc=0
-- detached
sysv: 
posix: "
}

@test "rm by filter skips what the caller may not remove, says how many, goes on" {
	need_nobody
	# As nobody: root's two 0600 orphans cannot be removed, nobody's can.
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		b=$(as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xa002 4096 0600); echo "b=$b"
		c=$(shmclient create 0xa003 4096 0600)
		show shmtool_nobody rm --contained -v --orphaned --sysv
		state
	'
	assert_success
	b=$(out_var b)
	assert_output "b=$b
removed sysv 0x0000a002 (id $b, 4.0K, nobody)
err: shmtool: rm: skipped 2 segments you may not remove
rc=0
sysv: 0x0000a001 0x0000a003
posix: "
}
