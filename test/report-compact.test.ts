import { describe, expect, it } from 'vitest';
import { format } from '../src/report/compact.js';
import { all, context, findingCount } from './report-fixtures.js';

const LINE = /^(.+):(\d+):(\d+): (error|warning) (\S+) (.*)$/;

describe('compact format', () => {
  const lines = format(all, context).split('\n');

  it('prints one parseable line per finding, paths relative to cwd', () => {
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(findingCount);
    expect(lines.map((l) => LINE.exec(l)?.slice(1, 6))).toEqual([
      ['Dockerfile', '3', '17', 'error', 'write-after-volume'],
      ['Dockerfile', '4', '5', 'warning', 'chown-volume'],
      ['Dockerfile', '4', '36', 'error', 'write-after-volume'],
      ['sub dir/ü,a:b&c.Dockerfile', '2', '9', 'warning', 'anonymous-volume'],
      ['broken/Dockerfile', '2', '5', 'error', 'fatal'],
      ['/elsewhere/Containerfile', '3', '5', 'error', 'write-after-volume'],
    ]);
  });

  it('keeps a multi-line message on one line', () => {
    expect(lines[1]).toBe('Dockerfile:4:5: warning chown-volume chown of a volume, ignored at run time: 100% lost, see docs');
  });

  it('prints nothing without findings', () => {
    expect(format([], context)).toBe('');
  });
});
