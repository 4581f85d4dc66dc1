import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { format } from '../src/report/sarif.js';
import { repoRoot } from './helpers/cli.js';
import { all, broken, clean, context, mainSource, odd, outside } from './report-fixtures.js';

const log = JSON.parse(format(all, context)) as Sarif.Log;
const run = log.runs[0];
if (!run) throw new Error('no run');
const results = run.results ?? [];

function result(i: number): Sarif.Result {
  const r = results[i];
  if (!r) throw new Error(`no result ${i}`);
  return r;
}

describe('sarif format', () => {
  it('has the 2.1.0 log header and the driver', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    const driver = run.tool.driver;
    expect(driver.name).toBe('volint');
    expect(driver.version).toBe('1.2.3');
    expect(driver.informationUri).toBe('https://github.com/volint/volint');
  });

  it('describes every rule, sorted by id, with its default level', () => {
    expect(run.tool.driver.rules).toEqual([
      {
        id: 'anonymous-volume',
        name: 'AnonymousVolume',
        shortDescription: { text: 'Description of anonymous-volume.' },
        fullDescription: { text: 'Description of anonymous-volume.' },
        helpUri: 'https://github.com/volint/volint/blob/main/rules/anonymous-volume.md',
        help: { text: 'Description of anonymous-volume. Documentation: https://github.com/volint/volint/blob/main/rules/anonymous-volume.md' },
        defaultConfiguration: { enabled: false },
        properties: { type: 'layout', tags: ['layout'] },
      },
      expect.objectContaining({ id: 'chown-volume', name: 'ChownVolume', defaultConfiguration: { level: 'warning' } }),
      expect.objectContaining({ id: 'write-after-volume', name: 'WriteAfterVolume', defaultConfiguration: { level: 'error' } }),
    ]);
  });

  it('lists each linted file once, relative to %SRCROOT% and percent-encoded, or absolute outside cwd', () => {
    expect(run.artifacts?.map((a) => a.location)).toEqual([
      { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
      { uri: 'sub%20dir/%C3%BC%2Ca%3Ab%26c.Dockerfile', uriBaseId: '%SRCROOT%' },
      { uri: 'broken/Dockerfile', uriBaseId: '%SRCROOT%' },
      { uri: 'clean/Dockerfile', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///elsewhere/Containerfile' },
    ]);
    expect(decodeURIComponent('sub%20dir/%C3%BC%2Ca%3Ab%26c.Dockerfile')).toBe(path.relative('/repo', odd.filePath));
  });

  it('turns findings into results and the fatal message into a notification', () => {
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.index])).toEqual([
      ['write-after-volume', 2, 'error', 0],
      ['chown-volume', 1, 'warning', 0],
      ['write-after-volume', 2, 'error', 0],
      ['anonymous-volume', 0, 'warning', 1],
      ['write-after-volume', 2, 'error', 4],
    ]);
    const invocation = run.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Unterminated heredoc: EOF' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'broken/Dockerfile', uriBaseId: '%SRCROOT%', index: 2 },
              region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 10 },
            },
          },
        ],
      },
    ]);
    expect(broken.messages).toHaveLength(1);
  });

  it('keeps regions in UTF-16 columns, links related locations and doubles braces', () => {
    const first = result(0);
    // The whale emoji before the path is two UTF-16 code units.
    expect(first.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 3, startColumn: 17, endLine: 3, endColumn: 28 });
    expect(first.message.text).toBe(
      'Write to \'/data/x.txt\' is discarded: /data is a VOLUME, so "${{HOME}}" & <layers> never see it. [VOLUME \\[/data\\] declared here](1)',
    );
    expect(first.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'VOLUME [/data] declared here' },
        physicalLocation: {
          artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
          region: { startLine: 2, startColumn: 8, endLine: 2, endColumn: 13 },
        },
      },
    ]);
    expect(result(1).message.text).toBe('chown of a volume, ignored at run time: 100% lost,\nsee docs');
    expect(result(1).relatedLocations).toBeUndefined();
  });

  it('turns fixes and suggestions into replacements located by line/column and offset', () => {
    expect(result(0).fixes).toEqual([
      {
        description: { text: 'Apply the autofix.' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
            replacements: [{ deletedRegion: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 1, charOffset: 17, charLength: 13 } }],
          },
        ],
        properties: { applicability: 'safe' },
      },
    ]);
    // An insertion after the final line break is one past the end of the last line (SARIF 2.1.0 §3.30.2).
    const lastLine = mainSource.split('\n').at(-2) ?? '';
    expect(result(1).fixes?.[0]).toEqual({
      description: { text: 'Declare the volume {{again}} at the end' },
      properties: { applicability: 'unsafe' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%', index: 0 },
          replacements: [
            {
              deletedRegion: { startLine: 4, startColumn: lastLine.length + 2, endLine: 4, endColumn: lastLine.length + 2, charOffset: mainSource.length, charLength: 0 },
              insertedContent: { text: 'VOLUME /data\n' },
            },
          ],
        },
      ],
    });
    expect(result(2).fixes).toBeUndefined();
    // Without the source text only offsets can be given.
    expect(result(4).fixes?.[0]?.artifactChanges[0]?.replacements[0]).toEqual({
      deletedRegion: { charOffset: 30, charLength: 15 },
      insertedContent: { text: 'RUN true' },
    });
    expect(outside.source).toBeUndefined();
  });

  it('gives a descriptor to a rule id the metadata lacks', () => {
    const only = JSON.parse(
      format([{ ...outside, messages: outside.messages.map((m) => ({ ...m, ruleId: 'engine.other' })) }], context),
    ) as Sarif.Log;
    const r = only.runs[0];
    expect(r?.tool.driver.rules?.[3]).toEqual({ id: 'engine.other', name: 'EngineOther' });
    expect(r?.results?.[0]?.ruleIndex).toBe(3);
    expect(r?.invocations?.[0]).toEqual({ executionSuccessful: true });
  });

  it('is a pure function of its input', () => {
    expect(format(all, context)).toBe(format(all, context));
    expect(format([], context)).toMatch(/"results":\[\]/);
  });
});

