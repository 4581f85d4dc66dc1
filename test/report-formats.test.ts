import { XMLParser } from 'fast-xml-parser';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/rule-api/types.js';
import { formatNames, loadFormatter } from '../src/report/formats.js';
import { all, context, findingCount } from './report-fixtures.js';

const xml = new XMLParser({ ignoreAttributes: false, isArray: () => true });

/** How many findings each format's output carries, read back the way a consumer would. */
const counters: Record<(typeof formatNames)[number], (out: string) => number> = {
  json: (out) => (JSON.parse(out) as LintResult[]).reduce((n, r) => n + r.messages.length, 0),
  stylish: (out) => out.split('\n').filter((l) => /^\s+\d+:\d+\s+(error|warning)\s/.test(l)).length,
  sarif: (out) => {
    const run = (JSON.parse(out) as Sarif.Log).runs[0];
    return (run?.results?.length ?? 0) + (run?.invocations?.[0]?.toolExecutionNotifications?.length ?? 0);
  },
  checkstyle: (out) => out.match(/<error /g)?.length ?? 0,
  junit: (out) => {
    const doc = xml.parse(out) as { testsuites: { testsuite: { testcase: { failure?: unknown[]; error?: unknown[] }[] }[] }[] };
    return (doc.testsuites[0]?.testsuite[0]?.testcase ?? []).reduce((n, c) => n + (c.failure?.length ?? 0) + (c.error?.length ?? 0), 0);
  },
  github: (out) => out.split('\n').filter((l) => l.startsWith('::')).length,
  gitlab: (out) => (JSON.parse(out) as unknown[]).length,
  compact: (out) => out.split('\n').filter((l) => l !== '').length,
};

describe('format registry', () => {
  it('names every format', () => {
    expect(formatNames).toEqual(['stylish', 'json', 'sarif', 'checkstyle', 'junit', 'github', 'gitlab', 'compact']);
  });

  it('loads each format on demand and rejects unknown names', async () => {
    for (const name of formatNames) expect(typeof (await loadFormatter(name))).toBe('function');
    await expect(loadFormatter('html')).rejects.toThrow("Unknown format 'html'. Formats: stylish, json, sarif");
  });

  it('carries the same findings in every format as in json', async () => {
    const json = counters.json((await loadFormatter('json'))(all, context));
    expect(json).toBe(findingCount);
    for (const name of formatNames) {
      const out = (await loadFormatter(name))(all, context);
      expect([name, counters[name](out)]).toEqual([name, json]);
    }
  });
});

describe('json', () => {
  it('leaves out the source text and the files a result depends on, keeps the fixed output', async () => {
    const result: LintResult = {
      filePath: '/w/compose.yaml',
      messages: [],
      errorCount: 0,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      output: 'services: {}\n',
      source: 'services: {}',
      dependencies: ['/w/.env', '/w/compose.override.yaml'],
    };
    const [printed] = JSON.parse((await loadFormatter('json'))([result], context)) as Record<string, unknown>[];
    expect(Object.keys(printed ?? {})).toEqual(['filePath', 'messages', 'errorCount', 'warningCount', 'fatalErrorCount', 'fixableErrorCount', 'fixableWarningCount', 'output']);
  });
});
