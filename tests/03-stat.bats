#!/usr/bin/env bats
# shmtool stat: every field of IPC_STAT, checked against the C client.
load test_helper
load sysv_helper
load ns_helper

# rw-r----- from an octal mode.
perms_of() {
	local m=$((8#$1)) i s="" rwx=rwxrwxrwx
	for ((i = 0; i < 9; i++)); do
		if (( m & (0400 >> i) )); then s+=${rwx:i:1}; else s+=-; fi
	done
	echo "$s"
}

name_of() { getent "$1" "$2" | cut -d: -f1; }

# Leave the "holders" line (who maps the segment, from a /proc scan that
# depends on the machine) out of $output; tests that want it check it.
drop_holders() {
	output=$(grep -v '^holders  ' <<<"$output" || :)
}

# What `shmtool stat ID` should print, from what the kernel tells the C
# client; $2 is the creator's command line if it still runs.
expected_stat() {
	local key id uid gid cuid cgid mode size nattch cpid lpid atime dtime ctime
	# shellcheck disable=SC2046
	local $(shmclient stat "$1")
	local status=- rss swap pagesize=-
	# The page size shows through an attached process's mapping only.
	((nattch > 0)) && pagesize=$(getconf PAGESIZE)
	(( 8#$mode & 01000 )) && status=dest
	# The kernel's resident and swapped bytes, its last two columns.
	read -r rss swap < <(awk -v id="$id" '$2 == id { print $15, $16 }' /proc/sysvipc/shm)
	printf '%-8s %s\n' type sysv key "$key" id "$id" \
	    perms "$(perms_of "$mode")" mode "$(printf %04o $((8#$mode & 0777)))" \
	    uid "$uid" user "$(name_of passwd "$uid")" \
	    gid "$gid" group "$(name_of group "$gid")" \
	    cuid "$cuid" cuser "$(name_of passwd "$cuid")" \
	    cgid "$cgid" cgroup "$(name_of group "$cgid")" \
	    size "$size" pagesize "$pagesize" rss "$rss" swap "$swap" \
	    nattch "$nattch" status "$status" \
	    cpid "$cpid" lpid "$lpid" command "${2:--}" \
	    attach "$(iso_time "$atime")" detach "$(iso_time "$dtime")" \
	    ctime "$(iso_time "$ctime")"
}

@test "stat KEY shows every IPC_STAT field, one 'field value' a line" {
	id=$(shmclient create "$KEY" 4096 0640)
	run --separate-stderr shmtool stat "$KEY"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	assert_equal "$stderr" ""
}

@test "stat shows nattch, lpid and the attach time of an attached segment" {
	id=$(shmclient create "$KEY" 8192 0600)
	start_holder "$id"
	run shmtool stat "$id"
	assert_line "holders  $HOLDER (shmclient hold $id 0)"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	assert_line "nattch   1"
	assert_line "lpid     $HOLDER"
}

@test "stat shows the detach time once the last process detached" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient read "$id" >/dev/null
	run shmtool stat "$id"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	refute_line "detach   -"
}

@test "stat shows the creator's group apart from its user" {
	need_nobody
	id=$(setpriv --reuid=nobody --regid=daemon --clear-groups shmclient create "$KEY" 4096 0644)
	run shmtool stat "$KEY"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	assert_line "cuid     65534"
	assert_line "cgid     $(getent group daemon | cut -d: -f3)"
	assert_line "cgroup   daemon"
}

@test "stat shows the creator's command while the creator runs" {
	create_alive "$KEY" 4096 0600
	id=$(shmclient id "$KEY")
	run shmtool stat "$KEY"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id" "shmclient create $KEY 4096 0600")"
	assert_line "cpid     $CREATOR"
}

@test "stat shows no command once the creator has exited" {
	create_alive "$KEY" 4096 0600
	stop_holder "$CREATOR"
	run shmtool stat "$KEY"
	drop_holders
	assert_success
	assert_line "cpid     $CREATOR"
	assert_line "command  -"
}

@test "stat of a removed, still attached segment shows key 0 and status dest" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	shmclient rm "$id"
	run shmtool stat "$id"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	assert_line "key      0x00000000"
	assert_line "status   dest"
}

@test "stat of a private segment shows key 0x00000000" {
	id=$(shmclient create private 4096 0600)
	track "$id"
	run shmtool stat "$id"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
}

@test "stat of a key with its top bit set shows it as the kernel holds it" {
	id=$(shmclient create "$KEY_HIGH" 4096 0600)
	assert_equal "$(field "$id" key)" "$KEY_HIGH"
	run --separate-stderr shmtool stat "$KEY_HIGH"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
	assert_line "key      $KEY_HIGH"
	run shmtool stat --json "$id"
	assert_success
	assert_line --partial "\"key\": \"$KEY_HIGH\""
	run shmtool stat --export "key:$((KEY_HIGH))"
	assert_success
	assert_output --partial "KEY=\"$KEY_HIGH\" ID=\"$id\""
}

@test "stat finds a segment by id:N, key:N and ftok:PATH:PROJ" {
	key=$(shmclient ftok "$BATS_TEST_TMPDIR" 65)
	id=$(shmclient create "$key" 4096 0600)
	track "$id"
	for spec in "id:$id" "key:$((key))" "ftok:$BATS_TEST_TMPDIR:A"; do
		run shmtool stat "$spec"
		drop_holders
		assert_success
		assert_output "$(expected_stat "$id")"
	done
}

@test "stat of several SPECs shows each, separated by an empty line" {
	a=$(shmclient create "$KEY" 4096 0600)
	b=$(shmclient create "$KEY2" 8192 0600)
	run shmtool stat "$KEY" "$KEY2"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$a"; echo; expected_stat "$b")"
}

@test "stat of several SPECs with one missing shows the others and exits 1" {
	a=$(shmclient create "$KEY" 4096 0600)
	c=$(shmclient create "$KEY3" 4096 0600)
	run --separate-stderr shmtool stat "$KEY" "$KEY2" "$KEY3"
	drop_holders
	assert_fail "$KEY2: no such segment"
	assert_output "$(expected_stat "$a"; echo; expected_stat "$c")"
}

@test "stat of a missing key fails with exit 1" {
	run --separate-stderr shmtool stat "$KEY"
	assert_fail "$KEY: no such segment"
	assert_output ""
}

@test "stat of a missing id fails with exit 1" {
	id=$(shmclient create private 4096 0600)
	shmclient rm "$id"
	run --separate-stderr shmtool stat "$id"
	assert_fail "$id: no such segment"
	assert_output ""
}

@test "stat 0x0 is refused" {
	run --separate-stderr shmtool stat 0x0
	assert_usage "0x0: key 0 is IPC_PRIVATE and names no one segment; use its id"
}

@test "stat private is refused" {
	run --separate-stderr shmtool stat private
	assert_usage "private: private segments cannot be used with stat"
}

@test "stat without a SPEC is refused" {
	run --separate-stderr shmtool stat
	assert_usage "no SPEC given (see shmtool stat --help)"
}

@test "stat with an unknown option is refused" {
	run --separate-stderr shmtool stat --bogus "$KEY"
	assert_usage "unknown option '--bogus' (see shmtool stat --help)"
}

@test "stat as nobody of root's 0600 segment, by key and by id: permission denied, exit 1" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0600)
	for spec in "$KEY" "$id"; do
		run --separate-stderr shmtool_nobody stat "$spec"
		assert_fail "$spec: permission denied"
		assert_output ""
		assert_exists "$id"
	done
}

