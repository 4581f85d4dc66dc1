import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { Applicability, Fix, LintMessage, RelatedLocation, TextEdit as VolintEdit } from '../rule-api/types.js';
import type { DocumentLint } from './lint-document.js';

export const SOURCE = 'volint';

/**
 * What a diagnostic carries for its code actions, so that answering them needs no server state: the edits,
 * already in the positions of the document version they were computed for.
 */
export interface DiagnosticData {
  version: number;
  /** The fix's own edits (a moved line is two small ones), and whether fix-all may apply it. */
  fix?: { applicability: Applicability; edits: TextEdit[] };
  suggestions?: { title: string; edits: TextEdit[] }[];
  ignore?: TextEdit;
}

export function toTextEdit(document: TextDocument, edit: VolintEdit): TextEdit {
  return { range: { start: document.positionAt(edit.range[0]), end: document.positionAt(edit.range[1]) }, newText: edit.text };
}

function toEdits(document: TextDocument, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => toTextEdit(document, e));
}

function relatedRange(r: RelatedLocation): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

/** The LSP form of every finding; `docsUrl` gives each rule's documentation page. */
export function toDiagnostics(document: TextDocument, lint: DocumentLint, docsUrl: (ruleId: string) => string | undefined): Diagnostic[] {
  return lint.result.messages.map((m) => toDiagnostic(document, m, lint.ignoreFixFor(m), docsUrl));
}

function toDiagnostic(document: TextDocument, m: LintMessage, ignore: VolintEdit | undefined, docsUrl: (ruleId: string) => string | undefined): Diagnostic {
  const data: DiagnosticData = {
    version: document.version,
    ...(m.fix ? { fix: { applicability: m.fix.applicability, edits: toEdits(document, m.fix) } } : {}),
    ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ title: s.desc, edits: toEdits(document, s.fix) })) } : {}),
    ...(ignore ? { ignore: toTextEdit(document, ignore) } : {}),
  };
  const href = m.ruleId === null ? undefined : docsUrl(m.ruleId);
  return {
    range: { start: document.positionAt(m.range[0]), end: document.positionAt(m.range[1]) },
    severity: m.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: m.message,
    ...(m.ruleId === null ? {} : { code: m.ruleId }),
    ...(href === undefined ? {} : { codeDescription: { href } }),
    ...(m.relatedLocations
      ? { relatedInformation: m.relatedLocations.map((r) => ({ location: { uri: r.filePath === undefined ? document.uri : pathToFileURL(r.filePath).href, range: relatedRange(r) }, message: r.message })) }
      : {}),
    data,
  };
}

/** A diagnostic at the top of the document, for problems that stop the whole file being linted. */
export function documentDiagnostic(message: string): Diagnostic {
  const start = { line: 0, character: 0 };
  return { range: { start, end: start }, severity: DiagnosticSeverity.Error, source: SOURCE, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && typeof value.line === 'number' && typeof value.character === 'number';
}

function isTextEdit(value: unknown): value is TextEdit {
  return isRecord(value) && typeof value.newText === 'string' && isRecord(value.range) && isPosition(value.range.start) && isPosition(value.range.end);
}

function isEditList(value: unknown): value is TextEdit[] {
  return Array.isArray(value) && value.length > 0 && value.every(isTextEdit);
}

/** Reads back the data a client returns with a diagnostic; anything malformed counts as no data. */
export function readDiagnosticData(value: unknown): DiagnosticData | undefined {
  if (!isRecord(value) || typeof value.version !== 'number') return undefined;
  const { fix, suggestions, ignore } = value;
  if (fix !== undefined && !(isRecord(fix) && (fix.applicability === 'safe' || fix.applicability === 'unsafe') && isEditList(fix.edits))) return undefined;
  if (ignore !== undefined && !isTextEdit(ignore)) return undefined;
  if (
    suggestions !== undefined &&
    !(Array.isArray(suggestions) && suggestions.every((s) => isRecord(s) && typeof s.title === 'string' && isEditList(s.edits)))
  ) {
    return undefined;
  }
  return value as unknown as DiagnosticData;
}
