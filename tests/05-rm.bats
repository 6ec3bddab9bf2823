#!/usr/bin/env bats
# shmtool rm: IPC_RMID and shm_unlink.  --all and filters without a SPEC
# run only in a private IPC and mount namespace (in_ns), where they cannot
# reach a segment these tests did not make.
load test_helper
load sysv_helper

# --- by SPEC -----------------------------------------------------------------

@test "rm KEY removes the segment, silently" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool rm "$KEY"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	assert_gone "$id"
}

@test "rm ID removes the segment with that shmid" {
	id=$(shmclient create private 4096 0600)
	track "$id"
	run shmtool rm "$id"
	assert_success
	assert_gone "$id"
}

@test "rm key:N, id:N and ftok:PATH:PROJ each remove their segment" {
	a=$(shmclient create "$KEY" 4096 0600)
	b=$(shmclient create "$KEY2" 4096 0600)
	key=$(shmclient ftok "$BATS_TEST_TMPDIR" 65)
	c=$(shmclient create "$key" 4096 0600)
	track "$c"
	run shmtool rm "key:$((KEY))" "id:$b" "ftok:$BATS_TEST_TMPDIR:A"
	assert_success
	assert_gone "$a"
	assert_gone "$b"
	assert_gone "$c"
}

@test "rm -m ID and -M KEY work as in ipcrm" {
	a=$(shmclient create "$KEY" 4096 0600)
	b=$(shmclient create "$KEY2" 4096 0600)
	run shmtool rm -m "$a" -M "$KEY2"
	assert_success
	assert_gone "$a"
	assert_gone "$b"
}

@test "rm -v prints what it removed" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool rm -v "$KEY"
	assert_success
	assert_output "removed sysv $KEY (id $id, 4.0K, root)"
	assert_gone "$id"
}

@test "rm -v of a private segment names it by id" {
	id=$(shmclient create private 8192 0600)
	track "$id"
	run shmtool rm --verbose "$id"
	assert_success
	assert_output "removed sysv id $id (8.0K, root)"
	assert_gone "$id"
}

@test "rm -v and rm -n name a key with its top bit set as ipcs does" {
	id=$(shmclient create "$KEY_HIGH" 4096 0600)
	assert_equal "$(ipcs -m | awk -v id="$id" '$2 == id { print $1 }')" "$KEY_HIGH"
	run --separate-stderr shmtool rm -n "$id"
	assert_success
	assert_output "would remove sysv $KEY_HIGH (id $id, 4.0K, root)"
	assert_exists "$id"
	run --separate-stderr shmtool rm -v "$KEY_HIGH"
	assert_success
	assert_output "removed sysv $KEY_HIGH (id $id, 4.0K, root)"
	assert_equal "$stderr" ""
	assert_gone "$id"
}

@test "rm -n prints what it would remove and removes nothing" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool rm -n "$KEY"
	assert_success
	assert_output "would remove sysv $KEY (id $id, 4.0K, root)"
	assert_exists "$id"
}

@test "rm --dry-run is -n" {
	id=$(shmclient create "$KEY" 1048576 0600)
	run shmtool rm --dry-run -m "$id"
	assert_success
	assert_output "would remove sysv $KEY (id $id, 1.0M, root)"
	assert_exists "$id"
}

@test "rm of a missing key fails with exit 1" {
	run --separate-stderr shmtool rm "$KEY"
	assert_fail "$KEY: no such segment"
	assert_output ""
}

@test "rm of a missing id fails with exit 1" {
	id=$(shmclient create private 4096 0600)
	shmclient rm "$id"
	run --separate-stderr shmtool rm "$id"
	assert_fail "$id: no such segment"
}

@test "rm -M of a missing key fails with exit 1" {
	run --separate-stderr shmtool rm -M "$KEY"
	assert_fail "$KEY: no such segment"
}

