import { spawn } from 'node:child_process';

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, collecting its output (never throws on a non-zero exit). */
export function exec(cmd: string, args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** exec with extra environment variables. */
export function execEnv(cmd: string, args: readonly string[], env: Record<string, string>): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * One Buildah storage (its own --root and --runroot, never the global store), so builds of different variants can
 * run side by side and tag the same base image names with different configurations.
 */
export class Store {
  constructor(
    readonly root: string,
    readonly runroot: string,
  ) {}

  private base(): string[] {
    return ['--root', this.root, '--runroot', this.runroot, '--storage-driver', 'vfs'];
  }

  async run(args: readonly string[]): Promise<string> {
    const r = await exec('buildah', [...this.base(), ...args]);
    if (r.code !== 0) throw new Error(`buildah ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
    return r.stdout.trim();
  }

  /** `buildah bud` as the classic builder would run it here: chroot isolation, local images only, every stage. */
  bud(dockerfile: string, context: string, hostDir: string): Promise<Exec> {
    return exec('buildah', [
      ...this.base(),
      'bud',
      '--isolation',
      'chroot',
      '--pull=never',
      '--skip-unused-stages=false',
      '--jobs',
      '1',
      '--layers=false',
      '--format',
      'docker',
      '--volume',
      `${hostDir}:/.cf`,
      // The store itself, read-only, so that a probe reads the image's files rather than what the RUN sees.
      '--volume',
      `${this.root}:/.cfstore:ro`,
      '-f',
      dockerfile,
      context,
    ]);
  }
}
