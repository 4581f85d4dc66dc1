import path from 'node:path';
import type { Document, Node } from 'yaml';
import type { Offsets } from '../text/line-index.js';
import { interpolate, UNKNOWN_PART, type Variables } from '../runtime/interpolate.js';
import type { BuildSpec, Mount as ServiceMount, VolumesFromRef as VolumesFrom } from '../runtime/types.js';
import type { CommandSpec, TopLevelVolume } from './types.js';
import { containerPath, hostPath, shown, splitShortVolume } from '../runtime/mount-spec.js';
import { entries, isMapping, items, parseYaml, scalarText, type Entry } from './yaml-nodes.js';

/** A service as one file writes it, before `extends` and the merge of several files. */
export interface RawService {
  name: string;
  file: string;
  keyRange: Offsets;
  /** Keys the file sets (a key set to `!reset` is listed in `reset` instead). */
  set: Set<string>;
  reset: Set<string>;
  override: Set<string>;
  image?: { value: string | undefined; file: string; range: Offsets };
  build?: BuildSpec;
  volumes: ServiceMount[];
  volumesFrom: VolumesFrom[];
  command?: CommandSpec;
  entrypoint?: CommandSpec;
  restart?: { value: string | undefined; file: string; range: Offsets };
  profiles: string[];
  extends?: { service: string; file: string | undefined; range: Offsets };
}

export interface RawInclude {
  paths: string[];
  projectDirectory: string | undefined;
  envFile: string[];
  range: Offsets;
}

export interface RawFile {
  file: string;
  services: Map<string, RawService>;
  volumes: Map<string, TopLevelVolume>;
  includes: RawInclude[];
  problems: { file: string; message: string; range: Offsets }[];
}

interface Reader {
  doc: Document;
  file: string;
  vars: Variables;
  /** Relative host paths resolve against it (the project directory, or an extended file's directory). */
  directory: string;
}

/** Reads one Compose file. `directory` is where relative paths point; `vars` the project's `.env` values. */
export function loadComposeFile(file: string, source: string, vars: Variables, directory: string): RawFile {
  const { doc, errors } = parseYaml(source);
  const out: RawFile = { file, services: new Map(), volumes: new Map(), includes: [], problems: [] };
  for (const e of errors) out.problems.push({ file, message: `Compose file is not valid YAML: ${e.message}`, range: e.range });
  if (errors.length > 0) return out;
  const r: Reader = { doc, file, vars, directory };
  const top = entries(doc, doc.contents);
  // Compose file format v1 has the services at the top level.
  const v1 = !top.has('services') && !top.has('version') && [...top.values()].some((e) => isMapping(doc, e.value) && (entries(doc, e.value).has('image') || entries(doc, e.value).has('build')));
  const serviceEntries = v1 ? [...top.values()].filter((e) => !e.key.startsWith('x-')) : [...entries(doc, top.get('services')?.value).values()];
  for (const e of serviceEntries) {
    if (!isMapping(doc, e.value)) continue;
    out.services.set(e.key, readService(r, e));
  }
  for (const e of entries(doc, top.get('volumes')?.value).values()) {
    const v = entries(doc, e.value);
    const external = v.get('external');
    const opts = entries(doc, v.get('driver_opts')?.value);
    const o = text(r, opts.get('o')?.value);
    const device = text(r, opts.get('device')?.value);
    const isBind = o !== undefined && o.split(',').includes('bind');
    out.volumes.set(e.key, {
      name: e.key,
      file,
      range: e.range,
      external: external !== undefined && (scalarText(doc, external.value) === 'true' || isMapping(doc, external.value)),
      bindDevice: isBind ? device : undefined,
    });
  }
  for (const item of items(doc, top.get('include')?.value)) {
    const m = entries(doc, item.node);
    if (m.size === 0) {
      const p = text(r, item.node);
      out.includes.push({ paths: p === undefined ? [] : [p], projectDirectory: undefined, envFile: [], range: item.range });
      continue;
    }
    out.includes.push({
      paths: strings(r, m.get('path')?.value),
      projectDirectory: text(r, m.get('project_directory')?.value),
      envFile: strings(r, m.get('env_file')?.value),
      range: item.range,
    });
  }
  return out;
}

/** A scalar after interpolation; undefined when absent or any part is unknown. */
function text(r: Reader, node: Node | null | undefined): string | undefined {
  const raw = scalarText(r.doc, node);
  if (raw === undefined) return undefined;
  const { text: value, unknown } = interpolate(raw, r.vars);
  return unknown ? undefined : value;
}

function textWithUnknown(r: Reader, node: Node | null | undefined): string | undefined {
  const raw = scalarText(r.doc, node);
  return raw === undefined ? undefined : interpolate(raw, r.vars).text;
}

function strings(r: Reader, node: Node | null | undefined): string[] {
  return items(r.doc, node)
    .map((i) => text(r, i.node))
    .filter((s): s is string => s !== undefined);
}

