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

@test "read prints the whole SysV segment, NULs included, and nothing on stderr" {
	new_sysv "$KEY" 16
	shmclient write "$ID" 'hello'
	run --separate-stderr bash -c '"$0" read "$1" | od -An -c | tr -s " "' "$SHMTOOL_BIN" "$KEY"
	assert_success
	assert_output ' h e l l o \0 \0 \0 \0 \0 \0 \0 \0 \0 \0 \0'
	assert_equal "$stderr" ''
}

@test "read prints the whole POSIX object" {
	new_posix "$NAME" 8
	shmclient pwrite "$NAME" 'abc'
	shmtool read "$NAME" >"$BATS_TEST_TMPDIR/out"
	printf 'abc\0\0\0\0\0' | cmp - "$BATS_TEST_TMPDIR/out"
}

@test "read by id, id:N and key:N gives the same bytes" {
	new_sysv "$KEY" 16
	shmclient write "$ID" 'same'
	run shmtool read "$ID"
	assert_output "$(shmclient dump "$ID")"
	run shmtool read "id:$ID"
	assert_output "$(shmclient dump "$ID")"
	run shmtool read "key:$KEY"
	assert_output "$(shmclient dump "$ID")"
}

@test "read -o OFFSET starts there" {
	hello_world
	run shmtool read -o 6 -n 5 "$KEY"
	assert_success
	assert_output 'world'
	run shmtool read --offset 1 --length 4 "$NAME"
	assert_success
	assert_output 'ello'
}

@test "read -n LENGTH reads LENGTH bytes from the start" {
	hello_world
	run shmtool read -n 5 "$KEY"
	assert_output 'hello'
	run shmtool read -n 3 "$NAME"
	assert_output 'hel'
}

@test "read -o OFFSET alone reads to the end" {
	hello_world
	run bash -c '"$0" read -o 11 "$1" | od -An -c | tr -s " "' "$SHMTOOL_BIN" "$KEY"
	assert_output ' \0 \0 \0 \0 \0'
}

@test "read -z stops at the first NUL, for both kinds" {
	hello_world
	run --separate-stderr shmtool read -z "$KEY"
	assert_success
	assert_output 'hello'
	assert_equal "$(shmtool read -z "$KEY" | wc -c)" 5
	run shmtool read --zero "$NAME"
	assert_success
	assert_output 'hello'
	assert_equal "$(shmtool read -z "$NAME" | wc -c)" 5
}

@test "read -z -o OFFSET reads the C string at OFFSET" {
	hello_world
	run shmtool read -z -o 6 "$KEY"
	assert_output 'world'
	run shmtool read -z -o 6 "$NAME"
	assert_output 'world'
}

@test "read -z without a NUL in range reads the whole range" {
	hello_world
	run shmtool read -z -n 4 "$KEY"
	assert_output 'hell'
	new_sysv "$KEY2" 4
	printf 'abcd' | shmtool write "$KEY2"
	assert_equal "$(shmtool read -z "$KEY2")" 'abcd'
}

@test "read -z of a segment starting with NUL prints nothing, exit 0" {
	new_sysv "$KEY" 16
	run shmtool read -z "$KEY"
	assert_success
	assert_equal "$(shmtool read -z "$KEY" | wc -c)" 0
}

@test "read -z gives what a C client wrote with writez" {
	new_sysv "$KEY" 64
	shmclient writez "$ID" 10 'C string'
	run shmtool read -z -o 10 "$KEY"
	assert_output 'C string'
}

# --- ranges: at the ends, and past them --------------------------------------

@test "read -o 0 and -n SIZE read everything" {
	hello_world
	assert_equal "$(shmtool read -o 0 -n 16 "$KEY" | sha256sum)" "$(sha256sum <"$BATS_TEST_TMPDIR/hw")"
	assert_equal "$(shmtool read -o 0 -n 16 "$NAME" | sha256sum)" "$(sha256sum <"$BATS_TEST_TMPDIR/hw")"
}

