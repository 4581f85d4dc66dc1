import { BASE_IMAGE_FACTS } from '../data/base-image-facts.js';
import { patternFor } from './image-tags.js';
import { isWindowsPath, normalizePath } from './paths.js';

export interface KnownVolume {
  path: string;
  /** Where the fact comes from: the upstream Dockerfile, the config file that added it, or the image's registry. */
  source: string;
}

/** What volint knows of an image's config. */
export interface ImageFacts {
  volumes: readonly KnownVolume[];
  /** ENV of the image; a variable whose value volint does not know or ship is listed with an undefined value. */
  env: ReadonlyMap<string, string | undefined>;
  /** True when `env` lists every variable the image sets: a name it does not list is unset. */
  complete: boolean;
  /** WORKDIR (`/` when none is set); undefined when unknown. */
  workdir: string | undefined;
  /** USER (`root` when none is set); undefined when unknown. */
  user: string | undefined;
  /** Volumes taken from the nearest tag the facts know, for a tag they do not map (`grafana:7.4.5` from `5.0`). */
  guessed?: true;
}

/** Facts for some images, as a config file or `--resolve-images` gives them. */
export interface ImageFactsInput {
  volumes?: readonly string[];
  env?: Readonly<Record<string, string>>;
  workdir?: string;
  user?: string;
}

export interface ImageRef {
  repository: string;
  tag: string | undefined;
}

/**
 * The real config of an image as `--resolve-images` has it at hand (reference as the FROM expands it, and the FROM's
 * `--platform`), or undefined to leave the image to the table.
 */
export type ImageAnswers = (ref: string, platform: string | undefined) => ImageFacts | undefined;

/** Where a FROM's image facts come from: the config's images, then the shipped table. */
export interface BaseImageTable {
  /** False when no image of this repository can declare a volume: the fast path skips a FROM of it. */
  mayDeclareVolumes(repository: string): boolean;
  /** The facts for an image reference (pulled for `platform`); undefined when the image is unknown. */
  lookup(ref: string, platform?: string): ImageFacts | undefined;
  /** This table under the real configs `--resolve-images` read (reference as the FROM expands it → facts). */
  withResolved(resolved: ReadonlyMap<string, ImageFacts>): BaseImageTable;
  /** This table under the real configs `answers` gives, asked for each image when it is first looked up. */
  withAnswers(answers: ImageAnswers): BaseImageTable;
}

/**
 * Parses `[registry/]repo[:tag][@digest]`, dropping Docker Hub's implicit parts so that `postgres`,
 * `library/postgres` and `docker.io/library/postgres:16` name the same repository.
 */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  for (const prefix of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'registry.hub.docker.com/']) {
    if (rest.startsWith(prefix)) rest = rest.slice(prefix.length);
  }
  if (rest.startsWith('library/')) rest = rest.slice('library/'.length);
  return { repository: rest, tag };
}

function normalizeVolumePath(p: string): string {
  return isWindowsPath(p) ? p : normalizePath(p);
}

/** The facts a config entry (or a resolved image config) states; it states nothing about what it leaves out. */
export function factsFromInput(input: ImageFactsInput, source: string, complete = false): ImageFacts {
  return {
    volumes: (input.volumes ?? []).map((p) => ({ path: normalizeVolumePath(p), source })),
    env: new Map(Object.entries(input.env ?? {})),
    complete,
    workdir: input.workdir === undefined ? undefined : input.workdir === '' ? '/' : input.workdir,
    user: input.user === undefined ? undefined : input.user === '' ? 'root' : input.user,
  };
}

// ---- The shipped table (src/data/base-image-facts.ts) ----

interface ShippedPattern {
  c?: 1;
  e?: Record<string, string | null>;
  x?: string[];
  w?: string;
  u?: string;
  v?: [string, string][];
}
interface ShippedImage {
  d?: Record<string, string | null>;
  p: Record<string, ShippedPattern>;
  t?: Record<string, string[]>;
}

/** One image of the shipped table, decoded when a FROM first names it. */
class ShippedRecord {
  readonly patterns: ReadonlySet<string>;
  private readonly listed = new Map<string, string>();
  private readonly facts = new Map<string, ImageFacts>();

  constructor(private readonly data: ShippedImage) {
    this.patterns = new Set(Object.keys(data.p));
    for (const [pattern, tags] of Object.entries(data.t ?? {})) for (const tag of tags) this.listed.set(tag, pattern);
  }

  patternFor(tag: string): string | undefined {
    return patternFor(tag, this.patterns, this.listed);
  }

