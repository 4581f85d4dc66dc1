import { DockerfileParser, type Instruction, type Dockerfile } from 'dockerfile-ast';
import { Copy, From, JSONInstruction } from 'dockerfile-ast';
import type { Case } from './cases.js';

/** Instructions that can change the filesystem of the stage they are in. */
const FS_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'VOLUME']);

export interface Ins {
  index: number;
  keyword: string;
  /** Offsets of the instruction's own text (heredoc bodies not included). */
  start: number;
  end: number;
  /** Offset where the next instruction starts (or the end of the text): heredoc bodies and comments lie before it. */
  slotEnd: number;
  /** 1-based lines from the keyword to the line before the next instruction. */
  firstLine: number;
  lastLine: number;
  stage: number;
  json: boolean;
  node: Instruction;
}

export type StageBase = { kind: 'stage'; stage: number } | { kind: 'image'; ref: string } | { kind: 'scratch' };

export interface Stage {
  index: number;
  name: string | undefined;
  base: StageBase;
  from: Ins;
  fromNode: From;
  /** Instructions after FROM, up to the next FROM. */
  body: Ins[];
}

export interface ParsedCase {
  text: string;
  instructions: Ins[];
  stages: Stage[];
  /** Text before the first FROM that a batch cannot share (global ARG, an escape directive...); such cases build alone. */
  solo: string | undefined;
  /** Images named in FROM or COPY --from that are not stages of the case. */
  images: Set<string>;
  /** Why the case cannot be instrumented at all. */
  unusable: string | undefined;
  /** Uses a Dockerfile heredoc. */
  heredoc: boolean;
}

