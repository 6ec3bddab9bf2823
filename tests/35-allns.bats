#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
#
# ls and rm --all-ns: every place some process is in, a place being an IPC
# namespace (SysV segments) and a /dev/shm (POSIX objects), found from
# /proc.  Each case runs in the sandbox (ns_helper.bash), whose own /proc
# shows only what the script starts: the sandbox's namespaces play the
# host, and "containers" are processes the script puts in new IPC and mount
# namespaces with unshare, as a runtime would (without a PID namespace, so
# that the sandbox sees them).  What is left is checked by the kernel (ipcs
# and shmclient entered into each namespace, ls of each /dev/shm), not by
# shmtool.  Keys are 0x35TTxxxx and names /allns-TT-..., TT the test's.
load test_helper
load ns_helper

setup() {
	# rows.py TABLE ARG...: each row of TABLE in shmtool's JSON on stdin,
	# on one line: the value of each ARG that names a field (null as
	# "null"), for the rows that match each ARG FIELD=VALUE.
	cat >"$BATS_TEST_TMPDIR/rows.py" <<-'PY'
		import json, sys
		doc = json.load(sys.stdin)
		args = sys.argv[2:]
		fields = [a for a in args if "=" not in a]
		wants = [a.split("=", 1) for a in args if "=" in a]
		for row in doc[sys.argv[1]]:
		    if all(str(row[k]) == v for k, v in wants):
		        print(" ".join("null" if row[f] is None else str(row[f]) for f in fields))
	PY
}

# The functions the scripts below share (prepended to each one).
ALLNS='
# container NAME SETUP: a "container": sh in new IPC and mount namespaces
# (unshare $UNSHARE, default --ipc --mount) runs SETUP, which has $SC, the
# path of shmclient, then sleeps until the sandbox ends.  Its pid in $C,
# once SETUP is done; the sandbox ends with 98 if SETUP fails.
container() {
	{ SC=$SHMTOOL_BUILD/tests/shmclient exec unshare ${UNSHARE:---ipc --mount} sh -c "
		$2 || exit 1
		touch \"\$0\"
		exec sleep infinity" "$T/ready.$1"; } &
	C=$!
	wait_for "container $1 to be ready" _started "$T/ready.$1" "$C" "$1" || exit 98
}
_started() {
	[ -e "$1" ] && return 0
	case $(awk "\$1 == \"State:\" { print \$2 }" "/proc/$2/status" 2>/dev/null) in
	"" | Z) echo "sandbox: container $3 did not start" >&2; exit 98 ;;
	esac
	return 1
}
# box NAME KEY /OBJ [SIZE]: a container with a tmpfs of SIZE (1M) on its
# /dev/shm, SysV KEY (4096 bytes) and POSIX /OBJ (100 bytes) made in it by
# shmclient, which then exits.
box() {
	container "$1" "mount -t tmpfs -o size=${4:-1M} none /dev/shm &&
		\$SC create $2 4096 0600 >/dev/null && \$SC pcreate $3 100 0600 >/dev/null"
}
# disk_box NAME KEY: a container with $T/disk (need_disk_dir) bound on its
# /dev/shm and SysV KEY (4096 bytes) made in it.
disk_box() {
	container "$1" "mount --bind \"$T/disk\" /dev/shm && \$SC create $2 4096 0600 >/dev/null"
}
# ns PID: the inode of the IPC namespace of PID, N of its ipc:[N].
ns() { stat -L -c %i "/proc/$1/ns/ipc"; }
# keys_in PID, objs_in PID: the SysV keys in the IPC namespace of PID (by
# ipcs), the names in its /dev/shm (by ls).
keys_in() {
	nsenter --ipc="/proc/$1/ns/ipc" ipcs -m | awk "\$1 ~ /^0x/ { print \$1 }" | sort | xargs
}
objs_in() { ls "/proc/$1/root/dev/shm" | xargs; }
rows() { python3 "$T/rows.py" "$@"; }
# race CALL MATCH COMMAND SHMTOOL-ARGS...: shmtool under the racer
# (tests/shim/racer.c): COMMAND runs, and is waited for, right before the
# $NTH (1st) call CALL of shmtool whose argument matches MATCH.
race() {
	local call=$1 match=$2 cmd=$3
	shift 3
	RACER_CALL=$call RACER_MATCH=$match RACER_RUN=$cmd RACER_LOG=$T/raced \
	    RACER_NTH=${NTH:-1} LD_PRELOAD=$SHMTOOL_BUILD/tests/racer.so \
	    SC=$SHMTOOL_BUILD/tests/shmclient "$SHMTOOL_BUILD/shmtool" "$@"
}
'

# Does the cgroup we run in name a container itself (a CI job inside
# docker, a pod)?  Then so do the namespaces made here with unshare.
cgroup_names_container() {
	grep -qE '(docker|libpod|cri-containerd|crio)-|/docker/|kubepods|/lxc|machine-' /proc/self/cgroup
}

# The CONTAINER column's names: tests/unit/ns.c, one row per cgroup path.
@test "unit-ns: ns_container_of names each runtime's container from a cgroup path, and none for the host" {
	[ -x "$SHMTOOL_BUILD/tests/unit-ns" ] || fail "$SHMTOOL_BUILD/tests/unit-ns is not built (run make)"
	run "$SHMTOOL_BUILD/tests/unit-ns"
	assert_success
	assert_output ""
}

# One listing of the host and every container, each row saying
# which IPC namespace it is in (as readlink /proc/PID/ns/ipc numbers it) and
# a pid for --ns (none for our own); NS and CONTAINER lead the default columns.
@test "ls --all-ns lists the host's segments and each container's, ours first, each row with its namespace and a pid to enter it" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35020001 4096 0600 >/dev/null
		shmclient pcreate /allns-02-host 100 0600 >/dev/null
		box c1 0x35020011 /allns-02-c1; c1=$C
		box c2 0x35020021 /allns-02-c2; c2=$C
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		echo "p1=$c1"; echo "p2=$c2"
		show shmtool ls --all-ns --noheadings -r -b -o ns,nspid,type,spec,size
		# NS and CONTAINER come first in the default columns, only with --all-ns.
		shmtool ls --all-ns -r | head -n 1
		shmtool ls -r | head -n 1
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	p1=$(out_var p1) p2=$(out_var p2)
	# Three namespaces, told apart.
	[ "$host" != "$n1" ] && [ "$host" != "$n2" ] && [ "$n1" != "$n2" ]
	assert_output "host=$host
