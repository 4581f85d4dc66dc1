import { BASE_IMAGE_VOLUMES } from '../data/base-image-volumes.js';
import { isWindowsPath, normalizePath } from './paths.js';

export interface KnownVolume {
  path: string;
  /** Where the fact comes from: the upstream Dockerfile, or the config file that added it. */
  source: string;
}

interface ImageEntry {
  tag: string | undefined;
  volumes: KnownVolume[];
}

/** Repository name → its table entries (one per tag named in the table). */
export type BaseImageTable = ReadonlyMap<string, readonly ImageEntry[]>;

export interface ImageRef {
  repository: string;
  tag: string | undefined;
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

/** What volint knows of an image's config. */
export interface ImageFacts {
  volumes: readonly KnownVolume[];
  /** ENV of the image; a variable whose value volint does not ship is listed with an undefined value. */
  env: ReadonlyMap<string, string | undefined>;
  /** True when `env` lists every variable the image sets (its whole FROM chain was read). */
  complete: boolean;
  /** WORKDIR (`/` when none is set); undefined when unknown. */
  workdir: string | undefined;
  /** USER (`root` when none is set); undefined when unknown. */
  user: string | undefined;
}

let shipped: BaseImageTable | undefined;

/** The table of the shipped facts alone, built once. */
export function defaultBaseImageTable(): BaseImageTable {
  return (shipped ??= buildBaseImageTable());
}

/** The facts volint has for an image reference; undefined when the image is unknown. */
export function lookupImageFacts(table: BaseImageTable, ref: string): ImageFacts | undefined {
  const volumes = lookupBaseImageVolumes(table, ref);
  if (volumes.length === 0) return undefined;
  return { volumes, env: new Map(), complete: false, workdir: undefined, user: undefined };
}

/** Builds the lookup table from the shipped facts plus the user's `baseImageVolumes` (which win for an image). */
export function buildBaseImageTable(extra: Readonly<Record<string, readonly string[]>> = {}, extraSource = 'config'): BaseImageTable {
  const byImage = new Map<string, KnownVolume[]>();
  for (const row of BASE_IMAGE_VOLUMES) {
    const list = byImage.get(row.image) ?? [];
    list.push({ path: normalizeVolumePath(row.path), source: row.source });
    byImage.set(row.image, list);
  }
  for (const [image, paths] of Object.entries(extra)) {
    byImage.set(
      image,
      paths.map((p) => ({ path: normalizeVolumePath(p), source: extraSource })),
    );
  }
  const table = new Map<string, ImageEntry[]>();
  for (const [image, volumes] of byImage) {
    const { repository, tag } = parseImageRef(image);
    const entries = table.get(repository) ?? [];
    const same = entries.find((e) => e.tag === tag);
    if (same) same.volumes = volumes;
    else entries.push({ tag, volumes });
    table.set(repository, entries);
  }
  return table;
}

function major(tag: string | undefined): number | undefined {
  const m = tag === undefined ? null : /^v?(\d+)/.exec(tag);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function sameVolumes(entries: readonly ImageEntry[]): boolean {
  const key = (e: ImageEntry): string => e.volumes.map((v) => v.path).sort().join('\n');
  const first = entries[0];
  return first !== undefined && entries.every((e) => key(e) === key(first));
}

/** `16`, `18.1`, `v3`: a release without a variant suffix. */
function isPlainVersion(tag: string | undefined): boolean {
  return tag !== undefined && /^v?\d+(\.\d+)*$/.test(tag);
}

/**
 * The volumes an image declares, or an empty list when the image is unknown. For a tag the table does not
 * name: a tag that extends a known one (`postgres:16-alpine` → `postgres:16`); a bare variant names the newest
 * entry of that variant (`mongo:windowsservercore` → `mongo:8.0-windowsservercore`); else the nearest numeric
 * version (`postgres:19` → `postgres:18`), where a tag without a version (`latest`, none, `alpine`, `bookworm`)
 * means the newest release; else the volumes every variant shares, else the untagged entry.
 */
export function lookupBaseImageVolumes(table: BaseImageTable, ref: string): readonly KnownVolume[] {
  const { repository, tag } = parseImageRef(ref);
  const entries = table.get(repository);
  if (!entries || entries.length === 0) return [];
  const effectiveTag = tag ?? 'latest';
  const exact = entries.find((e) => e.tag === effectiveTag || (effectiveTag === 'latest' && e.tag === undefined));
  if (exact) return exact.volumes;
  const extending = entries
    .filter((e) => e.tag !== undefined && effectiveTag.startsWith(e.tag) && /^[-._]|^$/.test(effectiveTag.slice(e.tag.length)))
    .sort((a, b) => (b.tag?.length ?? 0) - (a.tag?.length ?? 0))[0];
  if (extending) return extending.volumes;
  const wanted = major(tag);
  const newest = (list: readonly ImageEntry[]): ImageEntry | undefined =>
    list.reduce<ImageEntry | undefined>((best, e) => (best === undefined || (major(e.tag) ?? 0) > (major(best.tag) ?? 0) ? e : best), undefined);
  if (wanted === undefined && tag !== undefined) {
    const variant = newest(entries.filter((e) => e.tag?.endsWith(`-${tag}`) === true && major(e.tag) !== undefined));
    if (variant) return variant.volumes;
  }
  const numbered = entries.filter((e) => major(e.tag) !== undefined);
  if (numbered.length > 0) {
    let nearest: ImageEntry | undefined;
    if (wanted === undefined) {
      const plain = numbered.filter((e) => isPlainVersion(e.tag));
      nearest = newest(plain.length > 0 ? plain : numbered);
    } else {
      const distance = (e: ImageEntry): number => Math.abs((major(e.tag) ?? 0) - wanted);
      nearest = numbered.reduce((best, e) => (distance(e) < distance(best) ? e : best));
    }
    if (nearest && (wanted !== undefined || sameVolumes(numbered) || !entries.some((e) => e.tag === undefined))) return nearest.volumes;
  }
  if (sameVolumes(entries)) return entries[0]?.volumes ?? [];
  return entries.find((e) => e.tag === undefined)?.volumes ?? [];
}
