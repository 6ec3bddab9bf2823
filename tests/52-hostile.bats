#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# Hostile input and a hostile /dev/shm: odd POSIX names, entries planted by
# another user (symlinks, a FIFO, a directory, a socket), the keys at the
# ends of the range, a reused shmid, a mode 0000 segment of another user,
# and a segment removed while still attached.  Each case runs in the
# sandbox (ns_helper.bash): fixed keys and names there touch nothing else,
# and ids start from 0 in its fresh IPC namespace.  Each script prints a
# transcript (show: stdout, "err: " stderr, "rc=N") and ends with `state`.
load test_helper
load ns_helper

setup() {
	need_sandbox
}

# --- POSIX names -------------------------------------------------------------

# Where a name would lead if it were not refused: /a/b, /a/ inside the
# sandbox's /dev/shm; //TMP/escape and /../..TMP/escape into this test's
# own directory (not to / or /dev, which are the machine's), where "escape"
# must never appear.  Each command runs under `timeout $WAIT_CAP`: attach
# of a name that should have been refused would hold it for ever.
@test "POSIX names with a further '/', '.' or '..', empty, or longer than 255 bytes are refused as usage errors by every command" {
	run sandbox '
		long=/$(printf "%0256d" 0 | tr 0 x)
		for name in /a/b /a/ "/$T/escape" "/../..$T/escape" /.. /. / "$long"; do
			for cmd in "create -s 4K" stat rm read "write --create -s 4K" attach; do
				# shellcheck disable=SC2086
				timeout "$WAIT_CAP" ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" \
				    $cmd "$name" </dev/null >"$T/out" 2>"$T/err"
				echo "rc=$? $(cat "$T/out" "$T/err")"
			done
		done | sed "s/x\{256\}/x*256/g"
		[ -e "$T/escape" ] && echo "escape made"
		state
	'
	assert_success
	local name cmd why want=""
	for name in /a/b /a/ "/$BATS_TEST_TMPDIR/escape" "/../..$BATS_TEST_TMPDIR/escape" \
	    /.. /. / "/x*256"; do
		case $name in
		/.. | /.) why="POSIX name cannot be '.' or '..'" ;;
		/) why="empty POSIX name" ;;
		/x*256) why="POSIX name longer than NAME_MAX (255)" ;;
		*) why="POSIX name has a further '/'" ;;
		esac
		for cmd in create stat rm read write attach; do
			want+="rc=2 shmtool: $cmd: $name: $why"$'\n'
		done
	done
	assert_output "${want}sysv: 
posix: "
}

@test "a POSIX name of exactly 255 bytes works: create, ls, stat, write, read, rm" {
	run sandbox '
		name=/$(printf "%0255d" 0 | tr 0 y)
		shmtool create -s 4K "$name" | sed "s/y\{255\}/y*255/"
		ls /dev/shm | sed "s/y\{255\}/y*255/"
		shmtool ls --posix --noheadings -r -o NAME,SIZE -b | sed "s/y\{255\}/y*255/"
		shmtool stat "$name" | grep "^name " | sed "s/y\{255\}/y*255/"
		printf hello | shmtool write "$name" && shmclient pread "$name"
		shmclient pwrite "$name" back && shmtool read -z "$name" && echo
		show shmtool rm "$name"
		state
	'
	assert_success
	assert_output "/y*255
y*255
/y*255 4096
name     /y*255
hello
back
rc=0
sysv: 
posix: "
}

