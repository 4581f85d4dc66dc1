import { createHash } from 'node:crypto';
import type { LintMessage } from '../rule-api/types.js';
import { displayPath } from './display-path.js';
import type { Formatter } from './types.js';

/** GitLab's five levels: lint errors are `major`, warnings `minor`; a file that could not be linted is `critical`. */
function severity(m: LintMessage): 'critical' | 'major' | 'minor' {
  if (m.ruleId === null) return 'critical';
  return m.severity === 2 ? 'major' : 'minor';
}

/**
 * GitLab Code Quality (a Code Climate subset). GitLab tells new from fixed findings in a merge request by
 * fingerprint, so the fingerprint leaves out line numbers: it hashes the path, the rule, the marked source text
 * (the message when the source is not at hand) and how many identical findings came before in the file, which
 * stays the same when lines are added above.
 */
export const format: Formatter = (results, context) => {
  const issues = [];
  for (const result of results) {
    const file = displayPath(result.filePath, context.cwd);
    const seen = new Map<string, number>();
    for (const m of result.messages) {
      const checkName = m.ruleId ?? 'fatal';
      const marked = result.source === undefined ? m.message : result.source.slice(m.range[0], m.range[1]);
      const key = JSON.stringify([file, checkName, marked]);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: m.message,
        check_name: checkName,
        fingerprint: createHash('sha256').update(JSON.stringify([key, occurrence])).digest('hex'),
        severity: severity(m),
        location: { path: file, lines: { begin: m.line } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
};

export default format;
