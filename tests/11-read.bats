#!/usr/bin/env bats
# shmtool read: a segment to stdout; and round trips through write and read
# over every kind of input and output (pipe: splice/vmsplice, regular file:
# sendfile, and the read/write fallbacks that nobody gets for SysV).
load test_helper
load data_helper

# A SysV segment $ID and a POSIX object $NAME of 16 bytes: "hello", NUL,
# "world", NULs.
hello_world() {
	new_sysv "$KEY" 16
	new_posix "$NAME" 16
	printf 'hello\0world\0\0\0\0\0' >"$BATS_TEST_TMPDIR/hw"
	shmtool write "$KEY" <"$BATS_TEST_TMPDIR/hw"
	shmtool write "$NAME" <"$BATS_TEST_TMPDIR/hw"
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/hw"
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/hw"
}

# --- what is read ------------------------------------------------------------
#
# Output is compared as bytes (assert_read, assert_bytes): bats' $output
# and $(...) drop NULs, and could not see a NUL too many or a read cut
# short where the segment holds NULs.

@test "read prints the whole SysV segment, NULs included, and nothing on stderr" {
	new_sysv "$KEY" 16
	shmclient write "$ID" 'hello'
	assert_read 'hello\0\0\0\0\0\0\0\0\0\0\0' shmtool read "$KEY"
}

@test "read prints the whole POSIX object" {
	new_posix "$NAME" 8
	shmclient pwrite "$NAME" 'abc'
	assert_read 'abc\0\0\0\0\0' shmtool read "$NAME"
}

@test "read by id, id:N and key:N gives the same bytes as the C client" {
	new_sysv "$KEY" 16
	shmclient write "$ID" 'same'
	shmclient dump "$ID" >"$BATS_TEST_TMPDIR/dump"
	assert_bytes "$BATS_TEST_TMPDIR/dump" 'same\0\0\0\0\0\0\0\0\0\0\0\0'
	for spec in "$ID" "id:$ID" "key:$KEY"; do
		assert_read 'same\0\0\0\0\0\0\0\0\0\0\0\0' shmtool read "$spec"
	done
}

@test "read -o OFFSET starts there" {
	hello_world
	assert_read 'world' shmtool read -o 6 -n 5 "$KEY"
	assert_read 'ello' shmtool read --offset 1 --length 4 "$NAME"
}

@test "read -n LENGTH reads LENGTH bytes from the start" {
	hello_world
	assert_read 'hello' shmtool read -n 5 "$KEY"
	assert_read 'hel' shmtool read -n 3 "$NAME"
	assert_read 'hello\0' shmtool read -n 6 "$KEY"
}

@test "read -o OFFSET alone reads to the end" {
	hello_world
	assert_read '\0\0\0\0\0' shmtool read -o 11 "$KEY"
	assert_read 'd\0\0\0\0\0' shmtool read -o 10 "$NAME"
}

@test "read -z stops at the first NUL, for both kinds" {
	hello_world
	assert_read 'hello' shmtool read -z "$KEY"
	assert_read 'hello' shmtool read --zero "$NAME"
}

@test "read -z -o OFFSET reads the C string at OFFSET" {
	hello_world
	assert_read 'world' shmtool read -z -o 6 "$KEY"
	assert_read 'world' shmtool read -z -o 6 "$NAME"
	assert_read 'orld' shmtool read -z -o 7 "$NAME"
}

@test "read -z without a NUL in range reads the whole range" {
	hello_world
	assert_read 'hell' shmtool read -z -n 4 "$KEY"
	assert_read 'hell' shmtool read -z -n 4 "$NAME"
	new_sysv "$KEY2" 4
	printf 'abcd' | shmtool write "$KEY2"
	assert_read 'abcd' shmtool read -z "$KEY2"
	new_posix "$NAME2" 4
	shmclient pwrite "$NAME2" 'abc'
	shmclient ptruncate "$NAME2" 3
	assert_read 'abc' shmtool read -z "$NAME2"
}

@test "read -z of a segment starting with NUL prints nothing, exit 0" {
	new_sysv "$KEY" 16
	new_posix "$NAME" 16
	assert_read '' shmtool read -z "$KEY"
	assert_read '' shmtool read -z "$NAME"
}

