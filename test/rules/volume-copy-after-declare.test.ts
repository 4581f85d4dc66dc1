import { describe, expect, it } from 'vitest';
import { ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'volume-copy-after-declare';
const { own, marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('marks the destination argument, resolved against WORKDIR', async () => {
    const text = 'FROM debian\nWORKDIR /srv\nVOLUME /srv/data\nCOPY --chown=1:1 app.conf data/conf/\n';
    const [m] = await own(text);
    expect(m).toMatchObject({ line: 4, column: 27, endLine: 4, endColumn: 37, severity: 1 });
    expect(m?.message).toBe('COPY writes /srv/data/conf after VOLUME /srv/data (line 3): not portable; bind mounts hide it; copy before the VOLUME.');
    expect(m?.relatedLocations).toEqual([{ message: 'VOLUME /srv/data is declared here.', line: 3, column: 8, endLine: 3, endColumn: 17 }]);
  });

  it('does not fire before the VOLUME, next to it, or where WORKDIR is unknown', async () => {
    expect(await marked('FROM debian\nCOPY a /data/\nVOLUME /data\nCOPY b /data2/\nCOPY c /database\nCOPY d /\n')).toEqual([]);
    expect(await marked('FROM example.com/app\nVOLUME /data\nCOPY e data/\n')).toEqual([]);
  });

  it('reads the destination of exec form, heredocs and ADD', async () => {
    const text = 'FROM debian\nVOLUME /data\nCOPY ["a b", "/data/a b"]\nADD x.tgz /data/x/\nCOPY <<EOT /data/motd\n/etc/hosts\nEOT\n';
    expect(await marked(text)).toEqual(['"/data/a b"', '/data/x/', '/data/motd']);
    expect((await own(text))[0]?.message).toMatch(/^COPY writes \/data\/a b after VOLUME \/data /);
  });

  it('names the base image and the source of the fact for an inherited volume', async () => {
    const text = 'FROM postgres:16\nCOPY seed.sql /var/lib/postgresql/data/\n';
    const [m] = await own(text);
    expect(text.slice(m?.range[0], m?.range[1])).toBe('/var/lib/postgresql/data/');
    expect(m?.message).toBe("COPY writes /var/lib/postgresql/data in postgres's VOLUME: not portable; bind mounts hide it; copy elsewhere, seed it at run time.");
    // The fact's source is in the related location, which marks the image.
    expect(m?.relatedLocations?.[0]).toMatchObject({
      message: 'The base image postgres:16 declares VOLUME /var/lib/postgresql/data (docker-library/postgres@31041e40d9b0:16/trixie/Dockerfile).',
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 17,
    });
    expect(await marked('FROM postgres:18\nCOPY seed.sql /var/lib/postgresql/seed.sql\n')).toEqual(['/var/lib/postgresql/seed.sql']);
    expect(await marked('FROM postgres:16\nCOPY seed.sql /var/lib/postgresql/seed.sql\n')).toEqual([]);
  });

  it('names the stage of an ancestor volume and says when an ONBUILD trigger fires', async () => {
    const [ancestor] = await own('FROM debian AS base\nVOLUME /data\nFROM base\nCOPY x /data/\n');
    expect(ancestor?.message).toContain('after its VOLUME (line 2):');
    // The message names the line; the related location, on that line, names the stage.
    expect(ancestor?.relatedLocations?.[0]?.message).toBe('VOLUME /data is declared here, in stage base.');
    expect((await own('FROM debian\nONBUILD COPY . /data/\nVOLUME /data\n'))[0]?.message).toMatch(/^ONBUILD COPY writes \/data after its VOLUME \(line 3\)/);
  });

  it('is a warning on every builder, with what that builder does', async () => {
    const text = 'FROM debian\nVOLUME /data\nCOPY x /data/\n';
    for (const builder of ['portable', 'buildkit', 'classic', 'buildah', 'buildah-compat', 'kaniko'] as const) {
      expect((await own(text, builder))[0]?.severity).toBe(1);
    }
    expect((await own(text, 'buildkit'))[0]?.message).toContain(': BuildKit keeps it; bind mounts hide it;');
    expect((await own(text, 'kaniko'))[0]?.message).toContain(': kaniko may drop it and bind mounts hide it;');
    expect((await own(text, 'classic'))[0]?.message).toContain(': the classic builder may drop it and bind mounts hide it;');
  });
});
