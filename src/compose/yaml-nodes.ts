import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Offsets } from '../text/line-index.js';

/** One key of a mapping, after aliases and `<<` merge keys are resolved. */
export interface Entry {
  key: string;
  value: Node | null;
  /** The pair as written: from its key to the end of its value. */
  range: Offsets;
  keyRange: Offsets;
  /** `!reset` / `!override` on the value (Compose's merge tags). */
  tag: string | undefined;
}

export interface ParsedYaml {
  doc: Document;
  errors: { message: string; range: Offsets }[];
}

/** Parses with source ranges kept; merge keys are read by `entries`, Compose's custom tags stay as tags. */
const texts = new WeakMap<Document, string>();

export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
  texts.set(doc, text);
  const errors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, range: { start: e.pos[0], end: e.pos[1] } }));
  return { doc, errors };
}

export function resolve(doc: Document, node: Node | null | undefined, depth = 0): Node | null {
  if (!node) return null;
  if (isAlias(node)) {
    if (depth > 16) return null;
    return resolve(doc, (node.resolve(doc)) ?? null, depth + 1);
  }
  return node;
}

function rangeOf(node: Node | null | undefined, doc?: Document): Offsets | undefined {
  const r = node?.range;
  if (!r) return undefined;
  // A block collection's range runs on over the line break and comments after it: findings mark the entry only.
  const text = doc ? texts.get(doc) : undefined;
  let end = r[1];
  if (text !== undefined) while (end > r[0] && /\s/.test(text[end - 1] ?? '')) end--;
  return { start: r[0], end };
}

/** The mapping's keys in order; explicit keys win over those a `<<` merge brings in. */
export function entries(doc: Document, node: Node | null | undefined): Map<string, Entry> {
  const map = resolve(doc, node);
  const out = new Map<string, Entry>();
  if (!isMap(map)) return out;
  const merged: Entry[] = [];
  for (const pair of map.items as Pair<Node | null, Node | null>[]) {
    const keyNode = pair.key;
    if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || keyNode.value === '<<')) {
      const value = resolve(doc, pair.value);
      const sources = isSeq(value) ? value.items.map((i) => resolve(doc, i as Node)) : [value];
      for (const source of sources) for (const e of entries(doc, source).values()) merged.push(e);
      continue;
    }
    const keyValue: unknown = isScalar(keyNode) ? keyNode.value : null;
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number' && typeof keyValue !== 'boolean') continue;
    const key = String(keyValue);
    const keyRange = rangeOf(keyNode) ?? { start: 0, end: 0 };
    const valueRange = rangeOf(pair.value, doc);
    const tag = pair.value && !isAlias(pair.value) ? pair.value.tag : undefined;
    out.set(key, { key, value: pair.value, keyRange, range: { start: keyRange.start, end: valueRange?.end ?? keyRange.end }, tag });
  }
  for (const e of merged) if (!out.has(e.key)) out.set(e.key, e);
  return out;
}

/** A scalar's text (numbers and booleans as YAML wrote them); undefined for collections and null. */
export function scalarText(doc: Document, node: Node | null | undefined): string | undefined {
  const n = resolve(doc, node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  const value: unknown = n.value;
  if (typeof n.source === 'string' && typeof value !== 'string') return n.source;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}

export interface Item {
  node: Node | null;
  range: Offsets;
}

/** The items of a sequence, aliases resolved; a lone scalar counts as a one-item list. */
export function items(doc: Document, node: Node | null | undefined): Item[] {
  const n = resolve(doc, node);
  if (isSeq(n)) {
    return (n.items as (Node | null)[]).map((item) => ({ node: resolve(doc, item), range: rangeOf(item, doc) ?? rangeOf(n, doc) ?? { start: 0, end: 0 } }));
  }
  if (isScalar(n)) return [{ node: n, range: rangeOf(n) ?? { start: 0, end: 0 } }];
  return [];
}

export function isMapping(doc: Document, node: Node | null | undefined): boolean {
  return isMap(resolve(doc, node));
}

export function nodeRange(node: Node | null | undefined): Offsets | undefined {
  return rangeOf(node);
}
