#!/usr/bin/env bats
# chmod, chown and truncate: the kernel's view afterwards (shmclient stat,
# pstat, stat(1)), as root and as nobody, the second look before a change,
# and every SPEC found before any segment changes.
load test_helper
load sysv_helper

@test "chmod sets the mode of a SysV segment and a POSIX object, -v says from what to what" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	run --separate-stderr shmtool chmod -v 0640 "$KEY" "$NAME"
	assert_success
	assert_output "changed mode of $KEY from 0600 to 0640
changed mode of $NAME from 0600 to 0640"
	assert_equal "$(field "$id" mode)" 0640
	assert_equal "$(stat -c %a "/dev/shm/${NAME#/}")" 640
}

@test "chmod -n says what would change and changes nothing" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool chmod -n 0644 "$id"
	assert_success
	assert_output "would change mode of $id from 0600 to 0644"
	assert_equal "$(field "$id" mode)" 0600
}

@test "chmod of a file:PATH changes the file, not a link to it" {
	f=$BATS_TEST_TMPDIR/f
	printf x >"$f"
	chmod 0600 "$f"
	run --separate-stderr shmtool chmod 0604 "file:$f"
	assert_success
	assert_equal "$(stat -c %a "$f")" 604
}

@test "chmod refuses a symbolic link in /dev/shm and changes nothing through it" {
	target=$BATS_TEST_TMPDIR/target
	printf x >"$target"
	chmod 0600 "$target"
	ln -s "$target" "/dev/shm/${NAME#/}"
	track "$NAME"
	run --separate-stderr shmtool chmod 0666 "$NAME"
	assert_fail "$NAME: a symbolic link, not followed"
	assert_equal "$(stat -c %a "$target")" 600
}

@test "chmod finds every SPEC before changing any: one missing changes nothing" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool chmod 0644 "$KEY" "$KEY2"
	assert_fail "$KEY2: no such segment"
	assert_equal "$(field "$id" mode)" 0600
}

@test "chmod with a mode that is not octal, or above 0777, is a usage error" {
	run --separate-stderr shmtool chmod 0800 "$KEY"
	assert_usage "mode 0800: mode must be octal, like 0600"
	run --separate-stderr shmtool chmod 01777 "$KEY"
	assert_usage "mode 01777: mode must be at most 0777"
	run --separate-stderr shmtool chmod 0644
	assert_usage "want MODE and a SPEC (see shmtool chmod --help)"
}

@test "chmod as nobody of root's segment and object: permission denied, -n too, nothing changed" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0644)
	shmclient pcreate "$NAME" 100 0644 >/dev/null
	run --separate-stderr shmtool_nobody chmod -n 0666 "$KEY"
	assert_fail "$KEY: permission denied"
	run --separate-stderr shmtool_nobody chmod 0666 "$NAME"
	assert_fail "$NAME: permission denied"
	assert_equal "$(field "$id" mode)" 0644
	assert_equal "$(stat -c %a "/dev/shm/${NAME#/}")" 644
}

@test "chmod as the owner of a mode 0000 segment works (it may not read it)" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0600)
	shmorphan chown "$id" 65534 65534
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	chown nobody "/dev/shm/${NAME#/}"
	chmod 0000 "/dev/shm/${NAME#/}"
	run --separate-stderr shmtool chmod 0000 "$id"
	assert_success
	run --separate-stderr shmtool_nobody chmod 0600 "$id" "$NAME"
	assert_success
	assert_equal "$(field "$id" mode)" 0600
	assert_equal "$(stat -c %a "/dev/shm/${NAME#/}")" 600
}

@test "chown sets owner and group of both kinds; a SysV creator stays" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	run --separate-stderr shmtool chown -v nobody:nogroup "$KEY" "$NAME"
	assert_success
	assert_output "changed owner of $KEY from root:root to nobody:nogroup
changed owner of $NAME from root:root to nobody:nogroup"
	assert_equal "$(field "$id" uid)" 65534
	assert_equal "$(field "$id" gid)" "$(getent group nogroup | cut -d: -f3)"
	assert_equal "$(field "$id" cuid)" 0
	assert_equal "$(stat -c %u:%g "/dev/shm/${NAME#/}")" "65534:$(getent group nogroup | cut -d: -f3)"
}

