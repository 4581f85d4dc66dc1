import { describe, expect, it } from 'vitest';
import { ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'data-container-long-running';
const { own, marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('marks the arguments of the command and names the volumes', async () => {
    const text = 'FROM busybox\nVOLUME /data\nCMD tail -f /dev/null\n';
    const [m] = await own(text);
    expect(m).toMatchObject({ line: 3, column: 5, endLine: 3, endColumn: 22, severity: 1 });
    expect(m?.message).toBe('`tail -f /dev/null` keeps a data container for VOLUME /data running; make it `true`, or use a named volume.');
    expect(m?.relatedLocations).toEqual([{ message: 'VOLUME /data is declared here.', line: 2, column: 8, endLine: 2, endColumn: 13 }]);
  });

  it('counts volumes of the base image, and then has no better image to suggest', async () => {
    const text = 'FROM postgres:16\nCMD ["sleep", "infinity"]\n';
    const [m] = await own(text);
    expect(text.slice(m?.range[0], m?.range[1])).toBe('"sleep", "infinity"');
    expect(m?.message).toContain('for VOLUME /var/lib/postgresql/data running');
    expect(m?.relatedLocations?.[0]?.message).toBe('The base image postgres:16 declares VOLUME /var/lib/postgresql/data.');
    expect(m?.suggestions).toBeUndefined();
  });

  it('combines ENTRYPOINT and CMD as the builder does', async () => {
    expect(await marked('FROM alpine\nVOLUME /data\nENTRYPOINT ["sleep"]\nCMD ["infinity"]\n')).toEqual(['"infinity"']);
    expect(await marked('FROM alpine AS base\nVOLUME /data\nCMD ["sleep", "infinity"]\nFROM base\nENTRYPOINT ["echo"]\n')).toEqual([]);
  });

  it('stays silent for images that add an app or whose command exits', async () => {
    expect(await marked('FROM debian\nRUN apt-get install -y cron\nVOLUME /data\nCMD ["sleep", "infinity"]\n')).toEqual([]);
    expect(await marked('FROM busybox\nVOLUME /data\nCMD ["true"]\n')).toEqual([]);
    expect(await marked('FROM busybox\nCMD ["sleep", "infinity"]\n')).toEqual([]);
  });
});
