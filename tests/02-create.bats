#!/usr/bin/env bats
# shmtool create: SysV segments (and POSIX objects), checked with the C client.
load test_helper
load sysv_helper

# --- what is created ---------------------------------------------------------

@test "create KEY prints the shmid alone and makes a 0600 segment of that key" {
	run --separate-stderr shmtool create -s 4096 "$KEY"
	assert_success
	assert_output --regexp '^[0-9]+$'
	assert_equal "$stderr" ""
	run -0 shmclient stat "$output"
	assert_output --regexp "^key=$KEY id=[0-9]+ uid=0 gid=0 cuid=0 cgid=0 mode=0600 size=4096 nattch=0 "
}

@test "create prints the id the kernel gives the key" {
	run shmtool create -s 4K "$KEY"
	assert_success
	assert_output "$(shmclient id "$KEY")"
}

@test "create of a key with its top bit set makes the segment of that key, as ipcs shows it" {
	run --separate-stderr shmtool create -s 4K "$KEY_HIGH"
	assert_success
	assert_equal "$stderr" ""
	id=$output
	assert_equal "$(shmclient id "$KEY_HIGH")" "$id"
	assert_equal "$(field "$id" key)" "$KEY_HIGH"
	assert_equal "$(ipcs -m | awk -v id="$id" '$2 == id { print $1 }')" "$KEY_HIGH"
	run --separate-stderr shmtool create -s 4K "key:$((KEY_HIGH))"
	assert_fail "key:$((KEY_HIGH)): already exists"
}

@test "create -s 4K makes 4096 bytes" {
	run shmtool create -s 4K "$KEY"
	assert_success
	assert_equal "$(field "$output" size)" 4096
}

@test "create -s 1M makes 1048576 bytes" {
	run shmtool create -s 1M "$KEY"
	assert_success
	assert_equal "$(field "$output" size)" 1048576
}

@test "create -s 1 makes a segment of one byte" {
	run shmtool create -s 1 "$KEY"
	assert_success
	assert_equal "$(field "$output" size)" 1
}

@test "create takes sizes in decimal: -s 010 is 10 bytes" {
	run shmtool create -s 010 "$KEY"
	assert_success
	assert_equal "$(field "$output" size)" 10
}

@test "create -m 0640 sets the mode" {
	run shmtool create -s 4K -m 0640 "$KEY"
	assert_success
	assert_equal "$(field "$output" mode)" 0640
}

@test "create -m 644 reads the mode as octal without a leading 0" {
	run shmtool create -s 4K -m 644 "$KEY"
	assert_success
	assert_equal "$(field "$output" mode)" 0644
}

@test "create --mode 0 makes a segment nobody but root may use" {
	run shmtool create --size 4K --mode 0 "$KEY"
	assert_success
	assert_equal "$(field "$output" mode)" 0000
}

@test "create key:N takes the key in decimal" {
	run shmtool create -s 4K "key:$((KEY))"
	assert_success
	assert_equal "$(field "$output" key)" "$KEY"
}

@test "create key:0xN takes the key in hex" {
	run shmtool create -s 4K "key:$KEY"
	assert_success
	assert_equal "$(field "$output" key)" "$KEY"
}

@test "create ftok:PATH:PROJ uses ftok's key" {
	run shmtool create -s 4K "ftok:$BATS_TEST_TMPDIR:Z"
	assert_success
	track "$output"
	assert_equal "$(field "$output" key)" "$(shmclient ftok "$BATS_TEST_TMPDIR" 90)"
}

@test "create ftok:PATH:PROJ takes a PATH with ':' in it" {
	mkdir "$BATS_TEST_TMPDIR/a:b"
	run shmtool create -s 4K "ftok:$BATS_TEST_TMPDIR/a:b:0x42"
	assert_success
	track "$output"
	assert_equal "$(field "$output" key)" "$(shmclient ftok "$BATS_TEST_TMPDIR/a:b" 66)"
}

