#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# Faults: a full /dev/shm, a closed or full stdout, a closed stdin, SIGPIPE,
# SIGINT in the middle of a write, and the kernel's limits (shmmni, shmmax,
# shmall).  Each case runs in the sandbox (ns_helper.bash): a fresh IPC
# namespace, whose kernel.shm* limits may be lowered without touching the
# host's, and a tmpfs of its own on /dev/shm, which may be made small.
# Each script prints a transcript (show: stdout, "err: " stderr, "rc=N")
# and ends with `state`, what ipcs and ls say is left.
load test_helper
load ns_helper

setup() {
	need_sandbox
}

# --- a full /dev/shm ---------------------------------------------------------

@test "create of a POSIX object bigger than the free space fails with 'no space left on device' and leaves nothing" {
	run sandbox '
		mount -t tmpfs -o size=1m tmpfs /dev/shm
		show shmtool create -s 2M /big
		show shmtool create -s 512K /half
		used=$(df -B1 --output=used /dev/shm | tail -n 1)
		show shmtool create -s 768K /more
		# The space the failed create took is given back.
		[ "$(df -B1 --output=used /dev/shm | tail -n 1)" = "$used" ] && echo "space given back"
		show shmtool write --create -s 2M /new </dev/null
		show shmtool create --exist-ok -s 2M /big2
		state
	'
	assert_success
	assert_output "err: shmtool: create: /big: no space left on device
rc=1
/half
rc=0
err: shmtool: create: /more: no space left on device
rc=1
space given back
err: shmtool: write: /new: no space left on device
rc=1
err: shmtool: create: /big2: no space left on device
rc=1
sysv: 
posix: half"
}

@test "write into a sparse POSIX object on a full /dev/shm fails with 'no space left on device', from a pipe and from a file" {
	run sandbox '
		mount -t tmpfs -o size=1m tmpfs /dev/shm
		# shm_open + ftruncate: sparse, no space reserved.
		shmclient pcreate /sparse 2097152 0600 >/dev/null
		head -c 2M /dev/zero | tr "\0" A >"$T/a2m"
		cat "$T/a2m" | shmtool write /sparse 2>"$T/err"
		echo "pipe rc=${PIPESTATUS[1]}"
		sed -E "s/\(([0-9]+) bytes written\)$/(N bytes written)/" "$T/err"
		sed -nE "s/.*\(([0-9]+) bytes written\)$/\1/p" "$T/err" >"$T/n"
		[ "$(cat "$T/n")" -gt 0 ] && [ "$(cat "$T/n")" -lt 2097152 ] && echo "part written"
		shmclient ptruncate /sparse 0 && shmclient ptruncate /sparse 2097152
		shmtool write /sparse <"$T/a2m" 2>"$T/err"
		echo "file rc=$?"
		sed -E "s/\(([0-9]+) bytes written\)$/(N bytes written)/" "$T/err"
		shmclient pstat /sparse
		state
	'
	assert_success
	assert_output "pipe rc=1
shmtool: write: /sparse: no space left on device (N bytes written)
part written
file rc=1
shmtool: write: /sparse: no space left on device (N bytes written)
size=2097152 mode=0600 uid=0 gid=0
sysv: 
posix: sparse"
}

@test "write --truncate past the free space fails with 'no space left on device' and the object stays" {
	run sandbox '
		mount -t tmpfs -o size=1m tmpfs /dev/shm
		shmclient pcreate /small 4096 0600 >/dev/null
		head -c 2M /dev/zero | tr "\0" A >"$T/a2m"
		shmtool write --truncate /small <"$T/a2m" 2>"$T/err"
		echo "file rc=$?"
		sed -E "s/\(([0-9]+) bytes written\)$/(N bytes written)/" "$T/err"
		cat "$T/a2m" | shmtool write --truncate /small 2>"$T/err"
		echo "pipe rc=${PIPESTATUS[1]}"
		sed -E "s/\(([0-9]+) bytes written\)$/(N bytes written)/" "$T/err"
		# Smaller input still works once there is room.
		printf hello | shmtool write --truncate /small && shmclient pread /small
		shmclient pstat /small
		state
	'
	assert_success
	assert_output "file rc=1
shmtool: write: /small: no space left on device (N bytes written)
pipe rc=1
shmtool: write: /small: no space left on device (N bytes written)
hello
size=5 mode=0600 uid=0 gid=0
sysv: 
posix: small"
}

# --- stdout and stdin --------------------------------------------------------

# Inside the sandbox: CMD with stdout closed, or on /dev/full (for show).
redirs='
	closed() { "$@" >&-; }
	full() { "$@" >/dev/full; }
'

