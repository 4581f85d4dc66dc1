import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { ConfigError } from '../src/config/errors.js';
import { createConfigResolver } from '../src/config/resolve.js';
import { schemaPath } from '../src/config/schema.js';
import { cli, repoRoot } from './helpers/cli.js';

const roots: string[] = [];

/** A throw-away project tree: `{ 'a/.volintrc.json': '{...}', 'a/Dockerfile': '...' }`. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'volint-config-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const WRITE = 'FROM debian\nVOLUME /data\nRUN touch /data/x\n';

describe('config file discovery', () => {
  it('uses the nearest config file of each linted file', async () => {
    const root = project({
      '.volintrc.json': JSON.stringify({ builder: 'buildkit' }),
      'svc/.volintrc.yaml': 'builder: classic\nrules:\n  volume-write-after-declare: off\n',
      'svc/deep/Dockerfile': WRITE,
      'Dockerfile': WRITE,
    });
    const resolver = createConfigResolver({});
    const top = await resolver.configFor(path.join(root, 'Dockerfile'));
    const deep = await resolver.configFor(path.join(root, 'svc/deep/Dockerfile'));
    expect(top).toMatchObject({ builder: 'buildkit', configFile: path.join(root, '.volintrc.json') });
    // Nearest wins as a whole: the parent's builder does not leak into the child's settings.
    expect(deep).toMatchObject({ builder: 'classic', rules: { 'volume-write-after-declare': 'off' }, configFile: path.join(root, 'svc/.volintrc.yaml') });
  });

  it('reads .volintrc.yml and the volint key of package.json, and skips a package.json without one', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'app', volint: { builder: 'kaniko' } }),
      'a/package.json': JSON.stringify({ name: 'sub' }),
      'a/Dockerfile': WRITE,
      'b/.volintrc.yml': 'builder: buildah\n',
      'b/Dockerfile': WRITE,
    });
    const resolver = createConfigResolver({});
    expect(await resolver.configFor(path.join(root, 'a/Dockerfile'))).toMatchObject({ builder: 'kaniko', configFile: path.join(root, 'package.json') });
    expect(await resolver.configFor(path.join(root, 'b/Dockerfile'))).toMatchObject({ builder: 'buildah' });
  });

  it('prefers .volintrc.json, then .yaml, .yml and package.json within one directory', async () => {
    const root = project({
      '.volintrc.yaml': 'builder: classic\n',
      'package.json': JSON.stringify({ volint: { builder: 'kaniko' } }),
      'Dockerfile': WRITE,
    });
    expect(await createConfigResolver({}).configFor(path.join(root, 'Dockerfile'))).toMatchObject({ builder: 'classic' });
  });

  it('lets --config replace the lookup and command-line options win over the file', async () => {
    const root = project({
      '.volintrc.json': JSON.stringify({ builder: 'kaniko' }),
      'other.yaml': 'builder: classic\nbuildArgs:\n  PG_MAJOR: 16\n  DEBUG: true\n',
      'Dockerfile': WRITE,
    });
    const explicit = await createConfigResolver({}, { cwd: root, configFile: 'other.yaml' }).configFor(path.join(root, 'Dockerfile'));
    expect(explicit).toMatchObject({ builder: 'classic', buildArgs: { PG_MAJOR: '16', DEBUG: 'true' } });
    const overridden = await createConfigResolver({ builder: 'buildkit', buildArgs: { DEBUG: 'no' } }, { cwd: root, configFile: 'other.yaml' }).configFor(
      path.join(root, 'Dockerfile'),
    );
    expect(overridden).toMatchObject({ builder: 'buildkit', buildArgs: { PG_MAJOR: '16', DEBUG: 'no' } });
  });

  it('accepts ESLint-style numeric severities', async () => {
    const root = project({ '.volintrc.json': JSON.stringify({ rules: { 'volume-syntax': 0, 'volume-copy-after-declare': 2 } }), 'Dockerfile': WRITE });
    const config = await createConfigResolver({}).configFor(path.join(root, 'Dockerfile'));
    expect(config.rules).toEqual({ 'volume-syntax': 'off', 'volume-copy-after-declare': 'error' });
  });
});

describe('config validation', () => {
  // What the CLI and the language server give the resolver: the registry's ids and the engine's own rule.
  const ruleIds = [...rules.map((r) => r.meta.id), 'unused-ignore'];
  const failure = async (name: string, text: string): Promise<string> => {
    const root = project({ [name]: text, 'Dockerfile': WRITE });
    const error = await createConfigResolver({}, { ruleIds })
      .configFor(path.join(root, 'Dockerfile'))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.replace(root + path.sep, '');
  };

  it('names the file and the key of an unknown key or a bad value', async () => {
    expect(await failure('.volintrc.json', '{"rulez": {}}')).toBe('.volintrc.json: rulez: unknown key. The keys are rules, builder, buildArgs, baseImages, baseImageVolumes, resolveImages, ignorePatterns, context.');
    expect(await failure('.volintrc.json', '{"builder": "docker"}')).toBe(
      '.volintrc.json: builder: "docker" is not allowed: use one of "portable", "buildkit", "classic", "buildah", "buildah-compat", "kaniko".',
    );
    expect(await failure('.volintrc.yaml', 'rules:\n  volume-sintax: error\n')).toBe(
      ".volintrc.yaml: rules.volume-sintax: unknown rule id. Run 'volint --list-rules' for the rule ids.",
    );
    expect(await failure('.volintrc.yml', 'rules:\n  volume-syntax: fatal\n')).toContain('.volintrc.yml: rules.volume-syntax: "fatal" is not allowed');
    expect(await failure('.volintrc.json', '{"baseImageVolumes": {"myorg/db": ["data"]}}')).toBe(
      '.volintrc.json: baseImageVolumes["myorg/db"][0]: "data" is not an absolute path: write it as the image declares it (/data, or C:\\data on Windows).',
    );
    expect(await failure('.volintrc.json', '{"ignorePatterns": "vendor/"}')).toBe('.volintrc.json: ignorePatterns: must be an array, not a string.');
    expect(await failure('.volintrc.json', '{"buildArgs": {"bad-name": "x"}}')).toBe('.volintrc.json: buildArgs.bad-name: "bad-name" is not a valid ARG name.');
    expect(await failure('package.json', '{"volint": {"builder": 3}}')).toContain('package.json: volint.builder: 3 is not allowed');
  });

  it('reports files that do not parse', async () => {
    expect(await failure('.volintrc.json', '{"builder": }')).toMatch(/^\.volintrc\.json: not valid JSON: /);
    expect(await failure('.volintrc.yaml', 'builder: [classic\n')).toMatch(/^\.volintrc\.yaml: not valid YAML \(line 2, column 1\): [^\n]*\.$/);
    expect(await failure('.volintrc.yaml', 'builder: classic\nrules:\n  a: off\n b: x\n')).toBe(
      '.volintrc.yaml: not valid YAML (line 4, column 1): All mapping items must start at the same column.',
    );
    expect(await failure('.volintrc.yaml', 'builder: classic\nbuilder: kaniko\n')).toMatch(/^\.volintrc\.yaml: not valid YAML \(line 2, column 1\): Map keys must be unique/);
  });

  it('treats the file as data: YAML code tags are refused, never run', async () => {
    const marker = path.join(os.tmpdir(), `volint-never-${String(process.pid)}`);
    const message = await failure('.volintrc.yaml', `builder: !!js/function "function () { require('fs').writeFileSync('${marker}', 'ran') }"\n`);
    expect(message).toMatch(/^\.volintrc\.yaml: not valid YAML( \(line \d+, column \d+\))?: /);
    expect(() => readFileSync(marker)).toThrow();
  });

  it('takes any rule id when not told the rules, and says which name is no rule id', async () => {
    const root = project({ '.volintrc.json': '{"rules": {"my-rule": "warn"}}', 'Dockerfile': WRITE });
    expect((await createConfigResolver({}).configFor(path.join(root, 'Dockerfile'))).rules).toEqual({ 'my-rule': 'warn' });
    const bad = project({ '.volintrc.json': '{"rules": {"Not A Rule": "warn"}}', 'Dockerfile': WRITE });
    await expect(createConfigResolver({}).configFor(path.join(bad, 'Dockerfile'))).rejects.toThrow('rules["Not A Rule"]: "Not A Rule" is not a rule id.');
  });

  it('ships its schema (the rule ids come from the registry at run time)', () => {
    expect(existsSync(schemaPath())).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('src/config/volintrc.schema.json');
  });
});

describe('config on the command line', () => {
  it('applies rule severities and the builder of the nearest file', async () => {
    const root = project({ 'a/Dockerfile': WRITE, 'b/Dockerfile': WRITE, 'b/.volintrc.json': JSON.stringify({ builder: 'buildkit' }) });
    const run = await cli(['--format', 'json', 'a', 'b'], { cwd: root });
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { severity: number }[] }[];
    expect(results.map((r) => [path.relative(root, r.filePath), r.messages.map((m) => m.severity)])).toEqual([
      ['a/Dockerfile', [2]],
      ['b/Dockerfile', [1]],
    ]);
    expect(run.code).toBe(1);
  });

  it('exits 2 naming the file and the key when a config is bad', async () => {
    const root = project({ 'Dockerfile': WRITE, '.volintrc.json': '{"builder": "moby"}' });
    const run = await cli(['Dockerfile'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`volint: ${path.join(root, '.volintrc.json')}: builder: "moby" is not allowed`);
    expect((await cli(['--config', 'missing.json', 'Dockerfile'], { cwd: root })).stderr).toContain('missing.json: cannot read the config file: no such file.');
  });

  it('prints the config that applies to a file', async () => {
    const root = project({ 'Dockerfile': WRITE, '.volintrc.yaml': 'builder: classic\nrules:\n  volume-syntax: warn\nbaseImageVolumes:\n  myorg/db: [/srv/db]\n' });
    const run = await cli(['--print-config', 'Dockerfile', '--rule', 'volume-host-path=off'], { cwd: root });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown> & { rules: Record<string, string> };
    expect(printed).toMatchObject({ configFile: path.join(root, '.volintrc.yaml'), builder: 'classic', baseImages: { 'myorg/db': { volumes: ['/srv/db'] } }, resolveImages: false });
    expect(printed.rules).toMatchObject({ 'volume-syntax': 'warn', 'volume-host-path': 'off', 'volume-write-after-declare': 'error', 'data-container-long-running': 'warn' });
    expect(Object.keys(printed.rules)).toHaveLength(rules.length + 1);
  });

  it('adds base-image volumes from the config, citing the file', async () => {
    const root = project({ 'Dockerfile': 'FROM myorg/db:2\nRUN touch /srv/db/ready\n', '.volintrc.json': JSON.stringify({ baseImageVolumes: { 'myorg/db': ['/srv/db'] } }) });
    const run = await cli(['--format', 'json', 'Dockerfile'], { cwd: root });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string; relatedLocations: { message: string }[] }[] }[];
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['volume-inherited-write']);
    expect(result?.messages[0]?.message).toContain("in myorg/db's VOLUME:");
    expect(result?.messages[0]?.relatedLocations[0]?.message).toBe(`The base image myorg/db:2 declares VOLUME /srv/db (${path.join(root, '.volintrc.json')}).`);
  });

  it('skips files its ignorePatterns cover during a directory walk, but not files named on the command line', async () => {
    const root = project({
      '.volintrc.json': JSON.stringify({ ignorePatterns: ['vendor/', '*.old.Dockerfile'] }),
      'Dockerfile': WRITE,
      'vendor/lib/Dockerfile': WRITE,
      'x.old.Dockerfile': WRITE,
    });
    const walked = JSON.parse((await cli(['--format', 'json', '.'], { cwd: root })).stdout) as { filePath: string }[];
    expect(walked.map((r) => path.relative(root, r.filePath))).toEqual(['Dockerfile']);
    const named = JSON.parse((await cli(['--format', 'json', 'vendor/lib/Dockerfile'], { cwd: root })).stdout) as { filePath: string }[];
    expect(named).toHaveLength(1);
  });

  it('uses buildArgs from the config', async () => {
    const root = project({ 'Dockerfile': 'FROM debian\nARG DIR\nVOLUME /data\nRUN touch $DIR/x\n', '.volintrc.json': JSON.stringify({ buildArgs: { DIR: '/data' } }) });
    const run = await cli(['--format', 'json', 'Dockerfile'], { cwd: root });
    expect((JSON.parse(run.stdout) as { messages: unknown[] }[])[0]?.messages).toHaveLength(1);
  });
});
