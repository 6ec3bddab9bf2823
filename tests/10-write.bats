#!/usr/bin/env bats
# shmtool write: stdin into a segment, checked with the C client.
load test_helper
load data_helper

setup() {
	X16=$BATS_TEST_TMPDIR/x16
	printf 'XXXXXXXXXXXXXXXX' >"$X16"
}

# Fill the 16-byte segment $ID (SysV) with X and check that it took.
fill_x_sysv() {
	shmtool write "$KEY" <"$X16" || return 1
	shmclient dump "$ID" | cmp - "$X16"
}

fill_x_posix() {
	shmtool write "$NAME" <"$X16" || return 1
	shmclient pdump "$NAME" | cmp - "$X16"
}

# --- where the bytes go ------------------------------------------------------

@test "write from a pipe puts the bytes at the start of a SysV segment, silently" {
	new_sysv "$KEY" 16
	run --separate-stderr feed 'hello' write "$KEY"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run -0 shmclient read "$ID"
	assert_output 'hello'
	printf 'hello\0\0\0\0\0\0\0\0\0\0\0' >"$BATS_TEST_TMPDIR/want"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "write from a pipe puts the bytes at the start of a POSIX object, silently" {
	new_posix "$NAME" 16
	run --separate-stderr feed 'hello' write "$NAME"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	printf 'hello\0\0\0\0\0\0\0\0\0\0\0' >"$BATS_TEST_TMPDIR/want"
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/want"
	run -0 shmclient pstat "$NAME"
	assert_output 'size=16 mode=0600 uid=0 gid=0'
}

@test "write takes the segment by id, key:N and id:N as well as by key" {
	new_sysv "$KEY" 16
	feed 'one' write "$ID"
	assert_equal "$(shmclient read "$ID")" 'one'
	feed 'two' write "key:$KEY"
	assert_equal "$(shmclient read "$ID")" 'two'
	feed 'six' write "id:$ID"
	assert_equal "$(shmclient read "$ID")" 'six'
}

@test "write -o OFFSET writes there and leaves the bytes around it alone" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run feed 'abc' write -o 5 "$KEY"
	assert_success
	run -0 shmclient dump "$ID"
	assert_output 'XXXXXabcXXXXXXXX'
}

@test "write -o OFFSET into a POSIX object" {
	new_posix "$NAME" 16
	fill_x_posix
	run feed 'abc' write --offset 13 "$NAME"
	assert_success
	run -0 shmclient pdump "$NAME"
	assert_output 'XXXXXXXXXXXXXabc'
}

@test "write -o with a size suffix: -o 1K" {
	new_sysv "$KEY" 2048
	run feed 'at1k' write -o 1K "$KEY"
	assert_success
	shmclient peek "$ID" 1024 4 >"$BATS_TEST_TMPDIR/at"
	assert_bytes "$BATS_TEST_TMPDIR/at" 'at1k'
	shmclient dump "$ID" | tr -d '\0' >"$BATS_TEST_TMPDIR/rest"
	assert_bytes "$BATS_TEST_TMPDIR/rest" 'at1k'
}

@test "write -n LENGTH copies only the first LENGTH bytes of the input" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed 'abcdefgh' write -n 3 "$KEY"
	assert_success
	assert_equal "$stderr" ''
	run -0 shmclient dump "$ID"
	assert_output 'abcXXXXXXXXXXXXX'
}

@test "write -n LENGTH from a regular file copies only LENGTH bytes" {
	new_posix "$NAME" 16
	fill_x_posix
	printf 'abcdefgh' >"$BATS_TEST_TMPDIR/in"
	run shmtool write --length 2 "$NAME" <"$BATS_TEST_TMPDIR/in"
	assert_success
	run -0 shmclient pdump "$NAME"
	assert_output 'abXXXXXXXXXXXXXX'
}

@test "write of empty input succeeds and changes nothing" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr shmtool write "$KEY" </dev/null
	assert_success
	assert_equal "$stderr" ''
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write that fills the segment exactly from a pipe succeeds" {
	new_sysv "$KEY" 16
	run --separate-stderr feed '0123456789abcdef' write "$KEY"
	assert_success
	assert_equal "$stderr" ''
	run -0 shmclient dump "$ID"
	assert_output '0123456789abcdef'
}

