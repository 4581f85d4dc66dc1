import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/rule-api/types.js';
import { format } from '../src/report/gitlab.js';
import { all, context, findingCount, main } from './report-fixtures.js';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const parse = (results: readonly LintResult[]) => JSON.parse(format(results, context)) as Issue[];

/** `main` with lines inserted above everything: same findings, other lines and offsets. */
function shifted(result: LintResult, prefix: string): LintResult {
  const added = prefix.split('\n').length - 1;
  const shift = prefix.length;
  return {
    ...result,
    source: prefix + (result.source ?? ''),
    messages: result.messages.map((m) => ({
      ...m,
      line: m.line + added,
      endLine: m.endLine + added,
      range: [m.range[0] + shift, m.range[1] + shift],
      ...(m.relatedLocations && { relatedLocations: m.relatedLocations.map((r) => ({ ...r, line: r.line + added, endLine: r.endLine + added })) }),
    })),
  };
}

describe('gitlab format', () => {
  const issues = parse(all);

  it('writes one Code Quality issue per finding', () => {
    expect(issues).toHaveLength(findingCount);
    expect(issues[0]).toEqual({
      description: 'Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
      check_name: 'write-after-volume',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      severity: 'major',
      location: { path: 'Dockerfile', lines: { begin: 3 } },
    });
    expect(issues.map((i) => [i.location.path, i.check_name, i.severity])).toEqual([
      ['Dockerfile', 'write-after-volume', 'major'],
      ['Dockerfile', 'chown-volume', 'minor'],
      ['Dockerfile', 'write-after-volume', 'major'],
      ['sub dir/ü,a:b&c.Dockerfile', 'anonymous-volume', 'minor'],
      ['broken/Dockerfile', 'fatal', 'critical'],
      ['/elsewhere/Containerfile', 'write-after-volume', 'major'],
    ]);
  });

  it('gives unique fingerprints, even to identical findings in one file', () => {
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    // Issues 0 and 2 mark the same text with the same rule; only their order tells them apart.
    expect(issues[0]?.description.startsWith("Write to '/data/x.txt'")).toBe(true);
    expect(issues[2]?.description.startsWith("Write to '/data/x.txt'")).toBe(true);
  });

  it('keeps fingerprints across runs and across lines added above', () => {
    expect(parse(all).map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    const moved = parse([shifted(main, '# syntax=docker/dockerfile:1\n# comment\n')]);
    expect(moved.map((i) => i.location.lines.begin)).toEqual([5, 6, 6]);
    expect(moved.map((i) => i.fingerprint)).toEqual(issues.slice(0, 3).map((i) => i.fingerprint));
  });

  it('changes the fingerprint when the marked text, rule or file changes', () => {
    const renamed = parse([{ ...main, filePath: '/repo/other/Dockerfile' }]);
    expect(renamed[0]?.fingerprint).not.toBe(issues[0]?.fingerprint);
    const edited = parse([{ ...main, source: main.source?.replace('/data/x.txt', '/data/y.txt') }]);
    expect(edited[0]?.fingerprint).not.toBe(issues[0]?.fingerprint);
    expect(edited[1]?.fingerprint).toBe(issues[1]?.fingerprint);
  });

  it('prints an empty array without findings', () => {
    expect(parse([])).toEqual([]);
  });
});
