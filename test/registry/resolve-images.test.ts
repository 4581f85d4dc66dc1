import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import type { LintMessage } from '../../src/rule-api/types.js';
import { ImageResolver } from '../../src/registry/resolve.js';
import { startInProcessServer } from '../lsp/client.js';
import { cli } from '../helpers/cli.js';
import { Builder, hasRegistryTools, startRegistry, startTokenService, type Registry, type TokenService } from '../helpers/registry.js';

if (!hasRegistryTools) console.warn('Skipping the --resolve-images tests: docker-registry, buildah or htpasswd (apache2-utils) is missing; .ci/run installs them.');

const LOGIN = { username: 'volint', password: 's3cret' };
const work = mkdtempSync(path.join(tmpdir(), 'volint-images-'));
const cacheDir = path.join(work, 'cache');
const builder = new Builder(path.join(work, 'buildah'));
let open: Registry;
let locked: Registry;
let tokened: Registry;
let tokens: TokenService;
const running: { stop(): Promise<void> }[] = [];
let multiDigest = '';

beforeAll(async () => {
  if (!hasRegistryTools) return;
  // Every lint in this process that resolves images caches here, never in the user's cache.
  process.env.VOLINT_CACHE_DIR = cacheDir;
  // A buildah the resolver asks about local images reads this store, never the machine's.
  process.env.CONTAINERS_STORAGE_CONF = builder.storageConf();
  open = await startRegistry(path.join(work, 'open'));
  running.push(open);
  locked = await startRegistry(path.join(work, 'locked'), LOGIN);
  running.push(locked);
  tokens = await startTokenService(path.join(work, 'tokens'));
  running.push(tokens);
  tokened = await startRegistry(path.join(work, 'tokened'), undefined, tokens);
  running.push(tokened);
  builder.image('localhost/pm2like:1', ['--workingdir', '/app', '--volume', '/app', '--env', 'APP_HOME=/app', '--user', 'node']);
  await builder.push('localhost/pm2like:1', `${open.host}/team/pm2like:1`);
  builder.image('localhost/multi-arm64', ['--arch', 'arm64', '--workingdir', '/arm', '--volume', '/armdata']);
  builder.image('localhost/multi-amd64', ['--arch', 'amd64', '--workingdir', '/amd', '--volume', '/amddata']);
  builder.pushList('localhost/multi:1', ['localhost/multi-arm64', 'localhost/multi-amd64'], `${open.host}/team/multi:1`);
  const head = await fetch(`http://${open.host}/v2/team/multi/manifests/1`, {
    method: 'HEAD',
    headers: { Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' },
  });
  multiDigest = head.headers.get('docker-content-digest') ?? '';
  builder.image('localhost/private:2', ['--volume', '/srv/state', '--env', 'STATE=/srv/state']);
  await builder.push('localhost/private:2', `${locked.host}/team/private:2`, LOGIN);
  await builder.push('localhost/pm2like:1', `${tokened.host}/team/public:1`);
}, 120_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  delete process.env.VOLINT_CACHE_DIR;
  delete process.env.CONTAINERS_STORAGE_CONF;
  builder.remove();
  rmSync(work, { recursive: true, force: true });
});

const config = (extra: Partial<ResolvedConfig> = {}): ResolvedConfig => ({ ...DEFAULT_CONFIG, resolveImages: true, ...extra });

async function lint(text: string, extra: Partial<ResolvedConfig> = {}, warnings: string[] = []): Promise<LintMessage[]> {
  const result = await lintText(text, {
    filePath: 'Dockerfile',
    config: config(extra),
    rules,
    imageResolution: { mode: 'wait', warn: (m) => warnings.push(m) },
  });
  return result.messages;
}

