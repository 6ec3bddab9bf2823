# Helpers for the SysV suites (01-key to 07-unit).  Load after test_helper:
#
#	load test_helper
#	load sysv_helper
#
# - start_holder ID: attach ID read-only in a background shmclient (its pid
#   in $HOLDER); stop_holder PID detaches it; teardown stops them all
#   (test_helper.bash's background registry);
# - create_alive KEY SIZE MODE: shmget from a process that stays alive, so
#   the creator's command can be seen (its pid in $CREATOR);
# - in_ns SCRIPT: run SCRIPT in a private IPC and mount namespace with its
#   own /dev/shm, for --all and filters, which must not see other segments;
# - json_row KEY: one object of a libsmartcols JSON array, `name: value`;
# - assert_usage MESSAGE, assert_fail MESSAGE: status 2 or 1 and exactly
#   "shmtool: CMD: MESSAGE" on stderr ($stderr, see run --separate-stderr).

# Attach ID read-only in the background until stop_holder; pid in $HOLDER.
start_holder() {
	local out="$BATS_TEST_TMPDIR/holder.$RANDOM"
	bg_run "$out" shmclient hold "$1" 0
	# shellcheck disable=SC2034 # for the tests
	HOLDER=$BG
	wait_line "$out" attached
}

# Stop a holder (or creator) and wait until it has ended (and so detached).
stop_holder() {
	bg_stop "$1"
}

# shmget(KEY, SIZE, MODE) from a process that then stays alive: shmclient's
# stdout is a pipe already full, so it blocks writing the id.  Its pid is
# the segment's cpid; $CREATOR is its pid, stop it with stop_holder.
create_alive() {
	local fifo="$BATS_TEST_TMPDIR/full.$RANDOM" fd
	mkfifo "$fifo"
	exec {fd}<>"$fifo"
	# Fill the pipe; dd stops with EAGAIN when it is full.
	dd if=/dev/zero of="$fifo" bs=4096 count=1024 oflag=nonblock 2>/dev/null || :
	# Its stdout is also a reader, so closing ours leaves it blocked.
	{ exec shmclient create "$1" "$2" "$3" >&"$fd" 3>&-; } &
	CREATOR=$!
	bg_track "$CREATOR"
	exec {fd}>&-
	wait_for "segment $1 to be created" key_exists "$1"
}

# Run SCRIPT (bash) in new IPC and mount namespaces with a fresh /dev/shm,
# so that --all and filters see only what SCRIPT makes.
# SCRIPT has wait_for (test_helper.bash).
in_ns() {
	# shellcheck disable=SC2016 # $1 expands in the namespace's bash
	unshare --ipc --mount --fork bash -c \
	    'mount -t tmpfs tmpfs /dev/shm || exit 99; eval "$2"; eval "$1"' in_ns "$1" \
	    "$(declare -f wait_for)" 3>&-
}

need_ns() {
	if ! unshare --ipc --mount --fork true 2>/dev/null; then
		skip "unshare --ipc --mount is not permitted here (needs root)"
	fi
}

# From the JSON array on stdin, the object whose "key" is $1, as lines
# `"name": value` without their trailing commas.
json_row() {
	awk -v want="\"key\": \"$1\"" '
		/^[ \t]*"[^"]*": / {
			line = $0
			sub(/^[ \t]+/, "", line)
			sub(/,$/, "", line)
			obj = obj line "\n"
			if (line == want)
				hit = 1
			next
		}
		/[{}]/ {
			if (hit)
				printf "%s", obj
			obj = ""
			hit = 0
		}'
}

# The segment with key $1 does not exist.
assert_no_key() {
	if key_exists "$1"; then
		fail "segment $1 exists"
	fi
}

# The segment with id $1 exists / does not.
assert_exists() {
	shmclient exists "$1" || fail "segment id $1 does not exist"
}
assert_gone() {
	if shmclient exists "$1" 2>/dev/null; then
		fail "segment id $1 still exists"
	fi
}

# ISO 8601 as shmtool prints it (local time, +hh:mm), or "-" for 0.
iso_time() {
	if [ "$1" = 0 ]; then echo -; else date -d "@$1" +%Y-%m-%dT%H:%M:%S%:z; fi
}

# A decimal number (any length) plus one, for sizes beyond shell arithmetic.
dec_inc() {
	local n=$1 i d out="" carry=1
	for ((i = ${#n} - 1; i >= 0; i--)); do
		d=$(( ${n:i:1} + carry ))
		carry=$(( d / 10 ))
		out="$(( d % 10 ))$out"
	done
	[ "$carry" = 1 ] && out="1$out"
	echo "$out"
}
