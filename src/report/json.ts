import type { Fix, LintMessage, LintResult } from '../rule-api/types.js';
import type { Formatter } from './types.js';

/**
 * ESLint's JSON shape; the source text is left out (it can be large), the fixed `output` is kept. A fix carries its
 * `applicability` and `edits`; a fix of one edit also carries ESLint's `range` and `text`, so that ESLint tooling
 * reads it. A fix of several edits (a moved line) has no single-edit form that stays small.
 */
export const format: Formatter = (results) => JSON.stringify(results.map(toJson)) + '\n';

function toJson({ source: _source, ...rest }: LintResult): unknown {
  return { ...rest, messages: rest.messages.map(messageJson) };
}

function messageJson(m: LintMessage): unknown {
  if (!m.fix && !m.suggestions) return m;
  return {
    ...m,
    ...(m.fix && { fix: fixJson(m.fix) }),
    ...(m.suggestions && { suggestions: m.suggestions.map((s) => ({ desc: s.desc, fix: fixJson(s.fix) })) }),
  };
}

function fixJson(fix: Fix): unknown {
  const only = fix.edits.length === 1 ? fix.edits[0] : undefined;
  return only ? { range: only.range, text: only.text, ...fix } : fix;
}

export default format;