@test "create private makes a segment of key 0" {
	run shmtool create -s 4K private
	assert_success
	track "$output"
	assert_equal "$(field "$output" key)" 0x00000000
}

@test "create private twice makes two segments" {
	run shmtool create -s 4K private private
	assert_success
	track "${lines[@]}"
	assert_equal "${#lines[@]}" 2
	assert_exists "${lines[0]}"
	assert_exists "${lines[1]}"
	[ "${lines[0]}" != "${lines[1]}" ]
}

@test "create of several SPECs prints one id a line, in order" {
	run shmtool create -s 4K "$KEY" "$KEY2"
	assert_success
	assert_equal "${lines[0]}" "$(shmclient id "$KEY")"
	assert_equal "${lines[1]}" "$(shmclient id "$KEY2")"
}

# --- exclusive, --exist-ok ---------------------------------------------------

@test "create is exclusive: a second create of the key fails and changes nothing" {
	id=$(shmtool create -s 4K "$KEY")
	run --separate-stderr shmtool create -s 8K "$KEY"
	assert_fail "$KEY: already exists"
	assert_output ""
	assert_equal "$(shmclient id "$KEY")" "$id"
	assert_equal "$(field "$id" size)" 4096
}

@test "create --exist-ok accepts an existing segment of the same size and prints its id" {
	id=$(shmtool create -s 4K "$KEY")
	run --separate-stderr shmtool create --exist-ok -s 4K "$KEY"
	assert_success
	assert_output "$id"
	assert_equal "$stderr" ""
}

@test "create --exist-ok accepts an existing segment bigger than SIZE" {
	id=$(shmtool create -s 8K "$KEY")
	run shmtool create --exist-ok -s 4K "$KEY"
	assert_success
	assert_output "$id"
	assert_equal "$(field "$id" size)" 8192
}

@test "create --exist-ok refuses an existing segment smaller than SIZE" {
	id=$(shmtool create -s 4K "$KEY")
	run --separate-stderr shmtool create --exist-ok -s 8K "$KEY"
	assert_fail "$KEY: exists with 4096 bytes, fewer than 8192"
	assert_output ""
	assert_equal "$(field "$id" size)" 4096
}

@test "create --exist-ok creates a segment that does not exist" {
	run shmtool create --exist-ok -s 4K "$KEY"
	assert_success
	assert_output "$(shmclient id "$KEY")"
}

@test "create --exist-ok accepts a segment the C client made" {
	id=$(shmclient create "$KEY" 4096 0600)
	run shmtool create --exist-ok -s 4K "$KEY"
	assert_success
	assert_output "$id"
}

@test "create goes on after a SPEC that exists and exits 1" {
	shmtool create -s 4K "$KEY2"
	run --separate-stderr shmtool create -s 4K "$KEY" "$KEY2" "$KEY3"
	assert_fail "$KEY2: already exists"
	assert_equal "${lines[*]}" "$(shmclient id "$KEY") $(shmclient id "$KEY3")"
}

# --- usage errors: exit 2, one line, nothing created ------------------------

@test "create -s 0 is refused" {
	run --separate-stderr shmtool create -s 0 "$KEY"
	assert_usage "-s 0: size must be at least 1 byte"
	assert_no_key "$KEY"
}

@test "create -s 99999999999999999999 is refused" {
	run --separate-stderr shmtool create -s 99999999999999999999 "$KEY"
	assert_usage "-s 99999999999999999999: size too large"
	assert_no_key "$KEY"
}

@test "create -s 16E (2^64) is refused, not wrapped" {
	run --separate-stderr shmtool create -s 16E "$KEY"
	assert_usage "-s 16E: size too large"
	assert_no_key "$KEY"
}

