import type { DockerfileModel, InstructionModel } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';

/*
 * The tree ESLint walks for a Dockerfile: the file, its instructions in order (an ONBUILD carries its trigger) and, as
 * in ESLint's JavaScript trees, comments beside the tree rather than in it. Each node has ESTree-style `range` and
 * `loc` (lines from 1, columns from 0) and keeps the model's instruction, so that a custom rule can select
 * `Instruction[keyword="VOLUME"]` and read what volint knows about it.
 */

export interface Position {
  line: number;
  column: number;
}

export interface Location {
  start: Position;
  end: Position;
}

interface NodeBase {
  range: [number, number];
  loc: Location;
}

export interface DockerfileNode extends NodeBase {
  type: 'Dockerfile';
  body: InstructionNode[];
  comments: CommentNode[];
}

export interface InstructionNode extends NodeBase {
  type: 'Instruction';
  /** Upper-case keyword. */
  keyword: string;
  /** The ONBUILD trigger this ONBUILD instruction carries. */
  trigger: InstructionNode | null;
  instruction: InstructionModel;
}

export interface CommentNode extends NodeBase {
  type: 'Comment';
  /** The text after `#`. */
  value: string;
}

export type DockerfileSyntaxNode = DockerfileNode | InstructionNode;

export const VISITOR_KEYS: Record<DockerfileSyntaxNode['type'], string[]> = {
  Dockerfile: ['body'],
  Instruction: ['trigger'],
};

export function buildTree(model: DockerfileModel): DockerfileNode {
  const at = (r: Offsets): NodeBase => ({ range: [r.start, r.end], loc: locate(model, r) });
  const body: InstructionNode[] = [];
  let last: InstructionNode | undefined;
  for (const instr of model.instructions) {
    const node: InstructionNode = { type: 'Instruction', keyword: instr.keyword, trigger: null, instruction: instr, ...at(instr.range) };
    if (instr.onbuild && last?.instruction === instr.onbuild) last.trigger = node;
    else body.push((last = node));
  }
  return { type: 'Dockerfile', body, comments: commentNodes(model, at), ...at({ start: 0, end: model.text.length }) };
}

function locate(model: DockerfileModel, r: Offsets): Location {
  const start = model.lines.positionAt(r.start);
  const end = model.lines.positionAt(r.end);
  return { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } };
}

/**
 * Every comment line: the model's (outside instructions, and the `# key=value` lines at the top that Docker does not
 * take for parser directives) and those inside a continued instruction, which Docker drops before it reads the
 * instruction, so that `# eslint-disable-next-line` works inside a long RUN. Lines of a heredoc body are the script's
 * own text, never Dockerfile comments: instructions with a heredoc are left out of that scan.
 */
function commentNodes(model: DockerfileModel, at: (r: Offsets) => NodeBase): CommentNode[] {
  const { text, lines } = model;
  const nodes = new Map<number, CommentNode>();
  const add = (line: number): void => {
    const start = lines.lineStarts[line] ?? text.length;
    const lineText = lines.lineText(line);
    const hash = lineText.indexOf('#');
    if (hash < 0 || lineText.slice(0, hash).trim() !== '') return;
    const end = start + lineText.trimEnd().length;
    nodes.set(line, { type: 'Comment', value: lineText.slice(hash + 1, end - start), ...at({ start: start + hash, end }) });
  };
  for (const comment of model.comments) add(comment.line);
  for (const instr of model.instructions) {
    if (instr.onbuild) continue;
    const first = lines.positionAt(instr.range.start).line;
    const last = lines.positionAt(instr.range.end).line;
    if (last === first || /<<-?\s*["']?[A-Za-z_]/.test(text.slice(instr.range.start, instr.range.end))) continue;
    for (let line = first + 1; line <= last; line++) add(line);
  }
  return [...nodes.entries()].sort(([a], [b]) => a - b).map(([, node]) => node);
}
