import { describe, expect, it } from 'vitest';
import { lint, ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'volume-write-after-declare';
const { marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('leaves a scratch file alone: created and deleted by the same RUN, as in the official images that download into their WORKDIR', async () => {
    const text = 'FROM php:8.3-apache\nVOLUME /var/www/html\nRUN curl -o app.tar.gz https://x && tar -xzf app.tar.gz -C /usr/src && rm app.tar.gz && touch kept\n';
    expect(await marked(text)).toEqual(['touch kept']);
  });

  it('marks each offending command or redirect, not the line', async () => {
    expect(await marked('FROM debian\nVOLUME /data\nRUN apt-get update && echo hi > /data/a && touch /data/b\n')).toEqual([
      '> /data/a',
      'touch /data/b',
    ]);
  });

  it('relates the finding to the VOLUME word and names the builders', async () => {
    const [m] = await lint('FROM debian\nVOLUME ["/srv", "/data"]\nRUN touch /data/x\n');
    expect(m?.relatedLocations).toEqual([{ message: 'VOLUME /data is declared here.', line: 2, column: 17, endLine: 2, endColumn: 24 }]);
    expect(m?.message).toBe('`touch` creates /data/x after VOLUME /data (line 2): classic builders drop it; do it before the VOLUME.');
  });

  it('is an error for discarding builders and a warning for BuildKit and Buildah 1.37+', async () => {
    const text = 'FROM debian\nVOLUME /data\nRUN touch /data/x\n';
    const severity = async (builder: string) => (await lint(text, { builder } as never))[0]?.severity;
    expect(await severity('portable')).toBe(2);
    expect(await severity('classic')).toBe(2);
    expect(await severity('kaniko')).toBe(2);
    expect(await severity('buildah-compat')).toBe(2);
    expect(await severity('buildkit')).toBe(1);
    expect(await severity('buildah')).toBe(1);
    // Where the builder keeps the change, the message says what still goes wrong.
    const wording = async (builder: string) => /\): (.*); do it before the VOLUME\.$/.exec((await lint(text, { builder } as never))[0]?.message ?? '')?.[1];
    expect(await wording('buildkit')).toBe('BuildKit keeps it, but not portably');
    expect(await wording('buildah')).toBe('Buildah keeps it, but not portably');
    expect(await wording('classic')).toBe('the classic builder drops it');
    expect(await wording('kaniko')).toBe('kaniko drops it');
  });

  it('reports ONBUILD RUN triggers', async () => {
    expect(await marked('FROM debian\nVOLUME /data\nONBUILD RUN touch /data/x\n')).toEqual(['touch /data/x']);
  });

  it('follows --build-arg values into paths', async () => {
    const text = 'FROM debian\nARG DIR\nVOLUME /data\nRUN touch $DIR/x\n';
    expect(await marked(text)).toEqual([]);
    expect(await marked(text, undefined, { buildArgs: { DIR: '/data' } })).toEqual(['touch $DIR/x']);
  });

  it('skips stages whose SHELL is not POSIX', async () => {
    expect(await marked('FROM debian\nSHELL ["pwsh", "-c"]\nVOLUME /data\nRUN New-Item /data/x\nRUN touch /data/x\n')).toEqual([]);
  });
});

describe(`${RULE} and find`, () => {
  it('reports a find that deletes inside the volume, but not a name-filtered one on a parent', async () => {
    expect(await marked('FROM debian\nVOLUME /data\nRUN find /data -name "*.tmp" -delete\n')).toEqual(['find /data -name "*.tmp" -delete']);
    expect(await marked('FROM debian\nVOLUME /opt/app/data\nRUN find /opt -name tests -exec rm -rf {} +\n')).toEqual([]);
    expect(await marked('FROM debian\nVOLUME /opt/app/data\nRUN find /opt -exec rm -rf {} +\n')).toEqual(['find /opt -exec rm -rf {} +']);
  });
});