@test "create -s 4Q is refused" {
	run --separate-stderr shmtool create -s 4Q "$KEY"
	assert_usage "-s 4Q: not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create -s -1 is refused" {
	run --separate-stderr shmtool create -s -1 "$KEY"
	assert_usage "-s -1: not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create -s ' 1' is refused" {
	run --separate-stderr shmtool create -s ' 1' "$KEY"
	assert_usage "-s  1: not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create -s 0x10 is refused" {
	run --separate-stderr shmtool create -s 0x10 "$KEY"
	assert_usage "-s 0x10: not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create -s 1KB is refused" {
	run --separate-stderr shmtool create -s 1KB "$KEY"
	assert_usage "-s 1KB: not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create -s '' is refused" {
	run --separate-stderr shmtool create -s '' "$KEY"
	assert_usage "-s : not a size (use digits and K, M, G, T, P or E)"
	assert_no_key "$KEY"
}

@test "create without -s is refused" {
	run --separate-stderr shmtool create "$KEY"
	assert_usage "-s SIZE is required"
	assert_no_key "$KEY"
}

@test "create -s without its argument is refused" {
	run --separate-stderr shmtool create -s
	assert_usage "option '-s' needs an argument"
}

@test "create without a SPEC is refused" {
	run --separate-stderr shmtool create -s 4K
	assert_usage "no SPEC given (see shmtool create --help)"
}

@test "create -m 0999 is refused" {
	run --separate-stderr shmtool create -s 4K -m 0999 "$KEY"
	assert_usage "-m 0999: mode must be octal, like 0600"
	assert_no_key "$KEY"
}

@test "create -m abc is refused" {
	run --separate-stderr shmtool create -s 4K -m abc "$KEY"
	assert_usage "-m abc: mode must be octal, like 0600"
	assert_no_key "$KEY"
}

@test "create -m 01000 is refused: the bits above 0777 are not permissions" {
	run --separate-stderr shmtool create -s 4K -m 01000 "$KEY"
	assert_usage "-m 01000: mode must be at most 0777"
	assert_no_key "$KEY"
}

@test "create 0x0 is refused: key 0 is IPC_PRIVATE" {
	run --separate-stderr shmtool create -s 4K 0x0
	assert_usage "0x0: key 0 is IPC_PRIVATE and names no one segment; use its id"
}

@test "create key:0 is refused" {
	run --separate-stderr shmtool create -s 4K key:0
	assert_usage "key:0: key 0 is IPC_PRIVATE and names no one segment; use its id"
}

@test "create 0x100000000 is refused, not truncated to 0" {
	run --separate-stderr shmtool create -s 4K 0x100000000
	assert_usage "0x100000000: key out of range (at most 0xffffffff)"
}

@test "create of a word that is no SPEC is refused" {
	run --separate-stderr shmtool create -s 4K bogus
	assert_usage "bogus: not a SPEC (want /name, 0xKEY, ID, key:N, id:N, ftok:PATH:PROJ, file:PATH)"
}

@test "create of a shmid is refused and creates nothing" {
	run --separate-stderr shmtool create -s 4K 123456
	# Should it wrongly print an id, do not leak the segment.
	[[ $output =~ ^[0-9]+$ ]] && track "$output"
	assert_equal "$status" 2
	assert_equal "$output" ""
	assert_regex "$stderr" '^shmtool: create: 123456: '
}

@test "create of file:PATH is refused" {
	run --separate-stderr shmtool create -s 4K file:/etc/passwd
	assert_usage "file:/etc/passwd: file: segments cannot be used with create"
}

@test "create parses every SPEC first: a bad one among good ones creates nothing" {
	run --separate-stderr shmtool create -s 4K "$KEY" bogus "$KEY2"
	assert_equal "$status" 2
	assert_no_key "$KEY"
	assert_no_key "$KEY2"
}

@test "create with an unknown option is refused" {
	run --separate-stderr shmtool create --bogus -s 4K "$KEY"
	assert_usage "unknown option '--bogus' (see shmtool create --help)"
	assert_no_key "$KEY"
}

@test "create with an unknown short option is refused" {
	run --separate-stderr shmtool create -x -s 4K "$KEY"
	assert_usage "unknown option '-x' (see shmtool create --help)"
	assert_no_key "$KEY"
}

# --- failures: exit 1 --------------------------------------------------------

@test "create above kernel.shmmax fails with exit 1" {
	shmmax=$(cat /proc/sys/kernel/shmmax)
	size=$(dec_inc "$shmmax")
	run --separate-stderr shmtool create -s "$size" "$KEY"
	assert_fail "$KEY: size $size is above kernel.shmmax ($shmmax)"
	assert_no_key "$KEY"
}

@test "create above a lowered kernel.shmmax fails with exit 1; at shmmax it works" {
	need_ns
	run --separate-stderr in_ns '
		echo 1048576 > /proc/sys/kernel/shmmax || exit 99
		shmtool create -s 1048577 0x1234
		echo "status $?"
		shmtool create -s 1M 0x1234 > /dev/null
		echo "status $?"
		ipcs -m | grep -c "^0x00001234 "'
	assert_success
	assert_equal "$output" $'status 1\nstatus 0\n1'
	assert_equal "$stderr" "shmtool: create: 0x1234: size 1048577 is above kernel.shmmax (1048576)"
}

@test "create ftok: of a missing path fails with exit 1" {
	run --separate-stderr shmtool create -s 4K "ftok:$BATS_TEST_TMPDIR/missing:A"
	assert_fail "ftok:$BATS_TEST_TMPDIR/missing:A: no such file or directory"
	assert_output ""
}

# --- permissions -------------------------------------------------------------

@test "create as nobody makes a segment nobody owns" {
	need_nobody
	run shmtool_nobody create -s 4K "$KEY"
	assert_success
	assert_output --regexp '^[0-9]+$'
	run -0 shmclient stat "$output"
	assert_output --partial "uid=65534 gid=65534 cuid=65534 cgid=65534 mode=0600 size=4096"
}

@test "create --exist-ok as nobody of root's 0600 segment: permission denied" {
	need_nobody
	id=$(shmtool create -s 4K "$KEY")
	run --separate-stderr shmtool_nobody create --exist-ok -s 4K "$KEY"
	assert_fail "$KEY: permission denied"
	assert_output ""
	assert_exists "$id"
}

# --- POSIX and interop -------------------------------------------------------

@test "create /name prints the name and makes a 0600 object of that size" {
	run --separate-stderr shmtool create -s 4K "$NAME"
	assert_success
	assert_output "$NAME"
	run -0 shmclient pstat "$NAME"
	assert_output "size=4096 mode=0600 uid=0 gid=0"
}

@test "create /name -m 0644 gives exactly 0644 whatever the umask" {
	umask 077
	run shmtool create -s 100 -m 0644 "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output "size=100 mode=0644 uid=0 gid=0"
}

@test "create /name is exclusive" {
	shmclient pcreate "$NAME" 10 0600
	run --separate-stderr shmtool create -s 4K "$NAME"
	assert_fail "$NAME: already exists"
	run -0 shmclient pstat "$NAME"
	assert_output "size=10 mode=0600 uid=0 gid=0"
}

@test "create --exist-ok /name refuses an object smaller than SIZE" {
	shmclient pcreate "$NAME" 10 0600
	run --separate-stderr shmtool create --exist-ok -s 4K "$NAME"
	assert_fail "$NAME: exists with 10 bytes, fewer than 4096"
}

@test "create of a POSIX name with a further / is refused" {
	run --separate-stderr shmtool create -s 4K "$NAME/x"
	assert_usage "$NAME/x: POSIX name has a further '/'"
}

@test "a segment created by shmtool is written, read, stat'ed and removed by the C client" {
	id=$(shmtool create -s 4K -m 0640 "$KEY")
	run shmclient write "$id" hello
	assert_success
	run -0 shmclient read "$id"
	assert_output hello
	assert_equal "$(field "$id" mode)" 0640
	run shmclient rm "$id"
	assert_success
	assert_no_key "$KEY"
}