# With SIGPIPE at its default, the kernel kills read (141); with SIGPIPE
# ignored, read gets EPIPE and must end the same way, quietly: the status
# checked is read's own (PIPESTATUS), not head's.
@test "read into a pipe closed early (read X | head -c1) exits quietly with SIGPIPE's status" {
	run sandbox '
		shmclient create 0xa001 16777216 0600 >/dev/null
		shmclient pcreate /big 16777216 0600 >/dev/null
		for s in 0xa001 /big; do
			for how in default ignored; do
				(
					[ "$how" = ignored ] && trap "" PIPE
					shmtool read "$s" 2>"$T/err" | head -c1 >"$T/one"
					echo "$s SIGPIPE $how: rc=${PIPESTATUS[0]} bytes=$(wc -c <"$T/one")"
				)
				sed "s/^/err: /" "$T/err"
			done
		done
		state
	'
	assert_success
	assert_output "0xa001 SIGPIPE default: rc=141 bytes=1
0xa001 SIGPIPE ignored: rc=141 bytes=1
/big SIGPIPE default: rc=141 bytes=1
/big SIGPIPE ignored: rc=141 bytes=1
sysv: 0x0000a001
posix: big"
}

@test "a closed stdout is an error: exit 1 and a message on stderr" {
	run sandbox "$redirs"'
		shmtool create -s 4K 0xa001 >/dev/null
		shmtool create -s 4K /obj >/dev/null
		show closed shmtool ls
		show closed shmtool stat 0xa001
		show closed shmtool read 0xa001
		show closed shmtool read /obj
		show closed shmtool key / 1
		state
	'
	assert_success
	assert_output "err: shmtool: ls: write error: bad file descriptor
rc=1
err: shmtool: stat: write error: bad file descriptor
rc=1
err: shmtool: read: 0xa001: bad file descriptor (0 of 4096 bytes copied)
rc=1
err: shmtool: read: /obj: bad file descriptor (0 of 4096 bytes copied)
rc=1
err: shmtool: key: write error: bad file descriptor
rc=1
sysv: 0x0000a001
posix: obj"
}

# create made the segment but could not say its id: as mktemp(1) does, it
# should take back what it made, or a retry finds "already exists" and a
# private segment is leaked for good.
@test "create whose id cannot be printed (closed stdout) fails and leaves no segment behind" {
	run sandbox "$redirs"'
		show closed shmtool create -s 4K 0xa001
		show closed shmtool create -s 4K /obj
		state
	'
	assert_success
	assert_output "err: shmtool: create: write error: bad file descriptor
rc=1
err: shmtool: create: write error: bad file descriptor
rc=1
sysv: 
posix: "
}

@test "read or ls into /dev/full fails with 'no space left on device'" {
	run sandbox "$redirs"'
		shmtool create -s 64K 0xa001 >/dev/null
		shmtool create -s 4K 0xa002 >/dev/null
		shmtool create -s 64K /obj >/dev/null
		show full shmtool read 0xa001
		show full shmtool read 0xa002
		show full shmtool read /obj
		show full shmtool ls
		state
	'
	assert_success
	assert_output "err: shmtool: read: 0xa001: no space left on device (0 of 65536 bytes copied)
rc=1
err: shmtool: read: 0xa002: no space left on device (0 of 4096 bytes copied)
rc=1
err: shmtool: read: /obj: no space left on device (0 of 65536 bytes copied)
rc=1
err: shmtool: ls: write error: no space left on device
rc=1
sysv: 0x0000a001 0x0000a002
posix: obj"
}

@test "write from a closed stdin fails with 'bad file descriptor' and writes nothing" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		shmclient pcreate /obj 4096 0600 >/dev/null
		show shmtool write 0xa001 <&-
		show shmtool write /obj <&-
		# Every byte still 0, by the C client.
		shmclient dump "$a" | tr -d "\0" | wc -c
		shmclient pdump /obj | tr -d "\0" | wc -c
		echo "size=$(field "$a" size) nattch=$(field "$a" nattch)"
		shmclient pstat /obj
	'
	assert_success
	assert_output "err: shmtool: write: 0xa001: bad file descriptor (0 bytes written)
rc=1
err: shmtool: write: /obj: bad file descriptor (0 bytes written)
rc=1
0
0
size=4096 nattch=0
size=4096 mode=0600 uid=0 gid=0"
}

# --- SIGINT in the middle of a write -----------------------------------------