@test "read -z gives what a C client wrote with writez" {
	new_sysv "$KEY" 64
	shmclient writez "$ID" 10 'C string'
	assert_read 'C string' shmtool read -z -o 10 "$KEY"
	assert_read '\0\0\0\0\0\0\0\0\0\0C string' shmtool read -n 18 "$KEY"
}

# --- ranges: at the ends, and past them --------------------------------------

@test "read -o 0 and -n SIZE read everything" {
	hello_world
	assert_read 'hello\0world\0\0\0\0\0' shmtool read -o 0 -n 16 "$KEY"
	assert_read 'hello\0world\0\0\0\0\0' shmtool read -o 0 -n 16 "$NAME"
}

@test "read -o SIZE (exactly the end) prints nothing and succeeds" {
	hello_world
	assert_read '' shmtool read -o 16 "$KEY"
	assert_read '' shmtool read -o 16 "$NAME"
}

@test "read -n 0 prints nothing and succeeds" {
	hello_world
	assert_read '' shmtool read -n 0 "$KEY"
	assert_read '' shmtool read -o 16 -n 0 "$NAME"
}

@test "read -o 10 -n 6 ends exactly at the end and succeeds" {
	hello_world
	assert_read 'd\0\0\0\0\0' shmtool read -o 10 -n 6 "$KEY"
	assert_read 'd\0\0\0\0\0' shmtool read -o 10 -n 6 "$NAME"
}

# Failures: the message, and not a byte on stdout (kept as bytes: a NUL
# written before the failure would not show in $output).
@test "read -o past the end fails with a message and no output" {
	hello_world
	out=$BATS_TEST_TMPDIR/out
	run --separate-stderr to_file "$out" shmtool read -o 17 "$KEY"
	assert_fail "$KEY: offset 17 is past the end (16 bytes)"
	assert_bytes "$out" ''
	run --separate-stderr to_file "$out" shmtool read -o 1M "$NAME"
	assert_fail "$NAME: offset 1048576 is past the end (16 bytes)"
	assert_bytes "$out" ''
}

@test "read -n past the end fails with a message and no output" {
	hello_world
	out=$BATS_TEST_TMPDIR/out
	run --separate-stderr to_file "$out" shmtool read -n 17 "$KEY"
	assert_fail "$KEY: 17 bytes from offset 0 go past the end (16 bytes)"
	assert_bytes "$out" ''
	run --separate-stderr to_file "$out" shmtool read -o 10 -n 7 "$NAME"
	assert_fail "$NAME: 7 bytes from offset 10 go past the end (16 bytes)"
	assert_bytes "$out" ''
}

@test "read of a missing segment fails: no such segment" {
	out=$BATS_TEST_TMPDIR/out
	run --separate-stderr to_file "$out" shmtool read "$KEY"
	assert_fail "$KEY: no such segment"
	assert_bytes "$out" ''
	run --separate-stderr to_file "$out" shmtool read "$NAME"
	assert_fail "$NAME: no such segment"
	assert_bytes "$out" ''
}

@test "read -o -1 and -n junk are usage errors" {
	hello_world
	run --separate-stderr shmtool read -o -1 "$KEY"
	assert_usage '-o -1: not a size (use digits and K, M, G, T, P or E)'
	run --separate-stderr shmtool read -n 5x "$KEY"
	assert_usage '-n 5x: not a size (use digits and K, M, G, T, P or E)'
}

@test "read without a SPEC is a usage error" {
	run --separate-stderr shmtool read
	assert_usage 'want one SPEC (see shmtool read --help)'
}

# --- the reader goes away, the segment shrinks, the disk is full -------------

# "Exits quietly": shmtool's own status (not head's or wc's) is 141, the
# status of a process killed by SIGPIPE, and it says nothing.  With SIGPIPE
# ignored it gets EPIPE instead, and must still end with 141, as cat and dd
# do not but a shell pipeline expects.  head got the first byte.
@test "read of 4M SysV into head -c1 exits quietly" {
	new_sysv "$KEY" 4194304
	for ign in "" --sigpipe-ignored; do
		run into_head $ign "$SHMTOOL_BIN" read "$KEY"
		assert_success
		assert_output 'rc=141'
		assert_bytes "$BATS_TEST_TMPDIR/one" '\0'
	done
}

