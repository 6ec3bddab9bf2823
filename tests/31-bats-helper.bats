#!/usr/bin/env bats
# tests/shmtool.bash, the bats helpers for other programs' suites: each
# assertion passing, and failing with the message a user reads (bats-support
# puts a blank line before the block, as for bats-assert's own failures).
load test_helper
load shmtool

# A shmtool that runs as nobody, for what root may do and others may not.
nobody_shmtool() {
	cat >"$BATS_TEST_TMPDIR/shmtool-as-nobody" <<-EOF
	#!/bin/sh
	exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$SHMTOOL_BUILD/shmtool" "\$@"
	EOF
	chmod 755 "$BATS_TEST_TMPDIR/shmtool-as-nobody"
	echo "$BATS_TEST_TMPDIR/shmtool-as-nobody"
}

@test "assert_shm_exists passes for a key, an id and a name" {
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	run assert_shm_exists "$KEY"
	assert_success
	assert_output ""
	run assert_shm_exists "$id"
	assert_success
	run assert_shm_exists "$NAME"
	assert_success
}

@test "assert_shm_exists fails for a missing segment, with shmtool's reason" {
	run assert_shm_exists "$NAME"
	assert_failure
	assert_output "
-- segment does not exist --
spec     : $NAME
error    : shmtool: stat: $NAME: no such segment
--"
}

@test "refute_shm_exists passes for a missing segment" {
	run refute_shm_exists "$KEY"
	assert_success
	assert_output ""
}

@test "refute_shm_exists fails for a segment that exists" {
	shmtool create -s 4K "$NAME"
	run refute_shm_exists "$NAME"
	assert_failure
	assert_output "
-- segment exists, but it should not --
spec     : $NAME
--"
}

@test "refute_shm_exists fails for a SPEC that is not one" {
	run refute_shm_exists "$NAME/x"
	assert_failure
	assert_line --index 0 "-- cannot tell whether the segment exists --"
	assert_line --index 1 "spec     : $NAME/x"
	assert_line --index 2 --partial "error    : shmtool: stat: $NAME/x: "
}

@test "refute_shm_exists fails when the segment may not be looked at" {
	shmtool create -s 4K "$KEY"
	SHMTOOL=$(nobody_shmtool)
	run refute_shm_exists "$KEY"
	assert_failure
	assert_output "
-- cannot tell whether the segment exists --
spec     : $KEY
error    : shmtool: stat: $KEY: permission denied
--"
}

@test "assert_shm_content passes when TEXT is followed by a NUL" {
	shmtool create -s 4K "$KEY"
	printf 'hello world' | shmtool write "$KEY"
	printf 'hello' | shmtool write -z "$KEY"
	run assert_shm_content "$KEY" hello
	assert_success
	assert_output ""
	# A fresh segment is all zeros, so unterminated TEXT is followed by NUL.
	shmtool create -s 4K "$NAME"
	printf 'ready' | shmtool write "$NAME"
	run assert_shm_content "$NAME" ready
	assert_success
}

@test "assert_shm_content passes when TEXT ends at the end of the segment" {
	shmtool create -s 4K "$NAME"
	printf 'abc' | shmtool write --truncate "$NAME"
	run -0 shmclient pstat "$NAME"
	assert_output --partial 'size=3 '
	run assert_shm_content "$NAME" abc
	assert_success
}

@test "assert_shm_content fails when more follows TEXT" {
	shmtool create -s 4K "$KEY"
	printf 'hello world' | shmtool write "$KEY"
	run assert_shm_content "$KEY" hello
	assert_failure
	assert_output "
-- segment content differs --
spec     : $KEY
expected : hello
actual   : hello world
--"
}

@test "assert_shm_content fails when the segment holds less than TEXT" {
	shmtool create -s 4K "$NAME"
	printf 'hell' | shmtool write "$NAME"
	run assert_shm_content "$NAME" hello
	assert_failure
	assert_output "
-- segment content differs --
spec     : $NAME
expected : hello
actual   : hell
--"
	printf 'abc' | shmtool write --truncate "$NAME"
	run assert_shm_content "$NAME" abcd
	assert_failure
	assert_line "actual   : abc"
}

@test "assert_shm_content compares trailing newlines too" {
	shmtool create -s 4K "$NAME"
	printf 'hi\n' | shmtool write "$NAME"
	run assert_shm_content "$NAME" hi
	assert_failure
	# Control characters are shown quoted, so the newline can be seen.
	assert_output "
-- segment content differs --
spec     : $NAME
expected : hi
actual   : \$'hi\\n'
--"
	run assert_shm_content "$NAME" $'hi\n'
	assert_success
}

@test "assert_shm_content fails for a missing segment" {
	run assert_shm_content "$KEY" hello
	assert_failure
	assert_output "
-- cannot read segment --
spec     : $KEY
error    : shmtool: read: $KEY: no such segment
--"
}

@test "assert_shm_content --partial finds TEXT in the C string" {
	shmtool create -s 4K "$KEY"
	printf 'hello world' | shmtool write -z "$KEY"
	run assert_shm_content --partial "$KEY" 'lo wo'
	assert_success
	assert_output ""
	run assert_shm_content -p "$KEY" 'hello world'
	assert_success
}

@test "assert_shm_content --partial fails when TEXT is not there" {
	shmtool create -s 4K "$KEY"
	printf 'hello world' | shmtool write -z "$KEY"
	run assert_shm_content --partial "$KEY" xyz
	assert_failure
	assert_output "
-- segment does not contain text --
spec     : $KEY
text     : xyz
content  : hello world
--"
}

