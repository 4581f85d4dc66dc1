/**
 * Builders take the exec (JSON) form only when the whole argument text is a JSON array of strings; anything else
 * (`["/a"] # note`, `["/a",]`, single quotes) is shell form, whatever the brackets suggest.
 */
export function isJsonArrayOfStrings(argText: string, escapeChar: string): boolean {
  return isJsonStringArray(argText.split(new RegExp(`${escapeChar === '`' ? '`' : '\\\\'}[ \\t]*\\r?\\n`)).join(''));
}

/** Whether `text` (one line, continuations already joined) is a JSON array of strings. */
export function isJsonStringArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** A JSON string literal (`"a\\u0020b"`) decoded, or undefined when it is not one. */
export function parseJsonString(literal: string): string | undefined {
  if (!literal.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The parser's own decoding drops spaces and `\\u` escapes; JSON.parse is exact for a well-formed string. */
export function decodeJsonString(raw: string): string {
  // A string the builder would also reject: keep its text without the quotes.
  return parseJsonString(raw) ?? raw.replace(/^"|"$/g, '');
}
