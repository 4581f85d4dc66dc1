/*
 * The shell scripts the instrumented builds run. They live in a host directory bind-mounted at /.cf into every RUN
 * (`buildah bud --volume`), so they are not part of any image, and run with the host's static busybox, so a case that
 * changes the image's own tools cannot change what is measured.
 */

/**
 * Paths a snapshot never lists, relative to the root: kernel and builder mounts, the instrumentation's mount points,
 * and the base image's busybox links.
 */
export const PRUNED = ['proc', 'sys', 'dev', '.cf', '.cfstore', 'run', 'bin', 'etc/hosts', 'etc/resolv.conf', 'etc/hostname'];

const prune = PRUNED.map((p) => `-path ./${p}`).join(' -o ');

/**
 * `snap ROOT` prints the filesystem below ROOT (except PRUNED), paths relative to it: `E|./path|type|size|uid|gid|mode`
 * for every entry, `H|md5  ./path` for regular files and `L|'./path' -> 'target'` for symbolic links.
 */
export const SNAP = `B=\${B:-/.cf/busybox}
cd "$1" || exit 0
$B find . \\( ${prune} \\) -prune -o -exec $B stat -c 'E|%n|%F|%s|%u|%g|%a' {} + 2>/dev/null
$B find . \\( ${prune} \\) -prune -o -type f -exec $B md5sum {} + 2>/dev/null | $B sed 's/^/H|/'
$B find . \\( ${prune} \\) -prune -o -type l -exec $B stat -c 'L|%N' {} + 2>/dev/null
`;

/**
 * `root` prints where the RUN's root filesystem is seen from the store (bind-mounted read-only at /.cfstore): the vfs
 * layer directory with the same device and inode as /. Read from there, a snapshot shows what the image will hold,
 * not what the RUN sees: Buildah 1.28 bind-mounts a private copy over a volume inherited from the base image or an
 * earlier stage, and writes there never reach the image.
 */
export const ROOT = `B=/.cf/busybox
me=$($B stat -c '%d:%i' /)
r=$($B stat -c '%d:%i %n' /.cfstore/vfs/dir/* 2>/dev/null | $B grep "^$me " | $B cut -d' ' -f2-)
echo "\${r:-/}"
`;

/**
 * The SHELL every instrumented stage uses: `wrap LOG SHELL... TEXT`. It records the filesystem before, runs the
 * instruction exactly as the builder would (the stage's own SHELL with the RUN text as last argument), records its
 * exit status and the filesystem again before the builder restores the volumes, and always succeeds, so that one
 * failing case does not stop the other cases of the same build: a failure is read from the log instead.
 */
export const WRAP = `log=/.cf/out/$1
shift
root=$(/.cf/busybox sh /.cf/root)
{ echo '@run'; /.cf/busybox sh /.cf/snap "$root"; } >>"$log"
"$@"
st=$?
{ echo "@end $st"; /.cf/busybox sh /.cf/snap "$root"; } >>"$log"
exit 0
`;

/** The wrapper of the fixed build: the fix check reads only exit statuses and final images, so no snapshots. */
export const WRAP_STATUS = `log=/.cf/out/$1
shift
echo '@run' >>"$log"
"$@"
echo "@end $?" >>"$log"
exit 0
`;

/**
 * `collect KEY...`: the final image of each stage KEY, bind-mounted at /.m/KEY by the collector stage (instrument.ts),
 * written beside KEY's log (KEY.final) as the probe that ends it.
 */
export const COLLECT = `for k in "$@"; do { echo '@probe'; /.cf/busybox sh /.cf/snap "/.m/$k"; } >"/.cf/out/$k.final"; done
`;

/** An explicit observation: `probe LOG`. */
export const PROBE = `{ echo '@probe'; /.cf/busybox sh /.cf/snap "$(/.cf/busybox sh /.cf/root)"; } >>/.cf/out/$1
`;