/** A resolver of its own: its own cache folder, environment and options. */
function resolver(options: { offline?: boolean; ttlMs?: number; env?: NodeJS.ProcessEnv; cache?: string; localStore?: boolean } = {}) {
  const warnings: string[] = [];
  const r = new ImageResolver({
    cacheDir: options.cache ?? mkdtempSync(path.join(work, 'cache-')),
    localStore: options.localStore ?? false,
    warn: (m) => warnings.push(m),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  return { r, warnings };
}

describe.skipIf(!hasRegistryTools)('--resolve-images against a real registry', () => {
  it('a child of an image that declares WORKDIR /app and VOLUME /app gets copy and write findings', async () => {
    const text = `FROM ${open.host}/team/pm2like:1\nCOPY src src/\nRUN npm install\nRUN touch "$APP_HOME/ready"\n`;
    expect(await lint(text, { resolveImages: false })).toEqual([]);
    const messages = await lint(text);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['volume-copy-after-declare', 2],
      ['volume-inherited-write', 3],
      ['volume-inherited-write', 4],
    ]);
    expect(messages[0]?.message).toContain(`COPY writes /app/src in ${open.host}/team/pm2like's VOLUME: `);
    expect(messages[0]?.relatedLocations?.[0]?.message).toMatch(
      new RegExp(`^The base image ${open.host}/team/pm2like:1 declares VOLUME /app \\(image config sha256:[0-9a-f]{12}\\)`),
    );
  }, 60_000);

  it('a file modelled at once (it declares a VOLUME) has its images asked for as the model meets them, pending ones read first', async () => {
    // The first lint of multi:1 in this process: the model meets it before its config is read, and is built again.
    const text = `FROM --platform=linux/arm64 ${open.host}/team/multi:1\nVOLUME /cache\nRUN touch /armdata/x /amddata/x /cache/x\n`;
    const messages = await lint(text);
    expect(messages.filter((m) => m.ruleId === 'volume-inherited-write').map((m) => / VOLUME (\S+) \(/.exec(m.relatedLocations?.[0]?.message ?? '')?.[1])).toEqual([
      '/armdata',
    ]);
    expect(messages.map((m) => m.ruleId)).toContain('volume-write-after-declare');
  }, 60_000);

  it('takes the platform from FROM --platform, then --platform, then the host, out of a manifest list', async () => {
    const volumes = async (text: string, extra: Partial<ResolvedConfig> = {}) =>
      (await lint(`${text}\nRUN touch /amddata/x /armdata/x\n`, extra)).map((m) => / VOLUME (\S+) \(/.exec(m.relatedLocations?.[0]?.message ?? '')?.[1]);
    expect(await volumes(`FROM --platform=linux/arm64 ${open.host}/team/multi:1`)).toEqual(['/armdata']);
    expect(await volumes(`FROM ${open.host}/team/multi:1`, { platform: 'linux/arm64' })).toEqual(['/armdata']);
    expect(await volumes(`FROM --platform=linux/amd64 ${open.host}/team/multi:1`, { platform: 'linux/arm64' })).toEqual(['/amddata']);
    const { r, warnings } = resolver();
    expect(await r.resolve({ ref: `${open.host}/team/multi:1`, platform: 'linux/s390x' })).toBeUndefined();
    expect(warnings).toEqual([
      `cannot resolve image ${open.host}/team/multi:1: no linux/s390x image in its index (it has linux/arm64, linux/amd64); using volint's shipped facts.`,
    ]);
  }, 60_000);

  it('honours FROM image@sha256: exactly', async () => {
    const { r } = resolver();
    const facts = await r.resolve({ ref: `${open.host}/team/multi@${multiDigest}`, platform: 'linux/arm64' });
    expect(facts?.workdir).toBe('/arm');
    const { r: r2, warnings } = resolver();
    const wrong = `sha256:${'0'.repeat(64)}`;
    expect(await r2.resolve({ ref: `${open.host}/team/multi@${wrong}` })).toBeUndefined();
    expect(warnings[0]).toContain(`has no team/multi:${wrong}`);
  }, 60_000);

  it('logs in to a registry with htpasswd auth from the Docker config, and warns once without a login', async () => {
    const ref = `${locked.host}/team/private:2`;
    const anonymous = resolver({ env: { HOME: path.join(work, 'nohome'), PATH: process.env.PATH } });
    expect(await anonymous.r.resolve({ ref })).toBeUndefined();
    expect(await anonymous.r.resolve({ ref })).toBeUndefined();
    expect(anonymous.warnings).toEqual([`cannot resolve image ${ref}: ${locked.host} needs a login (none found in your Docker or Podman config); using volint's shipped facts.`]);

    const dockerConfig = path.join(work, 'docker-config');
    mkdirSync(dockerConfig, { recursive: true });
    const auth = Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64');
    writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [locked.host]: { auth } } }));
    const withLogin = resolver({ env: { HOME: path.join(work, 'nohome'), DOCKER_CONFIG: dockerConfig, PATH: process.env.PATH } });
    const facts = await withLogin.r.resolve({ ref });
    expect(withLogin.warnings).toEqual([]);
    expect(facts?.env.get('STATE')).toBe('/srv/state');
    expect(facts?.volumes.map((v) => v.path)).toEqual(['/srv/state']);
  }, 60_000);

  it('takes an anonymous pull token from the realm a token-auth registry names, as Docker Hub asks', async () => {
    const { r, warnings } = resolver({ env: { HOME: path.join(work, 'nohome'), PATH: process.env.PATH } });
    tokens.requests.length = 0;
    const facts = await r.resolve({ ref: `${tokened.host}/team/public:1` });
    expect(warnings).toEqual([]);
    expect(facts?.workdir).toBe('/app');
    expect(tokens.requests).toEqual([{ scope: 'repository:team/public:pull', basic: false }]);
  }, 60_000);

  it('caches by digest: --offline answers from the cache, re-checks a tag after the TTL, and warns once for what it lacks', async () => {
    const cache = mkdtempSync(path.join(work, 'cache-'));
    const ref = `${open.host}/team/moving:1`;
    builder.image('localhost/moving:1', ['--volume', '/first']);
    await builder.push('localhost/moving:1', ref);
    expect((await resolver({ cache }).r.resolve({ ref }))?.volumes.map((v) => v.path)).toEqual(['/first']);
    builder.image('localhost/moving:1', ['--volume', '/second']);
    await builder.push('localhost/moving:1', ref);
    // Within the TTL, and offline, the cached answer stands; after it, the registry is asked again.
    expect((await resolver({ cache }).r.resolve({ ref }))?.volumes.map((v) => v.path)).toEqual(['/first']);
    expect((await resolver({ cache, offline: true, ttlMs: 0 }).r.resolve({ ref }))?.volumes.map((v) => v.path)).toEqual(['/first']);
    expect((await resolver({ cache, ttlMs: 0 }).r.resolve({ ref }))?.volumes.map((v) => v.path)).toEqual(['/second']);

    const cold = resolver({ offline: true });
    expect(await cold.r.resolve({ ref })).toBeUndefined();
    expect(cold.warnings).toHaveLength(1);
    expect(cold.warnings[0]).toMatch(/it is not in the cache \(.*\) and --offline forbids asking its registry; using volint's shipped facts\.$/);
  }, 60_000);

  it('reads the local store (buildah) before the registry', async () => {
    const { r, warnings } = resolver({ env: process.env, localStore: true });
    const facts = await r.resolve({ ref: 'localhost/pm2like:1' });
    expect(warnings).toEqual([]);
    expect(facts).toMatchObject({ workdir: '/app', user: 'node', complete: true });
  }, 60_000);

  it('falls back to the shipped facts with one warning per image on the command line', async () => {
    const dir = mkdtempSync(path.join(work, 'cli-'));
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM 127.0.0.1:9/nothing/here:1\nFROM 127.0.0.1:9/nothing/here:1\nFROM postgres:16\nRUN touch "$PGDATA/x"\n`);
    const run = await cli(['--resolve-images', '--offline', 'Dockerfile'], { cwd: dir });
    expect(run.stderr.match(/cannot resolve image/g)).toHaveLength(2);
    expect(run.stderr).toContain('volint: warning: cannot resolve image 127.0.0.1:9/nothing/here:1: it is not in the cache');
    expect(run.stdout).toContain('volume-inherited-write');
    // A result that depends on image configs is never kept by --cache: the image may change while the file does not.
    const cached = await cli(['--resolve-images', '--offline', '--cache', '--cache-location', path.join(dir, 'lint-cache'), 'Dockerfile'], { cwd: dir });
    expect(cached.code).toBe(run.code);
    expect(existsSync(path.join(dir, 'lint-cache')) ? readFileSync(path.join(dir, 'lint-cache'), 'utf8') : '').not.toContain('Dockerfile');
  }, 60_000);

  it('the language server lints at once and publishes again when the image config arrives', async () => {
    builder.image('localhost/lsp:1', ['--workingdir', '/app', '--volume', '/app']);
    await builder.push('localhost/lsp:1', `${open.host}/team/lsp:1`);
    const dir = mkdtempSync(path.join(work, 'lsp-'));
    const { client, dispose } = await startInProcessServer({ rules, dir, settings: { resolveImages: true } });
    try {
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: `FROM ${open.host}/team/lsp:1\nCOPY src src/\n` },
      });
      const first = await client.nextDiagnostics(uri, 0);
      expect(first.diagnostics).toEqual([]);
      const second = await client.until(() => client.published.find((p) => p.uri === uri && p.diagnostics.length > 0), 'diagnostics with the image config');
      expect(second.diagnostics.map((d) => d.code)).toEqual(['volume-copy-after-declare']);
    } finally {
      dispose();
    }
  }, 60_000);
});