/**
 * The SARIF SDK's Multitool checks the schema, the spec's rules and GitHub code scanning's ingestion rules. It is a .NET program with a second or two of
 * start-up, so it runs once over all logs, including a spoiled one that proves it reports what it finds.
 */
describe('sarif format against the SARIF Multitool', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'volint-sarif-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates with no error and no warning', () => {
    // The Multitool (~100 MB) is this test's own tool, not a devDependency: test/tools holds its lockfile.
    const tools = path.join(repoRoot, 'test', 'tools');
    execFileSync(process.execPath, [path.join(repoRoot, '.ci', 'install-tools.mjs'), tools], { stdio: 'pipe' });
    const require = createRequire(path.join(tools, 'package.json'));
    const tool = require.resolve(`@microsoft/sarif-multitool-${process.platform}/Sarif.Multitool`);
    // npm leaves the binary without its execute bit when install scripts are not allowed to run.
    chmodSync(tool, 0o755);
    const spoiled = JSON.parse(format(all, context)) as Sarif.Log;
    delete spoiled.$schema;
    const spoiledResult = spoiled.runs[0]?.results?.[0];
    if (spoiledResult) spoiledResult.ruleIndex = 99;
    const logs: Record<string, string> = {
      'all.sarif': format(all, context),
      'clean.sarif': format([clean], context),
      'empty.sarif': format([], context),
      'spoiled.sarif': JSON.stringify(spoiled),
    };
    for (const [name, text] of Object.entries(logs)) writeFileSync(path.join(dir, name), text);
    const out = path.join(dir, 'validation.sarif');
    const started = performance.now();
    const stdout = execFileSync(tool, ['validate', ...Object.keys(logs).map((n) => path.join(dir, n)), '--output', out, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh'], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    console.log(`SARIF Multitool validate took ${Math.round(performance.now() - started)} ms`);
    expect(stdout).toContain(`${Object.keys(logs).length} files scanned`);
    const validation = JSON.parse(readFileSync(out, 'utf8')) as Sarif.Log;
    const invocation = validation.runs[0]?.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect([...(invocation?.toolConfigurationNotifications ?? []), ...(invocation?.toolExecutionNotifications ?? [])]).toEqual([]);
    // Notes are advice (use message ids, embed snippets); errors and warnings (the default level) are faults.
    const problems = (validation.runs[0]?.results ?? [])
      .filter((r) => r.level === undefined || r.level === 'error' || r.level === 'warning')
      .map((r) => `${path.basename(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '')} ${r.ruleId ?? ''}`);
    expect(problems.sort()).toEqual(['spoiled.sarif GH1013', 'spoiled.sarif SARIF1009', 'spoiled.sarif SARIF2008']);
  }, 300_000);
});
