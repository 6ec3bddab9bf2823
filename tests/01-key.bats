#!/usr/bin/env bats
# shmtool key PATH PROJ: ftok(3)'s key, checked against the C client.
load test_helper
load sysv_helper

setup() {
	DIR=$BATS_TEST_TMPDIR
}

@test "key prints ftok's key of PATH and a character PROJ, as 0x%08x" {
	run --separate-stderr shmtool key "$DIR" A
	assert_success
	assert_output "$(shmclient ftok "$DIR" 65)"
	assert_output --regexp '^0x[0-9a-f]{8}$'
	assert_equal "$stderr" ""
}

@test "key takes PROJ as a hex number: 0x41 is A" {
	run shmtool key "$DIR" 0x41
	assert_success
	assert_output "$(shmclient ftok "$DIR" 65)"
}

@test "key takes PROJ as a decimal number: 65 is A" {
	run shmtool key "$DIR" 65
	assert_success
	assert_output "$(shmclient ftok "$DIR" 65)"
}

@test "key takes PROJ 1 and 255, the ends of the range" {
	run shmtool key "$DIR" 1
	assert_success
	assert_output "$(shmclient ftok "$DIR" 1)"
	run shmtool key "$DIR" 255
	assert_success
	assert_output "$(shmclient ftok "$DIR" 255)"
	assert_output --regexp '^0xff'
}

@test "key of a file gives the key of that file, not of its directory" {
	touch "$DIR/f"
	run shmtool key "$DIR/f" B
	assert_success
	assert_output "$(shmclient ftok "$DIR/f" 66)"
	refute_output "$(shmclient ftok "$DIR" 66)"
}

@test "key takes PROJ 0 and 256 as ftok does: only the low 8 bits count, so both give the key of 0" {
	run --separate-stderr shmtool key "$DIR" 0
	assert_success
	assert_output "$(shmclient ftok "$DIR" 0)"
	want=$output
	run --separate-stderr shmtool key "$DIR" 256
	assert_success
	assert_output "$want"
	run --separate-stderr shmtool key "$DIR" 0x6666
	assert_success
	assert_output "$(shmclient ftok "$DIR" 0x66)"
}

@test "key refuses a PROJ of two characters" {
	run --separate-stderr shmtool key "$DIR" AB
	assert_usage "AB: project must be a character or a number (ftok uses its low 8 bits)"
}

@test "key refuses an empty PROJ and a PROJ above INT_MAX" {
	run --separate-stderr shmtool key "$DIR" ''
	assert_usage ": project must be a character or a number (ftok uses its low 8 bits)"
	run --separate-stderr shmtool key "$DIR" 2147483648
	assert_usage "2147483648: project must be a character or a number (ftok uses its low 8 bits)"
}

@test "key of a missing path fails with exit 1" {
	run --separate-stderr shmtool key "$DIR/missing" A
	assert_fail "$DIR/missing: no such file or directory"
	assert_output ""
}

@test "key wants exactly PATH and PROJ" {
	run --separate-stderr shmtool key "$DIR"
	assert_usage "want PATH and PROJ (see shmtool key --help)"
	run --separate-stderr shmtool key "$DIR" A B
	assert_usage "want PATH and PROJ (see shmtool key --help)"
}

@test "the key of 'key' names the segment that ftok:PATH:PROJ creates" {
	run shmtool create -s 4K "ftok:$DIR:A"
	assert_success
	track "$output"
	id=$output
	run shmtool key "$DIR" A
	assert_success
	assert_equal "$(field "$id" key)" "$output"
}