@test "rm goes on after a SPEC that fails and exits 1" {
	a=$(shmclient create "$KEY" 4096 0600)
	c=$(shmclient create "$KEY3" 4096 0600)
	run --separate-stderr shmtool rm -v "$KEY" "$KEY2" "$KEY3"
	assert_fail "$KEY2: no such segment"
	assert_output "removed sysv $KEY (id $a, 4.0K, root)"$'\n'"removed sysv $KEY3 (id $c, 4.0K, root)"
	assert_gone "$a"
	assert_gone "$c"
}

@test "rm parses every SPEC first: a bad one among good ones removes nothing" {
	a=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool rm "$KEY" bogus
	assert_equal "$status" 2
	assert_exists "$a"
}

@test "rm 0x0 is refused" {
	run --separate-stderr shmtool rm 0x0
	assert_usage "0x0: key 0 is IPC_PRIVATE and names no one segment; use its id"
}

@test "rm -M 0x0 is refused" {
	run --separate-stderr shmtool rm -M 0x0
	assert_usage "-M 0x0: key 0 is IPC_PRIVATE and names no one segment; use its id"
}

@test "rm -m of a word that is no id is refused" {
	run --separate-stderr shmtool rm -m abc
	assert_usage "-m abc: not a number"
}

@test "rm private is refused" {
	run --separate-stderr shmtool rm private
	assert_usage "private: private segments cannot be used with rm"
}

@test "rm with nothing to remove is refused" {
	need_ns
	# In a namespace of its own: were it not refused, it would remove all.
	run --separate-stderr in_ns 'shmtool rm'
	assert_usage "nothing to remove: give a SPEC, a filter or --all"
}

@test "rm with an unknown option is refused" {
	id=$(shmclient create "$KEY" 4096 0600)
	run --separate-stderr shmtool rm --bogus "$KEY"
	assert_usage "unknown option '--bogus' (see shmtool rm --help)"
	assert_exists "$id"
}

# --- attached segments -------------------------------------------------------

@test "rm of an attached segment succeeds and says it goes at the last detach" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	run --separate-stderr shmtool rm "$KEY"
	assert_success
	assert_equal "$stderr" "shmtool: rm: $KEY: still attached by 1 process; it goes when the last detaches"
	run -0 shmclient stat "$id"
	assert_success
	assert_output --regexp "^key=0x00000000 id=$id .* mode=1600 .* nattch=1 "
}

@test "a removed, attached segment shows key 0 and dest in ls and ipcs" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	shmtool rm "$KEY" 2>/dev/null
	run shmtool ls --sysv --raw -o KEY,ID,STATUS
	assert_success
	assert_line "0x00000000 $id dest"
	run ipcs -m
	assert_success
	assert_line --regexp "^0x00000000 $id +root +600 +4096 +1 +dest *\$"
}

@test "a removed, attached segment can still be named by id, and goes at its last detach" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	shmtool rm "$KEY" 2>/dev/null
	run --separate-stderr shmtool rm -v "$id"
	assert_success
	assert_output "removed sysv id $id (4.0K, root)"
	assert_exists "$id"
	stop_holder "$HOLDER"
	assert_gone "$id"
}

@test "rm of a segment attached by two says 2 processes" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	start_holder "$id"
	run --separate-stderr shmtool rm "$id"
	assert_success
	assert_equal "$stderr" "shmtool: rm: $id: still attached by 2 processes; it goes when the last detaches"
}

# --- permissions -------------------------------------------------------------

@test "rm as nobody of root's 0600 segment, by key and by id: permission denied, exit 1, still there" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0600)
	for spec in "$KEY" "$id"; do
		run --separate-stderr shmtool_nobody rm "$spec"
		assert_fail "$spec: permission denied"
		assert_equal "$output" ""
		assert_exists "$id"
	done
}

