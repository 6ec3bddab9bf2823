#!/usr/bin/env bats
# file:PATH: a regular file used like a POSIX object by stat, read, write
# and attach; refused by create, rm and ls.
load test_helper
load data_helper
load ns_helper

setup() {
	F=$BATS_TEST_TMPDIR/file
	printf 'hello world' >"$F"
	# For the tests as nobody: a file in /tmp, whose directory nobody can search.
	PUB=/tmp/shmtool-test-$$-$BATS_TEST_NUMBER.file
	plant "$PUB"
}

# --- stat --------------------------------------------------------------------

@test "stat file:PATH shows it as a file with its size, mode and owner" {
	chmod 0640 "$F"
	run --separate-stderr shmtool stat "file:$F"
	assert_success
	assert_equal "$stderr" ''
	assert_line --regexp '^type +file$'
	assert_line --regexp "^name +$F\$"
	assert_line --regexp '^mode +0640$'
	assert_line --regexp '^perms +rw-r-----$'
	assert_line --regexp '^user +root$'
	assert_line --regexp '^size +11$'
}

@test "stat --json file:PATH has the exact size" {
	head -c 1000001 /dev/zero >"$F"
	run shmtool stat --json "file:$F"
	assert_success
	assert_line --regexp '^ *"type": "file",$'
	assert_line --regexp '^ *"size": 1000001,$'
}

@test "stat of a missing file fails, exit 1" {
	run --separate-stderr shmtool stat "file:$F.missing"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$stderr" "shmtool: stat: file:$F.missing: no such file or directory"
}

# A directory and a FIFO: every command says "not a regular file", at once
# (a FIFO is opened without blocking; shmtool_capped would say 124).
@test "stat, read, write and attach of a directory or a FIFO as file:PATH fail at once: not a regular file" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	for f in "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/fifo"; do
		for cmd in stat read write attach "attach -r"; do
			# shellcheck disable=SC2086 # "attach -r" is two words
			case $cmd in
			write) run --separate-stderr bash -c 'printf x | "$@"' _ shmtool_capped write "file:$f" ;;
			attach*) run --separate-stderr shmtool_capped $cmd "file:$f" -- true ;;
			*) run --separate-stderr shmtool_capped "$cmd" "file:$f" ;;
			esac
			assert_equal "$status" 1
			assert_equal "$output" ''
			assert_equal "$stderr" "shmtool: ${cmd% -r}: file:$f: not a regular file"
		done
	done
	assert [ -d "$BATS_TEST_TMPDIR" ]
	assert [ -p "$BATS_TEST_TMPDIR/fifo" ]
}

# --- read --------------------------------------------------------------------

@test "read file:PATH prints the file" {
	assert_read 'hello world' shmtool read "file:$F"
}

@test "read -o -n of file:PATH reads the slice; past the end fails" {
	assert_read 'world' shmtool read -o 6 -n 5 "file:$F"
	run --separate-stderr to_file "$BATS_TEST_TMPDIR/out" shmtool read -o 6 -n 6 "file:$F"
	assert_fail "file:$F: 6 bytes from offset 6 go past the end (11 bytes)"
	assert_bytes "$BATS_TEST_TMPDIR/out" ''
	assert_read '' shmtool read -o 11 "file:$F"
}

@test "read -z of file:PATH stops at the first NUL" {
	printf 'abc\0def' >"$F"
	assert_read 'abc' shmtool read -z "file:$F"
	assert_read 'abc\0def' shmtool read "file:$F"
}

@test "read of an empty file prints nothing, exit 0" {
	: >"$F"
	assert_read '' shmtool read "file:$F"
}

@test "read of a missing file fails, exit 1" {
	run --separate-stderr shmtool read "file:$F.missing"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$stderr" "shmtool: read: file:$F.missing: no such file or directory"
}

@test "read file:PATH with a relative path" {
	assert_read 'hello world' bash -c 'cd "$1" && "$0" read file:file' "$SHMTOOL_BIN" "$BATS_TEST_TMPDIR"
}

# --- write -------------------------------------------------------------------

@test "write file:PATH overwrites in place and keeps the size" {
	run --separate-stderr feed 'HELLO' write "file:$F"
	assert_success
	assert_equal "$stderr" ''
	assert_bytes "$F" 'HELLO world'
}

@test "write -o into file:PATH" {
	run feed 'W' write -o 6 "file:$F"
	assert_success
	assert_bytes "$F" 'hello World'
}

@test "write -z into file:PATH adds the NUL" {
	run feed 'hi' write -z "file:$F"
	assert_success
	printf 'hi\0lo world' | cmp - "$F"
}

@test "write to file:PATH from a pipe that does not fit fails and says what fitted" {
	run --separate-stderr feed '0123456789abc' write "file:$F"
	assert_fail "file:$F: input does not fit: more than the 11 bytes from offset 0 (the first 11 were written)"
	assert_equal "$(stat -c %s "$F")" 11
}

@test "write to file:PATH from a regular file that does not fit is refused, file unchanged" {
	printf '0123456789abc' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmtool write "file:$F" <"$BATS_TEST_TMPDIR/in"
	assert_fail "file:$F: input of 13 bytes does not fit in 11 bytes from offset 0 (2 too many); nothing written"
	assert_bytes "$F" 'hello world'
}

@test "write --truncate file:PATH sizes the file to the data" {
	run feed 'abc' write --truncate "file:$F"
	assert_success
	assert_bytes "$F" 'abc'
	assert_equal "$(stat -c %s "$F")" 3
	run feed 'xyz' write --truncate -o 5 "file:$F"
	assert_success
	printf 'abc\0\0xyz' | cmp - "$F"
}

