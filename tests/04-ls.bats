#!/usr/bin/env bats
# shmtool ls: the table of segments, against lsipc and the C client.  Other
# segments may exist on the machine: every test picks its own rows by key
# or name, or runs in a private namespace.
load test_helper
load sysv_helper

# The lines of $output that hold one of the given words as a field.
own_rows() {
	local pat
	pat=$(printf '%s|' "$@")
	grep -E "(^| )(${pat%|})( |\$)" <<<"$output" || :
}

@test "ls --sysv has lsipc -m's default columns" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	run shmtool ls --sysv --raw
	assert_success
	assert_equal "${lines[0]}" "$(lsipc -m --raw | head -n 1)"
	assert_equal "${lines[0]}" "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND"
}

@test "ls lists a segment the C client made, with its values" {
	id=$(shmclient create "$KEY" 8192 0640)
	run shmtool ls --sysv --raw -o KEY,ID,PERMS,OWNER,SIZE,NATTCH,STATUS
	assert_success
	assert_equal "$(own_rows "$KEY")" "$KEY $id rw-r----- root 8.0K 0 -"
}

@test "ls --sysv --json -b agrees with lsipc -m --json -b field by field" {
	id=$(shmclient create "$KEY" 12288 0640)
	start_holder "$id"
	cols=KEY,ID,PERMS,OWNER,SIZE,NATTCH,CPID,LPID
	ours=$(shmtool ls --sysv --json -b -o "$cols" | json_row "$KEY")
	theirs=$(lsipc -m --json -b -o "$cols" | json_row "$KEY")
	# lsipc prints every value as a string: compare the values.
	assert_equal "$(tr -d '"' <<<"$ours")" "$(tr -d '"' <<<"$theirs")"
	assert_equal "$(grep -c . <<<"$ours")" 8
	assert_equal "$(grep '^"lpid"' <<<"$ours")" "\"lpid\": $HOLDER"
}

@test "ls --json carries numbers as numbers and times in ISO 8601" {
	id=$(shmclient create "$KEY" 4096 0600)
	# shellcheck disable=SC2046
	local $(shmclient stat "$id")
	run shmtool ls --sysv --json
	assert_success
	run json_row "$KEY" <<<"$output"
	assert_success
	assert_output - <<-EOF
	"key": "$KEY"
	"id": $id
	"perms": "rw-------"
	"owner": "root"
	"size": 4096
	"nattch": 0
	"status": null
	"ctime": "$(iso_time "$ctime")"
	"cpid": $cpid
	"lpid": 0
	"command": null
	"spec": "$KEY"
	EOF
}

@test "ls --json -t gives the attach and detach times in ISO 8601" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient read "$id" >/dev/null
	# shellcheck disable=SC2046
	local $(shmclient stat "$id")
	run shmtool ls --sysv --json -t -o KEY
	assert_success
	run json_row "$KEY" <<<"$output"
	assert_success
	assert_output - <<-EOF
	"key": "$KEY"
	"attach": "$(iso_time "$atime")"
	"detach": "$(iso_time "$dtime")"
	EOF
}

# A key with its top bit set is a negative key_t: /proc/sysvipc/shm prints
# it signed, and a %x of a sign-extended or %d of it goes wrong.  What the
# kernel holds is checked with ipcs and /proc, then every output of ls.
@test "ls shows a key with its top bit set as ipcs does, in the table, JSON and export" {
	id=$(shmclient create "$KEY_HIGH" 4096 0600)
	assert_equal "$(ipcs -m | awk -v id="$id" '$2 == id { print $1 }')" "$KEY_HIGH"
	signed=$(awk -v id="$id" '$2 == id { print $1 }' /proc/sysvipc/shm)
	assert [ "$signed" -lt 0 ]
	assert_equal "$(printf '0x%08x' $((signed & 0xffffffff)))" "$KEY_HIGH"
	run shmtool ls --sysv --raw -o KEY,ID
	assert_success
	assert_equal "$(own_rows "$id")" "$KEY_HIGH $id"
	run shmtool ls --sysv --export -o KEY,ID
	assert_success
	assert_equal "$(own_rows "ID=\"$id\"")" "KEY=\"$KEY_HIGH\" ID=\"$id\""
	run shmtool ls --sysv --json -o KEY,ID
	assert_success
	run json_row "$KEY_HIGH" <<<"$output"
	assert_success
	assert_output "\"key\": \"$KEY_HIGH\"
