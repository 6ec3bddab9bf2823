#!/usr/bin/env bats
# RSS and SWAP: resident and swapped bytes, checked against known states.
load test_helper
load sysv_helper

@test "a SysV segment of 8M with 1M written shows 1M resident, as /proc/sysvipc/shm says" {
	id=$(shmclient create "$KEY" 8388608 0600)
	head -c 1048576 /dev/zero | tr '\0' x | shmtool write "$KEY"
	run shmtool ls --sysv -b --noheadings -r -o ID,RSS,SWAP
	assert_success
	want=$(awk -v id="$id" '$2 == id { print $15, $16 }' /proc/sysvipc/shm)
	assert_line "$id $want"
	assert_equal "${want%% *}" 1048576
	run shmtool ls --sysv --noheadings -r -o ID,RSS
	assert_line "$id 1.0M"
}

@test "a POSIX object of 8M sized by ftruncate with 1M written shows 1M resident; one made by create, all of it" {
	shmclient pcreate "$NAME" 8388608 0600 >/dev/null
	head -c 1048576 /dev/zero | tr '\0' x | shmtool write "$NAME"
	shmtool create -s 2M "$NAME2" >/dev/null
	run shmtool ls --posix -b --noheadings -r -o NAME,RSS,SWAP
	assert_success
	assert_line "$NAME 1048576 $POSIX_SWAP0"
	if [ "$POSIX_SWAP0" = - ]; then
		# Without cachestat, mincore(2) does not count pages reserved
		# by fallocate and never written.
		assert_line "$NAME2 0 -"
	else
		assert_line "$NAME2 2097152 0"
	fi
}

@test "stat shows rss and swap, exact; JSON has them as numbers" {
	shmclient pcreate "$NAME" 65536 0600 >/dev/null
	printf abc | shmtool write "$NAME"
	run shmtool stat "$NAME"
	assert_success
	assert_line "rss      4096"
	assert_line "swap     $POSIX_SWAP0"
	run shmtool stat -J "$NAME"
	assert_output --partial '"rss": 4096,'
}

@test "RSS of an object the caller may not read is unknown, not 0" {
	need_nobody
	shmclient pcreate "$NAME" 65536 0600 >/dev/null
	printf abc | shmtool write "$NAME"
	run shmtool_nobody ls --posix --noheadings -r -o NAME,RSS,SWAP
	assert_success
	assert_line "$NAME - -"
}

@test "ls --sort RSS orders by resident bytes" {
	shmclient pcreate "$NAME" 65536 0600 >/dev/null
	shmclient pcreate "$NAME2" 65536 0600 >/dev/null
	head -c 8192 /dev/zero | tr '\0' x | shmtool write "$NAME"
	printf x | shmtool write "$NAME2"
	run shmtool ls --posix -b --noheadings -r -o NAME,RSS --sort RSS
	assert_success
	mine=$(grep -E "^($NAME|$NAME2) " <<<"$output")
	assert_equal "$mine" "$NAME2 4096
$NAME 8192"
}