@test "write that fills the rest exactly from -o, from a regular file, succeeds" {
	new_posix "$NAME" 16
	fill_x_posix
	printf '0123' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write -o 12 "$NAME" <"$BATS_TEST_TMPDIR/in"
	assert_success
	run -0 shmclient pdump "$NAME"
	assert_output 'XXXXXXXXXXXX0123'
}

# --- input that does not fit -------------------------------------------------

@test "write: pipe input 3 bytes too big fails at the first byte too many, keeps what fitted" {
	new_sysv "$KEY" 16
	run --separate-stderr feed '0123456789abcdefXYZ' write "$KEY"
	assert_fail "$KEY: input does not fit: more than the 16 bytes from offset 0 (the first 16 were written)"
	assert_output ''
	run -0 shmclient dump "$ID"
	assert_output '0123456789abcdef'
}

@test "write: pipe input too big for a POSIX object from -o fails and says what fitted" {
	new_posix "$NAME" 16
	run --separate-stderr feed 'abcdefgh' write -o 10 "$NAME"
	assert_fail "$NAME: input does not fit: more than the 6 bytes from offset 10 (the first 6 were written)"
	run -0 shmclient pstat "$NAME"
	assert_output 'size=16 mode=0600 uid=0 gid=0'
}

@test "write: a 1M pipe into a 64K segment fails, without reading the rest" {
	new_sysv "$KEY" 65536
	head -c 1M /dev/zero >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr feed_file "$BATS_TEST_TMPDIR/in" write "$KEY"
	assert_fail "$KEY: input does not fit: more than the 65536 bytes from offset 0 (the first 65536 were written)"
}

@test "write: a regular file too big for a SysV segment is refused before a byte is written" {
	new_sysv "$KEY" 16
	fill_x_sysv
	printf '0123456789abcdefXYZ' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write "$KEY" <"$BATS_TEST_TMPDIR/in"
	assert_fail "$KEY: input of 19 bytes does not fit in 16 bytes from offset 0 (3 too many); nothing written"
	assert_output ''
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write: a regular file too big for a POSIX object is refused before a byte is written" {
	new_posix "$NAME" 16
	fill_x_posix
	printf '0123456789abcdefXYZ' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write "$NAME" <"$BATS_TEST_TMPDIR/in"
	assert_fail "$NAME: input of 19 bytes does not fit in 16 bytes from offset 0 (3 too many); nothing written"
	shmclient pdump "$NAME" | cmp - "$X16"
	run -0 shmclient pstat "$NAME"
	assert_output 'size=16 mode=0600 uid=0 gid=0'
}

@test "write: a regular file that fits but not from -o OFFSET is refused untouched" {
	new_sysv "$KEY" 16
	fill_x_sysv
	printf '0123456789' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write -o 8 "$KEY" <"$BATS_TEST_TMPDIR/in"
	assert_fail "$KEY: input of 10 bytes does not fit in 8 bytes from offset 8 (2 too many); nothing written"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write: a big regular file into a smaller SysV segment leaves it untouched" {
	new_sysv "$KEY" 1048576
	head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/first"
	shmtool write "$KEY" <"$BATS_TEST_TMPDIR/first"
	head -c 2M /dev/urandom >"$BATS_TEST_TMPDIR/in"
	run shmtool write "$KEY" <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	assert_output --partial 'nothing written'
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/first"
}

@test "write: the regular-file check counts from the file's current position" {
	new_sysv "$KEY" 16
	fill_x_sysv
	printf '0123456789abcdefghij' >"$BATS_TEST_TMPDIR/in"
	# 20 bytes, 6 of them already read: 14 are left, and they fit.
	run bash -c '{ head -c 6 >/dev/null; "$0" write "$1"; } <"$2"' \
	    "$SHMTOOL_BIN" "$KEY" "$BATS_TEST_TMPDIR/in"
	assert_success
	run -0 shmclient dump "$ID"
	assert_output '6789abcdefghijXX'
}

@test "write -o OFFSET past the end fails and writes nothing" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed 'a' write -o 17 "$KEY"
	assert_fail "$KEY: offset 17 is past the end (16 bytes)"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write -o at the very end with empty input succeeds" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr shmtool write -o 16 "$KEY" </dev/null
	assert_success
	assert_equal "$stderr" ''
	shmclient dump "$ID" | cmp - "$X16"
}

# --- -z ----------------------------------------------------------------------