\"id\": $id"
	run shmtool ls --sysv --raw --sort KEY -o KEY,ID
	assert_success
	assert_line "$KEY_HIGH $id"
}

@test "ls shows sizes humanized, and in bytes with -b" {
	shmclient create "$KEY" 1048576 0600 >/dev/null
	run shmtool ls --sysv --raw -o KEY,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY")" "$KEY 1.0M"
	run shmtool ls --sysv --raw -b -o KEY,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY")" "$KEY 1048576"
}

@test "ls --export gives NAME=\"value\" pairs" {
	id=$(shmclient create "$KEY" 4096 0600)
	run shmtool ls --sysv --export -b -o KEY,ID,SIZE,NATTCH
	assert_success
	assert_equal "$(grep "KEY=\"$KEY\"" <<<"$output")" "KEY=\"$KEY\" ID=\"$id\" SIZE=\"4096\" NATTCH=\"0\""
}

@test "ls --noheadings leaves out the header" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	run shmtool ls --sysv --noheadings -o KEY
	assert_success
	refute_line "KEY"
	assert_line "$KEY"
}

@test "ls -o picks the columns, in the order given, names case-insensitive" {
	id=$(shmclient create "$KEY" 4096 0600)
	run shmtool ls --sysv --raw -o size,key,ID
	assert_success
	assert_equal "${lines[0]}" "SIZE KEY ID"
	assert_equal "$(own_rows "$KEY")" "4.0K $KEY $id"
}

@test "ls -o +LIST adds columns to the defaults" {
	shmclient create "$KEY" 4096 0640 >/dev/null
	run shmtool ls --sysv --raw -o +MODE
	assert_success
	assert_equal "${lines[0]}" "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND MODE"
	assert_regex "$(own_rows "$KEY")" ' 0640$'
}

@test "ls -t adds the ATTACH and DETACH columns" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	run shmtool ls --sysv --raw -t -o KEY
	assert_success
	assert_equal "${lines[0]}" "KEY ATTACH DETACH"
	assert_equal "$(own_rows "$KEY")" "$KEY - -"
}

@test "ls -p adds the CPID, LPID and COMMAND columns" {
	id=$(shmclient create "$KEY" 4096 0600)
	cpid=$(field "$id" cpid)
	run shmtool ls --sysv --raw -p -o KEY
	assert_success
	assert_equal "${lines[0]}" "KEY CPID LPID COMMAND"
	assert_equal "$(own_rows "$KEY")" "$KEY $cpid 0 -"
}

@test "ls -c adds the creator and owner columns" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	run shmtool ls --sysv --raw -c -o KEY
	assert_success
	assert_equal "${lines[0]}" "KEY CUID CUSER CGID CGROUP UID USER GID GROUP"
	assert_equal "$(own_rows "$KEY")" "$KEY 0 root 0 root 0 root 0 root"
}

@test "ls COMMAND shows the creator's command while it runs" {
	create_alive "$KEY" 4096 0600
	run shmtool ls --sysv --json -o KEY,CPID,COMMAND
	assert_success
	run json_row "$KEY" <<<"$output"
	assert_success
	assert_output - <<-EOF
	"key": "$KEY"
	"cpid": $CREATOR
	"command": "shmclient create $KEY 4096 0600"
	EOF
}

@test "ls COMMAND: a live creator's command beside segments whose creators have exited, which show -" {
	shmclient create "$KEY" 4096 0600 >/dev/null
	create_alive "$KEY2" 4096 0600
	shmclient create "$KEY3" 4096 0600 >/dev/null
	run shmtool ls --sysv --raw --sort key -o KEY,COMMAND
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2" "$KEY3")" "$KEY -
$KEY2 shmclient\\x20create\\x20$KEY2\\x204096\\x200600
$KEY3 -"
}

@test "ls --raw escapes the blanks of COMMAND, as lsipc does" {
	create_alive "$KEY" 4096 0600
	run shmtool ls --sysv --raw -o KEY,COMMAND
	assert_success
	assert_equal "$(own_rows "$KEY")" "$KEY shmclient\\x20create\\x20$KEY\\x204096\\x200600"
}

@test "ls --sort SIZE sorts by number, not by text" {
	shmclient create "$KEY" 12288 0600 >/dev/null
	shmclient create "$KEY2" 4096 0600 >/dev/null
	shmclient create "$KEY3" 8192 0600 >/dev/null
	run shmtool ls --sysv --raw -b --sort SIZE -o KEY,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2" "$KEY3")" \
	    "$KEY2 4096"$'\n'"$KEY3 8192"$'\n'"$KEY 12288"
}