n1=$n1
n2=$n2
p1=$p1
p2=$p2
$host - sysv 0x35020001 4096
$host - posix /allns-02-host 100
$n1 $p1 sysv 0x35020011 4096
$n1 $p1 posix /allns-02-c1 100
$n2 $p2 sysv 0x35020021 4096
$n2 $p2 posix /allns-02-c2 100
rc=0
NS CONTAINER TYPE KEY ID NAME PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND
TYPE KEY ID NAME PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND"
}

# The order of places is ours, then by lowest pid, not by when a
# namespace was made nor by its inode; run from inside a container, that
# container is ours and the host is entered through its pid.
@test "ls --all-ns: our own place comes first, wherever we run; the others in the order of their lowest pid" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35030001 4096 0600 >/dev/null
		box c1 0x35030011 /allns-03-c1; c1=$C
		box c2 0x35030021 /allns-03-c2; c2=$C
		# Made last, c0 gets a lower pid than c1 and c2: ns_last_pid.
		echo 1 >/proc/sys/kernel/ns_last_pid
		box c0 0x35030031 /allns-03-c0; c0=$C
		[ "$c0" -lt "$c1" ] || { echo "sandbox: c0 has pid $c0, c1 $c1" >&2; exit 97; }
		echo "p0=$c0"; echo "p1=$c1"; echo "p2=$c2"
		show shmtool ls --all-ns --noheadings -r -o nspid,spec
		# Run from inside c2, c2 is ours (no pid to enter it); the
		# sandbox, the host, is entered through pid 1.
		show nsenter -t "$c2" --ipc --mount ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" \
		    ls --all-ns --noheadings -r -o nspid,spec
	'
	assert_success
	p0=$(out_var p0) p1=$(out_var p1) p2=$(out_var p2)
	assert_output "p0=$p0
p1=$p1
p2=$p2
- 0x35030001
$p0 0x35030031
$p0 /allns-03-c0
$p1 0x35030011
$p1 /allns-03-c1
$p2 0x35030021
$p2 /allns-03-c2
rc=0
- 0x35030021
- /allns-03-c2
1 0x35030001
$p0 0x35030031
$p0 /allns-03-c0
$p1 0x35030011
$p1 /allns-03-c1
rc=0"
}

# A key or name in two places is two rows, told apart by NS, and
# never merged; without --all-ns only our own place is listed.
@test "ls --all-ns lists the same key and name in the host and in a container, each with its namespace; ls alone only the host's" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35040001 4096 0600 >/dev/null
		shmclient pcreate /allns-04 100 0600 >/dev/null
		container c1 "mount -t tmpfs none /dev/shm &&
		    \$SC create 0x35040001 8192 0600 >/dev/null &&
		    \$SC pcreate /allns-04 200 0600 >/dev/null"
		echo "host=$(ns $$)"; echo "n1=$(ns $C)"
		show shmtool ls --all-ns --noheadings -r -b -o ns,spec,size
		show shmtool ls --noheadings -r -b -o spec,size
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1)
	assert_output "host=$host
n1=$n1
$host 0x35040001 4096
$host /allns-04 100
$n1 0x35040001 8192
$n1 /allns-04 200
rc=0
0x35040001 4096
/allns-04 100
rc=0"
}

# The JSON of --all-ns names each segment back (spec, nspid):
# shmtool --ns NSPID stat SPEC reaches the very row listed.
@test "ls --all-ns -J: nspid is null for our rows and a pid for a container's, and --ns NSPID SPEC finds that very segment" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35050001 4096 0600 >/dev/null
		shmclient pcreate /allns-05 100 0600 >/dev/null
		# The same key and name in the container, of other sizes.
		container c1 "mount -t tmpfs none /dev/shm &&
		    \$SC create 0x35050001 8192 0600 >/dev/null &&
		    \$SC pcreate /allns-05 200 0600 >/dev/null"
		echo "host=$(ns $$)"; echo "n1=$(ns $C)"; echo "p1=$C"
		shmtool ls --all-ns -J >"$T/ls.json" || exit 1
		rows segments ns nspid spec <"$T/ls.json"
		# Each row named back, from its nspid and spec alone.
		rows segments nspid spec <"$T/ls.json" | while read -r nspid spec; do
			if [ "$nspid" = null ]; then
				shmtool stat "$spec"
			else
				shmtool --ns "$nspid" stat "$spec"
			fi | grep -E "^(key|name|size) " | tr -s " " | xargs
		done
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) p1=$(out_var p1)
	assert_output "host=$host
n1=$n1
p1=$p1
$host null 0x35050001
$host null /allns-05
$n1 $p1 0x35050001
$n1 $p1 /allns-05
key 0x35050001 size 4096
name /allns-05 size 100
key 0x35050001 size 8192
name /allns-05 size 200"
}

# No container is made up for a namespace no runtime made.
@test "ls --all-ns: CONTAINER is - (null in JSON) for namespaces made with unshare, which no runtime's cgroup names" {
	need_sandbox
	if cgroup_names_container; then
		skip "this runs in a container's cgroup, which the namespaces made here share"
	fi
	run sandbox "$ALLNS"'
		shmclient create 0x35060001 4096 0600 >/dev/null
		box c1 0x35060011 /allns-06-c1
		shmtool ls --all-ns --noheadings -r -o container,spec
		shmtool ls --all-ns -J | rows segments container spec
	'
	assert_success
	assert_output "- 0x35060001
- 0x35060011
- /allns-06-c1
null 0x35060001
null 0x35060011
null /allns-06-c1"
}

