# Helpers for the data-path suites (10-write to 14-file).  Load after
# test_helper:
#
#	load test_helper
#	load data_helper
#
# - new_sysv KEY SIZE [MODE], new_posix NAME SIZE [MODE]: make a segment with
#   the C client (not with shmtool), its id in $ID;
# - bg_shmtool OUT ARGS...: shmtool in the background, stdout and stderr in
#   OUT, its pid in $BG; stop_bg PID [SIG]: signal it and wait, its exit
#   status in $BG_STATUS (test_helper.bash's bg_run and bg_stop; teardown
#   stops every one left);
# - feed TEXT ARGS, feed_file FILE ARGS: input through a pipe; to_pipe OUT
#   ARGS: output through a pipe; each returns shmtool's status;
# - maps_file PID PATH: does PID map PATH;
#   sha FILE: its sha256;
# - all_bytes FILE [COUNT]: every byte value 0..255, COUNT times;
# - assert_read FORMAT CMD...: CMD succeeds, says nothing on stderr, and
#   writes exactly the bytes of `printf FORMAT` (NULs included), into a
#   file and into a pipe; to_file FILE CMD..., through_pipe FILE CMD...:
#   CMD's stdout kept byte for byte, for assert_bytes;
# - into_head [--sigpipe-ignored] CMD...: CMD | head -c1, with CMD's status.

SHMTOOL_BIN=$SHMTOOL_BUILD/shmtool

new_sysv() {
	# shellcheck disable=SC2034 # for the tests
	ID=$(shmclient create "$1" "$2" "${3:-600}") || {
		echo "shmclient create $1 failed" >&2
		return 1
	}
}

new_posix() {
	shmclient pcreate "$1" "$2" "${3:-600}" >/dev/null || {
		echo "shmclient pcreate $1 failed" >&2
		return 1
	}
}

bg_shmtool() {
	local out=$1
	shift
	# shellcheck disable=SC2086
	bg_run "$out" ${SHMTOOL_WRAP:-} "$SHMTOOL_BIN" "$@"
}

stop_bg() {
	bg_stop "$@"
}

# Does process PID map the file PATH?
maps_file() {
	grep -qF " $2" "/proc/$1/maps" 2>/dev/null
}

all_bytes() {
	local i n fmt=''
	for ((i = 0; i < 256; i++)); do
		printf -v n '\\%03o' "$i"
		fmt+=$n
	done
	for ((n = 0; n < ${2:-1}; n++)); do
		# shellcheck disable=SC2059
		printf "$fmt"
	done >"$1"
}

sha() {
	sha256sum <"$1" | cut -d' ' -f1
}

# TEXT through a pipe into shmtool ARGS; shmtool's status.
feed() {
	printf '%s' "$1" | shmtool "${@:2}"
}

# FILE through a pipe (cat) into shmtool ARGS; shmtool's status.
feed_file() {
	# A pipe on purpose: its own kernel path (splice), not the file's.
	# shellcheck disable=SC2002
	cat "$1" | shmtool "${@:2}"
}

# shmtool ARGS with stdout through a pipe (cat) into FILE; shmtool's status.
to_pipe() {
	local out=$1
	shift
	shmtool "$@" | cat >"$out"
	return "${PIPESTATUS[0]}"
}

# to_file FILE CMD...: CMD with its stdout in FILE, kept byte for byte
# (bats' $output drops NULs); with run --separate-stderr, $status and
# $stderr are CMD's.
to_file() {
	local out=$1
	shift
	"$@" >"$out"
}

# through_pipe FILE CMD...: CMD with its stdout through a pipe (cat) into
# FILE; CMD's status.
through_pipe() {
	local out=$1
	shift
	"$@" | cat >"$out"
	return "${PIPESTATUS[0]}"
}

# assert_read FORMAT CMD...: CMD (shmtool ARGS, or a function) exits 0 with
# nothing on stderr, and its stdout is exactly the bytes of `printf FORMAT`:
# compared as bytes, so a NUL too many or a byte too few shows.  It runs
# twice, its stdout a regular file and then a pipe: the kernel paths differ
# (sendfile or write; splice or vmsplice).
assert_read() {
	local want=$1 out=$BATS_TEST_TMPDIR/read.out how
	shift
	for how in to_file through_pipe; do
		run --separate-stderr "$how" "$out" "$@"
		assert_success
		assert_equal "$stderr" ''
		assert_bytes "$out" "$want"
	done
}

# into_head [--sigpipe-ignored] CMD...: CMD | head -c1, as a script does to
# take the first byte; prints "rc=STATUS" (CMD's, from PIPESTATUS: not
# head's) and then CMD's stderr.  The byte head took is in
# $BATS_TEST_TMPDIR/one.  --sigpipe-ignored runs CMD with SIGPIPE ignored,
# so that it meets EPIPE instead of the signal.
into_head() {
	local t=$BATS_TEST_TMPDIR
	(
		if [ "$1" = --sigpipe-ignored ]; then
			trap '' PIPE
			shift
		fi
		"$@" 2>"$t/err" | head -c1 >"$t/one"
		echo "rc=${PIPESTATUS[0]}"
	)
	cat "$t/err"
}
