import { describe, expect, it } from 'vitest';
import { ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';

const RULE = 'data-container-minimal-image';
const { own, marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('marks the image of the FROM line and relates each VOLUME', async () => {
    const text = 'FROM busybox\nVOLUME /var/lib/mysql /var/log/mysql\nCMD ["true"]\n';
    const [m] = await own(text);
    expect(m).toMatchObject({ line: 1, column: 6, endLine: 1, endColumn: 13, severity: 1 });
    expect(m?.message).toBe('Data container FROM busybox for VOLUME /var/lib/mysql, /var/log/mysql; build FROM the app image, or use a named volume.');
    expect(m?.relatedLocations?.map((r) => r.message)).toEqual(['VOLUME /var/lib/mysql is declared here.', 'VOLUME /var/log/mysql is declared here.']);
  });

  it('suggests the service image when the table knows the volume path', async () => {
    const text = 'FROM alpine:3.20\nVOLUME /var/lib/postgresql/data\n';
    const [m] = await own(text);
    expect(m?.suggestions).toEqual([
      { desc: 'Build FROM postgres, the service image that declares the same volume', fix: { applicability: 'unsafe', edits: [{ range: [5, 16], text: 'postgres' }] } },
    ]);
    expect((await own('FROM alpine\nVOLUME /data\n'))[0]?.suggestions).toBeUndefined();
  });

  it('covers scratch, busybox, alpine and tianon/true, with or without registry and tag', async () => {
    for (const image of ['scratch', 'busybox:1.36', 'docker.io/library/alpine:3.20', 'tianon/true']) {
      expect(await marked(`FROM ${image}\nVOLUME /srv/data\n`), image).toEqual([image]);
    }
    expect(await marked('FROM debian:12\nVOLUME /srv/data\n')).toEqual([]);
  });

  it('counts volume preparation and no-op commands as no content', async () => {
    const text = 'FROM alpine\nRUN set -e; mkdir -p /data/a && chown -R 1000 /data && echo ready\nVOLUME /data\nCMD ["sh"]\n';
    expect(await marked(text)).toEqual(['alpine']);
  });

  it('does not fire when the image adds an app', async () => {
    expect(await marked('FROM alpine\nRUN apk add --no-cache redis\nVOLUME /data\n')).toEqual([]);
    expect(await marked('FROM alpine\nRUN pip install app && mkdir /data\nVOLUME /data\n')).toEqual([]);
    expect(await marked('FROM scratch\nCOPY app /app\nVOLUME /data\nENTRYPOINT ["/app"]\n')).toEqual([]);
    expect(await marked('FROM busybox\nVOLUME /data\nCMD ["httpd", "-f"]\n')).toEqual([]);
  });

  it('lets a no-op command make any copy data, as in a snapshot image', async () => {
    expect(await marked('FROM busybox\nCOPY --from=snapshot /portage/ /\nVOLUME /var/db/repos/gentoo\nCMD /bin/true\n')).toEqual(['busybox']);
  });
});
