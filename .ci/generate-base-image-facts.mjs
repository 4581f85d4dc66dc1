#!/usr/bin/env node
// Generates src/data/base-image-facts.ts from the corpus fact tables ../shared/corpus/base-image-facts.tsv and
// base-image-tags.tsv (see their README): per image, the ENV, WORKDIR, USER and VOLUME of each tag pattern, and the
// tags that the runtime's tag → pattern rule (src/model/image-tags.ts) would not find by itself.
//   node .ci/generate-base-image-facts.mjs [corpus-dir]          writes the file
//   node .ci/generate-base-image-facts.mjs --check [corpus-dir]  exits 1 when the file differs from what it would write
// Only what the analysis can use ships: ENV values that can appear in a path (not checksums, keys, URLs, flag lists
// or PATH-like lists, whose names ship with an unknown value so that they are never taken for unset), every workdir,
// user and volume row, and the source of each volume (findings cite it).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(root, 'src/data/base-image-facts.ts');

/** The TSV escapes of the `name` and `value` columns: `\\`, `\t`, `\n`, `\r`. */
function unescape(s) {
  return s.replace(/\\([\\tnr])/g, (_, c) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c]);
}

function rows(text) {
  const [header, ...lines] = text.split('\n').filter((l) => l !== '');
  const names = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [names[i], v])));
}

/**
 * A value a path could be built from: an absolute path (not a `a:b` list such as PATH), or a short name or version
 * (`PG_MAJOR=16` in `/usr/lib/postgresql/$PG_MAJOR`); not a checksum, key, URL or list of flags.
 */
export function pathLike(value) {
  if (/^[0-9a-f]{32,}$/i.test(value)) return false;
  if (/^(\/|[A-Za-z]:\\)[^\s:;]*$/.test(value)) return value.length <= 200;
  return /^[\w.+-]{1,40}$/.test(value);
}

/** `OWNER/REPO@COMMIT:PATH` with the commit cut to 12 digits, as findings print it. */
function shortSource(source) {
  return source.replace(/@([0-9a-f]{12})[0-9a-f]+:/, '@$1:');
}

/**
 * The tag → pattern rule, as src/model/image-tags.ts applies it: the tag itself, then the tag with its version cut to
 * fewer components (`16.4-alpine` → `16-alpine`), each looked up among the patterns and the listed tags.
 */
export function ruleFor(tag, patterns, listed) {
  const lookup = (candidate) => listed.get(candidate) ?? (patterns.has(candidate) ? candidate : candidate === 'latest' && patterns.has('') ? '' : undefined);
  for (const candidate of tagCandidates(tag)) {
    const found = lookup(candidate);
    if (found !== undefined) return found;
  }
  // A variant without a version (`slim`, `bookworm`) is that variant of the latest version.
  const latest = tag === 'latest' ? undefined : lookup('latest');
  const version = latest === undefined ? undefined : /^v?\d+(?:\.\d+)*/.exec(latest)?.[0];
  if (version !== undefined && !/^v?\d/.test(tag)) return ruleFor(`${version}-${tag}`, patterns, listed);
  return undefined;
}

function tagCandidates(tag) {
  const out = [tag];
  const m = /^(v?\d+(?:\.\d+)*)(.*)$/.exec(tag);
  if (!m) return out;
  let version = m[1];
  while (version.includes('.')) {
    version = version.slice(0, version.lastIndexOf('.'));
    out.push(version + m[2]);
  }
  return out;
}

