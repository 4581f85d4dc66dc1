import type { Offsets } from '../text/line-index.js';

/*
 * The run-time half of volumes: containers as a Compose file or a `docker run` line describes them. Both kinds of
 * file become the same shapes, so that a rule about mounts reads one model.
 */

/** A place in a file: findings and related locations point at it. */
export interface Located {
  /** Absolute path of the file the entry is written in. */
  file: string;
  /** The exact entry: a mapping entry or sequence item of a Compose file, a word or command of a script. */
  range: Offsets;
}

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'image' | 'npipe' | 'cluster';

/** One mount: a `volumes:` entry (short or long syntax), a `tmpfs:` entry, a `-v`, `--mount` or `--tmpfs`. */
export interface Mount extends Located {
  /** undefined when the type depends on an unknown variable (`${VOL}:/data`). */
  type: MountType | undefined;
  /**
   * bind: the host path (absolute, or `~/…`); volume: its name, undefined for an anonymous volume or an unknown one;
   * tmpfs: undefined.
   */
  source: string | undefined;
  /** The source as written after interpolation (`./data`, `data`), unknown parts shown as `${…}`. */
  sourceText: string | undefined;
  /** Normalised absolute container path; undefined when unknown. */
  target: string | undefined;
  readOnly: boolean;
  syntax: 'short' | 'long' | 'tmpfs';
}

export interface VolumesFromRef extends Located {
  kind: 'service' | 'container';
  name: string;
}

export interface BuildSpec extends Located {
  /** Absolute context directory; undefined for a remote or unknown context. */
  context: string | undefined;
  /** Absolute Dockerfile path; undefined when unknown or inline. */
  dockerfile: string | undefined;
  target: string | undefined;
}

/** A container as a Compose service or a `docker run`/`docker create` line defines it. */
export interface Container {
  origin: 'compose' | 'script';
  /** The service name, or the `--name` of a script's container. */
  name: string | undefined;
  /** What a finding about the container as a whole marks: the service key, or the image word of `docker run`. */
  at: Located;
  image?: { ref: string | undefined } & Located;
  build?: BuildSpec;
  mounts: Mount[];
  /** False when a mount could not be read (a `-v "$SPEC"`): unmounted paths are then unknown. */
  mountsKnown: boolean;
  volumesFrom: VolumesFromRef[];
  /** The command that replaces the image's CMD: null when none is given, undefined when it is unknown. */
  command: readonly string[] | null | undefined;
  restart: string | undefined;
  /** Where the command and the restart policy are written, for findings about them. */
  commandAt?: Located;
  restartAt?: Located;
  /** `docker run --rm`. */
  removeOnExit: boolean;
}