@test "write --truncate file:PATH grows the file" {
	head -c 300000 /dev/urandom >"$BATS_TEST_TMPDIR/in"
	run shmtool write --truncate "file:$F" <"$BATS_TEST_TMPDIR/in"
	assert_success
	cmp "$BATS_TEST_TMPDIR/in" "$F"
}

@test "write --create file:PATH is a usage error" {
	run --separate-stderr feed 'abc' write --create -s 16 "file:$F"
	assert_usage "file:$F: --create is for segments, not files"
	assert_bytes "$F" 'hello world'
}

@test "write to a missing file fails and does not create it" {
	run --separate-stderr feed 'abc' write "file:$F.missing"
	assert_equal "$status" 1
	[ ! -e "$F.missing" ]
}

# --- round trips -------------------------------------------------------------

@test "round trip through file:PATH: all 256 byte values, pipe in, pipe out" {
	all_bytes "$BATS_TEST_TMPDIR/bytes" 4
	head -c 1024 /dev/zero >"$F"
	feed_file "$BATS_TEST_TMPDIR/bytes" write "file:$F"
	cmp "$BATS_TEST_TMPDIR/bytes" "$F"
	to_pipe "$BATS_TEST_TMPDIR/out" read "file:$F"
	cmp "$BATS_TEST_TMPDIR/bytes" "$BATS_TEST_TMPDIR/out"
}

@test "round trip through file:PATH: 1M random, file in, file out" {
	head -c 1048579 /dev/urandom >"$BATS_TEST_TMPDIR/random"
	head -c 1048579 /dev/zero >"$F"
	shmtool write "file:$F" <"$BATS_TEST_TMPDIR/random"
	cmp "$BATS_TEST_TMPDIR/random" "$F"
	shmtool read "file:$F" >"$BATS_TEST_TMPDIR/out"
	assert_equal "$(sha "$BATS_TEST_TMPDIR/out")" "$(sha "$BATS_TEST_TMPDIR/random")"
}

# --- attach ------------------------------------------------------------------

@test "attach file:PATH maps the file while held; SIGTERM ends it with 0" {
	bg_shmtool "$BATS_TEST_TMPDIR/out" attach -v "file:$F"
	wait_line "$BATS_TEST_TMPDIR/out" "shmtool: attach: file:$F: attached (11 bytes), pid $BG"
	maps_file "$BG" "$F" || fail "$F is not in /proc/$BG/maps"
	stop_bg "$BG"
	assert_equal "$BG_STATUS" 0
	assert_bytes "$F" 'hello world'
}

@test "attach --for 1s file:PATH exits 0; -- CMD gives CMD's status" {
	run --separate-stderr shmtool attach --for 1s "file:$F"
	assert_success
	assert_equal "$stderr" ''
	run shmtool attach "file:$F" -- sh -c 'exit 3'
	assert_equal "$status" 3
}

# --- refused by create, rm and ls --------------------------------------------

@test "create file:PATH is refused, exit 2, and the file is left alone" {
	run --separate-stderr shmtool create -s 16 "file:$F"
	assert_usage "file:$F: file: segments cannot be used with create"
	assert_bytes "$F" 'hello world'
	run --separate-stderr shmtool create -s 16 "file:$F.new"
	assert_equal "$status" 2
	[ ! -e "$F.new" ]
}

@test "rm file:PATH is refused, exit 2, and the file stays" {
	run --separate-stderr shmtool rm "file:$F"
	assert_usage "file:$F: file: segments cannot be used with rm"
	[ -f "$F" ]
}

@test "ls file:PATH is refused, exit 2" {
	run --separate-stderr shmtool ls "file:$F"
	assert_usage "unexpected argument 'file:$F' (ls takes no SPEC)"
}

# --- permissions -------------------------------------------------------------

@test "read and write of root's 0600 file as nobody: permission denied, unchanged" {
	need_nobody
	printf 'secret' >"$PUB"
	chmod 0600 "$PUB"
	run --separate-stderr shmtool_nobody read "file:$PUB"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$stderr" "shmtool: read: file:$PUB: permission denied"
	run --separate-stderr bash -c 'printf abc | "$@"' _ setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups "$SHMTOOL_BIN" write "file:$PUB"
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: write: file:$PUB: permission denied"
	assert_bytes "$PUB" 'secret'
}

# In a sandbox (ns_helper.bash), where root reads every process: on the
# host an unreadable one would make the count after the detach unknown.
@test "stat file:PATH shows the processes that map it or hold it open" {
	need_sandbox
	run sandbox '
		f=$T/shared.bin
		head -c 8192 /dev/zero >"$f"
		attach_bg "file:$f"; echo "h=$HELD"
		# The sandbox is all that uses the file: --contained says so.
		shmtool stat --contained "file:$f" | grep -E "^(nattch|holders) "
		release "$HELD"
		echo "-- released"
		shmtool stat --contained "file:$f" | grep -E "^(nattch|holders) "
	'
	assert_success
	h=$(out_var h)
	assert_equal "${lines[1]}" "nattch   1"
	assert_regex "${lines[2]}" "^holders  $h \\(.*attach -v file:$BATS_TEST_TMPDIR/shared.bin\\)\$"
	assert_equal "${#lines[@]}" 6
	assert_equal "${lines[3]}" "-- released"
	assert_equal "${lines[4]}" "nattch   0"
	assert_equal "${lines[5]}" "holders  -"
}
