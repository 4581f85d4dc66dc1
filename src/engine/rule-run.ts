import { toFix, toSuggestions } from '../fix/normalize.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis } from '../shell/types.js';
import type { Offsets } from '../text/line-index.js';
import { collectIgnores, isIgnored, UNUSED_IGNORE_META, type IgnoreEntry } from './ignores.js';
import type { DockerfileContext, DockerfileRule, Fix, RelatedLocation, ReportDescriptor, RuleSettings, Suggestion } from './types.js';

/*
 * Running rules over one file's model, apart from severities and result shapes, so that every host reports the same
 * findings: the engine (linter.ts) turns them into LintMessages, the ESLint plugin (src/eslint) into ESLint reports.
 */

/** The shell analysis of a RUN (src/shell); loaded lazily, so the caller hands it over when the file needs it. */
export type AnalyzeRun = (instr: InstructionModel, model: DockerfileModel) => RunAnalysis;

/** True when one of `rules` (those that run on `model`) reads RUN effects and there is a RUN to analyse. */
export function needsShellAnalysis(rules: readonly DockerfileRule[], model: DockerfileModel): boolean {
  return rules.some((r) => r.meta.needs.includes('run-effects')) && model.instructions.some((i) => i.keyword === 'RUN' && i.shell === 'posix');
}

/** What the rules of one file share: the RUN analyses (parsed once for all rules) and the `# volint` ignore comments. */
export interface FileSession {
  readonly model: DockerfileModel;
  readonly settings: RuleSettings;
  readonly ignores: IgnoreEntry[];
  readonly runs: Map<InstructionModel, RunAnalysis>;
  readonly analyzeRun: AnalyzeRun | undefined;
}

export function createFileSession(model: DockerfileModel, settings: RuleSettings, analyzeRun: AnalyzeRun | undefined): FileSession {
  return { model, settings, ignores: collectIgnores(model), runs: new Map(), analyzeRun };
}

/** One finding, before a host gives it a severity. */
export interface Finding {
  ruleId: string;
  messageId: string;
  data: Record<string, string>;
  /** The message template with `data` filled in. */
  message: string;
  range: Offsets;
  related: RelatedLocation[];
  fix?: Fix;
  suggestions?: Suggestion[];
}

/** Runs one rule; findings an ignore comment covers are dropped (and the comment marked used). */
export function runRule(session: FileSession, rule: DockerfileRule, onFinding: (finding: Finding) => void): void {
  const { model, ignores, runs, analyzeRun } = session;
  const readsRuns = rule.meta.needs.includes('run-effects');
  const context: DockerfileContext = {
    model,
    settings: session.settings,
    runEffects(instr) {
      if (!readsRuns) throw new Error(`Rule ${rule.meta.id} reads RUN effects but does not declare the need 'run-effects'.`);
      let analysis = runs.get(instr);
      if (!analysis) {
        if (!analyzeRun) throw new Error('volint: the shell analysis is not loaded; await loadShellAnalysis() first');
        analysis = analyzeRun(instr, model);
        runs.set(instr, analysis);
      }
      return analysis;
    },
    report(d: ReportDescriptor) {
      if (isIgnored(ignores, rule.meta.id, d.instruction)) return;
      const template = rule.meta.messages[d.messageId];
      if (template === undefined) throw new Error(`Rule ${rule.meta.id} has no message '${d.messageId}'.`);
      const fix = d.fix === undefined ? undefined : toFix(d.fix);
      const suggestions = toSuggestions(d.suggest);
      const data = d.data ?? {};
      onFinding({
        ruleId: rule.meta.id,
        messageId: d.messageId,
        data,
        message: interpolate(template, data),
        range: d.range,
        related: (d.related ?? []).map((r) => ({ message: r.message, ...toLineColumns(model, r.range) })),
        ...(fix ? { fix } : {}),
        ...(suggestions.length > 0 ? { suggestions } : {}),
      });
    },
  };
  rule.check(context);
}

/** Findings for the ignore comments no rule used, once every rule has run; `knownIds` are the rule ids that exist. */
export function unusedIgnoreFindings(session: FileSession, knownIds: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const e of session.ignores) {
    if (e.used) continue;
    const unknown = !knownIds.has(e.ruleId) && e.ruleId !== 'all' && e.ruleId !== UNUSED_IGNORE_META.id;
    const messageId = unknown ? 'unknown' : 'unused';
    const where = e.global ? 'in this file' : e.instruction ? 'on the next instruction' : 'here: no instruction follows directly';
    const data = { rule: e.ruleId, where };
    findings.push({
      ruleId: UNUSED_IGNORE_META.id,
      messageId,
      data,
      message: interpolate(UNUSED_IGNORE_META.messages[messageId] ?? '', data),
      range: e.range,
      related: [],
    });
  }
  return findings;
}

/** 1-based lines and columns of a range, end exclusive (ESLint's and volint's message shape). */
export function toLineColumns(model: DockerfileModel, range: Offsets): { line: number; column: number; endLine: number; endColumn: number } {
  const start = model.lines.positionAt(range.start);
  const end = model.lines.positionAt(range.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function interpolate(template: string, data: Record<string, string> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}
