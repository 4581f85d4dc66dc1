import type { LintMessage, LintResult } from '../rule-api/types.js';

/** A result holding one message that says why the file could not be linted. */
export function fatalResult(filePath: string, message: string, source?: string): LintResult {
  return {
    filePath,
    messages: [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1, range: [0, 0] }],
    errorCount: 1,
    warningCount: 0,
    fatalErrorCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(source === undefined ? {} : { source }),
  };
}

/** Counts as ESLint does; "fixable" means what `--fix` fixes: safe fixes only. */
export function summarize(filePath: string, messages: LintMessage[], source: string): LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    if (m.severity === 2) {
      errorCount++;
      if (m.fatal) fatalErrorCount++;
      if (m.fix?.applicability === 'safe') fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix?.applicability === 'safe') fixableWarningCount++;
    }
  }
  return { filePath, messages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount, source };
}

export function interpolate(template: string, data: Record<string, string> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}
