#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# The global option --ns PID: work in the IPC namespace of process PID and
# in its /dev/shm (/proc/PID/root/dev/shm).
#
# start_ns_holder (ns_helper.bash) starts a `sleep` in new IPC and mount
# namespaces with a tmpfs on /dev/shm, after making $KEY2 and $NAME2 there;
# $KEY and $NAME are made on the host.  Each key and name is unique to the
# test, so the host listings are checked only for them.
load test_helper
load ns_helper

setup() {
	if ! unshare --ipc --mount --fork true 2>/dev/null; then
		skip "unshare --ipc --mount is not permitted here (needs root)"
	fi
	shmclient create "$KEY" 4096 0600 >/dev/null
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	start_ns_holder "$KEY2" "$NAME2"
}

# Is SPEC made (KEY or /NAME) in the namespace of $NS_PID?  By the kernel.
in_ns() {
	case $1 in
	/*) [ -e "/proc/$NS_PID/root/dev/shm/${1#/}" ] ;;
	*) nsenter -t "$NS_PID" --ipc "$SHMTOOL_BUILD/tests/shmclient" id "$1" >/dev/null 2>&1 ;;
	esac
}

@test "--ns PID ls lists the segments of that namespace and not the host's" {
	in_ns "$KEY2"
	in_ns "$NAME2"
	run --separate-stderr shmtool --ns "$NS_PID" ls --noheadings -r -o TYPE,KEY,NAME,SIZE -b
	assert_success
	assert_equal "$stderr" ""
	assert_output "sysv $KEY2 - 4096
posix - $NAME2 100"
}

@test "ls on the host does not list the namespace's segments" {
	run shmtool ls --noheadings -r -o TYPE,KEY,NAME
	assert_success
	assert_line "sysv $KEY -"
	assert_line "posix - $NAME"
	refute_line --partial "$KEY2"
	refute_line --partial "$NAME2"
}

@test "--ns=PID is --ns PID" {
	run shmtool --ns="$NS_PID" ls --noheadings -r -o KEY,NAME
	assert_success
	assert_output "$KEY2 -
- $NAME2"
}

@test "--ns PID stat reads the namespace's segments; the host's are not there" {
	run shmtool --ns "$NS_PID" stat "$KEY2" "$NAME2"
	assert_success
	assert_line "key      $KEY2"
	assert_line "name     $NAME2"
	run --separate-stderr shmtool --ns "$NS_PID" stat "$KEY" "$NAME"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: stat: $KEY: no such segment
shmtool: stat: $NAME: no such segment"
}

@test "--ns PID rm removes inside the namespace, and leaves the host alone" {
	run --separate-stderr shmtool --ns "$NS_PID" rm -v "$KEY2" "$NAME2"
	assert_success
	assert_output --regexp "^removed sysv $KEY2 \(id [0-9]+, 4.0K, root\)
removed posix $NAME2 \(100B, root\)\$"
	assert_equal "$stderr" ""
	run in_ns "$KEY2"
	assert_failure
	run in_ns "$NAME2"
	assert_failure
	run shmtool --ns "$NS_PID" ls --noheadings
	assert_success
	assert_output ""
	shmclient id "$KEY" >/dev/null
	shmclient pstat "$NAME"
}

@test "--ns PID rm of a host segment fails there and removes nothing" {
	run --separate-stderr shmtool --ns "$NS_PID" rm "$KEY" "$NAME"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: rm: $KEY: no such segment
shmtool: rm: $NAME: no such segment"
	shmclient id "$KEY" >/dev/null
	shmclient pstat "$NAME"
	in_ns "$KEY2"
	in_ns "$NAME2"
}

@test "--ns PID create makes the segments inside the namespace" {
	run shmtool --ns "$NS_PID" create -s 8K "$KEY3"
	assert_success
	id=$output
	run shmtool --ns "$NS_PID" create -s 1K "$NAME2-c"
	assert_success
	assert_output "$NAME2-c"
	run nsenter -t "$NS_PID" --ipc "$SHMTOOL_BUILD/tests/shmclient" stat "$id"
	assert_success
	assert_output --partial "key=$KEY3 id=$id"
	assert_output --partial "size=8192"
	[ "$(stat -c %s "/proc/$NS_PID/root/dev/shm/${NAME2#/}-c")" = 1024 ]
	run shmclient id "$KEY3"
	assert_failure
	[ ! -e "/dev/shm/${NAME2#/}-c" ]
}

@test "--ns PID without privilege fails clearly with status 1" {
	need_nobody
	run --separate-stderr as_nobody "$SHMTOOL_BUILD/shmtool" --ns "$NS_PID" ls
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: --ns $NS_PID: permission denied"
	assert_equal "$output" ""
	run --separate-stderr as_nobody "$SHMTOOL_BUILD/shmtool" --ns "$NS_PID" rm "$KEY2"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: --ns $NS_PID: permission denied"
	in_ns "$KEY2"
}

@test "--ns with a PID that is not a number is a usage error" {
	for pid in abc 12x -5 "" 0; do
		run --separate-stderr shmtool --ns "$pid" ls
		assert_equal "$status" 2
		assert_equal "$stderr" "shmtool: --ns $pid: not a process id"
		assert_equal "$output" ""
	done
}

@test "--ns with the PID of no process fails with status 1" {
	# pid_max + 1 is never a process's pid; a process that has exited is not one either.
	none=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
	run --separate-stderr shmtool --ns "$none" ls
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: --ns $none: no such process"
	assert_equal "$output" ""
	true &
	gone=$!
	wait "$gone"
	run --separate-stderr shmtool --ns "$gone" ls
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: --ns $gone: no such process"
}

@test "--ns without a PID is a usage error" {
	run --separate-stderr shmtool --ns
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: option '--ns' needs an argument"
	assert_equal "$output" ""
}

# In a sandbox (ns_helper.bash), whose own /proc root reads whole: on the
# host some process may be unreadable, and the count would be unknown ("-")
# rather than 0.  The sandbox's /dev/shm plays the host's; a second
# namespace inside it, the container's.
@test "--ns PID: a host process mapping a host object of the same name holds not the namespace's object" {
	need_sandbox
	run sandbox '
		{ exec unshare --ipc --mount --fork sh -c "
			mount -t tmpfs tmpfs /dev/shm || exit 99
			\"\$0\" pcreate /x 100 0600 >/dev/null || exit 98
			echo \$\$ >\"\$1.new\" && mv \"\$1.new\" \"\$1\"
			exec sleep infinity" "$SHMTOOL_BUILD/tests/shmclient" "$T/inner.pid"; } &
		wait_line --regexp "$T/inner.pid" "[0-9]+" || exit 98
		ns=$(cat "$T/inner.pid")
		shmclient pcreate /x 100 0600 >/dev/null
		hold phold /x; echo "holder=$HELD"
		show shmtool ls --posix --noheadings -r -o NAME,NATTCH
		shmtool stat /x | grep "^holders "
		# Run from the sandbox, a PID namespace of its own: --contained.
		show shmtool --ns "$ns" ls --contained --posix --noheadings -r -o NAME,NATTCH
		shmtool --ns "$ns" stat --contained /x | grep -E "^(nattch|holders) "
	'
	assert_success
	holder=$(out_var holder)
	assert_output "holder=$holder
/x 1
rc=0
holders  $holder ($SHMTOOL_BUILD/tests/shmclient phold /x 0)
/x 0
rc=0
nattch   0
holders  -"
}

@test "--ns PID stat: a process attached to the same shmid in another IPC namespace is no holder" {
	# Fresh IPC namespaces number their first segment 0: $KEY2 is id 0 in
	# the holder's namespace, and so is the segment attached in a second one.
	id=$(nsenter -t "$NS_PID" --ipc "$SHMTOOL_BUILD/tests/shmclient" id "$KEY2")
	# shellcheck disable=SC2016
	{ exec unshare --ipc sh -c 'id=$("$0" create private 4096 0600) && echo "$id" >"$1.id" &&
	    exec "$0" hold "$id" 0 >"$1"' "$SHMTOOL_BUILD/tests/shmclient" "$BATS_TEST_TMPDIR/other" 3>&-; } &
	other=$!
	bg_track "$other"
	wait_line "$BATS_TEST_TMPDIR/other" attached
	assert_equal "$(cat "$BATS_TEST_TMPDIR/other.id")" "$id"
	run shmtool --ns "$NS_PID" stat "$KEY2"
	assert_success
	assert_line "nattch   0"
	refute_output --partial "$other ("
}

# Until chroot(2) has run, /proc/PID/root of the "container" is our own /,
# and --ns PID rm --all --posix would empty our /dev/shm: the test waits
# until the holder is inside its root.  It runs in a sandbox too, with a
# canary in the sandbox's /dev/shm, so that even a mistake here could not
# reach the machine's /dev/shm.
@test "--ns does not follow a container's /dev/shm when it is a symbolic link" {
	need_sandbox
	# A "container" whose /dev/shm links to a host directory: resolved from
	# our root, /proc/PID/root/dev/shm would be that host directory.
	root=$BATS_TEST_TMPDIR/root
	victim=$BATS_TEST_TMPDIR/victim
	mkdir -p "$root/dev" "$victim"
	echo keep > "$victim/important"
	ln -s "$victim" "$root/dev/shm"
	printf 'int main(void){for(;;)pause();}\n#include <unistd.h>\n' > "$BATS_TEST_TMPDIR/hold.c"
	gcc -static -w -o "$root/hold" "$BATS_TEST_TMPDIR/hold.c" || skip "no static libc"
	run sandbox '
		shmclient pcreate /canary 100 0600 >/dev/null
		chroot "$T/root" /hold &
		holder=$!
		inside() { [ "$(readlink "/proc/$holder/root")" = "$T/root" ]; }
		wait_for "the holder to be inside $T/root" inside || exit 98
		echo "holder=$holder"
		show shmtool --ns "$holder" rm -v --all --posix
		release "$holder"
		state
	'
	assert_success
	holder=$(out_var holder)
	assert_output "holder=$holder
err: shmtool: --ns $holder: /proc/$holder/root/dev/shm: not a directory (links are not followed)
rc=1
sysv: 
posix: canary"
	assert_equal "$(cat "$victim/important")" keep
}
