# shmtool.bash - bats assertions about shared memory, for the test suites
# of programs that use it.  Installed as PREFIX/share/shmtool/shmtool.bash.
#
# Load it after bats-support (and bats-assert, if you use it):
#
#   bats_load_library bats-support
#   bats_load_library bats-assert
#   load /usr/local/share/shmtool/shmtool     # or: load "$SHMTOOL_HELPER"
#
# It runs `shmtool` from PATH, or $SHMTOOL if that is set
# (SHMTOOL=/opt/shmtool/bin/shmtool).  A SPEC is anything shmtool takes:
# /name, 0xKEY, ID, key:N, id:N, ftok:PATH:PROJ, file:PATH.
#
# Like bats-assert's, each assertion returns 0 when it holds; when it does
# not, it prints what was expected and what was found as a block on stderr,
#
#   -- segment content differs --
#   spec     : /myapp-state
#   expected : ready
#   actual   : starting
#   --
#
# and returns 1, which fails the test.
#
# assert_shm_exists SPEC
#   The segment exists (shmtool stat finds it).
#     run ./server --shm-key 0x5005 &
#     assert_shm_exists 0x5005
#
# refute_shm_exists SPEC
#   No segment answers to SPEC.  An invalid SPEC, or a segment that exists
#   but cannot be looked at, fails the assertion too.
#     ./client --cleanup /myapp
#     refute_shm_exists /myapp
#
# assert_shm_content SPEC TEXT
#   The segment starts with TEXT followed by a NUL byte or by the end of the
#   segment: the C string at offset 0 is TEXT.  Bytes after that NUL are not
#   looked at, so a 4 KiB segment holding "ready\0" then garbage passes
#   `assert_shm_content SPEC ready`, and one holding "ready!" fails it.
#     printf 'ready' | shmtool write -z /myapp-state
#     assert_shm_content /myapp-state ready
#
# assert_shm_content --partial SPEC TEXT
#   TEXT appears somewhere in the C string at offset 0.
#     assert_shm_content --partial /myapp-log 'connected to'
#
# assert_shm_content -z SPEC TEXT
#   The C string at offset 0 equals TEXT: the same test as the plain form,
#   spelt out for readers who think in C strings.
#     assert_shm_content -z 0x5005 'hello'
#
#   TEXT is compared byte for byte, trailing newlines included; shell words
#   cannot hold a NUL, so TEXT never has one.  In the failure block a value
#   with a control character in it is quoted as $'hi\n'.
#
# assert_shm_attached SPEC N
#   N processes have the segment attached (nattch; for a POSIX object, the
#   processes that map it or hold it open).
#   An unknown count ("-": processes this user cannot see) fails, saying so.
#     shmtool attach --for 1m 0x5005 & sleep 0.2
#     assert_shm_attached 0x5005 1
#
# assert_shm_mode SPEC MODE
#   The permission bits are MODE, in octal: 600, 0600 and 00600 are alike.
#     assert_shm_mode /myapp 0640
#
# shm_track SPEC...   and   shm_cleanup
#   shm_track remembers segments a test makes; shm_cleanup, in teardown,
#   removes each one that still exists and forgets them all.  It ignores
#   those already gone ("no such segment") and never touches a segment that
#   was not tracked.  If a tracked segment could not be removed it prints
#   shmtool's message, goes on with the rest, and fails.  Track a SysV segment by key where it has one: an id may be
#   reused by another segment once this one is gone.
#     setup()    { shm_track 0x5005 /myapp; }
#     teardown() { shm_cleanup; }
#
# shellcheck shell=bash

if ! declare -F batslib_print_kv_single_or_multi >/dev/null; then
	bats_load_library bats-support
fi

_shm_tracked=()

# Run shmtool: $SHMTOOL, or the one on PATH.
_shm_tool() {
	"${SHMTOOL:-shmtool}" "$@"
}

# A value as the failure block shows it: as it is, or quoted as $'...'
# if it holds a control character (a trailing newline, a tab).
_shm_show() {
	if [[ $1 == *[[:cntrl:]]* ]]; then
		printf '%q' "$1"
	else
		printf '%s' "$1"
	fi
}

# Print the failure block: title, then key/value pairs.
_shm_fail() {
	local title=$1
	shift
	batslib_print_kv_single_or_multi 8 "$@" |
	    batslib_decorate "$title" |
	    fail
}

# Check the number of arguments of an assertion; fail as bats-assert does.
_shm_args() {
	local name=$1 want=$2 got=$3 usage=$4
	((want == got)) && return 0
	echo "usage: $name $usage" |
	    batslib_decorate "ERROR: $name" |
	    fail
}