function readService(r: Reader, e: Entry): RawService {
  const { doc, file } = r;
  const m = entries(doc, e.value);
  const s: RawService = {
    name: e.key, file, keyRange: e.keyRange, set: new Set(), reset: new Set(), override: new Set(), volumes: [], volumesFrom: [], profiles: [],
  };
  for (const [key, entry] of m) {
    if (entry.tag === '!reset') s.reset.add(key);
    else s.set.add(key);
    if (entry.tag === '!override') s.override.add(key);
  }
  const at = (key: string): Entry | undefined => (s.reset.has(key) ? undefined : m.get(key));
  const image = at('image');
  if (image) s.image = { value: text(r, image.value), file, range: image.range };
  const build = at('build');
  if (build) s.build = readBuild(r, build);
  const volumes = at('volumes');
  if (volumes) for (const item of items(doc, volumes.value)) { const v = readVolume(r, item.node, item.range); if (v) s.volumes.push(v); }
  const tmpfs = at('tmpfs');
  if (tmpfs) {
    for (const item of items(doc, tmpfs.value)) {
      const value = textWithUnknown(r, item.node);
      if (value === undefined) continue;
      const target = value.split(':')[0];
      s.volumes.push({ type: 'tmpfs', source: undefined, sourceText: undefined, target: containerPath(target), readOnly: false, syntax: 'tmpfs', file, range: item.range });
    }
  }
  const from = at('volumes_from');
  if (from) {
    for (const item of items(doc, from.value)) {
      const value = text(r, item.node);
      if (value === undefined) continue;
      const parts = value.split(':');
      if (parts[0] === 'container' && parts[1]) s.volumesFrom.push({ kind: 'container', name: parts[1], file, range: item.range });
      else if (parts[0]) s.volumesFrom.push({ kind: 'service', name: parts[0], file, range: item.range });
    }
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const c = at(key);
    if (c) s[key] = { argv: commandWords(r, c.value), file, range: c.range };
  }
  const restart = at('restart');
  if (restart) s.restart = { value: text(r, restart.value), file, range: restart.range };
  s.profiles = strings(r, at('profiles')?.value);
  const ext = at('extends');
  if (ext) {
    const em = entries(doc, ext.value);
    const service = em.size > 0 ? text(r, em.get('service')?.value) : text(r, ext.value);
    const extFile = em.size > 0 ? text(r, em.get('file')?.value) : undefined;
    if (service !== undefined) s.extends = { service, file: extFile, range: ext.range };
  }
  return s;
}

function readBuild(r: Reader, e: Entry): BuildSpec {
  const m = entries(r.doc, e.value);
  const local = (ctx: string | undefined): string | undefined =>
    ctx === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(ctx) || /^git@|\.git(#|$)/.test(ctx) ? undefined : path.resolve(r.directory, ctx);
  if (m.size === 0) {
    const context = local(text(r, e.value));
    return { context, dockerfile: context === undefined ? undefined : path.join(context, 'Dockerfile'), target: undefined, file: r.file, range: e.range };
  }
  const context = local(m.has('context') ? text(r, m.get('context')?.value) : '.');
  const inline = m.has('dockerfile_inline');
  const name = m.has('dockerfile') ? text(r, m.get('dockerfile')?.value) : 'Dockerfile';
  const dockerfile = inline || context === undefined || name === undefined ? undefined : path.resolve(context, name);
  return { context, dockerfile, target: text(r, m.get('target')?.value), file: r.file, range: e.range };
}

function readVolume(r: Reader, node: Node | null, range: Offsets): ServiceMount | undefined {
  const { doc, file } = r;
  if (!isMapping(doc, node)) {
    const spec = textWithUnknown(r, node);
    if (spec === undefined) return undefined;
    const parsed = splitShortVolume(spec);
    if (!parsed) return undefined;
    const type = parsed.type;
    const readOnly = parsed.mode.split(',').includes('ro');
    const source = type === 'bind' ? hostPath(parsed.source, r.directory) : type === 'volume' && parsed.source !== '' && !parsed.source.includes(UNKNOWN_PART) ? parsed.source : undefined;
    return {
      type, source, sourceText: parsed.source === '' ? undefined : shown(parsed.source), target: containerPath(parsed.target), readOnly, syntax: 'short', file, range,
    };
  }
  const m = entries(doc, node);
  const typeText = text(r, m.get('type')?.value);
  const type = ['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'].includes(typeText ?? '') ? (typeText as ServiceMount['type']) : undefined;
  const rawSource = textWithUnknown(r, m.get('source')?.value);
  const target = containerPath(textWithUnknown(r, m.get('target')?.value));
  const readOnly = scalarText(doc, m.get('read_only')?.value) === 'true';
  let source: string | undefined;
  if (rawSource !== undefined && !rawSource.includes(UNKNOWN_PART)) {
    if (type === 'bind') source = hostPath(rawSource, r.directory);
    else if (type === 'volume' || type === 'image') source = rawSource;
  }
  return {
    type,
    source, sourceText: rawSource === undefined ? undefined : shown(rawSource), target, readOnly, syntax: 'long', file, range,
  };
}

/** A command string is split as a shell would split it (quotes, no expansion), as Compose does. */
function commandWords(r: Reader, node: Node | null): string[] | undefined {
  const list = items(r.doc, node);
  if (!isMapping(r.doc, node) && list.length === 1 && scalarText(r.doc, node) !== undefined) {
    const t = text(r, node);
    return t === undefined ? undefined : splitCommand(t);
  }
  const words = list.map((i) => text(r, i.node));
  return words.every((w): w is string => w !== undefined) ? words : undefined;
}

export function splitCommand(s: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return undefined;
      word += s.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < s.length) {
      word += s[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
