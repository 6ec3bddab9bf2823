#!/usr/bin/env bats
# make install and uninstall into a DESTDIR, and make dist.
load test_helper

setup() {
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	dest=$BATS_TEST_TMPDIR/dest
}

@test "make install puts the binary, links, pages, completions and bats helper under DESTDIR/PREFIX" {
	run make -s -C "$top" O="$SHMTOOL_BUILD" DESTDIR="$dest" PREFIX=/opt/st install
	assert_success
	[ -x "$dest/opt/st/bin/shmtool" ]
	for c in attach create key ls read rm stat write; do
		assert_equal "$(readlink "$dest/opt/st/bin/shmtool-$c")" shmtool
		[ -f "$dest/opt/st/share/man/man1/shmtool-$c.1" ]
	done
	[ -f "$dest/opt/st/share/man/man1/shmtool.1" ]
	[ -f "$dest/opt/st/share/man/man7/shmtool.7" ]
	[ -f "$dest/opt/st/share/bash-completion/completions/shmtool" ]
	[ -f "$dest/opt/st/share/zsh/site-functions/_shmtool" ]
	[ -f "$dest/opt/st/share/shmtool/shmtool.bash" ]
	run "$dest/opt/st/bin/shmtool" --version
	assert_success
	assert_output --regexp '^shmtool [0-9]+\.[0-9]+\.[0-9]+$'
	run "$dest/opt/st/bin/shmtool-key" / 1
	assert_success
	assert_output --regexp '^0x[0-9a-f]{8}$'
}

@test "make uninstall removes everything install put there" {
	make -s -C "$top" O="$SHMTOOL_BUILD" DESTDIR="$dest" PREFIX=/opt/st install >/dev/null
	run make -s -C "$top" O="$SHMTOOL_BUILD" DESTDIR="$dest" PREFIX=/opt/st uninstall
	assert_success
	run find "$dest" -type f -o -type l
	assert_success
	assert_output ""
}

@test "make dist makes a tarball of the committed tree that builds" {
	command -v git >/dev/null && git -C "$top" rev-parse HEAD >/dev/null 2>&1 ||
		skip "not a git checkout"
	git clone -q "$top" "$BATS_TEST_TMPDIR/src"
	run make -s -C "$BATS_TEST_TMPDIR/src" dist
	assert_success
	tarball=$(ls "$BATS_TEST_TMPDIR"/src/shmtool-*.tar.gz)
	tar -xzf "$tarball" -C "$BATS_TEST_TMPDIR"
	run make -s -C "$BATS_TEST_TMPDIR/$(basename "$tarball" .tar.gz)" O=build all
	assert_success
	run "$BATS_TEST_TMPDIR/$(basename "$tarball" .tar.gz)/build/shmtool" --version
	assert_success
	assert_output --regexp '^shmtool '
}