@test "read of 4M POSIX into head -c1 exits quietly" {
	new_posix "$NAME" 4194304
	for ign in "" --sigpipe-ignored; do
		run into_head $ign "$SHMTOOL_BIN" read "$NAME"
		assert_success
		assert_output 'rc=141'
		assert_bytes "$BATS_TEST_TMPDIR/one" '\0'
	done
}

@test "read of 4M SysV as nobody (vmsplice) into head -c1 exits quietly" {
	need_nobody
	new_sysv "$KEY" 4194304 644
	shmclient write "$ID" 'x'
	for ign in "" --sigpipe-ignored; do
		run into_head $ign as_nobody "$SHMTOOL_BIN" read "$KEY"
		assert_success
		assert_output 'rc=141'
		assert_bytes "$BATS_TEST_TMPDIR/one" 'x'
	done
}

@test "read -z of 4M into head -c1 exits quietly" {
	new_posix "$NAME" 4194304
	head -c 4M /dev/zero | tr '\0' 'a' | shmtool write "$NAME"
	for ign in "" --sigpipe-ignored; do
		run into_head $ign "$SHMTOOL_BIN" read -z "$NAME"
		assert_success
		assert_output 'rc=141'
		assert_bytes "$BATS_TEST_TMPDIR/one" 'a'
	done
}

# shrink_while_read SIZE: a 64M POSIX object read into a pipe whose reader
# stalls after the first byte; the object is cut to SIZE meanwhile, then the
# reader drains.  shmtool's status in $BATS_TEST_TMPDIR/status.
shrink_while_read() {
	local t=$BATS_TEST_TMPDIR started go
	new_posix "$NAME" 67108864
	# Two FIFOs, opened read-write here so that neither side blocks in
	# open(2): the reader says "started" on one, then waits for "go".
	mkfifo "$t/started" "$t/go"
	exec {started}<>"$t/started" {go}<>"$t/go"
	bash -c '"$0" read "$1" 2>"$2/err" |
	    { head -c1 >/dev/null; echo started >"$2/started"; read -r _ <"$2/go"
	      cat >/dev/null; }
	    echo "${PIPESTATUS[0]}" >"$2/status"' "$SHMTOOL_BIN" "$NAME" "$t" 3>&- &
	BG=$!
	bg_track "$BG"
	read -r -t "$WAIT_CAP" -u "$started" _ || fail "the reader never started"
	shmclient ptruncate "$NAME" "$1"
	echo go >&"$go"
	wait "$BG"
	exec {started}>&- {go}>&-
}

@test "read of a POSIX object truncated while it is read fails: shrank, no SIGBUS" {
	shrink_while_read 4096
	assert_equal "$(cat "$BATS_TEST_TMPDIR/status")" 1
	assert_regex "$(cat "$BATS_TEST_TMPDIR/err")" "^shmtool: read: $NAME: shrank while being read \([0-9]+ of 67108864 bytes copied\)$"
}

@test "read of a POSIX object truncated to 0 while it is read fails: shrank, no SIGBUS" {
	shrink_while_read 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/status")" 1
	assert_regex "$(cat "$BATS_TEST_TMPDIR/err")" "^shmtool: read: $NAME: shrank while being read \([0-9]+ of 67108864 bytes copied\)$"
}

@test "read into a full disk (/dev/full) fails loudly" {
	hello_world
	run --separate-stderr bash -c '"$0" read "$1" >/dev/full' "$SHMTOOL_BIN" "$KEY"
	assert_failure 1
	assert_equal "$stderr" "shmtool: read: $KEY: no space left on device (0 of 16 bytes copied)"
	run --separate-stderr bash -c '"$0" read "$1" >/dev/full' "$SHMTOOL_BIN" "$NAME"
	assert_failure 1
	assert_equal "$stderr" "shmtool: read: $NAME: no space left on device (0 of 16 bytes copied)"
}

# --- --progress --------------------------------------------------------------

@test "read --progress prints one line on stderr ending in a newline" {
	new_sysv "$KEY" 1048576
	shmtool read --progress "$KEY" >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/err")" 1
	assert_equal "$(tail -c1 "$BATS_TEST_TMPDIR/err" | od -An -c | tr -d ' ')" '\n'
	assert_regex "$(cat "$BATS_TEST_TMPDIR/err")" \
	    '^1048576 bytes \(1\.0M\) copied, [0-9.]+ s, .*/s, 100%, ETA 0s$'
}

