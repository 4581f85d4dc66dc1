import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_IMAGE_FACTS } from '../src/data/base-image-facts.js';
import { buildBaseImageTable, defaultBaseImageTable, lookupImageFacts } from '../src/model/base-images.js';
import { buildModel } from '../src/model/build.js';
import type { InstructionModel } from '../src/model/types.js';
import { repoRoot } from './helpers/cli.js';
import { lint } from './helpers/lint.js';
import { CORPUS_ROOT } from './helpers/corpus.js';

const TABLES = CORPUS_ROOT;
const hasTables = existsSync(path.join(TABLES, 'base-image-facts.tsv')) && existsSync(path.join(TABLES, 'base-image-tags.tsv'));
if (!hasTables) console.warn(`Skipping the check of the shipped base-image facts against their source: ${TABLES} is absent.`);

const table = defaultBaseImageTable();
const facts = (ref: string) => lookupImageFacts(table, ref);

describe('shipped base-image facts', () => {
  it.skipIf(!hasTables)('are what the generator makes of the corpus tables', () => {
    const run = spawnSync(process.execPath, ['.ci/generate-base-image-facts.mjs', '--check', TABLES], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.skipIf(!hasTables)('map every published tag of the tags table to its pattern', () => {
    const rows = readFileSync(path.join(TABLES, 'base-image-tags.tsv'), 'utf8').trim().split('\n').slice(1);
    const wrong: string[] = [];
    for (const row of rows) {
      const [image = '', tag = '', pattern = ''] = row.split('\t');
      const json = BASE_IMAGE_FACTS[image];
      const expected = json === undefined ? undefined : (JSON.parse(json) as { p: Record<string, unknown> }).p[pattern];
      const got = lookupImageFacts(buildBaseImageTable(), `${image}:${tag}`);
      if (expected === undefined || got === undefined) wrong.push(`${image}:${tag} (pattern ${pattern}) has no facts`);
    }
    expect(wrong).toEqual([]);
    expect(rows.length).toBeGreaterThan(11_000);
  });

  it('resolve tags through the tag rule: patch releases, variants without a version, latest', () => {
    expect(facts('postgres:16.4')?.env.get('PGDATA')).toBe('/var/lib/postgresql/data');
    expect(facts('postgres:16.4-alpine')?.env.get('PG_MAJOR')).toBe('16');
    expect(facts('postgres')?.env.get('PGDATA')).toBe('/var/lib/postgresql/18/docker');
    expect(facts('postgres:latest')?.volumes.map((v) => v.path)).toEqual(['/var/lib/postgresql']);
    expect(facts('debian:bookworm-slim')).toMatchObject({ complete: true, workdir: '/', user: 'root' });
    expect(facts('keymetrics/pm2:8')).toMatchObject({ workdir: '/app', volumes: [{ path: '/app' }] });
    expect(facts('jenkins/jenkins')).toMatchObject({ user: 'jenkins' });
    expect(facts('jenkins/jenkins')?.env.get('JENKINS_HOME')).toBe('/var/jenkins_home');
  });

  it('ship names without values for what no path uses, so that they are never taken for unset', () => {
    const pg = facts('postgres:16');
    expect(pg?.env.has('PATH')).toBe(true);
    expect(pg?.env.get('PATH')).toBeUndefined();
    expect(pg?.complete).toBe(true);
  });

  it('give an unmapped tag the volumes of the nearest pattern, and nothing else', () => {
    const guessed = facts('postgres:19');
    expect(guessed?.volumes.map((v) => v.path)).toEqual(['/var/lib/postgresql']);
    expect(guessed).toMatchObject({ complete: false, workdir: undefined, user: undefined });
    // An untagged image without a `latest` line: no guess from the 2017 tags that declared a volume.
    expect(facts('keymetrics/pm2')).toBeUndefined();
  });

  it('stay small', () => {
    const bytes = readFileSync(path.join(repoRoot, 'src/data/base-image-facts.ts')).length;
    expect(bytes).toBeLessThan(600_000);
  });
});

describe('the model uses the base image', () => {
  const find = (text: string, keyword: string): InstructionModel => {
    const found = buildModel(text).instructions.find((i) => i.keyword === keyword);
    if (!found) throw new Error(keyword);
    return found;
  };

  it('expands its ENV in every instruction: $PGDATA on postgres', () => {
    expect(find('FROM postgres:16\nCOPY x $PGDATA/conf.d/\n', 'COPY').args[1]?.value).toBe('/var/lib/postgresql/data/conf.d/');
    expect(find('FROM postgres\nWORKDIR $PGDATA\nRUN x\n', 'RUN').workdir).toBe('/var/lib/postgresql/18/docker');
  });

  it('knows which variables it does not set: ${X:-d} takes the default on debian:bookworm', () => {
    expect(find('FROM debian:bookworm\nVOLUME ${DATA:-/data}\n', 'VOLUME').volumes).toEqual([]);
    expect(find('FROM debian:bookworm\nVOLUME ${DATA:-/data}\n', 'VOLUME').args[0]?.value).toBe('/data');
  });

  it('starts a stage in its WORKDIR and as its USER', () => {
    const run = find('FROM keymetrics/pm2:8\nRUN npm install\n', 'RUN');
    expect(run.workdir).toBe('/app');
    expect(find('FROM jenkins/jenkins\nRUN x\n', 'RUN').user).toBe('jenkins');
    expect(find('FROM jenkins/jenkins\nUSER root\nRUN x\n', 'RUN').user).toBe('root');
  });
});

describe('findings from shipped facts', () => {
  it('a child of keymetrics/pm2:8 (WORKDIR /app, VOLUME /app) copies and installs into the volume', async () => {
    const messages = await lint('FROM keymetrics/pm2:8\nCOPY src src/\nRUN npm install\n');
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['volume-copy-after-declare', 2],
      ['volume-inherited-write', 3],
    ]);
    expect(messages[0]?.message).toMatch(/^COPY writes \/app\/src in keymetrics\/pm2's VOLUME: /);
    expect(messages[0]?.relatedLocations?.[0]?.message).toMatch(/^The base image keymetrics\/pm2:8 declares VOLUME \/app /);
  });

  it('$PGDATA on FROM postgres reaches the volume', async () => {
    const messages = await lint('FROM postgres:16\nRUN mkdir -p "$PGDATA/conf.d"\n');
    expect(messages.map((m) => [m.ruleId, m.message.slice(0, 68)])).toEqual([
      ['volume-inherited-write', "`mkdir` creates /var/lib/postgresql/data/conf.d in postgres's VOLUME"],
    ]);
    const latest = await lint('FROM postgres\nRUN echo "listen_addresses=\'*\'" >> "$PGDATA/postgresql.conf"\n');
    expect(latest.map((m) => m.ruleId)).toEqual(['volume-inherited-write']);
  });

  it('the config\'s baseImages give volumes, ENV, WORKDIR and USER for an image pattern', async () => {
    const config = {
      baseImages: { 'registry.example.com/team/*': { volumes: ['/srv/state'], env: { STATE: '/srv/state' }, workdir: '/srv' } },
      configFile: '/repo/.volintrc.json',
    };
    const messages = await lint('FROM registry.example.com/team/base:3\nRUN touch "$STATE/ready"\nCOPY app state/\n', config);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['volume-inherited-write', 2],
      ['volume-copy-after-declare', 3],
    ]);
  });
});
