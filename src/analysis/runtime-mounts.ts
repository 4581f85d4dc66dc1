import { parseImageRef } from '../model/base-images.js';
import { isUnderOrEqual } from '../model/paths.js';
import type { Container, Mount } from '../runtime/types.js';
import { classifyCommand } from '../shell/index.js';
import type { ImageFacts, ImageVolume } from './image-facts.js';
import type { RuntimeFile } from './runtime-file.js';

/**
 * The mount at exactly `path`. Docker gives every VOLUME path of the image that is not itself a mount destination an
 * anonymous volume, even below a bind mount of a parent directory, so only the same path counts.
 */
export function mountAt(mounts: readonly Mount[], path: string): Mount | undefined {
  return mounts.find((m) => m.target === path);
}

/** Every mount target is known: no `${VAR}` target, no unreadable `-v`. */
export function mountsReadable(c: Container): boolean {
  return c.mountsKnown && c.mounts.every((m) => m.target !== undefined);
}

/** The image's VOLUME paths nothing mounts, or undefined when that cannot be known for sure. */
export function unmountedVolumes(runtime: RuntimeFile, c: Container): ImageVolume[] | undefined {
  if (!mountsReadable(c)) return undefined;
  const facts = runtime.facts(c);
  if (!facts.volumes) return undefined;
  const sources = c.volumesFrom.map((v) => runtime.source(v.name, c.at.range.start));
  if (sources.some((s) => s === undefined)) return undefined;
  return facts.volumes.filter((v) => {
    if (mountAt(c.mounts, v.path)) return false;
    // A --volumes-from source brings its mounts and its image's volumes at the same paths.
    return !sources.some((s) => s && (mountAt(s.mounts, v.path) || runtime.facts(s).volumes?.some((sv) => sv.path === v.path)));
  });
}

/** The paths a container has volumes or binds at: its mounts and the VOLUMEs of its image; undefined when unknown. */
export function volumePaths(runtime: RuntimeFile, c: Container): string[] | undefined {
  if (!mountsReadable(c) || c.volumesFrom.length > 0) return undefined;
  const facts = runtime.facts(c);
  if (!facts.volumes) return undefined;
  return [...new Set([...c.mounts.map((m) => m.target ?? ''), ...facts.volumes.map((v) => v.path)])];
}

/** True when `path` is inside one of `dirs` or holds one of them (archiving it reads the volume). */
export function touchesAny(path: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => isUnderOrEqual(path, d) || isUnderOrEqual(d, path));
}

/** Images with nothing but a shell or a no-op binary (docs/volume-semantics.md section 5). */
const MINIMAL_IMAGES = new Set(['busybox', 'alpine', 'scratch', 'tianon/true', 'progrium/busybox', 'gliderlabs/alpine', 'hello-world']);

export function isMinimalImage(ref: string | undefined): boolean {
  return ref !== undefined && MINIMAL_IMAGES.has(parseImageRef(ref).repository);
}

/** How a finding names an image: its reference, or the Dockerfile a service builds. */
export function imageLabel(c: Container, facts: ImageFacts): string {
  // A digest says nothing to a reader and would make the message long.
  const ref = (c.image?.ref ?? (c.build ? undefined : facts.rootImage))?.replace(/@sha256:[0-9a-f]+$/i, '');
  return ref ?? (c.name === undefined ? 'this service' : `${c.name}'s image`);
}

/** A container that only holds volumes: its command exits at once or idles, or its image is a minimal one. */
export function isDataContainer(runtime: RuntimeFile, c: Container): boolean {
  const kind = c.command ? classifyCommand(c.command) : undefined;
  if (kind === 'noop' || kind === 'idle' || kind === 'shell') return true;
  const facts = runtime.facts(c);
  return isMinimalImage(c.build ? facts.rootImage : c.image?.ref);
}
