#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are single-quoted on purpose, to run inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
# Races: creators, removers, writers, readers, attachers, ls, stat and rm
# --orphaned run side by side on a few SysV keys and POSIX names, while four
# `shmtool attach` holders hold segments of their own.  The run is counted,
# never timed: each worker loop runs STRESS_ROUNDS rounds (default 10), and
# the observers (ls, stat, attach, rm --orphaned) run at least as many and
# go on until every worker is done, so every kind of operation runs at least
# STRESS_ROUNDS times however slow the machine (ASan, valgrind, a second
# `make check`).  STRESS_CAP seconds (default 1200) is only a safety net
# against a runaway: reaching it is reported, and the counts are not checked.  Everything runs in the sandbox (ns_helper.bash):
# private IPC, PID and mount namespaces with a tmpfs on /dev/shm, so nothing
# outside is touched and whatever is left ends with the sandbox.
#
# Every command runs under `timeout 10` (a hang shows as status 124); each
# loop logs "KIND STATUS" per command to $T/rc.LOOP and every stderr line as
# "KIND: LINE" to $T/err.LOOP.  The test then checks that:
#  - no status is other than 0 or 1 (141 for a reader into a closed pipe),
#    so no crash (SIGSEGV 139, SIGBUS 135, SIGABRT 134) and no hang (124);
#  - ls never fails and never says anything, though segments vanish under it;
#  - every message is one the race explains (see EXPECTED below), and stat
#    of a vanished segment says "no such segment";
#  - the held segments are still there at the end, their holders alive, and
#    rm --orphaned never named them.
load test_helper
load ns_helper

: "${STRESS_ROUNDS:=10}" "${STRESS_CAP:=1200}"
export STRESS_ROUNDS STRESS_CAP

setup() {
	need_sandbox
}

# --- what runs inside the sandbox (passed in with declare -f) -------------

# op LOOP KIND CMD...: run CMD under timeout, log its status and stderr.
# Its stdout goes to $OUT (default /dev/null).
op() {
	local loop=$1 kind=$2 rc
	shift 2
	timeout 10 "$@" >"${OUT:-/dev/null}" 2>"$T/tmp.$loop"
	rc=$?
	log "$loop" "$kind" "$rc"
}

# log LOOP KIND STATUS: a status, and the stderr left in $T/tmp.LOOP.
log() {
	local line
	echo "$2 $3" >>"$T/rc.$1"
	while IFS= read -r line; do
		printf '%s: %s\n' "$2" "$line"
	done <"$T/tmp.$1" >>"$T/err.$1"
}

# op_in LOOP KIND FILE CMD...: as op, with FILE through a pipe on stdin.
op_in() {
	local loop=$1 kind=$2 file=$3 rc
	shift 3
	# A pipe on purpose: its own kernel path (splice), not the file's.
	# shellcheck disable=SC2002
	cat "$file" 2>/dev/null | timeout 10 "$@" >/dev/null 2>"$T/tmp.$loop"
	rc=${PIPESTATUS[1]}
	log "$loop" "$kind" "$rc"
}

# op_head LOOP KIND CMD...: as op, stdout into `head -c 10` (which closes early).
op_head() {
	local loop=$1 kind=$2 rc
	shift 2
	timeout 10 "$@" 2>"$T/tmp.$loop" | head -c 10 >/dev/null
	rc=${PIPESTATUS[0]}
	log "$loop" "$kind" "$rc"
}

# Workers: one more round while fewer than STRESS_ROUNDS are done (and the
# cap is not reached).  round_counter is the loop's own variable.
more_rounds() {
	local -n done_rounds=$1
	[ "$SECONDS" -lt "$CAP_END" ] || { touch "$T/capped"; return 1; }
	((done_rounds++ < STRESS_ROUNDS))
}

# Observers: on while a worker still runs, and for STRESS_ROUNDS at least.
observing() {
	local -n seen_rounds=$1
	[ "$SECONDS" -lt "$CAP_END" ] || { touch "$T/capped"; return 1; }
	((seen_rounds++ < STRESS_ROUNDS)) && return 0
	local done_workers=("$T"/worker.done.*)
	[ -e "${done_workers[0]}" ] || done_workers=()
	[ "${#done_workers[@]}" -lt "$WORKERS" ]
}

pick() {
	local -n arr=$1
	echo "${arr[RANDOM % ${#arr[@]}]}"
}

