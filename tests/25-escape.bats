#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2154
# (SC2016: sandbox scripts are quoted on purpose, to expand inside;
# SC2154: $output, $stderr and $lines are set by bats' run.)
#
# Issue 9, parts 1 and 2: what shmtool shows of a name, a path or another
# process's command line goes through one escaping function (controls, DEL,
# C1 controls and invalid UTF-8 as \xNN; a backslash before a literal "x"
# as \x5c; printable UTF-8 as is in a UTF-8 locale, \xNN in the C locale),
# and every name shmtool prints can be typed back: in a SPEC (/name and
# file:PATH), \xNN is that byte and any other backslash is itself.
#
# Every case runs in the sandbox (ns_helper.bash): fixed names there touch
# nothing else.  Scripts that need $'...' quoting are heredocs.  Checks go
# around shmtool: `ls -b /dev/shm`, `state` and shmclient.
load test_helper
load ns_helper

setup() {
	need_sandbox
	# What is printable depends on the locale; CI may have none set.
	export LC_ALL=C.UTF-8
}

# --- one escaping function: what is shown ------------------------------------

@test "rm -n and rm -v show a newline in a POSIX name as \\x0a, one line a segment" {
	run sandbox '
		n=$(printf "/a\nb")
		shmclient pcreate "$n" 4096 0600 >/dev/null
		show shmtool rm -n "$n"
		show shmtool rm -n --all
		show shmtool rm -v "$n"
		shmclient pcreate "$n" 4096 0600 >/dev/null
		show shmtool rm -v --all
		state
	'
	assert_success
	assert_output 'would remove posix /a\x0ab (4.0K, root)
rc=0
would remove posix /a\x0ab (4.0K, root)
rc=0
removed posix /a\x0ab (4.0K, root)
rc=0
removed posix /a\x0ab (4.0K, root)
rc=0
sysv: 
posix: '
}