# --summary adds up per place, and each place's limits are read
# inside it: DEVSHM is the size of that place's own tmpfs.
@test "ls --all-ns --summary: rows per namespace, a total, and each place's limits read in it (DEVSHM its own tmpfs)" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35070001 4096 0600 >/dev/null
		shmclient pcreate /allns-07-host 100 0600 >/dev/null
		box c1 0x35070011 /allns-07-c1 1M; c1=$C
		box c2 0x35070021 /allns-07-c2 2M; c2=$C
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		shmtool ls --all-ns --summary -J >"$T/sum.json" || exit 1
		rows summary ns type owner count size <"$T/sum.json"
		rows global ns resource=DEVSHM limit <"$T/sum.json"
		# The same in tables: sizes as people read them, and in bytes.
		shmtool ls --all-ns --summary -b | awk "\$3 == \"total\" { print \$1, \$2, \$3, \$4, \$5, \$6 }"
		shmtool ls --all-ns --global | awk "\$3 == \"DEVSHM\" { print \$1, \$(NF - 2) }"
		shmtool ls --all-ns --global -b | awk "\$3 == \"DEVSHM\" { print \$1, \$(NF - 2) }"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	assert_output "host=$host
n1=$n1
n2=$n2
$host sysv root 1 4096
$host posix root 1 100
$n1 sysv root 1 4096
$n1 posix root 1 100
$n2 sysv root 1 4096
$n2 posix root 1 100
null total null 6 12588
$host 67108864
$n1 1048576
$n2 2097152
- - total - 6 12588
$host 64M
$n1 1.0M
$n2 2.0M
$host 67108864
$n1 1048576
$n2 2097152"
}

# A removal in one place is decided and done in that place: the
# container's orphan goes, the host's segment with the same key and shmid,
# attached, stays (and is not marked for removal).
@test "rm --all-ns --orphaned removes a container's orphan and keeps the host's attached segment of the same key and id" {
	need_sandbox
	run sandbox "$ALLNS"'
		id=$(shmclient create 0x35080001 4096 0600)
		hold hold "$id"
		# Made in the container by shmclient, which exited: an orphan.
		container c1 "mount -t tmpfs none /dev/shm && \$SC create 0x35080001 4096 0600 >/dev/null"
		c1=$C
		echo "n1=$(ns $c1)"
		# Both are shmid 0, each in its own namespace.
		echo "ids: $id $(nsenter --ipc=/proc/$c1/ns/ipc "$SHMTOOL_BUILD/tests/shmclient" id 0x35080001)"
		show shmtool rm --all-ns --orphaned -n
		echo "c1: $(keys_in $c1)"
		show shmtool rm --all-ns --orphaned -v
		echo "host: $(keys_in $$) nattch=$(field $id nattch) mode=$(field $id mode)"
		echo "c1: $(keys_in $c1)"
	'
	assert_success
	n1=$(out_var n1)
	assert_output "n1=$n1
ids: 0 0
would remove sysv 0x35080001 (id 0, 4.0K, root, ns $n1)
rc=0
c1: 0x35080001
removed sysv 0x35080001 (id 0, 4.0K, root, ns $n1)
rc=0
host: 0x35080001 nattch=1 mode=0600
c1: "
}

# rm --all-ns --all empties every place, -v says where each went
# (ns N), and -n says the same lines with "would remove" and removes nothing.
@test "rm --all-ns --all -v removes in every place and says where; -n first says the same and removes nothing" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35090001 4096 0600 >/dev/null
		shmclient pcreate /allns-09-host 100 0600 >/dev/null
		box c1 0x35090011 /allns-09-c1; c1=$C
		box c2 0x35090021 /allns-09-c2; c2=$C
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		show shmtool rm --all-ns --all -n
		echo "left: $(keys_in $$) $(objs_in $$) $(keys_in $c1) $(objs_in $c1) $(keys_in $c2) $(objs_in $c2)"
		show shmtool rm --all-ns --all -v
		state
		echo "c1: $(keys_in $c1) / $(objs_in $c1)"
		echo "c2: $(keys_in $c2) / $(objs_in $c2)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	assert_output "host=$host
n1=$n1
n2=$n2
would remove sysv 0x35090001 (id 0, 4.0K, root, ns $host)
would remove posix /allns-09-host (100B, root, ns $host)
would remove sysv 0x35090011 (id 0, 4.0K, root, ns $n1)
would remove posix /allns-09-c1 (100B, root, ns $n1)
would remove sysv 0x35090021 (id 0, 4.0K, root, ns $n2)
would remove posix /allns-09-c2 (100B, root, ns $n2)
rc=0
left: 0x35090001 allns-09-host 0x35090011 allns-09-c1 0x35090021 allns-09-c2
removed sysv 0x35090001 (id 0, 4.0K, root, ns $host)
removed posix /allns-09-host (100B, root, ns $host)
removed sysv 0x35090011 (id 0, 4.0K, root, ns $n1)
removed posix /allns-09-c1 (100B, root, ns $n1)
removed sysv 0x35090021 (id 0, 4.0K, root, ns $n2)
removed posix /allns-09-c2 (100B, root, ns $n2)
rc=0
sysv: 
posix: 
c1:  / 
c2:  / "
}

# A container that shares the host's IPC namespace or its /dev/shm
# does not list (or remove) what it shares twice; its POSIX objects are the
# host's namespace's (NS) but entered through its own pid.
@test "--all-ns lists SysV segments once per IPC namespace and POSIX objects once per /dev/shm, and rm removes each once" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35100001 4096 0600 >/dev/null
		# An IPC namespace of its own, and the /dev/shm of the host.
		UNSHARE=--ipc container ipc "\$SC create 0x35100011 4096 0600 >/dev/null &&
		    \$SC pcreate /allns-10-ipc 100 0600 >/dev/null"
		pi=$C
		# The IPC namespace of the host, and a /dev/shm of its own.
		UNSHARE=--mount container mnt "mount -t tmpfs none /dev/shm &&
		    \$SC create 0x35100021 4096 0600 >/dev/null &&
		    \$SC pcreate /allns-10-mnt 100 0600 >/dev/null"
		pm=$C
		echo "host=$(ns $$)"; echo "ni=$(ns $pi)"; echo "pi=$pi"; echo "pm=$pm"
		show shmtool ls --all-ns --noheadings -r -o ns,nspid,spec
		show shmtool rm --all-ns --all -v
		state
		echo "ipc: $(keys_in $pi)"; echo "mnt: $(objs_in $pm)"
	'
	assert_success
	host=$(out_var host) ni=$(out_var ni) pi=$(out_var pi) pm=$(out_var pm)
	assert_output "host=$host