@test "rm as nobody of root's 0666 segment: permission denied, still there" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0666)
	run --separate-stderr shmtool_nobody rm "$KEY"
	assert_fail "$KEY: permission denied"
	assert_exists "$id"
}

@test "rm as nobody of nobody's own segment works" {
	need_nobody
	id=$(as_nobody shmclient create "$KEY" 4096 0600)
	run shmtool_nobody rm -v "$KEY"
	assert_success
	assert_output "removed sysv $KEY (id $id, 4.0K, nobody)"
	assert_gone "$id"
}

# --- POSIX and interop -------------------------------------------------------

@test "rm /name unlinks the POSIX object" {
	shmclient pcreate "$NAME" 4096 0600 >/dev/null
	run shmtool rm -v "$NAME"
	assert_success
	assert_output "removed posix $NAME (4.0K, root)"
	[ ! -e "/dev/shm/${NAME#/}" ]
}

@test "rm of a missing /name fails with exit 1" {
	run --separate-stderr shmtool rm "$NAME"
	assert_fail "$NAME: no such segment"
}

@test "a segment created by the C client is listed, stat'ed and removed by shmtool" {
	id=$(shmclient create "$KEY" 4096 0600)
	run shmtool ls --sysv --noheadings -o KEY,ID --raw
	assert_success
	assert_line "$KEY $id"
	run shmtool stat -e "$KEY"
	assert_success
	assert_output --partial "KEY=\"$KEY\" ID=\"$id\""
	run shmtool rm "$KEY"
	assert_success
	assert_gone "$id"
}

# --- --all and filters, in a private namespace -------------------------------

@test "rm --all removes every segment of both kinds" {
	need_ns
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 private /a > /dev/null
		shmtool rm --all -v
		echo "status $?"
		ipcs -m | grep -c "^0x" ; ls -A /dev/shm | wc -l'
	assert_success
	assert_output - <<-EOF
	removed sysv 0x00001234 (id 0, 4.0K, root)
	removed sysv id 1 (4.0K, root)
	removed posix /a (4.0K, root)
	status 0
	0
	0
	EOF
}

@test "rm -a is --all" {
	need_ns
	run in_ns '
		shmtool create -s 4K 0x1234 /a > /dev/null
		shmtool rm -a; echo "status $?"
		ipcs -m | grep -c "^0x" ; ls -A /dev/shm | wc -l'
	assert_success
	assert_output $'status 0\n0\n0'
}

@test "rm --all -n removes nothing" {
	need_ns
	run in_ns '
		shmtool create -s 4K 0x1234 /a > /dev/null
		shmtool rm --all -n; echo "status $?"
		ipcs -m | grep -c "^0x00001234"; ls -A /dev/shm'
	assert_success
	assert_output - <<-EOF
	would remove sysv 0x00001234 (id 0, 4.0K, root)
	would remove posix /a (4.0K, root)
	status 0
	1
	a
	EOF
}

@test "rm --sysv removes only SysV segments" {
	need_ns
	run in_ns '
		shmtool create -s 4K 0x1234 /a > /dev/null
		shmtool rm --sysv -v; echo "status $?"
		ipcs -m | grep -c "^0x"; ls -A /dev/shm'
	assert_success
	assert_output $'removed sysv 0x00001234 (id 0, 4.0K, root)\nstatus 0\n0\na'
}

@test "rm --posix removes only POSIX objects" {
	need_ns
	run in_ns '
		shmtool create -s 4K 0x1234 /a > /dev/null
		shmtool rm --posix -v; echo "status $?"
		ipcs -m | grep -c "^0x00001234"; ls -A /dev/shm | wc -l'
	assert_success
	assert_output $'removed posix /a (4.0K, root)\nstatus 0\n1\n0'
}

