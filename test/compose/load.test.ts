import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/compose/env-file.js';
import { isComposeFileName } from '../../src/compose/names.js';
import { loadProject, projectFiles, type ReadText } from '../../src/compose/project.js';
import { interpolate, UNKNOWN_PART } from '../../src/runtime/interpolate.js';
import { splitShortVolume } from '../../src/runtime/mount-spec.js';

/** A project in memory: file name (relative to /p) → text. */
function memory(files: Record<string, string>): ReadText {
  return (f) => files[path.relative('/p', f)];
}

function load(files: Record<string, string>, main = 'compose.yaml', explicit: string[] = []) {
  const read = memory(files);
  return loadProject(projectFiles(`/p/${main}`, read, explicit), read);
}

describe('interpolation (Compose Specification)', () => {
  const vars = new Map([['SET', 'x'], ['EMPTY', '']]);
  it.each([
    ['$SET/a', 'x/a'],
    ['${SET}', 'x'],
    ['${UNSET:-./d}', './d'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['${UNSET:-${SET}/n}', 'x/n'],
    ['$$HOME', '$HOME'],
  ])('%s → %s', (input, output) => {
    expect(interpolate(input, vars)).toEqual({ text: output, unknown: false });
  });
  it('leaves a variable nobody set unknown, never empty', () => {
    expect(interpolate('${UNSET}/data', vars).text).toBe(`${UNKNOWN_PART}/data`);
    expect(interpolate('${UNSET:?required}', vars).unknown).toBe(true);
  });
});

describe('.env files', () => {
  it('reads quotes, comments, export and earlier values', () => {
    const env = parseEnvFile('# c\nexport A=1\nB="two ${A}"\nC=\'lit $A\'\nD=plain # comment\n');
    expect(Object.fromEntries(env)).toEqual({ A: '1', B: 'two 1', C: 'lit $A', D: 'plain' });
  });
});

describe('short volume syntax', () => {
  it.each([
    ['/data', { type: 'volume', source: '', target: '/data', mode: '' }],
    ['data:/data:ro', { type: 'volume', source: 'data', target: '/data', mode: 'ro' }],
    ['./data:/data', { type: 'bind', source: './data', target: '/data', mode: '' }],
    ['~/d:/d', { type: 'bind', source: '~/d', target: '/d', mode: '' }],
    ['C:\\data:/data', { type: 'bind', source: 'C:\\data', target: '/data', mode: '' }],
    [`${UNKNOWN_PART}/x:/x`, { type: 'bind', source: `${UNKNOWN_PART}/x`, target: '/x', mode: '' }],
    [`${UNKNOWN_PART}:/x`, { type: undefined, source: UNKNOWN_PART, target: '/x', mode: '' }],
  ])('%s', (spec, parsed) => {
    expect(splitShortVolume(spec)).toEqual(parsed);
  });
});

describe('file names', () => {
  it.each(['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.override.yaml', 'docker-compose.prod.yml',
    'docker-compose-dev.yml', 'compose.dev.yaml'])('%s is a compose file', (name) => { expect(isComposeFileName(name)).toBe(true); });
  it.each(['compose.json', 'my-compose.yml', 'values.yaml'])('%s is not', (name) => { expect(isComposeFileName(name)).toBe(false); });
});

describe('loading a project', () => {
  it('keeps the exact entry of each volume, after interpolation from .env', () => {
    const text = 'services:\n  db:\n    image: postgres:${PG:-16}\n    volumes:\n      - ${DATA:-./pg}:/var/lib/postgresql/data\n      - type: volume\n        source: logs\n        target: /logs\n';
    const p = load({ 'compose.yaml': text, '.env': 'PG=17\n' });
    const db = p.services.get('db');
    expect(db?.image?.value).toBe('postgres:17');
    const [bind, logs] = db?.volumes ?? [];
    expect(bind).toMatchObject({ type: 'bind', source: '/p/pg', target: '/var/lib/postgresql/data' });
    expect(text.slice(bind?.range.start, bind?.range.end)).toBe('${DATA:-./pg}:/var/lib/postgresql/data');
    expect(logs).toMatchObject({ type: 'volume', source: 'logs', target: '/logs', syntax: 'long' });
    expect(text.slice(logs?.range.start, logs?.range.end)).toMatch(/^type: volume[\s\S]*target: \/logs$/);
  });

  it('merges the override file over the base file, volumes by target', () => {
    const p = load({
      'compose.yaml': 'services:\n  app:\n    image: a\n    volumes: [data:/data, /cache]\n',
      'compose.override.yaml': 'services:\n  app:\n    volumes: [./data:/data]\n    tmpfs: /run\n',
    });
    const app = p.services.get('app');
    expect(app?.image?.value).toBe('a');
    expect(app?.volumes.map((v) => `${v.type}:${v.target}:${path.basename(v.file)}`)).toEqual(['volume:/cache:compose.yaml', 'bind:/data:compose.override.yaml', 'tmpfs:/run:compose.override.yaml']);
  });

  it('merges -f files in order and honours !reset', () => {
    const p = load({
      'a.yaml': 'services:\n  app:\n    image: a\n    volumes: [/x]\n',
      'b.yaml': 'services:\n  app:\n    image: b\n    volumes: !reset []\n',
    }, 'b.yaml', ['/p/a.yaml', '/p/b.yaml']);
    expect(p.services.get('app')?.image?.value).toBe('b');
    expect(p.services.get('app')?.volumes).toEqual([]);
  });

  it('follows extends, in the same file and in another one', () => {
    const p = load({
      'compose.yaml': 'services:\n  base:\n    image: postgres\n    volumes: [pg:/var/lib/postgresql/data]\n  db:\n    extends: base\n  web:\n    extends:\n      file: common.yml\n      service: app\n',
      'common.yml': 'services:\n  app:\n    build: ./web\n',
    });
    expect(p.services.get('db')?.volumes.map((v) => v.target)).toEqual(['/var/lib/postgresql/data']);
    expect(p.services.get('web')?.build?.context).toBe('/p/web');
  });

  it('reads v1 files, volumes_from, tmpfs, top-level volumes and merge keys', () => {
    const v1 = load({ 'docker-compose.yml': 'data:\n  image: busybox\n  volumes: [/data]\napp:\n  image: app\n  volumes_from: [data, "container:other:ro"]\n' }, 'docker-compose.yml');
    expect(v1.services.get('app')?.volumesFrom.map((v) => `${v.kind}:${v.name}`)).toEqual(['service:data', 'container:other']);
    const anchors = load({ 'compose.yaml': 'x-common: &common\n  image: redis\n  tmpfs: [/tmp]\nservices:\n  cache:\n    <<: *common\nvolumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /srv/data}\n' });
    expect(anchors.services.get('cache')?.image?.value).toBe('redis');
    expect(anchors.services.get('cache')?.volumes[0]).toMatchObject({ type: 'tmpfs', target: '/tmp' });
    expect(anchors.volumes.get('data')?.bindDevice).toBe('/srv/data');
  });

  it('includes other projects with their own directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'volint-include-'));
    afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
    writeFileSync(path.join(dir, 'compose.yaml'), 'include:\n  - sub/compose.yaml\nservices:\n  app:\n    image: a\n');
    writeFileSync(path.join(dir, 'sub.yaml'), '');
    const read: ReadText = (f) => (f === path.join(dir, 'sub/compose.yaml') ? 'services:\n  db:\n    build: .\n' : f === path.join(dir, 'compose.yaml') ? 'include:\n  - sub/compose.yaml\nservices:\n  app:\n    image: a\n' : undefined);
    const p = loadProject([path.join(dir, 'compose.yaml')], read);
    expect([...p.services.keys()].sort()).toEqual(['app', 'db']);
    expect(p.services.get('db')?.build?.context).toBe(path.join(dir, 'sub'));
  });

  it('reports invalid YAML as a problem, not an exception', () => {
    const p = load({ 'compose.yaml': 'services:\n  a: [\n' });
    expect(p.problems[0]?.message).toMatch(/not valid YAML/);
  });
});
