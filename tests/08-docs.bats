#!/usr/bin/env bats
# The documentation against the program: every subcommand `shmtool --help`
# lists has a page man/shmtool-NAME.1.scd; every option `shmtool NAME --help`
# prints is in that page's OPTIONS section, and every option that section
# documents is in --help; every page renders with scdoc, and man(1) reads the
# result without a warning.
load test_helper

MAN_SRC="$BATS_TEST_DIRNAME/../man"

# The subcommands, from the "Commands:" section of shmtool --help.
subcommands() {
	shmtool --help | awk '/^Commands:/ { on = 1; next }
	    on && NF == 0 { exit }
	    on { print $1 }'
}

# The options of a --help text on stdin: the words that start with a dash
# at the head of each option line, before the two spaces that begin its
# description (" -s, --size SIZE   size in..." gives -s and --size).
help_options() {
	grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
	    grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' |
	    sort -u
}

# The options documented in a section of an scdoc page (subsections
# included): the headings that start with a bold dash, such as
# "*-s, --size* _size_" or "*--ns* _pid_, *--ns=*_pid_", placeholders
# left out.
page_options() {
	local page=$1 section=$2
	awk -v want="# $section" '
	    /^# / { on = ($0 == want); next }
	    on && /^\*-/ { print }' "$page" |
	    sed -E 's/_[^_]*_//g' | grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z0-9][A-Za-z0-9-]*' |
	    sed -E 's/^[^-]//' | sort -u
}

# Compare what --help prints with what the page documents; print one line
# for each difference.
compare_options() {
	local what=$1 page=$2 section=$3 help=$4 opt
	local -a in_help in_page
	mapfile -t in_help < <(printf '%s\n' "$help" | help_options)
	mapfile -t in_page < <(page_options "$page" "$section")
	for opt in "${in_help[@]}"; do
		printf '%s\n' "${in_page[@]}" | grep -qxF -- "$opt" ||
		    echo "$what: $opt is in --help but not in ${page##*/} ($section)"
	done
	for opt in "${in_page[@]}"; do
		printf '%s\n' "${in_help[@]}" | grep -qxF -- "$opt" ||
		    echo "$what: $opt is in ${page##*/} ($section) but not in --help"
	done
}

@test "shmtool --help lists the subcommands" {
	run subcommands
	assert_success
	assert_line create
	assert_line ls
	assert_line rm
}

@test "every subcommand has a man page, and every page a subcommand" {
	local -a bad=()
	local cmd page name
	for cmd in $(subcommands); do
		[ -f "$MAN_SRC/shmtool-$cmd.1.scd" ] ||
		    bad+=("$cmd: no man/shmtool-$cmd.1.scd")
	done
	for page in "$MAN_SRC"/shmtool-*.1.scd; do
		[ -e "$page" ] || continue
		name=${page##*/shmtool-}
		name=${name%.1.scd}
		subcommands | grep -qxF -- "$name" ||
		    bad+=("${page##*/}: no subcommand '$name' in shmtool --help")
	done
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "every option of a subcommand's --help is in its man page, and back" {
	local -a bad=()
	local cmd page help
	for cmd in $(subcommands); do
		page=$MAN_SRC/shmtool-$cmd.1.scd
		if [ ! -f "$page" ]; then
			bad+=("$cmd: no man/shmtool-$cmd.1.scd to hold its options")
			continue
		fi
		help=$(shmtool "$cmd" --help) ||
		    { bad+=("$cmd: --help failed"); continue; }
		mapfile -t -O ${#bad[@]} bad < <(compare_options "$cmd" "$page" OPTIONS "$help")
	done
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "the global options of shmtool --help are in shmtool(1), and back" {
	local -a bad=()
	run shmtool --help
	assert_success
	mapfile -t bad < <(compare_options shmtool "$MAN_SRC/shmtool.1.scd" \
	    "GLOBAL OPTIONS" "$output")
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "every subcommand is in the COMMANDS section of shmtool(1)" {
	local -a bad=()
	local cmd
	for cmd in $(subcommands); do
		awk '/^# / { on = ($0 == "# COMMANDS"); next } on' \
		    "$MAN_SRC/shmtool.1.scd" | grep -qxF -- "*$cmd*" ||
		    bad+=("$cmd: not in COMMANDS of shmtool.1.scd")
	done
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "every man page renders with scdoc" {
	local -a bad=()
	local page err
	for page in "$MAN_SRC"/*.scd; do
		err=$(scdoc < "$page" 2>&1 >/dev/null) ||
		    bad+=("${page##*/}: scdoc failed: $err")
	done
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "man reads every page without a warning" {
	command -v man >/dev/null || skip "man is not installed (apt package man-db)"
	local -a bad=()
	local page out err
	for page in "$MAN_SRC"/*.scd; do
		out=$BATS_TEST_TMPDIR/${page##*/}
		out=${out%.scd}
		scdoc < "$page" > "$out" 2>/dev/null || continue
		err=$(MANWIDTH=80 MANPAGER=cat PAGER=cat man --warnings -l "$out" 2>&1 >/dev/null)
		[ -z "$err" ] || bad+=("${page##*/}: $err")
	done
	[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "shmtool(7) says --ns follows no link to a container's /dev/shm, as the code refuses one" {
	page=$BATS_TEST_DIRNAME/../man/shmtool.7.scd
	run grep -c 'follows no symbolic link on the way' "$page"
	assert_output 1
	run grep -c 'link is followed' "$page"
	assert_output 0
	# And the code: 23-ns.bats checks the refusal ("links are not followed").
	run grep -c 'links are not followed' "$page"
	assert_output 1
}
