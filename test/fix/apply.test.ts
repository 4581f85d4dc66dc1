import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { LintMessage, DockerfileRule } from '../../src/rule-api/types.js';
import { applyFixes, lintAndFix, MAX_FIX_PASSES } from '../../src/fix/apply.js';

const message = (range: [number, number], text: string, ruleId = 'r', severity: 1 | 2 = 2): LintMessage => ({
  ruleId,
  severity,
  message: 'm',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  range,
  fix: { applicability: 'safe', edits: [{ range, text }] },
});

const all = (): boolean => true;

describe('applyFixes', () => {
  it('applies fixes in range order whatever order they come in', () => {
    const out = applyFixes('abcdef', [message([4, 5], 'E'), message([0, 1], 'A'), message([2, 3], 'C')], all);
    expect(out).toEqual({ output: 'AbCdEf', fixed: true });
  });

  it('skips a fix that overlaps or touches one already taken, as ESLint does', () => {
    const out = applyFixes('abcdef', [message([1, 3], 'X'), message([2, 4], 'Y'), message([3, 3], 'Z'), message([5, 6], 'F')], all);
    expect(out.output).toBe('aXdeF');
  });

  it('leaves the text alone without fixes, and honours the filter', () => {
    const plain: LintMessage = { ...message([0, 1], 'x'), fix: undefined };
    expect(applyFixes('abc', [plain], all)).toEqual({ output: 'abc', fixed: false });
    expect(applyFixes('abc', [message([0, 1], 'X', 'r', 1)], (m) => m.severity === 2)).toEqual({ output: 'abc', fixed: false });
  });

  it('ignores a fix whose range lies outside the text', () => {
    expect(applyFixes('abc', [message([2, 9], 'X')], all)).toEqual({ output: 'abc', fixed: false });
  });
});

/** A rule that reports every instruction and offers `edit` as its fix. */
function ruleWith(id: string, edit: (text: string, start: number, end: number) => { range: [number, number]; text: string } | undefined): DockerfileRule {
  return {
    meta: { id, type: 'layout', reads: 'dockerfile', needs: [], docs: { description: id, url: '' }, defaultSeverity: 'error', fixable: 'code', messages: { m: 'm' } },
    check(context) {
      for (const instruction of context.model.instructions) {
        const fix = edit(context.model.text, instruction.keywordRange.start, instruction.keywordRange.end);
        context.report({ messageId: 'm', range: instruction.keywordRange, instruction, ...(fix ? { fix } : {}) });
      }
    },
  };
}

const upper = ruleWith('upper', (text, start, end) => {
  const keyword = text.slice(start, end);
  return keyword === keyword.toUpperCase() ? undefined : { range: [start, end], text: keyword.toUpperCase() };
});

const options = (rule: DockerfileRule) => ({ filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules: [rule] });
// Texts without a volume take the engine's fast path, where no rule runs: every text here declares one.
const TEXT = 'FROM debian\nVOLUME /data\n';

describe('lintAndFix', () => {
  it('fixes, re-lints and reports what is left, with output only when the text changed', async () => {
    const result = await lintAndFix('from debian\nvolume /data\n', options(upper), all);
    expect(result.output).toBe(TEXT);
    expect(result.messages.every((m) => m.fix === undefined)).toBe(true);
    expect(result.fixableErrorCount).toBe(0);
    const clean = await lintAndFix(TEXT, options(upper), all);
    expect(clean.output).toBeUndefined();
  });

  it('stops after MAX_FIX_PASSES when a fix never settles', async () => {
    const grow = ruleWith('grow', () => ({ range: [0, 0], text: '#\n' }));
    const result = await lintAndFix(TEXT, options(grow), all);
    expect(result.output).toBe('#\n'.repeat(MAX_FIX_PASSES) + TEXT);
  });

  it('drops a pass whose text no longer parses, and a fix that changes nothing', async () => {
    const erase = ruleWith('erase', (text) => ({ range: [0, text.length], text: '' }));
    expect((await lintAndFix(TEXT, options(erase), all)).output).toBeUndefined();
    const same = ruleWith('same', (text, start, end) => ({ range: [start, end], text: text.slice(start, end) }));
    expect((await lintAndFix(TEXT, options(same), all)).output).toBeUndefined();
  });

  it('applies only what the filter allows', async () => {
    expect((await lintAndFix('from debian\nvolume /data\n', options(upper), () => false)).output).toBeUndefined();
  });
});
