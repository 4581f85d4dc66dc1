import { statSync } from 'node:fs';
import { projectContainers } from '../compose/containers.js';
import { loadProject, projectFiles, type ReadText } from '../compose/project.js';
import type { ComposeProject } from '../compose/types.js';
import type { BaseImageTable } from '../model/base-images.js';
import type { Container } from '../runtime/types.js';
import { readScript, type ScriptModel } from '../scripts/collect.js';
import type { DockerRun } from '../scripts/docker-cli.js';
import type { ScriptKind } from '../scripts/kinds.js';
import { ImageFactsReader, type ImageFacts } from './image-facts.js';

/** A Compose file or a script as the run-time rules read it: the containers it defines and what their images declare. */
export interface RuntimeFile {
  /** The linted file (absolute); findings located in other files of a Compose project are not its findings. */
  readonly file: string;
  readonly text: string;
  readonly kind: 'compose' | 'script';
  /** Compose: every service of the project; script: every `docker run`/`create`, in file order. */
  readonly containers: readonly Container[];
  readonly compose: ComposeProject | undefined;
  readonly script: ScriptModel | undefined;
  /** What the container's image declares and holds, read once per image. */
  facts(container: Container): ImageFacts;
  /** The container `volumes_from`/`--volumes-from` names: a service, or the script's `--name` before `before`. */
  source(name: string, before?: number): Container | undefined;
  isDirectory(path: string): boolean;
  /**
   * The other files the findings so far depend on (absolute): the project's `.env`, override and `extends`/`include`
   * files, the Dockerfiles read for the images' facts, the directories looked for; present or not, since one that
   * appears changes the result too.
   */
  readonly dependencies: ReadonlySet<string>;
}

interface Shared {
  read: ReadText;
  table: BaseImageTable;
}

const readers = new WeakMap<BaseImageTable, WeakMap<ReadText, ImageFactsReader>>();

function factsReader({ read, table }: Shared): ImageFactsReader {
  let byRead = readers.get(table);
  if (!byRead) readers.set(table, (byRead = new WeakMap()));
  let reader = byRead.get(read);
  if (!reader) byRead.set(read, (reader = new ImageFactsReader(read, table)));
  return reader;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** What a RuntimeFile reads besides its own text, each read recorded as a dependency of its result. */
class Consulted {
  readonly files = new Set<string>();
  private readonly facts = new Map<Container, ImageFacts>();

  constructor(
    private readonly own: string,
    private readonly reader: ImageFactsReader,
  ) {}

  note(file: string): void {
    if (file !== this.own) this.files.add(file);
  }

  factsOf(c: Container): ImageFacts {
    let facts = this.facts.get(c);
    if (!facts) {
      if (c.build?.dockerfile !== undefined) this.note(c.build.dockerfile);
      facts = c.build ? this.reader.forBuild(c.build) : c.image?.ref !== undefined ? this.reader.forImage(c.image.ref) : { volumes: undefined, rootImage: undefined, writes: [] };
      this.facts.set(c, facts);
    }
    return facts;
  }

  isDirectory(p: string): boolean {
    this.note(p);
    return isDirectory(p);
  }
}

export function composeRuntime(file: string, text: string, shared: Shared, explicitFiles: readonly string[] = []): RuntimeFile {
  const consulted = new Consulted(file, factsReader(shared));
  const read: ReadText = (f) => {
    consulted.note(f);
    return f === file ? text : shared.read(f);
  };
  const project = loadProject(projectFiles(file, read, explicitFiles), read);
  const containers = projectContainers(project);
  return {
    file, text, kind: 'compose', containers, compose: project, script: undefined,
    facts: (c) => consulted.factsOf(c),
    source: (name) => containers.find((c) => c.name === name),
    isDirectory: (p) => consulted.isDirectory(p),
    dependencies: consulted.files,
  };
}

export function scriptContainer(run: DockerRun): Container {
  const imageWord = run.image;
  const words = run.command;
  return {
    origin: 'script',
    name: run.name?.known ? run.name.text : undefined,
    at: { file: run.mounts[0]?.file ?? '', range: imageWord?.range ?? run.range },
    ...(imageWord ? { image: { ref: imageWord.known ? imageWord.text : undefined, file: '', range: imageWord.range } } : {}),
    mounts: run.mounts,
    mountsKnown: run.mountsKnown && imageWord !== undefined,
    volumesFrom: run.volumesFrom,
    command: words === null ? null : words.every((w) => w.known) ? words.map((w) => w.text) : undefined,
    restart: run.restart,
    ...(words && words.length > 0 ? { commandAt: { file: '', range: { start: words[0]?.range.start ?? 0, end: words.at(-1)?.range.end ?? 0 } } } : {}),
    ...(run.restartWord ? { restartAt: { file: '', range: run.restartWord.range } } : {}),
    removeOnExit: run.removeOnExit,
  };
}

export function scriptRuntime(file: string, text: string, kind: ScriptKind, shared: Shared): RuntimeFile {
  const script = readScript(file, text, kind);
  const runs = script.commands.filter((c): c is DockerRun => c.verb === 'run' || c.verb === 'create');
  const containers = runs.map((run) => {
    const c = scriptContainer(run);
    return {
      ...c,
      at: { ...c.at, file },
      ...(c.image ? { image: { ...c.image, file } } : {}),
      ...(c.commandAt ? { commandAt: { ...c.commandAt, file } } : {}),
      ...(c.restartAt ? { restartAt: { ...c.restartAt, file } } : {}),
    };
  });
  const consulted = new Consulted(file, factsReader(shared));
  return {
    file, text, kind: 'script', containers, compose: undefined, script,
    facts: (c) => consulted.factsOf(c),
    source: (name, before = Infinity) => {
      let found: Container | undefined;
      for (const c of containers) if (c.name === name && c.at.range.start < before) found = c;
      return found ?? containers.find((c) => c.name === name);
    },
    isDirectory: (p) => consulted.isDirectory(p),
    dependencies: consulted.files,
  };
}