@test "assert_shm_content --partial does not look past the first NUL" {
	shmtool create -s 4K "$NAME"
	printf 'abc\0def' | shmtool write "$NAME"
	run assert_shm_content --partial "$NAME" def
	assert_failure
	assert_line "content  : abc"
}

@test "assert_shm_content -z compares the C string at offset 0" {
	shmtool create -s 4K "$NAME"
	printf 'abc\0def' | shmtool write "$NAME"
	run assert_shm_content -z "$NAME" abc
	assert_success
	run assert_shm_content -z "$NAME" abcdef
	assert_failure
	assert_output "
-- segment content differs --
spec     : $NAME
expected : abcdef
actual   : abc
--"
}

@test "assert_shm_content wants SPEC and TEXT" {
	run assert_shm_content "$KEY"
	assert_failure
	assert_output "
-- ERROR: assert_shm_content --
usage: assert_shm_content [--partial|-z] SPEC TEXT
--"
}

@test "assert_shm_attached counts the processes attached" {
	shmtool create -s 4K "$KEY"
	run assert_shm_attached "$KEY" 0
	assert_success
	assert_output ""
	# Not the shmtool function: $! must be the process that attaches.
	bg_run /dev/null "$SHMTOOL_BUILD/shmtool" attach "$KEY"
	wait_nattch "$(shmclient id "$KEY")" 1
	run assert_shm_attached "$KEY" 1
	assert_success
	run assert_shm_attached "$KEY" 0
	assert_failure
	assert_line "actual   : 1"
}

@test "assert_shm_attached fails on another count" {
	shmtool create -s 4K "$KEY"
	run assert_shm_attached "$KEY" 1
	assert_failure
	assert_output "
-- segment attach count differs --
spec     : $KEY
expected : 1
actual   : 0
--"
}

@test "assert_shm_attached fails for a missing segment" {
	run assert_shm_attached "$NAME" 0
	assert_failure
	assert_output "
-- cannot stat segment --
spec     : $NAME
error    : shmtool: stat: $NAME: no such segment
--"
}

@test "assert_shm_mode passes for the mode in any octal spelling" {
	shmtool create -s 4K -m 0640 "$KEY"
	shmtool create -s 4K -m 0604 "$NAME"
	run assert_shm_mode "$KEY" 0640
	assert_success
	assert_output ""
	run assert_shm_mode "$KEY" 640
	assert_success
	run assert_shm_mode "$NAME" 0604
	assert_success
}

@test "assert_shm_mode fails on another mode" {
	shmtool create -s 4K -m 0640 "$KEY"
	run assert_shm_mode "$KEY" 600
	assert_failure
	assert_output "
-- segment mode differs --
spec     : $KEY
expected : 0600
actual   : 0640
--"
}

@test "assert_shm_mode refuses a MODE that is not octal" {
	shmtool create -s 4K "$NAME"
	run assert_shm_mode "$NAME" 0800
	assert_failure
	assert_output "
-- ERROR: assert_shm_mode --
MODE must be octal, at most 07777: '0800'
--"
}

@test "shm_cleanup removes what was tracked and nothing else" {
	shmtool create -s 4K "$KEY" "$KEY2" "$NAME"
	shm_track "$KEY" "$NAME" "$NAME2"	# $NAME2 was never made
	run shm_cleanup
	assert_success
	assert_output ""
	run shmtool stat "$KEY"
	assert_failure
	run shmtool stat "$NAME"
	assert_failure
	run shmtool stat "$KEY2"
	assert_success
}

@test "shm_cleanup forgets what it removed" {
	shm_track "$NAME"
	shm_cleanup
	shmtool create -s 4K "$NAME"
	shm_cleanup
	run shmtool stat "$NAME"
	assert_success
}

@test "shm_cleanup reports a segment it cannot remove and goes on" {
	shmtool create -s 4K "$NAME"
	as_nobody "$SHMTOOL_BUILD/shmtool" create -s 4K "$KEY"
	shm_track "$NAME" "$KEY"
	SHMTOOL=$(nobody_shmtool)
	run shm_cleanup
	assert_failure
	assert_output "shm_cleanup: shmtool: rm: $NAME: permission denied"
	run "$SHMTOOL_BUILD/shmtool" stat "$KEY"
	assert_failure
}

@test "the helpers run \$SHMTOOL, or shmtool from PATH" {
	shmtool create -s 4K "$NAME"
	unset -f shmtool
	run assert_shm_exists "$NAME"
	assert_success
	PATH=/usr/bin:/bin SHMTOOL=$SHMTOOL_BUILD/shmtool
	run assert_shm_exists "$NAME"
	assert_success
	# shellcheck disable=SC2034 # read by tests/shmtool.bash
	SHMTOOL=$BATS_TEST_TMPDIR/none
	run assert_shm_exists "$NAME"
	assert_failure
	assert_line --partial "$BATS_TEST_TMPDIR/none: No such file or directory"
}

@test "assert_shm_attached fails with a message, not an arithmetic error, when the count is unknown" {
	need_nobody
	shmtool create -s 4K -m 0644 "$NAME"
	# As nobody, root's processes cannot be read: nobody can tell who holds it.
	# shellcheck disable=SC2034 # the helper library runs $SHMTOOL
	SHMTOOL=$(nobody_shmtool)
	run assert_shm_attached "$NAME" 0
	assert_failure
	assert_output "
-- attach count unknown (some processes cannot be seen; run as root?) --
spec     : $NAME
expected : 0
actual   : 
--"
}
