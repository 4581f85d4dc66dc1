import path from 'node:path';
import { scriptResolver } from '../analysis/context-scripts.js';
import type { ResolvedConfig } from '../config/types.js';
import { BuildContext } from '../context/build-context.js';
import { toFix, toSuggestions } from './normalize-fixes.js';
import { buildBaseImageTable, parseImageRef, type BaseImageTable } from '../model/base-images.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import type { RunAnalysis, ScriptResolver } from '../shell/types.js';
import type { Offsets } from '../text/line-index.js';
import { fastPathScope, mayHaveFindings } from './fast-path.js';
import { tableWithResolvedImages, type ImageResolution } from './image-resolution.js';
import { fileKindOf } from './file-kinds.js';
import { collectIgnores, isIgnored, UNUSED_IGNORE_META } from './ignores.js';
import { fatalResult, interpolate, summarize } from './results.js';
import { resolveSeverity } from './severity.js';
import {
  rulesReading,
  type LintMessage,
  type LintResult,
  type RelatedLocation,
  type ReportDescriptor,
  type Rule,
  type DockerfileContext,
  type DockerfileRule,
  type FileKind,
} from '../rule-api/types.js';

export interface LintOptions {
  filePath: string;
  config: ResolvedConfig;
  rules: readonly Rule[];
  /** With `config.resolveImages`: whether to wait for image configs (default) or lint now and be told when they arrive. */
  imageResolution?: ImageResolution;
  /** The kind of file, when the caller knows better than the name (an editor's language id); else from the name. */
  kind?: FileKind;
  /** The Compose files merged in order (`-f a -f b`), when the user names them. */
  composeFiles?: readonly string[];
  /** Unsaved editor buffers: the text of an open file, which wins over the disk (build-context scripts). */
  readFile?: (absPath: string) => string | undefined;
}

const tables = new WeakMap<object, BaseImageTable>();
// Loaded on first use: a run whose files all take the fast path never loads the Dockerfile parser.
let modelBuilder: Promise<typeof import('../model/build.js')> | undefined;
// Likewise the shell analysis (web-tree-sitter and its grammar): only rules that need RUN effects use it.
let shellModule: Promise<typeof import('../shell/index.js')> | undefined;
let analyzeRun: (typeof import('../shell/index.js'))['analyzeRun'] | undefined;
// Compose files and scripts: only runs that lint one load their readers.
let runtimeLinter: Promise<typeof import('./lint-runtime.js')> | undefined;

function baseImageTable(config: ResolvedConfig): BaseImageTable {
  let table = tables.get(config.baseImages);
  if (!table) {
    // Facts from a config file name that file as their source in findings.
    table = buildBaseImageTable(config.baseImages, config.configFile ?? 'config');
    tables.set(config.baseImages, table);
  }
  return table;
}

/** Loads the shell grammar and analysis; lintModel needs it when a rule that needs RUN effects runs on a RUN. */
export async function loadShellAnalysis(): Promise<void> {
  const shell = await (shellModule ??= import('../shell/index.js'));
  await shell.loadShellParser();
  analyzeRun = shell.analyzeRun;
}

/** The Dockerfile rules the config turns on. */
function enabledRules(options: LintOptions): DockerfileRule[] {
  return rulesReading(options.rules, 'dockerfile').filter((r) => resolveSeverity(r.meta, options.config) !== 0);
}

/** The rules whose needs (RuleNeed) the model meets: the others cannot report on it. */
function applicableRules(rules: readonly DockerfileRule[], model: DockerfileModel, table: BaseImageTable): DockerfileRule[] {
  const declaresVolume = model.instructions.some((i) => i.keyword === 'VOLUME');
  const knownBase = model.stages.some((s) => s.base.kind === 'image' && s.base.ref !== undefined && table.mayDeclareVolumes(parseImageRef(s.base.ref).repository));
  return rules.filter(({ meta: { needs } }) => {
    if (needs.includes('declared-volume') && !declaresVolume) return false;
    if (needs.includes('base-image-facts') && !knownBase) return false;
    return !needs.includes('volume-in-scope') || declaresVolume || knownBase;
  });
}

