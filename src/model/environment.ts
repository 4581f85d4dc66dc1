import type { Environment } from './types.js';

/**
 * What a name means at one point of a build. `unknown`: it may be set by something volint cannot see (a base image
 * whose config it does not know); `unset`: it is known not to be set (the stage starts FROM scratch, from a base
 * image whose whole config is known, or it is the scope of a FROM, which sees only the ARGs declared above it).
 */
export type VariableLookup = { state: 'set'; value: string | undefined } | { state: 'unset' } | { state: 'unknown' };

/** The one place that decides whether a name absent from an environment is unset or unknown. */
export function lookupVariable(env: Environment, name: string): VariableLookup {
  if (env.has(name)) return { state: 'set', value: env.get(name) };
  return env.complete === true ? { state: 'unset' } : { state: 'unknown' };
}

/**
 * The ARGs BuildKit defines before the first FROM without a declaration; their values depend on the build, so the
 * scope of a FROM knows them as set but unknown (`FROM --platform=$BUILDPLATFORM`).
 */
const AUTOMATIC_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'];

/** The scope a FROM sees before any global ARG: the automatic platform ARGs, and nothing else is set. */
export function fromScope(): Environment {
  return environment(
    AUTOMATIC_ARGS.map((name) => [name, undefined] as const),
    true,
  );
}

/** A map of variables that also says whether it lists every variable set (`complete`). */
class Scope extends Map<string, string | undefined> implements Environment {
  constructor(
    entries: Iterable<readonly [string, string | undefined]>,
    readonly complete: boolean,
  ) {
    super(entries);
  }
}

export function environment(entries: Iterable<readonly [string, string | undefined]>, complete: boolean): Environment {
  return new Scope(entries, complete);
}

/** `env` with `values` set (a later ENV replaces an earlier one); as complete as `env`. */
export function extended(env: Environment, values: Iterable<readonly [string, string | undefined]>): Environment {
  const next = new Scope(env, env.complete ?? false);
  for (const [k, v] of values) next.set(k, v);
  return next;
}

/** `over` laid over `under` (an ENV wins over an ARG of the same name); complete only when both are. */
export function layered(under: Environment, over: Environment): Environment {
  if (over.size === 0 && under.complete === over.complete) return under;
  const merged = new Scope(under, (under.complete ?? false) && (over.complete ?? false));
  for (const [k, v] of over) merged.set(k, v);
  return merged;
}