@test "rm --user removes only that user's segments" {
	need_ns
	need_nobody
	run in_ns '
		shmtool create -s 4K 0x1234 > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" create -s 4K 0x5678 /n > /dev/null
		shmtool rm --user nobody -v; echo "status $?"
		ipcs -m | grep -c "^0x00001234"; ipcs -m | grep -c "^0x00005678"
		ls -A /dev/shm | wc -l'
	assert_success
	assert_output - <<-EOF
	removed sysv 0x00005678 (id 1, 4.0K, nobody)
	removed posix /n (4.0K, nobody)
	status 0
	1
	0
	0
	EOF
}

@test "rm --sysv --user combines the filters" {
	need_ns
	need_nobody
	run in_ns '
		shmtool create -s 4K 0x1234 > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" create -s 4K 0x5678 /n > /dev/null
		shmtool rm --sysv --user nobody -v; echo "status $?"
		ipcs -m | grep -c "^0x"; ls -A /dev/shm'
	assert_success
	assert_output $'removed sysv 0x00005678 (id 1, 4.0K, nobody)\nstatus 0\n1\nn'
}

@test "rm --sysv as nobody removes its own and skips, saying so, what it may not remove" {
	need_ns
	need_nobody
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" create -s 4K 0x5678 > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" rm --sysv -v; echo "status $?"
		ipcs -m | grep -c "^0x00001234"; ipcs -m | grep -c "^0x00005678"; :'
	assert_success
	assert_output $'removed sysv 0x00005678 (id 1, 4.0K, nobody)\nstatus 0\n1\n0'
	assert_equal "$stderr" "shmtool: rm: skipped 1 segment you may not remove"
}

@test "rm -n --all as nobody lists only what nobody may remove, and says how many it skips" {
	need_ns
	need_nobody
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 /r > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" create -s 4K 0x5678 /n > /dev/null
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$SHMTOOL_BUILD/shmtool" rm -n --all; echo "status $?"
		ipcs -m | grep -c "^0x"; ls -A /dev/shm | xargs'
	assert_success
	assert_output - <<-EOF
	would remove sysv 0x00005678 (id 1, 4.0K, nobody)
	would remove posix /n (4.0K, nobody)
	status 0
	2
	n r
	EOF
	assert_equal "$stderr" "shmtool: rm: skipped 2 segments you may not remove"
}

@test "rm --all leaves out segments already removed and waiting for a detach" {
	need_ns
	run --separate-stderr in_ns '
		id=$(shmtool create -s 4K 0x1234)
		f=$(mktemp)
		{ exec shmclient hold "$id" 0 > "$f" 3>&-; } &
		h=$!
		wait_for "the holder to attach" grep -qx attached "$f" || exit 98
		rm -f "$f"
		shmtool rm "$id" 2>/dev/null
		shmtool create -s 4K 0x5678 > /dev/null
		shmtool rm --all -v; echo "status $?"
		kill $h; wait $h; :'
	assert_success
	assert_output $'removed sysv 0x00005678 (id 1, 4.0K, root)\nstatus 0'
	assert_equal "$stderr" ""
}

@test "rm --all with a SPEC is refused, and removes nothing" {
	need_ns
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 0x5678 > /dev/null
		shmtool rm --all 0x1234; echo "status $?"
		ipcs -m | grep -c "^0x"'
	assert_success
	assert_output $'status 2\n2'
	assert_equal "$stderr" "shmtool: rm: give SPECs or --all and filters, not both"
}

@test "rm --sysv with a SPEC is refused, and removes nothing" {
	need_ns
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 0x5678 > /dev/null
		shmtool rm --sysv -M 0x1234; echo "status $?"
		ipcs -m | grep -c "^0x"'
	assert_success
	assert_output $'status 2\n2'
	assert_equal "$stderr" "shmtool: rm: give SPECs or --all and filters, not both"
}

@test "rm --user of an unknown user is refused" {
	need_ns
	# In a namespace of its own: were it not refused, it would remove.
	run --separate-stderr in_ns 'shmtool rm --user no-such-user-here'
	assert_usage "--user no-such-user-here: no such user"
}