function offsetOf(lineStarts: number[], line: number, character: number): number {
  return (lineStarts[line] ?? 0) + character;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function parseCase(text: string): ParsedCase {
  const df: Dockerfile = DockerfileParser.parse(text);
  const starts = lineStartsOf(text);
  const nodes = df.getInstructions();
  const instructions: Ins[] = [];
  const stages: Stage[] = [];
  const images = new Set<string>();
  let unusable: string | undefined;
  let solo: string | undefined;
  if (df.getEscapeCharacter() !== '\\') solo = 'escape directive';
  nodes.forEach((node, index) => {
    const r = node.getRange();
    const start = offsetOf(starts, r.start.line, r.start.character);
    const end = offsetOf(starts, r.end.line, r.end.character);
    const next = nodes[index + 1];
    const slotEnd = next ? offsetOf(starts, next.getRange().start.line, 0) : text.length;
    const keyword = node.getKeyword().toUpperCase();
    const ins: Ins = {
      index,
      keyword,
      start,
      end,
      slotEnd,
      firstLine: r.start.line + 1,
      lastLine: Math.max(r.start.line + 1, lineOf(starts, Math.max(slotEnd - 1, start)) + 1),
      stage: stages.length - 1,
      json: node instanceof JSONInstruction && node.getJSONStrings().length > 0 && node.getRawArgumentsContent()?.trimStart().startsWith('[') === true,
      node,
    };
    instructions.push(ins);
    if (keyword === 'FROM' && node instanceof From) {
      const name = node.getBuildStage() ?? undefined;
      // A digest cannot be tagged locally: the local image stands for the reference without it.
      const image = stripDigest(node.getImage() ?? '');
      const parent = stages.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === image.toLowerCase());
      let base: StageBase;
      if (parent >= 0) base = { kind: 'stage', stage: parent };
      else if (image.toLowerCase() === 'scratch') base = { kind: 'scratch' };
      else {
        base = { kind: 'image', ref: image };
        if (image.includes('$')) unusable ??= 'variable in FROM';
        else images.add(image);
      }
      ins.stage = stages.length;
      stages.push({ index: stages.length, name, base, from: ins, fromNode: node, body: [] });
      return;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (keyword === 'ARG') solo = 'global ARG';
      else unusable ??= `${keyword} before the first FROM`;
      return;
    }
    stage.body.push(ins);
    if ((keyword === 'COPY' || keyword === 'ADD') && node instanceof Copy) {
      const from = node.getFromFlag()?.getValue();
      if (from && !stageRef(stages, from) && !/^\d+$/.test(from)) {
        if (from.includes('$')) unusable ??= 'variable in COPY --from';
        else images.add(from);
      }
    }
  });
  if (stages.length === 0) unusable ??= 'no FROM';
  // A Dockerfile heredoc (BuildKit syntax): Buildah 1.28 reads its body as instructions.
  const lines = text.split('\n');
  const heredoc = nodes.some((n) => {
    if (!/^(RUN|COPY|ADD)$/i.test(n.getKeyword())) return false;
    const line = n.getRange().start.line;
    const m = /<<-?["']?([A-Za-z_]\w*)["']?/.exec(lines[line] ?? '');
    return m !== null && lines.slice(line + 1).some((l) => l.trim() === m[1]);
  });
  return { text, instructions, stages, solo, images, unusable, heredoc };
}

export function stripDigest(ref: string): string {
  return ref.replace(/@sha256:[0-9a-f]+$/i, '');
}

function stageRef(stages: Stage[], ref: string): Stage | undefined {
  if (/^\d+$/.test(ref)) return stages[Number(ref)];
  return stages.find((s) => s.name !== undefined && s.name.toLowerCase() === ref.toLowerCase());
}

export type Variant = 'written' | 'neutral' | 'fixed';

/**
 * One step of a stage, in order: a record the log will hold (`run-start`, `run-end`, `probe`), or an instruction that
 * no wrapper observes itself (`ins`: a COPY, ADD, WORKDIR, exec-form RUN, or the FROM of an earlier stage), whose
 * state before is the latest observation and state after the next one.
 */
export type Expect = { kind: 'run-start'; ins: number } | { kind: 'run-end'; ins: number } | { kind: 'probe' } | { kind: 'ins'; ins: number };

/** One stage of a case as built in a batch file: its log, and the steps its log will show, in order. */
export interface StagePlan {
  /** Log and stage name in the batch file (stageKey). */
  key: string;
  /** The case stage's index. */
  stage: number;
  expect: Expect[];
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

function wrapShell(key: string, shell: string[]): string {
  return `SHELL ${JSON.stringify(['/.cf/busybox', 'sh', '/.cf/wrap', key, ...shell])}`;
}

function probe(key: string): string {
  return `RUN ${JSON.stringify(['/.cf/busybox', 'sh', '/.cf/probe', key])}`;
}

function isWrapped(ins: Ins): boolean {
  return ins.keyword === 'RUN' && !ins.json;
}

/**
 * VOLUME (and its stand-in in the neutral build) is not observed on its own: it only creates its directory when it is
 * missing, so the instruction before it is observed after it instead, which saves a RUN per case.
 */
function isObserved(ins: Ins): boolean {
  return FS_KEYWORDS.has(ins.keyword) && ins.keyword !== 'VOLUME';
}

/** The paths of a VOLUME as the builder reads them: JSON form when the arguments parse as a JSON array, else words. */
export function volumeWords(ins: Ins): { words: string[]; json: boolean } {
  const raw = ins.node.getRawArgumentsContent() ?? '';
  if (raw.trimStart().startsWith('[')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return { words: parsed, json: true };
    } catch {
      // Not JSON: shell form, as for the builder.
    }
  }
  return { words: ins.node.getArguments().map((a) => a.getValue()), json: false };
}

/**
 * The neutral stand-in of a VOLUME: a COPY of an empty context directory to each path, which creates the directory
 * when it is missing (root, 0755, as VOLUME does) and leaves an existing one alone. COPY expands variables in its
 * destination as VOLUME does, and costs less than a RUN. A relative path is taken from /, as the builder does.
 */
function neutralVolume(ins: Ins): string {
  const { words, json } = volumeWords(ins);
  return words
    .map((w) => {
      const abs = w.startsWith('/') || w.startsWith('$') ? w : '/' + w;
      return json ? `COPY ${JSON.stringify([EMPTY_DIR + '/', abs.replace(/\/?$/, '/')])}` : `COPY ${EMPTY_DIR}/ ${abs.replace(/\/?$/, '/')}`;
    })
    .join('\n');
}

/** An empty directory of the build context (see runner.ts). */
export const EMPTY_DIR = '.cf-empty';

export function stageKey(caseId: string, stage: number): string {
  return `${caseId}s${stage}`;
}

/**
 * The instrumented text of one case for one variant, and what its logs will hold. Every stage is renamed
 * `<case>s<n>`, runs its RUNs through the wrapping SHELL, and gets an explicit probe after any filesystem-changing
 * instruction that a wrapped RUN does not directly follow.
 */
interface Piece {
  text: string;
  /** Set for an instruction that is observed. */
  ins?: Ins;
  /** A VOLUME (or its neutral stand-in). */
  volume?: boolean;
}

/** The body of a case stage (after FROM) for one variant, as pieces of text. */
function bodyPieces(c: Case, parsed: ParsedCase, stage: Stage, variant: Variant, logKey: string, shell: { argv: string[] }): Piece[] {
  const text = parsed.text;
  const pieces: Piece[] = [];
  const rest = text.slice(stage.from.end, stage.from.slotEnd);
  if (rest.includes('\n')) pieces.push({ text: rest.slice(rest.indexOf('\n') + 1) });
  for (const ins of stage.body) {
    let piece = text.slice(ins.start, ins.slotEnd);
    if (ins.keyword === 'SHELL') {
      try {
        const parsedShell = JSON.parse(ins.node.getRawArgumentsContent() ?? '') as unknown;
        if (Array.isArray(parsedShell)) {
          shell.argv = parsedShell.map(String);
          piece = wrapShell(logKey, shell.argv) + text.slice(ins.end, ins.slotEnd);
        }
      } catch {
        // Not JSON: the builder rejects it, and so will this build.
      }
    } else if (ins.keyword === 'VOLUME' && variant === 'neutral') {
      piece = neutralVolume(ins) + text.slice(ins.end, ins.slotEnd);
    } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.node instanceof Copy) {
      const flag = ins.node.getFromFlag();
      const value = flag?.getValue();
      const target = value ? stageRef(parsed.stages, value) : undefined;
      const vr = flag?.getValueRange();
      if (target && vr) {
        const starts = lineStartsOf(text);
        const a = offsetOf(starts, vr.start.line, vr.start.character);
        const b = offsetOf(starts, vr.end.line, vr.end.character);
        piece = text.slice(ins.start, a) + stageKey(c.id, target.index) + text.slice(b, ins.slotEnd);
      }
    }
    if (!piece.endsWith('\n')) piece += '\n';
    pieces.push(isObserved(ins) ? { text: piece, ins } : ins.keyword === 'VOLUME' ? { text: piece, volume: true } : { text: piece });
  }
  return pieces;
}

