import { chmodSync, mkdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseImageTable, lookupBaseImageVolumes } from '../src/model/base-images.js';
import { exec, execEnv, type Store } from './buildah.js';
import { parseLog, type Snapshot } from './snapshot.js';
import { GROUP, GROUPADD, INSTALL, PASSWD, USERADD } from './scripts.js';

export const BUSYBOX = '/bin/busybox';

/** Top-level directories of a Debian-like root, so that cases can write to /var/lib/x, /srv, /opt... */
const SKELETON = ['etc', 'root', 'tmp', 'home', 'opt', 'srv', 'mnt', 'media', 'usr/bin', 'usr/sbin', 'usr/lib', 'usr/share', 'usr/local/bin', 'usr/local/sbin', 'usr/local/share', 'var/lib', 'var/log', 'var/cache', 'var/tmp', 'var/spool', 'var/www', 'var/run', 'sbin', 'lib'];

/**
 * Writes the root filesystem every local base image shares: Debian's static busybox with its applets linked in /bin,
 * a Debian-like directory skeleton, the accounts of PASSWD and small shims for the tools busybox lacks.
 */
export async function makeRootfs(dir: string): Promise<void> {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const d of SKELETON) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  chmodSync(join(dir, 'var/tmp'), 0o1777);
  chmodSync(join(dir, 'root'), 0o700);
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  const list = await exec(BUSYBOX, ['--list']);
  for (const applet of list.stdout.split('\n')) {
    if (applet && applet !== 'busybox') symlinkSync('busybox', join(dir, 'bin', applet));
  }
  symlinkSync('/bin/busybox', join(dir, 'usr/bin/env'));
  writeFileSync(join(dir, 'etc/passwd'), PASSWD.join('\n') + '\n');
  writeFileSync(join(dir, 'etc/group'), GROUP.join('\n') + '\n');
  const shims: [string, string][] = [
    ['usr/sbin/useradd', USERADD],
    ['usr/sbin/adduser', USERADD],
    ['usr/sbin/groupadd', GROUPADD],
    ['usr/sbin/addgroup', GROUPADD],
    ['usr/bin/install', INSTALL],
  ];
  for (const [path, text] of shims) {
    writeFileSync(join(dir, path), text);
    chmodSync(join(dir, path), 0o755);
  }
}

/** The volumes volint's table says an image declares (the same facts the rules use; the suite proves what builders do with them). */
export function declaredVolumes(ref: string): string[] {
  return lookupBaseImageVolumes(TABLE, ref)
    .map((v) => v.path)
    .filter((p) => p.startsWith('/'));
}

const TABLE = buildBaseImageTable();

/**
 * Creates the local images a set of cases names in FROM or COPY --from, in one store. `withVolumes` decides whether an
 * image declares the volumes of its upstream namesake (the build as written) or none (the neutral build).
 */
export async function createBaseImages(store: Store, rootfs: string, names: Iterable<string>, withVolumes: boolean, snapshots?: Map<string, Snapshot>, snapScript?: string): Promise<void> {
  const container = await store.run(['from', 'scratch']);
  await store.run(['copy', '--quiet', container, rootfs + '/', '/']);
  await store.run(['config', '--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--cmd', '/bin/sh', container]);
  await store.run(['commit', '--quiet', container, 'localhost/conformance-base']);
  await store.run(['rm', container]);
  for (const name of names) {
    await createImage(store, name, withVolumes);
    if (snapshots && snapScript) snapshots.set(name, await imageSnapshot(store, name, snapScript));
  }
}

/**
 * The filesystem of an image as a probe inside a build would print it (the same script, run on the host over the
 * mounted root): the state every stage built FROM it starts from, so that no build needs a probe after FROM.
 */
async function imageSnapshot(store: Store, name: string, snapScript: string): Promise<Snapshot> {
  const c = await store.run(['from', '--pull=never', name]);
  const mount = await store.run(['mount', c]);
  const r = await execEnv(BUSYBOX, ['sh', snapScript, mount], { B: BUSYBOX });
  await store.run(['rm', c]);
  return parseLog('@probe\n' + r.stdout)[0]?.snap ?? new Map();
}

async function createImage(store: Store, name: string, withVolumes: boolean): Promise<void> {
  const volumes = declaredVolumes(name);
  if (volumes.length === 0) {
    await store.run(['tag', 'localhost/conformance-base', name]);
    return;
  }
  {
    // Upstream images create their volume directories; both builds get them, only the build as written declares them.
    const c = await store.run(['from', '--pull=never', 'localhost/conformance-base']);
    const mount = await store.run(['mount', c]);
    for (const v of volumes) mkdirSync(join(mount, v), { recursive: true });
    await store.run(['umount', c]);
    if (withVolumes) for (const v of volumes) await store.run(['config', '--volume', v, c]);
    await store.run(['commit', '--quiet', c, name]);
    await store.run(['rm', c]);
  }
}
