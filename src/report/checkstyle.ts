import { displayPath } from './display-path.js';
import type { Formatter } from './types.js';
import { xmlAttr } from './xml-text.js';

/**
 * Checkstyle XML as ESLint writes it (one `<file>` per linted file, findings or not), except that file names
 * are relative to cwd like our other CI formats. `source` is `volint.rules.<id>`, mirroring `eslint.rules.<id>`,
 * and `volint.fatal` for a file that could not be linted.
 */
export const format: Formatter = (results, context) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const result of results) {
    out += `  <file name="${xmlAttr(displayPath(result.filePath, context.cwd))}">\n`;
    for (const m of result.messages) {
      const severity = m.severity === 2 ? 'error' : 'warning';
      const source = m.ruleId === null ? 'volint.fatal' : `volint.rules.${m.ruleId}`;
      out += `    <error line="${m.line}" column="${m.column}" severity="${severity}" message="${xmlAttr(m.message)}" source="${xmlAttr(source)}"/>\n`;
    }
    out += '  </file>\n';
  }
  return `${out}</checkstyle>\n`;
};

export default format;
