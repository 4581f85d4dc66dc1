import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSign, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
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

export interface TokenService {
  realm: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Token requests seen: whether each came with a login. */
  requests: { scope: string | null; basic: boolean }[];
  stop(): Promise<void>;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * The token service a registry with `auth: token` sends clients to (as auth.docker.io is for Docker Hub): it hands
 * anyone a signed pull-and-push token for the scope asked, so the registry's real token check is exercised.
 */
export async function startTokenService(dir: string): Promise<TokenService> {
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'token.key');
  const certFile = path.join(dir, 'token.crt');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=volint-test-token'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const key = readFileSync(keyFile, 'utf8');
  const der = readFileSync(certFile, 'utf8').replace(/-----[^-]+-----|\s/g, '');
  const service = 'volint-test-registry';
  const issuer = 'volint-test-issuer';
  const requests: TokenService['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scope = url.searchParams.get('scope');
    requests.push({ scope, basic: (req.headers.authorization ?? '').startsWith('Basic ') });
    const [, name = '', actions = ''] = /^repository:(.+):([^:]+)$/.exec(scope ?? '') ?? [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [der] };
    const claims = {
      iss: issuer,
      sub: 'anonymous',
      aud: service,
      exp: now + 600,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access: name === '' ? [] : [{ type: 'repository', name, actions: actions.split(',') }],
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ token: `${unsigned}.${base64url(signature)}` }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    realm: `http://127.0.0.1:${String(port)}/token`,
    service,
    issuer,
    certFile,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * Starts a registry on 127.0.0.1 with a filesystem store under `dir`; with `login`, it asks for that login (htpasswd);
 * with `token`, it sends clients to that token service.
 */
export async function startRegistry(dir: string, login?: { username: string; password: string }, token?: TokenService): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let auth = '';
  if (token) {
    auth = `auth:\n  token:\n    realm: ${token.realm}\n    service: ${token.service}\n    issuer: ${token.issuer}\n    rootcertbundle: ${token.certFile}\n`;
  }
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

  /** Asynchronous: a token service running in this process must be able to answer buildah meanwhile. */
  push(name: string, destination: string, login?: { username: string; password: string }): Promise<void> {
    const args = ['--root', this.root, '--runroot', this.runroot, '--storage-driver', 'vfs', 'push', '--tls-verify=false'];
    if (login) args.push('--creds', `${login.username}:${login.password}`);
    args.push(name, `docker://${destination}`);
    return new Promise((resolve, reject) => {
      const child = spawn('buildah', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`buildah push ${name} failed: ${stderr}`));
      });
    });
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