ni=$ni
pi=$pi
pm=$pm
$host - 0x35100001
$host - 0x35100021
$host - /allns-10-ipc
$ni $pi 0x35100011
$host $pm /allns-10-mnt
rc=0
removed sysv 0x35100001 (id 0, 4.0K, root, ns $host)
removed sysv 0x35100021 (id 1, 4.0K, root, ns $host)
removed posix /allns-10-ipc (100B, root, ns $host)
removed sysv 0x35100011 (id 0, 4.0K, root, ns $ni)
removed posix /allns-10-mnt (100B, root, ns $host)
rc=0
sysv: 
posix: 
ipc: 
mnt: "
}

# A hostile container mounts a tmpfs of its own on /dev and makes dev/shm
# a link to a directory of ours (a tmpfs too, as /dev/shm is), or leaves
# dev/shm out.  Followed, the link would list and remove our file as its
# object.  The directory is a tmpfs mounted in the sandbox only.
@test "--all-ns does not follow a container's dev/shm that is a link; its SysV segments are still listed and removed" {
	need_sandbox
	run sandbox "$ALLNS"'
		mkdir -p "$T/victim" && mount -t tmpfs tmpfs "$T/victim" || exit 97
		echo keep >"$T/victim/allns-11-trap"
		shmclient create 0x35110001 4096 0600 >/dev/null
		shmclient pcreate /allns-11-host 100 0600 >/dev/null
		container link "mount -t tmpfs none /dev && ln -s $T/victim /dev/shm &&
		    \$SC create 0x35110011 4096 0600 >/dev/null"
		c1=$C
		container none "mount -t tmpfs none /dev && \$SC create 0x35110021 4096 0600 >/dev/null"
		c2=$C
		# As the container sees it: a link to our directory; nothing.
		[ "$(readlink /proc/$c1/root/dev/shm)" = "$T/victim" ] || exit 97
		[ ! -e /proc/$c2/root/dev/shm ] || exit 97
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		show shmtool ls --all-ns --noheadings -r -o ns,spec
		# Only the host has a /dev/shm to measure.
		shmtool ls --all-ns --global -J | rows global ns resource=DEVSHM limit
		show shmtool rm --all-ns --all --contained -v
		cat "$T/victim/allns-11-trap"
		state
		echo "c1: $(keys_in $c1)"; echo "c2: $(keys_in $c2)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	assert_output "host=$host
n1=$n1
n2=$n2
$host 0x35110001
$host /allns-11-host
$n1 0x35110011
$n2 0x35110021
rc=0
$host 67108864
removed sysv 0x35110001 (id 0, 4.0K, root, ns $host)
removed posix /allns-11-host (100B, root, ns $host)
removed sysv 0x35110011 (id 0, 4.0K, root, ns $n1)
removed sysv 0x35110021 (id 0, 4.0K, root, ns $n2)
rc=0
keep
sysv: 
posix: 
c1: 
c2: "
}

# --all-ns is for --all and filters; a SPEC, nothing to select, or
# --ns as well are usage errors (status 2) before anything is touched.
@test "rm --all-ns with a SPEC, rm --all-ns alone and --ns PID with --all-ns are usage errors that remove nothing" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35120001 4096 0600 >/dev/null
		box c1 0x35120001 /allns-12-c1; c1=$C
		show shmtool rm --all-ns 0x35120001
		show shmtool rm --all-ns -v /allns-12-c1
		show shmtool rm --all-ns -M 0x35120001
		show shmtool rm --all-ns
		show shmtool rm --all-ns -n -v
		show shmtool --ns "$c1" ls --all-ns
		show shmtool --ns "$c1" rm --all-ns --all
		echo "host: $(keys_in $$)"; echo "c1: $(keys_in $c1) $(objs_in $c1)"
	'
	assert_success
	assert_output "err: shmtool: rm: --all-ns goes with --all and filters; a SPEC in one namespace: shmtool --ns PID rm SPEC
rc=2
err: shmtool: rm: --all-ns goes with --all and filters; a SPEC in one namespace: shmtool --ns PID rm SPEC
rc=2
err: shmtool: rm: --all-ns goes with --all and filters; a SPEC in one namespace: shmtool --ns PID rm SPEC
rc=2
err: shmtool: rm: nothing to remove: give a SPEC, a filter or --all
rc=2
err: shmtool: rm: nothing to remove: give a SPEC, a filter or --all
rc=2
err: shmtool: ls: --all-ns and --ns are mutually exclusive
rc=2
err: shmtool: rm: --all-ns and --ns are mutually exclusive
rc=2
host: 0x35120001
c1: 0x35120001 allns-12-c1"
}

# As above, whichever order --ns and --all-ns come in.
@test "ls --all-ns --ns PID (ls's own --ns, given after --all-ns) is the same usage error" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient pcreate /allns-13-host 100 0600 >/dev/null
		box c1 0x35130011 /allns-13-c1; c1=$C
		show shmtool ls --all-ns --ns "$c1" -o ns,nspid,spec
		show shmtool ls --ns "$c1" --all-ns -o ns,nspid,spec
	'
	assert_success
	assert_output "err: shmtool: ls: --all-ns and --ns are mutually exclusive
rc=2
err: shmtool: ls: --all-ns and --ns are mutually exclusive
rc=2"
}

