import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { readDiagnosticData, SOURCE } from './diagnostics.js';

/** The kind editors run on save for "fix all" (`editor.codeActionsOnSave` in VS Code). */
export const FIX_ALL_KIND: string = `${CodeActionKind.SourceFixAll}.volint`;

/** Whether the request's `only` filter lets a kind through: a filter kind also admits its sub-kinds. */
export function isWanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

function quickFix(title: string, uri: string, edits: TextEdit[], diagnostic: Diagnostic, preferred = false): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: edits } },
  };
}

/** Fix, suggestions and ignore comment for each volint diagnostic, from the edits its data carries. */
export function quickFixes(uri: string, version: number, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    const data = readDiagnosticData(d.data);
    // Edits computed for another version of the text would land in the wrong place; fresh diagnostics follow.
    if (data?.version !== version) continue;
    // An unsafe fix is offered, but not as the preferred action an editor may apply on its own.
    const safe = data.fix?.applicability === 'safe';
    if (data.fix) actions.push(quickFix(`Fix this ${d.code} problem${safe ? '' : ' (unsafe fix: read the rule doc)'}`, uri, data.fix.edits, d, safe));
    for (const s of data.suggestions ?? []) actions.push(quickFix(s.title, uri, s.edits, d));
    if (data.ignore) actions.push(quickFix(`Ignore ${d.code} for this instruction`, uri, [data.ignore], d));
  }
  return actions;
}

/** The fix-all action, or undefined when fixing changes nothing. */
export function fixAllAction(document: TextDocument, fixed: string): CodeAction | undefined {
  const edit = changedSpan(document, fixed);
  return edit && { title: 'Fix all volint problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: [edit] } } };
}

/** One edit covering only what differs, so the editor keeps cursor, marks and folds outside it. */
function changedSpan(document: TextDocument, after: string): TextEdit | undefined {
  const before = document.getText();
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (splitsPair(before, start)) start--;
  let tail = 0;
  while (tail < shortest - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (splitsPair(before, before.length - tail)) tail--;
  return {
    range: { start: document.positionAt(start), end: document.positionAt(before.length - tail) },
    newText: after.slice(start, after.length - tail),
  };
}

/** True when offset `i` falls inside a CRLF or a surrogate pair: a position there has no meaning to an editor. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  return (prev === 13 && next === 10) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}
