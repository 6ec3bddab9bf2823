#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
#
# ls --hidden: shared memory that no name reaches, one row per object
# (device and inode): TYPE memfd (memfd_create), deleted (a /dev/shm
# object unlinked while still mapped or open) and anon (MAP_SHARED |
# MAP_ANONYMOUS kept by a child after fork), with RSS, SWAP and HOLDERS;
# its JSON spec (file:/proc/PID/fd/N or file:/proc/PID/map_files/START-END)
# for read and stat; rm refusing it; --summary adding it up.
#
# Every case runs in the sandbox (ns_helper.bash): the only processes
# shmtool sees there are the ones the script started, so the rows are
# exact.  The memory is made by tests/clients/shmhidden (the kernel
# interfaces, no shmtool code), a python3 that maps a file, and `sleep`
# holding an fd.  Scripts print what they check; `show` adds stderr
# ("err: ") and the status.
load test_helper
load ns_helper

# The functions the scripts below share (prepended to each one).
HELPERS='
# hide [--nobody] ARGS...: shmhidden ARGS in the background (as nobody with
# --nobody) until the sandbox ends; its line read into $P $FD $MAP $CHILD.
hide() {
	local f="$T/hidden.$((++_bg))" as=()
	if [ "$1" = --nobody ]; then
		shift
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
	# exec: no shell in between, which would say "Terminated" when it ends.
	{ exec "${as[@]}" "$SHMTOOL_BUILD/tests/shmhidden" "$@" >"$f"; } &
	wait_line --regexp "$f" "pid=[0-9]+ fd=-?[0-9]+ map=[-0-9a-f]+ child=[-0-9]+" || exit 98
	read -r P FD MAP CHILD <<<"$(sed "s/[a-z]*=//g" "$f")"
}
# mapper FILE private|shared COUNT: a python3 that maps FILE COUNT times,
# then closes its fd; its pid in $Q, its first mapping of FILE (lowest
# address, as /proc/PID/maps says) in $QMAP, the number of them in $QN.
mapper() {
	local f="$T/mapper.$((++_bg))"
	{ exec python3 "$T/map.py" "$@" >"$f"; } &
	wait_line --regexp "$f" "pid=[0-9]+ map=[0-9a-f]+-[0-9a-f]+ n=[0-9]+" || exit 98
	read -r Q QMAP QN <<<"$(sed "s/[a-z]*=//g" "$f")"
}
# holdfd FILE: a sleep that holds FILE open as its fd 7; its pid in $S.
holdfd() {
	sleep infinity 7<"$1" &
	S=$!
	wait_for "pid $S to hold $1" test -e "/proc/$S/fd/7" || exit 98
}
# gone PID: end process PID; wait until /proc has it no more.
gone() {
	kill "$1"
	wait "$1" 2>/dev/null
	wait_for "pid $1 to go" test ! -e "/proc/$1" || exit 98
}
# hls ARGS: the hidden rows of ls --hidden ARGS, one line each, exact sizes.
hls() {
	local rc
	shmtool ls --hidden --raw -b --noheadings -o TYPE,NAME,SIZE,RSS,SWAP,NATTCH,HOLDERS "$@" >"$T/hls"
	rc=$?
	grep -E "^(memfd|deleted|anon) " "$T/hls"
	return $rc
}
# rows ARGS: each row of ls --hidden --json ARGS, sorted by type and name.
rows() { shmtool ls --hidden --json "$@" | python3 "$T/rows.py"; }
# same FILE SIZE FILL: does FILE hold FILL bytes of h, then zeros to SIZE?
same() {
	{ head -c "$3" /dev/zero | tr "\0" h; head -c $(($2 - $3)) /dev/zero; } | cmp -s - "$1" &&
	    echo same || echo "differs: $(od -An -c "$1" | head -n 3)"
}
'

