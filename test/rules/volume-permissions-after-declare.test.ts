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

  it('still reports it when only another command prepared it', async () => {
    expect(await count('FROM node:22\nRUN chmod 700 /app/uploads\nVOLUME /app/uploads\nRUN chown -R rc:rc /app\n')).toBe(1);
  });

  it('lets a change of the volume itself pass when it sets the owner or mode set before VOLUME', async () => {
    expect(await count('FROM node:22\nRUN chown rc /app/uploads\nVOLUME /app/uploads\nRUN chown -R rc /app/uploads\n')).toBe(0);
    expect(await count('FROM node:22\nRUN chmod 0750 /d\nVOLUME /d\nRUN chmod 750 /d\n')).toBe(0);
    expect(await count('FROM node:22\nRUN chgrp 50 /d\nVOLUME /d\nRUN groupadd -g 50 staff && chgrp -R staff /d\n')).toBe(0);
  });

  it('matches user names to the ids the Dockerfile gives them (the Jenkins image)', async () => {
    const jenkins = [
      'FROM debian:12', 'ARG uid=1000', 'ARG gid=1000', 'ENV JENKINS_HOME=/var/jenkins_home',
      'RUN mkdir -p $JENKINS_HOME && chown ${uid}:${gid} $JENKINS_HOME && groupadd -g ${gid} jenkins && useradd -d "$JENKINS_HOME" -u ${uid} -g ${gid} -m jenkins',
      'VOLUME $JENKINS_HOME', 'RUN chown -R jenkins "$JENKINS_HOME"', '',
    ].join('\n');
    expect(await count(jenkins)).toBe(0);
    expect(await count(jenkins.replace('-u ${uid}', '-u 1001'))).toBe(1);
  });

  it('reports a change to another owner, on the volume or on a parent', async () => {
    expect(await count('FROM node:22\nRUN chown rc /app/uploads\nVOLUME /app/uploads\nRUN chown -R www-data /app/uploads\n')).toBe(1);
    expect(await count('FROM debian:12\nRUN mkdir -p /srv/app/data && chown root:root /srv/app/data\nVOLUME /srv/app/data\nRUN chown -R app:app /srv/app\n')).toBe(1);
    expect(await count('FROM debian:12\nRUN chown app: /d\nVOLUME /d\nRUN chown app:app /d\n')).toBe(1);
    expect(await count('FROM debian:12\nRUN chmod --reference=/etc /d\nVOLUME /d\nRUN chmod 755 /d\n')).toBe(1);
  });
});
