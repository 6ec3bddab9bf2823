#!/usr/bin/env bats
# Unit tests of lib/ built by the Makefile as $O/tests/unit-NAME: each
# prints one line per failed row of its table and exits 1 if any failed.
load test_helper

@test "the parsers of lib/spec.h pass every row of their table" {
	[ -x "$SHMTOOL_BUILD/tests/unit-spec" ] || fail "$SHMTOOL_BUILD/tests/unit-spec is not built (run make)"
	run "$SHMTOOL_BUILD/tests/unit-spec"
	assert_success
	assert_output ""
}