# Maps a file (argv[1]) argv[3] times, MAP_PRIVATE or MAP_SHARED
# (argv[2]), closes it, says where the first mapping is, and waits.
# mmap(2) through ctypes: python's mmap module keeps a dup of the fd.
MAP_PY='
import ctypes, os, signal, sys
path, kind, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]
fd = os.open(path, os.O_RDONLY)
st = os.fstat(fd)
PROT_READ, MAP_SHARED, MAP_PRIVATE = 1, 1, 2
for _ in range(count):
    if libc.mmap(None, st.st_size, PROT_READ,
                 MAP_PRIVATE if kind == "private" else MAP_SHARED, fd, 0) in (None, 2**64 - 1):
        sys.exit("map.py: mmap: " + os.strerror(ctypes.get_errno()))
os.close(fd)
mine = [l.split()[0] for l in open("/proc/self/maps") if l.split()[4] == str(st.st_ino)]
print("pid=%d map=%s n=%d" % (os.getpid(), mine[0], len(mine)), flush=True)
signal.pause()
'

# The rows of ls --json, one line each: the fields a hidden row has.
ROWS_PY='
import json, sys
rows = json.load(sys.stdin).get("segments", [])
for r in sorted(rows, key=lambda r: (r["type"], r["name"] or "")):
    print(r["type"], r["name"], r["key"], r["id"], r["status"], r["size"],
          r.get("rss"), r.get("swap"), r["nattch"], r.get("holders"), r["spec"])
'

setup() {
	need_sandbox
	# What is printable depends on the locale; CI may have none set.
	export LC_ALL=C.UTF-8
	printf '%s\n' "$MAP_PY" >"$BATS_TEST_TMPDIR/map.py"
	printf '%s\n' "$ROWS_PY" >"$BATS_TEST_TMPDIR/rows.py"
	# SWAP of memory with nothing swapped out, in JSON (see test_helper).
	JSWAP0=0
	if [ "$POSIX_SWAP0" = - ]; then JSWAP0=None; fi
}

# --- what a row shows ---------------------------------------------------------

@test "ls --hidden lists a memfd held by an fd: RSS, SWAP, HOLDERS after the default columns; KEY, ID, STATUS -; PERMS and OWNER of its inode" {
	run sandbox "$HELPERS"'
		hide memfd buf 4194304 1048576
		echo "P=$P"
		echo "inode=$(stat -L -c "%A %U" "/proc/$P/fd/$FD" | cut -c 2-)"
		shmtool ls --hidden --raw -b | awk "{ print \$1, \$2, \$3, \$4, \$5, \$6, \$7, \$8, \$9, \$14, \$15, \$16 }"
		show hls
		# -o too: --hidden appends RSS, SWAP and HOLDERS, as -t appends its columns.
		show shmtool ls --hidden --raw -b --noheadings -o TYPE,KEY,ID,STATUS,ORPHANED,PERMS,OWNER
	'
	assert_success
	local p inode
	p=$(out_var P)
	inode=$(out_var inode)
	assert [ -n "$p" ]
	assert [ -n "$inode" ]
	assert_output "P=$p
inode=$inode
TYPE KEY ID NAME PERMS OWNER SIZE NATTCH STATUS RSS SWAP HOLDERS
memfd - - memfd:buf ${inode% *} root 4194304 1 - 1048576 $POSIX_SWAP0 $p
memfd memfd:buf 4194304 1048576 $POSIX_SWAP0 1 $p
rc=0
memfd - - - no $inode 1048576 $POSIX_SWAP0 $p
rc=0"
	# The whole header, with the columns that were left out above.
	run sandbox "$HELPERS"'
		hide memfd buf 4096 0
		shmtool ls --hidden --raw | head -n 1
	'
	assert_success
	assert_output "TYPE KEY ID NAME PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND RSS SWAP HOLDERS"
}

@test "without --hidden, no memfd, deleted or anon row is shown, in a table, JSON or --summary" {
	run sandbox "$HELPERS"'
		hide memfd buf 8192 4096
		hide deleted gone 8192 4096
		hide anon 8192 4096
		echo "-- without"
		shmtool ls --raw --noheadings
		shmtool ls --json | python3 -c "import json, sys; print(len(json.load(sys.stdin).get(\"segments\", [])), \"rows\")"
		shmtool ls --summary --raw -b --noheadings | sed "/^\$/,\$d"
		echo "-- with"
		shmtool ls --hidden --raw --noheadings -o TYPE | cut -d " " -f 1 | sort
	'
	assert_success
	assert_output "-- without
0 rows
total - 0 0 0 0 0
-- with
anon
deleted
memfd"
}