# A feeder that gives 1 MiB of "A" (64 KiB at a time), then holds the pipe
# open without writing: however fast the machine, the write cannot end
# before SIGINT comes.  shmtool runs with SIGINT at its default (a
# background job of a script inherits it ignored).  "Started" means the
# first 64 KiB are in, by the C client.  Afterwards the segment is what it
# was, with a prefix of "A": it exists, has its size, nobody holds it, and
# holds only "A"s then NULs (by the C client, not by shmtool).
interrupted_write='
	head -c 65536 /dev/zero | tr "\0" A >"$T/a64k"
	feeder() {
		local i
		for ((i = 0; i < 16; i++)); do cat "$T/a64k"; done
		exec sleep infinity
	}
	# The bytes of SPEC, by the C client: all, or LEN from OFF.
	dump() {
		case $1 in
		/*) shmclient pdump "$1" ;;
		*) shmclient dump "$(shmclient id "$1")" ;;
		esac
	}
	peek() {
		case $1 in
		/*) shmclient ppeek "$1" "$2" "$3" ;;
		*) shmclient peek "$(shmclient id "$1")" "$2" "$3" ;;
		esac
	}
	first_in() { [ "$(peek "$1" 65535 1 | tr -d "\0")" = A ]; }
	ended() {
		local s
		s=$(cut -d" " -f3 "/proc/$1/stat" 2>/dev/null)
		[ -z "$s" ] || [ "$s" = Z ]
	}
	interrupt_write() {
		local f w
		mkfifo "$T/in"
		feeder >"$T/in" &
		f=$!
		env --default-signal=INT "$SHMTOOL_BUILD/shmtool" write "$1" <"$T/in" 2>"$T/err" &
		w=$!
		wait_for "the first 64 KiB in $1" first_in "$1" || exit 98
		[ -e "/proc/$w" ] && grep -q "^Name:.*shmtool" "/proc/$w/status" && echo "writing"
		kill -INT "$w"
		# Gone (or a zombie), or SIGINT did not stop it.
		wait_for "shmtool write to end after SIGINT" ended "$w" || kill -KILL "$w"
		wait "$w"
		echo "rc=$?"
		kill "$f"
		wait "$f"
		sed "s/^/err: /" "$T/err"
		# Only "A"s, then only NULs (squeezed: "A" then "\0").
		dump "$1" | tr -s "A\0" | od -An -c | tr -s " "
	}
'

@test "SIGINT during a long write into a 256M SysV segment: status 130, the segment intact" {
	run sandbox "$interrupted_write"'
		a=$(shmclient create 0xa001 268435456 0600)
		interrupt_write 0xa001
		echo "size=$(field "$a" size) nattch=$(field "$a" nattch)"
		state
	'
	assert_success
	assert_output "writing
rc=130
 A \\0
size=268435456 nattch=0
sysv: 0x0000a001
posix: "
}

@test "SIGINT during a long write into a POSIX object: status 130, the object intact" {
	run sandbox "$interrupted_write"'
		shmclient pcreate /big 33554432 0600 >/dev/null
		interrupt_write /big
		shmclient pstat /big
		state
	'
	assert_success
	assert_output "writing
rc=130
 A \\0
size=33554432 mode=0600 uid=0 gid=0
sysv: 
posix: big"
}

# --- kernel limits, lowered in the sandbox's own IPC namespace ---------------

@test "kernel.shmmni exhausted: create fails with a message naming kernel.shmmni" {
	run sandbox '
		echo 4 >/proc/sys/kernel/shmmni || exit 96
		for k in 0xa001 0xa002 0xa003 0xa004; do shmtool create -s 4K "$k" >/dev/null; done
		show shmtool create -s 4K 0xa005
		show shmtool create -s 4K private
		# POSIX objects are not SysV segments: no limit here.
		show shmtool create -s 4K /obj
		state
	'
	assert_success
	assert_output "err: shmtool: create: 0xa005: no space: kernel.shmmni segments or kernel.shmall pages in use
rc=1
err: shmtool: create: private: no space: kernel.shmmni segments or kernel.shmall pages in use
rc=1
/obj
rc=0
sysv: 0x0000a001 0x0000a002 0x0000a003 0x0000a004
posix: obj"
}

@test "a size above kernel.shmmax: create fails with a message naming kernel.shmmax, exactly shmmax works" {
	run sandbox '
		echo 1048576 >/proc/sys/kernel/shmmax || exit 96
		show shmtool create -s 1048577 0xa001
		show shmtool create -s 2M private
		show shmtool create -s 1M 0xa002
		state
	'
	assert_success
	assert_output "err: shmtool: create: 0xa001: size 1048577 is above kernel.shmmax (1048576)
rc=1
err: shmtool: create: private: size 2097152 is above kernel.shmmax (1048576)
rc=1
0
rc=0
sysv: 0x0000a002
posix: "
}

@test "kernel.shmall exhausted: create fails with a message naming kernel.shmall" {
	run sandbox '
		pages=$((1048576 / $(getconf PAGESIZE)))
		echo "$pages" >/proc/sys/kernel/shmall || exit 96
		shmtool create -s 512K 0xa001 >/dev/null
		shmtool create -s 512K 0xa002 >/dev/null
		show shmtool create -s 1 0xa003
		show shmtool create -s 4K private
		state
	'
	assert_success
	assert_output "err: shmtool: create: 0xa003: no space: kernel.shmmni segments or kernel.shmall pages in use
rc=1
err: shmtool: create: private: no space: kernel.shmmni segments or kernel.shmall pages in use
rc=1
sysv: 0x0000a001 0x0000a002
posix: "
}
