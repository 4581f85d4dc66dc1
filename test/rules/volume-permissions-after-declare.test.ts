import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'volume-permissions-after-declare';

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('names the USER the image runs as, from the stage or its base image', async () => {
    const ruleFindings = async (text: string) => (await lint(text)).filter((x) => x.ruleId === RULE);
    const [own] = await ruleFindings('FROM debian\nVOLUME /data\nRUN chown app /data\nUSER app\n');
    expect(own?.message).toContain('and the image\'s USER app gets "permission denied"');
    // sonatype/nexus3 runs as USER nexus (shipped facts); the stage does not change it.
    const [inherited] = await ruleFindings('FROM sonatype/nexus3\nVOLUME /srv/x\nRUN chmod 700 /srv/x\n');
    expect(inherited?.message).toContain('and the image\'s USER nexus gets');
    const [root] = await ruleFindings('FROM debian\nVOLUME /data\nRUN chown app /data\n');
    expect(root?.message).toContain('and a non-root service gets');
  });

  it('says the volume comes up with the old owner, and what to do', async () => {
    const [m] = (await lint('FROM debian\nVOLUME /data\nRUN chown -R app:app /data\n')).filter((x) => x.ruleId === RULE);
    expect(m?.message).toMatch(/^`chown` changes the owner of VOLUME \/data itself \(declared on line 2\)\./);
    expect(m?.message).toContain('come up with the old owner and mode');
    expect(m?.message).toContain('Create and chown the directory before the VOLUME instruction.');
  });

  it('reaches into the volume only through a recursive change of a parent', async () => {
    const rules = async (text: string) => (await lint(text)).filter((x) => x.ruleId === RULE).map((x) => x.message.split(' (')[0]);
    expect(await rules('FROM debian\nVOLUME /var/lib/app\nRUN chmod -R g+w /var/lib\n')).toEqual([
      '`chmod` changes the mode of /var/lib recursively, reaching into VOLUME /var/lib/app',
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