/**
 * Writes pieces and the plan's steps: an explicit probe after an observed instruction that a wrapped RUN does not
 * directly follow. The stage's final state is always the last record of its log, but it is not a RUN of the stage:
 * a collector stage after it reads the committed image (see collector), which costs one RUN per many stages instead
 * of one per stage.
 */
function emit(pieces: Piece[], plan: StagePlan, logKey: string, variant: Variant): string {
  let out = '';
  const observed = pieces.filter((p) => p.ins);
  // Buildah 1.28 creates a VOLUME's missing directory at the stage's next RUN, not at the VOLUME line: after the last
  // VOLUME that no RUN follows, the build as written would go on (COPY, the committed image) without it, where the
  // neutral COPY made it at once. A probe RUN right after that VOLUME creates it, as the classic builder does at the
  // line; the neutral build gets the same probe, so that both observe the same steps (a RUN also makes the mount
  // points /etc/hosts and /etc/resolv.conf, and with them /etc on scratch). The fix check compares only lost paths, so
  // the fixed build needs none.
  const lastVolume = pieces.map((p) => p.volume === true).lastIndexOf(true);
  const volumeProbe = variant !== 'fixed' && lastVolume >= 0 && !pieces.slice(lastVolume).some((p) => p.ins?.keyword === 'RUN') ? lastVolume : -1;
  pieces.forEach((p, i) => {
    out += p.text;
    const ins = p.ins;
    if (i === volumeProbe) {
      plan.expect.push({ kind: 'probe' });
      out += probe(logKey) + '\n';
    }
    if (!ins) return;
    if (isWrapped(ins)) plan.expect.push({ kind: 'run-start', ins: ins.index }, { kind: 'run-end', ins: ins.index });
    else plan.expect.push({ kind: 'ins', ins: ins.index });
    const next = observed[observed.indexOf(p) + 1]?.ins;
    // The fixed build needs no state between instructions (the fix check reads exit statuses and final images).
    if (next && !isWrapped(next) && variant !== 'fixed') {
      plan.expect.push({ kind: 'probe' });
      out += probe(logKey) + '\n';
    }
  });
  plan.expect.push({ kind: 'probe' });
  return out;
}

