import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { fileKindOf } from '../engine/file-kinds.js';
import type { FileKind, Fix, LintMessage, LintResult, RelatedLocation, RuleInfo } from '../rule-api/types.js';
import { LineIndex } from '../text/line-index.js';
import { segmentsUnder } from './display-path.js';
import { chunked } from './chunks.js';
import type { ChunkedFormatter, FormatContext, Formatter } from './types.js';

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0, one run. Files under cwd are relative to `%SRCROOT%` so the log is portable between checkouts
 * (GitHub code scanning resolves them against the repository); messages without a rule (files that could not
 * be linted) are tool notifications, not results, because they say nothing about the code.
 */
export const format: Formatter = (results, context) => [...formatChunks(results, context)].join('');

/**
 * The log's text a result at a time: a file with 100,000 findings never becomes one string. The tables the log
 * lists before its results (rules, artifacts, notifications) are filled by a first pass over the messages.
 */
export const formatChunks: ChunkedFormatter = (results, context) => chunked(pieces(results, context));

function* pieces(results: readonly LintResult[], context: FormatContext): Generator<string> {
  const rules = new RuleTable(context.rules);
  const artifacts = new ArtifactTable(context.cwd);
  const notifications: Sarif.Notification[] = [];
  for (const result of results) {
    const artifact = artifacts.add(result.filePath);
    for (const message of result.messages) {
      if (message.ruleId === null) notifications.push(toNotification(message, artifact));
      else {
        rules.index(message.ruleId);
        for (const r of message.relatedLocations ?? []) if (r.filePath !== undefined) artifacts.add(r.filePath, 'referencedOnCommandLine');
      }
    }
  }
  const invocation: Sarif.Invocation = {
    executionSuccessful: !results.some((r) => r.fatalErrorCount > 0),
    ...(notifications.length > 0 && { toolExecutionNotifications: notifications }),
  };
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'volint',
            version: context.version,
            informationUri: 'https://github.com/volint/volint',
            rules: rules.descriptors,
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
        artifacts: artifacts.artifacts,
        results: [],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  // Compact: indentation made a result several times larger, and a file can have a finding per line. The results
  // go where the empty list stands; nothing after it holds text from the input, so the last match is that list.
  const text = JSON.stringify(log);
  const at = text.lastIndexOf(RESULTS) + RESULTS.length - 1;
  yield text.slice(0, at);
  let first = true;
  for (const result of results) {
    const artifact = artifacts.add(result.filePath);
    const lines = result.source === undefined ? undefined : new LineIndex(result.source);
    const shared = new SharedParts(artifact, lines, artifacts);
    for (const message of result.messages) {
      if (message.ruleId === null) continue;
      yield (first ? '' : ',') + resultText(message, rules.index(message.ruleId), artifact, shared);
      first = false;
    }
  }
  yield text.slice(at) + '\n';
}

const RESULTS = '"results":[]';

export default format;

/** Every rule that can report, sorted by id, plus any id a result names that the metadata lacks. */
class RuleTable {
  readonly descriptors: Sarif.ReportingDescriptor[];
  private readonly indexes = new Map<string, number>();

  constructor(metas: ReadonlyMap<string, RuleInfo>) {
    this.descriptors = [...metas.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(descriptor);
    this.descriptors.forEach((d, i) => this.indexes.set(d.id, i));
  }

  index(id: string): { id: string; index: number } {
    let index = this.indexes.get(id);
    if (index === undefined) {
      index = this.descriptors.push({ id, name: friendlyName(id) }) - 1;
      this.indexes.set(id, index);
    }
    return { id, index };
  }
}

function descriptor(meta: RuleInfo): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: friendlyName(meta.id),
    shortDescription: { text: meta.docs.description },
    fullDescription: { text: meta.docs.description },
    helpUri: meta.docs.url,
    help: { text: `${meta.docs.description} Documentation: ${meta.docs.url}` },
    defaultConfiguration: defaultConfiguration(meta.defaultSeverity),
    properties: { type: meta.type, tags: [meta.type] },
  };
}

