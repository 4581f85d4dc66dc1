import { UNKNOWN_PART } from '../model/path-pattern.js';
import type { Offsets } from '../text/line-index.js';
import { ScriptSource } from './script-source.js';

/** One argument of a command as it runs, whether it comes from a shell word or an exec-form JSON string. */
export interface ArgWord {
  /** The argument after expansion and quote removal; undefined when it depends on something unknown. */
  readonly value: string | undefined;
  /** When `value` is undefined: the known text, with UNKNOWN_PART (model/path-pattern) for each unknown part. */
  readonly partial?: string | undefined;
  /** Unquoted glob characters are left in the value. */
  readonly glob: boolean;
  /** The word as written, in Dockerfile offsets. */
  readonly range: Offsets;
  /** Stands for every entry below the path rather than the path itself (the `{}` of `find -exec`). */
  readonly entries?: boolean;
  /** The value with the Dockerfile origin of each character: the script of `sh -c`, or a narrower range. */
  source(): ScriptSource | undefined;
}

const noSource = (): undefined => undefined;

/** An argument computed from another one (a file name taken from a URL, the implicit `.`): same range. */
export function derivedWord(from: ArgWord, value: string | undefined, entries = false): ArgWord {
  return { value, glob: value !== undefined && from.glob, range: from.range, entries, source: noSource };
}

/** Something below the directory `from` names, not known which (what `find` lists, what `cp -r a/* DIR/` writes). */
export function entryBelow(from: ArgWord): ArgWord {
  const known = from.value ?? from.partial;
  const partial = known === undefined ? undefined : `${known.replace(/\/+$/, '')}/${UNKNOWN_PART}`;
  return { value: undefined, partial, glob: false, range: from.range, source: noSource };
}

/** A literal argument with an exact source, as exec form gives them. */
export function literalWord(value: string, range: Offsets, source: () => ScriptSource | undefined): ArgWord {
  return { value, glob: false, range, source };
}

/** The part of an argument from character `from` on (`/opt` of `-C/opt` or `--directory=/opt`). */
export function wordSuffix(word: ArgWord, from: number): ArgWord {
  if (word.value === undefined) return word;
  const value = word.value.slice(from);
  const whole = word.source();
  const source = whole && whole.text === word.value ? whole.slice(from, whole.text.length) : undefined;
  return {
    value,
    glob: word.glob && /[*?[]/.test(value),
    range: source && value.length > 0 ? source.rangeOf(0, value.length) : word.range,
    source: () => source ?? ScriptSource.spanning(value, word.range),
  };
}
