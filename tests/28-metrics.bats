#!/usr/bin/env bats
# ls --metrics: the Prometheus text format, checked by promtool (Debian's
# prometheus package), with exact figures from a private namespace.
load test_helper
load sysv_helper
load ns_helper

need_promtool() {
	if ! command -v promtool >/dev/null; then
		# CI installs it (make deps): there, its absence is a failure.
		[ -z "${CI:-}" ] || fail "promtool is missing (make deps installs prometheus)"
		skip "promtool is missing (Debian package prometheus)"
	fi
}

# Two SysV segments (one orphaned, one held), a POSIX object of root's with
# a hostile name, one of nobody's; then the metrics, and promtool on them.
metrics_sandbox='
	shmclient create 0x1234 4096 600 >/dev/null
	held=$(shmclient create 0x1235 8192 600)
	shmclient hold "$held" 600 >/dev/null &
	wait_for "the holder" sh -c "shmclient stat $held | grep -q nattch=1"
	shmclient pcreate "$(printf "/bad\"name\\\\x\nline\377")" 100 600 >/dev/null
	as_nobody "$SHMTOOL_BUILD/tests/shmclient" pcreate /theirs 300 600 >/dev/null
	shmtool ls --metrics --metrics-per-segment --contained >"$T/m.prom"
	echo "rc=$?"
	promtool check metrics <"$T/m.prom" && echo promtool ok
'

@test "ls --metrics: promtool accepts it, hostile names among the labels, and the sums are exact" {
	need_sandbox
	need_promtool
	need_nobody
	run sandbox "$metrics_sandbox"
	assert_success
	assert_output "rc=0
promtool ok"
	run grep -E '^shmtool_(segments|size_bytes|orphaned_segments|orphaned_bytes)\{' "$BATS_TEST_TMPDIR/m.prom"
	assert_output 'shmtool_segments{type="sysv",owner="root"} 2
shmtool_segments{type="posix",owner="nobody"} 1
shmtool_segments{type="posix",owner="root"} 1
shmtool_size_bytes{type="sysv",owner="root"} 12288
shmtool_size_bytes{type="posix",owner="nobody"} 300
shmtool_size_bytes{type="posix",owner="root"} 100
shmtool_orphaned_segments{type="sysv",owner="root"} 1
shmtool_orphaned_segments{type="posix",owner="nobody"} 1
shmtool_orphaned_segments{type="posix",owner="root"} 1
shmtool_orphaned_bytes{type="sysv",owner="root"} 4096
shmtool_orphaned_bytes{type="posix",owner="nobody"} 300
shmtool_orphaned_bytes{type="posix",owner="root"} 100'
	# The hostile name: one line, its bytes as ls shows them (\xNN for
	# what is not UTF-8, \x5c for a backslash before x), then the format's
	# escapes for backslash, quote and newline.
	run grep -F 'shmtool_segment_size_bytes{type="posix",name="/bad' "$BATS_TEST_TMPDIR/m.prom"
	assert_output 'shmtool_segment_size_bytes{type="posix",name="/bad\"name\\x5cx\nline\\xff",owner="root"} 100'
	run grep -E '^shmtool_segment_orphaned\{type="sysv"' "$BATS_TEST_TMPDIR/m.prom"
	assert_output 'shmtool_segment_orphaned{type="sysv",key="0x00001234",id="0",owner="root"} 1
shmtool_segment_orphaned{type="sysv",key="0x00001235",id="1",owner="root"} 0'
}

@test "ls --metrics: the limits and /dev/shm, in bytes, as the kernel and statvfs say" {
	need_promtool
	run --separate-stderr shmtool ls --metrics --sysv
	assert_success
	assert_line "shmtool_sysv_segments_limit $(cat /proc/sys/kernel/shmmni)"
	assert_line "shmtool_devshm_size_bytes $(($(stat -f -c '%b * %S' /dev/shm)))"
	assert_line "# TYPE shmtool_sysv_memory_used_bytes gauge"
	# A filter leaves out the other kind; no per-segment series unless asked.
	refute_output --partial 'type="posix"'
	refute_output --partial 'shmtool_segment_'
	promtool check metrics <<<"$output"
}

