import type { IgnoreEntry } from '../engine/ignores.js';
import type { TextEdit } from '../rule-api/types.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import { lineBreakOf } from '../text/line-index.js';

/**
 * The edit that silences `ruleId` for one instruction: adds the id to the ignore comment already tied to the
 * instruction, or inserts `# volint ignore=<id>` on a line of its own directly above it, indented like the
 * instruction and ended with the file's own line ending.
 */
export function ignoreCommentFix(model: DockerfileModel, ignores: readonly IgnoreEntry[], instruction: InstructionModel, ruleId: string): TextEdit {
  // Triggers are ignored through the ONBUILD line that carries them, as the engine matches them.
  const target = instruction.onbuild ?? instruction;
  let last: IgnoreEntry | undefined;
  for (const entry of ignores) {
    if (!entry.global && entry.instruction === target && (!last || entry.range.end > last.range.end)) last = entry;
  }
  if (last) return { range: [last.range.end, last.range.end], text: `,${ruleId}` };

  const { line } = model.lines.positionAt(target.range.start);
  const lineStart = model.lines.offsetAt({ line, character: 0 });
  const indent = /^[ \t]*/.exec(model.text.slice(lineStart, target.range.start))?.[0] ?? '';
  return { range: [lineStart, lineStart], text: `${indent}# volint ignore=${ruleId}${lineBreakOf(model.text)}` };
}