# _shm_field SPEC FIELD: print FIELD of `shmtool stat --export SPEC`.
# On failure, print shmtool's message and return 1.
_shm_field() {
	local spec=$1 field=$2 out
	if ! out=$(_shm_tool stat --export -- "$spec" 2>&1); then
		printf '%s\n' "$out"
		return 1
	fi
	if [[ $out =~ (^|\ )$field=\"([^\"]*)\" ]]; then
		printf '%s\n' "${BASH_REMATCH[2]}"
		return 0
	fi
	printf 'shmtool stat --export printed no %s\n' "$field"
	return 1
}

assert_shm_exists() {
	_shm_args assert_shm_exists 1 $# SPEC || return
	local out
	if ! out=$(_shm_tool stat -- "$1" 2>&1 >/dev/null); then
		_shm_fail 'segment does not exist' spec "$1" error "$out"
		return
	fi
	return 0
}

refute_shm_exists() {
	_shm_args refute_shm_exists 1 $# SPEC || return
	local out status=0
	out=$(_shm_tool stat -- "$1" 2>&1 >/dev/null) || status=$?
	if ((status == 0)); then
		_shm_fail 'segment exists, but it should not' spec "$1"
		return
	fi
	# Exit 1 with "no such segment" is absence; anything else (a bad SPEC,
	# permission denied) is not proof of it.
	if ((status != 1)) || [[ $out != *'no such segment'* ]]; then
		_shm_fail 'cannot tell whether the segment exists' spec "$1" \
		    error "$out"
		return
	fi
	return 0
}

assert_shm_content() {
	local mode=exact
	case ${1-} in
	-p | --partial) mode=partial; shift ;;
	-z) mode=cstring; shift ;;
	esac
	_shm_args assert_shm_content 2 $# '[--partial|-z] SPEC TEXT' || return
	local spec=$1 text=$2 actual err errfile
	errfile=$(mktemp) || return
	# The C string at offset 0; the x keeps the trailing newlines that $()
	# would drop.
	if ! actual=$(_shm_tool read -z -- "$spec" 2>"$errfile" && echo x); then
		err=$(<"$errfile")
		rm -f "$errfile"
		_shm_fail 'cannot read segment' spec "$spec" error "$err"
		return
	fi
	rm -f "$errfile"
	actual=${actual%x}
	case $mode in
	partial)
		[[ $actual == *"$text"* ]] && return 0
		_shm_fail 'segment does not contain text' spec "$spec" \
		    text "$(_shm_show "$text")" content "$(_shm_show "$actual")"
		;;
	*)
		[[ $actual == "$text" ]] && return 0
		_shm_fail 'segment content differs' spec "$spec" \
		    expected "$(_shm_show "$text")" actual "$(_shm_show "$actual")"
		;;
	esac
}

assert_shm_attached() {
	_shm_args assert_shm_attached 2 $# 'SPEC N' || return
	local spec=$1 want=$2 got
	if ! [[ $want =~ ^[0-9]+$ ]]; then
		echo "N must be a number: '$want'" |
		    batslib_decorate 'ERROR: assert_shm_attached' | fail
		return
	fi
	if ! got=$(_shm_field "$spec" NATTCH); then
		_shm_fail 'cannot stat segment' spec "$spec" error "$got"
		return
	fi
	# "-": nobody could tell (another user's processes, a hidden /proc).
	if ! [[ $got =~ ^[0-9]+$ ]]; then
		_shm_fail 'attach count unknown (some processes cannot be seen; run as root?)' \
		    spec "$spec" expected "$want" actual "$got"
		return
	fi
	((10#$want == 10#$got)) && return 0
	_shm_fail 'segment attach count differs' spec "$spec" \
	    expected "$want" actual "$got"
}

assert_shm_mode() {
	_shm_args assert_shm_mode 2 $# 'SPEC MODE' || return
	local spec=$1 want=$2 got
	if ! [[ $want =~ ^[0-7]{1,5}$ ]] || ((8#$want > 07777)); then
		echo "MODE must be octal, at most 07777: '$want'" |
		    batslib_decorate 'ERROR: assert_shm_mode' | fail
		return
	fi
	if ! got=$(_shm_field "$spec" MODE); then
		_shm_fail 'cannot stat segment' spec "$spec" error "$got"
		return
	fi
	((8#$want == 8#$got)) && return 0
	_shm_fail 'segment mode differs' spec "$spec" \
	    expected "$(printf '%04o' $((8#$want)))" actual "$got"
}

shm_track() {
	_shm_tracked+=("$@")
}

shm_cleanup() {
	local spec status=0 out
	for spec in "${_shm_tracked[@]}"; do
		# Gone already is fine; any other failure is reported.
		out=$(_shm_tool rm -- "$spec" 2>&1) && continue
		[[ $out == *'no such segment'* ]] && continue
		printf 'shm_cleanup: %s\n' "$out" >&2
		status=1
	done
	_shm_tracked=()
	return "$status"
}
