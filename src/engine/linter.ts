import type { ResolvedConfig } from '../config/types.js';
import { buildBaseImageTable, type BaseImageTable } from '../model/base-images.js';
import type { DockerfileModel } from '../model/types.js';
import { mayHaveFindings } from './fast-path.js';
import { tableWithResolvedImages, type ImageResolution } from './image-resolution.js';
import { UNUSED_IGNORE_META } from './ignores.js';
import { createFileSession, needsShellAnalysis, runRule, toLineColumns, unusedIgnoreFindings, type AnalyzeRun, type Finding } from './rule-run.js';
import { resolveSeverity } from './severity.js';
import type { LintMessage, LintResult, Rule } from './types.js';

export interface LintOptions {
  filePath: string;
  config: ResolvedConfig;
  rules: readonly Rule[];
  /** With `config.resolveImages`: whether to wait for image configs (default) or lint now and be told when they arrive. */
  imageResolution?: ImageResolution;
}

const tables = new WeakMap<object, BaseImageTable>();
// Loaded on first use: a run whose files all take the fast path never loads the Dockerfile parser.
let modelBuilder: Promise<typeof import('../model/build.js')> | undefined;
// Likewise the shell analysis (web-tree-sitter and its grammar): only files with a volume in scope need it.
let shellModule: Promise<typeof import('../shell/index.js')> | undefined;
let analyzeRun: AnalyzeRun | undefined;

function baseImageTable(config: ResolvedConfig): BaseImageTable {
  let table = tables.get(config.baseImages);
  if (!table) {
    // Facts from a config file name that file as their source in findings.
    table = buildBaseImageTable(config.baseImages, config.configFile ?? 'config');
    tables.set(config.baseImages, table);
  }
  return table;
}

/** A result holding one message that says why the file could not be linted. */
export function fatalResult(filePath: string, message: string, source?: string): LintResult {
  return {
    filePath,
    messages: [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] }],
    errorCount: 1,
    warningCount: 0,
    fatalErrorCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(source === undefined ? {} : { source }),
  };
}

/** Loads the shell grammar and analysis; lintModel needs it for files with a volume in scope. */
export async function loadShellAnalysis(): Promise<void> {
  const shell = await (shellModule ??= import('../shell/index.js'));
  await shell.loadShellParser();
  analyzeRun = shell.analyzeRun;
}

/** Lints one Dockerfile text (already decoded, without BOM). */
export async function lintText(text: string, options: LintOptions): Promise<LintResult> {
  if (text.trim() === '') return fatalResult(options.filePath, 'File is empty: there is nothing to build.', text);
  const { config } = options;
  let baseImages = baseImageTable(config);
  // Built only when the FROMs have to be read by the parser before their images are resolved; reused when none is.
  let shippedModel: DockerfileModel | undefined;
  if (config.resolveImages) {
    const shipped = baseImages;
    baseImages = await tableWithResolvedImages(text, config, shipped, options.imageResolution, async () => {
      const { buildModel } = await (modelBuilder ??= import('../model/build.js'));
      try {
        shippedModel = buildModel(text, { buildArgs: config.buildArgs, baseImages: shipped });
        return externalImages(shippedModel);
      } catch {
        return [];
      }
    });
    if (baseImages !== shipped) shippedModel = undefined;
  }
  // Most Dockerfiles have no volume in scope: a scan far cheaper than the parse answers them (fast-path.ts).
  if (!mayHaveFindings(text, baseImages, config.buildArgs)) return summarize(options.filePath, [], text);
  const { buildModel } = await (modelBuilder ??= import('../model/build.js'));
  let model: DockerfileModel;
  try {
    model = shippedModel ?? buildModel(text, { buildArgs: config.buildArgs, baseImages });
  } catch (error) {
    return fatalResult(options.filePath, `Could not parse the Dockerfile: ${(error as Error).message}`, text);
  }
  if (needsShellAnalysis(model)) await loadShellAnalysis();
  return lintModel(model, options);
}

/** The external images a model's FROMs name, with the platform each asks for. */
function externalImages(model: DockerfileModel): { ref: string; platform: string | undefined }[] {
  return model.stages.flatMap((s) =>
    s.base.kind === 'image' && s.base.ref !== undefined
      ? [{ ref: s.base.ref, platform: s.from.flags.find((f) => f.name.toLowerCase() === 'platform')?.value?.value }]
      : [],
  );
}

/** Runs the enabled rules over a model; loadShellAnalysis() must have run when a RUN has a volume in scope or the file declares a VOLUME. */
export function lintModel(model: DockerfileModel, options: LintOptions): LintResult {
  const { config } = options;
  const session = createFileSession(model, { builder: config.builder }, analyzeRun);
  const messages: LintMessage[] = [];
  const toMessage = (f: Finding, severity: 1 | 2): LintMessage => ({
    ruleId: f.ruleId,
    severity,
    message: f.message,
    messageId: f.messageId,
    ...toLineColumns(model, f.range),
    range: [f.range.start, f.range.end],
    ...(f.related.length > 0 ? { relatedLocations: f.related } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.suggestions ? { suggestions: f.suggestions } : {}),
  });

  for (const rule of options.rules) {
    const severity = resolveSeverity(rule.meta, config);
    if (severity === 0) continue;
    runRule(session, rule, (f) => messages.push(toMessage(f, severity)));
  }

  const unusedSeverity = resolveSeverity(UNUSED_IGNORE_META, config);
  if (unusedSeverity !== 0) {
    const known = new Set(options.rules.map((r) => r.meta.id));
    for (const f of unusedIgnoreFindings(session, known)) messages.push(toMessage(f, unusedSeverity));
  }

  messages.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  return summarize(options.filePath, messages, model.text);
}

export function summarize(filePath: string, messages: LintMessage[], source: string): LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    if (m.severity === 2) {
      errorCount++;
      if (m.fatal) fatalErrorCount++;
      if (m.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix) fixableWarningCount++;
    }
  }
  return { filePath, messages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount, source };
}
