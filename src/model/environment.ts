import { PersistentMap } from './persistent-map.js';
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

let automatic: Environment | undefined;

/**
 * The scope a FROM sees before any global ARG: the automatic platform ARGs, and nothing else is set. One instance
 * serves every file (an environment never changes; extending it makes a new one).
 */
export function fromScope(): Environment {
  return (automatic ??= environment(
    AUTOMATIC_ARGS.map((name) => [name, undefined] as const),
    true,
  ));
}

/**
 * A map of variables that also says whether it lists every variable set (`complete`). Persistent: a change makes a
 * new scope sharing the rest, so that one kept per instruction costs what the instruction changed, not a copy of all
 * (a chain of stages with an ENV each would otherwise hold n²/2 entries).
 */
class Scope implements Environment {
  constructor(
    private readonly map: PersistentMap<string | undefined>,
    readonly complete: boolean,
  ) {}

  static of(env: Environment, complete: boolean): Scope {
    if (env instanceof Scope) return env.complete === complete ? env : new Scope(env.map, complete);
    let map = PersistentMap.empty<string | undefined>();
    for (const [k, v] of env) map = map.with(k, v);
    return new Scope(map, complete);
  }

  get size(): number {
    return this.map.size;
  }

  get(name: string): string | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  with(values: Iterable<readonly [string, string | undefined]>): Scope {
    let map = this.map;
    for (const [k, v] of values) map = map.with(k, v);
    return map === this.map ? this : new Scope(map, this.complete);
  }

  entries(): MapIterator<[string, string | undefined]> {
    return this.map.entries();
  }

  keys(): MapIterator<string> {
    return this.map.keys();
  }

  values(): MapIterator<string | undefined> {
    return this.map.values();
  }

  [Symbol.iterator](): MapIterator<[string, string | undefined]> {
    return this.map.entries();
  }

  forEach(callback: (value: string | undefined, key: string, map: ReadonlyMap<string, string | undefined>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.map) callback.call(thisArg, v, k, this);
  }
}

const EMPTY = PersistentMap.empty<string | undefined>();

export function environment(entries: Iterable<readonly [string, string | undefined]>, complete: boolean): Environment {
  return new Scope(EMPTY, complete).with(entries);
}

/** `env` with `values` set (a later ENV replaces an earlier one); as complete as `env`. */
export function extended(env: Environment, values: Iterable<readonly [string, string | undefined]>): Environment {
  return Scope.of(env, env.complete ?? false).with(values);
}

/** `over` laid over `under` (an ENV wins over an ARG of the same name); complete only when both are. */
export function layered(under: Environment, over: Environment): Environment {
  if (over.size === 0 && under.complete === over.complete) return under;
  return Scope.of(under, (under.complete ?? false) && (over.complete ?? false)).with(over);
}
