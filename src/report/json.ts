import type { Fix, LintMessage, LintResult } from '../rule-api/types.js';
import { chunked } from './chunks.js';
import type { ChunkedFormatter, Formatter } from './types.js';

/**
 * ESLint's JSON shape; the source text is left out (it can be large), and so are the files a result depends on (the
 * cache's and the editor's business: a Compose file's list names every override it looked for), the fixed `output`
 * is kept. A fix carries its
 * `applicability` and `edits`; a fix of one edit also carries ESLint's `range` and `text`, so that ESLint tooling
 * reads it. A fix of several edits (a moved line) has no single-edit form that stays small.
 */
export const format: Formatter = (results, context) => [...formatChunks(results, context)].join('');

/**
 * The text of `JSON.stringify(results)` (less each `source` and `dependencies`), written a message at a time: a file with 100,000
 * findings never becomes one string, nor a copy of every message.
 */
export const formatChunks: ChunkedFormatter = (results) => chunked(pieces(results));

function* pieces(results: readonly LintResult[]): Generator<string> {
  yield '[';
  for (const [i, result] of results.entries()) {
    yield i === 0 ? '{' : ',{';
    let first = true;
    // The keys in the result's own order, as JSON.stringify writes them; a value JSON has no text for (undefined)
    // is left out with its key, as it does.
    for (const [key, value] of Object.entries(result)) {
      if (key === 'source' || key === 'dependencies') continue;
      if (key === 'messages') {
        yield `${first ? '' : ','}"messages":[`;
        for (const [j, message] of (value as LintMessage[]).entries()) yield (j === 0 ? '' : ',') + JSON.stringify(messageJson(message));
        yield ']';
      } else {
        const text = JSON.stringify(value) as string | undefined;
        if (text === undefined) continue;
        yield `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
      }
      first = false;
    }
    yield '}';
  }
  yield ']\n';
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
