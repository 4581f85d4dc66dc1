import { applyFix, fixSpan } from '../../src/engine/normalize-fixes.js';
import { describe, expect, it } from 'vitest';
import { volumeSyntax } from '../../rules/volume-syntax.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import type { LintMessage } from '../../src/rule-api/types.js';
import { ruleLinter } from '../helpers/lint.js';
import { describeRuleFixtures } from '../helpers/rule-fixtures.js';
import { corpusPresent, windowsCorpusFiles } from './windows-corpus.js';

const RULE = 'volume-syntax';
const { own, marked } = ruleLinter(RULE);

/** Applies every fix of the rule once, last first (they never overlap within these tests). */
async function fixed(text: string): Promise<string> {
  const fixes = (await own(text)).flatMap((m: LintMessage) => (m.fix ? [m.fix] : [])).sort((a, b) => fixSpan(b)[0] - fixSpan(a)[0]);
  return fixes.reduce((t, f) => applyFix(t, f), text);
}

describeRuleFixtures(RULE);

describe(RULE, () => {
  it('fixes single quotes in would-be JSON form', async () => {
    const text = "FROM debian\nVOLUME ['/data', \"/logs\"]\n";
    const [m] = await own(text);
    expect(m).toMatchObject({ line: 2, column: 8, endLine: 2, endColumn: 26, severity: 2 });
    expect(m?.message).toBe("VOLUME ['/data', \"/logs\"] is not JSON (single quotes), so it declares the path `[/data,`, `/logs]`; use double quotes.");
    expect(await fixed(text)).toBe('FROM debian\nVOLUME ["/data", "/logs"]\n');
  });

  it('reports other broken JSON without a fix', async () => {
    const [m] = await own('FROM debian\nVOLUME ["/a" "/b"]\n');
    expect(m?.messageId).toBe('badJson');
    expect(m?.fix).toBeUndefined();
    expect(await marked('FROM debian\nVOLUME ["/a",]\n')).toEqual(['["/a",]']);
  });

  it('drops the commas of shell form', async () => {
    expect(await marked('FROM debian\nVOLUME /a, /b ,/c /d,/e /f,g\n')).toEqual(['/a,', ',/c', '/d,/e']);
    expect(await fixed('FROM debian\nVOLUME /a, /b ,/c /d,/e\n')).toBe('FROM debian\nVOLUME /a /b /c /d /e\n');
  });

  it('moves a trailing comment above the instruction, with its indentation and the file\'s line ending', async () => {
    const text = 'FROM debian\r\n  VOLUME /data /logs   # keep these\r\nCMD ["true"]\r\n';
    const [m] = await own(text);
    expect(text.slice(m?.range[0], m?.range[1])).toBe('# keep these');
    expect(m?.message).toBe('VOLUME has no trailing comments: `# keep these` declares 3 more volume(s); put the comment on its own line.');
    expect(await fixed(text)).toBe('FROM debian\r\n  # keep these\r\n  VOLUME /data /logs\r\nCMD ["true"]\r\n');
  });

  it('reads JSON form followed by a comment as the builders do: shell form', async () => {
    const text = 'FROM debian\nVOLUME ["/data"] # note\n';
    expect(await marked(text)).toEqual(['# note']);
    expect(await fixed(text)).toBe('FROM debian\n# note\nVOLUME ["/data"]\n');
  });

  it('does not fix a comment that a line continuation carries on', async () => {
    const [m] = await own('FROM debian\nVOLUME /a # b \\\n  /c\n');
    expect(m?.messageId).toBe('comment');
    expect(m?.fix).toBeUndefined();
  });

  it('reports relative and empty paths, leaving ~ and ./ to volume-host-path', async () => {
    expect(await marked('FROM debian\nVOLUME data ./x ~/y\nVOLUME ["", "logs"]\nVOLUME\n')).toEqual(['data', '""', '"logs"', 'VOLUME']);
  });

  it('reports a VOLUME whose words all expand to nothing, when the variables are known', async () => {
    expect(await marked('ARG DIR=/data\nFROM scratch\nVOLUME $DIR\n')).toEqual(['$DIR']);
    expect(await marked('ARG A=/a\nFROM scratch\nVOLUME $A ${B}\n')).toEqual(['$A ${B}']);
    expect(await marked('ARG DIR=/data\nFROM scratch\nARG DIR\nVOLUME $DIR\n')).toEqual([]);
    expect(await marked('FROM scratch\nARG DIR\nVOLUME $DIR\n')).toEqual([]);
    expect(await marked('FROM scratch\nVOLUME $EMPTY /data\n')).toEqual([]);
    expect(await marked('ARG DIR=/data\nFROM registry.example.com/app:1\nVOLUME $DIR\n')).toEqual([]);
  });

  it('accepts continued, quoted and variable forms', async () => {
    expect(await marked('FROM mycompany/base\nARG D=/srv\nVOLUME /a \\\n  /b "$D/c"\nVOLUME [ "/x",\\\n "/y" ]\nVOLUME $UNSET\n')).toEqual([]);
  });

  it('reports a variable that is known unset: the VOLUME is empty and the build fails', async () => {
    // debian sets no DATA_DIR (shipped facts); on an image volint does not know, the variable may come from it.
    expect(await marked('FROM debian:bookworm\nVOLUME $DATA_DIR\n')).toEqual(['$DATA_DIR']);
    expect(await marked('FROM mycompany/base\nVOLUME $DATA_DIR\n')).toEqual([]);
  });

  it.skipIf(!corpusPresent)('stays silent on the Windows Dockerfiles of the corpus', async () => {
    const noisy: string[] = [];
    for (const { file, text } of windowsCorpusFiles()) {
      const result = await lintText(text, { filePath: file, config: DEFAULT_CONFIG, rules: [volumeSyntax] });
      for (const m of result.messages) noisy.push(`${file}:${m.line}: ${m.message}`);
    }
    expect(noisy).toEqual([]);
  });
});
