import { readFileSync } from 'node:fs';
import { composeRuntime, scriptRuntime, type RuntimeFile } from '../analysis/runtime-file.js';
import type { ResolvedConfig } from '../config/types.js';
import { toFix, toSuggestions } from './normalize-fixes.js';
import type { BaseImageTable } from '../model/base-images.js';
import { loadShellParser, runsScript } from '../shell/index.js';
import { LineIndex, type Offsets } from '../text/line-index.js';
import { scriptKindOf } from './file-kinds.js';
import { UNUSED_IGNORE_META } from './ignores.js';
import { collectLineIgnores, isLineIgnored } from './line-ignores.js';
import { fatalResult, interpolate, summarize } from './results.js';
import { resolveSeverity } from './severity.js';
import { rulesReading, type LintMessage, type LintResult, type RelatedLocation, type Rule, type RuntimeFileKind, type RuntimeReport } from '../rule-api/types.js';

export interface RuntimeLintOptions {
  filePath: string;
  config: ResolvedConfig;
  rules: readonly Rule[];
  table: BaseImageTable;
  /** The Compose files merged in order (`-f a -f b`), when the user names them. */
  composeFiles?: readonly string[];
  /** Unsaved editor buffers: an open `.env`, override file or Dockerfile wins over the disk. */
  readFile?: (absPath: string) => string | undefined;
}

/** A script that never names an engine has no docker line (a variable named so counts: `$DOCKER`, `$CONTAINER_ENGINE`). */
const ENGINE = /docker|podman|container_engine|container_runtime|container_cli/i;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** Lints a Compose file (with the rest of its project) or a script that runs docker. */
export async function lintRuntimeText(kind: RuntimeFileKind, text: string, options: RuntimeLintOptions): Promise<LintResult> {
  const { config, filePath } = options;
  const rules = rulesReading(options.rules, kind).filter((r) => resolveSeverity(r.meta, config) !== 0);
  const mentionsVolint = /volint/i.test(text);
  if (!mentionsVolint && (rules.length === 0 || (kind === 'script' && !ENGINE.test(text)))) return summarize(filePath, [], text);
  // Scripts are read with the shell analysis; a Compose service's `build:` is followed into its Dockerfile's RUNs.
  if (kind === 'script' || /\bbuild\s*:/.test(text)) await loadShellParser();
  const { readFile } = options;
  // readText itself when there is no overlay: the facts of a Dockerfile are then shared by every file of a run.
  const shared = { read: readFile ? (f: string) => readFile(f) ?? readText(f) : readText, table: options.table };
  let runtime: RuntimeFile;
  try {
    runtime = kind === 'compose' ? composeRuntime(filePath, text, shared, options.composeFiles) : scriptRuntime(filePath, text, scriptKindOf(filePath, text), shared);
  } catch (error) {
    return fatalResult(filePath, `Could not read the file: ${(error as Error).message}`, text);
  }
  const broken = runtime.compose?.problems.find((p) => p.file === filePath && /not valid YAML/.test(p.message)) ?? runtime.script?.problem;
  if (broken) return fatalResult(filePath, `${broken.message.replace(/\.$/, '')}.`, text);
  // A container command that runs a script (`sh -c '...'`) is classified with the shell analysis.
  if (rules.some((r) => r.meta.needs.includes('container-command')) && runtime.containers.some((c) => c.command && runsScript(c.command))) {
    await loadShellParser();
  }

  const lines = new LineIndex(text);
  const ignores = collectLineIgnores(text, lines);
  const messages: LintMessage[] = [];
  const seen = new Set<string>();
  const position = (range: Offsets): Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'> => {
    const s = lines.positionAt(range.start);
    const e = lines.positionAt(range.end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
  const otherFiles = new Map<string, LineIndex | undefined>();
  const related = (r: NonNullable<RuntimeReport['related']>[number]): RelatedLocation | undefined => {
    if (r.at.file === filePath) return { message: r.message, ...position(r.at.range) };
    if (!otherFiles.has(r.at.file)) {
      const other = readText(r.at.file);
      otherFiles.set(r.at.file, other === undefined ? undefined : new LineIndex(other));
    }
    const index = otherFiles.get(r.at.file);
    if (!index) return undefined;
    const s = index.positionAt(r.at.range.start);
    const e = index.positionAt(r.at.range.end);
    return { message: r.message, filePath: r.at.file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };

  for (const rule of rules) {
    const severity = resolveSeverity(rule.meta, config) === 2 ? 2 : 1;
    rule.check({
      runtime,
      settings: { builder: config.builder },
      report(d: RuntimeReport) {
        // A finding located in another file of the project is that file's finding, unless it is about a container of
        // this file that borrows the place from a file it extends: that file may never be linted on its own.
        let at = d.at;
        let borrowed = false;
        if (at.file !== filePath) {
          if (d.owner?.file !== filePath) return;
          at = d.owner;
          borrowed = true;
        }
        if (isLineIgnored(ignores, rule.meta.id, lines.positionAt(at.range.start).line)) return;
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`Rule ${rule.meta.id} has no message '${d.messageId}'.`);
        // Services sharing one anchor (`<<: *app`) share its entries: one finding per entry.
        const key = `${rule.meta.id}\u0000${d.messageId}\u0000${String(at.range.start)}\u0000${String(at.range.end)}\u0000${JSON.stringify(d.data ?? {})}`;
        if (seen.has(key)) return;
        seen.add(key);
        // Edits are offsets in the file they were made for, which is not this one when borrowed.
        const fix = d.fix === undefined || borrowed ? undefined : toFix(d.fix);
        const suggestions = borrowed ? [] : toSuggestions(d.suggest);
        const places = borrowed ? [{ message: 'Set here, in the file this service extends.', at: d.at }, ...(d.related ?? [])] : (d.related ?? []);
        const relatedLocations = places.flatMap((r) => related(r) ?? []);
        messages.push({
          ruleId: rule.meta.id,
          severity,
          message: interpolate(template, d.data),
          messageId: d.messageId,
          ...position(at.range),
          range: [at.range.start, at.range.end],
          ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
          ...(fix ? { fix } : {}),
          ...(suggestions.length > 0 ? { suggestions } : {}),
        });
      },
    });
  }

  const unusedSeverity = resolveSeverity(UNUSED_IGNORE_META, config);
  if (unusedSeverity !== 0) {
    const known = new Set(options.rules.map((r) => r.meta.id));
    for (const e of ignores) {
      if (e.used) continue;
      const unknown = !known.has(e.ruleId) && e.ruleId !== 'all' && e.ruleId !== UNUSED_IGNORE_META.id;
      const template = UNUSED_IGNORE_META.messages[unknown ? 'unknown' : 'unused'] ?? '';
      const where = e.global ? 'in this file' : e.line >= 0 ? 'on the next line' : 'here: no line follows';
      messages.push({
        ruleId: UNUSED_IGNORE_META.id,
        severity: unusedSeverity,
        message: interpolate(template, { rule: e.ruleId, where }),
        messageId: unknown ? 'unknown' : 'unused',
        ...position(e.range),
        range: [e.range.start, e.range.end],
      });
    }
  }
  messages.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  const result = summarize(filePath, messages, text);
  if (runtime.dependencies.size > 0) result.dependencies = [...runtime.dependencies].sort();
  return result;
}
