import type { Case } from './cases.js';
import { volumeWords, type Ins, type ParsedCase } from './instrument.js';
import type { CaseTruth, Loss } from './truth.js';
import { compareEntries, twinIn, type Entry, type Snapshot } from './snapshot.js';
import { declaredVolumes } from './base-images.js';

export interface Finding {
  ruleId: string | null;
  line: number;
  message: string;
  messageId?: string;
  fix?: { applicability?: string };
}

/** Rules whose findings claim something about what the builder keeps under a volume. */
export const LOSS_RULES = ['volume-write-after-declare', 'volume-permissions-after-declare', 'volume-copy-after-declare', 'volume-inherited-write'];

export type DisagreementKind = 'missed' | 'false' | 'unexplained' | 'gained' | 'fix-breaks' | 'fix-loses';

export interface Disagreement {
  kind: DisagreementKind;
  rule: string;
  cls: string;
  caseName: string;
  line: number | undefined;
  detail: string;
  /** The reason from the semantics doc when the disagreement is a known one. */
  known?: string;
}

export interface InstructionVerdict {
  cls: string;
  rule: string | undefined;
  lost: boolean;
  reported: boolean;
}

export interface CaseVerdict {
  instructions: InstructionVerdict[];
  disagreements: Disagreement[];
  /** Findings on instructions the builds cannot show (ONBUILD triggers with no child stage, after a failure). */
  unobservable: number;
  /** Fixable findings whose fix was built and checked. */
  fixChecked: boolean;
}

export function instructionAt(parsed: ParsedCase, line: number): Ins | undefined {
  return parsed.instructions.find((i) => line >= i.firstLine && line <= i.lastLine);
}

export function classOf(c: Case, ins: Ins): string {
  const cls = c.classes.get(ins.firstLine);
  if (cls) return cls;
  if (ins.keyword !== 'RUN') return ins.keyword;
  if (ins.json) return 'RUN exec form';
  return 'RUN (fixture)';
}

/** The rule a lost change should have been reported by. */
function expectedRule(parsed: ParsedCase, ins: Ins, loss: Loss): string {
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') return 'volume-copy-after-declare';
  let stage = parsed.stages[ins.stage];
  while (stage?.base.kind === 'stage') stage = parsed.stages[stage.base.stage];
  if (stage?.base.kind === 'image') {
    const vols = declaredVolumes(stage.base.ref);
    if (vols.some((v) => loss.path === v || loss.path.startsWith(v + '/'))) return 'volume-inherited-write';
  }
  return loss.change === 'meta' ? 'volume-permissions-after-declare' : 'volume-write-after-declare';
}

function summarize(losses: Loss[]): string {
  const paths = losses.slice(0, 4).map((l) => `${l.path} (${l.change})`);
  return paths.join(', ') + (losses.length > 4 ? `, +${losses.length - 4} more` : '');
}

/**
 * Compares volint's findings with the builder's ground truth for one case. Recall: every instruction that lost a
 * change has a finding of a loss rule. Precision: every loss-rule finding is on an instruction that lost a change.
 */
