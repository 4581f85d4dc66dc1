import path from 'node:path';
import { imageRunsScript } from '../analysis/container-command.js';
import { scriptResolver } from '../analysis/context-scripts.js';
import { BuildContext } from '../context/build-context.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis, ScriptResolver } from '../shell/types.js';
import type { Offsets } from '../text/line-index.js';
import { collectIgnores, isIgnored, UNUSED_IGNORE_META, type IgnoreEntry } from './ignores.js';
import { toFix, toSuggestions } from './normalize-fixes.js';
import { interpolate } from './results.js';
import type {
  DockerfileContext,
  DockerfileRule,
  Fix,
  RelatedInfo,
  RelatedLocation,
  ReportDescriptor,
  RuleNeed,
  RuleSettings,
  Suggestion,
} from '../rule-api/types.js';

/*
 * Running rules over one file's model, apart from severities and result shapes, so that every host reports the same
 * findings: the engine (linter.ts) turns them into LintMessages, the ESLint plugin (src/eslint) into ESLint reports.
 */

/** The shell analysis of a RUN (src/shell); loaded lazily, so the caller hands it over when the file needs it. */
export type AnalyzeRun = (instr: InstructionModel, model: DockerfileModel, scripts?: ScriptResolver) => RunAnalysis;

/**
 * True when one of `rules` (those that run on `model`) reads RUN effects and there is a RUN to analyse, or classifies
 * the image's command and it runs a script.
 */
export function needsShellAnalysis(rules: readonly DockerfileRule[], model: DockerfileModel): boolean {
  const needs = (need: RuleNeed): boolean => rules.some((r) => r.meta.needs.includes(need));
  return (needs('run-effects') && model.instructions.some((i) => i.keyword === 'RUN' && i.shell === 'posix')) ||
    (needs('container-command') && imageRunsScript(model));
}

/** Where the file lives, for the scripts its RUNs execute from the build context (issue 16). */
export interface FileOrigin {
  /** The Dockerfile's path; relative (or empty) for a text with no file behind it. */
  filePath: string;
  /** The build context directory (`context` in the config, `--context`); else the Dockerfile's directory. */
  context?: string | undefined;
  /** Unsaved editor buffers: the text of an open file, which wins over the disk. */
  readFile?: ((absPath: string) => string | undefined) | undefined;
}

/** What the rules of one file share: the RUN analyses (parsed once for all rules) and the `# volint` ignore comments. */
export interface FileSession {
  readonly model: DockerfileModel;
  readonly settings: RuleSettings;
  readonly ignores: IgnoreEntry[];
  readonly runs: Map<InstructionModel, RunAnalysis>;
  readonly analyzeRun: AnalyzeRun | undefined;
  readonly origin: FileOrigin;
  /** The build context, opened when a RUN is first analysed (most files never need it); undefined when there is none. */
  buildContext?: BuildContext | undefined;
  /**
   * Related locations made so far, by what they say and where: every finding after one VOLUME names the same line, so
   * a file with 100,000 findings holds that list once (the lists are never changed once made).
   */
  readonly relatedLists: Map<string, RelatedLocation[]>;
}

export function createFileSession(model: DockerfileModel, settings: RuleSettings, analyzeRun: AnalyzeRun | undefined, origin: FileOrigin): FileSession {
  return { model, settings, ignores: collectIgnores(model), runs: new Map(), analyzeRun, origin, relatedLists: new Map() };
}

/** The files of the build context the session read (scripts, .dockerignore files): a cache or an editor re-lints on their change. */
export function sessionDependencies(session: FileSession): string[] {
  const deps = session.buildContext?.dependencies;
  return deps && deps.size > 0 ? [...deps].sort() : [];
}

/** What `instr` does to paths, analysed once per file for all rules. */
export function runEffectsOf(session: FileSession, instr: InstructionModel): RunAnalysis {
  let analysis = session.runs.get(instr);
  if (!analysis) {
    if (!session.analyzeRun) throw new Error('volint: the shell analysis is not loaded; await loadShellAnalysis() first');
    analysis = session.analyzeRun(instr, session.model, scriptsFor(session, instr));
    session.runs.set(instr, analysis);
  }
  return analysis;
}

function scriptsFor(session: FileSession, instr: InstructionModel): ScriptResolver | undefined {
  if (!('buildContext' in session)) session.buildContext = openBuildContext(session.origin);
  const buildContext = session.buildContext;
  const { filePath } = session.origin;
  return scriptResolver(session.model, instr, buildContext, (earlier) => runEffectsOf(session, earlier).effects, buildContext ? filePath : undefined);
}

/**
 * The build context of a file on disk: `context` from the config or `--context`, else the Dockerfile's directory.
 * A text with no file behind it (standard input without a name) has none.
 */
function openBuildContext(origin: FileOrigin): BuildContext | undefined {
  const { filePath, context, readFile } = origin;
  if (!path.isAbsolute(filePath) && context === undefined) return undefined;
  return BuildContext.forDockerfile(path.isAbsolute(filePath) ? filePath : undefined, context, readFile);
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
  const { model, ignores } = session;
  const readsRuns = rule.meta.needs.includes('run-effects');
  const context: DockerfileContext = {
    model,
    settings: session.settings,
    runEffects(instr) {
      if (!readsRuns) throw new Error(`Rule ${rule.meta.id} reads RUN effects but does not declare the need 'run-effects'.`);
      return runEffectsOf(session, instr);
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
        related: relatedLocations(session, d.related ?? []),
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

/** The related locations of a finding: the list made for an equal one before, if any. */
function relatedLocations(session: FileSession, related: readonly RelatedInfo[]): RelatedLocation[] {
  if (related.length === 0) return [];
  const key = related
    .map((r) => ('range' in r ? `${r.message}\0${r.range.start}\0${r.range.end}` : `${r.message}\0${r.filePath}\0${r.line}\0${r.column}\0${r.endLine}\0${r.endColumn}`))
    .join('\u0001');
  let list = session.relatedLists.get(key);
  if (!list) {
    list = related.map((r) => relatedLocation(session, r));
    session.relatedLists.set(key, list);
  }
  return list;
}

/** A related place as a message names it: 1-based, in this file or (a script a RUN executes) in another. */
function relatedLocation(session: FileSession, r: RelatedInfo): RelatedLocation {
  if ('range' in r) return { message: r.message, ...toLineColumns(session.model, r.range) };
  // A heredoc script lives in the linted file itself.
  const other = r.filePath !== '' && r.filePath !== session.origin.filePath ? { filePath: r.filePath } : {};
  return { message: r.message, ...other, line: r.line + 1, column: r.column + 1, endLine: r.endLine + 1, endColumn: r.endColumn + 1 };
}

/** 1-based lines and columns of a range, end exclusive (ESLint's and volint's message shape). */
export function toLineColumns(model: DockerfileModel, range: Offsets): { line: number; column: number; endLine: number; endColumn: number } {
  const start = model.lines.positionAt(range.start);
  const end = model.lines.positionAt(range.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
