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
#   status in $BG_STATUS; teardown kills every one left;
# - feed TEXT ARGS, feed_file FILE ARGS: input through a pipe; to_pipe OUT
#   ARGS: output through a pipe; each returns shmtool's status;
# - wait_nattch ID N, wait_line FILE TEXT: bounded polls (5 s);
# - plant PATH...: entries made in /dev/shm (or /tmp) by hand, removed in
#   teardown; field ID NAME: a field of `shmclient stat`; maps_file PID PATH;
#   sha FILE: its sha256;
# - all_bytes FILE [COUNT]: every byte value 0..255, COUNT times;
# - assert_usage MSG, assert_fail MSG: status 2 or 1, nothing on stdout
#   (usage) and exactly "shmtool: CMD: MSG" on stderr (run --separate-stderr).

bats_require_minimum_version 1.5.0

_bg=()
_planted=()

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

# A field of `shmclient stat ID`, e.g. `field 32768 nattch`.
field() {
	shmclient stat "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# exec, so that $! is the program itself and a kill reaches it; fd 3 is
# bats' own and must not be held by what outlives the test's commands.
bg_shmtool() {
	local out=$1
	shift
	# shellcheck disable=SC2086
	{ exec ${SHMTOOL_WRAP:-} "$SHMTOOL_BIN" "$@" >"$out" 2>&1 </dev/null 3>&-; } &
	BG=$!
	_bg+=("$BG")
}

stop_bg() {
	kill -"${2:-TERM}" "$1" 2>/dev/null
	BG_STATUS=0
	wait "$1" 2>/dev/null || BG_STATUS=$?
	export BG_STATUS
}

# Wait until the segment ID has N attaches.
wait_nattch() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(field "$1" nattch)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "nattch of $1 never became $2 (it is $(field "$1" nattch))" >&2
	return 1
}

# Wait until FILE has the line TEXT.
wait_line() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qxF "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "no line '$2' in $1: $(cat "$1" 2>/dev/null)" >&2
	return 1
}

# Does process PID map the file PATH?
maps_file() {
	grep -qF " $2" "/proc/$1/maps" 2>/dev/null
}

plant() {
	_planted+=("$@")
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

teardown() {
	local p
	for p in "${_bg[@]}"; do
		stop_bg "$p" KILL
	done
	for p in "${_planted[@]}"; do
		if [ -d "$p" ] && [ ! -L "$p" ]; then rmdir "$p"; else rm -f "$p"; fi
	done
	common_teardown
}