@test "read --progress on a POSIX object into a pipe" {
	new_posix "$NAME" 4096
	run --separate-stderr to_pipe "$BATS_TEST_TMPDIR/out" read --progress "$NAME"
	assert_success
	[[ $stderr =~ ^4096\ bytes\ \(4\.0K\)\ copied, ]] || fail "progress: '$stderr'"
	assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/out")" 4096
}

@test "read without --progress, stderr not a terminal: stderr stays empty" {
	new_sysv "$KEY" 1048576
	new_posix "$NAME" 1048576
	shmtool read "$KEY" 2>"$BATS_TEST_TMPDIR/err" | cat >/dev/null
	shmtool read "$NAME" 2>>"$BATS_TEST_TMPDIR/err" >/dev/null
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "stderr: $(cat "$BATS_TEST_TMPDIR/err")"
}

# --- permissions -------------------------------------------------------------

@test "read of root's 0600 SysV segment as nobody: permission denied, no output" {
	need_nobody
	hello_world
	run --separate-stderr to_file "$BATS_TEST_TMPDIR/out" shmtool_nobody read "$KEY"
	assert_fail "$KEY: permission denied"
	assert_bytes "$BATS_TEST_TMPDIR/out" ''
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/hw"
}

@test "read of root's 0600 POSIX object as nobody: permission denied, no output" {
	need_nobody
	hello_world
	run --separate-stderr to_file "$BATS_TEST_TMPDIR/out" shmtool_nobody read "$NAME"
	assert_fail "$NAME: permission denied"
	assert_bytes "$BATS_TEST_TMPDIR/out" ''
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/hw"
}

@test "read of root's 0644 SysV segment as nobody works: read permission is enough" {
	need_nobody
	new_sysv "$KEY" 16 644
	shmclient write "$ID" 'mine'
	assert_read 'mine' shmtool_nobody read -z "$KEY"
	assert_read 'mine\0\0\0\0\0\0\0\0\0\0\0\0' shmtool_nobody read "$KEY"
}

# --- round trips -------------------------------------------------------------

# round_trip KIND FEED DRAIN FILE [nobody]: a segment (KIND sysv or posix) the
# size of FILE, FILE written in through FEED (pipe or file), checked with the
# C client, read out through DRAIN (pipe or file) and compared.
round_trip() {
	local kind=$1 feed=$2 drain=$3 data=$4 who=${5:-root}
	local size out=$BATS_TEST_TMPDIR/out spec run=()
	size=$(wc -c <"$data")
	[ "$who" = nobody ] && run=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	if [ "$kind" = sysv ]; then
		new_sysv "$KEY" "$size" 666
		spec=$KEY
	else
		new_posix "$NAME" "$size" 666
		spec=$NAME
	fi
	# shellcheck disable=SC2002 # a pipe on purpose
	case $feed in
	pipe) cat "$data" | "${run[@]}" "$SHMTOOL_BIN" write "$spec" ;;
	file) "${run[@]}" "$SHMTOOL_BIN" write "$spec" <"$data" ;;
	esac || fail "write through a $feed failed"
	if [ "$kind" = sysv ]; then
		shmclient dump "$ID" >"$BATS_TEST_TMPDIR/dump"
	else
		shmclient pdump "$NAME" >"$BATS_TEST_TMPDIR/dump"
	fi
	cmp "$data" "$BATS_TEST_TMPDIR/dump" || fail "the segment does not hold what was written"
	case $drain in
	pipe) "${run[@]}" "$SHMTOOL_BIN" read "$spec" | cat >"$out"
		[ "${PIPESTATUS[0]}" = 0 ] ;;
	file) "${run[@]}" "$SHMTOOL_BIN" read "$spec" >"$out" ;;
	esac || fail "read into a $drain failed"
	cmp "$data" "$out"
	assert_equal "$(sha "$out")" "$(sha "$data")"
}

text_file() {
	printf 'Ein Text, zwei Zeilen.\nÜber 7-bit hinaus: é ß ✓\n' >"$BATS_TEST_TMPDIR/text"
}

bytes_file() {
	all_bytes "$BATS_TEST_TMPDIR/bytes" 4
}

