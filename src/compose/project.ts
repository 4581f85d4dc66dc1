import path from 'node:path';
import { parseEnvFile } from './env-file.js';
import { loadComposeFile, type RawFile, type RawService } from './load.js';
import { BASE_NAMES, composeNameRole, OVERRIDE_NAMES } from './names.js';
import type { Mount as ServiceMount, VolumesFromRef as VolumesFrom } from '../runtime/types.js';
import type { ComposeProject, ComposeService } from './types.js';

/** Reads a file's text; undefined when it does not exist or cannot be read. */
export type ReadText = (file: string) => string | undefined;

const MAX_EXTENDS = 16;
const MAX_INCLUDE_DEPTH = 4;

/**
 * The files `docker compose` would merge when it is run for `file`: the `COMPOSE_FILE` list of the `.env` beside it
 * when that names the file; `explicit` (`-f a -f b`) when it holds the file; a base file with its override file;
 * an override file after its base; a variant (`compose.prod.yaml`) after the base file when they share a service
 * (the `-f compose.yaml -f compose.prod.yaml` idiom), alone otherwise.
 */
export function projectFiles(file: string, read: ReadText, explicit: readonly string[] = []): string[] {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  if (explicit.some((f) => path.resolve(f) === abs)) return explicit.map((f) => path.resolve(f));
  const env = read(path.join(dir, '.env'));
  const listed = env === undefined ? undefined : parseEnvFile(env).get('COMPOSE_FILE');
  if (listed) {
    const separator = parseEnvFile(env ?? '').get('COMPOSE_PATH_SEPARATOR') ?? ':';
    const files = listed.split(separator).filter((f) => f !== '').map((f) => path.resolve(dir, f));
    if (files.includes(abs)) return files;
  }
  const first = (names: readonly string[]): string | undefined => names.map((n) => path.join(dir, n)).find((f) => f === abs || read(f) !== undefined);
  switch (composeNameRole(abs)) {
    case 'base': {
      const override = first(OVERRIDE_NAMES);
      return override === undefined ? [abs] : [abs, override];
    }
    case 'override': {
      const base = first(BASE_NAMES);
      return base === undefined ? [abs] : [base, abs];
    }
    default: {
      const base = first(BASE_NAMES);
      if (base === undefined) return [abs];
      const baseText = read(base);
      const ownText = read(abs);
      if (baseText === undefined || ownText === undefined) return [abs];
      const vars = parseEnvFile(env ?? '');
      const baseServices = loadComposeFile(base, baseText, vars, dir).services;
      const own = loadComposeFile(abs, ownText, vars, dir).services;
      return [...own.keys()].some((name) => baseServices.has(name)) ? [base, abs] : [abs];
    }
  }
}

/** Loads and merges a project's files as Compose does, with `.env` interpolation, `extends` and `include`. */
export function loadProject(files: readonly string[], read: ReadText, depth = 0, projectDirectory?: string): ComposeProject {
  const first = files[0] ?? '.';
  const directory = projectDirectory ?? path.dirname(path.resolve(first));
  const envText = read(path.join(directory, '.env'));
  const vars = envText === undefined ? new Map<string, string>() : parseEnvFile(envText);
  const project: ComposeProject = { files: [...files], directory, services: new Map(), volumes: new Map(), problems: [] };
  const raws: RawFile[] = [];
  const cache = new Map<string, RawFile>();
  const loadAt = (file: string, dir: string): RawFile | undefined => {
    const key = `${file}\u0000${dir}`;
    let raw = cache.get(key);
    if (!raw) {
      const text = read(file);
      if (text === undefined) return undefined;
      raw = loadComposeFile(file, text, vars, dir);
      cache.set(key, raw);
    }
    return raw;
  };
  for (const f of files) {
    const raw = loadAt(path.resolve(f), directory);
    if (!raw) {
      project.problems.push({ file: path.resolve(first), message: `Cannot read Compose file ${f}.`, range: { start: 0, end: 0 } });
      continue;
    }
    raws.push(raw);
    project.problems.push(...raw.problems);
  }

  const merged = new Map<string, RawService>();
  for (const raw of raws) {
    for (const [name, service] of raw.services) {
      const resolved = resolveExtends(service, raw, loadAt, project, 0, new Set());
      const before = merged.get(name);
      merged.set(name, before ? mergeService(before, resolved) : resolved);
    }
    for (const [name, volume] of raw.volumes) project.volumes.set(name, volume);
  }
  for (const [name, s] of merged) project.services.set(name, finish(s));

  if (depth < MAX_INCLUDE_DEPTH) {
    for (const raw of raws) {
      for (const include of raw.includes) {
        const paths = include.paths.map((p) => path.resolve(directory, p));
        if (paths.length === 0) continue;
        const dir = include.projectDirectory === undefined ? undefined : path.resolve(directory, include.projectDirectory);
        const sub = loadProject(paths, read, depth + 1, dir);
        for (const [name, s] of sub.services) if (!project.services.has(name)) project.services.set(name, s);
        for (const [name, v] of sub.volumes) if (!project.volumes.has(name)) project.volumes.set(name, v);
      }
    }
  }
  return project;
}

