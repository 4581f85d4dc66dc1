/**
 * `.dockerignore` as the builders read it (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes,
 * the last matching pattern wins, a pattern that matches a directory also excludes everything below it, and
 * patterns are anchored at the context root (unlike .gitignore, `foo` is not `**∕foo`). `*` and `?` stay within one
 * path component, `**` crosses any number of them, `[...]` is a character class, `\` escapes.
 */
export interface IgnoreRule {
  readonly exclude: boolean;
  readonly regex: RegExp;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclude = true;
    if (line.startsWith('!')) {
      exclude = false;
      line = line.slice(1).trim();
    }
    const cleaned = cleanPattern(line);
    if (cleaned === undefined) continue;
    const regex = compilePattern(cleaned);
    if (regex) rules.push({ exclude, regex });
  }
  return rules;
}

/**
 * True when the context-relative path (forward slashes, no leading `./`) is excluded. A rule decides for the path
 * when it matches the path or one of its parent directories.
 */
export function isExcluded(rules: readonly IgnoreRule[], relPath: string): boolean {
  if (rules.length === 0) return false;
  const parts = relPath.split('/').filter((p) => p !== '' && p !== '.');
  const prefixes: string[] = [];
  for (let i = 1; i <= parts.length; i++) prefixes.push(parts.slice(0, i).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (rule.exclude === excluded) continue;
    if (prefixes.some((p) => rule.regex.test(p))) excluded = rule.exclude;
  }
  return excluded;
}

/** Go's filepath.Clean on a slash path, without the leading slash the builders strip. */
function cleanPattern(pattern: string): string | undefined {
  const out: string[] = [];
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  const joined = out.join('/');
  return joined === '' ? undefined : joined;
}

const REGEX_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

function compilePattern(pattern: string): RegExp | undefined {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        source += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      source += '\\' + next;
      i++;
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) return undefined;
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('^') || body.startsWith('!')) body = '^' + body.slice(1);
      source += '[' + body.replace(/\//g, '') + ']';
      i = close;
    } else if (REGEX_SPECIAL.has(ch)) {
      source += '\\' + ch;
    } else {
      source += ch;
    }
  }
  try {
    return new RegExp(source + '$');
  } catch {
    return undefined;
  }
}
