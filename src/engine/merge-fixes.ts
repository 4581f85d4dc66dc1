import type { Fix } from '../rule-api/types.js';

/** Joins the edits of one fix into a single edit, as ESLint does, so that fixes can be applied and compared. */
export function mergeFixes(text: string, fixes: Fix | readonly Fix[]): Fix | undefined {
  if (!Array.isArray(fixes)) return fixes as Fix;
  const list = [...(fixes as readonly Fix[])].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const first = list[0];
  const last = list.at(-1);
  if (!first || !last) return undefined;
  let out = '';
  let at = first.range[0];
  for (const f of list) {
    if (f.range[0] < at) return undefined;
    out += text.slice(at, f.range[0]) + f.text;
    at = f.range[1];
  }
  return { range: [first.range[0], Math.max(at, last.range[1])], text: out + text.slice(at, Math.max(at, last.range[1])) };
}