# 1 MiB and 3 bytes: not a whole number of pages.
random_file() {
	head -c 1048579 /dev/urandom >"$BATS_TEST_TMPDIR/random"
}

@test "round trip: text, SysV, pipe in, pipe out" {
	text_file
	round_trip sysv pipe pipe "$BATS_TEST_TMPDIR/text"
}

@test "round trip: text, POSIX, file in, file out" {
	text_file
	round_trip posix file file "$BATS_TEST_TMPDIR/text"
}

@test "round trip: all 256 byte values, SysV, pipe in, file out" {
	bytes_file
	assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/bytes")" 1024
	round_trip sysv pipe file "$BATS_TEST_TMPDIR/bytes"
}

@test "round trip: all 256 byte values, SysV, file in, pipe out" {
	bytes_file
	round_trip sysv file pipe "$BATS_TEST_TMPDIR/bytes"
}

@test "round trip: all 256 byte values, POSIX, pipe in, file out" {
	bytes_file
	round_trip posix pipe file "$BATS_TEST_TMPDIR/bytes"
}

@test "round trip: all 256 byte values, POSIX, file in, pipe out" {
	bytes_file
	round_trip posix file pipe "$BATS_TEST_TMPDIR/bytes"
}

@test "round trip: 1M random, SysV, pipe in, pipe out" {
	random_file
	round_trip sysv pipe pipe "$BATS_TEST_TMPDIR/random"
}

@test "round trip: 1M random, SysV, file in, file out" {
	random_file
	round_trip sysv file file "$BATS_TEST_TMPDIR/random"
}

@test "round trip: 1M random, POSIX, pipe in, pipe out" {
	random_file
	round_trip posix pipe pipe "$BATS_TEST_TMPDIR/random"
}

@test "round trip: 1M random, POSIX, file in, file out" {
	random_file
	round_trip posix file file "$BATS_TEST_TMPDIR/random"
}

@test "round trip as nobody (no map_files): 1M random, SysV, pipe in, pipe out" {
	need_nobody
	random_file
	round_trip sysv pipe pipe "$BATS_TEST_TMPDIR/random" nobody
}

@test "round trip as nobody (no map_files): 1M random, SysV, file in, file out" {
	need_nobody
	random_file
	round_trip sysv file file "$BATS_TEST_TMPDIR/random" nobody
}

@test "round trip as nobody: all 256 byte values, POSIX, pipe in, file out" {
	need_nobody
	bytes_file
	round_trip posix pipe file "$BATS_TEST_TMPDIR/bytes" nobody
}

@test "round trip: 64M random through pipes, POSIX" {
	head -c 64M /dev/urandom >"$BATS_TEST_TMPDIR/big"
	round_trip posix pipe pipe "$BATS_TEST_TMPDIR/big"
}

@test "round trip: 16M random through files, SysV" {
	head -c 16M /dev/urandom >"$BATS_TEST_TMPDIR/big"
	round_trip sysv file file "$BATS_TEST_TMPDIR/big"
}

@test "read into a file opened for appending adds to its end" {
	hello_world
	for spec in "$KEY" "$NAME"; do
		printf 'HEAD' >"$BATS_TEST_TMPDIR/out"
		shmtool read -n 6 "$spec" >>"$BATS_TEST_TMPDIR/out"
		assert_bytes "$BATS_TEST_TMPDIR/out" 'HEADhello\0'
	done
}

@test "read into a file shared with other writers writes at the file's position" {
	hello_world
	for spec in "$KEY" "$NAME"; do
		{ printf 'header\n'; shmtool read -n 6 "$spec"; printf '\ntrailer\n'; } >"$BATS_TEST_TMPDIR/out"
		assert_bytes "$BATS_TEST_TMPDIR/out" 'header\nhello\0\ntrailer\n'
	done
}

@test "write -o and read -o -n give back the same slice" {
	new_sysv "$KEY" 65536
	head -c 1000 /dev/urandom >"$BATS_TEST_TMPDIR/slice"
	shmtool write -o 4093 "$KEY" <"$BATS_TEST_TMPDIR/slice"
	shmtool read -o 4093 -n 1000 "$KEY" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/slice" "$BATS_TEST_TMPDIR/out"
	shmclient dump "$ID" | tail -c +4094 | head -c 1000 | cmp - "$BATS_TEST_TMPDIR/slice"
}
