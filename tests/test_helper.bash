# Shared set-up for shmtool's bats suites.  Load with `load test_helper`.
#
# - shmtool and the C clients come from $SHMTOOL_BUILD (tests/run sets it);
# - $KEY, $KEY2, $KEY3 are SysV keys and $NAME, $NAME2 POSIX names unique to
#   this test (derived from the bats pid and the test number), so a test
#   never touches what it did not create;
# - track what a test makes with `track SPEC`; teardown removes it.

bats_load_library bats-support
bats_load_library bats-assert
# shmtool's own bats library, the one users load: the suite uses it too.
load shmtool

: "${SHMTOOL_BUILD:=$BATS_TEST_DIRNAME/../build}"
PATH="$SHMTOOL_BUILD:$SHMTOOL_BUILD/tests:$PATH"
export PATH

# shmtool, optionally under a wrapper such as valgrind (SHMTOOL_WRAP).
shmtool() {
	# shellcheck disable=SC2086
	${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
}

_unique=$(( ($$ & 0x3fff) * 256 + ${BATS_TEST_NUMBER:-0} * 4 ))
KEY=$(printf '0x5e%06x' $(( _unique & 0xffffff )))
KEY2=$(printf '0x5e%06x' $(( (_unique + 1) & 0xffffff )))
KEY3=$(printf '0x5e%06x' $(( (_unique + 2) & 0xffffff )))
NAME="/shmtool-test-$$-${BATS_TEST_NUMBER:-0}"
NAME2="$NAME-b"
_tracked=()

track() {
	_tracked+=("$@")
	shm_track "$@"
}

# Remove what the test made: keys, ids and names, even if the test failed.
common_teardown() {
	local s id
	shm_cleanup 2>/dev/null
	for s in "${_tracked[@]}" "$KEY" "$KEY2" "$KEY3"; do
		case $s in
		/*) rm -f "/dev/shm/${s#/}" ;;
		0x*) id=$(shmclient id "$s" 2>/dev/null) && shmclient rm "$id" 2>/dev/null ;;
		[0-9]*) shmclient rm "$s" 2>/dev/null ;;
		esac
	done
	rm -f "/dev/shm/${NAME#/}" "/dev/shm/${NAME2#/}"
	return 0
}

teardown() {
	common_teardown
}

# Run a command as an unprivileged user (CI runs as root).
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# shmtool as nobody (a path, as setpriv execs it; the wrapper kept).
shmtool_nobody() {
	# shellcheck disable=SC2086
	as_nobody ${SHMTOOL_WRAP:-} "$SHMTOOL_BUILD/shmtool" "$@"
}

# Can nobody run the build?  CI builds under a world-readable tree.
need_nobody_access() {
	if ! as_nobody test -x "$SHMTOOL_BUILD/shmtool" ||
	    ! as_nobody test -x "$SHMTOOL_BUILD/tests/shmclient"; then
		skip "user nobody cannot run $SHMTOOL_BUILD/shmtool (check the permissions of its directories)"
	fi
}

# The command a message names: a shmtool-NAME link, or the first subcommand
# in the run command (which may go through a helper such as feed).
_cmd_name() {
	local -a words
	local w
	read -r -a words <<<"$BATS_RUN_COMMAND"
	for w in "${words[@]}"; do
		case ${w##*/} in
		shmtool-*) echo "${w##*/shmtool-}"; return ;;
		attach | chmod | chown | create | key | ls | read | rm | stat | truncate | write) echo "$w"; return ;;
		esac
	done
}

# Usage error: status 2, exactly this one line on stderr, nothing on stdout.
assert_usage() {
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: $(_cmd_name): $1"
	assert_equal "$output" ""
}

# Failure: status 1 and exactly this one line on stderr.
assert_fail() {
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: $(_cmd_name): $1"
}
