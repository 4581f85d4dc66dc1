import path from 'node:path';
import { LineIndex } from '../text/line-index.js';
import { palette } from './color.js';
import type { Formatter } from './types.js';

/**
 * ESLint's stylish layout, plus the source line with a caret line under the marked range, so a finding can be
 * read without opening the file.
 */
export const format: Formatter = (results, context) => {
  const c = palette(context.color);
  let out = '';
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    const shown = context.shownPath?.(result.filePath) ?? (path.relative(context.cwd, result.filePath) || result.filePath);
    out += `\n${c.underline(shown)}\n`;
    const lines = result.source === undefined ? undefined : new LineIndex(result.source);
    for (const m of result.messages) {
      const sev = m.severity === 2 ? c.red('error') : c.yellow('warning');
      out += `  ${c.dim(`${m.line}:${m.column}`)}  ${sev}  ${m.message}  ${c.dim(m.ruleId ?? '')}\n`;
      if (lines && !m.fatal) out += snippet(lines, m.line, m.column, m.endLine, m.endColumn, c.red);
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  out += `\n${(errors > 0 ? c.red : c.yellow)(c.bold(summary))}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    out += c.dim(`  ${fixableErrors} error${fixableErrors === 1 ? '' : 's'} and ${fixableWarnings} warning${fixableWarnings === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.`) + '\n';
  }
  return out;
};

const MAX_SNIPPET = 160;

function snippet(lines: LineIndex, line: number, column: number, endLine: number, endColumn: number, mark: (s: string) => string): string {
  const text = lines.lineText(line - 1).replace(/\t/g, ' ');
  const start = column - 1;
  const end = endLine === line ? Math.max(endColumn - 1, start + 1) : text.length;
  // Long lines are cut around the range so the caret stays under it.
  const from = text.length > MAX_SNIPPET ? Math.max(0, Math.min(start - 20, text.length - MAX_SNIPPET)) : 0;
  const shown = text.slice(from, from + MAX_SNIPPET);
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const carets = ' '.repeat(start - from) + '^'.repeat(Math.max(1, Math.min(end, from + MAX_SNIPPET) - start));
  return `    ${gutter} | ${from > 0 ? '…' : ''}${shown}\n    ${pad} | ${from > 0 ? ' ' : ''}${mark(carets)}\n`;
}

export default format;
