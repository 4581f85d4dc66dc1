import { lintText, type LintOptions } from '../engine/linter.js';
import type { Fix, LintMessage, LintResult } from '../rule-api/types.js';

/** Decides which findings' fixes to apply (rule type, `--quiet`). */
export type FixFilter = (message: LintMessage) => boolean;

/** ESLint's limit: a rule whose fix keeps producing new fixes must not loop forever. */
export const MAX_FIX_PASSES = 10;

/**
 * Applies the fixes of one lint pass as ESLint's SourceCodeFixer does: sorted by range, and a fix that overlaps
 * or touches one already taken is left for the next pass (it was computed against text that is now different).
 */
export function applyFixes(text: string, messages: readonly LintMessage[], shouldFix: FixFilter): { output: string; fixed: boolean } {
  const fixes = messages
    .filter((m): m is LintMessage & { fix: Fix } => m.fix !== undefined && shouldFix(m))
    .map((m) => m.fix)
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let last = -1;
  let fixed = false;
  for (const fix of fixes) {
    const [start, end] = fix.range;
    if (start <= last || start > end || end > text.length) continue;
    output += text.slice(Math.max(last, 0), start) + fix.text;
    last = end;
    fixed = true;
  }
  return fixed ? { output: output + text.slice(last), fixed } : { output: text, fixed };
}

/**
 * Lints, applies the fixes, lints the result again and repeats until no fix applies (at most MAX_FIX_PASSES
 * times). The result holds the findings left in the fixed text, and `output` when that text differs from `text`.
 * A pass whose text no longer parses is dropped: a fix must never break a Dockerfile.
 */
export async function lintAndFix(text: string, options: LintOptions, shouldFix: FixFilter): Promise<LintResult> {
  let current = text;
  let result = await lintText(current, options);
  for (let pass = 0; pass < MAX_FIX_PASSES && result.fatalErrorCount === 0; pass++) {
    const { output, fixed } = applyFixes(current, result.messages, shouldFix);
    // A fix that rewrites text to itself would otherwise use up every pass.
    if (!fixed || output === current) break;
    const next = await lintText(output, options);
    if (next.fatalErrorCount > 0) break;
    current = output;
    result = next;
  }
  return current === text ? result : { ...result, output: current };
}
