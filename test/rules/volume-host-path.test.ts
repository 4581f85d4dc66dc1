import { applyFix } from '../../src/engine/normalize-fixes.js';
import { describe, expect, it } from 'vitest';
import { volumeHostPath } from '../../rules/volume-host-path.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import { ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';
import { corpusPresent, windowsCorpusFiles } from './windows-corpus.js';

const RULE = 'volume-host-path';
const { own, marked } = ruleLinter(RULE);

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('marks the host:container argument and says where host directories belong', async () => {
    const [m] = await own('FROM debian\nVOLUME /srv /home/me/data:/data\n');
    expect(m).toMatchObject({ line: 2, column: 13, endLine: 2, endColumn: 32, severity: 2 });
    expect(m?.message).toBe('VOLUME /home/me/data:/data cannot mount a host path; declare only the container path, mount with `docker run -v`.');
  });

  it('suggests keeping only the container path, in either form', async () => {
    const shell = 'FROM debian\nVOLUME /home/me/data:/data\n';
    const [s] = await own(shell);
    expect(s?.suggestions).toEqual([{ desc: 'Keep only the container path /data', fix: { applicability: 'unsafe', edits: [{ range: [19, 38], text: '/data' }] } }]);
    const json = 'FROM debian\nVOLUME ["/srv/cache:/cache:ro"]\n';
    const [j] = await own(json);
    const fix = j?.suggestions?.[0]?.fix;
    expect(fix && applyFix(json, fix)).toBe('FROM debian\nVOLUME ["/cache"]\n');
  });

  it('has no suggestion when the argument uses a variable or the container side is unclear', async () => {
    const [v] = await own('FROM debian\nARG HOST\nVOLUME $HOST:/data\n');
    expect(v?.suggestions).toBeUndefined();
    const [u] = await own('FROM debian\nVOLUME data:cache\n');
    expect(u?.suggestions).toBeUndefined();
  });

  it('reports ~, ./ and ../ paths', async () => {
    expect(await marked('FROM debian\nVOLUME ~/x ./y ../z . /ok\n')).toEqual(['~/x', './y', '../z', '.']);
  });

  it('leaves Windows drive paths alone', async () => {
    expect(await marked('FROM debian\nVOLUME C:\\\\data c:/logs\nVOLUME ["C:\\\\ProgramData\\\\x"]\n')).toEqual([]);
    expect(await marked('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOLUME C:\\data\n')).toEqual([]);
    expect(await marked('FROM debian\nVOLUME C:\\\\host:C:\\\\data\n')).toEqual(['C:\\\\host:C:\\\\data']);
  });

  it.skipIf(!corpusPresent)('stays silent on the Windows Dockerfiles of the corpus', async () => {
    const files = windowsCorpusFiles();
    expect(files.length).toBeGreaterThan(400);
    const noisy: string[] = [];
    for (const { file, text } of files) {
      const result = await lintText(text, { filePath: file, config: DEFAULT_CONFIG, rules: [volumeHostPath] });
      for (const m of result.messages) noisy.push(`${file}:${m.line}: ${m.message}`);
    }
    expect(noisy).toEqual([]);
  });
});