@test "ls --sort KEY sorts by key" {
	shmclient create "$KEY3" 4096 0600 >/dev/null
	shmclient create "$KEY" 4096 0600 >/dev/null
	shmclient create "$KEY2" 4096 0600 >/dev/null
	run shmtool ls --sysv --raw --sort key -o KEY
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2" "$KEY3")" "$KEY"$'\n'"$KEY2"$'\n'"$KEY3"
}

@test "ls shows both kinds, with TYPE and NAME; --sysv and --posix pick one" {
	id=$(shmclient create "$KEY" 4096 0600)
	shmclient pcreate "$NAME" 100 0600 >/dev/null
	run shmtool ls --raw -o TYPE,KEY,ID,NAME,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY" "$NAME")" "sysv $KEY $id - 4.0K"$'\n'"posix - - $NAME 100B"
	run shmtool ls --sysv --raw -o TYPE,KEY,ID,NAME,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY" "$NAME")" "sysv $KEY $id - 4.0K"
	run shmtool ls --posix --raw -o TYPE,KEY,ID,NAME,SIZE
	assert_success
	assert_equal "$(own_rows "$KEY" "$NAME")" "posix - - $NAME 100B"
}

@test "ls --posix has its own default columns" {
	shmclient pcreate "$NAME" 100 0640 >/dev/null
	run shmtool ls --posix --raw
	assert_success
	assert_equal "${lines[0]}" "NAME PERMS OWNER SIZE CTIME"
	assert_regex "$(own_rows "$NAME")" "^$NAME rw-r----- root 100B "
}

@test "ls --user picks the owner's segments, by name or by uid" {
	need_nobody
	shmclient create "$KEY" 4096 0600 >/dev/null
	as_nobody shmclient create "$KEY2" 4096 0600 >/dev/null
	run shmtool ls --sysv --user nobody --noheadings -o KEY
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2")" "$KEY2"
	run shmtool ls --sysv --user 65534 --noheadings -o KEY
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2")" "$KEY2"
	run shmtool ls --sysv --user root --noheadings -o KEY
	assert_success
	assert_equal "$(own_rows "$KEY" "$KEY2")" "$KEY"
}

@test "ls as nobody still lists root's 0600 segment" {
	need_nobody
	id=$(shmclient create "$KEY" 4096 0600)
	run shmtool_nobody ls --sysv --raw -o KEY,ID,OWNER,PERMS
	assert_success
	assert_equal "$(own_rows "$KEY")" "$KEY $id root rw-------"
}

@test "ls shows a removed, still attached segment with key 0 and status dest" {
	id=$(shmclient create "$KEY" 4096 0600)
	start_holder "$id"
	shmclient rm "$id"
	run shmtool ls --sysv --raw -o KEY,ID,NATTCH,STATUS
	assert_success
	assert_equal "$(own_rows "$id")" "0x00000000 $id 1 dest"
}

@test "ls in a private namespace lists every segment there, and only those" {
	need_ns
	run --separate-stderr in_ns '
		shmtool create -s 4K 0x1234 private > /dev/null
		shmtool create -s 8K 0x5678 > /dev/null
		shmtool ls --sysv --raw -o KEY,ID,SIZE'
	assert_success
	assert_output $'KEY ID SIZE\n0x00001234 0 4.0K\n0x00000000 1 4.0K\n0x00005678 2 8.0K'
}

@test "ls with an unknown column is refused" {
	run --separate-stderr shmtool ls -o KEY,BOGUS
	assert_usage "-o KEY,BOGUS: unknown column (see shmtool ls --help for the list)"
}

@test "ls --sort with an unknown column is refused" {
	run --separate-stderr shmtool ls --sort BOGUS
	assert_usage "--sort BOGUS: unknown column"
}

@test "ls --user of an unknown user is refused" {
	run --separate-stderr shmtool ls --user no-such-user-here
	assert_usage "--user no-such-user-here: no such user"
}

@test "ls takes no SPEC" {
	run --separate-stderr shmtool ls "$KEY"
	assert_usage "unexpected argument '$KEY' (ls takes no SPEC)"
}

@test "ls with an unknown option is refused" {
	run --separate-stderr shmtool ls --bogus
	assert_usage "unknown option '--bogus' (see shmtool ls --help)"
}
