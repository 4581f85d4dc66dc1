import type { Applicability, Fix, FixDescriptor, Suggestion, SuggestionDescriptor, TextEdit } from '../rule-api/types.js';

function isFix(value: FixDescriptor): value is Fix {
  return 'edits' in value;
}

/**
 * The one place a rule's fix becomes a Fix: one edit or a list of them is safe unless the rule says otherwise
 * (a suggestion's is unsafe: it is applied only when a user picks it);
 * edits are sorted, and a fix whose edits overlap (it could not be applied as written) is dropped.
 */
export function toFix(descriptor: FixDescriptor, applicability: Applicability = 'safe'): Fix | undefined {
  const fix: Fix = isFix(descriptor)
    ? descriptor
    : { applicability, edits: Array.isArray(descriptor) ? [...(descriptor as readonly TextEdit[])] : [descriptor as TextEdit] };
  const edits = [...fix.edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (edits.length === 0) return undefined;
  for (let i = 1; i < edits.length; i++) {
    const previous = edits[i - 1];
    const edit = edits[i];
    if (previous && edit && edit.range[0] < previous.range[1]) return undefined;
  }
  // A fix given already sorted is kept as it is: findings that share one fix object share it in memory too.
  return edits.every((e, i) => e === fix.edits[i]) ? fix : { ...fix, edits };
}

export function toSuggestions(descriptors: readonly SuggestionDescriptor[] | undefined): Suggestion[] {
  return (descriptors ?? []).flatMap((s) => {
    const fix = toFix(s.fix, 'unsafe');
    return fix ? [{ desc: s.desc, fix }] : [];
  });
}

/** The first and last offsets a fix touches: two fixes whose spans meet are not applied in the same pass. */
export function fixSpan(fix: Fix): [number, number] {
  return [fix.edits[0]?.range[0] ?? 0, fix.edits.at(-1)?.range[1] ?? 0];
}

/** What the span of a fix (fixSpan) becomes once its edits are applied to `text`. */
export function editedSpan(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = edits[0]?.range[0] ?? 0;
  for (const e of edits) {
    out += text.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return out;
}

/** `text` with one fix applied. */
export function applyFix(text: string, fix: Fix): string {
  const [start, end] = fixSpan(fix);
  return text.slice(0, start) + editedSpan(text, fix.edits) + text.slice(end);
}
