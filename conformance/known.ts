import { readFileSync } from 'node:fs';
import type { Disagreement } from './verdict.js';

export interface Known {
  pattern: RegExp;
  key: string;
  reason: string;
}

/** The section of docs/volume-semantics.md that lists the disagreements the suite accepts, each with its reason. */
export const KNOWN_HEADING = 'Disagreements the conformance suite accepts';

/**
 * Reads the accepted disagreements: rows `| \`KIND RULE CLASS\` | reason |` of the table under KNOWN_HEADING, where
 * `*` matches anything. A row without a reason is not an explanation, so it is ignored.
 */
export function readKnown(docPath: string): Known[] {
  const text = readFileSync(docPath, 'utf8');
  const at = text.indexOf(KNOWN_HEADING);
  if (at < 0) return [];
  const rest = text.slice(at);
  const end = rest.slice(1).search(/\n#{1,3} /);
  const section = end < 0 ? rest : rest.slice(0, end + 1);
  const out: Known[] = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').trim();
    const reason = (m[2] ?? '').trim();
    if (!reason) continue;
    const re = new RegExp('^' + key.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    out.push({ pattern: re, key, reason });
  }
  return out;
}

export function keyOf(d: Disagreement): string {
  return `${d.kind} ${d.rule} ${d.cls}`;
}

export function explain(d: Disagreement, known: Known[]): string | undefined {
  const key = keyOf(d);
  return known.find((k) => k.pattern.test(key))?.reason;
}
