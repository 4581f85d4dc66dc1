import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'volume-permissions-after-declare';

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('names the USER the image runs as, from the stage or its base image, where the builder drops the change', async () => {
    const ruleFindings = async (text: string, builder?: 'buildkit') => (await lint(text, builder ? { builder } : {})).filter((x) => x.ruleId === RULE);
    const [own] = await ruleFindings('FROM debian\nVOLUME /data\nRUN chown app /data\nUSER app\n');
    expect(own?.message).toBe('`chown` sets the owner of /data after its VOLUME (line 2): classic builders drop it, so USER app meets the old owner; do it before the VOLUME.');
    // sonatype/nexus3 runs as USER nexus (shipped facts); the stage does not change it.
    const [inherited] = await ruleFindings('FROM sonatype/nexus3\nVOLUME /srv/x\nRUN chmod 700 /srv/x\n');
    expect(inherited?.message).toContain('classic builders drop it, so USER nexus meets the old owner;');
    const [root] = await ruleFindings('FROM debian\nVOLUME /data\nRUN chown app /data\n');
    expect(root?.message).toContain('classic builders drop it; do it');
    // BuildKit keeps the change: the USER finds the new owner.
    const [kept] = await ruleFindings('FROM debian\nVOLUME /data\nRUN chown app /data\nUSER app\n', 'buildkit');
    expect(kept?.message).not.toContain('USER app');
  });

  it('says what the builder does with the change, and what to do', async () => {
    const [m] = (await lint('FROM debian\nVOLUME /data\nRUN chown -R app:app /data\n')).filter((x) => x.ruleId === RULE);
    expect(m?.message).toBe('`chown` sets the owner of /data after its VOLUME (line 2): classic builders drop it; do it before the VOLUME.');
  });

  it('reaches into the volume only through a recursive change of a parent', async () => {
    const rules = async (text: string) => (await lint(text)).filter((x) => x.ruleId === RULE).map((x) => x.message.split(' (')[0]);
    expect(await rules('FROM debian\nVOLUME /var/lib/app\nRUN chmod -R g+w /var/lib\n')).toEqual([
      '`chmod` sets the mode of /var/lib recursively after VOLUME /var/lib/app',
    ]);
    expect(await rules('FROM debian\nVOLUME /var/lib/app\nRUN chmod g+w /var/lib\n')).toEqual([]);
  });
});

describe(`${RULE}: volumes prepared before their VOLUME`, () => {
  const count = async (text: string) => (await lint(text)).filter((x) => x.ruleId === RULE).length;

  it('lets a recursive chown of the parent pass when the volume was chowned before VOLUME', async () => {
    const prepared = 'FROM node:22\nRUN mkdir -p /app/uploads && chown rc:rc /app/uploads\nVOLUME /app/uploads\nCOPY . /app\nRUN chown -R rc:rc /app\n';
    expect(await count(prepared)).toBe(0);
  });

  it('still reports it when only another command prepared it, or the volume itself is changed', async () => {
    expect(await count('FROM node:22\nRUN chmod 700 /app/uploads\nVOLUME /app/uploads\nRUN chown -R rc:rc /app\n')).toBe(1);
    expect(await count('FROM node:22\nRUN chown rc /app/uploads\nVOLUME /app/uploads\nRUN chown -R rc /app/uploads\n')).toBe(1);
  });
});
