import type { SeverityName } from '../rule-api/types.js';

/**
 * Every way a severity may be written, in a config file, `--rule` and the editor's settings alike: ESLint's names
 * and numbers, and `warning` (what reports print).
 */
const SEVERITY_ALIASES: Readonly<Record<string, SeverityName>> = {
  off: 'off',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  '0': 'off',
  '1': 'warn',
  '2': 'error',
};

/** The severity `value` names, or undefined when it names none. */
export function parseSeverity(value: unknown): SeverityName | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const key = String(value);
  return Object.hasOwn(SEVERITY_ALIASES, key) ? SEVERITY_ALIASES[key] : undefined;
}