@test "a /dev/shm object unlinked while mapped or open is TYPE deleted, named as it was, beside a new object of that name" {
	run sandbox "$HELPERS"'
		hide deleted gone 1048576 65536; echo "p1=$P"
		hide deleted kept 8192 4096 keepfd; echo "p2=$P"
		shmclient pcreate /gone 100 0600 >/dev/null
		state
		hls | grep "^deleted" | sort
		shmtool ls --hidden --raw --noheadings -o TYPE,NAME | cut -d " " -f 1,2 | sort
	'
	assert_success
	local p1 p2
	p1=$(out_var p1)
	p2=$(out_var p2)
	assert_output "p1=$p1
p2=$p2
sysv: 
posix: gone
deleted /gone 1048576 65536 $POSIX_SWAP0 1 $p1
deleted /kept 8192 4096 $POSIX_SWAP0 1 $p2
deleted /gone
deleted /kept
posix /gone"
}

@test "a shared anonymous mapping kept by parent and child is one anon row: NAME -, NATTCH 2, HOLDERS parent,child" {
	run sandbox "$HELPERS"'
		hide anon 65536 8192
		echo "p=$P c=$CHILD"
		grep -c "^$MAP rw-s " "/proc/$CHILD/maps"
		show hls
	'
	assert_success
	local p c
	p=$(sed -n 's/^p=\([0-9]*\) .*/\1/p' <<<"$output")
	c=$(sed -n 's/.* c=//p' <<<"$output")
	assert [ -n "$p" ]
	assert [ "$c" -gt "$p" ]
	assert_output "p=$p c=$c
1
anon - 65536 8192 $POSIX_SWAP0 2 $p,$c
rc=0"
}

# One memfd, held by its maker (an fd and a mapping), mapped twice by a
# python3 that closed its fd, and held open by a sleep: one row, three
# holders.  The spec is an fd of the lowest pid that has one: the maker's,
# and once it is gone the sleep's, though python3's pid is lower.
@test "a memfd mapped twice and held by three processes is one row; its spec is the fd of the lowest pid that holds one" {
	run sandbox "$HELPERS"'
		hide memfd buf 8192 4096 map; echo "p=$P"; echo "fd=$FD"
		mapper "/proc/$P/fd/$FD" shared 2; echo "q=$Q"; echo "qn=$QN"
		holdfd "/proc/$P/fd/$FD"; echo "s=$S"
		show hls
		rows
		gone "$P"
		echo "-- maker gone"
		show hls
		rows
	'
	assert_success
	local p fd q s
	p=$(out_var p)
	fd=$(out_var fd)
	q=$(out_var q)
	s=$(out_var s)
	assert [ "$p" -lt "$q" ]
	assert [ "$q" -lt "$s" ]
	assert_output "p=$p
fd=$fd
q=$q
qn=2
s=$s
memfd memfd:buf 8192 4096 $POSIX_SWAP0 3 $p,$q,$s
rc=0
memfd memfd:buf None None None 8192 4096 $JSWAP0 3 [$p, $q, $s] file:/proc/$p/fd/$fd
-- maker gone
memfd memfd:buf 8192 4096 $POSIX_SWAP0 2 $q,$s
rc=0
memfd memfd:buf None None None 8192 4096 $JSWAP0 2 [$q, $s] file:/proc/$s/fd/7"
}

@test "a memfd only mapped private is listed; its spec is the map_files entry of that mapping, and read gives its bytes" {
	run sandbox "$HELPERS"'
		hide memfd priv 8192 4096; p=$P
		mapper "/proc/$P/fd/$FD" private 1; echo "q=$Q"; echo "qmap=$QMAP"
		gone "$p"
		grep -c "^$QMAP r--p .*/memfd:priv (deleted)\$" "/proc/$Q/maps"
		show hls
		rows
		shmtool read "file:/proc/$Q/map_files/$QMAP" >"$T/got"; echo "read rc=$?"
		same "$T/got" 8192 4096
	'
	assert_success
	local q qmap
	q=$(out_var q)
	qmap=$(out_var qmap)
	assert [ -n "$qmap" ]
	assert_output "q=$q
qmap=$qmap
1
memfd memfd:priv 8192 4096 $POSIX_SWAP0 1 $q
rc=0
memfd memfd:priv None None None 8192 4096 $JSWAP0 1 [$q] file:/proc/$q/map_files/$qmap
read rc=0
same"
}