# Without privilege, --all-ns shows what the user's own place has:
# the namespaces of root's processes cannot be looked at, and are left out.
@test "ls --all-ns as an unprivileged user lists its own place, and not the namespaces of root's processes" {
	need_sandbox
	need_nobody
	run sandbox "$ALLNS"'
		shmclient create 0x35140001 4096 0644 >/dev/null
		shmclient pcreate /allns-14-host 100 0644 >/dev/null
		box c1 0x35140011 /allns-14-c1
		echo "host=$(ns $$)"
		show shmtool_nobody ls --all-ns --noheadings -r -o ns,spec
	'
	assert_success
	host=$(out_var host)
	assert_output "host=$host
$host 0x35140001
$host /allns-14-host
rc=0"
}

# Filters select the same rows in every place as in one.
@test "--sysv, --posix and --user combine with --all-ns, in ls and rm" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35150001 4096 0600 >/dev/null
		shmclient pcreate /allns-15-host 100 0600 >/dev/null
		container c1 "mount -t tmpfs none /dev/shm &&
		    \$SC create 0x35150011 4096 0600 >/dev/null &&
		    \$SC pcreate /allns-15-c1 100 0600 >/dev/null &&
		    setpriv --reuid=nobody --regid=nogroup --clear-groups \$SC create 0x35150012 4096 0600 >/dev/null"
		c1=$C
		box c2 0x35150021 /allns-15-c2; c2=$C
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		show shmtool ls --all-ns --sysv --noheadings -r -o ns,spec
		show shmtool ls --all-ns --posix --noheadings -r -o ns,spec
		show shmtool ls --all-ns --user nobody --noheadings -r -o ns,spec,owner
		show shmtool rm --all-ns --posix -v
		state
		echo "c1: $(keys_in $c1) / $(objs_in $c1)"
		echo "c2: $(keys_in $c2) / $(objs_in $c2)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	assert_output "host=$host
n1=$n1
n2=$n2
$host 0x35150001
$n1 0x35150011
$n1 0x35150012
$n2 0x35150021
rc=0
$host /allns-15-host
$n1 /allns-15-c1
$n2 /allns-15-c2
rc=0
$n1 0x35150012 nobody
rc=0
removed posix /allns-15-host (100B, root, ns $host)
removed posix /allns-15-c1 (100B, root, ns $n1)
removed posix /allns-15-c2 (100B, root, ns $n2)
rc=0
sysv: 0x35150001
posix: 
c1: 0x35150011 0x35150012 / 
c2: 0x35150021 / "
}

# The container's process exits between the walk of /proc and the entering
# of its place: the racer kills it right before shmtool opens its /proc/PID
# to enter.  (disown: bash would report the kill on stderr.)
@test "ls --all-ns: a place that cannot be entered is an error naming it, status 1, and the other places are still listed" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient create 0x35160001 4096 0600 >/dev/null
		box c1 0x35160011 /allns-16-c1; c1=$C
		box c2 0x35160021 /allns-16-c2; c2=$C
		disown "$c1"
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		show race open "/proc/$c1" \
		    "kill -KILL $c1; timeout $WAIT_CAP sh -c \"while [ -e /proc/$c1/ns/ipc ]; do sleep 0.01; done\"" \
		    ls --all-ns --noheadings -r -o ns,spec
		cat "$T/raced"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2)
	assert_output "host=$host
n1=$n1
n2=$n2
$host 0x35160001
$n2 0x35160021
$n2 /allns-16-c2
err: shmtool: ls: ns $n1: cannot enter: no such process
rc=1
ran"
}

# The adversary: between the listing and the removal, the container's only
# process exits and its pid goes to a process of the host's IPC namespace,
# which also makes a segment with the container's key (shmid 0 in both, the
# same size and owner).  The container shares the host's /dev/shm, so only
# the check of the IPC namespace's inode can tell the pid is someone else's.
@test "rm --all-ns does not enter the host through a container's pid reused since the listing, nor remove the host's segment of that key" {
	need_sandbox
	run sandbox "$ALLNS"'
		UNSHARE=--ipc container c1 "\$SC create 0x35170011 4096 0600 >/dev/null"; c1=$C
		box c2 0x35170021 /allns-17-c2; c2=$C
		disown "$c1"
		echo "host=$(ns $$)"; echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"; echo "p1=$c1"
		# The first open of its /proc/PID is the listing, the second the removal.
		NTH=2 show race open "/proc/$c1" "
		    kill -KILL $c1; timeout $WAIT_CAP sh -c \"while [ -e /proc/$c1 ]; do sleep 0.01; done\"
		    echo $((c1 - 1)) >/proc/sys/kernel/ns_last_pid
		    sleep infinity & echo reused=\$! >$T/reused
		    \$SC create 0x35170011 4096 0600 >/dev/null" \
		    rm --all-ns --sysv -v
		cat "$T/raced" "$T/reused"
		echo "host: $(keys_in $$) id=$(shmclient id 0x35170011)"
		echo "c2: $(keys_in $c2)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1) n2=$(out_var n2) p1=$(out_var p1)
	assert_output "host=$host
n1=$n1
n2=$n2
p1=$p1
removed sysv 0x35170021 (id 0, 4.0K, root, ns $n2)
err: shmtool: rm: ns $n1: cannot enter: no such process
rc=1
ran
reused=$p1
host: 0x35170011 id=0
c2: "
}