@test "read -o SIZE (exactly the end) prints nothing and succeeds" {
	hello_world
	run --separate-stderr shmtool read -o 16 "$KEY"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr shmtool read -o 16 "$NAME"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

@test "read -n 0 prints nothing and succeeds" {
	hello_world
	run --separate-stderr shmtool read -n 0 "$KEY"
	assert_success
	assert_output ''
	run --separate-stderr shmtool read -o 16 -n 0 "$NAME"
	assert_success
	assert_output ''
}

@test "read -o 10 -n 6 ends exactly at the end and succeeds" {
	hello_world
	run bash -c '"$0" read -o 10 -n 6 "$1" | od -An -c | tr -s " "' "$SHMTOOL_BIN" "$KEY"
	assert_success
	assert_output ' d \0 \0 \0 \0 \0'
}

@test "read -o past the end fails with a message and no output" {
	hello_world
	run --separate-stderr shmtool read -o 17 "$KEY"
	assert_fail "$KEY: offset 17 is past the end (16 bytes)"
	assert_output ''
	run --separate-stderr shmtool read -o 1M "$NAME"
	assert_fail "$NAME: offset 1048576 is past the end (16 bytes)"
	assert_output ''
}

@test "read -n past the end fails with a message and no output" {
	hello_world
	run --separate-stderr shmtool read -n 17 "$KEY"
	assert_fail "$KEY: 17 bytes from offset 0 go past the end (16 bytes)"
	assert_output ''
	run --separate-stderr shmtool read -o 10 -n 7 "$NAME"
	assert_fail "$NAME: 7 bytes from offset 10 go past the end (16 bytes)"
	assert_output ''
}

@test "read of a missing segment fails: no such segment" {
	run --separate-stderr shmtool read "$KEY"
	assert_fail "$KEY: no such segment"
	assert_output ''
	run --separate-stderr shmtool read "$NAME"
	assert_fail "$NAME: no such segment"
	assert_output ''
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

@test "read of 4M SysV into head -c1 exits quietly" {
	new_sysv "$KEY" 4194304
	run bash -c '"$0" read "$1" 2>"$2" | head -c1 | wc -c; cat "$2"' \
	    "$SHMTOOL_BIN" "$KEY" "$BATS_TEST_TMPDIR/err"
	assert_success
	assert_output '1'
}

@test "read of 4M POSIX into head -c1 exits quietly" {
	new_posix "$NAME" 4194304
	run bash -c '"$0" read "$1" 2>"$2" | head -c1 | wc -c; cat "$2"' \
	    "$SHMTOOL_BIN" "$NAME" "$BATS_TEST_TMPDIR/err"
	assert_success
	assert_output '1'
}

@test "read of 4M SysV as nobody (vmsplice) into head -c1 exits quietly" {
	need_nobody
	new_sysv "$KEY" 4194304 644
	run bash -c 'setpriv --reuid=nobody --regid=nogroup --clear-groups "$0" read "$1" 2>"$2" | head -c1 | wc -c; cat "$2"' \
	    "$SHMTOOL_BIN" "$KEY" "$BATS_TEST_TMPDIR/err"
	assert_success
	assert_output '1'
}

@test "read into head -c1 with SIGPIPE ignored (EPIPE) still exits quietly" {
	new_sysv "$KEY" 4194304
	new_posix "$NAME" 4194304
	for spec in "$KEY" "$NAME"; do
		run bash -c 'trap "" PIPE; "$0" read "$1" 2>"$2" | head -c1 | wc -c; cat "$2"' \
		    "$SHMTOOL_BIN" "$spec" "$BATS_TEST_TMPDIR/err"
		assert_success
		assert_output '1'
	done
}

@test "read -z of 4M into head -c1 exits quietly" {
	new_posix "$NAME" 4194304
	head -c 4M /dev/zero | tr '\0' 'a' | shmtool write "$NAME"
	run bash -c '"$0" read -z "$1" 2>"$2" | head -c1; cat "$2"' \
	    "$SHMTOOL_BIN" "$NAME" "$BATS_TEST_TMPDIR/err"
	assert_success
	assert_output 'a'
}

# shrink_while_read SIZE: a 64M POSIX object read into a pipe whose reader
# stalls after the first byte; the object is cut to SIZE meanwhile, then the
# reader drains.  shmtool's status in $BATS_TEST_TMPDIR/status.
shrink_while_read() {
	local t=$BATS_TEST_TMPDIR i
	new_posix "$NAME" 67108864
	bash -c '"$0" read "$1" 2>"$2/err" |
	    { head -c1 >/dev/null; touch "$2/started"
	      for ((i = 0; i < 200; i++)); do [ -e "$2/go" ] && break; sleep 0.05; done
	      cat >/dev/null; }
	    echo "${PIPESTATUS[0]}" >"$2/status"' "$SHMTOOL_BIN" "$NAME" "$t" 3>&- &
	BG=$!
	_bg+=("$BG")
	for ((i = 0; i < 200; i++)); do
		[ -e "$t/started" ] && break
		sleep 0.05
	done
	[ -e "$t/started" ] || fail "the reader never started"
	shmclient ptruncate "$NAME" "$1"
	touch "$t/go"
	wait "$BG"
}

@test "read of a POSIX object truncated while it is read fails: shrank, no SIGBUS" {
	shrink_while_read 4096
	run cat "$BATS_TEST_TMPDIR/status"
	assert_output '1'
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp "^shmtool: read: $NAME: shrank while being read \([0-9]+ of 67108864 bytes copied\)$"
}

@test "read of a POSIX object truncated to 0 while it is read fails: shrank, no SIGBUS" {
	shrink_while_read 0
	run cat "$BATS_TEST_TMPDIR/status"
	assert_output '1'
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp "^shmtool: read: $NAME: shrank while being read \([0-9]+ of 67108864 bytes copied\)$"
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
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp '^1048576 bytes \(1\.0M\) copied, [0-9.]+ s, .*/s, 100%, ETA 0s$'
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
	run --separate-stderr shmtool_nobody read "$KEY"
	assert_failure 1
	assert_equal "$stderr" "shmtool: read: $KEY: permission denied"
	assert_output ''
	shmclient dump "$ID" | cmp - "$BATS_TEST_TMPDIR/hw"
}

@test "read of root's 0600 POSIX object as nobody: permission denied, no output" {
	need_nobody
	hello_world
	run --separate-stderr shmtool_nobody read "$NAME"
	assert_failure 1
	assert_equal "$stderr" "shmtool: read: $NAME: permission denied"
	assert_output ''
	shmclient pdump "$NAME" | cmp - "$BATS_TEST_TMPDIR/hw"
}

@test "read of root's 0644 SysV segment as nobody works: read permission is enough" {
	need_nobody
	new_sysv "$KEY" 16 644
	shmclient write "$ID" 'mine'
	run --separate-stderr shmtool_nobody read -z "$KEY"
	assert_success
	assert_output 'mine'
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
		shmtool read -n 5 "$spec" >>"$BATS_TEST_TMPDIR/out"
		run cat "$BATS_TEST_TMPDIR/out"
		assert_output 'HEADhello'
	done
}

@test "read into a file shared with other writers writes at the file's position" {
	hello_world
	for spec in "$KEY" "$NAME"; do
		{ printf 'header\n'; shmtool read -n 5 "$spec"; printf '\ntrailer\n'; } >"$BATS_TEST_TMPDIR/out"
		run cat "$BATS_TEST_TMPDIR/out"
		assert_output 'header
hello
trailer'
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
