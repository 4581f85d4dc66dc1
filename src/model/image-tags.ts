/**
 * Which tag pattern of an image a tag uses. The shipped table names a pattern per image line and variant
 * (`16-alpine`); a tag maps to one by this rule, or by the tags the table lists because the rule does not find
 * them (`latest` → `18`, `bookworm-slim` → `12-slim`). .ci/generate-base-image-facts.mjs applies the same rule to
 * decide which tags to list, and test/base-image-facts.test.ts checks every published tag of the corpus table.
 */
export function patternFor(tag: string, patterns: ReadonlySet<string>, listed: ReadonlyMap<string, string>): string | undefined {
  const lookup = (candidate: string): string | undefined =>
    listed.get(candidate) ?? (patterns.has(candidate) ? candidate : candidate === 'latest' && patterns.has('') ? '' : undefined);
  for (const candidate of tagCandidates(tag)) {
    const found = lookup(candidate);
    if (found !== undefined) return found;
  }
  // A variant without a version (`slim`, `bookworm`) is that variant of the latest version.
  const latest = tag === 'latest' ? undefined : lookup('latest');
  const version = latest === undefined ? undefined : /^v?\d+(?:\.\d+)*/.exec(latest)?.[0];
  if (version !== undefined && !/^v?\d/.test(tag)) return patternFor(`${version}-${tag}`, patterns, listed);
  return undefined;
}

/** The tag, then the tag with its version cut short component by component: `16.4.1-alpine`, `16.4-alpine`, `16-alpine`. */
function tagCandidates(tag: string): string[] {
  const out = [tag];
  const m = /^(v?\d+(?:\.\d+)*)(.*)$/.exec(tag);
  if (!m) return out;
  let version = m[1] ?? '';
  const rest = m[2] ?? '';
  while (version.includes('.')) {
    version = version.slice(0, version.lastIndexOf('.'));
    out.push(version + rest);
  }
  return out;
}
