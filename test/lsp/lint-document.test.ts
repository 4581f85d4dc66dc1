import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { DockerfileRule, TextEdit } from '../../src/rule-api/types.js';
import { lintDocument } from '../../src/lsp/lint-document.js';
import { lowercaseKeyword } from './fake-rules.js';

/** Flags every argument written `bad`, wherever it sits in its instruction. */
const badWord: DockerfileRule = {
  meta: {
    id: 'test-bad-word',
    type: 'problem',
    reads: 'dockerfile',
    needs: [],
    docs: { description: 'The word bad (test rule).', url: 'https://example.test/rules/test-bad-word.md' },
    defaultSeverity: 'warn',
    messages: { bad: 'bad' },
  },
  check(context) {
    for (const instruction of context.model.instructions) {
      for (const word of instruction.args) if (word.raw === 'bad') context.report({ messageId: 'bad', range: word.range, instruction });
    }
  },
};

async function ignoreEdits(text: string): Promise<{ ruleId: string | null; line: number; fix: TextEdit | undefined }[]> {
  const lint = await lintDocument(text, { filePath: '/tmp/Dockerfile', config: DEFAULT_CONFIG, rules: [lowercaseKeyword, badWord] });
  return lint.result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, fix: lint.ignoreFixFor(m) }));
}

function applied(text: string, fix: TextEdit | undefined): string {
  if (!fix) throw new Error('no ignore edit');
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

describe('ignore comment edits', () => {
  it('go above the first line of the instruction a finding belongs to, not the line of the finding', async () => {
    const text = 'FROM debian\nVOLUME /v\n    RUN echo ok \\\n      && echo bad\n';
    const [edit] = await ignoreEdits(text);
    expect(edit?.line).toBe(4);
    expect(applied(text, edit?.fix)).toBe('FROM debian\nVOLUME /v\n    # volint ignore=test-bad-word\n    RUN echo ok \\\n      && echo bad\n');
  });

  it('go above the ONBUILD that carries a trigger, where the engine looks for them', async () => {
    const text = 'FROM debian\nVOLUME /v\nONBUILD run echo\n';
    const edits = await ignoreEdits(text);
    expect(edits).toHaveLength(1);
    expect(applied(text, edits[0]?.fix)).toBe('FROM debian\nVOLUME /v\n# volint ignore=test-lowercase-keyword\nONBUILD run echo\n');
  });

  it('extend the ignore comment already above the instruction', async () => {
    const text = 'FROM debian\n# volint ignore=test-bad-word\nvolume bad /data\n';
    const edits = await ignoreEdits(text);
    expect(edits.map((e) => e.ruleId)).toEqual(['test-lowercase-keyword']);
    expect(applied(text, edits[0]?.fix)).toBe('FROM debian\n# volint ignore=test-bad-word,test-lowercase-keyword\nvolume bad /data\n');
  });

  it('use the line ending of the file, also on a last line without one', async () => {
    const text = 'FROM debian\r\nvolume /data';
    const [edit] = await ignoreEdits(text);
    expect(applied(text, edit?.fix)).toBe('FROM debian\r\n# volint ignore=test-lowercase-keyword\r\nvolume /data');
  });

  it('are not offered for findings that no rule reported (unused ignores, unreadable files)', async () => {
    expect(await ignoreEdits('FROM debian\n# volint ignore=test-bad-word\nRUN true\nVOLUME /v\n')).toEqual([{ ruleId: 'unused-ignore', line: 2, fix: undefined }]);
    expect(await ignoreEdits('   \n')).toEqual([{ ruleId: null, line: 1, fix: undefined }]);
  });
});
