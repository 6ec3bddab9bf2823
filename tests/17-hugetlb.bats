#!/usr/bin/env bats
# Huge pages end to end: a SysV segment made with SHM_HUGETLB (and a file on
# a hugetlbfs mount) written, read, attached, shown.  Contents are checked
# byte for byte against the C client, which attaches the segment itself.
load test_helper
load data_helper
load ns_helper
load sysv_helper

# vm.nr_hugepages is one setting for the whole machine: a test that changes
# it holds this lock for its whole run (a second `make check` beside this
# one waits), and teardown puts the old value back.  The lock's path is the
# machine's, not TMPDIR's, which two runs may set apart.
HUGE_LOCK=/run/lock/shmtool-tests-hugepages.lock
[ -d /run/lock ] || HUGE_LOCK=/tmp/shmtool-tests-hugepages.lock

# reserve_huge N: N more huge pages for this test, or skip saying why.
# Sets HUGE, the huge page size in bytes.
reserve_huge() {
	local free
	if [[ ${SHMTOOL_WRAP:-} == *valgrind* ]]; then
		skip "valgrind drops SHM_HUGETLB from shmget"
	fi
	if [ ! -w /proc/sys/vm/nr_hugepages ]; then
		skip "vm.nr_hugepages cannot be set here (not root, or no hugetlb)"
	fi
	exec {HUGE_FD}>"$HUGE_LOCK"
	flock -w "$WAIT_CAP" "$HUGE_FD" || fail "$HUGE_LOCK held for $WAIT_CAP s"
	HUGE_SAVED=$(cat /proc/sys/vm/nr_hugepages)
	echo $((HUGE_SAVED + $1)) >/proc/sys/vm/nr_hugepages
	free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	if [ "$free" -lt "$1" ]; then
		skip "the kernel could reserve $free of $1 huge pages (memory fragmented?)"
	fi
	HUGE=$(awk '/^Hugepagesize:/ { print $2 * 1024 }' /proc/meminfo)
}

teardown() {
	common_teardown
	if [ -n "${HUGE_SAVED:-}" ]; then
		echo "$HUGE_SAVED" >/proc/sys/vm/nr_hugepages
	fi
}

# The bytes of $1 with those of $2 written over them at offset $3, in $4.
overlay() {
	cp "$1" "$4"
	dd if="$2" of="$4" bs=64K seek="$3" oflag=seek_bytes conv=notrunc status=none
}

@test "create --hugetlb makes a segment of huge pages, as the kernel's accounting shows" {
	reserve_huge 2
	before=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	run --separate-stderr shmtool create --hugetlb -s $((2 * HUGE)) "$KEY"
	assert_success
	id=$output
	assert_equal "$(field "$id" size)" $((2 * HUGE))
	# Huge pages are reserved when the segment is made, not when touched.
	run shmclient load "$id" </dev/null
	assert_success
	rsvd_or_used=$(awk '/^HugePages_(Free|Rsvd):/ { v[$1] = $2 } END { print v["HugePages_Free:"] - v["HugePages_Rsvd:"] }' /proc/meminfo)
	assert_equal "$rsvd_or_used" $((before - 2))
}

@test "create --hugetlb with no huge page free fails with the reason and makes nothing" {
	reserve_huge 0
	if [ "$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)" -ne 0 ]; then
		skip "this machine keeps free huge pages of its own"
	fi
	run --separate-stderr shmtool create --hugetlb -s 2M "$KEY"
	assert_fail "$KEY: no huge pages free (see vm.nr_hugepages)"
	assert_no_key "$KEY"
}

@test "write into a huge-page segment from a file and from a pipe, at offsets not on a page boundary" {
	reserve_huge 2
	size=$((2 * HUGE))
	id=$(shmclient hcreate "$KEY" "$size" 600)
	head -c "$size" /dev/urandom >"$BATS_TEST_TMPDIR/all"
	run --separate-stderr shmtool write "$KEY" <"$BATS_TEST_TMPDIR/all"
	assert_success
	assert_equal "$stderr" ""
	shmclient dump "$id" >"$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/got"

	# Across the boundary between the two huge pages, from a pipe.
	head -c $((HUGE / 2 + 7)) /dev/urandom >"$BATS_TEST_TMPDIR/part"
	run feed_file "$BATS_TEST_TMPDIR/part" write -o $((HUGE - 12345)) "$KEY"
	assert_success
	overlay "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/part" $((HUGE - 12345)) "$BATS_TEST_TMPDIR/want"
	shmclient dump "$id" >"$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"

	# From a regular file, at an odd offset.
	run --separate-stderr shmtool write -o 3 "$KEY" <"$BATS_TEST_TMPDIR/part"
	assert_success
	overlay "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/part" 3 "$BATS_TEST_TMPDIR/want2"
	shmclient dump "$id" >"$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want2" "$BATS_TEST_TMPDIR/got"
}