/** SARIF wants a Pascal-case "friendly name" distinct from the id: `volume-after-write` → `VolumeAfterWrite`. */
function friendlyName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A per-profile default is reported for `portable`, the builder profile a config gets when it names none. */
function defaultConfiguration(severity: RuleInfo['defaultSeverity']): Sarif.ReportingConfiguration {
  const name = typeof severity === 'string' ? severity : severity.portable;
  return name === 'off' ? { enabled: false } : { level: name === 'error' ? 'error' : 'warning' };
}

/** SARIF's source languages (the editor language ids): Compose files are YAML of their own dialect. */
const SOURCE_LANGUAGE: Record<FileKind, string> = { dockerfile: 'dockerfile', compose: 'dockercompose', script: 'shellscript' };

/** Linted files, each listed once; results point at them by index. */
class ArtifactTable {
  readonly artifacts: Sarif.Artifact[] = [];
  private readonly byUri = new Map<string, Sarif.ArtifactLocation>();

  constructor(private readonly cwd: string) {}

  add(filePath: string, role: Sarif.Artifact['roles'] extends (infer R)[] | undefined ? R : never = 'analysisTarget'): Sarif.ArtifactLocation {
    const segments = segmentsUnder(filePath, this.cwd);
    const uri = segments ? segments.map(encodeURIComponent).join('/') : pathToFileURL(path.resolve(this.cwd, filePath)).href;
    const known = this.byUri.get(uri);
    if (known) return known;
    const location: Sarif.ArtifactLocation = segments ? { uri, uriBaseId: SRCROOT } : { uri };
    const indexed = { ...location, index: this.artifacts.length };
    this.artifacts.push({ location, roles: [role], sourceLanguage: SOURCE_LANGUAGE[fileKindOf(filePath)] });
    this.byUri.set(uri, indexed);
    return indexed;
  }
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * The text of a result: `JSON.stringify` of its object, whose last members, the related locations and the fixes, are
 * often the very same for thousands of findings (every finding after one VOLUME names that line and shares one move
 * fix): their text is made once per file (SharedParts) and joined in.
 */
function resultText(message: LintMessage, rule: { id: string; index: number }, artifact: Sarif.ArtifactLocation, shared: SharedParts): string {
  const related = message.relatedLocations ?? [];
  const head: Sarif.Result = {
    ruleId: rule.id,
    ruleIndex: rule.index,
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: withRelatedLinks(message.message, related) },
    locations: [location(artifact, messageRegion(message))],
  };
  let text = JSON.stringify(head);
  if (related.length > 0) text = `${text.slice(0, -1)},"relatedLocations":${shared.related(related)}}`;
  const fixes = shared.fixes(message);
  if (fixes !== undefined) text = `${text.slice(0, -1)},"fixes":${fixes}}`;
  return text;
}

/** Lists and fixes whose text SharedParts keeps at once: findings that share them mostly come one after another. */
const SHARED_TEXTS = 256;

/** The JSON text of related locations and fixes, kept per list and per fix object for one file's results. */
class SharedParts {
  private readonly relatedTexts = new Map<readonly RelatedLocation[], string>();
  private readonly fixTexts = new Map<Fix, string>();

  constructor(
    private readonly artifact: Sarif.ArtifactLocation,
    private readonly lines: LineIndex | undefined,
    private readonly artifacts: ArtifactTable,
  ) {}

  related(related: readonly RelatedLocation[]): string {
    let text = this.relatedTexts.get(related);
    if (text === undefined) {
      text = JSON.stringify(
        related.map((r, i) => ({
          id: i + 1,
          message: { text: messageText(r.message) },
          // A related place in another file (the Dockerfile a Compose service builds) is an artifact of its own.
          physicalLocation: { artifactLocation: r.filePath === undefined ? this.artifact : this.artifacts.add(r.filePath, 'referencedOnCommandLine'), region: messageRegion(r) },
        })),
      );
      if (this.relatedTexts.size >= SHARED_TEXTS) this.relatedTexts.clear();
      this.relatedTexts.set(related, text);
    }
    return text;
  }

