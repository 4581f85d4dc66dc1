import { ruleDocUrl } from '../model/builders.js';
import type { CommentModel, DockerfileModel, InstructionModel } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';
import type { RuleInfo } from '../rule-api/types.js';

/** `# volint ignore=rule[,rule]` above an instruction, or `# volint global ignore=...` anywhere. */
const DIRECTIVE = /^volint\s+(global\s+)?ignore\s*=\s*(.*)$/i;

export interface IgnoreEntry {
  ruleId: string;
  global: boolean;
  /** The instruction it applies to (local ignores only). */
  instruction: InstructionModel | undefined;
  /** Where the rule id is written: unused-ignore warnings mark it. */
  range: Offsets;
  used: boolean;
}

export const UNUSED_IGNORE_META: RuleInfo = {
  id: 'unused-ignore',
  type: 'suggestion',
  docs: {
    description: 'An inline `# volint ignore=` comment names a rule that reports nothing there.',
    url: ruleDocUrl('unused-ignore'),
  },
  defaultSeverity: 'warn',
  messages: {
    unused: "Unused ignore: '{{rule}}' reports nothing {{where}}; remove it from the comment.",
    unknown: "Unknown rule '{{rule}}' in an ignore comment; `volint --list-rules` lists the rule ids.",
  },
};

/** Reads every ignore comment of the file and ties each local one to the instruction right below it. */
export function collectIgnores(model: DockerfileModel): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  const topLevel = model.instructions.filter((i) => i.onbuild === undefined);
  let k = 0;
  for (const comment of model.comments) {
    const body = comment.text.trim();
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const global = m[1] !== undefined;
    while (k < topLevel.length && (topLevel[k]?.range.start ?? 0) < comment.range.start) k++;
    const next = topLevel[k];
    const instruction = global || !next || !onlyCommentsBetween(model, comment, next) ? undefined : next;
    const listStart = comment.range.start + model.text.slice(comment.range.start, comment.range.end).indexOf(m[2] ?? '');
    let offset = 0;
    for (const part of (m[2] ?? '').split(',')) {
      const id = part.trim();
      const at = listStart + offset + part.indexOf(id);
      offset += part.length + 1;
      if (id === '') continue;
      entries.push({ ruleId: id, global, instruction, range: { start: at, end: at + id.length }, used: false });
    }
  }
  return entries;
}

function onlyCommentsBetween(model: DockerfileModel, comment: CommentModel, instr: InstructionModel): boolean {
  const firstLine = comment.line + 1;
  const lastLine = model.lines.positionAt(instr.range.start).line;
  for (let line = firstLine; line < lastLine; line++) {
    const t = model.lines.lineText(line).trim();
    if (t !== '' && !t.startsWith('#')) return false;
  }
  return lastLine - comment.line <= Math.max(1, countCommentLines(model, firstLine, lastLine) + 1);
}

function countCommentLines(model: DockerfileModel, from: number, to: number): number {
  let n = 0;
  for (let line = from; line < to; line++) if (model.lines.lineText(line).trim().startsWith('#')) n++;
  return n;
}

/** True (and marks the entry used) when an ignore covers this rule at this instruction. */
export function isIgnored(entries: readonly IgnoreEntry[], ruleId: string, instruction: InstructionModel): boolean {
  const target = instruction.onbuild ?? instruction;
  let hit = false;
  for (const e of entries) {
    if (e.ruleId !== ruleId && e.ruleId !== 'all') continue;
    if (e.global || e.instruction === target) {
      e.used = true;
      hit = true;
    }
  }
  return hit;
}