@test "write -n LENGTH larger than the room is refused before a byte is written" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed '0123456789abcdefXYZ' write -n 17 "$KEY"
	assert_fail "$KEY: length of 17 bytes does not fit in 16 bytes from offset 0 (1 too many); nothing written"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write -z -n with the largest LENGTH is refused like any LENGTH too big" {
	# LENGTH + the NUL must not wrap around to 0 and pass the check.
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed '0123456789abcdefXYZ' write -z -n 18446744073709551615 "$KEY"
	assert_equal "$status" 1
	assert_output ''
	[[ $stderr == "shmtool: write: $KEY: "*"does not fit"*"nothing written" ]] ||
		fail "stderr: '$stderr'"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write -z ends the data with a NUL, so a C reader sees just the text" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run feed 'hi' write -z "$KEY"
	assert_success
	run -0 shmclient read "$ID"
	assert_output 'hi'
	printf 'hi\0XXXXXXXXXXXXX' >"$BATS_TEST_TMPDIR/want"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "write -z into a POSIX object" {
	new_posix "$NAME" 16
	fill_x_posix
	run feed 'hello' write --zero "$NAME"
	assert_success
	run -0 shmclient pread "$NAME"
	assert_output 'hello'
}

@test "write -z -o puts the NUL after the data at the offset" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run feed 'ab' write -z -o 4 "$KEY"
	assert_success
	printf 'XXXXab\0XXXXXXXXX' >"$BATS_TEST_TMPDIR/want"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "write -z counts the NUL: 16 bytes from a file do not fit in 16 with it" {
	new_sysv "$KEY" 16
	fill_x_sysv
	printf '0123456789abcdef' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write -z "$KEY" <"$BATS_TEST_TMPDIR/in"
	assert_fail "$KEY: input of 17 bytes does not fit in 16 bytes from offset 0 (1 too many); nothing written"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write -z: 15 bytes and the NUL fill 16 exactly" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run feed '0123456789abcde' write -z "$KEY"
	assert_success
	printf '0123456789abcde\0' >"$BATS_TEST_TMPDIR/want"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "write -z: 16 bytes from a pipe into 16 fail, the NUL has no room" {
	new_sysv "$KEY" 16
	run --separate-stderr feed '0123456789abcdef' write -z "$KEY"
	assert_failure 1
	assert_equal "$(echo "$stderr" | wc -l)" 1
	assert_equal "$stderr" "shmtool: write: $KEY: input does not fit: more than the 15 bytes from offset 0 (the first 15 were written)"
}

# --- --truncate --------------------------------------------------------------

@test "write --truncate shrinks a POSIX object to the data" {
	new_posix "$NAME" 4096
	run feed 'abc' write --truncate "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=3 mode=0600 uid=0 gid=0'
	run -0 shmclient pdump "$NAME"
	assert_output 'abc'
}

@test "write --truncate grows a POSIX object to the data" {
	new_posix "$NAME" 8
	head -c 100000 /dev/urandom >"$BATS_TEST_TMPDIR/in"
	run shmtool write --truncate "$NAME" <"$BATS_TEST_TMPDIR/in"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=100000 mode=0600 uid=0 gid=0'
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/in"
}

@test "write --truncate from a pipe grows a POSIX object past its size" {
	new_posix "$NAME" 8
	head -c 300000 /dev/urandom >"$BATS_TEST_TMPDIR/in"
	run feed_file "$BATS_TEST_TMPDIR/in" write --truncate "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=300000 mode=0600 uid=0 gid=0'
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/in"
}

@test "write --truncate -o OFFSET sizes to offset + data and keeps the bytes before" {
	new_posix "$NAME" 16
	fill_x_posix
	run feed 'abc' write --truncate -o 10 "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=13 mode=0600 uid=0 gid=0'
	run -0 shmclient pdump "$NAME"
	assert_output 'XXXXXXXXXXabc'
}

@test "write --truncate -z counts the NUL in the size" {
	new_posix "$NAME" 16
	run feed 'abc' write --truncate -z "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=4 mode=0600 uid=0 gid=0'
	run -0 shmclient pread "$NAME"
	assert_output 'abc'
}

@test "write --truncate is refused for a SysV segment, which stays as it was" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed 'abc' write --truncate "$KEY"
	assert_usage "$KEY: --truncate is for POSIX objects and files (a SysV segment's size is fixed)"
	shmclient dump "$ID" | cmp - "$X16"
	assert_equal "$(field "$ID" size)" 16
}

# --- --create ----------------------------------------------------------------

