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

@test "shmtool l<TAB> offers ls" {
	tab "shmtool l"
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
	assert_equal "$(offered)" $'NAME\nNATTCH'
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
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	track "$id" "$NAME"
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
	id=$(shmtool create -s 4K private)
	track "$id"
	tab "shmtool stat "
	offers "$id"
	run offered
	refute_line 0x00000000
}

@test "rm -m <TAB> offers ids and rm -M <TAB> keys" {
	id=$(shmtool create -s 4K "$KEY")
	track "$id"
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

@test "attach SPEC offers --, then completes a command" {
	shmtool create -s 4K "$NAME"
	tab "shmtool attach $NAME "
	assert_equal "$(offered)" "--"
	tab "shmtool attach $NAME -"
	assert_equal "$(offered)" "--"
	tab "shmtool attach --for 1m $NAME -- shmtoo"
	offers shmtool
	tab "shmtool attach file:/etc/hostname -- shmtoo"
	offers shmtool
}

@test "the completion is registered for shmtool and every shmtool-NAME link" {
	assert_equal "$(complete -p | sed -n 's/^complete -F _shmtool //p' | tr ' ' '\n' | sort)" \
	    "$( (echo shmtool; help_commands | sed 's/^/shmtool-/') | sort)"
}

@test "shmtool-NAME completes as shmtool NAME" {
	shmtool create -s 4K "$NAME"
	tab "shmtool-rm --dr"
	assert_equal "$(offered)" "--dry-run"
	tab "shmtool-ls --sort N"
	assert_equal "$(offered)" $'NAME\nNATTCH'
	tab "shmtool-stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "$SHMTOOL_BUILD/shmtool-stat $NAME"
	assert_equal "$(offered)" "$NAME"
}

@test "--ns PID before the command lists that namespace's segments" {
	shmtool create -s 4K "$NAME"
	tab "shmtool --ns $$ stat $NAME"
	assert_equal "$(offered)" "$NAME"
	tab "shmtool --ns $$ rm --dr"
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
	assert_output $'NAME\nNATTCH'
	run zsh_tab "shmtool stat --"
	assert_output "$(help_long_options stat)"
}

@test "zsh: SPECs of segments that exist, ids after rm -m" {
	need_zsh
	id=$(shmtool create -s 4K "$KEY")
	shmtool create -s 4K "$NAME"
	track "$id" "$NAME"
	run zsh_tab "shmtool stat $NAME"
	assert_output "$NAME"
	run zsh_tab "shmtool read -o 1 $KEY"
	assert_output "$KEY"
	run zsh_tab "shmtool rm -m "
	assert_line "$id"
	refute_line --regexp '[^0-9]'
}