  /** The `fixes` array's text; undefined when the message has neither a fix nor suggestions. */
  fixes(message: LintMessage): string | undefined {
    const { fix, suggestions } = message;
    if (suggestions === undefined || suggestions.length === 0) {
      if (!fix) return undefined;
      let text = this.fixTexts.get(fix);
      if (text === undefined) {
        text = JSON.stringify([this.autofix(fix)]);
        if (this.fixTexts.size >= SHARED_TEXTS) this.fixTexts.clear();
        this.fixTexts.set(fix, text);
      }
      return text;
    }
    return JSON.stringify([...(fix ? [this.autofix(fix)] : []), ...suggestions.map((s) => toFix(s.desc, s.fix, this.artifact, this.lines))]);
  }

  private autofix(fix: Fix): Sarif.Fix {
    const description = fix.applicability === 'safe' ? 'Apply the autofix.' : 'Apply the unsafe autofix (volint --fix --unsafe-fixes).';
    return toFix(description, fix, this.artifact, this.lines);
  }
}

function toNotification(message: LintMessage, artifact: Sarif.ArtifactLocation): Sarif.Notification {
  return {
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: messageText(message.message) },
    locations: [location(artifact, messageRegion(message))],
  };
}

function location(artifactLocation: Sarif.ArtifactLocation, region: Sarif.Region): Sarif.Location {
  return { physicalLocation: { artifactLocation, region } };
}

/** Our messages and SARIF agree: 1-based lines and columns in UTF-16 code units, end exclusive. */
function messageRegion(m: LintMessage | RelatedLocation): Sarif.Region {
  return { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn };
}

/** One replacement per edit, so a moved line is two small replacements; the applicability goes in the property bag. */
function toFix(description: string, fix: Fix, artifactLocation: Sarif.ArtifactLocation, lines: LineIndex | undefined): Sarif.Fix {
  const replacements = fix.edits.map<Sarif.Replacement>(({ range: [start, end], text }) => ({
    deletedRegion: { ...(lines && lineColumnRegion(lines, start, end)), charOffset: start, charLength: end - start },
    ...(text !== '' && { insertedContent: { text } }),
  }));
  return {
    description: { text: messageText(description) },
    artifactChanges: [{ artifactLocation, replacements }],
    properties: { applicability: fix.applicability },
  };
}

function lineColumnRegion(lines: LineIndex, start: number, end: number): Sarif.Region {
  const s = sarifPosition(lines, start);
  const e = sarifPosition(lines, end);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

/**
 * 1-based line and column of an offset. SARIF has no empty line after a final line break: the end of such a
 * file is one past the last character of the last line, line break included (SARIF 2.1.0 §3.30.2).
 */
function sarifPosition(lines: LineIndex, offset: number): { line: number; column: number } {
  const p = lines.positionAt(offset);
  const previousStart = lines.lineStarts[p.line - 1];
  if (p.character === 0 && p.line > 0 && offset >= lines.text.length && previousStart !== undefined) {
    return { line: p.line, column: offset - previousStart + 1 };
  }
  return { line: p.line + 1, column: p.character + 1 };
}

/** Plain-text SARIF messages treat `{n}` as placeholders, so literal braces are doubled (§3.11.5). */
function messageText(text: string): string {
  return text.replace(/[{}]/g, '$&$&');
}

/**
 * Code scanning shows related locations only when the message links to them by id (§3.11.6), so each related
 * message follows as a linked sentence; inside link text, brackets and backslashes are escaped.
 */
function withRelatedLinks(text: string, related: readonly RelatedLocation[]): string {
  if (related.length === 0) return messageText(text);
  const links = related.map((r, i) => `[${messageText(r.message).replace(/[\\[\]]/g, '\\$&')}](${i + 1})`);
  return `${messageText(text)}${/[.!?]$/.test(text) ? '' : '.'} ${links.join(' ')}`;
}
