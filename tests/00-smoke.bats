#!/usr/bin/env bats
load test_helper

@test "create, stat and remove a SysV segment by key" {
	run shmtool create -s 4K "$KEY"
	assert_success
	id=$output
	run -0 shmclient stat "$id"
	assert_output --partial "key=$KEY id=$id"
	assert_output --partial "mode=0600 size=4096"
	run shmtool rm "$KEY"
	assert_success
	run shmclient exists "$id"
	assert_failure
}

@test "the bats library sees what shmtool made: exists, mode, content, cleanup" {
	run shmtool create -s 4K -m 0640 "$NAME"
	assert_success
	track "$NAME"
	assert_shm_exists "$NAME"
	assert_shm_mode "$NAME" 0640
	printf 'ready' | shmtool write -z "$NAME"
	assert_shm_content "$NAME" ready
	shm_cleanup
	refute_shm_exists "$NAME"
}
