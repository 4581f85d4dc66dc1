import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Debian's CNCF distribution registry and Buildah: the real parts the image-resolution tests run against. */
export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const hasRegistryTools =
  existsSync(REGISTRY_BIN) && spawnSync('buildah', ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync('htpasswd', ['-h'], { stdio: 'ignore' }).status !== null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => { resolve(port); });
    });
    server.on('error', reject);
  });
}

export interface Registry {
  /** `127.0.0.1:PORT` */
  host: string;
  stop(): Promise<void>;
}

/** Starts a registry on 127.0.0.1 with a filesystem store under `dir`; with `htpasswd`, it asks for that login. */
export async function startRegistry(dir: string, login?: { username: string; password: string }): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let auth = '';
  if (login) {
    const file = path.join(dir, 'htpasswd');
    const made = spawnSync('htpasswd', ['-Bbn', login.username, login.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
    writeFileSync(file, made.stdout);
    auth = `auth:\n  htpasswd:\n    realm: volint-test\n    path: ${file}\n`;
  }
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'store')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${String(port)}\n${auth}`,
  );
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const host = `127.0.0.1:${String(port)}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) { resolve(); return; }
        child.once('exit', () => { resolve(); });
        child.kill('SIGTERM');
      }),
  };
}

/** Buildah with its own store under `dir` (never the machine's), building configs from scratch. */
export class Builder {
  readonly root: string;
  readonly runroot: string;

  constructor(readonly dir: string) {
    this.root = path.join(dir, 'root');
    this.runroot = path.join(dir, 'runroot');
  }

  run(args: string[]): string {
    const result = spawnSync('buildah', ['--root', this.root, '--runroot', this.runroot, '--storage-driver', 'vfs', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`buildah ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Commits a scratch image whose config says `config` (buildah config options, as `--volume /app`). */
  image(name: string, config: string[]): void {
    const container = this.run(['from', 'scratch']);
    this.run(['config', ...config, container]);
    this.run(['commit', '-q', container, name]);
    this.run(['rm', container]);
  }

  push(name: string, destination: string, login?: { username: string; password: string }): void {
    this.run(['push', '--tls-verify=false', ...(login ? ['--creds', `${login.username}:${login.password}`] : []), name, `docker://${destination}`]);
  }

  /** Pushes a manifest list of the named images (each built for its own architecture). */
  pushList(list: string, images: string[], destination: string): void {
    this.run(['manifest', 'create', list]);
    for (const image of images) this.run(['manifest', 'add', list, image]);
    this.run(['manifest', 'push', '--all', '--tls-verify=false', list, `docker://${destination}`]);
  }

  /** A storage.conf that points buildah, podman and docker-compatible tools of this machine at this store. */
  storageConf(): string {
    const file = path.join(this.dir, 'storage.conf');
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(file, `[storage]\ndriver = "vfs"\ngraphroot = "${this.root}"\nrunroot = "${this.runroot}"\n`);
    return file;
  }

  remove(): void {
    // buildah's vfs layers may be read-only directories; buildah itself removes them.
    spawnSync('buildah', ['--root', this.root, '--runroot', this.runroot, '--storage-driver', 'vfs', 'rmi', '--all', '--force'], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