@test "odd but NUL-free bytes in POSIX names (space, tab, newline, UTF-8, invalid UTF-8, a leading '-') work, and ls escapes them" {
	run sandbox '
		names=("/a b" $'"'"'/tab\there'"'"' $'"'"'/nl\nhere'"'"' /héllo /日本 $'"'"'/\xff\xfe'"'"' /-x /-- /...)
		for n in "${names[@]}"; do
			out=$(shmtool create -s 4K "$n") || echo "create failed: $n"
			# Printed escaped, one line, which reads back as the name.
			[ "$(printf "%b" "$out")" = "$n" ] || echo "create printed $out for $n"
			printf "%s" "data of $n" | shmtool write "$n" || echo "write failed: $n"
			[ "$(shmclient pread "$n")" = "data of $n" ] || echo "write differs: $n"
			shmclient pwrite "$n" "back of $n"
			[ "$(shmtool read -z "$n")" = "back of $n" ] || echo "read differs: $n"
			[ -f "/dev/shm/${n#/}" ] || echo "not in /dev/shm: $n"
			[ "$(shmtool stat --export "$n" | wc -l)" = 1 ] || echo "stat --export not one line: $n"
		done
		echo "-- ls"
		shmtool ls --posix --noheadings -r -o NAME --sort NAME
		echo "-- ls --json"
		# (The invalid UTF-8 name comes escaped, \xff: see the next test.)
		shmtool ls --posix -J -o NAME --sort NAME | grep -a "\"name\"" | grep -av "$(printf "\377")"
		for n in "${names[@]}"; do
			shmtool rm "$n" || echo "rm failed: $n"
		done
		state
	'
	assert_success
	assert_output '-- ls
/--
/-x
/...
/a\x20b
/h\xc3\xa9llo
/nl\x0ahere
/tab\x09here
/\xe6\x97\xa5\xe6\x9c\xac
/\xff\xfe
-- ls --json
         "name": "/--"
         "name": "/-x"
         "name": "/..."
         "name": "/a b"
         "name": "/héllo"
         "name": "/nl\nhere"
         "name": "/tab\there"
         "name": "/日本"
         "name": "/\\xff\\xfe"
sysv: 
posix: '
}