@test "stat as nobody of a 0644 segment works" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0644)
	run shmtool_nobody stat "$KEY"
	drop_holders
	assert_success
	assert_output "$(expected_stat "$id")"
}

@test "stat --json gives every field, numbers as numbers, times in ISO 8601" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient read "$id" >/dev/null
	# shellcheck disable=SC2046
	local $(shmclient stat "$id")
	local rss swap
	read -r rss swap < <(awk -v id="$id" '$2 == id { print $15, $16 }' /proc/sysvipc/shm)
	run --separate-stderr shmtool stat --json "$KEY"
	assert_success
	assert_output - <<-EOF
	{
	   "segments": [
	      {
	         "type": "sysv",
	         "key": "$KEY",
	         "id": $id,
	         "name": null,
	         "perms": "rw-------",
	         "mode": "0600",
	         "uid": 0,
	         "user": "root",
	         "gid": 0,
	         "group": "root",
	         "cuid": 0,
	         "cuser": "root",
	         "cgid": 0,
	         "cgroup": "root",
	         "size": 4096,
	         "value": null,
	         "pagesize": null,
	         "rss": $rss,
	         "swap": $swap,
	         "nattch": 0,
	         "status": null,
	         "cpid": $cpid,
	         "lpid": $lpid,
	         "command": null,
	         "attach": "$(iso_time "$atime")",
	         "detach": "$(iso_time "$dtime")",
	         "ctime": "$(iso_time "$ctime")",
	         "spec": "$KEY"
	      }
	   ]
	}
	EOF
}

