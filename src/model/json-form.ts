/**
 * Builders take the exec (JSON) form only when the whole argument text is a JSON array of strings; anything else
 * (`["/a"] # note`, `["/a",]`, single quotes) is shell form, whatever the brackets suggest.
 */
export function isJsonArrayOfStrings(argText: string, escapeChar: string): boolean {
  const joined = argText.split(new RegExp(`${escapeChar === '`' ? '`' : '\\\\'}[ \\t]*\\r?\\n`)).join('');
  try {
    const value: unknown = JSON.parse(joined);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** The parser's own decoding drops spaces and `\\u` escapes; JSON.parse is exact for a well-formed string. */
export function decodeJsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value;
  } catch {
    // A string the builder would also reject: keep its text without the quotes.
  }
  return raw.replace(/^"|"$/g, '');
}
