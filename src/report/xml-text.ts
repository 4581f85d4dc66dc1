/** Characters XML 1.0 cannot carry at all, not even as character references (lone surrogates included). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Parsers normalise literal tabs and line breaks in attributes to spaces, and \r to \n in text.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escape(value: string, special: RegExp): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(special, (c) => REFERENCES[c] ?? c);
}

/** A string for a double- or single-quoted attribute value. */
export function xmlAttr(value: string): string {
  return escape(value, /[&<>"'\t\n\r]/g);
}

/** A string for element content. */
export function xmlText(value: string): string {
  return escape(value, /[&<>\r]/g);
}