  factsOf(pattern: string): ImageFacts {
    let facts = this.facts.get(pattern);
    if (!facts) {
      const p = this.data.p[pattern] ?? {};
      const env = new Map<string, string | undefined>();
      const without = new Set(p.x ?? []);
      for (const [k, v] of Object.entries(this.data.d ?? {})) if (!without.has(k)) env.set(k, v ?? undefined);
      for (const [k, v] of Object.entries(p.e ?? {})) env.set(k, v ?? undefined);
      facts = {
        volumes: (p.v ?? []).map(([path, source]) => ({ path: normalizeVolumePath(path), source })),
        env,
        complete: p.c === 1,
        workdir: p.w === undefined ? undefined : p.w === '' ? '/' : p.w,
        user: p.u === undefined ? undefined : p.u === '' ? 'root' : p.u,
      };
      this.facts.set(pattern, facts);
    }
    return facts;
  }

  declaresVolumes(): boolean {
    return Object.values(this.data.p).some((p) => p.v !== undefined);
  }
}

const shippedRecords = new Map<string, ShippedRecord | null>();

function shippedRecord(repository: string): ShippedRecord | undefined {
  let record = shippedRecords.get(repository);
  if (record === undefined) {
    const json = Object.hasOwn(BASE_IMAGE_FACTS, repository) ? BASE_IMAGE_FACTS[repository] : undefined;
    record = json === undefined ? null : new ShippedRecord(JSON.parse(json) as ShippedImage);
    shippedRecords.set(repository, record);
  }
  return record ?? undefined;
}

let withVolumes: ReadonlySet<string> | undefined;

/** Repositories of the shipped table that declare a volume in some pattern (the fast path's question). */
function shippedWithVolumes(): ReadonlySet<string> {
  // Decided from the JSON text, without decoding every image.
  return (withVolumes ??= new Set(Object.keys(BASE_IMAGE_FACTS).filter((r) => BASE_IMAGE_FACTS[r]?.includes('"v":[') === true)));
}

/** The shipped facts for a reference: exact for a tag the table maps; for another tag, only volumes every candidate agrees on. */
function lookupShipped(ref: string): ImageFacts | undefined {
  const { repository, tag } = parseImageRef(ref);
  const record = shippedRecord(repository);
  if (!record) return undefined;
  const pattern = record.patternFor(tag ?? 'latest');
  if (pattern !== undefined) return record.factsOf(pattern);
  return guessedVolumes(record, tag);
}