# The CONTAINER column end to end: two containers moved into cgroups named
# as docker and LXC name theirs, made under our own cgroup (v2) and removed
# at the end.  The LXC name holds an escape sequence: shown escaped.
@test "ls and rm --all-ns name each place's container from its cgroup, escaped as any foreign text" {
	need_sandbox
	mnt=$(awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "cgroup2" && $4 == "/") { print $5; exit } }' /proc/self/mountinfo)
	cg=$(sed -n 's/^0:://p' /proc/self/cgroup)
	if [ -z "$mnt" ] || [ -z "$cg" ] || grep -q kubepods /proc/self/cgroup; then
		skip "no cgroup v2 of our own here (or a pod's, which outranks the container)"
	fi
	id=$(printf '%08x' $$)0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab
	d1="$mnt${cg%/}/docker-$id.scope"
	# The LXC name, as it is and as shmtool shows it.
	lxc=allns-$$$'\033'[31mx lxc_shown="allns-$$\\x1b[31mx"
	d2="$mnt${cg%/}/lxc.payload.$lxc"
	plant "$d1" "$d2"
	mkdir "$d1" "$d2" || skip "cannot make a cgroup under $mnt$cg"
	run sandbox "D1=$(printf %q "$d1") D2=$(printf %q "$d2")$ALLNS"'
		box c1 0x35180011 /allns-18-c1; c1=$C
		box c2 0x35180021 /allns-18-c2; c2=$C
		echo "$c1" >"$D1/cgroup.procs" && echo "$c2" >"$D2/cgroup.procs" || exit 97
		echo "n1=$(ns $c1)"; echo "n2=$(ns $c2)"
		show shmtool ls --all-ns --noheadings -r -o ns,container,spec --sysv
		shmtool ls --all-ns -J --sysv | rows segments container spec
		show shmtool rm --all-ns --sysv -v
		# A message about a place names its container too, escaped: c2
		# goes after it was listed, before rm enters it again to remove.
		nsenter --ipc=/proc/$c2/ns/ipc "$SHMTOOL_BUILD/tests/shmclient" create 0x35180022 4096 0600 >/dev/null
		disown "$c2"
		NTH=2 show race open "/proc/$c2" \
		    "kill -KILL $c2; timeout $WAIT_CAP sh -c \"while [ -e /proc/$c2/ns/ipc ]; do sleep 0.01; done\"" \
		    rm --all-ns --sysv
		release "$c1"
		rmdir "$D1" "$D2" && echo "cgroups removed"
	'
	assert_success
	n1=$(out_var n1) n2=$(out_var n2)
	docker=docker:${id:0:12}
	assert_output "n1=$n1
n2=$n2
$n1 $docker 0x35180011
$n2 lxc:$lxc_shown 0x35180021
rc=0
$docker 0x35180011
lxc:$lxc 0x35180021
removed sysv 0x35180011 (id 0, 4.0K, root, ns $n1 $docker)
removed sysv 0x35180021 (id 0, 4.0K, root, ns $n2 lxc:$lxc_shown)
rc=0
err: shmtool: rm: ns $n2 (lxc:$lxc_shown): cannot enter: no such process
rc=1
cgroups removed"
}

# A container's /dev/shm may be a directory of the host's /dev/shm bound
# there (docker --mount type=bind): the same file system, another
# directory.  Known by device and inode, it is a place of its own.
@test "ls and rm --all-ns: a container whose /dev/shm is a directory of the host's bound there is listed and cleaned as its own" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient pcreate /allns-19-host 100 0600 >/dev/null
		mkdir /dev/shm/allns-19-dir
		container c1 "mount --bind /dev/shm/allns-19-dir /dev/shm &&
		    \$SC pcreate /allns-19-c1 200 0600 >/dev/null"
		echo "host=$(ns $$)"; echo "n1=$(ns $C)"
		show shmtool ls --all-ns --posix --noheadings -r -b -o ns,spec,size
		show shmtool rm --all-ns --posix --all -v
		echo "host: $(ls /dev/shm | xargs)"
		echo "dir: $(ls /dev/shm/allns-19-dir | xargs)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1)
	assert_output "host=$host
n1=$n1
$host /allns-19-host 100
$n1 /allns-19-c1 200
rc=0
removed posix /allns-19-host (100B, root, ns $host)
removed posix /allns-19-c1 (200B, root, ns $n1)
rc=0
host: allns-19-dir
dir: "
}

# The attack on a root cleanup: a user makes a user namespace, binds a
# directory it can reach (here a tmpfs directory of root's files, so that
# only the user namespace tells it) on its /dev/shm, and waits.  A /dev/shm
# mounted in another user namespace is not taken for one: its files are
# neither listed nor removed; its SysV segments are the kernel's, and are.
@test "ls and rm --all-ns take no /dev/shm that another user namespace mounted: root's files bound there are kept" {
	need_sandbox
	unshare --user --map-root-user true 2>/dev/null ||
	    skip "user namespaces are not permitted here"
	run sandbox "$ALLNS"'
		shmclient pcreate /allns-20-host 100 0600 >/dev/null
		mkdir /dev/shm/allns-20-etc
		echo root:x:0:0 >/dev/shm/allns-20-etc/passwd
		UNSHARE="--user --map-root-user --ipc --mount" container c1 "
		    mount --bind /dev/shm/allns-20-etc /dev/shm &&
		    \$SC create 0x35200011 4096 0600 >/dev/null"
		echo "host=$(ns $$)"; echo "n1=$(ns $C)"
		show shmtool ls --all-ns --noheadings -r -o ns,spec
		show shmtool rm --all-ns --all -v
		echo "etc: $(ls /dev/shm/allns-20-etc | xargs)"
		echo "c1: $(keys_in $C)"
	'
	assert_success
	host=$(out_var host) n1=$(out_var n1)
	assert_output "host=$host
n1=$n1
$host /allns-20-host
$n1 0x35200011
rc=0
removed posix /allns-20-host (100B, root, ns $host)
removed sysv 0x35200011 (id 0, 4.0K, root, ns $n1)
rc=0
etc: passwd
c1: "
}

# need_nobody_userns: the sandbox, and nobody allowed to make a user namespace.
need_nobody_userns() {
	need_sandbox
	need_nobody
	as_nobody unshare --user --map-root-user true 2>/dev/null ||
	    skip "user namespaces are not permitted to nobody here"
}

# need_disk_dir: $BATS_TEST_TMPDIR/disk, a directory on a disk file system
# (skip if the test directory is a tmpfs) with one file, "file".
need_disk_dir() {
	need_sandbox
	[ "$(stat -f -c %T "$BATS_TEST_TMPDIR")" != tmpfs ] ||
	    skip "$BATS_TEST_TMPDIR is a tmpfs"
	mkdir "$BATS_TEST_TMPDIR/disk"
	echo data >"$BATS_TEST_TMPDIR/disk/file"
}

