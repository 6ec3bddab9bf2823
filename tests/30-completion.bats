#!/usr/bin/env bats
# The bash completion, completions/shmtool.bash, driven as readline drives
# it: COMP_WORDS split where bash splits them (at blanks, ':' and '='),
# then _shmtool, then COMPREPLY checked word for word.
load test_helper

setup() {
	# shellcheck source=/dev/null
	source /usr/share/bash-completion/bash_completion
	# shellcheck disable=SC1091
	source "$BATS_TEST_DIRNAME/../completions/shmtool.bash"
}

# The tests never see nor touch the host's segments: those that make some
# do it in new IPC and mount namespaces with a tmpfs on /dev/shm, as root
# or, where that is not allowed, in a user namespace of their own.

# need_private_shm: the unshare options for that into PRIVATE, or skip.
need_private_shm() {
	PRIVATE=(--ipc --mount)
	unshare "${PRIVATE[@]}" --fork true 2>/dev/null && return
	PRIVATE=(--user --map-root-user --ipc --mount)
	unshare "${PRIVATE[@]}" --fork true 2>/dev/null && return
	skip "neither unshare --ipc --mount nor a user namespace is allowed here"
}

_holder=''

# private_shm: from now on shmtool, for the test and for the completion
# (as "shmtool" on PATH, and as $BIN/shmtool-NAME), works in new namespaces
# that a process holds, $HOLDER, until the test ends.
private_shm() {
	local pidfile=$BATS_TEST_TMPDIR/holder.pid link i
	need_private_shm
	# shellcheck disable=SC2016 # for sh
	{ exec unshare "${PRIVATE[@]}" --fork sh -c '
		mount -t tmpfs tmpfs /dev/shm || exit 99
		echo $$ >"$1.new" && mv "$1.new" "$1"
		exec sleep 600' sh "$pidfile" 3>&-; } &
	_holder=$!
	for ((i = 0; i < 200; i++)); do
		[[ -s $pidfile ]] && break
		sleep 0.05
	done
	HOLDER=$(cat "$pidfile") || fail "no namespace"
	BIN=$BATS_TEST_TMPDIR/bin
	mkdir -p "$BIN"
	local -a enter=(nsenter -t "$HOLDER" --ipc --mount)
	[[ ${PRIVATE[0]} != --user ]] || enter=(nsenter -t "$HOLDER" --user --preserve-credentials --ipc --mount)
	printf '#!/bin/sh\nexec %s "%s/${0##*/}" "$@"\n' "${enter[*]}" "$SHMTOOL_BUILD" >"$BIN/shmtool"
	chmod +x "$BIN/shmtool"
	for link in "$SHMTOOL_BUILD"/shmtool-*; do
		ln -s shmtool "$BIN/${link##*/}"
	done
	PATH=$BIN:$PATH
	shmtool() { "$BIN/shmtool" "$@"; }
}

teardown() {
	if [[ -n $_holder ]]; then
		kill "$HOLDER" 2>/dev/null
		wait "$_holder" 2>/dev/null
	fi
	common_teardown
}

# tab LINE: press TAB at the end of LINE; COMPREPLY holds the answer.
tab() {
	local line=$1 rest=$1 w='' c
	COMP_LINE=$line COMP_POINT=${#line} COMP_WORDS=()
	while [[ -n $rest ]]; do
		c=${rest:0:1} rest=${rest:1}
		case $c in
		' ') [[ -n $w ]] && COMP_WORDS+=("$w"); w='' ;;
		: | =) [[ -n $w ]] && COMP_WORDS+=("$w"); COMP_WORDS+=("$c"); w='' ;;
		*) w+=$c ;;
		esac
	done
	if [[ -n $w ]]; then
		COMP_WORDS+=("$w")
	elif [[ $line == *' ' || ${#COMP_WORDS[@]} -eq 1 ]]; then
		COMP_WORDS+=('')
	fi
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	# Called in a || list, so that bats' set -e does not reach inside.
	_shmtool "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}" || :
}

# The answer, one word a line, in the order offered.
offered() {
	[[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}"
}

# Is $1 one of the words offered?
offers() {
	local w
	for w in "${COMPREPLY[@]}"; do
		[[ $w == "$1" ]] && return 0
	done
	echo "not offered: $1; offered: ${COMPREPLY[*]}" >&2
	return 1
}

# The commands `shmtool --help` lists, one a line.
help_commands() {
	shmtool --help | sed -n '/^Commands:$/,/^$/{/^ [a-z]/s/^ \([a-z]*\) .*/\1/p}'
}

# The long options in the options text of `shmtool CMD --help`, sorted.
help_long_options() {
	shmtool "$1" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
	    grep -oE -- '--[a-z-]+' | sort
}

@test "shmtool <TAB> offers exactly the commands of shmtool --help" {
	tab "shmtool "
	run offered
	assert_output "$(help_commands)"
	# And the table in cmd/shmtool.c has them all.
	assert_equal "$(sed -n 's/^\t{ "\([a-z]*\)", cmd_.*/\1/p' \
	    "$BATS_TEST_DIRNAME/../cmd/shmtool.c")" "$output"
}

@test "shmtool l<TAB> offers lock and ls; shmtool ls<TAB> ls alone" {
	tab "shmtool l"
	assert_equal "$(offered)" $'lock\nls'
	tab "shmtool ls"
	assert_equal "$(offered)" "ls"
}

@test "shmtool -<TAB> offers the global options" {
	tab "shmtool -"
	assert_equal "$(offered)" $'--ns\n--help\n--version'
}

@test "shmtool --ns <TAB> offers pids, and this shell's" {
	tab "shmtool --ns $$"
	offers "$$"
	run offered
	refute_line --regexp '[^0-9]'
	tab "shmtool --ns=$$"
	offers "$$"
}

@test "shmtool rm --dr<TAB> offers --dry-run" {
	tab "shmtool rm --dr"
	assert_equal "$(offered)" "--dry-run"
}

@test "every long option of every command is offered after --" {
	local cmd
	for cmd in $(help_commands); do
		tab "shmtool $cmd --"
		assert_equal "$(offered | sort)" "$(help_long_options "$cmd")"
		[[ -n $(help_long_options "$cmd") ]]
	done
}

@test "rm -<TAB> offers ipcrm's -m and -M, which have no long form" {
	tab "shmtool rm -"
	offers -m
	offers -M
	offers --all
	# A short option that has a long form is offered as the long one.
	run offered
	refute_line -- -a
}

@test "ls -o KEY,SI<TAB> offers KEY,SIZE" {
	tab "shmtool ls -o KEY,SI"
	assert_equal "$(offered)" "KEY,SIZE"
}

@test "ls --output=KEY,SI<TAB> and -o +si<TAB> complete the column" {
	tab "shmtool ls --output=KEY,SI"
	assert_equal "$(offered)" "KEY,SIZE"
	tab "shmtool ls -o +si"
	assert_equal "$(offered)" "+SIZE"
}

@test "ls -o <TAB> offers every column of lib/table.c, in its order" {
	tab "shmtool ls -o "
	run offered
	assert_output "$(sed -n 's/^\t\[COL_[A-Z]*\]\t*= { "\([A-Z]*\)".*/\1/p' \
	    "$BATS_TEST_DIRNAME/../lib/table.c")"
	assert_line NATTCH
}

@test "ls --sort N<TAB> offers the columns starting with N" {
	tab "shmtool ls --sort N"
	assert_equal "$(offered)" $'NAME\nNATTCH\nNS\nNSPID'
}

@test "ls --user and --creator complete user names" {
	tab "shmtool ls --user roo"
	assert_equal "$(offered)" "$(getent passwd | cut -d: -f1 | grep '^roo')"
	offers root
	tab "shmtool rm --creator nobod"
	assert_equal "$(offered)" "nobody"
}

@test "an option's argument is not taken for a SPEC" {
	tab "shmtool read -o "
	assert_equal "$(offered)" ""
	tab "shmtool read -zo "
	assert_equal "$(offered)" ""
	tab "shmtool create -s "
	assert_equal "$(offered)" ""
}

@test "stat <TAB> offers the key, id and name of segments that exist" {
	private_shm
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	tab "shmtool stat "
	offers "$KEY"
	offers "$id"
	offers "$NAME"
	run offered
	refute_line -- -
	tab "shmtool stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "shmtool stat $KEY"
	assert_equal "$(offered)" "$KEY"
}

@test "stat <TAB> offers a private segment's id but not its key 0" {
	private_shm
	id=$(shmtool create -s 4K private)
	tab "shmtool stat "
	offers "$id"
	run offered
	refute_line 0x00000000
}

@test "rm -m <TAB> offers ids and rm -M <TAB> keys" {
	private_shm
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	tab "shmtool rm -m "
	offers "$id"
	run offered
	refute_line --regexp '[^0-9]'
	tab "shmtool rm -M "
	offers "$KEY"
	run offered
	refute_line --regexp '^[^0]|^0[^x]'
}

@test "stat f<TAB> offers the file: and ftok: prefixes" {
	tab "shmtool stat f"
	assert_equal "$(offered)" $'ftok:\nfile:'
}

@test "file: and ftok: complete paths, and nothing after ftok:PATH:" {
	dir=$BATS_TEST_TMPDIR
	touch "$dir/seg.a" "$dir/seg.b"
	mkdir "$dir/sub"
	# ':' breaks words for readline, so the answer is what follows it.
	tab "shmtool stat file:$dir/s"
	assert_equal "$(offered | sort)" "$(printf '%s\n' "$dir/seg.a" "$dir/seg.b" "$dir/sub/")"
	tab "shmtool read ftok:$dir/seg."
	assert_equal "$(offered | sort)" "$(printf '%s\n' "$dir/seg.a" "$dir/seg.b")"
	tab "shmtool stat ftok:$dir/seg.a:"
	assert_equal "$(offered)" ""
}

@test "create <TAB> offers private and the key prefixes, no file:" {
	private_shm
	shmtool create -s 4K "$NAME"
	tab "shmtool create "
	assert_equal "$(offered)" $'private\nkey:\nftok:'
}

@test "key completes a path, then nothing" {
	dir=$BATS_TEST_TMPDIR
	touch "$dir/proj.file"
	tab "shmtool key $dir/proj."
	assert_equal "$(offered)" "$dir/proj.file"
	tab "shmtool key $dir/proj.file "
	assert_equal "$(offered)" ""
	tab "shmtool key $dir/proj.file A "
	assert_equal "$(offered)" ""
}

@test "read and write take one SPEC" {
	private_shm
	shmtool create -s 4K "$NAME"
	tab "shmtool read -o 1 $NAME"
	assert_equal "$(offered)" "$NAME"
	# -o1 and -zo1 carry their argument: the next word is the SPEC.
	tab "shmtool read -o1 $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "shmtool read -zo1 $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "shmtool write $NAME "
	assert_equal "$(offered)" ""
}

@test "attach and lock SPEC offer --, then complete a command" {
	private_shm
	shmtool create -s 4K "$NAME"
	for sub in attach lock; do
		tab "shmtool $sub $NAME "
		assert_equal "$sub $(offered)" "$sub --"
		tab "shmtool $sub $NAME -"
		assert_equal "$sub $(offered)" "$sub --"
		tab "shmtool $sub --wait 1m $NAME -- shmtoo"
		offers shmtool
		tab "shmtool $sub file:/etc/hostname -- shmtoo"
		offers shmtool
	done
}

@test "the completion is registered for shmtool and every shmtool-NAME link" {
	assert_equal "$(complete -p | sed -n 's/^complete -F _shmtool //p' | tr ' ' '\n' | sort)" \
	    "$( (echo shmtool; help_commands | sed 's/^/shmtool-/') | sort)"
}

@test "shmtool-NAME completes as shmtool NAME" {
	private_shm
	shmtool create -s 4K "$NAME"
	tab "shmtool-rm --dr"
	assert_equal "$(offered)" "--dry-run"
	tab "shmtool-ls --sort N"
	assert_equal "$(offered)" $'NAME\nNATTCH\nNS\nNSPID'
	tab "shmtool-stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "$BIN/shmtool-stat $NAME"
	assert_equal "$(offered)" "$NAME"
}

@test "--ns PID before the command lists that namespace's segments" {
	private_shm
	[[ ${PRIVATE[0]} != --user ]] || skip "--ns into a user namespace needs root"
	shmtool create -s 4K "$NAME"
	# The shmtool outside, told to look in the namespace.
	tab "$SHMTOOL_BUILD/shmtool --ns $HOLDER stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "$SHMTOOL_BUILD/shmtool --ns=$HOLDER stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "$SHMTOOL_BUILD/shmtool --ns $HOLDER rm --dr"
	assert_equal "$(offered)" "--dry-run"
}

# The zsh completion, completions/_shmtool, in a zsh on a pseudo-terminal:
# TAB is pressed after the line, and the words given to compadd are logged.

need_zsh() {
	if ! command -v zsh >/dev/null; then
		[[ -z ${CI-} ]] || fail "zsh is missing (apt-get install zsh)"
		skip "zsh is not installed"
	fi
}

# zsh_tab LINE: the words zsh's completion offers, sorted, once each.
zsh_tab() {
	local log=$BATS_TEST_TMPDIR/zsh-offered
	: >"$log"
	cat >"$BATS_TEST_TMPDIR/tab.zsh" <<-'EOF'
	zmodload zsh/zpty || exit 1
	local dir=$1 log=$2 line=$3 out
	zpty z zsh -f -i
	zpty -w z "PS1=; PS2=; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
	zpty -w z "compadd() { local -a m; builtin compadd -O m \"\$@\"; print -lr -- \$m >> ${(q)log}; builtin compadd \"\$@\" }"
	zpty -w -n z "$line"$'\t'
	zpty -w z $'\C-a\C-k'"print -r -- __DONE__"
	zpty -r z out '*__DONE__*__DONE__*'
	zpty -d z
	EOF
	timeout 20 zsh -f "$BATS_TEST_TMPDIR/tab.zsh" \
	    "$BATS_TEST_DIRNAME/../completions" "$log" "$1" </dev/null >/dev/null
	grep -v '^$' "$log" | sort -u
}

@test "zsh: _shmtool parses" {
	need_zsh
	run zsh -n "$BATS_TEST_DIRNAME/../completions/_shmtool"
	assert_success
	assert_output ""
}

@test "zsh: #compdef names shmtool and every shmtool-NAME link" {
	run sed -n '1s/^#compdef //p' "$BATS_TEST_DIRNAME/../completions/_shmtool"
	assert_equal "$(tr ' ' '\n' <<<"$output" | sort)" \
	    "$( (echo shmtool; help_commands | sed 's/^/shmtool-/') | sort)"
}

@test "zsh: shmtool <TAB> offers the commands of shmtool --help" {
	need_zsh
	run zsh_tab "shmtool "
	assert_output "$(help_commands | sort)"
}

@test "zsh: options, columns and links" {
	need_zsh
	run zsh_tab "shmtool rm --dr"
	assert_output "--dry-run"
	run zsh_tab "shmtool ls -o KEY,SI"
	assert_output "SIZE"
	run zsh_tab "shmtool-ls --sort N"
	assert_output $'NAME\nNATTCH\nNS\nNSPID'
	run zsh_tab "shmtool stat --"
	assert_output "$(help_long_options stat)"
}

@test "zsh: SPECs of segments that exist, ids after rm -m" {
	need_zsh
	private_shm
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	run zsh_tab "shmtool stat $NAME"
	assert_output "$NAME"
	run zsh_tab "shmtool read -o 1 $KEY"
	assert_output "$KEY"
	run zsh_tab "shmtool rm -m "
	assert_line "$id"
	refute_line --regexp '[^0-9]'
}

# Hostile names, completed by a real TAB
# --------------------------------------
# Any user can name an object in /dev/shm; root presses TAB.  Completion
# must offer such names without running them, and the completed line must
# name that exact object.  Each run below is a bash or a zsh on a
# pseudo-terminal (zsh's zpty drives both), in new IPC and mount namespaces
# with an empty tmpfs on /dev/shm: the completion sees only the objects the
# test made there, never the host's.  For each case the objects are made
# afresh (object i holds the text "i"), the line is typed, TAB pressed, the
# line as completed is saved, and then run by Enter in that same
# interactive shell (bash with its history expansion on); its stdout is kept.

# The names (without their leading '/') that the cases make.
HOSTILE=(
	'$(touch${IFS}PWNED)'
	'`touch${IFS}PWNED`'
	'$HOME'
	'a b'
	"it's"
	'say "hi"'
	'back\slash'
	'\x41'
	$'nl\nx'
	$'tab\tx'
	$'\xff'
	'-n'
	'!!'
	'*'
	'a:b=c@d'
	'{x,y}'
	'~root'
	$'\e[31mred'
	"x\\"
	$'\xc3\xa9t\xc3\xa9'
	'semi;colon&|<>()#'
)


_ncases=0

# tab_case LINE [INDEX...]: a case where objects INDEX... (all of HOSTILE if
# none) exist and LINE is typed, then TAB (if LINE has a TAB, it is where
# TAB is pressed, and what follows it is typed after).
tab_case() {
	local dir=$BATS_TEST_TMPDIR/tab line=$1 i
	shift
	mkdir -p "$dir"
	_ncases=$((_ncases + 1))
	printf '%s' "$line" >"$dir/$_ncases.line"
	(($#)) || set -- "${!HOSTILE[@]}"
	echo "$@" >"$dir/$_ncases.make"
}

# run_tabs SHELL: run the cases in SHELL (bash or zsh).  Then, for case K,
# LINE[K] is what was typed, BUF[K] the line after TAB, OUT[K] what running
# it printed, LEFT[K] the indices of the objects still there after it.
run_tabs() {
	local dir=$BATS_TEST_TMPDIR/tab k
	mkdir -p "$dir/cwd"
	printf '%s\0' "${HOSTILE[@]}" >"$dir/names"
	rm -f "$dir"/*.buf "$dir"/*.out "$dir"/*.left
	cat >"$dir/drive.zsh" <<-'ZSH'
	zmodload zsh/zpty || exit 1
	local shell=$1 dir=$2 comps=$3 build=$4 chunk acc=''
	local -a names
	names=( ${(0)"$(<$dir/names)"} )
	integer k i n
	# Until the terminal shows $1: at most 20 s.
	wait_for() {
		integer n=0
		while [[ $acc != *$1* ]]; do
			if zpty -rt s chunk; then
				acc+=$chunk
			else
				(( ++n > 1000 )) && return 1
				sleep 0.02
			fi
		done
		acc=${acc#*$1}
	}
	start() {
		acc=''
		if [[ $shell == bash ]]; then
			zpty s bash --norc --noprofile -i
			zpty -w s "PS1=; PS2=; source /usr/share/bash-completion/bash_completion"
			zpty -w s "source ${(q)comps}/shmtool.bash"
			zpty -w s "bind -x '\"\\C-xl\": printf %s \"\$READLINE_LINE\" >\"\$_buf\"; echo __BU\"\"F__ >&2'"
			zpty -w s "bind -x '\"\\C-xk\": READLINE_LINE= READLINE_POINT=0'"
		else
			zpty s zsh -f -i
			zpty -w s "PS1=; PS2=; fpath=(${(q)comps} \$fpath); autoload -Uz compinit; compinit -u -D"
			zpty -w s '_dump() { print -rn -- "$BUFFER" >$_buf; print -u2 __BU""F__ }; zle -N _dump; bindkey "^Xl" _dump'
			zpty -w s '_drop() { BUFFER= }; zle -N _drop; bindkey "^Xk" _drop'
		fi
		zpty -w s "PATH=${(q)build}:\$PATH; cd ${(q)dir}/cwd; echo __REA''DY__ >&2"
		wait_for __READY__
	}
	# A case: make its objects, type its line and TAB, save the line, run it.
	tab_case() {
		rm -f /dev/shm/*(DN)
		for i in $(<$dir/$k.make); do
			print -rn -- $i >/dev/shm/$names[i+1]
		done
		zpty -w s "_buf=${(q)dir}/$k.buf; exec >${(q)dir}/$k.out; echo __SE''T${k}__ >&2"
		wait_for __SET${k}__ || return
		# TAB at the end, unless the line has its own.
		if [[ $(<$dir/$k.line) == *$'\t'* ]]; then
			zpty -w -n s "$(<$dir/$k.line)"
		else
			zpty -w -n s "$(<$dir/$k.line)"$'\t'
		fi
		zpty -w -n s $'\C-xl'
		wait_for __BUF__ || return
		# Enter if the line is whole, else drop it.
		if $shell -n $dir/$k.buf 2>/dev/null; then
			zpty -w -n s $'\r'
		else
			zpty -w -n s $'\C-xk\r'
		fi
		zpty -w s "echo __EN''D${k}__ >&2"
		wait_for __END${k}__ || return
		for i in $(<$dir/$k.make); do
			[[ -e /dev/shm/$names[i+1] ]] && print -n "$i "
		done >$dir/$k.left
	}
	start || { print -r "drive: $shell did not start: ${(q+)acc}"; exit 1 }
	for (( k = 1; k <= $(ls $dir/*.line | wc -l); k++ )); do
		tab_case && continue
		# A shell left in a state of its own: the next case gets a new one.
		print -r "drive: case $k: no end in ${(q+)acc}"
		zpty -d s
		start || exit 1
	done
	zpty -w s 'exit'
	zpty -d s
	ZSH
	# shellcheck disable=SC2016 # $1 is for sh
	need_zsh
	need_private_shm
	timeout 300 unshare "${PRIVATE[@]}" --fork \
	    sh -c 'mount -t tmpfs tmpfs /dev/shm && exec "$@"' sh \
	    zsh -f "$dir/drive.zsh" "$1" "$dir" \
	    "$(cd "$BATS_TEST_DIRNAME/../completions" && pwd)" "$SHMTOOL_BUILD" \
	    </dev/null >"$dir/drive.log" 2>&1 ||
	    fail "the $1 on a terminal failed: $(cat "$dir/drive.log")"
	ERRORS=()
	[[ ! -s $dir/drive.log ]] || ERRORS+=("$(cat "$dir/drive.log")")
	LINE=() BUF=() OUT=() LEFT=()
	for ((k = 1; k <= _ncases; k++)); do
		LINE[k]=$(cat "$dir/$k.line")
		BUF[k]=$(cat "$dir/$k.buf" 2>/dev/null; echo .) BUF[k]=${BUF[k]%.}
		OUT[k]=$(cat "$dir/$k.out" 2>/dev/null)
		LEFT[k]=$(cat "$dir/$k.left" 2>/dev/null)
	done
}

# check_read K INDEX: running the line of case K read object INDEX; if not,
# say so in ERRORS.
check_read() {
	[[ ${OUT[$1]} == "$2" ]] ||
	    ERRORS+=("typed ${LINE[$1]@Q}, TAB gave ${BUF[$1]@Q}, which read ${OUT[$1]@Q}, not object $2 (${HOSTILE[$2]@Q})")
}

# Fail with every error in ERRORS, if any.
assert_no_errors() {
	((${#ERRORS[@]} == 0)) || fail "$(printf '%s\n' "${ERRORS[@]}")"
}

# No PWNED file where the names' commands would have made one (ERRORS).
refute_pwned() {
	local f
	for f in "$BATS_TEST_TMPDIR/tab/cwd/PWNED" "$PWD/PWNED" /tmp/PWNED \
	    "$HOME/PWNED" /PWNED; do
		[[ ! -e $f ]] || ERRORS+=("completion ran a name's command: $f exists")
	done
}

# Each hostile object alone: "read /" and TAB completes its name.
tab_each_alone() {
	local i
	for i in "${!HOSTILE[@]}"; do
		tab_case "shmtool read /" "$i"
	done
	run_tabs "$1"
	for i in "${!HOSTILE[@]}"; do
		check_read $((i + 1)) "$i"
	done
	refute_pwned
	assert_no_errors
}

@test "bash: TAB completes each hostile name alone, literally and quoted" {
	tab_each_alone bash
}

@test "zsh: TAB completes each hostile name alone, literally and quoted" {
	tab_each_alone zsh
}

# Typed text (quoted, or escaped as shmtool ls shows names), its object,
# and the shells that complete it: b bash, z zsh.  zsh does not decode
# what is typed inside $'...' before it compares.
PREFIXED=(
	bz 0 "shmtool read /\\\$\\("
	bz 0 "shmtool read '/\$("
	bz 0 "shmtool read \"/\\\$(t"
	bz 1 "shmtool read /\\\`"
	bz 1 "shmtool read '/\`"
	bz 2 "shmtool read /\\\$H"
	bz 3 "shmtool read /a\\ "
	bz 3 "shmtool read '/a "
	bz 3 "shmtool read \"/a "
	bz 3 "shmtool read /a' '"
	bz 3 "shmtool read /a\\\\x20"
	bz 4 "shmtool read /it\\'"
	bz 4 "shmtool read \"/it'"
	bz 4 "shmtool read /it\"'\""
	bz 5 "shmtool read /say\\ \\\""
	bz 5 "shmtool read '/say \""
	bz 5 "shmtool read /sa'y \""
	bz 6 "shmtool read /b"
	bz 6 "shmtool read /back\\\\"
	bz 7 "shmtool read /\\\\x5c"
	bz 8 "shmtool read /n"
	b 8 "shmtool read \$'/nl\\n"
	bz 8 "shmtool read /nl\\\\x0a"
	bz 9 "shmtool read /t"
	bz 10 "shmtool read /\\\\xf"
	bz 10 "shmtool read \$'/\\xff"
	bz 11 "shmtool read /-"
	bz 12 "shmtool read /\\!"
	bz 12 "shmtool read '/!"
	bz 13 "shmtool read /\\*"
	bz 14 "shmtool read /a:"
	bz 14 "shmtool read /a:b="
	bz 15 "shmtool read /\\{"
	bz 16 "shmtool read /\\~"
	bz 17 "shmtool read /\\\\x1b"
	bz 18 "shmtool read /x"
	bz 19 "shmtool read /"$'\xc3\xa9'
	bz 19 "shmtool read /\$'\\xc3\\xa9'"
	bz 20 "shmtool read /semi\\;"
)

# tab_prefixed SHELL [WORD]: the cases of PREFIXED for SHELL, the line
# after WORD (a command that completes the command after it) if given.
tab_prefixed() {
	local j
	local -a want=()
	for ((j = 0; j < ${#PREFIXED[@]}; j += 3)); do
		[[ ${PREFIXED[j]} == *${1:0:1}* ]] || continue
		tab_case "${2:+$2 }${PREFIXED[j + 2]}"
		want+=("${PREFIXED[j + 1]}")
	done
	run_tabs "$1"
	for j in "${!want[@]}"; do
		check_read $((j + 1)) "${want[j]}"
	done
	refute_pwned
	assert_no_errors
}

@test "bash: what was typed, quoted or escaped, completes the one object it names" {
	tab_prefixed bash
}

@test "zsh: what was typed, quoted or escaped, completes the one object it names" {
	tab_prefixed zsh
}

# bash-completion's _command_offset (sudo, nice...) gives the completion
# the last of COMP_WORDS as $2, not the text readline replaces.
@test "bash: the same after nice, which completes through _command_offset" {
	tab_prefixed bash nice
}

# rm LINE<TAB>, run: exactly that object went, all the others are there.
tab_rm() {
	local -a lines=(
		"shmtool rm '/\$(" 0
		"shmtool rm /\\\\x5c" 7
		"shmtool rm /n" 8
		"shmtool rm /\\\\xf" 10
		"shmtool rm /-" 11
		"shmtool rm /x" 18
	)
	local j i left
	for ((j = 0; j < ${#lines[@]}; j += 2)); do
		tab_case "${lines[j]}"
	done
	run_tabs "$1"
	for ((j = 0; j < ${#lines[@]}; j += 2)); do
		left=''
		for i in "${!HOSTILE[@]}"; do
			((i == lines[j + 1])) || left+="$i "
		done
		[[ ${LEFT[j / 2 + 1]} == "$left" ]] ||
		    ERRORS+=("typed ${lines[j]@Q}, TAB gave ${BUF[j / 2 + 1]@Q}, which left ${LEFT[j / 2 + 1]}, not all but ${lines[j + 1]}")
	done
	refute_pwned
	assert_no_errors
}

@test "bash: rm completed by TAB removes that object and no other" {
	tab_rm bash
}

@test "zsh: rm completed by TAB removes that object and no other" {
	tab_rm zsh
}

# stat LINE<TAB>: the name line shmtool prints (escaped as it shows names).
tab_stat() {
	tab_case "shmtool stat '/\$(t"
	tab_case "shmtool stat /nl"
	tab_case "shmtool stat /-"
	run_tabs "$1"
	assert_equal "$(sed -n 's/^name  *//p' <<<"${OUT[1]}")" '/$(touch${IFS}PWNED)'
	assert_equal "$(sed -n 's/^name  *//p' <<<"${OUT[2]}")" '/nl\x0ax'
	assert_equal "$(sed -n 's/^name  *//p' <<<"${OUT[3]}")" '/-n'
	refute_pwned
	assert_no_errors
}

@test "bash: stat completed by TAB shows the hostile name, not what it would run" {
	tab_stat bash
}

@test "zsh: stat completed by TAB shows the hostile name, not what it would run" {
	tab_stat zsh
}

# file:PATH completes names of files that others may have made too: the
# same quoting, and a backslash before "x" kept as \x5c (shmtool reads \xNN
# in a file: path as a byte: "a\x2f..\x2fb" must not become "a/../b").
tab_files() {
	local dir=$BATS_TEST_TMPDIR/files i
	local -a names=(
		'$(touch${IFS}PWNED)' 'a b' "it's" 'x\x2f..\x2fy' $'nl\nx' $'\xff'
		'-n' '!!'
	)
	mkdir -p "$dir/x" "$dir/x/y"
	for i in "${!names[@]}"; do
		mkdir "$dir/$i"
		printf 'file %s' "$i" >"$dir/$i/${names[i]}"
		tab_case "shmtool read file:$dir/$i/" 0
	done
	# The path as it would be read with \x2f undone.
	printf 'not this one' >"$dir/x/y/..y"
	# A directory with such a name, then a file in it: TAB, TAB.
	i=${#names[@]}
	names+=('d\x2fir/f')
	mkdir -p "$dir/$i/d\x2fir"
	printf 'file %s' "$i" >"$dir/$i/${names[i]}"
	tab_case "shmtool read file:$dir/$i/"$'\t\t' 0
	run_tabs "$1"
	for i in "${!names[@]}"; do
		[[ ${OUT[i + 1]} == "file $i" ]] ||
		    ERRORS+=("typed ${LINE[i + 1]@Q}, TAB gave ${BUF[i + 1]@Q}, which read ${OUT[i + 1]@Q}, not the file ${names[i]@Q}")
	done
	refute_pwned
	assert_no_errors
}

@test "bash: file:PATH completes hostile file names literally and quoted" {
	tab_files bash
}

@test "zsh: file:PATH completes hostile file names literally and quoted" {
	tab_files zsh
}

# shmtool key PATH<TAB> A: the same for a path with no prefix.
tab_key() {
	local dir=$BATS_TEST_TMPDIR/files i
	local -a names=(
		'$(touch${IFS}PWNED)' 'a b' "it's" 'x\x41' $'nl\nx' $'\xff' '-n'
	)
	for i in "${!names[@]}"; do
		mkdir -p "$dir/$i"
		: >"$dir/$i/${names[i]}"
		tab_case "shmtool key $dir/$i/"$'\tA' 0
	done
	run_tabs "$1"
	for i in "${!names[@]}"; do
		[[ ${OUT[i + 1]} == "$(shmtool key "$dir/$i/${names[i]}" A)" ]] ||
		    ERRORS+=("typed ${LINE[i + 1]@Q}, TAB gave ${BUF[i + 1]@Q}, which printed ${OUT[i + 1]@Q}, not the key of ${names[i]@Q}")
	done
	refute_pwned
	assert_no_errors
}

@test "bash: key completes hostile file names literally and quoted" {
	tab_key bash
}

@test "zsh: key completes hostile file names literally and quoted" {
	tab_key zsh
}