function major(tag: string | undefined): number | undefined {
  const m = tag === undefined ? null : /^v?(\d+)/.exec(tag);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * A tag the table does not map (`postgres:19`, `jenkins/jenkins:lts-jdk17`): the volumes of the nearest pattern
 * (a pattern the tag extends, the newest pattern of a bare variant, the nearest version, or the untagged entry),
 * and nothing else: its ENV, WORKDIR and USER may differ from release to release.
 */
function guessedVolumes(record: ShippedRecord, tag: string | undefined): ImageFacts | undefined {
  const patterns = [...record.patterns];
  const volumesOf = (pattern: string): ImageFacts => ({
    volumes: record.factsOf(pattern).volumes,
    env: new Map(),
    complete: false,
    workdir: undefined,
    user: undefined,
    guessed: true,
  });
  const same = (list: readonly string[]): boolean => {
    const key = (p: string): string => record.factsOf(p).volumes.map((v) => v.path).sort().join('\n');
    return list.length > 0 && list.every((p) => key(p) === key(list[0] ?? ''));
  };
  if (tag === undefined || tag === 'latest') return same(patterns) ? volumesOf(patterns[0] ?? '') : undefined;
  const extending = patterns
    .filter((p) => p !== '' && tag.startsWith(p) && /^[-._]|^$/.test(tag.slice(p.length)))
    .sort((a, b) => b.length - a.length)[0];
  if (extending !== undefined) return volumesOf(extending);
  const wanted = major(tag);
  const newest = (list: readonly string[]): string | undefined =>
    list.reduce<string | undefined>((best, p) => (best === undefined || (major(p) ?? 0) > (major(best) ?? 0) ? p : best), undefined);
  if (wanted === undefined) {
    const variant = newest(patterns.filter((p) => p.endsWith(`-${tag}`) && major(p) !== undefined));
    if (variant !== undefined) return volumesOf(variant);
  } else {
    const numbered = patterns.filter((p) => major(p) !== undefined);
    const distance = (p: string): number => Math.abs((major(p) ?? 0) - wanted);
    const nearest = numbered.reduce<string | undefined>((best, p) => (best === undefined || distance(p) < distance(best) ? p : best), undefined);
    if (nearest !== undefined) return volumesOf(nearest);
  }
  if (same(patterns)) return volumesOf(patterns[0] ?? '');
  return record.patterns.has('') ? volumesOf('') : undefined;
}

// ---- Images from the config (and resolved configs) over the shipped table ----

interface ConfiguredImage {
  repository: RegExp | string;
  tag: RegExp | string | undefined;
  facts: ImageFacts;
}

function glob(text: string): RegExp | string {
  if (!text.includes('*')) return text;
  return new RegExp(`^${text.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function matches(pattern: RegExp | string, value: string): boolean {
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

class Table implements BaseImageTable {
  constructor(
    private readonly configured: readonly ConfiguredImage[],
    private readonly resolved: ReadonlyMap<string, ImageFacts>,
    /** With answers, `resolved` is this table's own map, which they fill. */
    private readonly answers?: ImageAnswers,
  ) {}

  withResolved(resolved: ReadonlyMap<string, ImageFacts>): BaseImageTable {
    return resolved.size === 0 ? this : new Table(this.configured, resolved);
  }

  withAnswers(answers: ImageAnswers): BaseImageTable {
    return new Table(this.configured, new Map(), answers);
  }

  mayDeclareVolumes(repository: string): boolean {
    if (shippedWithVolumes().has(repository)) return true;
    if (this.configured.some((c) => c.facts.volumes.length > 0 && matches(c.repository, repository))) return true;
    for (const [ref, facts] of this.resolved) if (facts.volumes.length > 0 && parseImageRef(ref).repository === repository) return true;
    return false;
  }

  lookup(ref: string, platform?: string): ImageFacts | undefined {
    let resolved = this.resolved.get(ref);
    if (!resolved && this.answers && ref.trim() !== '') {
      resolved = this.answers(ref, platform);
      // As withResolved's map: one answer per reference, the first FROM's.
      if (resolved) (this.resolved as Map<string, ImageFacts>).set(ref, resolved);
    }
    if (resolved) return resolved;
    const { repository, tag } = parseImageRef(ref);
    const effective = tag ?? 'latest';
    // The most specific entry wins: repository and tag, then the repository alone; a literal name before a pattern.
    let best: ConfiguredImage | undefined;
    let bestScore = -1;
    for (const c of this.configured) {
      if (!matches(c.repository, repository) || (c.tag !== undefined && !matches(c.tag, effective))) continue;
      const score = (c.tag === undefined ? 0 : typeof c.tag === 'string' ? 2 : 1) * 2 + (typeof c.repository === 'string' ? 1 : 0);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best?.facts ?? lookupShipped(ref);
  }
}

/**
 * The table a lint run uses: the shipped facts, under the images of the config (`baseImages`, and the older
 * `baseImageVolumes`: image reference → paths), under the configs `--resolve-images` read (reference → facts).
 * A config key is an image reference, optionally with a tag; `*` matches any text (`registry.example.com/team/*`).
 */
export function buildBaseImageTable(
  images: Readonly<Record<string, ImageFactsInput | readonly string[]>> = {},
  source = 'config',
  resolved: ReadonlyMap<string, ImageFacts> = new Map(),
): BaseImageTable {
  const configured = Object.entries(images).map(([key, value]): ConfiguredImage => {
    const { repository, tag } = parseImageRef(key);
    const input: ImageFactsInput = Array.isArray(value) ? { volumes: value as readonly string[] } : (value as ImageFactsInput);
    return { repository: glob(repository), tag: tag === undefined ? undefined : glob(tag), facts: factsFromInput(input, source) };
  });
  return new Table(configured, resolved);
}

let shipped: BaseImageTable | undefined;

/** The table of the shipped facts alone. */
export function defaultBaseImageTable(): BaseImageTable {
  return (shipped ??= buildBaseImageTable());
}

/** The facts volint has for an image reference; undefined when the image is unknown. */
export function lookupImageFacts(table: BaseImageTable, ref: string, platform?: string): ImageFacts | undefined {
  return table.lookup(ref, platform);
}

/** The volumes an image declares, or an empty list when the image is unknown. */
export function lookupBaseImageVolumes(table: BaseImageTable, ref: string): readonly KnownVolume[] {
  return table.lookup(ref)?.volumes ?? [];
}

/**
 * The shipped images that declare a volume: repository → the references that name them, the bare repository first
 * (`postgres`, then `postgres:12`, `postgres:12-alpine`, …).
 */
export function shippedImagesWithVolumes(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const repository of shippedWithVolumes()) {
    const record = shippedRecord(repository);
    if (!record) continue;
    out.set(repository, [repository, ...[...record.patterns].filter((p) => p !== '').map((p) => `${repository}:${p}`)]);
  }
  return out;
}