@test "ls --hidden --json: type, name, null key, id and status, exact size, rss, swap, nattch, holders and spec of each TYPE" {
	run sandbox "$HELPERS"'
		hide memfd buf 4194304 1048576; echo "m=$P $FD"
		hide deleted gone 1048576 65536; echo "d=$P $MAP"
		hide deleted kept 8192 4096 keepfd; echo "k=$P $FD"
		hide anon 65536 8192; echo "a=$P $CHILD $MAP"
		rows
	'
	assert_success
	local m d k a
	read -r -a m <<<"$(out_var m)"
	read -r -a d <<<"$(out_var d)"
	read -r -a k <<<"$(out_var k)"
	read -r -a a <<<"$(out_var a)"
	assert [ "${#a[@]}" = 3 ]
	assert_output "m=${m[*]}
d=${d[*]}
k=${k[*]}
a=${a[*]}
anon None None None None 65536 8192 $JSWAP0 2 [${a[0]}, ${a[1]}] file:/proc/${a[0]}/map_files/${a[2]}
deleted /gone None None None 1048576 65536 $JSWAP0 1 [${d[0]}] file:/proc/${d[0]}/map_files/${d[1]}
deleted /kept None None None 8192 4096 $JSWAP0 1 [${k[0]}] file:/proc/${k[0]}/fd/${k[1]}
memfd memfd:buf None None None 4194304 1048576 $JSWAP0 1 [${m[0]}] file:/proc/${m[0]}/fd/${m[1]}"
}

@test "read and stat take the spec of each TYPE: read gives the bytes, stat its TYPE" {
	run sandbox "$HELPERS"'
		hide memfd buf 8192 5; m="file:/proc/$P/fd/$FD"
		hide deleted gone 8192 5; d="file:/proc/$P/map_files/$MAP"
		hide anon 8192 5; a="file:/proc/$P/map_files/$MAP"
		for spec in "$m" "$d" "$a"; do
			shmtool read "$spec" >"$T/got"; echo "read rc=$? $(same "$T/got" 8192 5)"
			shmtool read -o 2 -n 4 "$spec" | od -An -c | tr -s " "
			shmtool stat "$spec" >"$T/stat"; echo "stat rc=$?"
			grep -E "^(type|size) " "$T/stat"
		done
	'
	assert_success
	local one
	one='read rc=0 same
 h h h \0
stat rc=0'
	assert_output "$one
type     memfd
size     8192
$one
type     deleted
size     8192
$one
type     anon
size     8192"
}

# --- rm refuses -----------------------------------------------------------------

@test "rm of a memfd's spec is refused, exit 1: nothing is removed, rm /a SPEC keeps /a; the memory goes with its holders" {
	run sandbox "$HELPERS"'
		hide memfd buf 8192 4096; p=$P; spec="file:/proc/$P/fd/$FD"
		holdfd "/proc/$P/fd/$FD"; s=$S
		echo "p=$p"; echo "s=$s"; echo "spec=$spec"
		shmclient pcreate /a 100 0600 >/dev/null
		show shmtool rm "$spec"
		show shmtool rm /a "$spec"
		state
		show hls
		gone "$p"
		gone "$s"
		echo "-- holders gone"
		show hls
	'
	assert_success
	local p s spec
	p=$(out_var p)
	s=$(out_var s)
	spec=$(out_var spec)
	assert [ -n "$spec" ]
	assert_output "p=$p
s=$s
spec=$spec
err: shmtool: rm: $spec: no name reaches this memfd memory; it is freed when its holders close or unmap it (pid $p, $s)
rc=1
err: shmtool: rm: $spec: no name reaches this memfd memory; it is freed when its holders close or unmap it (pid $p, $s)
rc=1
sysv: 
posix: a
memfd memfd:buf 8192 4096 $POSIX_SWAP0 2 $p,$s
rc=0
-- holders gone
rc=0"
}