@test "stat --json of two SPECs gives an array of two" {
	a=$(shmclient create "$KEY" 4096 0600)
	b=$(shmclient create "$KEY2" 4096 0600)
	run shmtool stat --json "$KEY" "$KEY2"
	assert_success
	assert_equal "$(json_row "$KEY" <<<"$output" | grep '^"id"')" "\"id\": $a"
	assert_equal "$(json_row "$KEY2" <<<"$output" | grep '^"id"')" "\"id\": $b"
}

@test "stat --export gives NAME=\"value\" pairs on one line" {
	id=$(shmclient create "$KEY" 4096 0600)
	# shellcheck disable=SC2046
	local $(shmclient stat "$id")
	run shmtool stat --export "$KEY"
	assert_success
	assert_output "TYPE=\"sysv\" KEY=\"$KEY\" ID=\"$id\" NAME=\"\" PERMS=\"rw-------\" MODE=\"0600\" UID=\"0\" USER=\"root\" GID=\"0\" GROUP=\"root\" CUID=\"0\" CUSER=\"root\" CGID=\"0\" CGROUP=\"root\" SIZE=\"4096\" VALUE=\"\" PAGESIZE=\"\" RSS=\"0\" SWAP=\"0\" NATTCH=\"0\" STATUS=\"\" CPID=\"$cpid\" LPID=\"0\" COMMAND=\"\" ATTACH=\"\" DETACH=\"\" CTIME=\"$(iso_time "$ctime")\""
}

@test "stat of a segment the C client made in another process agrees with it" {
	id=$(shmclient create "$KEY" 65536 0660)
	run shmtool stat -e "$KEY"
	assert_success
	assert_output --partial "KEY=\"$KEY\" ID=\"$id\" NAME=\"\" PERMS=\"rw-rw----\" MODE=\"0660\""
	assert_output --partial "SIZE=\"65536\" VALUE=\"\" PAGESIZE=\"\" RSS=\"0\" SWAP=\"0\" NATTCH=\"0\""
}

# In a sandbox (ns_helper.bash), where root can read every process: on the
# host some may be unreadable, and nattch would be "-" (unknown).
@test "stat /name shows the POSIX object's fields" {
	need_sandbox
	run sandbox '
		shmclient pcreate /obj 100 0640 >/dev/null
		echo "times=$(stat -c "%X %Z" /dev/shm/obj)"
		show shmtool stat --contained /obj
	'
	assert_success
	read -r atime ctime <<<"$(out_var times)"
	assert_output - <<-EOF
	times=$atime $ctime
	type     posix
	name     /obj
	perms    rw-r-----
	mode     0640
	uid      0
	user     root
	gid      0
	group    root
	size     100
	pagesize $(getconf PAGESIZE)
	rss      0
	swap     $POSIX_SWAP0
	nattch   0
	holders  -
	attach   $(iso_time "$atime")
	ctime    $(iso_time "$ctime")
	rc=0
	EOF
}

@test "stat of a missing /name fails with exit 1" {
	run --separate-stderr shmtool stat "$NAME"
	assert_fail "$NAME: no such segment"
}