@test "ls --metrics --metrics-file writes the file whole, mode 0644, and leaves no temporary file" {
	need_promtool
	dir=$BATS_TEST_TMPDIR/textfile
	mkdir "$dir"
	echo stale >"$dir/shm.prom"
	run --separate-stderr shmtool ls --metrics --sysv --metrics-file "$dir/shm.prom"
	assert_success
	assert_output ""
	assert_equal "$(ls "$dir")" shm.prom
	assert_equal "$(stat -c %a "$dir/shm.prom")" 644
	promtool check metrics <"$dir/shm.prom"
	grep -q '^shmtool_sysv_segments_limit ' "$dir/shm.prom"
}

@test "ls --metrics-file into a missing directory fails with exit 1 and writes nothing" {
	run --separate-stderr shmtool ls --metrics --metrics-file "$BATS_TEST_TMPDIR/none/shm.prom"
	assert_fail "--metrics-file $BATS_TEST_TMPDIR/none/shm.prom: no such file or directory"
	assert_output ""
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "ls --metrics options out of place are usage errors" {
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr shmtool ls --metrics-per-segment
	assert_usage "--metrics-per-segment is for --metrics"
	run --separate-stderr shmtool ls --metrics-file x.prom
	assert_usage "--metrics-file is for --metrics"
	run --separate-stderr shmtool ls --metrics -J
	assert_usage "--metrics and --json are mutually exclusive"
	run --separate-stderr shmtool ls --metrics -o KEY
	assert_usage "--metrics takes none of -o, --sort and --global"
	[ ! -e x.prom ]
}

# A "container" (its own IPC namespace and a 1 MiB tmpfs on /dev/shm) beside
# the sandbox's own: the same key in both, a POSIX object in the container.
metrics_allns_sandbox='
	shmclient create 0x1234 4096 600 >/dev/null
	unshare --ipc --mount sh -c "mount -t tmpfs -o size=1m tmpfs /dev/shm &&
	    \"\$1\" create 0x1234 8192 600 >/dev/null &&
	    \"\$1\" pcreate /c 100 600 >/dev/null && touch \"\$2\" && exec sleep 600" \
	    sh "$SHMTOOL_BUILD/tests/shmclient" "$T/ready" &
	C=$!
	wait_for "the container" test -e "$T/ready"
	echo "host=$(stat -L -c %i /proc/self/ns/ipc) container=$(stat -L -c %i /proc/$C/ns/ipc)"
	shmtool ls --all-ns --metrics >"$T/m.prom"
	echo "rc=$?"
	promtool check metrics <"$T/m.prom" && echo promtool ok
'

@test "ls --all-ns --metrics: each namespace its own series, labelled ns, its own limits; promtool accepts it" {
	need_sandbox
	need_promtool
	run sandbox "$metrics_allns_sandbox"
	assert_success
	assert_line "rc=0"
	assert_line "promtool ok"
	host=$(sed -n 's/^host=\([0-9]*\) .*/\1/p' <<<"$output")
	cont=$(sed -n 's/.* container=\([0-9]*\)$/\1/p' <<<"$output")
	[ -n "$host" ] && [ -n "$cont" ] && [ "$host" != "$cont" ]
	run grep -E '^shmtool_(segments|size_bytes|devshm_size_bytes)\{' "$BATS_TEST_TMPDIR/m.prom"
	assert_output "shmtool_segments{ns=\"$host\",type=\"sysv\",owner=\"root\"} 1
shmtool_segments{ns=\"$cont\",type=\"sysv\",owner=\"root\"} 1
shmtool_segments{ns=\"$cont\",type=\"posix\",owner=\"root\"} 1
shmtool_size_bytes{ns=\"$host\",type=\"sysv\",owner=\"root\"} 4096
shmtool_size_bytes{ns=\"$cont\",type=\"sysv\",owner=\"root\"} 8192
shmtool_size_bytes{ns=\"$cont\",type=\"posix\",owner=\"root\"} 100
shmtool_devshm_size_bytes{ns=\"$host\"} 67108864
shmtool_devshm_size_bytes{ns=\"$cont\"} 1048576"
}
