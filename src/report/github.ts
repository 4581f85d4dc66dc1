import { displayPath } from './display-path.js';
import type { Formatter } from './types.js';

/**
 * GitHub Actions workflow commands: the runner turns each `::error`/`::warning` line into an annotation on the
 * file and line. Paths are relative to cwd, which is the checkout in a normal workflow.
 */
export const format: Formatter = (results, context) => {
  let out = '';
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    for (const m of result.messages) {
      const properties: [string, string | number][] = [['file', file], ['line', m.line]];
      // Annotations can carry columns only for a range on a single line.
      if (m.endLine === m.line) properties.push(['col', m.column], ['endLine', m.endLine], ['endColumn', m.endColumn]);
      else properties.push(['endLine', m.endLine]);
      properties.push(['title', m.ruleId ?? 'volint']);
      const command = m.severity === 2 ? 'error' : 'warning';
      out += `::${command} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(m.message)}\n`;
    }
  }
  return out;
};

export default format;

/** The escaping of @actions/core's `issueCommand`: the runner decodes these before showing the text. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