@test "a pipe longer than a huge-page segment fails at the first byte past its end, what fits written" {
	reserve_huge 1
	id=$(shmclient hcreate "$KEY" "$HUGE" 600)
	run --separate-stderr feed_file /dev/zero write "$KEY"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: write: $KEY: input does not fit: more than the $HUGE bytes from offset 0 (the first $HUGE were written)"
	cmp -n "$HUGE" /dev/zero <(shmclient dump "$id")
}

@test "read a huge-page segment into a pipe, into a file, and a slice with -o and -n" {
	reserve_huge 2
	size=$((2 * HUGE))
	id=$(shmclient hcreate "$KEY" "$size" 600)
	head -c "$size" /dev/urandom >"$BATS_TEST_TMPDIR/all"
	shmclient load "$id" <"$BATS_TEST_TMPDIR/all"

	through_pipe "$BATS_TEST_TMPDIR/pipe" shmtool read "$KEY"
	cmp "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/pipe"
	to_file "$BATS_TEST_TMPDIR/file" shmtool read "$KEY"
	cmp "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/file"

	off=$((HUGE - 3))
	tail -c +$((off + 1)) "$BATS_TEST_TMPDIR/all" | head -c 10 >"$BATS_TEST_TMPDIR/want"
	to_file "$BATS_TEST_TMPDIR/slice" shmtool read -o "$off" -n 10 "$KEY"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/slice"
	through_pipe "$BATS_TEST_TMPDIR/slice2" shmtool read -o "$off" -n 10 "$KEY"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/slice2"
}

@test "attach --populate faults in every huge page, RSS counted once; attach --mlock succeeds" {
	reserve_huge 2
	id=$(shmclient hcreate "$KEY" $((2 * HUGE)) 600)
	run --separate-stderr shmtool ls --sysv -b --noheadings -r -o ID,RSS
	assert_line "$id 0"
	run --separate-stderr shmtool attach --populate "$KEY" -- \
	    "$SHMTOOL_BUILD/shmtool" ls --sysv -b --noheadings -r -o ID,RSS,PAGESIZE
	assert_success
	assert_line "$id $((2 * HUGE)) $HUGE"
	run --separate-stderr shmtool attach --mlock "$KEY" -- \
	    awk -v id="$id" '$2 == id { print $3 }' /proc/sysvipc/shm
	assert_success
	# Huge pages are never swapped: SHM_LOCK has nothing to do, and the
	# kernel sets no SHM_LOCKED (02000) in the mode, as it would for others.
	assert_output 600
}

@test "stat and ls show a huge-page segment's page size while it is attached, - while not" {
	reserve_huge 1
	id=$(shmclient hcreate "$KEY" "$HUGE" 600)
	small=$(shmclient create "$KEY2" 4096 600)
	run --separate-stderr shmtool stat "$KEY"
	assert_line "pagesize -"
	bg_run "$BATS_TEST_TMPDIR/h1" shmclient hold "$id" 600
	bg_run "$BATS_TEST_TMPDIR/h2" shmclient hold "$small" 600
	wait_nattch "$id" 1
	wait_nattch "$small" 1
	run --separate-stderr shmtool stat "$KEY"
	assert_line "pagesize $HUGE"
	run --separate-stderr shmtool ls --sysv -b --noheadings -r -o ID,PAGESIZE
	assert_line "$id $HUGE"
	assert_line "$small $(getconf PAGESIZE)"
	run --separate-stderr shmtool ls --sysv --noheadings -r -o ID,PAGESIZE
	assert_line "$id $((HUGE / 1048576)).0M"
	run --separate-stderr shmtool stat --json "$KEY"
	assert_output --partial "\"pagesize\": $HUGE,"
}

@test "a file on a hugetlbfs mount: written in place and read back, its page size shown; --truncate refused before reading" {
	need_sandbox
	reserve_huge 1
	head -c "$HUGE" /dev/urandom >"$BATS_TEST_TMPDIR/all"
	run sandbox '
		mkdir "$T/huge" && mount -t hugetlbfs none "$T/huge"
		truncate -s '"$HUGE"' "$T/huge/f"
		show shmtool write "file:$T/huge/f" <"$T/all"
		shmtool read "file:$T/huge/f" | cmp - "$T/all" && echo same
		shmtool stat "file:$T/huge/f" | grep "^pagesize "
		printf abc | shmtool write --truncate "file:$T/huge/f" 2>&1 | sed "s|$T|T|"
		shmtool read "file:$T/huge/f" | cmp - "$T/all" && echo unchanged
	'
	assert_success
	assert_output "rc=0
same
pagesize $HUGE
shmtool: write: file:T/huge/f: operation not supported (0 bytes written)
unchanged"
}