# JSON is UTF-8 (RFC 8259): a name that is not must come out escaped (as
# ls's table does, \xff) or replaced, never as raw bytes a parser rejects.
@test "ls --json and stat --json stay valid JSON when a POSIX name is not UTF-8" {
	run sandbox '
		valid() {
			/usr/bin/python3 -c "import json, sys
try:
    json.load(sys.stdin.buffer)
    print(sys.argv[1] + \": valid\")
except ValueError as e:
    print(sys.argv[1] + \": invalid JSON: \" + str(e))" "$1"
		}
		shmtool create -s 4K $'"'"'/\xff\xfe'"'"' /ok >/dev/null
		shmtool ls --posix -J -o NAME | valid ls
		shmtool stat -J $'"'"'/\xff\xfe'"'"' | valid stat
	'
	assert_success
	assert_output "ls: valid
stat: valid"
}

@test "/-x is a name, not an option; -- ends the options; -x alone is an unknown option" {
	run sandbox '
		show shmtool create -s 4K /-x
		show shmtool create -s 4K -- /--
		printf abc | shmtool write -- /-x; echo "write rc=$? $(shmclient pread /-x)"
		show shmtool read -z -- /-x
		shmtool stat -- /-x /-- | grep "^name "
		shmtool ls --posix --noheadings -r -o NAME --sort NAME
		show shmtool rm -x
		show shmtool stat -- -x
		show shmtool create -s 4K --
		show shmtool rm -v -- /-x /--
		state
	'
	assert_success
	assert_output "/-x
rc=0
/--
rc=0
write rc=0 abc
abcrc=0
name     /-x
name     /--
/--
/-x
err: shmtool: rm: unknown option '-x' (see shmtool rm --help)
rc=2
err: shmtool: stat: -x: not a SPEC (want /name, 0xKEY, ID, key:N, id:N, ftok:PATH:PROJ, file:PATH)
rc=2
err: shmtool: create: no SPEC given (see shmtool create --help)
rc=2
removed posix /-x (4.0K, root)
removed posix /-- (4.0K, root)
rc=0
sysv: 
posix: "
}

# --- entries planted in /dev/shm by another user -------------------------------

# As nobody: a symlink to a root-only file, a symlink to root's object /ok,
# a dangling symlink into a root-only directory, a FIFO, a directory and a
# socket.  None of them is an object: ls leaves them out, and no command
# follows, opens or removes them, or blocks on the FIFO (each runs under
# `timeout $WAIT_CAP`, a cap against a hang, which would say rc=124).
planted='
	mkdir -m 0700 "$T/private"
	echo "root only" >"$T/private/secret"
	chmod 0600 "$T/private/secret"
	shmtool create -s 4K /ok >/dev/null
	printf "ok data" | shmtool write /ok
	as_nobody ln -s "$T/private/secret" /dev/shm/link
	as_nobody ln -s /dev/shm/ok /dev/shm/okl
	as_nobody ln -s "$T/private/new" /dev/shm/dangling
	as_nobody mkfifo /dev/shm/fifo
	as_nobody mkdir /dev/shm/dir
	as_nobody perl -MIO::Socket::UNIX -e "IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => \"/dev/shm/sock\") or die \"socket: \$!\"" || exit 95
	try() {
		timeout "$WAIT_CAP" "$@" >"$T/out" 2>"$T/err" </dev/null
		echo "rc=$? $(cat "$T/out" "$T/err")"
	}
	NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	try_in() {
		printf "evil" | timeout "$WAIT_CAP" "$@" >"$T/out" 2>"$T/err"
		echo "rc=$? $(cat "$T/out" "$T/err")"
	}
	untouched() {
		[ "$(cat "$T/private/secret")" = "root only" ] && echo "secret untouched"
		[ ! -e "$T/private/new" ] && echo "nothing made through the dangling link"
		ls -l /dev/shm | awk "NR > 1 { print substr(\$1, 1, 1), \$3, \$NF }"
	}
'

@test "ls leaves out symlinks, a FIFO, a directory and a socket planted by another user, and lists the rest" {
	need_nobody
	run sandbox "$planted"'
		ls /dev/shm | xargs
		try shmtool ls --posix --noheadings -r -o NAME
		try shmtool ls --noheadings -r -o TYPE,NAME
		try shmtool ls -J -o NAME
		try $NOBODY "$SHMTOOL_BUILD/shmtool" ls --posix --noheadings -r -o NAME
		try shmtool rm -n --all
		try shmtool rm --all
		untouched
	'
	assert_success
	assert_output "dangling dir fifo link ok okl sock
rc=0 /ok
rc=0 posix /ok
rc=0 {
   \"segments\": [
      {
         \"name\": \"/ok\"
      }
   ]
}
rc=0 /ok
rc=0 would remove posix /ok (4.0K, root)
rc=0 
secret untouched
nothing made through the dangling link
l nobody $BATS_TEST_TMPDIR/private/new
d nobody dir
p nobody fifo
l nobody $BATS_TEST_TMPDIR/private/secret
l nobody /dev/shm/ok
s nobody sock"
}

@test "stat, read, write, attach and rm refuse a planted symlink, and neither it nor its target changes" {
	run sandbox "$planted"'
		for n in /link /okl /dangling; do
			try shmtool stat "$n"
			try shmtool read "$n"
			try_in shmtool write "$n"
			try_in shmtool write --truncate "$n"
			try_in shmtool write --create -s 4K "$n"
			try shmtool attach "$n" -- true
			try shmtool create -s 4K "$n"
			try shmtool create --exist-ok -s 4K "$n"
			try shmtool rm "$n"
		done
		[ "$(shmclient pread /ok | tr -d "\0")" = "ok data" ] && echo "/ok untouched"
		untouched
	'
	assert_success
	assert_output "rc=1 shmtool: stat: /link: a symbolic link, not followed
rc=1 shmtool: read: /link: a symbolic link, not followed
rc=1 shmtool: write: /link: a symbolic link, not followed
rc=1 shmtool: write: /link: a symbolic link, not followed
rc=1 shmtool: write: /link: a symbolic link, not followed
rc=1 shmtool: attach: /link: a symbolic link, not followed
rc=1 shmtool: create: /link: already exists
rc=1 shmtool: create: /link: a symbolic link, not followed
rc=1 shmtool: rm: /link: a symbolic link, not followed
rc=1 shmtool: stat: /okl: a symbolic link, not followed
rc=1 shmtool: read: /okl: a symbolic link, not followed
rc=1 shmtool: write: /okl: a symbolic link, not followed
rc=1 shmtool: write: /okl: a symbolic link, not followed
rc=1 shmtool: write: /okl: a symbolic link, not followed
rc=1 shmtool: attach: /okl: a symbolic link, not followed
rc=1 shmtool: create: /okl: already exists
rc=1 shmtool: create: /okl: a symbolic link, not followed
rc=1 shmtool: rm: /okl: a symbolic link, not followed
rc=1 shmtool: stat: /dangling: a symbolic link, not followed
rc=1 shmtool: read: /dangling: a symbolic link, not followed
rc=1 shmtool: write: /dangling: a symbolic link, not followed
rc=1 shmtool: write: /dangling: a symbolic link, not followed
rc=1 shmtool: write: /dangling: a symbolic link, not followed
rc=1 shmtool: attach: /dangling: a symbolic link, not followed
rc=1 shmtool: create: /dangling: already exists
rc=1 shmtool: create: /dangling: a symbolic link, not followed
rc=1 shmtool: rm: /dangling: a symbolic link, not followed
/ok untouched
secret untouched
nothing made through the dangling link
l nobody $BATS_TEST_TMPDIR/private/new
d nobody dir
p nobody fifo
l nobody $BATS_TEST_TMPDIR/private/secret
- root ok
l nobody /dev/shm/ok
s nobody sock"
}

# A FIFO must not block (open with O_NONBLOCK; rc=124 would be the timeout).
# Opening a directory for writing fails first with EISDIR: "is a directory"
# is as clear, but every command says "not a regular file".  open(2) of a
# socket fails with ENXIO; "no such device or address" would say nothing
# about why a name in /dev/shm is not an object.
@test "stat, read, write, attach and rm refuse a planted FIFO, directory and socket, without blocking" {
	run sandbox "$planted"'
		for n in /fifo /dir /sock; do
			try shmtool stat "$n"
			try shmtool read "$n"
			try_in shmtool write "$n"
			try_in shmtool write --truncate "$n"
			try_in shmtool write --create -s 4K "$n"
			try shmtool attach "$n" -- true
			try shmtool create --exist-ok -s 4K "$n"
			try shmtool rm "$n"
		done
		untouched
	'
	assert_success
	local n cmd want=""
	for n in /fifo /dir /sock; do
		for cmd in stat read write write write attach create rm; do
			want+="rc=1 shmtool: $cmd: $n: not a regular file"$'\n'
		done
	done
	assert_output "${want}secret untouched
nothing made through the dangling link
l nobody $BATS_TEST_TMPDIR/private/new
d nobody dir
p nobody fifo
l nobody $BATS_TEST_TMPDIR/private/secret
- root ok
l nobody /dev/shm/ok
s nobody sock"
}

# --- SysV keys and ids -----------------------------------------------------------

# Where fs.protected_hardlinks is 0 (the kernel's default; systemd sets
# 1), a user may link root's object into /dev/shm under a name of its own
# and wait for root to change "its" object.  (Linked by root here, as the
# sysctl may be 1.)  What changes an object refuses one with a second
# name; reading it is root's own business, and rm removes only the link.
@test "write, truncate, chmod (and its -n), chown, attach and create --exist-ok refuse a POSIX object with a second name (a hard link); read and rm of it work, and the object is unchanged" {
	run sandbox "$planted"'
		printf "root data" >/dev/shm/secret
		chmod 600 /dev/shm/secret
		ln /dev/shm/secret /dev/shm/x
		try_in shmtool write /x
		try_in shmtool write --truncate /x
		try shmtool truncate -s 0 /x
		try shmtool chmod 666 /x
		try shmtool chmod -n 666 /x
		try shmtool chown nobody /x
		try shmtool attach /x -- true
		try shmtool create --exist-ok -s 4 /x
		try shmtool read /x
		try shmtool rm /x
		stat -c "%a %U %s %h" /dev/shm/secret
		cat /dev/shm/secret; echo
	'
	assert_success
	why="has another name too (a hard link): not changed"
	assert_output "rc=1 shmtool: write: /x: $why
rc=1 shmtool: write: /x: $why
rc=1 shmtool: truncate: /x: $why
rc=1 shmtool: chmod: /x: $why
rc=1 shmtool: chmod: /x: $why
rc=1 shmtool: chown: /x: $why
rc=1 shmtool: attach: /x: $why
rc=1 shmtool: create: /x: $why
rc=0 root data
rc=0 
600 root 9 1
root data"
}

# What is mounted over a name in /dev/shm (a bind mount; a user's FUSE
# file system, where fusermount allows it) is not the object the name
# made: ls leaves it out and every command refuses it, rm --all included.
@test "a file mounted over a name in /dev/shm is left out by ls and refused by stat, read, write, chmod, rm and rm --all; what is under it and over it is unchanged" {
	run sandbox "$planted"'
		printf aaaa >/dev/shm/a
		printf bbbb >/dev/shm/b
		mount --bind /dev/shm/a /dev/shm/b
		echo outside >$T/outside
		touch /dev/shm/c
		mount --bind $T/outside /dev/shm/c
		try shmtool ls --posix -b -o name,size
		for n in /b /c; do
			try shmtool stat "$n"
			try shmtool read "$n"
			try_in shmtool write "$n"
			try shmtool chmod 666 "$n"
			try shmtool rm "$n"
		done
		try shmtool rm --all -v
		umount /dev/shm/b /dev/shm/c
		echo "b: $(cat /dev/shm/b) c: $(cat /dev/shm/c | wc -c) outside: $(cat $T/outside) $(stat -c %a $T/outside)"
	'
	assert_success
	why="something is mounted over its name: not used"
	assert_output "rc=0 NAME  SIZE
/a       4
/ok   4096
rc=1 shmtool: stat: /b: $why
rc=1 shmtool: read: /b: $why
rc=1 shmtool: write: /b: $why
rc=1 shmtool: chmod: /b: $why
rc=1 shmtool: rm: /b: $why
rc=1 shmtool: stat: /c: $why
rc=1 shmtool: read: /c: $why
rc=1 shmtool: write: /c: $why
rc=1 shmtool: chmod: /c: $why
rc=1 shmtool: rm: /c: $why
rc=0 removed posix /a (4B, root)
removed posix /ok (4.0K, root)
b: bbbb c: 0 outside: outside 644"
}

@test "key 0 is refused as a SPEC (usage error, exit 2) by every command" {
	run sandbox '
		for k in 0x0 0x00000000 key:0 key:0x0; do
			for cmd in "create -s 4K" stat rm read write attach; do
				# shellcheck disable=SC2086
				shmtool $cmd "$k" </dev/null >"$T/out" 2>"$T/err"
				echo "rc=$? $(cat "$T/out" "$T/err")"
			done
		done
		show shmtool rm -M 0
		show shmtool rm -M 0x0
		state
	'
	assert_success
	local k cmd want=""
	for k in 0x0 0x00000000 key:0 key:0x0; do
		for cmd in create stat rm read write attach; do
			want+="rc=2 shmtool: $cmd: $k: key 0 is IPC_PRIVATE and names no one segment; use its id"$'\n'
		done
	done
	assert_output "${want}err: shmtool: rm: -M 0: key 0 is IPC_PRIVATE and names no one segment; use its id
rc=2
err: shmtool: rm: -M 0x0: key 0 is IPC_PRIVATE and names no one segment; use its id
rc=2
sysv: 
posix: "
}

# A key with its top bit set is a negative key_t; 0xffffffff is also what
# ftok returns on error, and 0x8000abcd goes wrong where a sign-extended
# 0xffffffff happens to print right.  Each step is checked against what the
# kernel says (shmclient, ipcs), not against shmtool itself.
@test "keys with the top bit set (0xffffffff, 0x8000abcd) work: create, stat, ls, write, read, attach, rm" {
	run sandbox '
		for k in 0xffffffff 0x8000abcd; do
			echo "-- $k"
			show shmtool create -s 4K "$k"
			id=$(shmclient id "$k") || echo "the kernel has no key $k"
			echo "id=$id"
			echo "shmclient: $(shmclient stat "$id" | cut -d" " -f1-2)"
			echo "ipcs: $(ipcs -m | awk -v id="$id" "\$2 == id { print \$1, \$2 }")"
			show shmtool create -s 4K "$k"
			shmtool stat "$k" | grep -E "^(key|id|size) "
			shmtool stat "key:$((k))" | grep -E "^key "
			shmtool ls --sysv --noheadings -r -o KEY,ID,SIZE -b
			shmtool ls --sysv -J -o KEY | grep -a "\"key\""
			printf max | shmtool write "$k" && echo "shmclient read: $(shmclient read "$id")"
			shmclient write "$id" back && shmtool read -z "$k" && echo
			shmtool attach "$k" -- "$SHMTOOL_BUILD/tests/shmclient" stat "$id" |
			    grep -o " nattch=[0-9]*"
			echo "attach rc=${PIPESTATUS[0]}, nattch now $(field "$id" nattch)"
			show shmtool rm -v "$k"
			shmclient exists "$id" || echo "the kernel has no id $id"
			show shmtool stat "$k"
		done
		state
	'
	assert_success
	local k id want=""
	for k in 0xffffffff 0x8000abcd; do
		id=$(sed -n "/^-- $k\$/,/^-- /s/^id=//p" <<<"$output")
		assert [ -n "$id" ]
		want+="-- $k
$id
rc=0
id=$id
shmclient: key=$k id=$id
ipcs: $k $id
err: shmtool: create: $k: already exists
rc=1
key      $k
id       $id
size     4096
key      $k
$k $id 4096
         \"key\": \"$k\"
shmclient read: max
back
 nattch=1
attach rc=0, nattch now 0
removed sysv $k (id $id, 4.0K, root)
rc=0
the kernel has no id $id
err: shmtool: stat: $k: no such segment
rc=1
"
	done
	assert_output "${want}sysv: 
posix: "
}

# shm_next_id makes the next segment take a chosen id: the one just freed.
@test "a reused shmid: the old key names nothing, the id names the new segment, and shmtool shows what is there now" {
	run sandbox '
		a=$(shmclient create 0xa001 4096 0600)
		shmclient write "$a" old
		shmclient rm "$a"
		echo "$a" >/proc/sys/kernel/shm_next_id || exit 96
		b=$(shmclient create 0xa002 8192 0600)
		shmclient write "$b" new
		[ "$a" = "$b" ] && echo "id $a reused"
		echo "kernel: $(shmclient stat "$a" | cut -d" " -f1-2) $(shmclient stat "$a" | tr " " "\n" | grep "^size=")"
		show shmtool stat 0xa001
		show shmtool read 0xa001
		shmtool stat "$a" | grep -E "^(key|id|size) "
		shmtool read -z "$a"; echo
		shmtool read -z "id:$a"; echo
		printf newer | shmtool write "$a" && echo "kernel: $(shmclient read "$a")"
		shmtool ls --sysv --noheadings -r -o KEY,ID,SIZE -b | sed "s/ $a / ID /"
		show shmtool rm 0xa001
		shmclient exists "$a" && echo "id $a still there"
		show shmtool rm -v "$a" | sed "s/id $a,/id ID,/"
		shmclient exists "$a" || echo "id $a gone"
		state
	'
	assert_success
	assert_output "id 0 reused
kernel: key=0x0000a002 id=0 size=8192
err: shmtool: stat: 0xa001: no such segment
rc=1
err: shmtool: read: 0xa001: no such segment
rc=1
key      0x0000a002
id       0
size     8192
new
new
kernel: newer
0x0000a002 ID 8192
err: shmtool: rm: 0xa001: no such segment
rc=1
id 0 still there
removed sysv 0x0000a002 (id ID, 8.0K, root)
rc=0
id 0 gone
sysv: 
posix: "
}

# --- another user's mode 0000 segment --------------------------------------------

mode0000='
	a=$(as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xa001 4096 0) || exit 95
	echo "a=$a"
	NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
'

@test "a mode 0000 segment of nobody: root may stat and rm it; nobody gets 'permission denied' but, as owner, may rm it" {
	need_nobody
	run sandbox "$mode0000"'
		shmtool stat 0xa001 | grep -E "^(key|perms|mode|user|cuser|size) "
		show shmtool_nobody stat 0xa001
		show shmtool_nobody stat "$a"
		show shmtool_nobody read "$a"
		printf x | shmtool_nobody write "$a"; echo "write rc=$?"
		show shmtool_nobody attach "$a" -- true
		show shmtool_nobody ls --sysv --noheadings -r -o KEY,PERMS,OWNER,SIZE
		show shmtool_nobody rm 0xa001
		state
		b=$(as_nobody "$SHMTOOL_BUILD/tests/shmclient" create 0xa002 4096 0)
		show shmtool rm "$b"
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
key      0x0000a001
perms    ---------
mode     0000
user     nobody
cuser    nobody
size     4096
err: shmtool: stat: 0xa001: permission denied
rc=1
err: shmtool: stat: $a: permission denied
rc=1
err: shmtool: read: $a: permission denied
rc=1
shmtool: write: $a: permission denied
write rc=1
err: shmtool: attach: $a: permission denied
rc=1
0x0000a001 --------- nobody 4.0K
rc=0
rc=0
sysv: 
posix: 
rc=0
sysv: 
posix: "
}

# rm -v cannot IPC_STAT what it may remove but not read; what it prints must
# still be true (SHM_STAT_ANY, as ls uses, tells size and owner).
@test "rm -n and rm -v of a mode 0000 segment by its owner name the right size and owner" {
	need_nobody
	run sandbox "$mode0000"'
		show shmtool_nobody rm -n 0xa001
		show shmtool_nobody rm -v 0xa001
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
would remove sysv 0x0000a001 (id $a, 4.0K, nobody)
rc=0
removed sysv 0x0000a001 (id $a, 4.0K, nobody)
rc=0
sysv: 
posix: "
}

# --- removed while attached ---------------------------------------------------------

@test "a segment removed while attached: stat shows dest and key 0, read and write by id work, rm by id again succeeds with a note" {
	run sandbox '
		a=$(shmtool create -s 4K 0xa001); echo "a=$a"
		shmclient write "$a" hello
		attach_bg 0xa001; h=$HELD
		show shmtool rm 0xa001
		shmtool stat "$a" | grep -E "^(key|id|nattch|status) "
		shmtool stat --json "$a" | grep -E "\"(key|status)\""
		show shmtool stat 0xa001
		shmtool read -z "$a"; echo " rc=$?"
		printf world | shmtool write "$a"; echo "write rc=$?"
		shmclient read "$a"
		show shmtool rm "$a"
		show shmtool rm --all -v
		shmtool ls --sysv --noheadings -r -o KEY,ID,NATTCH,STATUS | sed "s/ $a / ID /"
		# The key is free at once.
		shmtool create -s 4K 0xa001 >/dev/null && echo "key 0xa001 free again"
		shmtool rm 0xa001
		release "$h"
		show shmtool stat "$a"
		state
	'
	assert_success
	a=$(out_var a)
	assert_output "a=$a
err: shmtool: rm: 0xa001: still attached by 1 process; it goes when the last detaches
rc=0
key      0x00000000
id       $a
nattch   1
status   dest
         \"key\": \"0x00000000\",
         \"status\": \"dest\",
err: shmtool: stat: 0xa001: no such segment
rc=1
hello rc=0
write rc=0
world
err: shmtool: rm: $a: still attached by 1 process; it goes when the last detaches
rc=0
rc=0
0x00000000 ID 1 dest
key 0xa001 free again
err: shmtool: stat: $a: no such segment
rc=1
sysv: 
posix: "
}
