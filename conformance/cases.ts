/** A Dockerfile the suite builds, with what it needs to build and how its instructions are classed in the tables. */
export interface Case {
  /** Short unique id, used in stage names and log files (letters and digits). */
  id: string;
  /** Where it comes from: a fixture path, or `generated:SEED:N`. */
  name: string;
  text: string;
  origin: 'fixture' | 'generated';
  /** Command class of an instruction, by its 1-based first line (generated cases know what they wrote). */
  classes: Map<number, string>;
  /** Files of the build context: path -> content; a path ending in `/` is a directory. */
  context: Map<string, string>;
}
