#!/usr/bin/env bats
load test_helper

@test "create, stat and remove a SysV segment by key" {
	run shmtool create -s 4K "$KEY"
	assert_success
	id=$output
	run shmclient stat "$id"
	assert_output --partial "key=$KEY id=$id"
	assert_output --partial "mode=0600 size=4096"
	run shmtool rm "$KEY"
	assert_success
	run shmclient exists "$id"
	assert_failure
}