export function caseVerdict(c: Case, parsed: ParsedCase, truth: CaseTruth, findings: Finding[]): CaseVerdict {
  const verdict: CaseVerdict = { instructions: [], disagreements: [], unobservable: 0, fixChecked: false };
  const byIns = new Map<number, Finding[]>();
  for (const f of findings) {
    if (!f.ruleId || !LOSS_RULES.includes(f.ruleId)) continue;
    const ins = instructionAt(parsed, f.line);
    if (!ins) continue;
    byIns.set(ins.index, [...(byIns.get(ins.index) ?? []), f]);
  }
  const lossesBy = new Map<number, Loss[]>();
  for (const l of truth.losses) lossesBy.set(l.ins, [...(lossesBy.get(l.ins) ?? []), l]);
  // A builder error (not a RUN's exit status) leaves nothing to compare; a failing RUN stops the comparison there.
  const comparable = truth.failures.every((f) => f.includes(': line'));
  // ONBUILD triggers run at the FROM of a child stage: their findings are judged there.
  const children = new Set(parsed.stages.flatMap((s) => (s.base.kind === 'stage' ? [s.base.stage] : [])));
  const onbuildFindings = (stage: number): Finding[] =>
    parsed.instructions.filter((i) => i.stage === stage && i.keyword === 'ONBUILD').flatMap((i) => byIns.get(i.index) ?? []);
  for (const ins of parsed.instructions) {
    const base = ins.keyword === 'FROM' ? parsed.stages[ins.stage]?.base : undefined;
    const found = base?.kind === 'stage' ? onbuildFindings(base.stage) : (byIns.get(ins.index) ?? []);
    const losses = lossesBy.get(ins.index) ?? [];
    if (ins.keyword === 'ONBUILD') {
      if (!children.has(ins.stage)) verdict.unobservable += (byIns.get(ins.index) ?? []).length;
      continue;
    }
    const observable = comparable && ins.stage >= 0 && (truth.stopAt === undefined || ins.index < truth.stopAt);
    if (!observable) {
      verdict.unobservable += found.length;
      continue;
    }
    if (found.length === 0 && losses.length === 0) continue;
    const trigger = base?.kind === 'stage' ? parsed.instructions.find((i) => i.stage === base.stage && i.keyword === 'ONBUILD') : undefined;
    const cls = classOf(c, trigger ?? ins);
    const first = losses[0];
    const rule = found[0]?.ruleId ?? (first ? expectedRule(parsed, ins, first) : undefined) ?? undefined;
    verdict.instructions.push({ cls, rule: rule ?? undefined, lost: losses.length > 0, reported: found.length > 0 });
    if (losses.length > 0 && found.length === 0 && first) {
      verdict.disagreements.push({ kind: 'missed', rule: expectedRule(parsed, ins, first), cls, caseName: c.name, line: ins.firstLine, detail: `${ins.keyword} lost ${summarize(losses)}; volint reports nothing` });
    }
    if (losses.length === 0) {
      for (const f of found) {
        // A deletion under a volume is lost only when there was something to delete (see the semantics doc).
        const what = f.messageId === 'delete' ? `${cls} (delete)` : cls;
        verdict.disagreements.push({ kind: 'false', rule: f.ruleId ?? '?', cls: what, caseName: c.name, line: f.line, detail: `the builder kept every change of this ${ins.keyword}; volint: ${f.message.split('. ')[0] ?? ''}` });
      }
    }
  }
  // The neutral build's stand-in for a VOLUME is a COPY, whose destination Buildah splits and unquotes like a VOLUME's
  // only for plain words.
  const oddVolume = parsed.instructions.some((i) => i.keyword === 'VOLUME' && !volumeWords(i).json && volumeWords(i).words.some((w) => !/^[\w/.${}:+-]+$/.test(w)));
  for (const u of truth.unexplained) {
    verdict.disagreements.push({ kind: 'unexplained', rule: '-', cls: oddVolume ? 'VOLUME with quotes, brackets or #' : '-', caseName: c.name, line: undefined, detail: `stage ${u.stage}: final images differ at ${u.path}, no instruction accounts for it` });
  }
  for (const g of truth.gained) {
    const ins = parsed.instructions[g.ins];
    verdict.disagreements.push({ kind: 'gained', rule: '-', cls: ins ? classOf(c, ins) : '-', caseName: c.name, line: ins?.firstLine, detail: `changed ${g.path} as written but not in the neutral build` });
  }
  return verdict;
}

/**
 * The fix check: the fixed file builds wherever the original did, and every change the original lost on an
 * instruction with a fixable finding is in the fixed image, as in the neutral build.
 */
export function fixVerdict(c: Case, parsed: ParsedCase, truth: CaseTruth, findings: Finding[], fixedBuilt: boolean, fixedFailure: string | undefined, fixedFinal: Map<number, Snapshot>): Disagreement[] {
  const out: Disagreement[] = [];
  const fixable = findings.filter((f) => f.fix !== undefined && f.ruleId !== null && LOSS_RULES.includes(f.ruleId));
  const rule = fixable[0]?.ruleId ?? 'fix';
  // Every fix is built (--unsafe-fixes): the class says whether the file had only safe ones, which `volint --fix` applies.
  const cls = fixable.some((f) => f.fix?.applicability !== 'safe') ? 'fix (unsafe)' : 'fix (safe)';
  if (truth.builtWritten && !fixedBuilt) {
    out.push({ kind: 'fix-breaks', rule, cls, caseName: c.name, line: undefined, detail: `the original builds, the fixed file does not: ${fixedFailure ?? ''}` });
    return out;
  }
  if (!truth.builtWritten || !truth.builtNeutral) return out;
  const fixedLines = new Set(fixable.map((f) => instructionAt(parsed, f.line)?.index));
  for (const loss of truth.losses) {
    if (!fixedLines.has(loss.ins)) continue;
    const ins = parsed.instructions[loss.ins];
    const stage = ins?.stage ?? 0;
    const neutral: Snapshot = truth.neutralFinal.get(stage) ?? new Map<string, Entry>();
    const fixed: Snapshot = fixedFinal.get(stage) ?? new Map<string, Entry>();
    // A randomly named entry (mktemp) has another name in each build.
    const at = (snap: Snapshot): string | undefined => (snap.has(loss.path) ? loss.path : twinIn(snap, loss.path, new Map()));
    const wantPath = at(neutral);
    const gotPath = at(fixed);
    const want = wantPath === undefined ? undefined : neutral.get(wantPath);
    const got = gotPath === undefined ? undefined : fixed.get(gotPath);
    if (compareEntries(want, got) !== undefined) {
      out.push({ kind: 'fix-loses', rule, cls, caseName: c.name, line: ins?.firstLine, detail: `${loss.path} is still lost after the fix` });
    }
  }
  return out;
}
