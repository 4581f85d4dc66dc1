import type { ResolvedConfig } from '../config/types.js';
import { baseImageTableOf } from '../config/base-image-table.js';
import { parseImageRef, type BaseImageTable } from '../model/base-images.js';
import type { ParsedDockerfile } from '../model/build.js';
import type { DockerfileModel } from '../model/types.js';
import type { ImageRequest } from '../registry/resolve.js';
import { fastPathScope, mayNameKnownImage, needsModel, scanFroms } from './fast-path.js';
import { answeringTable, resolvePending, tableWithResolvedImages, type ImageResolution } from './image-resolution.js';
import { fileKindOf } from './file-kinds.js';
import { UNUSED_IGNORE_META } from './ignores.js';
import { fatalResult, summarize } from './results.js';
import {
  createFileSession,
  needsShellAnalysis,
  runRule,
  sessionDependencies,
  toLineColumns,
  unusedIgnoreFindings,
  type AnalyzeRun,
  type Finding,
} from './rule-run.js';
import { resolveSeverity } from './severity.js';
import { rulesReading, type LintMessage, type LintResult, type Rule, type DockerfileRule, type FileKind } from '../rule-api/types.js';

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

// Loaded on first use: a run whose files all take the fast path never loads the Dockerfile parser.
let modelBuilder: Promise<typeof import('../model/build.js')> | undefined;
// Likewise the shell analysis (web-tree-sitter and its grammar): only rules that need RUN effects use it.
let shellModule: Promise<typeof import('../shell/index.js')> | undefined;
let analyzeRun: AnalyzeRun | undefined;
// Compose files and scripts: only runs that lint one load their readers.
let runtimeLinter: Promise<typeof import('./lint-runtime.js')> | undefined;

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
export function applicableRules(rules: readonly DockerfileRule[], model: DockerfileModel, table: BaseImageTable): DockerfileRule[] {
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
    return lintRuntimeText(kind, text, { ...options, table: baseImageTableOf(options.config) });
  }
  if (text.trim() === '') return fatalResult(options.filePath, 'File is empty: there is nothing to build.', text);
  const { config } = options;
  let baseImages = baseImageTableOf(config);
  const scope = fastPathScope(enabledRules(options));
  // Most Dockerfiles meet no enabled rule's needs: a scan far cheaper than the parse answers them (fast-path.ts).
  const modelled = needsModel(text, scope);
  // With --resolve-images, the table depends on the images the FROMs name. A file modelled anyway, when the lint
  // waits for configs, has the model ask for each image as it meets it. The others have their FROMs read first: by
  // the scan, or by a parse where the scan cannot read them, which the model then reuses.
  let fromWords: string[] | undefined;
  let parsed: ParsedDockerfile | undefined;
  let pending: ImageRequest[] | undefined;
  if (config.resolveImages && modelled && options.imageResolution?.mode !== 'background') {
    ({ table: baseImages, pending } = await answeringTable(config, baseImages, options.imageResolution));
  } else if (config.resolveImages) {
    const scan = scanFroms(text, config.buildArgs);
    let images = scan?.images;
    fromWords = scan?.words;
    if (!scan) {
      const { fromImagesOf, parseForModel } = await (modelBuilder ??= import('../model/build.js'));
      try {
        parsed = parseForModel(text);
        images = fromImagesOf(parsed, config.buildArgs);
        // The model's own reading: the images are exactly the bases its stages get.
        fromWords = images.map((image) => image.ref);
      } catch {
        // The model build below meets the same error and reports it.
        parsed = undefined;
      }
    }
    baseImages = await tableWithResolvedImages(images ?? [], config, baseImages, options.imageResolution);
  }
  if (!modelled && !mayNameKnownImage(text, baseImages, config.buildArgs, scope, fromWords)) return summarize(options.filePath, [], text);
  const { buildModel } = await (modelBuilder ??= import('../model/build.js'));
  let model: DockerfileModel;
  try {
    model = buildModel(parsed ?? text, { buildArgs: config.buildArgs, baseImages });
    if (pending && pending.length > 0) {
      // Some image needed its registry or a local store: now that its config is read, the model is built again.
      await resolvePending(config, pending);
      ({ table: baseImages } = await answeringTable(config, baseImageTableOf(config), options.imageResolution));
      model = buildModel(text, { buildArgs: config.buildArgs, baseImages });
    }
  } catch (error) {
    return fatalResult(options.filePath, `Could not parse the Dockerfile: ${(error as Error).message}`, text);
  }
  if (needsShellAnalysis(applicableRules(enabledRules(options), model, baseImages), model)) await loadShellAnalysis();
  return lintModel(model, options, baseImages);
}

/**
 * Runs the enabled rules whose needs the model meets; loadShellAnalysis() must have run when one of them needs RUN
 * effects and the file has a RUN.
 */
export function lintModel(model: DockerfileModel, options: LintOptions, table: BaseImageTable = baseImageTableOf(options.config)): LintResult {
  const { config, filePath } = options;
  const session = createFileSession(model, { builder: config.builder }, analyzeRun, { filePath, context: config.context, readFile: options.readFile });
  const messages: LintMessage[] = [];
  // Built without spreads: one object per finding and no temporary ones (a file can have 100,000 findings). The
  // keys keep the order the reports print them in.
  const toMessage = (f: Finding, severity: 1 | 2): LintMessage => {
    const at = toLineColumns(model, f.range);
    const message: LintMessage = {
      ruleId: f.ruleId,
      severity,
      message: f.message,
      messageId: f.messageId,
      line: at.line,
      column: at.column,
      endLine: at.endLine,
      endColumn: at.endColumn,
      range: [f.range.start, f.range.end],
    };
    if (f.related.length > 0) message.relatedLocations = f.related;
    if (f.fix) message.fix = f.fix;
    if (f.suggestions) message.suggestions = f.suggestions;
    return message;
  };

  // The table the model was built with: with --resolve-images it knows the images the registry described.
  for (const rule of applicableRules(enabledRules(options), model, table)) {
    const severity = resolveSeverity(rule.meta, config) === 2 ? 2 : 1;
    runRule(session, rule, (f) => messages.push(toMessage(f, severity)));
  }

  const unusedSeverity = resolveSeverity(UNUSED_IGNORE_META, config);
  if (unusedSeverity !== 0) {
    const known = new Set(options.rules.map((r) => r.meta.id));
    for (const f of unusedIgnoreFindings(session, known)) messages.push(toMessage(f, unusedSeverity));
  }

  messages.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  const result = summarize(filePath, messages, model.text);
  const dependencies = sessionDependencies(session);
  if (dependencies.length > 0) result.dependencies = dependencies;
  return result;
}