@test "write --create -s SIZE makes a missing SysV segment, mode 0600, and writes" {
	run --separate-stderr feed 'new' write --create -s 4K "$KEY"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	ID=$(shmclient id "$KEY")
	run -0 shmclient stat "$ID"
	assert_output --regexp "^key=$KEY id=$ID uid=0 gid=0 cuid=0 cgid=0 mode=0600 size=4096 nattch=0 "
	run -0 shmclient read "$ID"
	assert_output 'new'
}

@test "write --create -s SIZE -m MODE makes a missing POSIX object with that exact mode" {
	run --separate-stderr bash -c 'umask 077; printf new | "$0" write --create -s 64 -m 0644 "$1"' \
	    "$SHMTOOL_BIN" "$NAME"
	assert_success
	assert_equal "$stderr" ''
	run -0 shmclient pstat "$NAME"
	assert_output 'size=64 mode=0644 uid=0 gid=0'
	run -0 shmclient pread "$NAME"
	assert_output 'new'
}

@test "write --create on an existing segment writes into it as it is" {
	new_sysv "$KEY" 16 640
	fill_x_sysv
	run --separate-stderr feed 'abc' write --create -s 1M -m 0600 "$KEY"
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(shmclient id "$KEY")" "$ID"
	run -0 shmclient stat "$ID"
	assert_output --partial 'mode=0640 size=16 '
	run -0 shmclient dump "$ID"
	assert_output 'abcXXXXXXXXXXXXX'
}

@test "write --create on an existing POSIX object keeps its size" {
	new_posix "$NAME" 16
	run feed 'abc' write --create -s 1M "$NAME"
	assert_success
	run -0 shmclient pstat "$NAME"
	assert_output 'size=16 mode=0600 uid=0 gid=0'
}

@test "write --create without -s is a usage error and creates nothing" {
	run --separate-stderr feed 'abc' write --create "$KEY"
	assert_usage '--create needs -s SIZE'
	run shmclient id "$KEY"
	assert_failure
}

@test "write -s without --create is a usage error" {
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr feed 'abc' write -s 16 "$KEY"
	assert_usage '-s goes with --create'
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write without --create to a missing segment fails and creates nothing" {
	run --separate-stderr feed 'abc' write "$KEY"
	assert_fail "$KEY: no such segment"
	run shmclient id "$KEY"
	assert_failure
	run --separate-stderr feed 'abc' write "$NAME"
	assert_fail "$NAME: no such segment"
	[ ! -e "/dev/shm/${NAME#/}" ]
}

# --- --progress --------------------------------------------------------------

@test "write --progress prints one line on stderr: bytes copied" {
	new_sysv "$KEY" 1048576
	head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write --progress "$KEY" <"$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output ''
	assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
	[[ $stderr =~ ^1048576\ bytes\ \(1\.0M\)\ copied,\ [0-9.]+\ s,\ .*/s ]] ||
		fail "progress line: '$stderr'"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/in"
}

@test "write --progress ends its line with a newline" {
	new_posix "$NAME" 4096
	feed abc write --progress "$NAME" 2>"$BATS_TEST_TMPDIR/err"
	tail -c 1 "$BATS_TEST_TMPDIR/err" >"$BATS_TEST_TMPDIR/last"
	assert_bytes "$BATS_TEST_TMPDIR/last" '\n'
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/err")" 1
	run --separate-stderr feed abc write --progress "$NAME"
	assert_success
	assert_output ''
	assert_regex "$stderr" '^3 bytes \(3B\) copied, '
}

@test "write without --progress, stderr not a terminal: stderr stays empty" {
	new_sysv "$KEY" 1048576
	head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/in"
	shmtool write "$KEY" <"$BATS_TEST_TMPDIR/in" 2>"$BATS_TEST_TMPDIR/err"
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "stderr: $(cat "$BATS_TEST_TMPDIR/err")"
}

# --- usage -------------------------------------------------------------------

@test "write -o -1 is a usage error" {
	new_sysv "$KEY" 16
	run --separate-stderr feed 'a' write -o -1 "$KEY"
	assert_usage '-o -1: not a size (use digits and K, M, G, T, P or E)'
}

@test "write without a SPEC or with two is a usage error" {
	run --separate-stderr shmtool write </dev/null
	assert_usage 'want one SPEC (see shmtool write --help)'
	run --separate-stderr shmtool write "$KEY" "$KEY2" </dev/null
	assert_usage 'want one SPEC (see shmtool write --help)'
}

@test "write to private is refused as a usage error" {
	run --separate-stderr feed 'a' write private
	assert_usage 'private: private segments cannot be used with write'
}

