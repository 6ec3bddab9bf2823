#!/usr/bin/env bats
# The command line as a whole: help, version, unknown commands and options,
# the shmtool-NAME links, exit statuses, write errors on stdout.
load test_helper
load sysv_helper

# The commands `shmtool --help` lists, one a line.
help_commands() {
	shmtool --help | sed -n '/^Commands:$/,/^$/{/^ [a-z]/s/^ \([a-z]*\) .*/\1/p}'
}

@test "shmtool --help shows the usage and every command with its summary" {
	run --separate-stderr shmtool --help
	assert_success
	assert_line "Usage:"
	assert_line " shmtool [--ns PID] COMMAND [options] [SPEC...]"
	assert_line --regexp '^ create +create segments$'
	assert_line --regexp '^ key +print the SysV key ftok\(3\) makes of PATH and PROJ$'
	assert_line --regexp '^ ls +list segments of both kinds$'
	assert_line --regexp '^ rm +remove segments$'
	assert_line --regexp '^ stat +show everything about segments$'
	assert_equal "$stderr" ""
}

@test "shmtool -h is --help" {
	run shmtool -h
	assert_success
	assert_output "$(shmtool --help)"
}

@test "shmtool --version prints the Makefile's VERSION" {
	version=$(sed -n 's/^VERSION *= *//p' "$BATS_TEST_DIRNAME/../Makefile")
	run --separate-stderr shmtool --version
	assert_success
	assert_output "shmtool $version"
	assert_equal "$stderr" ""
}

@test "shmtool -V is --version" {
	run shmtool -V
	assert_success
	assert_output "$(shmtool --version)"
}

@test "shmtool without a command is a usage error" {
	run --separate-stderr shmtool
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: no command given (see shmtool --help)"
	assert_output ""
}

@test "an unknown command is a usage error" {
	run --separate-stderr shmtool frobnicate
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: unknown command 'frobnicate' (see shmtool --help)"
	assert_output ""
}

@test "an unknown global option is a usage error" {
	run --separate-stderr shmtool --bogus ls
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: unknown option '--bogus' (see shmtool --help)"
	assert_output ""
}

@test "--ns with something that is no pid is a usage error" {
	run --separate-stderr shmtool --ns abc ls
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: --ns abc: not a process id"
}

@test "every command has --help: usage line, summary, options, man page" {
	for cmd in $(help_commands); do
		run --separate-stderr shmtool "$cmd" --help
		assert_success
		assert_equal "${lines[0]}" "Usage:"
		assert_regex "${lines[1]}" "^ shmtool $cmd( |\$)"
		assert_line " -h, --help               display this help"
		assert_line "For more details see shmtool-$cmd(1)."
		assert_equal "$stderr" ""
	done
}

@test "every command takes -h for --help" {
	for cmd in $(help_commands); do
		run shmtool "$cmd" -h
		assert_success
		assert_output "$(shmtool "$cmd" --help)"
	done
}

@test "every command refuses an unknown long option with exit 2" {
	for cmd in $(help_commands); do
		run --separate-stderr shmtool "$cmd" --bogus
		assert_equal "$status" 2
		assert_equal "$stderr" "shmtool: $cmd: unknown option '--bogus' (see shmtool $cmd --help)"
		assert_output ""
	done
}

@test "every command refuses an unknown short option with exit 2" {
	for cmd in $(help_commands); do
		run --separate-stderr shmtool "$cmd" -Z
		assert_equal "$status" 2
		assert_equal "$stderr" "shmtool: $cmd: unknown option '-Z' (see shmtool $cmd --help)"
	done
}

@test "every command has a shmtool-NAME link in the build that runs it" {
	for cmd in $(help_commands); do
		[ -L "$SHMTOOL_BUILD/shmtool-$cmd" ] || fail "no $SHMTOOL_BUILD/shmtool-$cmd"
		run "$SHMTOOL_BUILD/shmtool-$cmd" --help
		assert_success
		assert_output "$(shmtool "$cmd" --help)"
	done
}

@test "every shmtool-NAME link in the build names a command" {
	commands=" $(help_commands | tr '\n' ' ') "
	for link in "$SHMTOOL_BUILD"/shmtool-*; do
		name=${link##*/shmtool-}
		[[ $commands == *" $name "* ]] || fail "$link: no command '$name' (commands:$commands)"
	done
}

@test "shmtool-create works as shmtool create" {
	run --separate-stderr "$SHMTOOL_BUILD/shmtool-create" -s 4K "$KEY"
	assert_success
	assert_output "$(shmclient id "$KEY")"
}

@test "a link's messages name its command" {
	run --separate-stderr "$SHMTOOL_BUILD/shmtool-create" -s 0 "$KEY"
	assert_usage "-s 0: size must be at least 1 byte"
	assert_no_key "$KEY"
}

@test "shmtool-key works as shmtool key" {
	run "$SHMTOOL_BUILD/shmtool-key" "$BATS_TEST_TMPDIR" A
	assert_success
	assert_output "$(shmclient ftok "$BATS_TEST_TMPDIR" 65)"
}

@test "a shmtool-NAME link of no command is a usage error" {
	ln -s "$SHMTOOL_BUILD/shmtool" "$BATS_TEST_TMPDIR/shmtool-bogus"
	run --separate-stderr "$BATS_TEST_TMPDIR/shmtool-bogus"
	assert_equal "$status" 2
	assert_equal "$stderr" "shmtool: unknown command 'bogus'"
}

@test "a write error on stdout fails with exit 1" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	run --separate-stderr bash -c 'shmtool ls --sysv > /dev/full'
	assert_equal "$status" 1
	assert_equal "$stderr" "shmtool: ls: write error: no space left on device"
}

@test "a write error on stdout fails --version too" {
	run --separate-stderr bash -c 'shmtool --version > /dev/full'
	assert_equal "$status" 1
	assert_regex "$stderr" '^shmtool: write error: '
	assert_output ""
}

@test "a write error fails create with exit 1" {
	run --separate-stderr bash -c "shmtool create -s 4K $KEY > /dev/full"
	assert_equal "$status" 1
	assert_regex "$stderr" '^shmtool: create: write error: '
	assert_output ""
}

@test "exit statuses: 0 success, 1 failure, 2 usage" {
	run shmtool create -s 4K "$KEY"
	assert_equal "$status" 0
	run shmtool create -s 4K "$KEY"
	assert_equal "$status" 1
	run shmtool create -s 4K
	assert_equal "$status" 2
}
