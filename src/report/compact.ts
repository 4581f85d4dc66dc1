import { displayPath } from './display-path.js';
import type { Formatter } from './types.js';

/**
 * `file:line:col: severity rule message`, one finding a line, for grep and editors' error parsers. Paths are
 * relative to cwd (absolute outside it) so lines are short and match what the user typed; a message without a
 * rule (a file that could not be linted) shows `fatal` in the rule column so every line has the same fields.
 */
export const format: Formatter = (results, context) => {
  let out = '';
  for (const result of results) {
    const file = oneLine(displayPath(result.filePath, context.cwd));
    for (const m of result.messages) {
      const severity = m.severity === 2 ? 'error' : 'warning';
      out += `${file}:${m.line}:${m.column}: ${severity} ${m.ruleId ?? 'fatal'} ${oneLine(m.message)}\n`;
    }
  }
  return out;
};

export default format;

/** A finding must stay on one line, whatever the message or file name holds. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}
