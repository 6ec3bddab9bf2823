#!/usr/bin/env bats
# POSIX named semaphores: glibc keeps sem_open's semaphores in /dev/shm as
# sem.NAME, and they leak as segments do.  ls lists them as TYPE sem with
# their value, stat shows them, rm and its filters remove them.  The C
# client makes them with sem_open, as a program would.
load test_helper
load sysv_helper
load ns_helper

@test "ls lists named semaphores as TYPE sem with their value; --sem alone, --posix leaves them out" {
	need_sandbox
	run sandbox '
		shmclient semcreate /a 3
		shmclient semcreate /b 0
		shmclient pcreate /obj 100 600 >/dev/null
		show shmtool ls -r --noheadings -o TYPE,NAME,VALUE,SIZE --sort NAME
		show shmtool ls --sem -r -o NAME,VALUE --sort NAME
		show shmtool ls --posix -r --noheadings -o NAME
	'
	assert_success
	assert_output 'posix /obj - 100B
sem /sem.a 3 32B
sem /sem.b 0 32B
rc=0
NAME VALUE
/sem.a 3
/sem.b 0
rc=0
/obj
rc=0'
}

@test "stat /sem.NAME shows type sem and the value sem_getvalue gives, in JSON too" {
	sem=/sem.${NAME#/}
	plant "/dev/shm/${sem#/}"
	shmclient semcreate "$NAME" 7
	run --separate-stderr shmtool stat "$sem"
	assert_success
	assert_line "type     sem"
	assert_line "name     $sem"
	assert_line "size     32"
	assert_line "value    7"
	run --separate-stderr shmtool stat -J "$sem"
	assert_output --partial '"type": "sem",'
	assert_output --partial '"value": 7,'
	# An object has no value line, and null in JSON.
	shmclient pcreate "$NAME2" 100 600 >/dev/null
	run --separate-stderr shmtool stat "$NAME2"
	refute_line --regexp '^value '
}

@test "rm --orphaned --sem removes an unheld semaphore and keeps the one a process has open" {
	need_sandbox
	run sandbox '
		shmclient semcreate /free 1
		shmclient semcreate /held 1
		shmclient semhold /held 600 >"$T/h" &
		wait_line "$T/h" opened
		shmclient pcreate /obj 100 600 >/dev/null
		show shmtool rm -v --orphaned --contained --sem
		ls /dev/shm
	'
	assert_success
	assert_output 'removed sem /sem.free (32B, root)
rc=0
obj
sem.held'
}

@test "create, write and truncate refuse a semaphore's name, and change nothing" {
	sem=/sem.${NAME#/}
	plant "/dev/shm/${sem#/}"
	shmclient semcreate "$NAME" 2
	cp "/dev/shm/${sem#/}" "$BATS_TEST_TMPDIR/before"
	why="names beginning with sem. are POSIX semaphores' (sem_overview(7))"
	run --separate-stderr shmtool create -s 4K "$sem"
	assert_usage "$sem: $why"
	run --separate-stderr bash -c 'printf x | "$@"' _ "$SHMTOOL_BUILD/shmtool" write "$sem"
	assert_usage "$sem: $why"
	run --separate-stderr shmtool truncate -s 0 "$sem"
	assert_usage "$sem: $why"
	cmp "$BATS_TEST_TMPDIR/before" "/dev/shm/${sem#/}"
}