loop_create() {
	RANDOM=$BASHPID
	local round=0
	local sizes=(4K 64K 1M)
	while more_rounds round; do
		op create c-sysv "$S" create -s "$(pick sizes)" "$(pick KEYS)"
		op create c-posix "$S" create -s 64K "$(pick NAMES)"
	done
}

loop_remove() {
	RANDOM=$BASHPID
	local round=0
	while more_rounds round; do
		op remove rm-sysv "$S" rm "$(pick KEYS)"
		op remove rm-posix "$S" rm "$(pick NAMES)"
		sleep 0.01
	done
}

# private segments, named only by their id, which rm --orphaned may take.
loop_private() {
	RANDOM=$BASHPID
	local round=0
	local id
	while more_rounds round; do
		id=$(timeout 10 "$S" create -s 8K private 2>"$T/tmp.private")
		log private p-create "$?"
		[ -n "$id" ] || continue
		op private p-stat "$S" stat "$id"
		op_in private p-write "$T/in.4096" "$S" write "$id"
		op private p-read "$S" read "$id"
		op private p-rm "$S" rm "$id"
	done
}

loop_write() {
	RANDOM=$BASHPID
	local round=0
	# shellcheck disable=SC2034 # pick reads it by name
	local sizes=(4096 10000 65536 131072)
	while more_rounds round; do
		op write w-sysv "$S" write "$(pick KEYS)" <"$T/in.4096"
		op_in write w-sysv-pipe "$T/in.4096" "$S" write "$(pick KEYS)"
		op write w-posix "$S" write "$(pick NAMES)" <"$T/in.4096"
		op_in write w-posix-pipe "$T/in.4096" "$S" write "$(pick NAMES)"
		op write w-trunc "$S" write --truncate "$(pick NAMES)" <"$T/in.$(pick sizes)"
		op_in write w-trunc-pipe "$T/in.$(pick sizes)" "$S" write --truncate "$(pick NAMES)"
	done
}

loop_read() {
	RANDOM=$BASHPID
	local round=0
	while more_rounds round; do
		op read r-sysv "$S" read "$(pick KEYS)"
		op read r-posix "$S" read "$(pick NAMES)"
		OUT=$T/read.out op read r-file "$S" read "$(pick ALL)"
		op_head read r-pipe "$S" read "$(pick ALL)"
		op read r-held "$S" read "$(pick HELDS)"
	done
}

loop_attach() {
	RANDOM=$BASHPID
	local round=0
	while observing round; do
		op attach attach "$S" attach "$(pick ALL)" -- true
	done
}

loop_ls() {
	RANDOM=$BASHPID
	local round=0
	while observing round; do
		op ls ls "$S" ls
		op ls ls "$S" ls -p -t --json
		op ls ls "$S" ls --orphaned -o +ORPHANED
		op ls ls "$S" ls --unattached --raw -b
		op ls ls "$S" ls --posix --export -o NAME,SIZE,NATTCH
	done
}

loop_stat() {
	RANDOM=$BASHPID
	local round=0
	while observing round; do
		op stat stat "$S" stat "$(pick KEYS)"
		op stat stat "$S" stat "$(pick NAMES)"
		op stat stat "$S" stat --json "$(pick ALL)" "$(pick HELDS)"
		op stat stat-held "$S" stat "$(pick HELDS)"
	done
}

loop_orphaned() {
	# shellcheck disable=SC2034 # observing reads round by name
	local n=0 round=0
	while observing round; do
		# The sandbox is a container of its own: nobody outside uses its /dev/shm.
		OUT=$T/removed.$((n++)) op orphaned orphaned "$S" rm -v --orphaned --contained
		sleep 0.2
	done
}

