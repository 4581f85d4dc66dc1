import type { Offsets } from '../text/line-index.js';
import type { BuildSpec, Located, Mount, VolumesFromRef } from '../runtime/types.js';

/** A command as Compose takes it: a string (split like a shell would) or a list. */
export interface CommandSpec extends Located {
  /** The words; undefined when a word is unknown. */
  argv: readonly string[] | undefined;
}

export interface ComposeService {
  name: string;
  /** The service's key (its name) in the last file that defines it. */
  key: Located;
  image?: { value: string | undefined } & Located;
  build?: BuildSpec;
  volumes: Mount[];
  volumesFrom: VolumesFromRef[];
  command?: CommandSpec;
  entrypoint?: CommandSpec;
  restart?: { value: string | undefined } & Located;
  profiles: readonly string[];
}

export interface TopLevelVolume extends Located {
  name: string;
  external: boolean;
  /** `driver_opts: {type: none, o: bind, device: …}`: a bind mount under a volume's name. */
  bindDevice: string | undefined;
}

export interface ComposeProject {
  /** The files merged, in order (`-f a -f b`, then the override file). */
  files: readonly string[];
  /** Directory relative paths resolve against: the first file's directory. */
  directory: string;
  services: Map<string, ComposeService>;
  volumes: Map<string, TopLevelVolume>;
  /** Problems that made parts unreadable: a YAML error, a missing `extends` file. */
  problems: { file: string; message: string; range: Offsets }[];
}
