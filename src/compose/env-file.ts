import { interpolate, UNKNOWN_PART, type Variables } from '../runtime/interpolate.js';

/**
 * Reads a `.env` file as Compose does: `KEY=value` lines, an optional `export `, `#` comments, single quotes
 * taken literally, double quotes with escapes and interpolation, unquoted values trimmed and cut at ` #`.
 * Values interpolate the variables defined above them. A value with an unknown part is left out (unknown).
 */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\uFEFF/, '');
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    const name = m[1];
    let raw = m[2] ?? '';
    let value: string | undefined;
    if (raw.startsWith("'") || raw.startsWith('"')) {
      const quote = raw[0] ?? '';
      // A quoted value may span lines.
      while (!closes(raw, quote) && i + 1 < lines.length) raw += '\n' + (lines[++i] ?? '');
      const end = closingQuote(raw, quote);
      const inner = raw.slice(1, end < 0 ? raw.length : end);
      value = quote === "'" ? inner : known(interpolate(unescape(inner), vars).text);
    } else {
      const cut = raw.search(/\s#/);
      value = known(interpolate((cut >= 0 ? raw.slice(0, cut) : raw).trim(), vars).text);
    }
    if (value === undefined) vars.delete(name);
    else vars.set(name, value);
  }
  return vars;
}

function known(text: string): string | undefined {
  return text.includes(UNKNOWN_PART) ? undefined : text;
}

function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === '\\') {
      i++;
      continue;
    }
    if (raw[i] === quote) return i;
  }
  return -1;
}

function closes(raw: string, quote: string): boolean {
  return closingQuote(raw, quote) >= 0;
}

function unescape(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

export type { Variables };
