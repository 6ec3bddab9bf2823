#!/usr/bin/env bats
# POSIX shared memory objects in create, stat, ls and rm; names; and
# /dev/shm entries that are not objects (symlinks, directories, FIFOs).
load test_helper
load data_helper

setup() {
	# The longest names there may be, yet this run's own (two runs of the
	# suite may run side by side): NAME padded with n to 255 and 256 bytes.
	local pad
	pad=$(printf 'n%.0s' {1..256})
	# shellcheck disable=SC2153 # NAME is test_helper's
	LONG255=$NAME${pad:0:$((256 - ${#NAME}))}
	LONG256=$NAME${pad:0:$((257 - ${#NAME}))}
	track "$LONG255"
	# Planted entries, with this test's unique name.
	LINK=$NAME-link
	DIR=$NAME-dir
	FIFO=$NAME-fifo
	SEM=/sem.${NAME#/}
	plant "/dev/shm/${LINK#/}" "/dev/shm/${DIR#/}" "/dev/shm/${FIFO#/}" "/dev/shm/${SEM#/}"
	# What the planted links point to: a file of this test's own, never a
	# system file (a shmtool that followed a link would write into it).
	TARGET=$BATS_TEST_TMPDIR/target
	printf 'root only\n' >"$TARGET"
	chmod 0600 "$TARGET"
}

# The object's file, for checks that go around shmtool and the C client.
file_of() {
	echo "/dev/shm/${1#/}"
}

target_untouched() {
	assert_bytes "$TARGET" 'root only\n'
	assert_equal "$(stat -c %a "$TARGET")" 600
}

# --- create ------------------------------------------------------------------

@test "create -s SIZE /name prints the name and makes a 0600 object of that size" {
	run --separate-stderr shmtool create -s 4K "$NAME"
	assert_success
	assert_output "$NAME"
	assert_equal "$stderr" ''
	run -0 shmclient pstat "$NAME"
	assert_output 'size=4096 mode=0600 uid=0 gid=0'
	assert [ -f "$(file_of "$NAME")" ]
	assert [ ! -L "$(file_of "$NAME")" ]
}

@test "create -m MODE sets exactly MODE, whatever the umask" {
	run bash -c 'umask 077; "$0" create -s 1 -m 0666 "$1"' "$SHMTOOL_BIN" "$NAME"
	assert_success
	assert_output "$NAME"
	run -0 shmclient pstat "$NAME"
	assert_output 'size=1 mode=0666 uid=0 gid=0'
}

@test "create without -m is 0600 even with umask 0" {
	run bash -c 'umask 000; "$0" create -s 1 "$1"' "$SHMTOOL_BIN" "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=1 mode=0600 uid=0 gid=0'
}

@test "create is exclusive: an existing object fails, stays as it was" {
	new_posix "$NAME" 16 640
	shmclient pwrite "$NAME" 'keep'
	run --separate-stderr shmtool create -s 1M "$NAME"
	assert_fail "$NAME: already exists"
	assert_output ''
	run -0 shmclient pstat "$NAME"
	assert_output 'size=16 mode=0640 uid=0 gid=0'
	run -0 shmclient pread "$NAME"
	assert_output 'keep'
}

@test "create of several names makes each and prints each" {
	run --separate-stderr shmtool create -s 8 "$NAME" "$NAME2"
	assert_success
	assert_output "$NAME
$NAME2"
	run -0 shmclient pstat "$NAME2"
	assert_output 'size=8 mode=0600 uid=0 gid=0'
}

@test "create as nobody makes an object nobody owns" {
	need_nobody
	run --separate-stderr shmtool_nobody create -s 100 -m 0604 "$NAME"
	assert_success
	assert_output "$NAME"
	run -0 shmclient pstat "$NAME"
	assert_output "size=100 mode=0604 uid=$(id -u nobody) gid=$(id -g nobody)"
}

@test "create a name of 255 characters works" {
	assert_equal "$((${#LONG255} - 1)) $((${#LONG256} - 1))" "255 256"
	run shmtool create -s 1 "$LONG255"
	assert_success
	assert_output "$LONG255"
	[ -f "$(file_of "$LONG255")" ]
}

# --- names refused -----------------------------------------------------------

# Every command refuses NAME with exit 2 and one line, and touches nothing.
refused_everywhere() {
	local name=$1 why=$2 cmd
	for cmd in create stat rm read write attach; do
		# timeout: attach of a name that should have been refused would
		# hold it for ever.
		case $cmd in
		create) run --separate-stderr shmtool_capped create -s 1 "$name" ;;
		write) run --separate-stderr shmtool_capped write "$name" </dev/null ;;
		*) run --separate-stderr shmtool_capped "$cmd" "$name" ;;
		esac
		assert_equal "$status" 2
		assert_equal "$output" ''
		assert_equal "$stderr" "shmtool: $cmd: $name: $why"
	done
}

@test "the name / is refused by every command: empty name" {
	refused_everywhere / 'empty POSIX name'
}

@test "the name /. is refused by every command" {
	refused_everywhere /. "POSIX name cannot be '.' or '..'"
}

@test "the name /.. is refused by every command" {
	refused_everywhere /.. "POSIX name cannot be '.' or '..'"
}

@test "a name with a further / is refused by every command, nothing is made" {
	refused_everywhere "$NAME/x" "POSIX name has a further '/'"
	# Not refused, it would lead out of /dev/shm: into this test's directory.
	refused_everywhere "/../..$BATS_TEST_TMPDIR/escape" "POSIX name has a further '/'"
	[ ! -e "$(file_of "$NAME")" ]
	[ ! -e "$BATS_TEST_TMPDIR/escape" ]
}

@test "a name of 256 characters is refused by every command" {
	refused_everywhere "$LONG256" 'POSIX name longer than NAME_MAX (255)'
}

# --- stat --------------------------------------------------------------------

@test "stat /name shows type, name, mode, owner, group, size and times" {
	need_nobody
	as_nobody shmclient pcreate "$NAME" 100 604 >/dev/null
	run --separate-stderr shmtool stat "$NAME"
	assert_success
	assert_equal "$stderr" ''
	assert_line --regexp '^type +posix$'
	assert_line --regexp "^name +$NAME\$"
	assert_line --regexp '^perms +rw----r--$'
	assert_line --regexp '^mode +0604$'
	assert_line --regexp "^uid +$(id -u nobody)\$"
	assert_line --regexp '^user +nobody$'
	assert_line --regexp "^gid +$(id -g nobody)\$"
	assert_line --regexp "^group +$(id -gn nobody)\$"
	assert_line --regexp '^size +100$'
	ctime=$(date -d "@$(stat -c %Z "$(file_of "$NAME")")" +%Y-%m-%dT%H:%M:%S%:z)
	assert_line --regexp "^ctime +${ctime//+/\\+}\$"
}

@test "stat --json of a POSIX object has exact numbers" {
	new_posix "$NAME" 1000001 640
	run --separate-stderr shmtool stat --json "$NAME"
	assert_success
	assert_line --regexp '^ *"type": "posix",$'
	assert_line --regexp "^ *\"name\": \"$NAME\",\$"
	assert_line --regexp '^ *"mode": "0640",$'
	assert_line --regexp '^ *"size": 1000001,$'
}

@test "stat of a missing object: no such segment, exit 1" {
	run --separate-stderr shmtool stat "$NAME"
	assert_fail "$NAME: no such segment"
	assert_output ''
}

@test "stat of two objects, one missing: shows the other, exit 1" {
	new_posix "$NAME" 16
	run --separate-stderr shmtool stat "$NAME2" "$NAME"
	assert_failure 1
	assert_equal "$stderr" "shmtool: stat: $NAME2: no such segment"
	assert_line --regexp "^name +$NAME\$"
}

# --- ls ----------------------------------------------------------------------

ls_rows() {
	shmtool ls "$@" -o TYPE,KEY,NAME,MODE,SIZE -b --raw --noheadings
}

@test "ls lists POSIX objects beside SysV segments, with a TYPE column" {
	new_sysv "$KEY" 4096 640
	new_posix "$NAME" 1000 604
	run --separate-stderr shmtool ls
	assert_success
	assert_line --index 0 --regexp '^TYPE +KEY +ID +NAME '
	assert_line --regexp "^posix +- +- +$NAME +rw----r-- "
	assert_line --regexp "^sysv +$KEY +$ID +- +rw-r----- "
	run ls_rows
	assert_success
	assert_line "posix - $NAME 0604 1000"
	assert_line "sysv $KEY - 0640 4096"
}

@test "ls --posix shows POSIX objects only, --sysv SysV segments only" {
	new_sysv "$KEY" 4096
	new_posix "$NAME" 1000
	run ls_rows --posix
	assert_success
	assert_line "posix - $NAME 0600 1000"
	refute_line --partial "$KEY"
	refute_line --regexp '^sysv '
	run ls_rows --sysv
	assert_success
	assert_line "sysv $KEY - 0600 4096"
	refute_line --partial "$NAME"
	refute_line --regexp '^posix '
}

@test "ls --posix default columns start with NAME" {
	new_posix "$NAME" 4096
	run shmtool ls --posix
	assert_success
	assert_line --index 0 --regexp '^NAME +PERMS +OWNER +SIZE'
	assert_line --regexp "^$NAME +rw------- +root +4\.0K "
}

@test "ls lists sem.* entries of /dev/shm as TYPE sem, apart from --posix" {
	new_posix "$SEM" 32
	new_posix "$NAME" 32
	run ls_rows --posix
	assert_success
	assert_line "posix - $NAME 0600 32"
	refute_line --partial "$SEM"
	run ls_rows
	assert_success
	assert_line "posix - $NAME 0600 32"
	assert_line "sem - $SEM 0600 32"
	run ls_rows --sem
	assert_success
	assert_line "sem - $SEM 0600 32"
	refute_line --partial "$NAME"
}

@test "ls skips a directory, a FIFO and a symlink in /dev/shm and lists the rest" {
	mkdir "$(file_of "$DIR")"
	mkfifo "$(file_of "$FIFO")"
	ln -s "$TARGET" "$(file_of "$LINK")"
	new_posix "$NAME" 16
	new_posix "$NAME2" 32
	run --separate-stderr shmtool_capped ls --posix -o NAME,SIZE -b --raw --noheadings
	assert_success
	assert_equal "$stderr" ''
	assert_line "$NAME 16"
	assert_line "$NAME2 32"
	refute_line --partial "$DIR"
	refute_line --partial "$FIFO"
	refute_line --partial "$LINK"
	target_untouched
}

@test "ls --json gives POSIX names with their leading /" {
	new_posix "$NAME" 1000
	run shmtool ls --posix --json
	assert_success
	assert_line --regexp "^ *\"name\": \"$NAME\",\$"
}

# --- rm ----------------------------------------------------------------------

@test "rm /name removes the object, silently" {
	new_posix "$NAME" 16
	run --separate-stderr shmtool rm "$NAME"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run -1 shmclient pstat "$NAME"
	[ ! -e "$(file_of "$NAME")" ]
}

@test "rm of a missing object fails: no such segment; goes on with the others" {
	new_posix "$NAME2" 16
	run --separate-stderr shmtool rm "$NAME" "$NAME2"
	assert_fail "$NAME: no such segment"
	[ ! -e "$(file_of "$NAME2")" ]
}

@test "rm of root's object as nobody: permission denied, the object stays" {
	need_nobody
	new_posix "$NAME" 16 666
	run --separate-stderr shmtool_nobody rm "$NAME"
	assert_fail "$NAME: permission denied"
	[ -f "$(file_of "$NAME")" ]
}

# --- symlinks planted in /dev/shm are never followed -------------------------

@test "stat of a symlink planted in /dev/shm fails and does not follow it" {
	ln -s "$TARGET" "$(file_of "$LINK")"
	run --separate-stderr shmtool stat "$LINK"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$stderr" "shmtool: stat: $LINK: a symbolic link, not followed"
	target_untouched
}

@test "read of a symlink planted in /dev/shm fails and prints nothing of the target" {
	ln -s "$TARGET" "$(file_of "$LINK")"
	run --separate-stderr shmtool read "$LINK"
	assert_fail "$LINK: a symbolic link, not followed"
	assert_output ''
	target_untouched
}

@test "write to a symlink planted in /dev/shm fails and leaves the target alone" {
	ln -s "$TARGET" "$(file_of "$LINK")"
	run --separate-stderr feed 'evil::0:0::/:/bin/sh' write "$LINK"
	assert_fail "$LINK: a symbolic link, not followed"
	run --separate-stderr feed 'x' write --truncate "$LINK"
	assert_fail "$LINK: a symbolic link, not followed"
	run --separate-stderr feed 'x' write --create -s 1 "$LINK"
	assert_fail "$LINK: a symbolic link, not followed"
	target_untouched
}

@test "rm of a symlink planted in /dev/shm fails; link and target stay" {
	ln -s "$TARGET" "$(file_of "$LINK")"
	run --separate-stderr shmtool rm "$LINK"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: rm: $LINK: a symbolic link, not followed"
	[ -L "$(file_of "$LINK")" ]
	target_untouched
}

@test "attach of a symlink planted in /dev/shm fails at once" {
	ln -s "$TARGET" "$(file_of "$LINK")"
	run --separate-stderr shmtool_capped attach "$LINK" -- true
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: attach: $LINK: a symbolic link, not followed"
	target_untouched
}

@test "create over a planted symlink fails and does not create the target" {
	ln -s "/tmp/shmtool-test-target-$$-$BATS_TEST_NUMBER" "$(file_of "$LINK")"
	run --separate-stderr shmtool create -s 1 "$LINK"
	assert_equal "$status" 1
	[ ! -e "/tmp/shmtool-test-target-$$-$BATS_TEST_NUMBER" ]
	[ -L "$(file_of "$LINK")" ]
}

@test "stat, read and rm of a directory or FIFO in /dev/shm fail quickly: not a regular file" {
	mkdir "$(file_of "$DIR")"
	mkfifo "$(file_of "$FIFO")"
	for n in "$DIR" "$FIFO"; do
		for cmd in stat read rm; do
			run --separate-stderr shmtool_capped "$cmd" "$n"
			assert_equal "$status" 1
			assert_equal "$stderr" "shmtool: $cmd: $n: not a regular file"
		done
	done
	assert [ -d "$(file_of "$DIR")" ]
	assert [ -p "$(file_of "$FIFO")" ]
}

# A seccomp profile older than statx(2) (older container runtimes) makes it
# fail with EPERM: shmtool then looks with fstatat, as before it used statx,
# and only the check of what is mounted over a name is lost.
@test "with statx refused (EPERM, an old seccomp profile), ls, stat, write, read and rm of a POSIX object work" {
	new_posix "$NAME" 16
	export LD_PRELOAD=$SHMTOOL_BUILD/tests/nostatx.so
	run shmtool ls --posix --noheadings -r -o name,size -b
	assert_success
	assert_line "$NAME 16"
	run shmtool stat "$NAME"
	assert_success
	assert_line "size     16"
	printf 'via fstatat' | shmtool write "$NAME"
	run shmtool read -n 11 "$NAME"
	assert_output "via fstatat"
	run shmtool rm "$NAME"
	assert_success
	unset LD_PRELOAD
	run shmclient pstat "$NAME"
	assert_failure
}
