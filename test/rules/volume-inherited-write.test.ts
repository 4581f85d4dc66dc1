import { describe, expect, it } from 'vitest';
import { buildBaseImageTable, lookupBaseImageVolumes } from '../../src/model/base-images.js';
import type { BuilderProfile } from '../../src/model/types.js';
import { lint, ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'volume-inherited-write';
const { own, marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe('base-image volume table', () => {
  const table = buildBaseImageTable();
  const paths = (ref: string) => lookupBaseImageVolumes(table, ref).map((v) => v.path);

  it('maps postgres 18 and the untagged image to /var/lib/postgresql, 14 to 17 to /var/lib/postgresql/data', () => {
    for (const ref of ['postgres', 'postgres:18', 'postgres:latest', 'postgres:18.1-alpine', 'postgres:alpine', 'postgres@sha256:abc']) {
      expect(paths(ref), ref).toEqual(['/var/lib/postgresql']);
    }
    for (const ref of ['postgres:16', 'postgres:14', 'postgres:17-bookworm', 'postgres:16.4']) {
      expect(paths(ref), ref).toEqual(['/var/lib/postgresql/data']);
    }
  });

  it('matches by repository with or without docker.io/, library/, tag or digest', () => {
    for (const ref of ['docker.io/library/postgres:16', 'library/postgres:16', 'index.docker.io/library/postgres:16@sha256:0', 'Postgres:16']) {
      expect(paths(ref), ref).toEqual(['/var/lib/postgresql/data']);
    }
    expect(paths('registry.example.com/postgres:16')).toEqual([]);
    expect(paths('mycompany/postgres')).toEqual([]);
  });

  it('finds a bare variant tag among the tagged variants', () => {
    expect(paths('mongo:windowsservercore')).toEqual(['C:\\data\\configdb', 'C:\\data\\db']);
    expect(paths('mongo')).toEqual(['/data/configdb', '/data/db']);
    expect(paths('jenkins/jenkins:lts-jdk17')).toEqual(['/var/jenkins_home']);
  });

  it('lets the config replace or add an image, naming where the fact comes from', () => {
    const withConfig = buildBaseImageTable({ 'mycompany/postgres': ['/srv/pg/'] }, '/repo/.volintrc.json');
    expect(lookupBaseImageVolumes(withConfig, 'mycompany/postgres:2')).toEqual([{ path: '/srv/pg', source: '/repo/.volintrc.json' }]);
  });
});

describe(RULE, () => {
  it('marks the command and relates it to the FROM image, naming image, volume and source', async () => {
    const text = 'FROM postgres:16\nRUN apt-get update && touch /var/lib/postgresql/data/x\n';
    const [m] = await own(text);
    expect(m).toMatchObject({ line: 2, column: 23, endLine: 2, endColumn: 55, severity: 2 });
    expect(m?.message).toBe("`touch` creates /var/lib/postgresql/data/x in postgres's VOLUME: classic builders drop it; do it in the entrypoint.");
    expect(m?.relatedLocations).toEqual([
      {
        message: 'The base image postgres:16 declares VOLUME /var/lib/postgresql/data (docker-library/postgres@31041e40d9b0:16/trixie/Dockerfile).',
        line: 1,
        column: 6,
        endLine: 1,
        endColumn: 17,
      },
    ]);
  });

  it('follows the volume postgres 18 moved', async () => {
    expect(await marked('FROM postgres:18\nRUN touch /var/lib/postgresql/x\n')).toEqual(['touch /var/lib/postgresql/x']);
    expect(await marked('FROM postgres:17\nRUN touch /var/lib/postgresql/x\n')).toEqual([]);
  });

  it('gives no finding for an unknown image, or for volumes of this file (other rules report those)', async () => {
    expect(await marked('FROM mycompany/db:1\nRUN touch /var/lib/postgresql/data/x\n')).toEqual([]);
    expect(await marked('FROM debian\nVOLUME /data\nRUN touch /data/x\n')).toEqual([]);
  });

  it('uses volumes the config adds for the team\'s own images', async () => {
    const text = 'FROM registry.example.com/team/base:3\nRUN chown app /srv/state\n';
    expect((await lint(text)).filter((m) => m.ruleId === RULE)).toEqual([]);
    const [m] = (await lint(text, { baseImages: { 'registry.example.com/team/base': { volumes: ['/srv/state'] } }, configFile: '/repo/.volintrc.yaml' })).filter(
      (x) => x.ruleId === RULE,
    );
    expect(m?.message).toContain("in registry.example.com/team/base's VOLUME:");
    expect(m?.relatedLocations?.[0]?.message).toBe('The base image registry.example.com/team/base:3 declares VOLUME /srv/state (/repo/.volintrc.yaml).');
  });

  it('is an error where the builder discards the change and a warning where it keeps it', async () => {
    const text = 'FROM jenkins/jenkins\nRUN chown -R jenkins /var/jenkins_home\n';
    const severity = async (builder: BuilderProfile) => (await own(text, builder))[0]?.severity;
    expect([await severity('portable'), await severity('classic'), await severity('buildah-compat'), await severity('kaniko')]).toEqual([2, 2, 2, 2]);
    expect([await severity('buildkit'), await severity('buildah')]).toEqual([1, 1]);
    expect((await own(text, 'portable'))[0]?.message).toContain(': classic builders drop it; do it in the entrypoint.');
    expect((await own(text, 'buildkit'))[0]?.message).toContain(': BuildKit keeps it, but not portably; do it in the entrypoint.');
  });
});