/** The accounts every base image has, so that cases can chown to names (Debian's busybox has no adduser). */
export const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
  'www-data:x:33:33:www-data:/var/www:/bin/false',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  'postgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh',
  'mysql:x:998:998:mysql:/var/lib/mysql:/bin/false',
  'app:x:1000:1000:app:/home/app:/bin/sh',
  'svc:x:1001:1001:svc:/home/svc:/bin/sh',
  'foo:x:1002:1002:foo:/home/foo:/bin/sh',
  'node:x:1003:1003:node:/home/node:/bin/sh',
];

export const GROUP = PASSWD.map((line) => {
  const [name, , , gid] = line.split(':');
  return `${name ?? ''}:x:${gid ?? ''}:`;
});

/** useradd/adduser/groupadd/addgroup: add the account if it is missing (options other than -u/-g are accepted and ignored). */
export const USERADD = `#!/bin/sh
uid= name= grp=
while [ $# -gt 0 ]; do
  case "$1" in
    -u|--uid) uid=$2; shift 2 ;;
    -g|--gid|-G|--groups|--ingroup) grp=$2; shift 2 ;;
    -d|--home|--home-dir|-s|--shell|-c|--comment|-h|-k|-K|-e|-f) shift 2 ;;
    -*) shift ;;
    *) if [ -z "$name" ]; then name=$1; fi; shift ;;
  esac
done
[ -n "$name" ] || { echo "usage: useradd NAME" >&2; exit 2; }
grep -q "^$name:" /etc/passwd && exit 0
if [ -z "$uid" ]; then uid=2000; while grep -q "^[^:]*:x:$uid:" /etc/passwd; do uid=$((uid + 1)); done; fi
grep -q "^$name:" /etc/group || echo "$name:x:$uid:" >>/etc/group
echo "$name:x:$uid:$uid::/home/$name:/bin/sh" >>/etc/passwd
`;

export const GROUPADD = `#!/bin/sh
gid= name=
while [ $# -gt 0 ]; do
  case "$1" in
    -g|--gid) gid=$2; shift 2 ;;
    -*) shift ;;
    *) name=$1; shift ;;
  esac
done
[ -n "$name" ] || exit 2
grep -q "^$name:" /etc/group && exit 0
if [ -z "$gid" ]; then gid=2000; while grep -q "^[^:]*:x:$gid:" /etc/group; do gid=$((gid + 1)); done; fi
echo "$name:x:$gid:" >>/etc/group
`;

/** coreutils install, the options cases use: -d, -D, -o, -g, -m, -t (Debian's busybox has no install applet). */
export const INSTALL = `#!/bin/sh
dirs= owner= group= mode= target= mkparents=
while [ $# -gt 0 ]; do
  case "$1" in
    -d|--directory) dirs=1; shift ;;
    -D) mkparents=1; shift ;;
    -o|--owner) owner=$2; shift 2 ;;
    -g|--group) group=$2; shift 2 ;;
    -m|--mode) mode=$2; shift 2 ;;
    -t|--target-directory) target=$2; shift 2 ;;
    -o*) owner=\${1#-o}; shift ;;
    -g*) group=\${1#-g}; shift ;;
    -m*) mode=\${1#-m}; shift ;;
    --) shift; break ;;
    -*) shift ;;
    *) break ;;
  esac
done
fix() {
  if [ -n "$owner" ]; then chown "$owner" "$1" || exit 1; fi
  if [ -n "$group" ]; then chgrp "$group" "$1" || exit 1; fi
  chmod "\${mode:-755}" "$1" || exit 1
}
if [ -n "$dirs" ]; then
  for d in "$@"; do mkdir -p "$d" || exit 1; fix "$d"; done
  exit 0
fi
if [ -n "$target" ]; then
  [ -n "$mkparents" ] && mkdir -p "$target"
  for f in "$@"; do cp "$f" "$target/" || exit 1; fix "$target/$(basename "$f")"; done
  exit 0
fi
[ $# -eq 2 ] || { echo "install: expected SOURCE DEST" >&2; exit 1; }
dest=$2
[ -d "$dest" ] && dest="$dest/$(basename "$1")"
[ -n "$mkparents" ] && mkdir -p "$(dirname "$dest")"
cp "$1" "$dest" || exit 1
fix "$dest"
`;