@test "create prints the POSIX name it made escaped, on one line, and that line names the object back" {
	local script
	script=$(cat <<'EOF'
		n=$'/a\nb\e[2Jc'
		out=$(shmtool create -s 4K "$n"); echo "create rc=$?"
		printf '%s' "$out" | od -An -c | tr -s ' '
		ls -b /dev/shm
		printf hello | shmtool write "$out"; echo "write rc=$?"
		shmclient pread "$n"
		show shmtool rm -v "$out"
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output 'create rc=0
 / a \ x 0 a b \ x 1 b [ 2 J c
a\nb\033[2Jc
write rc=0
hello
removed posix /a\x0ab\x1b[2Jc (4.0K, root)
rc=0
sysv: 
posix: '
}

# A name typed by a user, or found in /dev/shm, can forge a line or move
# the cursor; every command's messages show it escaped.
@test "errors and notes that name a SPEC escape its newline, ESC, C1 control and invalid byte" {
	local script
	script=$(cat <<'EOF'
		n=$'/nope\nforged'
		for cmd in stat read write attach rm; do
			show shmtool $cmd "$n" </dev/null
		done
		e=$'/a\e[2J\x9b\xc2\x9bb'
		shmclient pcreate "$e" 4 0600 >/dev/null
		show shmtool create -s 4 "$e"
		show shmtool create --exist-ok -s 8 "$e"
		printf 12345 >"$T/five"
		show shmtool write "$e" <"$T/five"
		shmtool attach -v "$e" -- true 2>&1 | sed 's/pid [0-9]*$/pid PID/'
		show shmtool attach "$e" -- $'no\nsuch'
		show shmtool rm -v "$e"
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output 'err: shmtool: stat: /nope\x0aforged: no such segment
rc=1
err: shmtool: read: /nope\x0aforged: no such segment
rc=1
err: shmtool: write: /nope\x0aforged: no such segment
rc=1
err: shmtool: attach: /nope\x0aforged: no such segment
rc=1
err: shmtool: rm: /nope\x0aforged: no such segment
rc=1
err: shmtool: create: /a\x1b[2J\x9b\xc2\x9bb: already exists
rc=1
err: shmtool: create: /a\x1b[2J\x9b\xc2\x9bb: exists with 4 bytes, fewer than 8
rc=1
err: shmtool: write: /a\x1b[2J\x9b\xc2\x9bb: input of 5 bytes does not fit in 4 bytes from offset 0 (1 too many); nothing written
rc=1
shmtool: attach: /a\x1b[2J\x9b\xc2\x9bb: attached (4 bytes), pid PID
err: shmtool: attach: no\x0asuch: no such file or directory
rc=127
removed posix /a\x1b[2J\x9b\xc2\x9bb (4B, root)
rc=0
sysv: 
posix: '
}

# stat is the one place other processes' command lines reach a person.
@test "stat's holders line shows a POSIX holder's command line escaped, on one line" {
	local script
	script=$(cat <<'EOF'
		shmclient pcreate /held 4096 0600 >/dev/null
		{ exec -a $'evil\nholders  1 (init) \\x41' "$SHMTOOL_BUILD/tests/shmclient" phold /held 0 >"$T/held"; } &
		echo "h=$!"
		wait_line --regexp "$T/held" ".*ed" || exit 98
		shmtool stat /held | grep -E '^(nattch|holders) '
EOF
	)
	run sandbox "$script"
	assert_success
	local h
	h=$(out_var h)
	assert_output "h=$h
nattch   1
holders  $h (evil\\x0aholders  1 (init) \\x5cx41 phold /held 0)"
}

@test "stat's holders line shows a SysV attacher's command line escaped, on one line" {
	local script
	script=$(cat <<'EOF'
		shmclient create 0xa000 4096 0600 >/dev/null
		id=$(shmclient create 0xa001 4096 0600)
		{ exec -a $'evil\nholders  1 (init)' "$SHMTOOL_BUILD/tests/shmclient" hold "$id" 0 >"$T/held"; } &
		echo "h=$! id=$id"
		wait_line --regexp "$T/held" ".*ed" || exit 98
		shmtool stat 0xa001 | grep -E '^(nattch|holders) '
EOF
	)
	run sandbox "$script"
	assert_success
	local h id
	h=$(sed -n 's/^h=\([0-9]*\) .*/\1/p' <<<"$output")
	id=$(sed -n 's/.* id=//p' <<<"$output")
	assert_output "h=$h id=$id
nattch   1
holders  $h (evil\\x0aholders  1 (init) hold $id 0)"
}

# The first segment of a fresh IPC namespace (a container's) has shmid 0:
# /proc/PID/maps shows it with inode 0.  It is attached all the same.
@test "stat's holders line finds the process attached to shmid 0" {
	run sandbox '
		id=$(shmclient create 0xa001 4096 0600)
		echo "id=$id"
		hold hold "$id"
		echo "h=$HELD"
		shmtool stat 0xa001 | grep -E "^(id|nattch|holders) "
	'
	assert_success
	local h
	h=$(out_var h)
	assert_output "id=0
h=$h
id       0
nattch   1
holders  $h ($SHMTOOL_BUILD/tests/shmclient hold 0 0)"
}

@test "stat's fields are escaped, one field a line, and its name field names the object back" {
	local script
	script=$(cat <<'EOF'
		n=$'/a\tb\nc'
		shmclient pcreate "$n" 4096 0600 >/dev/null
		shmclient pwrite "$n" "posix data"
		shmtool stat "$n" | grep -E '^(type|name|perms) '
		shown=$(shmtool stat "$n" | sed -n 's/^name *//p')
		shmtool read -z "$shown"; echo " rc=$?"
		shmtool stat "$shown" | grep -E '^name '
		# A SysV creator that stays alive, its command line its own:
		# its stdout is a pipe already full, so it blocks writing the id.
		mkfifo "$T/full"
		exec {fd}<>"$T/full"
		dd if=/dev/zero of="$T/full" bs=4096 count=1024 oflag=nonblock 2>/dev/null
		{ exec -a $'ev\til\nx\x7f' "$SHMTOOL_BUILD/tests/shmclient" create 0xa001 4096 0600 >&$fd; } &
		exec {fd}>&-
		for ((i = 0; i < 200; i++)); do
			shmclient id 0xa001 >/dev/null 2>&1 && break
			sleep 0.05
		done
		shmtool stat 0xa001 | grep -E '^command '
		f=$'file\nname'
		printf 'file data' >"$T/$f"
		shmtool stat "file:$T/$f" | grep -E '^(type|name) '
		shown=$(shmtool stat "file:$T/$f" | sed -n 's/^name *//p')
		shmtool read "file:$shown"; echo " rc=$?"
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output "type     posix
name     /a\\x09b\\x0ac
perms    rw-------
posix data rc=0
name     /a\\x09b\\x0ac
command  ev\\x09il\\x0ax\\x7f create 0xa001 4096 0600
type     file
name     $BATS_TEST_TMPDIR/file\\x0aname
file data rc=0"
}

@test "UTF-8 in a name is shown as is in a UTF-8 locale and as \\xNN in the C locale; C1 controls and invalid UTF-8 are escaped in both" {
	local script
	script=$(cat <<'EOF'
		for loc in C.UTF-8 C; do
			echo "-- $loc"
			for n in /héllo $'/c1\xc2\x85x' $'/bad\xc3(' /日本; do
				LC_ALL=$loc shmtool create -s 4K "$n"
				LC_ALL=$loc shmtool stat "$n" | grep '^name '
				LC_ALL=$loc shmtool rm -v "$n"
			done
			LC_ALL=$loc shmtool stat /héllo
		done 2>&1
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output '-- C.UTF-8
/héllo
name     /héllo
removed posix /héllo (4.0K, root)
/c1\xc2\x85x
name     /c1\xc2\x85x
removed posix /c1\xc2\x85x (4.0K, root)
/bad\xc3(
name     /bad\xc3(
removed posix /bad\xc3( (4.0K, root)
/日本
name     /日本
removed posix /日本 (4.0K, root)
shmtool: stat: /héllo: no such segment
-- C
/h\xc3\xa9llo
name     /h\xc3\xa9llo
removed posix /h\xc3\xa9llo (4.0K, root)
/c1\xc2\x85x
name     /c1\xc2\x85x
removed posix /c1\xc2\x85x (4.0K, root)
/bad\xc3(
name     /bad\xc3(
removed posix /bad\xc3( (4.0K, root)
/\xe6\x97\xa5\xe6\x9c\xac
name     /\xe6\x97\xa5\xe6\x9c\xac
removed posix /\xe6\x97\xa5\xe6\x9c\xac (4.0K, root)
shmtool: stat: /h\xc3\xa9llo: no such segment
sysv: 
posix: '
}

@test "a backslash before a literal x is shown as \\x5c; any other backslash is shown as itself" {
	local script
	script=$(cat <<'EOF'
		for n in '/a\xb' '/a\x41' '/back\slash' '/trail\' '/A\X41'; do
			shmclient pcreate "$n" 4096 0600 >/dev/null
			shmtool rm -n "$n" 2>&1
		done
		shmtool ls --posix --noheadings -o NAME | LC_ALL=C sort
		for n in '/a\xb' '/a\x41' '/back\slash' '/trail\' '/A\X41'; do
			shmtool rm -v "$n" 2>&1
			shmtool create -s 4K "$n"
		done
		shmtool rm --all
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output 'would remove posix /a\x5cxb (4.0K, root)
shmtool: rm: /aA: no such segment
would remove posix /back\slash (4.0K, root)
would remove posix /trail\ (4.0K, root)
would remove posix /A\X41 (4.0K, root)
/A\X41
/a\x5cx41
/a\x5cxb
/back\slash
/trail\
removed posix /a\x5cxb (4.0K, root)
/a\x5cxb
shmtool: rm: /aA: no such segment
/aA
removed posix /back\slash (4.0K, root)
/back\slash
removed posix /trail\ (4.0K, root)
/trail\
removed posix /A\X41 (4.0K, root)
/A\X41
sysv: 
posix: '
}

# --- every name can be named back ---------------------------------------------

@test "in a SPEC, \\xNN (two hex digits) stands for that byte and any other backslash is itself" {
	local script
	script=$(cat <<'EOF'
		shmtool create -s 4K '/a\x41b' '/c\x0ad' '/e\xFFf' '/g\x5c' '/h\d' '/i\xg1' '/j\x4' '/k\X41'
		ls -b /dev/shm | LC_ALL=C sort
		show shmtool create -s 4K '/a\x2fb'
		show shmtool create -s 4K '/\x2e\x2e'
		f=$'fi\nle'
		printf 'file data' >"$T/$f"
		show shmtool read "file:$T/fi\x0ale"
		show shmtool read "file:$T/fi\x0Ale"
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output '/aAb
/c\x0ad
/e\xfff
/g\
/h\d
/i\x5cxg1
/j\x5cx4
/k\X41
aAb
c\nd
e\377f
g\\
h\\d
i\\xg1
j\\x4
k\\X41
err: shmtool: create: /a\x5cx2fb: POSIX name has a further '"'/'"'
rc=2
err: shmtool: create: /\x5cx2e\x5cx2e: POSIX name cannot be '"'.'"' or '"'..'"'
rc=2
file datarc=0
file datarc=0'
}

# A SPEC typed in the escaped form ls prints is shown back in that same
# form: the message names what was looked for, not a name that \x5c makes
# of the typed text (which would be another object, one that may exist).
@test "an error about a SPEC typed with \\xNN shows the name it means, as ls would print it" {
	run sandbox '
		shmclient pcreate "$(printf "/a\nb")" 4096 0600 >/dev/null
		shmclient pcreate "/c\\x41" 4096 0600 >/dev/null
		show shmtool rm -v "/a\\x0ab"
		show shmtool rm -v "/a\\x0ab"
		show shmtool stat "/\\xff"
		show shmtool read "/c\\x41"
		shmtool ls --posix --noheadings -o NAME
	'
	assert_success
	assert_output 'removed posix /a\x0ab (4.0K, root)
rc=0
err: shmtool: rm: /a\x0ab: no such segment
rc=1
err: shmtool: stat: /\xff: no such segment
rc=1
err: shmtool: read: /cA: no such segment
rc=1
/c\x5cx41'
}

@test "\\x00 in a SPEC is refused as a usage error by every command: no name holds a NUL" {
	# (attach is given a CMD so that a build which took the SPEC for a
	# name would not hold the segment until the sandbox ends.)
	run sandbox '
		for cmd in "create -s 4K" stat rm read "write --create -s 4K" attach; do
			args=("/a\\x00b")
			[ "$cmd" = attach ] && args+=(-- true)
			# shellcheck disable=SC2086
			show shmtool $cmd "${args[@]}" </dev/null
		done
		for cmd in stat read write attach; do
			args=("file:$T/a\\x00")
			[ "$cmd" = attach ] && args+=(-- true)
			# shellcheck disable=SC2086
			show shmtool $cmd "${args[@]}" </dev/null
		done
		state
	'
	assert_success
	local cmd want=""
	for cmd in create stat rm read write attach; do
		want+="err: shmtool: $cmd: /a\\x5cx00b: \\x00: a name cannot hold a NUL byte"$'\n'"rc=2"$'\n'
	done
	for cmd in stat read write attach; do
		want+="err: shmtool: $cmd: file:$BATS_TEST_TMPDIR/a\\x5cx00: \\x00: a name cannot hold a NUL byte"$'\n'"rc=2"$'\n'
	done
	assert_output "${want}sysv: 
posix: "
}

@test "a name holding a literal '\\xff' and a name holding the byte 0xff print differently, and each names back its own object" {
	local script
	script=$(cat <<'EOF'
		shmclient pcreate '/\xff' 8192 0600 >/dev/null
		shmclient pwrite '/\xff' "four characters"
		shmclient pcreate $'/\xff' 4096 0600 >/dev/null
		shmclient pwrite $'/\xff' "one byte"
		ls -b /dev/shm | LC_ALL=C sort
		echo "-- table"
		shmtool ls --posix -o NAME,SPEC,SIZE --sort SIZE
		echo "-- raw"
		shmtool ls --posix -r -o NAME,SPEC,SIZE --sort SIZE
		echo "-- export"
		shmtool ls --posix -e -o NAME,SPEC,SIZE --sort SIZE
		echo "-- json"
		shmtool ls --posix -J -o NAME,SPEC,SIZE --sort SIZE | grep -E '"(name|spec)"'
		echo "-- named back"
		for s in $(shmtool ls --posix --noheadings -r -o SPEC --sort SIZE); do
			echo "$s: $(shmtool read -z "$s") $(shmtool stat "$s" | grep '^size ')"
		done
		show shmtool rm -v '/\x5cxff'
		ls -b /dev/shm
		show shmtool rm -v '/\xff'
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output '\377
\\xff
-- table
NAME     SPEC      SIZE
/\xff    /\xff     4.0K
/\x5cxff /\x5cxff  8.0K
-- raw
NAME SPEC SIZE
/\xff /\xff 4.0K
/\x5cxff /\x5cxff 8.0K
-- export
NAME="/\xff" SPEC="/\xff" SIZE="4.0K"
NAME="/\x5cxff" SPEC="/\x5cxff" SIZE="8.0K"
-- json
         "name": "/\\xff",
         "spec": "/\\xff",
         "name": "/\\x5cxff",
         "spec": "/\\x5cxff",
-- named back
/\xff: one byte size     4096
/\x5cxff: four characters size     8192
removed posix /\x5cxff (8.0K, root)
rc=0
\377
removed posix /\xff (4.0K, root)
rc=0
sysv: 
posix: '
}

@test "ls --json and stat --json escape only invalid UTF-8 and a backslash before x; controls take JSON's own escapes" {
	local script
	script=$(cat <<'EOF'
		for n in $'/nl\nhere' $'/esc\e[31m' /hé $'/\xff' '/a\xb' '/back\slash' '/q"'; do
			shmclient pcreate "$n" 4096 0600 >/dev/null
		done
		shmtool ls --posix -J -o NAME,SPEC | grep -E '"(name|spec)"' | LC_ALL=C sort
		shmtool stat --json $'/esc\e[31m' '/a\xb' | grep -E '"(name|spec)"'
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output '         "name": "/\\xff",
         "name": "/a\\x5cxb",
         "name": "/back\\slash",
         "name": "/esc\u001b[31m",
         "name": "/hé",
         "name": "/nl\nhere",
         "name": "/q\"",
         "spec": "/\\xff"
         "spec": "/a\\x5cxb"
         "spec": "/back\\slash"
         "spec": "/esc\u001b[31m"
         "spec": "/hé"
         "spec": "/nl\nhere"
         "spec": "/q\""
         "name": "/esc\u001b[31m",
         "spec": "/esc\u001b[31m"
         "name": "/a\\x5cxb",
         "spec": "/a\\x5cxb"'
}

# The names below cover every escape: blank, tab, newline, UTF-8, invalid
# UTF-8, a literal "\xff", a backslash, ESC, a C1 control, DEL, shell
# metacharacters, a trailing backslash, trailing and lone blanks.  Each
# form of ls output gives 18 values; one `stat --json` of all of them must
# describe the 18 objects, each once (compared by their JSON specs).  Each
# object holds its own text, and reading by each -r SPEC gives each text
# once.  The -e output is also eval'd, as scripts do: no name may run
# anything there.  (Few shmtool runs: the suite also runs under valgrind.)
@test "every form of ls output (table, -r, -e, --json name and spec) names each object back to stat, read and rm" {
	local script
	script=$(cat <<'EOF'
		names=("/a b" $'/tab\there' $'/nl\nhere' /héllo $'/\xff\xfe' $'/b\xff' '/b\xff'
		    '/back\slash' $'/esc\e[31m' $'/c1\xc2\x85' $'/del\x7f'
		    '/q"uote$(touch pwned)`touch pwned`' '/x5c\x5c' '/trail\' '/sp ' '/ '
		    '/A\X41' '/a\x')
		i=0
		for n in "${names[@]}"; do
			shmclient pcreate "$n" 4096 0600 >/dev/null || echo "cannot make $n"
			shmclient pwrite "$n" "obj$i"
			i=$((i + 1))
		done
		cd "$T" || exit 1
		# The values of field $1 of a JSON table: NUL-terminated, or with
		# --sorted one a line in JSON's own quoting (tells all apart).
		json() {
			/usr/bin/python3 -c 'import json, sys
v = [s[sys.argv[1]] for s in json.load(sys.stdin)["segments"]]
if len(sys.argv) > 2:
    print("\n".join(sorted(json.dumps(x) for x in v)))
else:
    sys.stdout.write("".join(x + "\0" for x in v))' "$@"
		}
		want=$(shmtool ls --posix -J -o SPEC | json spec --sorted)
		echo "objects: $(grep -c . <<<"$want")"
		# NUL-terminated values on stdin: do they name each object once?
		back() {
			local v=() x got
			while IFS= read -r -d '' x; do v+=("$x"); done
			got=$(shmtool stat --json "${v[@]}" | json spec --sorted)
			if [ "${#v[@]}" = 18 ] && [ "$got" = "$want" ]; then
				echo "$1: each object once"
			else
				echo "$1: ${#v[@]} values; stat gives:"
				echo "$got"
			fi
		}
		shmtool ls --posix --noheadings -o SPEC | tr '\n' '\0' | back "table SPEC"
		shmtool ls --posix --noheadings -o NAME | tr '\n' '\0' | back "table NAME"
		LC_ALL=C shmtool ls --posix --noheadings -o NAME | tr '\n' '\0' | back "C locale table NAME"
		shmtool ls --posix --noheadings -r -o NAME,SPEC |
		    while read -r a b; do printf '%s\0' "$a"; done | back "raw NAME"
		shmtool ls --posix --noheadings -r -o NAME,SPEC |
		    while read -r a b; do printf '%s\0' "$b"; done | back "raw SPEC"
		shmtool ls --posix -e -o SPEC | sed 's/^SPEC="\(.*\)"$/\1/' | tr '\n' '\0' |
		    back "export SPEC as text"
		shmtool ls --posix -e -o NAME,SPEC |
		    while IFS= read -r l; do eval "$l"; printf '%s\0' "$NAME"; done | back "export NAME eval'd"
		shmtool ls --posix -e -o NAME,SPEC |
		    while IFS= read -r l; do eval "$l"; printf '%s\0' "$SPEC"; done | back "export SPEC eval'd"
		shmtool ls --posix -J -o NAME,SPEC | json name | back "json name"
		shmtool ls --posix -J -o NAME,SPEC | json spec | back "json spec"
		shmtool ls --posix -J | json spec | back "json spec, all columns"
		mapfile -t raw < <(shmtool ls --posix --noheadings -r -o SPEC)
		shmtool stat "${raw[@]}" | sed -n 's/^name *//p' | tr '\n' '\0' | back "stat's name field"
		shmtool stat --json "${raw[@]}" | json spec | back "stat --json spec"
		# Reading by each value gives each object's own text once.
		for s in "${raw[@]}"; do
			shmtool read -z "$s"
			echo
		done | sort -V | xargs
		# One rm of all the JSON specs removes all, and nothing ran.
		mapfile -t -d '' specs < <(shmtool ls --posix -J -o SPEC | json spec)
		shmtool rm "${specs[@]}"
		echo "rm rc=$?"
		[ -e pwned ] && echo "a name ran a command"
		state
EOF
	)
	run sandbox "$script"
	assert_success
	assert_output "objects: 18
table SPEC: each object once
table NAME: each object once
C locale table NAME: each object once
raw NAME: each object once
raw SPEC: each object once
export SPEC as text: each object once
export NAME eval'd: each object once
export SPEC eval'd: each object once
json name: each object once
json spec: each object once
json spec, all columns: each object once
stat's name field: each object once
stat --json spec: each object once
obj0 obj1 obj2 obj3 obj4 obj5 obj6 obj7 obj8 obj9 obj10 obj11 obj12 obj13 obj14 obj15 obj16 obj17
rm rc=0
sysv: 
posix: "
}

@test "ls -o SPEC shows 0xKEY for a keyed segment, id:N for key 0 and /name for POSIX; ls --json and stat --json carry the same spec" {
	run sandbox '
		shmtool create -s 4K 0xa001 >/dev/null
		p=$(shmtool create -s 8K private)
		shmtool create -s 12K /obj >/dev/null
		echo "p=$p"
		shmtool ls -o TYPE,KEY,ID,NAME,SPEC --sort SIZE
		shmtool ls -J --sort SIZE | grep "\"spec\""
		shmtool stat --json 0xa001 "$p" /obj | grep "\"spec\""
		for s in 0x0000a001 "id:$p" /obj; do
			shmtool stat "$s" | grep -E "^(key|id|name|size) " | xargs
		done
		shmtool rm "id:$p" 0x0000a001 /obj
		state
	'
	assert_success
	assert_output 'p=1
TYPE  KEY        ID NAME SPEC
sysv  0x0000a001  0 -    0x0000a001
sysv  0x00000000  1 -    id:1
posix -           - /obj /obj
         "spec": "0x0000a001"
         "spec": "id:1"
         "spec": "/obj"
         "spec": "0x0000a001"
         "spec": "id:1"
         "spec": "/obj"
key 0x0000a001 id 0 size 4096
key 0x00000000 id 1 size 8192
name /obj size 12288
sysv: 
posix: '
}