# --- permissions -------------------------------------------------------------

@test "write to root's 0600 SysV segment as nobody: permission denied, unchanged" {
	need_nobody
	new_sysv "$KEY" 16
	fill_x_sysv
	run --separate-stderr bash -c 'printf abc | "$@"' _ setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups "$SHMTOOL_BIN" write "$KEY"
	assert_failure 1
	assert_equal "$stderr" "shmtool: write: $KEY: permission denied"
	shmclient dump "$ID" | cmp - "$X16"
}

@test "write to root's 0600 POSIX object as nobody: permission denied, unchanged" {
	need_nobody
	new_posix "$NAME" 16
	fill_x_posix
	run --separate-stderr bash -c 'printf abc | "$@"' _ setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups "$SHMTOOL_BIN" write "$NAME"
	assert_failure 1
	assert_equal "$stderr" "shmtool: write: $NAME: permission denied"
	shmclient pdump "$NAME" | cmp - "$X16"
}

@test "write to a 0644 segment as nobody (read but no write): permission denied" {
	need_nobody
	new_sysv "$KEY" 16 644
	fill_x_sysv
	run --separate-stderr bash -c 'printf abc | "$@"' _ setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups "$SHMTOOL_BIN" write "$KEY"
	assert_failure 1
	assert_equal "$stderr" "shmtool: write: $KEY: permission denied"
	shmclient dump "$ID" | cmp - "$X16"
}

# --- memory ------------------------------------------------------------------

# A page of shared memory, once faulted in, stays with the segment: write
# must fault in only what its input fills, however big the segment is.
@test "write faults in only the pages its input fills: 10 bytes from a file, from a pipe, and across a page boundary, into 8M take four pages" {
	printf 0123456789 >"$BATS_TEST_TMPDIR/ten"
	new_posix "$NAME" 8388608
	shmtool write "$NAME" <"$BATS_TEST_TMPDIR/ten"
	printf 0123456789 | shmtool write -o 4194304 "$NAME"
	shmtool write -o 8188 "$NAME" <"$BATS_TEST_TMPDIR/ten"
	run stat -c '%b*%B' "/dev/shm/${NAME#/}"
	assert_equal "$(( output ))" 16384
	assert_equal "$(shmtool read -o 4194304 -n 10 "$NAME")" 0123456789
	assert_equal "$(shmtool read -o 8188 -n 10 "$NAME")" 0123456789
}

@test "as nobody, by the mapping: 10 bytes from a file, then from a pipe, into an 8M SysV segment take two pages" {
	need_nobody
	printf 0123456789 >"$BATS_TEST_TMPDIR/ten"
	new_sysv "$KEY" 8388608 666
	as_nobody "$SHMTOOL_BIN" write "$KEY" <"$BATS_TEST_TMPDIR/ten"
	printf 0123456789 | as_nobody "$SHMTOOL_BIN" write -o 4194304 "$KEY"
	run awk -v id="$ID" '$2 == id { print $15 }' /proc/sysvipc/shm
	assert_output 8192
	assert_equal "$(shmtool read -o 4194304 -n 10 "$KEY")" 0123456789
}

# --- no input at all ---------------------------------------------------------

# With fd 0 closed, the next open() (the segment's own fd, or /dev/shm's)
# becomes fd 0: it must not be taken for the input.
@test "write with stdin closed fails (bad file descriptor) and writes nothing" {
	new_sysv "$KEY" 16
	fill_x_sysv
	new_posix "$NAME" 16
	fill_x_posix
	printf 'XXXXXXXXXXXXXXXX' >"$BATS_TEST_TMPDIR/file"
	# (With stdout closed too, both holes are filled, in order.)
	for spec in "$KEY" "$NAME" "file:$BATS_TEST_TMPDIR/file"; do
		for closed in '<&-' '<&- >&-'; do
			run --separate-stderr bash -c '"$0" write "$1" '"$closed" "$SHMTOOL_BIN" "$spec"
			assert_equal "$status" 1
			assert_output ''
			[[ $stderr == "shmtool: write: $spec: "*[Bb]ad\ file\ descriptor* ]] ||
				fail "write $spec $closed: stderr: '$stderr'"
		done
	done
	shmclient dump "$ID" | cmp - "$X16"
	shmclient pdump "$NAME" | cmp - "$X16"
	cmp "$BATS_TEST_TMPDIR/file" "$X16"
}