/**
 * A stage that observes the final images of earlier stages (their `key`s): each is bind-mounted read-only from the
 * committed stage image (`RUN --mount=type=bind,from=KEY`) and snapshotted into KEY's log, as a probe at the end of
 * that stage would have done. It runs on scratch: the tools come from /.cf.
 */
export function collector(name: string, keys: string[]): string {
  const mounts = keys.map((k) => `--mount=type=bind,from=${k},target=/.m/${k}`).join(' ');
  return `FROM scratch AS ${name}\nRUN ${mounts} ${JSON.stringify(['/.cf/busybox', 'sh', '/.cf/collect', ...keys])}\n`;
}

export function instrument(c: Case, parsed: ParsedCase, variant: Variant): { text: string; plans: StagePlan[] } {
  const text = parsed.text;
  let out = '';
  const plans: StagePlan[] = [];
  const first = parsed.stages[0]?.from.start ?? 0;
  // Solo cases keep what comes before the first FROM (global ARGs, directives); batched cases have nothing there but comments.
  out += parsed.solo ? text.slice(0, first) : '';
  const shells: string[][] = [];
  for (const stage of parsed.stages) {
    const key = stageKey(c.id, stage.index);
    const plan: StagePlan = { key, stage: stage.index, expect: [] };
    plans.push(plan);
    const fromNode = stage.fromNode;
    const shell = { argv: stage.base.kind === 'stage' ? (shells[stage.base.stage] ?? DEFAULT_SHELL) : DEFAULT_SHELL };
    let fromText: string;
    if (stage.base.kind === 'stage') {
      const platform = fromNode.getPlatformFlag();
      fromText = `FROM ${platform ? platform.toString() + ' ' : ''}${stageKey(c.id, stage.base.stage)} AS ${key}`;
    } else if (fromNode.getImageRange()) {
      const flags = fromNode.getFlags().map((f) => f.toString());
      fromText = `FROM ${flags.length ? flags.join(' ') + ' ' : ''}${stripDigest(fromNode.getImage() ?? '')} AS ${key}`;
    } else {
      fromText = `FROM scratch AS ${key}`;
    }
    const fromStage = stage.base.kind === 'stage';
    // Numeric root: the same user, without the account lookups Buildah makes for a name at every RUN (a quarter of
    // a RUN's cost). Only on images, which declare no USER here; a stage built FROM a stage keeps that stage's.
    out += fromText + '\n' + wrapShell(key, shell.argv) + '\n' + (fromStage ? '' : 'USER 0:0\n');
    // A FROM of an earlier stage with ONBUILD triggers runs them: observed on its own.
    const triggers = stage.base.kind === 'stage' && parsed.instructions.some((i) => i.keyword === 'ONBUILD' && i.stage === (stage.base as { stage: number }).stage);
    if (triggers) {
      plan.expect.push({ kind: 'ins', ins: stage.from.index }, { kind: 'probe' });
      out += probe(key) + '\n';
    }
    out += emit(bodyPieces(c, parsed, stage, variant, key, shell), plan, key, variant);
    shells[stage.index] = shell.argv;
  }
  return { text: out, plans };
}