# Every /dev/shm is a tmpfs: a directory of a disk file system bound on a
# container's /dev/shm is not taken for one, even by root's own containers.
@test "ls and rm --all-ns take no /dev/shm that is not a tmpfs" {
	need_disk_dir
	run sandbox "$ALLNS"'
		disk_box c1 0x35210011
		echo "n1=$(ns $C)"
		show shmtool ls --all-ns --noheadings -r -o ns,spec
		show shmtool rm --all-ns --all -v
		echo "disk: $(ls "$T/disk" | xargs)"
	'
	assert_success
	n1=$(out_var n1)
	assert_output "n1=$n1
$n1 0x35210011
rc=0
removed sysv 0x35210011 (id 0, 4.0K, root, ns $n1)
rc=0
disk: file"
}

# The same attack on --ns PID, which names one namespace on purpose: its
# System V segments are there to list and remove, but a /dev/shm that
# another user namespace mounted is no /dev/shm of ours.  Every command
# that would touch its files fails on them (exit 1), and they are kept.
@test "--ns PID takes no /dev/shm that another user namespace mounted: ls, rm --all, rm, stat and read of root files bound there fail, and they are kept" {
	need_sandbox
	unshare --user --map-root-user true 2>/dev/null ||
	    skip "user namespaces are not permitted here"
	run sandbox "$ALLNS"'
		mkdir /dev/shm/allns-25-etc
		echo root:x:0:0 >/dev/shm/allns-25-etc/passwd
		UNSHARE="--user --map-root-user --ipc --mount" container c1 "
		    mount --bind /dev/shm/allns-25-etc /dev/shm &&
		    \$SC create 0x35250011 4096 0600 >/dev/null"
		show shmtool --ns $C ls --noheadings -r -o spec
		show shmtool --ns $C stat /passwd
		show shmtool --ns $C read /passwd
		show shmtool --ns $C rm /passwd
		show shmtool --ns $C rm --all -v
		echo "etc: $(cat /dev/shm/allns-25-etc/passwd)"
		echo "c1: $(keys_in $C)"
	'
	assert_success
	why="its /dev/shm is not trusted (no tmpfs that our user namespace mounted)"
	assert_output "0x35250011
err: shmtool: ls: POSIX objects: $why
rc=1
err: shmtool: stat: /passwd: $why
rc=1
err: shmtool: read: /passwd: $why
rc=1
err: shmtool: rm: /passwd: $why
rc=1
removed sysv 0x35250011 (id 0, 4.0K, root)
err: shmtool: rm: POSIX objects: $why
rc=1
etc: root:x:0:0
c1: "
}