@test "rm of the spec of deleted or anon memory is refused, exit 1, naming the TYPE and its holders" {
	run sandbox "$HELPERS"'
		hide deleted gone 8192 4096; echo "d=$P"; d="file:/proc/$P/map_files/$MAP"
		hide anon 8192 4096; echo "a=$P $CHILD"; a="file:/proc/$P/map_files/$MAP"
		echo "dspec=$d"; echo "aspec=$a"
		show shmtool rm "$d"
		show shmtool rm "$a"
		hls | sort
	'
	assert_success
	local d a dspec aspec
	d=$(out_var d)
	read -r -a a <<<"$(out_var a)"
	dspec=$(out_var dspec)
	aspec=$(out_var aspec)
	assert [ "${#a[@]}" = 2 ]
	assert_output "d=$d
a=${a[*]}
dspec=$dspec
aspec=$aspec
err: shmtool: rm: $dspec: no name reaches this deleted memory; it is freed when its holders close or unmap it (pid $d)
rc=1
err: shmtool: rm: $aspec: no name reaches this anon memory; it is freed when its holders close or unmap it (pid ${a[0]}, ${a[1]})
rc=1
anon - 8192 4096 $POSIX_SWAP0 2 ${a[0]},${a[1]}
deleted /gone 8192 4096 $POSIX_SWAP0 1 $d"
}

# --- names and filters ----------------------------------------------------------

