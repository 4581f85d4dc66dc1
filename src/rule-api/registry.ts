import type { FileKind, Rule } from './types.js';
import { kindsRead } from './types.js';

/** The order rules are listed in: by the kind of file they read, then by id (ESLint lists its rules by id). */
const KIND_ORDER: readonly FileKind[] = ['dockerfile', 'compose', 'script'];

function isRule(value: unknown): value is Rule {
  if (typeof value !== 'object' || value === null || !('meta' in value) || !('check' in value)) return false;
  const meta: unknown = value.meta;
  return typeof meta === 'object' && meta !== null && 'id' in meta && typeof value.check === 'function';
}

/**
 * The registry from the rule modules, by id (the file name: rules/<id>.ts): each module exports the rule whose
 * `meta.id` is its file name. Used by the generated rules/index.ts, which imports every module of rules/.
 */
export function registry(modules: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Rule[] {
  const found = Object.entries(modules).map(([id, exports]) => {
    const rule = Object.values(exports).find((value): value is Rule => isRule(value) && value.meta.id === id);
    if (!rule) throw new Error(`rules/${id}.ts exports no rule with the id '${id}'.`);
    return rule;
  });
  const rank = (rule: Rule): number => Math.min(...kindsRead(rule).map((kind) => KIND_ORDER.indexOf(kind)));
  return found.sort((a, b) => rank(a) - rank(b) || (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}