# The attack again, past the check of who owns the mount namespace: C,
# nobody's rootless container, has root's files bound on a dev/shm below
# a tmpfs of its own; P, nobody too, keeps our mount namespace but makes
# a user namespace to chroot(2) into that tmpfs.  P's root/dev/shm is then
# a tmpfs mount whose namespace our user namespace owns, but it is not a
# mount of that namespace: it is C's.
@test "--ns and --all-ns take no /dev/shm of a process chrooted into another namespace's mounts: root's files bound there are kept" {
	need_nobody_userns
	run sandbox "$ALLNS"'
		mkdir -m 755 /dev/shm/allns-27-etc
		echo root:x:0:0 >/dev/shm/allns-27-etc/passwd
		{ exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    unshare --user --map-root-user --mount sh -c "
			mount -t tmpfs none /mnt && mkdir -p /mnt/dev/shm &&
			mount --bind /dev/shm/allns-27-etc /mnt/dev/shm && exec sleep infinity"; } &
		c=$!
		wait_for "the container" test -e /proc/$c/root/mnt/dev/shm/passwd || exit 98
		{ exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/tests/shmclient" userns-chroot /proc/$c/root/mnt 0 >"$T/p"; } &
		p=$!
		wait_line "$T/p" rooted || exit 98
		show shmtool --ns $p rm --posix --all -v
		show shmtool rm --all-ns --posix --all -v
		echo "etc: $(cat /dev/shm/allns-27-etc/passwd)"
	'
	assert_success
	assert_output "err: shmtool: rm: POSIX objects: its /dev/shm is not trusted (no tmpfs that our user namespace mounted)
rc=1
rc=0
etc: root:x:0:0"
}

# The same chroot, after the places were found: P, the first process of a
# root-made container, runs as nobody; a child of it makes a user and
# mount namespace of its own with nobody's file bound over root's
# /dev/shm/rootobj, which a root process holds open.  As rm enters the
# container (the racer, at shmtool's open of /proc/P), P chroots into the
# child's root.  Entered through P, the orphan filter would judge nobody's
# file, unheld, and unlink root's live object.  Each entry judges its
# /dev/shm again, so P is passed over and the root process let in; and a
# file mounted over a name is no object (52-hostile), which alone would
# keep it too: this test cannot tell the two apart.
@test "rm --all-ns judges a place's /dev/shm again as it enters: a process chrooted since is passed over, and an object in use is kept" {
	need_nobody_userns
	u=$(mktemp -d /tmp/allns-28.XXXXXX)
	chmod 755 "$u"
	echo user >"$u/file"
	chown nobody "$u/file"
	run sandbox "U=$u$ALLNS"'
		{ exec unshare --ipc --mount sh -c "
			mount -t tmpfs none /dev/shm && echo root-data >/dev/shm/rootobj &&
			chmod 600 /dev/shm/rootobj || exit 1
			sleep infinity 3</dev/shm/rootobj &
			echo \$! >$T/holder
			setpriv --reuid=nobody --regid=nogroup --clear-groups \
			    unshare --user --map-root-user --mount sh -c \"
				mount --bind $U/file /dev/shm/rootobj && exec sleep infinity\" &
			echo \$! >$T/child
			exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
			    $SHMTOOL_BUILD/tests/shmclient userns-chroot-later /proc/\$!/root 0" >$T/p; } &
		p=$!
		wait_line "$T/p" waiting || exit 98
		wait_for "the overlay" grep -qs user "/proc/$(cat $T/child)/root/dev/shm/rootobj" || exit 98
		show race open "/proc/$p" "kill -USR1 $p
		    timeout $WAIT_CAP sh -c \"until grep -q rooted $T/p; do sleep 0.01; done\"" \
		    rm --all-ns --posix --orphaned --contained -v
		cat "$T/raced"
		echo "rootobj: $(cat /proc/$(cat $T/holder)/root/dev/shm/rootobj)"
	'
	rm -r "$u"
	assert_success
	assert_output "rc=0
ran
rootobj: root-data"
}

# Our own /dev/shm, seen through a user's copy of our mounts: P, nobody's,
# makes a user and mount namespace, whose /dev/shm is a copy of our mount
# (the same device and inode), and binds root's private file over its own
# object's name there.  Through P, root would chmod that file.  The same
# directory is ours only on our own mount.
@test "--ns PID takes no user's copy of our own /dev/shm: root's file bound over a name there is not changed" {
	need_nobody_userns
	u=$(mktemp -d /tmp/allns-29.XXXXXX)
	chmod 711 "$u"
	echo root-only >"$u/rootfile"
	chmod 600 "$u/rootfile"
	run sandbox "U=$u$ALLNS"'
		as_nobody touch /dev/shm/userobj
		{ exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    unshare --user --map-root-user --mount sh -c "
			mount --bind $U/rootfile /dev/shm/userobj && exec sleep infinity"; } &
		p=$!
		wait_for "the bind" grep -qs root-only /proc/$p/root/dev/shm/userobj || exit 98
		show shmtool --ns $p chmod 666 /userobj
		stat -c "%a %U" $U/rootfile
	'
	rm -r "$u"
	assert_success
	assert_output "err: shmtool: chmod: /userobj: its /dev/shm is not trusted (no tmpfs that our user namespace mounted)
rc=1
600 root"
}

# A directory of a disk file system bound on a root-made container's
# /dev/shm is no /dev/shm either; --sysv touches no file and succeeds.
@test "--ns PID takes no /dev/shm that is not a tmpfs; --sysv works there" {
	need_disk_dir
	run sandbox "$ALLNS"'
		disk_box c1 0x35260011
		# Its holders are still counted: the /proc scan needs no /dev/shm.
		in_c1="nsenter --ipc=/proc/$C/ns/ipc $SHMTOOL_BUILD/tests/shmclient"
		{ exec $in_c1 hold "$($in_c1 id 0x35260011)" 0 >"$T/h"; } &
		h=$!
		wait_line "$T/h" attached || exit 98
		show shmtool --ns $C ls --sysv --noheadings -r -o spec,nattch,holders |
		    sed "s/ $h\$/ HOLDER/"
		release $h
		show shmtool --ns $C rm --all -v
		echo "disk: $(ls "$T/disk" | xargs)"
	'
	assert_success
	why="its /dev/shm is not trusted (no tmpfs that our user namespace mounted)"
	assert_output "0x35260011 1 HOLDER
rc=0
removed sysv 0x35260011 (id 0, 4.0K, root)
err: shmtool: rm: POSIX objects: $why
rc=1
disk: file"
}

# Each process is read once: the walk that finds the places keeps its
# /proc/PID directory open, and the pass that finds holders reads its maps
# and fds through it.  The racer counts shmtool's openat(2) of "PID" in
# /proc: with NTH=1 it runs (the match is right), with NTH=2 it must not.
@test "ls --all-ns opens each process's /proc directory once, for its place and its holders alike" {
	need_sandbox
	run sandbox "$ALLNS"'
		box c1 0x35220011 /allns-22-c1; c1=$C
		NTH=1 show race openat "$c1" true ls --all-ns --noheadings -r -o spec,nattch
		cat "$T/raced"; rm "$T/raced"
		NTH=2 show race openat "$c1" true ls --all-ns --noheadings -r -o spec,nattch
		[ -e "$T/raced" ] || echo "opened once"
	'
	assert_success
	assert_output "0x35220011 0
/allns-22-c1 -
rc=0
ran
0x35220011 0
/allns-22-c1 -
rc=0
opened once"
}

# The other side of it: a process that starts after the walk (here while a
# container is entered to list it) is not among the directories kept, and
# is read all the same: its hold on a host object counts.
@test "ls --all-ns counts a holder that started after the places were found" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient pcreate /allns-23-h 100 0600 >/dev/null
		box c1 0x35230011 /allns-23-c1; c1=$C
		show race open "/proc/$c1" "
		    \$SC phold /allns-23-h 0 >$T/held &
		    timeout $WAIT_CAP sh -c \"until grep -q attached $T/held; do sleep 0.01; done\"" \
		    ls --all-ns --noheadings -r -o spec,nattch
		cat "$T/raced"
	'
	assert_success
	assert_output "/allns-23-h 1
0x35230011 0
/allns-23-c1 -
rc=0
ran"
}

# The adversary of a kept directory: a process seen by the walk exits, and
# its pid goes to a new one that holds a host object, while a container is
# being listed.  The kept directory is of the process that exited; the new
# one is read by its pid, and counted.
@test "ls --all-ns reads the process a pid went to since the places were found, not the one that exited" {
	need_sandbox
	run sandbox "$ALLNS"'
		shmclient pcreate /allns-24-h 100 0600 >/dev/null
		box c1 0x35240011 /allns-24-c1; c1=$C
		sleep infinity & gone=$!
		disown "$gone"
		echo "gone=$gone"
		show race open "/proc/$c1" "
		    kill -KILL $gone; timeout $WAIT_CAP sh -c \"while [ -e /proc/$gone ]; do sleep 0.01; done\"
		    echo $((gone - 1)) >/proc/sys/kernel/ns_last_pid
		    \$SC phold /allns-24-h 0 >$T/held & echo reused=\$! >$T/reused
		    timeout $WAIT_CAP sh -c \"until grep -q attached $T/held; do sleep 0.01; done\"" \
		    ls --all-ns --noheadings -r -o spec,nattch,holders
		cat "$T/raced" "$T/reused"
	'
	assert_success
	gone=$(out_var gone)
	assert_output "gone=$gone
/allns-24-h 1 $gone
0x35240011 0 -
/allns-24-c1 - -
rc=0
ran
reused=$gone"
}