@test "hostile memfd and deleted names are shown escaped, one line each, also when only a mapping holds them; their specs still read" {
	local script
	script=$HELPERS$(cat <<'EOF'
		specs=()
		for n in $'a\nb' $'e\e[2J' $'bad\xc3(' 'x (deleted)'; do
			hide memfd "$n" 4096 3; specs+=("file:/proc/$P/fd/$FD")
		done
		# Only a mapping holds these two: no fd to read the name from.
		hide deleted $'d\nx' 4096 3; specs+=("file:/proc/$P/map_files/$MAP")
		hide memfd $'p\nq' 4096 3; p=$P
		mapper "/proc/$P/fd/$FD" private 1; specs+=("file:/proc/$Q/map_files/$QMAP")
		gone "$p"
		# A table, where a blank is shown as is; the RSS, SWAP and HOLDERS
		# that --hidden appends cut off.
		shmtool ls --hidden --noheadings -o NAME | sed -E "s/ +[^ ]+ +[^ ]+ +[^ ]+\$//" | LC_ALL=C sort
		# JSON has the name itself, but for invalid UTF-8 (\xNN, as for /name).
		shmtool ls --hidden --json -o NAME | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin)["segments"], key=lambda r: r["name"]):
    print(repr(r["name"]))'
		for s in "${specs[@]}"; do
			echo "$(shmtool read -z "$s") rc=$?"
		done
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output '/d\x0ax
memfd:a\x0ab
memfd:bad\xc3(
memfd:e\x1b[2J
memfd:p\x0aq
memfd:x (deleted)
'"'"'/d\nx'"'"'
'"'"'memfd:a\nb'"'"'
'"'"'memfd:bad\\xc3('"'"'
'"'"'memfd:e\x1b[2J'"'"'
'"'"'memfd:p\nq'"'"'
'"'"'memfd:x (deleted)'"'"'
hhh rc=0
hhh rc=0
hhh rc=0
hhh rc=0
hhh rc=0
hhh rc=0'
}

@test "memory a name still reaches has no hidden row: a mapped POSIX object, attached SysV segments (one removed: STATUS dest)" {
	run sandbox "$HELPERS"'
		shmclient pcreate /named 4096 0600 >/dev/null
		hold phold /named
		hold popen /named
		a=$(shmclient create 0xa001 4096 0600)
		hold hold "$a"
		b=$(shmclient create 0xa002 4096 0600)
		hold hold "$b"
		shmclient rm "$b"
		echo "-- with --hidden"
		shmtool ls --hidden --raw --noheadings -o TYPE,KEY,NAME,STATUS | cut -d " " -f 1-4 | sort
		echo "-- without"
		shmtool ls --raw --noheadings -o TYPE,KEY,NAME,STATUS | sort
	'
	assert_success
	assert_output "-- with --hidden
posix - /named -
sysv 0x00000000 - dest
sysv 0x0000a001 - -
-- without
posix - /named -
sysv 0x00000000 - dest
sysv 0x0000a001 - -"
}

@test "a live object named to look unlinked ('x (deleted)' in maps) is no deleted row, for root or for nobody, who cannot stat map_files" {
	run sandbox "$HELPERS"'
		shmclient pcreate "/x (deleted)" 4096 0600 >/dev/null
		chown nobody:nogroup "/dev/shm/x (deleted)"
		f="$T/nobody.hold"
		{ exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/tests/shmclient" phold "/x (deleted)" 0 >"$f"; } &
		wait_line "$f" attached || exit 98
		grep -c " (deleted)\$" "/proc/$!/maps"
		echo "-- root"
		shmtool ls --hidden --raw --noheadings -o TYPE,NAME,NATTCH | cut -d " " -f 1-3
		echo "-- nobody"
		shmtool_nobody ls --hidden --raw --noheadings -o TYPE,NAME,NATTCH | cut -d " " -f 1-3
	'
	assert_success
	assert_output "1
-- root
posix /x\x20(deleted) 1
-- nobody
posix /x\x20(deleted) 1"
}

@test "hidden rows are shown whatever --sysv, --posix and --sem say; --user applies to them" {
	run sandbox "$HELPERS"'
		hide memfd buf 8192 0
		shmclient pcreate /named 100 0600 >/dev/null
		shmclient create 0xa001 4096 0600 >/dev/null
		for f in --sysv --posix --sem "--user root" "--user nobody"; do
			echo "-- $f"
			shmtool ls --hidden $f --raw --noheadings -o TYPE,NAME | cut -d " " -f 1,2 | sort
		done
	'
	assert_success
	assert_output "-- --sysv
memfd memfd:buf
sysv -
-- --posix
memfd memfd:buf
posix /named
-- --sem
memfd memfd:buf
-- --user root
memfd memfd:buf
posix /named
sysv -
-- --user nobody"
}

# --- who may see what -----------------------------------------------------------

@test "as nobody, ls --hidden shows nobody's own hidden memory, an anon mapping with SIZE but no RSS, SWAP, PERMS, OWNER; its read is refused" {
	need_nobody
	run sandbox "$HELPERS"'
		hide --nobody memfd mine 8192 4096; echo "m=$P $FD"; m="file:/proc/$P/fd/$FD"
		echo "inode=$(stat -L -c %A "/proc/$P/fd/$FD" | cut -c 2-)"
		hide --nobody anon 65536 8192; echo "a=$P $CHILD"; a="file:/proc/$P/map_files/$MAP"
		hide memfd roots 8192 4096
		echo "-- as nobody"
		shmtool_nobody ls --hidden --raw -b --noheadings -o TYPE,NAME,SIZE,RSS,SWAP,PERMS,OWNER,NATTCH,HOLDERS 2>/dev/null | sort
		echo "rc=${PIPESTATUS[0]}"
		echo "$(shmtool_nobody read -n 3 "$m") rc=$?"
		shmtool_nobody read "$a" >/dev/null 2>"$T/err"; echo "rc=$?"
		grep -c "^shmtool: read: .*permission denied" "$T/err"
		echo "-- as root"
		shmtool ls --hidden --user nobody --raw --noheadings -o TYPE,NAME,OWNER | cut -d " " -f 1-3 | sort
		shmtool ls --hidden --user root --raw --noheadings -o TYPE,NAME,OWNER | cut -d " " -f 1-3
	'
	assert_success
	local m a inode
	read -r -a m <<<"$(out_var m)"
	read -r -a a <<<"$(out_var a)"
	inode=$(out_var inode)
	assert [ "${#a[@]}" = 2 ]
	assert [ -n "$inode" ]
	assert_output "m=${m[*]}
inode=$inode
a=${a[*]}
-- as nobody
anon - 65536 - - - - 2 ${a[0]},${a[1]}
memfd memfd:mine 8192 4096 $POSIX_SWAP0 $inode nobody 1 ${m[0]}
rc=0
hhh rc=0
rc=1
1
-- as root
anon - nobody
memfd memfd:mine nobody
memfd memfd:roots root"
}

# --- summary --------------------------------------------------------------------

# A memfd of 4 MiB with 1 MiB written, a deleted object of 1 MiB with 64 KiB
# written, a shared anonymous mapping of 64 KiB with 8 KiB written.
# shellcheck disable=SC2016
MAKE_HIDDEN='
	hide memfd buf 4194304 1048576
	hide deleted gone 1048576 65536
	hide anon 65536 8192
'

@test "ls --summary --hidden adds a row for each hidden TYPE; without --hidden there is none" {
	run sandbox "$HELPERS$MAKE_HIDDEN"'
		shmtool ls --summary --hidden --raw -b --noheadings | sed "/^\$/,\$d" | sort
		echo "-- without"
		shmtool ls --summary --raw -b --noheadings | sed "/^\$/,\$d"
	'
	assert_success
	assert_output "anon root 1 65536 8192 0 0
deleted root 1 1048576 65536 0 0
memfd root 1 4194304 1048576 0 0
total - 3 5308416 1122304 0 0
-- without
total - 0 0 0 0 0"
}

@test "the total RSS of ls --summary --hidden exceeds the one without by at least what the hidden memory holds" {
	run sandbox "$HELPERS$MAKE_HIDDEN"'
		shmclient pcreate /named 2097152 0600 >/dev/null
		head -c 2097152 /dev/zero | shmtool write /named
		total() {
			shmtool ls --summary --contained "$@" --json | python3 -c "
import json, sys
print([r for r in json.load(sys.stdin)[\"summary\"] if r[\"type\"] == \"total\"][0][\"rss\"])"
		}
		without=$(total)
		with=$(total --hidden)
		shmem=$(awk "\$1 == \"Shmem:\" { print \$2 * 1024 }" /proc/meminfo)
		echo "named $(( without >= 2097152 ))"
		echo "hidden $(( with - without >= 1048576 + 65536 + 8192 ))"
		echo "within $(( with <= shmem ))"
	'
	assert_success
	assert_output "named 1
hidden 1
within 1"
}

@test "as nobody, --summary --hidden and --metrics add up an anon row whose owner cannot be told under owner -" {
	need_nobody
	run sandbox "$HELPERS"'
		hide --nobody anon 65536 8192
		hide --nobody memfd mine 8192 4096
		shmtool_nobody ls --summary --hidden -b --raw | sed "/^\$/q"
		echo "rc=${PIPESTATUS[0]}"
		shmtool_nobody ls --metrics --hidden | grep "^shmtool_segments{"
		echo "rc=${PIPESTATUS[0]}"
	'
	assert_success
	assert_output "TYPE OWNER COUNT SIZE RSS SWAP ORPHANED
memfd nobody 1 8192 4096 0 0
anon - 1 65536 0 0 0
total - 2 73728 4096 0 0

rc=0
shmtool_segments{type=\"memfd\",owner=\"nobody\"} 1
shmtool_segments{type=\"anon\",owner=\"-\"} 1
rc=0"
}

@test "--metrics-per-segment --hidden: two memfds of one name are two series, told apart by their spec; promtool accepts it" {
	if ! command -v promtool >/dev/null; then
		[ -z "${CI:-}" ] || fail "promtool is missing (make deps installs prometheus)"
		skip "promtool is missing (Debian package prometheus)"
	fi
	run sandbox "$HELPERS"'
		hide memfd twin 4096 4096; one="file:/proc/$P/fd/$FD"
		hide memfd twin 4096 4096; two="file:/proc/$P/fd/$FD"
		shmtool ls --metrics --metrics-per-segment --hidden >"$T/m"
		echo "rc=$?"
		grep "^shmtool_segment_size_bytes{" "$T/m" | sed "s|$one|ONE|; s|$two|TWO|" | sort
		promtool check metrics <"$T/m" >/dev/null 2>&1 && echo promtool ok
	'
	assert_success
	assert_output "rc=0
shmtool_segment_size_bytes{type=\"memfd\",name=\"memfd:twin\",spec=\"ONE\",owner=\"root\"} 4096
shmtool_segment_size_bytes{type=\"memfd\",name=\"memfd:twin\",spec=\"TWO\",owner=\"root\"} 4096
promtool ok"
}
