import { execFileSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { format as checkstyle } from '../src/report/checkstyle.js';
import { format as junit } from '../src/report/junit.js';
import { all, context, findingCount } from './report-fixtures.js';

/**
 * fast-xml-parser is lenient, so well-formedness is checked by expat (through Python's standard library), which
 * rejects what XML 1.0 forbids: bare `&` or `<`, mismatched tags, control characters, references to them.
 */
function expectWellFormed(xml: string): void {
  execFileSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'], { input: xml, stdio: 'pipe' });
}

const REFERENCE = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes named and numeric references in one pass, so `&amp;#10;` stays the text `&#10;`. */
const entityDecoder = {
  decode: (text: string) =>
    text.replace(REFERENCE, (ref, dec?: string, hex?: string, name?: string) =>
      dec !== undefined ? String.fromCodePoint(Number(dec)) : hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : (NAMED[name ?? ''] ?? ref),
    ),
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
};

function parse(xml: string, arrays: string[]): Record<string, unknown> {
  expectWellFormed(xml);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseAttributeValue: false,
    parseTagValue: false,
    entityDecoder,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(xml) as Record<string, unknown>;
}

type Attrs = Record<string, string>;

it('checks well-formedness strictly', () => {
  expect(() => {
    expectWellFormed('<a>\u0001</a>');
  }).toThrow();
  expect(() => {
    expectWellFormed('<a x="&#1;"/>');
  }).toThrow();
});

describe('checkstyle format', () => {
  const doc = parse(checkstyle(all, context), ['file', 'error']) as { checkstyle: { version: string; file: (Attrs & { error?: Attrs[] })[] } };

  it('lists every file, relative to cwd, with its findings', () => {
    expect(doc.checkstyle.version).toBe('4.3');
    expect(doc.checkstyle.file.map((f) => [f.name, f.error?.length ?? 0])).toEqual([
      ['Dockerfile', 3],
      ['sub dir/ü,a:b&c.Dockerfile', 1],
      ['broken/Dockerfile', 1],
      ['clean/Dockerfile', 0],
      ['/elsewhere/Containerfile', 1],
    ]);
    expect(doc.checkstyle.file.flatMap((f) => f.error ?? [])).toHaveLength(findingCount);
  });

  it('carries position, severity, source and the message with special characters intact', () => {
    const [dockerfile, odd, broken] = doc.checkstyle.file;
    expect(dockerfile?.error?.[0]).toEqual({
      line: '3',
      column: '17',
      severity: 'error',
      message: 'Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
      source: 'volint.rules.write-after-volume',
    });
    expect(dockerfile?.error?.[1]).toMatchObject({ severity: 'warning', message: 'chown of a volume, ignored at run time: 100% lost,\nsee docs' });
    // The control character cannot be written in XML 1.0; it becomes U+FFFD.
    expect(odd?.error?.[0]?.message).toBe('Anonymous volume "/vø" <, : \uFFFD ]]> control char');
    expect(broken?.error?.[0]).toMatchObject({ line: '2', column: '5', severity: 'error', source: 'volint.fatal' });
  });
});

interface TestCase {
  classname: string;
  name: string;
  time: string;
  failure?: (Attrs & { '#text': string })[];
  error?: (Attrs & { '#text': string })[];
}

describe('junit format', () => {
  const doc = parse(junit(all, context), ['testsuite', 'testcase', 'failure', 'error']) as {
    testsuites: Attrs & { testsuite: (Attrs & { testcase: TestCase[] })[] };
  };
  const suites = doc.testsuites.testsuite;
  const cases = suites[0]?.testcase ?? [];

  it('is one suite with one test case per file', () => {
    expect(suites).toHaveLength(1);
    expect(doc.testsuites).toMatchObject({ name: 'volint', tests: '5', failures: '3', errors: '1' });
    expect(suites[0]).toMatchObject({ name: 'volint', tests: '5', failures: '3', errors: '1', skipped: '0' });
    expect(cases.map((c) => [c.name, c.failure?.length ?? 0, c.error?.length ?? 0])).toEqual([
      ['Dockerfile', 3, 0],
      ['sub dir/ü,a:b&c.Dockerfile', 1, 0],
      ['broken/Dockerfile', 0, 1],
      ['clean/Dockerfile', 0, 0],
      ['/elsewhere/Containerfile', 1, 0],
    ]);
    expect(cases.reduce((n, c) => n + (c.failure?.length ?? 0) + (c.error?.length ?? 0), 0)).toBe(findingCount);
  });

  it('types each failure with its rule and puts line:col in the message', () => {
    expect(cases[0]?.failure?.[0]).toEqual({
      type: 'write-after-volume',
      message: '3:17 Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
      '#text': 'Dockerfile:3:17: error write-after-volume Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${HOME}" & <layers> never see it.',
    });
    expect(cases[0]?.failure?.[1]).toMatchObject({ type: 'chown-volume', message: '4:5 chown of a volume, ignored at run time: 100% lost,\nsee docs' });
    expect(cases[1]?.failure?.[0]?.['#text']).toBe('sub dir/ü,a:b&c.Dockerfile:2:9: warning anonymous-volume Anonymous volume "/vø" <, : \uFFFD ]]> control char');
    expect(cases[2]?.error?.[0]).toMatchObject({ type: 'fatal', message: '2:5 Unterminated heredoc: EOF' });
  });

  it('lets a file without findings pass', () => {
    expect(cases[3]).toEqual({ classname: 'volint', name: 'clean/Dockerfile', time: '0' });
  });
});