export function generate(factsText, tagsText) {
  const images = new Map();
  const entry = (image) => {
    let e = images.get(image);
    if (!e) images.set(image, (e = { patterns: new Map(), tags: new Map(), complete: new Map() }));
    return e;
  };
  for (const r of rows(factsText)) {
    const e = entry(r.image);
    let p = e.patterns.get(r.tag_pattern);
    if (!p) e.patterns.set(r.tag_pattern, (p = { env: {}, volumes: [] }));
    const value = unescape(r.value);
    if (r.kind === 'env') p.env[unescape(r.name)] = pathLike(value) ? value : null;
    else if (r.kind === 'workdir') p.workdir = value;
    else if (r.kind === 'user') p.user = value;
    else if (r.kind === 'volume') p.volumes.push([value, shortSource(r.source)]);
    else throw new Error(`unknown kind ${r.kind}`);
  }
  for (const r of rows(tagsText)) {
    const e = entry(r.image);
    e.tags.set(r.tag, r.tag_pattern);
    const known = e.complete.get(r.tag_pattern);
    e.complete.set(r.tag_pattern, (known ?? true) && r.chain_complete === 'yes');
    if (!e.patterns.has(r.tag_pattern)) e.patterns.set(r.tag_pattern, { env: {}, volumes: [] });
  }
  const out = {};
  for (const image of [...images.keys()].sort()) {
    const e = images.get(image);
    // The ENV most of the image's patterns share ships once (`d`); each pattern lists what differs (`e`) and the names
    // of `d` it does not set (`x`).
    const counts = new Map();
    for (const p of e.patterns.values()) {
      for (const [name, value] of Object.entries(p.env)) {
        const key = JSON.stringify([name, value]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const shared = {};
    for (const [key, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [name, value] = JSON.parse(key);
      const best = shared[name] === undefined ? 0 : counts.get(JSON.stringify([name, shared[name]]));
      if (n > 1 && n > best) shared[name] = value;
    }
    const patterns = {};
    for (const [pattern, p] of [...e.patterns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // A pair read completely lists its WORKDIR and USER even when empty (the README's rule); the tags file says so too.
      const complete = p.workdir !== undefined && p.user !== undefined && e.complete.get(pattern) !== false;
      const record = {};
      if (complete) record.c = 1;
      const own = Object.fromEntries(Object.entries(p.env).filter(([name, value]) => !(name in shared) || shared[name] !== value));
      const without = Object.keys(shared).filter((name) => !(name in p.env));
      if (Object.keys(own).length > 0) record.e = own;
      if (without.length > 0) record.x = without;
      if (p.workdir !== undefined) record.w = p.workdir;
      if (p.user !== undefined) record.u = p.user;
      if (p.volumes.length > 0) record.v = p.volumes;
      patterns[pattern] = record;
    }
    // Shorter tags first: a tag listed for `18-bookworm` also serves `18.20.8-bookworm`.
    const names = new Set(e.patterns.keys());
    const listed = new Map();
    for (const [tag, pattern] of [...e.tags].sort(([a], [b]) => Number(b === 'latest') - Number(a === 'latest') || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))) {
      if (ruleFor(tag, names, listed) !== pattern) listed.set(tag, pattern);
    }
    // Listed tags grouped by pattern: `{ "18": ["18-bookworm", "latest"] }`.
    const tags = {};
    for (const [tag, pattern] of [...listed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) (tags[pattern] ??= []).push(tag);
    out[image] = JSON.stringify({ ...(Object.keys(shared).length > 0 ? { d: shared } : {}), p: patterns, ...(listed.size > 0 ? { t: tags } : {}) });
  }
  const body = Object.entries(out)
    .map(([image, json]) => `  ${JSON.stringify(image)}: '${json.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}',`)
    .join('\n');
  return `// Generated by .ci/generate-base-image-facts.mjs from the corpus tables base-image-facts.tsv and base-image-tags.tsv:
// do not edit. Each image's facts stay a JSON string until a FROM names that image (src/model/base-images.ts).
/**
 * Image (Docker Hub name without \`library/\`) → JSON of \`{ d?: env, p: { pattern: facts }, t?: { tag: pattern } }\`:
 * \`d\` is the ENV most patterns share, \`{ NAME: value | null (value not shipped) }\`; facts are \`{ c?: 1 (the whole
 * chain was read: unset means unset), e?: env beside \`d\`, x?: names of \`d\` not set, w?: workdir, u?: user,
 * v?: [path, source][] }\`; \`t\` lists, per pattern, the tags that the tag rule does not map to it by itself.
 */
export const BASE_IMAGE_FACTS: Readonly<Record<string, string>> = {
${body}
};
`;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const corpus = path.resolve(args.find((a) => a !== '--check') ?? path.join(root, '../shared/corpus'));
  const text = generate(readFileSync(path.join(corpus, 'base-image-facts.tsv'), 'utf8'), readFileSync(path.join(corpus, 'base-image-tags.tsv'), 'utf8'));
  if (check) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // Absent: it differs.
    }
    if (current !== text) {
      console.error(`${path.relative(root, OUTPUT)} is not what ${path.relative(root, fileURLToPath(import.meta.url))} makes of ${corpus}: run it.`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${path.relative(root, OUTPUT)} (${text.length} bytes)`);
  }
}