function resolveExtends(
  service: RawService,
  raw: RawFile,
  loadAt: (file: string, dir: string) => RawFile | undefined,
  project: ComposeProject,
  depth: number,
  seen: Set<string>,
): RawService {
  const ext = service.extends;
  if (!ext) return service;
  const key = `${raw.file}#${service.name}`;
  if (depth > MAX_EXTENDS || seen.has(key)) {
    project.problems.push({ file: service.file, message: `extends of service ${service.name} loops.`, range: ext.range });
    return service;
  }
  seen.add(key);
  let baseFile = raw;
  if (ext.file !== undefined) {
    const target = path.resolve(path.dirname(raw.file), ext.file);
    // Relative paths of an extended file resolve against that file's directory.
    const loaded = loadAt(target, path.dirname(target));
    if (!loaded) {
      project.problems.push({ file: service.file, message: `Cannot read ${ext.file}, which service ${service.name} extends.`, range: ext.range });
      return service;
    }
    baseFile = loaded;
  }
  const base = baseFile.services.get(ext.service);
  if (!base) return service;
  return mergeService(resolveExtends(base, baseFile, loadAt, project, depth + 1, seen), service);
}

/** Compose's merge of one service over another (compose-spec "Merge and override"). */
export function mergeService(base: RawService, over: RawService): RawService {
  const pick = <K extends 'image' | 'build' | 'command' | 'entrypoint' | 'restart'>(key: K): RawService[K] => {
    if (over.reset.has(key)) return undefined;
    return over.set.has(key) ? over[key] : base[key];
  };
  let volumes: ServiceMount[];
  const volumeKeys = ['volumes', 'tmpfs'];
  if (volumeKeys.some((k) => over.override.has(k))) volumes = over.volumes;
  else {
    const kept = base.volumes.filter((v) => !(v.syntax === 'tmpfs' ? over.reset.has('tmpfs') : over.reset.has('volumes')));
    const targets = new Set(over.volumes.map((v) => v.target).filter((t) => t !== undefined));
    volumes = [...kept.filter((v) => v.target === undefined || !targets.has(v.target)), ...over.volumes];
  }
  const volumesFrom: VolumesFrom[] = over.reset.has('volumes_from') ? [] : [...base.volumesFrom];
  for (const v of over.volumesFrom) if (!volumesFrom.some((b) => b.kind === v.kind && b.name === v.name)) volumesFrom.push(v);
  const image = pick('image');
  const build = pick('build');
  const command = pick('command');
  const entrypoint = pick('entrypoint');
  const restart = pick('restart');
  return {
    name: over.name,
    file: over.file,
    keyRange: over.keyRange,
    set: new Set([...base.set, ...over.set]),
    reset: new Set(),
    override: new Set(),
    volumes,
    volumesFrom,
    profiles: over.set.has('profiles') ? over.profiles : base.profiles,
    ...(image ? { image } : {}),
    ...(build ? { build } : {}),
    ...(command ? { command } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    ...(restart ? { restart } : {}),
  };
}

function finish(s: RawService): ComposeService {
  return {
    name: s.name,
    key: { file: s.file, range: s.keyRange },
    ...(s.image ? { image: s.image } : {}),
    ...(s.build ? { build: s.build } : {}),
    volumes: s.volumes,
    volumesFrom: s.volumesFrom,
    ...(s.command ? { command: s.command } : {}),
    ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
    ...(s.restart ? { restart: s.restart } : {}),
    profiles: s.profiles,
  };
}
