import type { RuleType } from '../rule-api/types.js';
import { ALL_FIXES, SAFE_FIXES, type FixApplicability, type FixFilter } from './apply.js';

const FIX_TYPES: readonly RuleType[] = ['problem', 'suggestion', 'layout'];

/** The command-line flags that decide whether and what to fix. */
export interface FixFlags {
  fix: boolean;
  fixDryRun: boolean;
  /** `--fix-type` values, each possibly a comma list. */
  fixType: readonly string[] | undefined;
  /** `--unsafe-fixes`: apply unsafe fixes too (Ruff's flag). */
  unsafeFixes: boolean;
  stdin: boolean;
  quiet: boolean;
}

export interface FixMode {
  /** False for `--fix-dry-run`: the fixed text only goes into the results as `output`. */
  write: boolean;
  shouldFix: FixFilter;
  applicability: FixApplicability;
}

/**
 * Checks the fix flags with ESLint's rules and messages (its `lib/cli.js`): `--fix` and `--fix-dry-run` exclude
 * each other, piped-in code cannot be fixed in place, and `--fix-type` needs one of them. With `--quiet` only
 * errors are fixed, as ESLint does, since warnings are not shown. Only safe fixes, unless `--unsafe-fixes` (Ruff's rule).
 */
export function fixMode(flags: FixFlags, ruleTypes: ReadonlyMap<string, RuleType>): { mode: FixMode | undefined } | { error: string } {
  if (flags.fix && flags.fixDryRun) return { error: 'The --fix option and the --fix-dry-run option cannot be used together.' };
  if (flags.stdin && flags.fix) return { error: 'The --fix option is not available for piped-in code; use --fix-dry-run instead.' };
  const requested = flags.fixType?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (requested !== undefined && !flags.fix && !flags.fixDryRun) return { error: 'The --fix-type option requires either --fix or --fix-dry-run.' };
  if (flags.unsafeFixes && !flags.fix && !flags.fixDryRun) return { error: 'The --unsafe-fixes option requires either --fix or --fix-dry-run.' };
  if (!flags.fix && !flags.fixDryRun) return { mode: undefined };
  const bad = requested?.find((t) => !(FIX_TYPES as readonly string[]).includes(t));
  if (bad !== undefined) return { error: `Unknown fix type '${bad}' in --fix-type: use ${FIX_TYPES.join(', ')}.` };
  const types = requested === undefined || requested.length === 0 ? undefined : new Set(requested);
  const shouldFix: FixFilter = (m) => {
    if (m.ruleId === null || (flags.quiet && m.severity !== 2)) return false;
    const type = ruleTypes.get(m.ruleId);
    return types === undefined || (type !== undefined && types.has(type));
  };
  return { mode: { write: flags.fix, shouldFix, applicability: flags.unsafeFixes ? ALL_FIXES : SAFE_FIXES } };
}