# shellcheck disable=SC2034 # pick reads the arrays by name
stress_main() {
	local held=() loops=() p s sz alive=0
	S=$SHMTOOL_BUILD/shmtool
	KEYS=(0xb001 0xb002 0xb003 0xb004 0xb005 0xb006)
	NAMES=(/s1 /s2 /s3 /s4 /s5)
	ALL=("${KEYS[@]}" "${NAMES[@]}")
	HELDS=(0xc001 0xc002 /h1 /h2)
	for sz in 4096 10000 65536 131072; do
		head -c "$sz" /dev/urandom >"$T/in.$sz"
	done
	for s in "${HELDS[@]}"; do
		"$S" create -s 64K "$s" >/dev/null || exit 90
		attach_bg "$s"
		held+=("$HELD")
	done
	# Leaked on purpose, named by no loop: rm --orphaned must take both.
	"$S" create -s 4K 0xb0ff /leaked >/dev/null || exit 90
	CAP_END=$((SECONDS + STRESS_CAP))
	WORKERS=5
	for p in loop_create loop_remove loop_private loop_write loop_read; do
		{ "$p"; touch "$T/worker.done.$p"; } &
		loops+=("$!")
	done
	for p in loop_attach loop_ls loop_stat loop_orphaned; do
		"$p" &
		loops+=("$!")
	done
	wait "${loops[@]}"
	[ -e "$T/capped" ] && echo "capped after $STRESS_CAP s"
	for p in "${held[@]}"; do
		kill -0 "$p" 2>/dev/null && alive=$((alive + 1))
	done
	echo "holders alive: $alive of ${#held[@]}"
	state
}

# --- what the test expects -------------------------------------------------

# The messages a race explains, per kind (an ERE for the whole line).
declare -gA EXPECTED
gone='no such segment'
shrank='shrank while being (read|written)'
# rm by SPEC looks again right before it acts: a segment made anew meanwhile is kept.
kept_spec='kept: changed since it was looked up'
attached='still attached by [0-9]+ process(es)?; it goes when the last detaches'
EXPECTED=(
	[c-sysv]="^shmtool: create: 0xb00[1-6]: already exists$"
	[c-posix]="^shmtool: create: /s[1-5]: already exists$"
	[rm-sysv]="^shmtool: rm: 0xb00[1-6]: ($gone|$attached|$kept_spec)$"
	[rm-posix]="^shmtool: rm: /s[1-5]: ($gone|$kept_spec)$"
	[p-stat]="^shmtool: stat: [0-9]+: $gone$"
	[p-write]="^shmtool: write: [0-9]+: $gone$"
	[p-read]="^shmtool: read: [0-9]+: $gone$"
	[p-rm]="^shmtool: rm: [0-9]+: ($gone|$attached)$"
	[w-sysv]="^shmtool: write: 0xb00[1-6]: $gone$"
	[w-sysv-pipe]="^shmtool: write: 0xb00[1-6]: $gone$"
	# A POSIX object exists with size 0 between create's open and fallocate,
	# and a --truncate writer shrinks what another writes into.
	[w-posix]="^shmtool: write: /s[1-5]: ($gone|input of 4096 bytes does not fit in 0 bytes from offset 0 \(4096 too many\); nothing written|$shrank \([0-9]+ bytes written\))$"
	[w-posix-pipe]="^shmtool: write: /s[1-5]: ($gone|input does not fit: more than the [0-9]+ bytes from offset 0 \(the first [0-9]+ were written\)|$shrank \([0-9]+ bytes written\))$"
	[w-trunc]="^shmtool: write: /s[1-5]: $gone$"
	[w-trunc-pipe]="^shmtool: write: /s[1-5]: $gone$"
	[r-sysv]="^shmtool: read: 0xb00[1-6]: $gone$"
	[r-posix]="^shmtool: read: /s[1-5]: ($gone|$shrank \([0-9]+ of [0-9]+ bytes copied\))$"
	[r-file]="^shmtool: read: (0xb00[1-6]: $gone|/s[1-5]: ($gone|$shrank \([0-9]+ of [0-9]+ bytes copied\)))$"
	[r-pipe]="^shmtool: read: (0xb00[1-6]: $gone|/s[1-5]: ($gone|$shrank \([0-9]+ of [0-9]+ bytes copied\)))$"
	[attach]="^shmtool: attach: (0xb00[1-6]|/s[1-5]): $gone$"
	[stat]="^shmtool: stat: (0xb00[1-6]|/s[1-5]): $gone$"
	# Selected, then changed or used before rm got to it: kept, and -v says so.
	[orphaned]="^shmtool: rm: (0x0000b00[1-6]|0x0000b0ff|id [0-9]+|/s[1-5]|/leaked): kept: (changed|in use) since it was listed$"
)
# Kinds that must never fail, and the statuses each kind may have.
declare -gA STATUSES
STATUSES=([ls]=0 [orphaned]=0 [stat-held]=0 [r-held]=0 [r-pipe]='0 1 141')

