import { lintText, type LintOptions } from '../engine/linter.js';
import type { Applicability, Fix, LintMessage, LintResult } from '../rule-api/types.js';
import { editedSpan, fixSpan } from '../engine/normalize-fixes.js';

/** Decides which findings' fixes to apply (rule type, `--quiet`). */
export type FixFilter = (message: LintMessage) => boolean;

/** Which fixes may be applied: safe ones (`--fix`), or unsafe ones too (`--unsafe-fixes`). */
export type FixApplicability = ReadonlySet<Applicability>;
export const SAFE_FIXES: FixApplicability = new Set(['safe']);
export const ALL_FIXES: FixApplicability = new Set(['safe', 'unsafe']);

/** ESLint's limit: a rule whose fix keeps producing new fixes must not loop forever. */
export const MAX_FIX_PASSES = 10;

/**
 * Applies the fixes of one lint pass as ESLint's SourceCodeFixer does: sorted by range, and a fix whose span
 * overlaps or touches one already taken is left for the next pass (it was computed against text that is now
 * different). Findings that share one fix apply it once. Only fixes of an allowed applicability are applied.
 */
export function applyFixes(
  text: string,
  messages: readonly LintMessage[],
  shouldFix: FixFilter,
  allowed: FixApplicability = SAFE_FIXES,
): { output: string; fixed: boolean } {
  const seen = new Set<Fix>();
  const fixes: { fix: Fix; span: [number, number] }[] = [];
  for (const m of messages) {
    const fix = m.fix;
    if (fix === undefined || seen.has(fix) || !allowed.has(fix.applicability) || !shouldFix(m)) continue;
    seen.add(fix);
    fixes.push({ fix, span: fixSpan(fix) });
  }
  fixes.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  const parts: string[] = [];
  let last = -1;
  for (const { fix, span } of fixes) {
    const [start, end] = span;
    if (start <= last || start > end || end > text.length) continue;
    parts.push(text.slice(Math.max(last, 0), start), editedSpan(text, fix.edits));
    last = end;
  }
  return parts.length > 0 ? { output: parts.join('') + text.slice(last), fixed: true } : { output: text, fixed: false };
}

/**
 * Lints, applies the fixes, lints the result again and repeats until no fix applies (at most MAX_FIX_PASSES
 * times). The result holds the findings left in the fixed text, and `output` when that text differs from `text`.
 * A pass whose text no longer parses is dropped: a fix must never break a Dockerfile.
 */
export async function lintAndFix(
  text: string,
  options: LintOptions,
  shouldFix: FixFilter,
  allowed: FixApplicability = SAFE_FIXES,
): Promise<LintResult> {
  let current = text;
  let result = await lintText(current, options);
  for (let pass = 0; pass < MAX_FIX_PASSES && result.fatalErrorCount === 0; pass++) {
    const { output, fixed } = applyFixes(current, result.messages, shouldFix, allowed);
    // A fix that rewrites text to itself would otherwise use up every pass.
    if (!fixed || output === current) break;
    const next = await lintText(output, options);
    if (next.fatalErrorCount > 0) break;
    current = output;
    result = next;
  }
  return current === text ? result : { ...result, output: current };
}
