import type { LineIndex, Offsets } from '../text/line-index.js';
import type { parseDockerfile } from './parse-dockerfile.js';
import type { CommentModel, InstructionModel } from './types.js';

type Dockerfile = ReturnType<typeof parseDockerfile>;
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** The file's top-level comments: directive-like lines Docker does not know, then comments outside instructions. */
export function fileComments(
  dockerfile: Dockerfile,
  lines: LineIndex,
  instructions: readonly InstructionModel[],
  toOffsets: (r: Range) => Offsets,
): CommentModel[] {
  return [...directiveLikeComments(dockerfile, lines, toOffsets), ...topLevelComments(dockerfile.getComments(), instructions, toOffsets)];
}

/**
 * The parser takes every `# key=value` line at the top of the file for a parser directive; Docker only knows a few,
 * and the rest (such as `# volint global ignore=...`) are plain comments.
 */
function directiveLikeComments(dockerfile: Dockerfile, lines: LineIndex, toOffsets: (r: Range) => Offsets): CommentModel[] {
  const out: CommentModel[] = [];
  for (const d of dockerfile.getDirectives()) {
    if (KNOWN_DIRECTIVES.has(d.getName().toLowerCase())) continue;
    const line = d.getRange().start.line;
    const text = lines.lineText(line);
    const hash = text.indexOf('#');
    out.push({ text: text.slice(hash + 1).trim(), range: toOffsets({ start: { line, character: 0 }, end: { line, character: text.length } }), line });
  }
  return out;
}

function topLevelComments(
  comments: readonly { getRange(): Range; getContent(): string }[],
  instructions: readonly InstructionModel[],
  toOffsets: (r: Range) => Offsets,
): CommentModel[] {
  const out: CommentModel[] = [];
  let k = 0;
  for (const c of comments) {
    const range = toOffsets(c.getRange());
    while (k < instructions.length && (instructions[k]?.range.end ?? 0) < range.start) k++;
    const inside = instructions[k];
    if (inside && inside.range.start < range.start && range.start < inside.range.end) continue;
    out.push({ text: c.getContent(), range, line: c.getRange().start.line });
  }
  return out;
}
