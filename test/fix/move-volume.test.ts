import { describe, expect, it } from 'vitest';
import type { Fix } from '../../src/rule-api/types.js';
import { moveInstructionFix } from '../../src/fix/move-volume.js';
import { buildModel } from '../../src/model/build.js';

/** Moves the first VOLUME to after the instruction whose text starts with `afterPrefix`, and applies the edit. */
function move(text: string, afterPrefix: string): string {
  const model = buildModel(text);
  const volume = model.instructions.find((i) => i.keyword === 'VOLUME');
  const after = model.instructions.find((i) => text.slice(i.range.start).startsWith(afterPrefix));
  if (!volume || !after) throw new Error('fixture lacks the instructions');
  const fix = moveInstructionFix(model, volume, after) as Fix;
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

describe('moveInstructionFix', () => {
  it('moves the VOLUME line to the line after the target', () => {
    expect(move('FROM a\nVOLUME /d\nRUN x\nRUN y\nCMD z\n', 'RUN y')).toBe('FROM a\nRUN x\nRUN y\nVOLUME /d\nCMD z\n');
  });

  it('takes the comment lines directly above along, not those a blank line away', () => {
    const text = 'FROM a\n# far\n\n  # near 1\n# near 2\nVOLUME /d\nRUN x\n';
    expect(move(text, 'RUN x')).toBe('FROM a\n# far\n\nRUN x\n  # near 1\n# near 2\nVOLUME /d\n');
  });

  it('keeps a continued VOLUME, its trailing whitespace and CRLF line endings as they are', () => {
    const text = 'FROM a\r\nVOLUME /d \\\r\n  /e  \r\nRUN x \\\r\n  y\r\n\r\nCMD z';
    expect(move(text, 'RUN x')).toBe('FROM a\r\nRUN x \\\r\n  y\r\nVOLUME /d \\\r\n  /e  \r\n\r\nCMD z');
  });

  it('keeps a missing final newline missing, using the line ending of the moved text', () => {
    expect(move('FROM a\r\nVOLUME /d\r\nRUN x', 'RUN x')).toBe('FROM a\r\nRUN x\r\nVOLUME /d');
  });

  it('moves past the end of a heredoc, not into it', () => {
    const text = 'FROM a\nVOLUME /d\nRUN <<EOF\necho > /d/x\nEOF\nCMD z\n';
    expect(move(text, 'RUN <<EOF')).toBe('FROM a\nRUN <<EOF\necho > /d/x\nEOF\nVOLUME /d\nCMD z\n');
  });

  it('refuses to move after an instruction that ends in a line continuation', () => {
    for (const text of ['FROM a\nVOLUME /d\nRUN x \\', 'FROM a\nVOLUME /d\nRUN x \\\n']) {
      const model = buildModel(text);
      const [, volume, run] = model.instructions;
      if (!volume || !run) throw new Error('fixture lacks the instructions');
      expect(moveInstructionFix(model, volume, run)).toBeUndefined();
    }
  });

  it('refuses to move an instruction backwards', () => {
    const model = buildModel('FROM a\nRUN x\nVOLUME /d\n');
    const [, run, volume] = model.instructions;
    if (!run || !volume) throw new Error('fixture lacks the instructions');
    expect(moveInstructionFix(model, volume, run)).toBeUndefined();
  });
});
