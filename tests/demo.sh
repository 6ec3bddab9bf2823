#!/bin/sh
# make demo: shmtool's main job in a minute, on segments it makes and removes.
set -eu
step() { printf '\n$ %s\n' "$*"; }
run() { step "$*"; "$@"; }

dir=$(mktemp -d)
key=
cleanup() {
	[ -z "$key" ] || shmtool rm "$key" 2>/dev/null || true
	[ ! -e /dev/shm/shmtool-demo ] || shmtool rm /shmtool-demo || true
	rm -rf "$dir"
}
trap cleanup EXIT
echo "hello from the demo" > "$dir/greeting"

step "shmtool key $dir/greeting D"
key=$(shmtool key "$dir/greeting" D)
echo "$key"
run shmtool create -s 4K "ftok:$dir/greeting:D"
step "echo 'hello, shared memory' | shmtool write -z $key"
echo 'hello, shared memory' | shmtool write -z "$key"
run shmtool read -z "$key"
run shmtool create -s 1M -m 0640 /shmtool-demo
step "shmtool write /shmtool-demo < $dir/greeting"
shmtool write /shmtool-demo < "$dir/greeting"
run shmtool ls -o TYPE,KEY,ID,NAME,PERMS,SIZE,NATTCH
run shmtool stat "$key"
step "shmtool ls --json -o TYPE,KEY,NAME,SIZE --sort SIZE"
shmtool ls --json -o TYPE,KEY,NAME,SIZE --sort SIZE
run shmtool rm -v "$key" /shmtool-demo
key=
printf '\nThe demo removed what it made; see README.md for more.\n'