@test "chown :GROUP changes the group only, USER the owner only" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool chown :nogroup "$id"
	assert_success
	assert_equal "$(field "$id" uid)" 0
	assert_equal "$(field "$id" gid)" "$(getent group nogroup | cut -d: -f3)"
	run --separate-stderr shmtool chown 65534 "$id"
	assert_success
	assert_equal "$(field "$id" uid)" 65534
	assert_equal "$(field "$id" gid)" "$(getent group nogroup | cut -d: -f3)"
}

@test "chown of an unknown user or group is a usage error and changes nothing" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool chown no-such-user-shmtool "$id"
	assert_usage "owner no-such-user-shmtool: no such user"
	run --separate-stderr shmtool chown root:no-such-group-shmtool "$id"
	assert_usage "group no-such-group-shmtool: no such group"
	assert_equal "$(field "$id" uid)" 0
}

@test "chown as nobody of its own POSIX object to another user: permission denied" {
	need_nobody
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	chown nobody "/dev/shm/${NAME#/}"
	run --separate-stderr shmtool_nobody chown root "$NAME"
	assert_fail "$NAME: permission denied"
	assert_equal "$(stat -c %u "/dev/shm/${NAME#/}")" 65534
}

@test "truncate -s sets, +SIZE grows and -SIZE shrinks a POSIX object; grown bytes read as zeros" {
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	shmclient pwrite "$NAME" hello >/dev/null
	run --separate-stderr shmtool truncate -v -s +4K "$NAME"
	assert_success
	assert_output "changed size of $NAME from 4096 to 8192"
	assert_equal "$(stat -c %s "/dev/shm/${NAME#/}")" 8192
	# Reserved: the blocks are allocated, not a hole.
	assert_equal "$(( $(stat -c '%b * %B' "/dev/shm/${NAME#/}") >= 8192 ))" 1
	assert_equal "$(tail -c 4096 "/dev/shm/${NAME#/}" | tr -d '\0' | wc -c)" 0
	run --separate-stderr shmtool truncate -s -8187 "$NAME"
	assert_success
	assert_equal "$(cat "/dev/shm/${NAME#/}")" hello
	run --separate-stderr shmtool truncate -s 1M "$NAME"
	assert_success
	assert_equal "$(stat -c %s "/dev/shm/${NAME#/}")" 1048576
}

@test "truncate of a file:PATH and -n" {
	f=$BATS_TEST_TMPDIR/f
	printf 12345678 >"$f"
	run --separate-stderr shmtool truncate -n -s 4 "file:$f"
	assert_success
	assert_output "would change size of file:$f from 8 to 4"
	assert_equal "$(cat "$f")" 12345678
	run --separate-stderr shmtool truncate -s 4 "file:$f"
	assert_success
	assert_equal "$(cat "$f")" 1234
}

@test "truncate of a SysV segment fails: its size is fixed" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool truncate -s 8K "$id"
	assert_fail "$id: a SysV segment's size is fixed"
	assert_equal "$(field "$id" size)" 4096
}

@test "truncate -s -SIZE past 0 fails and changes nothing; no -s is a usage error" {
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	run --separate-stderr shmtool truncate -s -101 "$NAME"
	assert_fail "$NAME: cannot shrink 100 bytes by 101"
	assert_equal "$(stat -c %s "/dev/shm/${NAME#/}")" 100
	run --separate-stderr shmtool truncate "$NAME"
	assert_usage "-s SIZE is required"
}

@test "truncate as nobody of root's 0644 object: permission denied, size kept" {
	need_nobody
	shmclient pcreate "$NAME" 100 0644 >/dev/null
	run --separate-stderr shmtool_nobody truncate -s 0 "$NAME"
	assert_fail "$NAME: permission denied"
	assert_equal "$(stat -c %s "/dev/shm/${NAME#/}")" 100
}

@test "truncate growing past what a full /dev/shm holds fails now, not with SIGBUS later" {
	need_ns
	run in_ns '
		mount -o remount,size=1m /dev/shm || exit 97
		"$SHMTOOL_BUILD/tests/shmclient" pcreate /x 4096 0600 >/dev/null
		"$SHMTOOL_BUILD/shmtool" truncate -s 2M /x; echo "rc=$?"
		stat -c %s /dev/shm/x'
	assert_success
	assert_output "shmtool: truncate: /x: no space left on device
rc=1
4096"
}
