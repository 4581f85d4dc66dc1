import type { Word } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';
import { reaches, type Reach } from '../model/path-pattern.js';
import { resolvePath } from '../model/paths.js';
import type { FileEffect } from './types.js';

export interface RunFlag {
  name: string;
  value: Word | undefined;
  range: Offsets;
}

/** The `key=value` fields of a `--mount=` spec, keys lower-cased; a bare key has the value ''. */
export function mountFields(spec: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return fields;
}

/** Directories that `RUN --mount=...` mounts over for the duration of the RUN. */
export function mountTargets(flags: readonly RunFlag[], workdir: string | undefined): string[] {
  const targets: string[] = [];
  for (const flag of flags) {
    const spec = flag.name === 'mount' ? flag.value?.value : undefined;
    if (spec === undefined) continue;
    const fields = mountFields(spec);
    let target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    const id = fields.get('id');
    if (target === undefined && fields.get('type') === 'secret' && id) target = '/run/secrets/' + id;
    const path = target === undefined ? undefined : resolvePath(target, workdir);
    if (path !== undefined) targets.push(path);
  }
  return targets;
}

/**
 * Drops the effects that land inside a `--mount` target: during that RUN the path is the mount (a cache,
 * a tmpfs, a bind of the context), so those writes never reach the image and a VOLUME there loses nothing.
 */
export function withoutMounted(effects: readonly FileEffect[], targets: readonly string[]): FileEffect[] {
  if (targets.length === 0) return [...effects];
  return effects.filter((effect) => !targets.some((target) => reaches(effect.path, target, INTO_MOUNT) === 'yes'));
}

/** Lands in the mount when the path is the mount target or lies below it. */
const INTO_MOUNT: Reach = { kind: 'write', recursive: false };