/**
 * Lints one text (already decoded, without BOM): a Dockerfile, a Compose file or a script. Never throws: whatever
 * makes linting this text fail (a bug, a stack or memory limit) becomes a fatal message for this file, so that a run
 * goes on with the other files.
 */
export async function lintText(text: string, options: LintOptions): Promise<LintResult> {
  try {
    return await lintTextUnguarded(text, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fatalResult(options.filePath, `volint failed on this file (${reason}); the other files were linted. Please report it with this file.`, text);
  }
}

async function lintTextUnguarded(text: string, options: LintOptions): Promise<LintResult> {
  const kind = options.kind ?? fileKindOf(options.filePath, text);
  if (kind !== 'dockerfile') {
    const { lintRuntimeText } = await (runtimeLinter ??= import('./lint-runtime.js'));
    return lintRuntimeText(kind, text, { ...options, table: baseImageTable(options.config) });
  }
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
  // Most Dockerfiles meet no enabled rule's needs: a scan far cheaper than the parse answers them (fast-path.ts).
  if (!mayHaveFindings(text, baseImages, config.buildArgs, fastPathScope(enabledRules(options)))) return summarize(options.filePath, [], text);
  const { buildModel } = await (modelBuilder ??= import('../model/build.js'));
  let model: DockerfileModel;
  try {
    model = shippedModel ?? buildModel(text, { buildArgs: config.buildArgs, baseImages });
  } catch (error) {
    return fatalResult(options.filePath, `Could not parse the Dockerfile: ${(error as Error).message}`, text);
  }
  const needsShell =
    applicableRules(enabledRules(options), model, baseImages).some((r) => r.meta.needs.includes('run-effects')) &&
    model.instructions.some((i) => i.keyword === 'RUN' && i.shell === 'posix');
  if (needsShell) await loadShellAnalysis();
  return lintModel(model, options, baseImages);
}

/** The external images a model's FROMs name, with the platform each asks for. */
function externalImages(model: DockerfileModel): { ref: string; platform: string | undefined }[] {
  return model.stages.flatMap((s) =>
    s.base.kind === 'image' && s.base.ref !== undefined
      ? [{ ref: s.base.ref, platform: s.from.flags.find((f) => f.name.toLowerCase() === 'platform')?.value?.value }]
      : [],
  );
}

/**
 * Runs the enabled rules whose needs the model meets; loadShellAnalysis() must have run when one of them needs RUN
 * effects and the file has a RUN.
 */
export function lintModel(model: DockerfileModel, options: LintOptions, table: BaseImageTable = baseImageTable(options.config)): LintResult {
  const { config, filePath } = options;
  const ignores = collectIgnores(model);
  const messages: LintMessage[] = [];
  const runCache = new Map<InstructionModel, RunAnalysis>();
  const toMessage = (
    ruleId: string,
    severity: 1 | 2,
    message: string,
    range: Offsets,
    extra: Partial<LintMessage> = {},
  ): LintMessage => {
    const start = model.lines.positionAt(range.start);
    const end = model.lines.positionAt(range.end);
    return {
      ruleId,
      severity,
      message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      range: [range.start, range.end],
      ...extra,
    };
  };

  // The build context is opened when a RUN is first analysed: most files never need it.
  const opened: { context?: BuildContext | undefined } = {};
  const scriptsFor = (instr: InstructionModel): ScriptResolver | undefined => {
    if (!('context' in opened)) opened.context = openBuildContext(filePath, config, options.readFile);
    const buildContext = opened.context;
    return scriptResolver(model, instr, buildContext, (earlier) => runEffectsOf(earlier).effects, buildContext ? filePath : undefined);
  };
  const runEffectsOf = (instr: InstructionModel): RunAnalysis => {
    let analysis = runCache.get(instr);
    if (!analysis) {
      if (!analyzeRun) throw new Error('volint: the shell analysis is not loaded; await loadShellAnalysis() first');
      analysis = analyzeRun(instr, model, scriptsFor(instr));
      runCache.set(instr, analysis);
    }
    return analysis;
  };

  // The table the model was built with: with --resolve-images it knows the images the registry described.
  for (const rule of applicableRules(enabledRules(options), model, table)) {
    const severity = resolveSeverity(rule.meta, config) === 2 ? 2 : 1;
    const readsRuns = rule.meta.needs.includes('run-effects');
    const context: DockerfileContext = {
      model,
      settings: { builder: config.builder },
      runEffects(instr) {
        if (!readsRuns) throw new Error(`Rule ${rule.meta.id} reads RUN effects but does not declare the need 'run-effects'.`);
        return runEffectsOf(instr);
      },
      report(d: ReportDescriptor) {
        if (isIgnored(ignores, rule.meta.id, d.instruction)) return;
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`Rule ${rule.meta.id} has no message '${d.messageId}'.`);
        const fix = d.fix === undefined ? undefined : toFix(d.fix);
        const suggestions = toSuggestions(d.suggest);
        const related = d.related?.map<RelatedLocation>((r) => {
          if (!('range' in r)) {
            // A heredoc script lives in the linted file itself.
            const other = r.filePath !== '' && r.filePath !== filePath ? { filePath: r.filePath } : {};
            return { message: r.message, ...other, line: r.line + 1, column: r.column + 1, endLine: r.endLine + 1, endColumn: r.endColumn + 1 };
          }
          const s = model.lines.positionAt(r.range.start);
          const e = model.lines.positionAt(r.range.end);
          return { message: r.message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
        });
        messages.push(
          toMessage(rule.meta.id, severity, interpolate(template, d.data), d.range, {
            messageId: d.messageId,
            ...(related && related.length > 0 ? { relatedLocations: related } : {}),
            ...(fix ? { fix } : {}),
            ...(suggestions.length > 0 ? { suggestions } : {}),
          }),
        );
      },
    };
    rule.check(context);
  }

  const unusedSeverity = resolveSeverity(UNUSED_IGNORE_META, config);
  if (unusedSeverity !== 0) {
    const known = new Set(options.rules.map((r) => r.meta.id));
    for (const e of ignores) {
      if (e.used) continue;
      const unknown = !known.has(e.ruleId) && e.ruleId !== 'all' && e.ruleId !== UNUSED_IGNORE_META.id;
      const template = UNUSED_IGNORE_META.messages[unknown ? 'unknown' : 'unused'] ?? '';
      const where = e.global ? 'in this file' : e.instruction ? 'on the next instruction' : 'here: no instruction follows directly';
      messages.push(
        toMessage(UNUSED_IGNORE_META.id, unusedSeverity, interpolate(template, { rule: e.ruleId, where }), e.range, {
          messageId: unknown ? 'unknown' : 'unused',
        }),
      );
    }
  }

  messages.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  const result = summarize(filePath, messages, model.text);
  const dependencies = opened.context?.dependencies;
  if (dependencies && dependencies.size > 0) result.dependencies = [...dependencies].sort();
  return result;
}

/**
 * The build context of a file on disk: `context` from the config or `--context`, else the Dockerfile's directory.
 * A text with no file behind it (standard input without a name) has none.
 */
function openBuildContext(filePath: string, config: ResolvedConfig, readFile: LintOptions['readFile']): BuildContext | undefined {
  if (!path.isAbsolute(filePath) && config.context === undefined) return undefined;
  return BuildContext.forDockerfile(path.isAbsolute(filePath) ? filePath : undefined, config.context, readFile);
}
