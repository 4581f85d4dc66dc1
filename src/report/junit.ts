import type { LintMessage } from '../rule-api/types.js';
import { displayPath } from './display-path.js';
import type { Formatter } from './types.js';
import { xmlAttr, xmlText } from './xml-text.js';

/**
 * JUnit XML for CI test reports: the run is one test suite and each linted file one test case, which passes
 * when it has no findings. Each finding is a `<failure>` typed with its rule id; a file that could not be linted
 * gets an `<error>` instead, as JUnit uses for a test that could not run. Times are 0: a formatter is a pure
 * function of the results and has no clock, but the attribute is required by the common JUnit schema.
 */
export const format: Formatter = (results, context) => {
  let failures = 0;
  let errors = 0;
  let cases = '';
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    const body = result.messages.map((m) => `      ${element(m, file)}\n`).join('');
    if (result.messages.some((m) => m.ruleId === null)) errors++;
    else if (result.messages.length > 0) failures++;
    const open = `    <testcase classname="volint" name="${xmlAttr(file)}" time="0"`;
    cases += body === '' ? `${open}/>\n` : `${open}>\n${body}    </testcase>\n`;
  }
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}"`;
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<testsuites name="volint" ${counts} time="0">\n` +
    `  <testsuite name="volint" ${counts} skipped="0" time="0">\n` +
    cases +
    '  </testsuite>\n</testsuites>\n'
  );
};

export default format;

function element(m: LintMessage, file: string): string {
  const severity = m.severity === 2 ? 'error' : 'warning';
  const where = `${m.line}:${m.column}`;
  const tag = m.ruleId === null ? 'error' : 'failure';
  const type = m.ruleId ?? 'fatal';
  const detail = `${file}:${where}: ${severity} ${type} ${m.message}`;
  return `<${tag} type="${xmlAttr(type)}" message="${xmlAttr(`${where} ${m.message}`)}">${xmlText(detail)}</${tag}>`;
}