@test "creators, removers, writers, readers, attachers, ls, stat and rm --orphaned race for STRESS_ROUNDS rounds without a crash, a hang or an unexplained message" {
	local started=$SECONDS
	run sandbox "$(declare -f op log op_in op_head more_rounds observing pick \
	    loop_create loop_remove loop_private loop_write loop_read loop_attach \
	    loop_ls loop_stat loop_orphaned stress_main)
	stress_main"
	local took=$((SECONDS - started)) capped=false
	echo "# stress: $STRESS_ROUNDS rounds in $took s" >&3
	grep -q '^capped after' <<<"$output" && capped=true
	if $capped; then
		echo "# stress: stopped at the $STRESS_CAP s cap; counts not checked" >&3
	fi
	assert_success

	local T=$BATS_TEST_TMPDIR problems=() kind rc n line re
	declare -A ops fails codes
	cat "$T"/rc.* >"$T/all.rc"
	while read -r kind rc; do
		ops[$kind]=$((${ops[$kind]:-0} + 1))
		[ "$rc" = 0 ] || fails[$kind]=$((${fails[$kind]:-0} + 1))
		case " ${codes[$kind]:-} " in
		*" $rc "*) ;;
		*) codes[$kind]="${codes[$kind]:-}${codes[$kind]:+ }$rc" ;;
		esac
	done <"$T/all.rc"

	# Counts, in the TAP output.
	for kind in $(printf '%s\n' "${!ops[@]}" | sort); do
		echo "# $(printf '%-13s %6d ops %6d failed  statuses: %s' "$kind" \
		    "${ops[$kind]}" "${fails[$kind]:-0}" "${codes[$kind]}")" >&3
	done
	cat "$T"/err.* 2>/dev/null | sed 's/[0-9][0-9]*/N/g' | sort | uniq -c |
	    sort -rn | sed 's/^/# /' >&3
	n=$(cat "$T"/removed.* 2>/dev/null | wc -l)
	echo "# rm --orphaned removed $n segments" >&3

	# Every kind ran STRESS_ROUNDS times at least (unless the cap stopped it).
	$capped || for kind in c-sysv c-posix rm-sysv rm-posix p-create p-stat p-write \
	    p-read p-rm w-sysv w-sysv-pipe w-posix w-posix-pipe w-trunc \
	    w-trunc-pipe r-sysv r-posix r-file r-pipe r-held attach ls stat \
	    stat-held orphaned; do
		[ "${ops[$kind]:-0}" -ge "$STRESS_ROUNDS" ] ||
		    problems+=("$kind ran ${ops[$kind]:-0} times")
	done
	# Statuses: 0 and 1 only (141 where a pipe closes), 0 where nothing races.
	for kind in "${!codes[@]}"; do
		for rc in ${codes[$kind]}; do
			case " ${STATUSES[$kind]:-0 1} " in
			*" $rc "*) ;;
			*) problems+=("$kind: status $rc") ;;
			esac
		done
	done
	# Messages: each one a race explains.
	while IFS= read -r line; do
		kind=${line%%: *}
		re=${EXPECTED[$kind]:-}
		if [ -z "$re" ] || ! [[ ${line#*: } =~ $re ]]; then
			problems+=("unexpected message from $line")
		fi
	done < <(cat "$T"/err.* 2>/dev/null)
	# The held segments: there, held, and never named by rm --orphaned.
	assert_line "holders alive: 4 of 4"
	[[ $(sed -n 's/^sysv: //p' <<<"$output") == *"0x0000c001 0x0000c002"* ]] ||
	    problems+=("held SysV segments gone: $(grep '^sysv:' <<<"$output")")
	[[ " $(sed -n 's/^posix: //p' <<<"$output") " == *" h1 h2 "* ]] ||
	    problems+=("held POSIX objects gone: $(grep '^posix:' <<<"$output")")
	if grep -hE 'c00[12]|/h[12] ' "$T"/removed.* 2>/dev/null; then
		problems+=("rm --orphaned removed a held segment")
	fi
	# rm --orphaned took the two leaked on purpose: the test reached its point.
	grep -qh '^removed sysv 0x0000b0ff ' "$T"/removed.* ||
	    problems+=("rm --orphaned never removed the leaked 0x0000b0ff")
	grep -qh '^removed posix /leaked ' "$T"/removed.* ||
	    problems+=("rm --orphaned never removed the leaked /leaked")

	if [ "${#problems[@]}" -gt 0 ]; then
		printf '%s\n' "${problems[@]}" | head -50
		fail "${#problems[@]} problems"
	fi
}
