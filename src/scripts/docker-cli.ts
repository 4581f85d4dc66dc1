import { containerPath, hostPath, shown, splitShortVolume } from '../runtime/mount-spec.js';
import { UNKNOWN_PART } from '../runtime/interpolate.js';
import type { Mount, VolumesFromRef } from '../runtime/types.js';
import type { ArgWord } from '../shell/argv.js';
import type { Offsets } from '../text/line-index.js';

/**
 * `docker` and `podman` command lines as the CLI reads them: the global options, the verb (`run`, `container rm`,
 * `volume prune`, `compose down`), its options and operands. Only what the volume rules need is kept; an option the
 * tables below do not know makes what follows it unknown rather than guessed.
 */

/** One argument as the rules see it: its value (unknown parts as UNKNOWN_PART) and where it is written. */
export interface CliWord {
  text: string;
  /** True when no part is unknown. */
  known: boolean;
  range: Offsets;
  /** The shell word, for a fix that needs its characters' origins. */
  word: ArgWord;
}

interface Common {
  engine: string;
  /** The whole simple command. */
  range: Offsets;
}

export interface DockerRun extends Common {
  verb: 'run' | 'create';
  image: CliWord | undefined;
  name: CliWord | undefined;
  mounts: Mount[];
  /** False when a mount flag's value could not be read, or an unknown option stopped the parse. */
  mountsKnown: boolean;
  volumesFrom: VolumesFromRef[];
  removeOnExit: boolean;
  detach: boolean;
  restart: string | undefined;
  restartWord?: CliWord;
  /** Words after the image; null when there are none (the image's CMD runs). */
  command: CliWord[] | null;
}

export interface DockerRemove extends Common {
  verb: 'rm';
  removeVolumes: boolean;
  containers: CliWord[];
}

export interface DockerInspect extends Common {
  verb: 'inspect';
  /** `docker inspect` (any object), `container inspect`, `image inspect`, `volume inspect`. */
  object: 'any' | 'container' | 'image' | 'volume' | 'other';
  format: CliWord | undefined;
}

export interface DockerOther extends Common {
  verb: 'volume' | 'compose' | 'other';
  subcommand: string | undefined;
  words: CliWord[];
}

export type DockerCommand = DockerRun | DockerRemove | DockerInspect | DockerOther;

/** The value of a shell word, or its text with every expansion masked as unknown (`$(pwd)/data:/data`). */
export function cliWord(word: ArgWord, fileText: string): CliWord {
  if (word.value !== undefined) return { text: word.value, known: true, range: word.range, word };
  const text = maskExpansions(fileText.slice(word.range.start, word.range.end));
  return { text, known: false, range: word.range, word };
}

/** Quotes removed; `$(…)`, backticks, `${…}`, `$NAME` and Makefile `$(…)` become UNKNOWN_PART. */
export function maskExpansions(raw: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? undefined : '"';
      continue;
    }
    if (c === "'") {
      quote = "'";
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      out += raw[++i] ?? '';
      continue;
    }
    if (c === '`') {
      const end = raw.indexOf('`', i + 1);
      out += unknownPart(raw.slice(i + 1, end < 0 ? raw.length : end));
      i = end < 0 ? raw.length : end;
      continue;
    }
    if (c === '$') {
      const n = raw[i + 1] ?? '';
      if (n === '(' || n === '{') {
        const end = closing(raw, i + 1);
        out += unknownPart(raw.slice(i + 2, end));
        i = end;
        continue;
      }
      const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(raw.slice(i + 1))?.[0];
      if (name) {
        i += name.length;
        out += unknownPart(name);
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** The working directory (`$(pwd)`, `$PWD`, make's `$(CURDIR)`) is an unknown absolute path: a bind source. */
function unknownPart(expression: string): string {
  return /^(?:pwd|PWD|CURDIR|\(pwd\)|shell pwd|HOME|\$HOME)$/.test(expression.trim()) ? `/${UNKNOWN_PART}` : UNKNOWN_PART;
}

function closing(raw: string, open: number): number {
  const opener = raw[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    if (raw[i] === opener) depth++;
    else if (raw[i] === closer && --depth === 0) return i;
  }
  return raw.length;
}

const GLOBAL_VALUE = new Set(['H', 'host', 'context', 'c', 'config', 'l', 'log-level', 'tlscacert', 'tlscert', 'tlskey', 'connection', 'url',
  'root', 'runroot', 'storage-driver', 'storage-opt', 'cgroup-manager', 'events-backend', 'runtime', 'tmpdir', 'network-cmd-path',
  'identity', 'module', 'conmon', 'hooks-dir', 'imagestore', 'network-config-dir', 'volumepath', 'out']);

const RUN_BOOLEAN = new Set(['d', 'detach', 'i', 'interactive', 't', 'tty', 'rm', 'privileged', 'init', 'P', 'publish-all', 'read-only',
  'sig-proxy', 'no-healthcheck', 'oom-kill-disable', 'q', 'quiet', 'help', 'disable-content-trust', 'use-api-socket', 'replace', 'rmi',
  'env-host', 'no-hosts', 'read-only-tmpfs', 'http-proxy', 'passwd', 'tls-verify', 'rootfs', 'no-healthcheck', 'interactive']);

const RUN_VALUE = new Set(['a', 'attach', 'add-host', 'annotation', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent',
  'cgroupns', 'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'c', 'cpu-shares', 'cpus',
  'cpuset-cpus', 'cpuset-mems', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops', 'device-write-bps',
  'device-write-iops', 'dns', 'dns-option', 'dns-opt', 'dns-search', 'domainname', 'entrypoint', 'e', 'env', 'env-file', 'expose', 'gpus',
  'group-add', 'health-cmd', 'health-interval', 'health-retries', 'health-start-period', 'health-start-interval', 'health-timeout', 'h',
  'hostname', 'io-maxbandwidth', 'io-maxiops', 'ip', 'ip6', 'ipc', 'isolation', 'kernel-memory', 'l', 'label', 'label-file', 'link',
  'link-local-ip', 'log-driver', 'log-opt', 'mac-address', 'm', 'memory', 'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount',
  'name', 'network', 'net', 'network-alias', 'net-alias', 'oom-score-adj', 'pid', 'pids-limit', 'platform', 'p', 'publish', 'pull',
  'restart', 'runtime', 'security-opt', 'shm-size', 'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'u', 'user',
  'userns', 'uts', 'v', 'volume', 'volume-driver', 'volumes-from', 'w', 'workdir', 'cgroup-conf', 'chrootdirs', 'conmon-pidfile',
  'decryption-key', 'env-merge', 'gidmap', 'hostuser', 'image-volume', 'init-path', 'mask', 'os', 'arch', 'variant', 'passwd-entry',
  'personality', 'pod', 'pod-id-file', 'preserve-fds', 'rdt-class', 'requires', 'retry', 'retry-delay', 'sdnotify', 'seccomp-policy',
  'secret', 'subgidname', 'subuidname', 'systemd', 'timeout', 'tz', 'uidmap', 'umask', 'unmask', 'unsetenv', 'group-entry',
  'health-on-failure', 'health-log-destination', 'health-max-log-count', 'health-max-log-size', 'health-startup-cmd',
  'health-startup-interval', 'health-startup-retries', 'health-startup-success', 'health-startup-timeout', 'cgroups', 'hosts-file',
  'label-file', 'log-opt', 'no-healthcheck']);

/** The engines: `docker`, `podman`, and variables holding one (`$DOCKER`, `${CONTAINER_ENGINE}`, `$(DOCKER)`). */
export function engineName(name: CliWord, fileText: string): string | undefined {
  if (name.known) {
    const base = name.text.slice(name.text.lastIndexOf('/') + 1).replace(/\.exe$/i, '');
    if (base === 'docker' || base === 'podman' || base === 'docker-compose' || base === 'podman-compose') return base;
    return undefined;
  }
  const raw = fileText.slice(name.range.start, name.range.end);
  return /^["']?\$[({]?[A-Za-z_]*(?:docker|podman|container_engine|container_runtime|container_cli)[A-Za-z_]*[)}]?["']?$/i.test(raw) ? 'docker' : undefined;
}

/** Parses a command line whose first word is an engine; undefined for anything else. */
export function parseDockerCommand(argv: readonly ArgWord[], range: Offsets, file: string, fileText: string, cwd: string | undefined): DockerCommand | undefined {
  const name = argv[0];
  if (!name) return undefined;
  const engine = engineName(cliWord(name, fileText), fileText);
  if (!engine) return undefined;
  // A word's source is read from the syntax tree, which the walk deletes when the script is done: read it now.
  const words = argv.map((w) => {
    const source = w.source();
    return cliWord({ ...w, source: () => source }, fileText);
  });
  let i = 1;
  if (engine.endsWith('-compose')) return { verb: 'compose', engine, range, subcommand: words[i]?.text, words: words.slice(i) };
  while (i < words.length && (words[i]?.text ?? '').startsWith('-')) {
    const [name, inline] = optionName(words[i]?.text ?? '');
    i += GLOBAL_VALUE.has(name) && inline === undefined ? 2 : 1;
  }
  let verb = words[i]?.text;
  let object: DockerInspect['object'] = 'any';
  if (verb === 'container' || verb === 'image') {
    object = verb;
    i++;
    verb = words[i]?.text;
    if (object === 'image' && verb !== 'inspect') return { verb: 'other', engine, range, subcommand: verb, words: words.slice(i + 1) };
  } else if (verb === 'volume' && words[i + 1]?.text === 'inspect') {
    object = 'volume';
    i++;
    verb = 'inspect';
  }
  const rest = words.slice(i + 1);
  switch (verb) {
    case 'run':
    case 'create':
      return parseRun(verb, engine, rest, range, file, cwd);
    case 'rm':
    case 'remove':
      return parseRemove(engine, rest, range);
    case 'inspect':
      return parseInspect(engine, object, rest, range);
    case 'volume':
    case 'compose':
      return { verb, engine, range, subcommand: rest.find((w) => !w.text.startsWith('-'))?.text, words: rest };
    default:
      return { verb: 'other', engine, range, subcommand: verb, words: rest };
  }
}

/** `--name=x` → ['name', 'x']; `-v` → ['v', undefined]; `-it` → ['it', undefined] (a cluster, split by the caller). */
function optionName(text: string): [string, string | undefined] {
  const body = text.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function parseRun(verb: 'run' | 'create', engine: string, words: CliWord[], range: Offsets, file: string, cwd: string | undefined): DockerRun {
  const run: DockerRun = {
    verb, engine, range, image: undefined, name: undefined, mounts: [], mountsKnown: true, volumesFrom: [], removeOnExit: false, detach: false,
    restart: undefined, command: null,
  };
  const options: { name: string; value: CliWord }[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (!w) break;
    if (w.text === '--') {
      i++;
      break;
    }
    if (!w.text.startsWith('-') || w.text === '-') break;
    if (!w.known && w.text.startsWith('-') && w.text.includes(UNKNOWN_PART) && !w.text.includes('=')) {
      // `--$OPT`: which option this is cannot be known.
      run.mountsKnown = false;
      return run;
    }
    const long = w.text.startsWith('--');
    const [name, inline] = optionName(w.text);
    if (long) {
      if (RUN_BOOLEAN.has(name)) {
        flag(run, name, inline);
        continue;
      }
      if (!RUN_VALUE.has(name)) {
        run.mountsKnown = false;
        return run;
      }
      const value = inline !== undefined ? valuePart(w, inline) : words[++i];
      if (value) options.push({ name, value });
      continue;
    }
    // A cluster of short options: booleans, then at most one that takes a value (the rest of the word, or the next).
    const letters = w.text.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const letter = letters[k] ?? '';
      if (RUN_BOOLEAN.has(letter)) {
        flag(run, letter, undefined);
        continue;
      }
      if (!RUN_VALUE.has(letter)) {
        run.mountsKnown = false;
        return run;
      }
      const restText = letters.slice(k + 1).replace(/^=/, '');
      const value = restText !== '' ? valuePart(w, restText) : words[++i];
      if (value) options.push({ name: letter, value });
      break;
    }
  }
  run.image = words[i];
  const command = words.slice(i + 1);
  run.command = command.length > 0 ? command : null;
  for (const { name, value } of options) {
    switch (name) {
      case 'v':
      case 'volume': {
        const mount = volumeFlag(value, file, cwd);
        if (mount) run.mounts.push(mount);
        else run.mountsKnown = false;
        break;
      }
      case 'mount': {
        const mount = mountFlag(value, file, cwd);
        if (mount) run.mounts.push(mount);
        else run.mountsKnown = false;
        break;
      }
      case 'tmpfs': {
        const target = containerPath(value.text.split(':')[0]);
        if (target === undefined) run.mountsKnown = false;
        run.mounts.push({ type: 'tmpfs', source: undefined, sourceText: undefined, target, readOnly: false, syntax: 'tmpfs', file, range: value.range });
        break;
      }
      case 'volumes-from': {
        const [container] = value.text.split(':');
        if (container && value.known) run.volumesFrom.push({ kind: 'container', name: container, file, range: value.range });
        else run.mountsKnown = false;
        break;
      }
      case 'name':
        run.name = value;
        break;
      case 'restart':
        run.restart = value.known ? value.text : undefined;
        run.restartWord = value;
        break;
      default:
    }
  }
  return run;
}

function flag(run: DockerRun, name: string, inline: string | undefined): void {
  const on = inline === undefined || inline === 'true' || inline === '1';
  if (name === 'rm') run.removeOnExit = on;
  else if (name === 'd' || name === 'detach') run.detach = on;
}

/** The part of a word after its option name (`data:/x` of `-vdata:/x` or `--volume=data:/x`). */
function valuePart(w: CliWord, text: string): CliWord {
  const source = w.known ? w.word.source() : undefined;
  const range = source && source.text === w.text ? source.rangeOf(w.text.length - text.length, w.text.length) : w.range;
  return { ...w, text, range };
}

/** `-v [SOURCE:]TARGET[:OPTIONS]`: like Compose's short syntax, but a source is a path only when absolute or `./`. */
export function volumeFlag(value: CliWord, file: string, cwd: string | undefined): Mount | undefined {
  const parsed = splitShortVolume(value.text);
  if (!parsed) return undefined;
  const readOnly = parsed.mode.split(',').includes('ro');
  const source = parsed.type === 'bind' ? hostPath(parsed.source, cwd) : parsed.type === 'volume' && parsed.source !== '' && !parsed.source.includes(UNKNOWN_PART) ? parsed.source : undefined;
  return {
    type: parsed.type, source, sourceText: parsed.source === '' ? undefined : shown(parsed.source), target: containerPath(parsed.target), readOnly,
    syntax: 'short', file, range: value.range,
  };
}

/** `--mount type=bind,source=…,target=…`; the type defaults to volume. */
export function mountFlag(value: CliWord, file: string, cwd: string | undefined): Mount | undefined {
  const fields = new Map<string, string>();
  for (const part of value.text.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).replace(/^"|"$/g, ''));
  }
  const type = fields.get('type') ?? 'volume';
  if (!['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'].includes(type)) return undefined;
  const rawSource = fields.get('source') ?? fields.get('src');
  const rawTarget = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  const readonly = fields.get('readonly') ?? fields.get('ro');
  let source: string | undefined;
  if (rawSource !== undefined && !rawSource.includes(UNKNOWN_PART)) source = type === 'bind' ? hostPath(rawSource, cwd) : rawSource;
  return {
    type: type as Mount['type'], source, sourceText: rawSource === undefined ? undefined : shown(rawSource), target: containerPath(rawTarget),
    readOnly: readonly === 'true' || readonly === '1', syntax: 'long', file, range: value.range,
  };
}

function parseRemove(engine: string, words: CliWord[], range: Offsets): DockerRemove {
  const rm: DockerRemove = { verb: 'rm', engine, range, removeVolumes: false, containers: [] };
  let options = true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) continue;
    if (options && w.text === '--') {
      options = false;
      continue;
    }
    if (options && w.text.startsWith('-') && w.text.length > 1) {
      const [name, inline] = optionName(w.text);
      if (w.text.startsWith('--')) {
        if (name === 'volumes') rm.removeVolumes = inline === undefined || inline === 'true';
        else if (['time', 't', 'cidfile', 'filter', 'depend'].includes(name) && inline === undefined && name !== 'depend') i++;
      } else {
        if (name.includes('v')) rm.removeVolumes = true;
        if (name.endsWith('t')) i++;
      }
      continue;
    }
    rm.containers.push(w);
  }
  return rm;
}

function parseInspect(engine: string, object: DockerInspect['object'], words: CliWord[], range: Offsets): DockerInspect {
  const inspect: DockerInspect = { verb: 'inspect', engine, range, object, format: undefined };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) continue;
    const [name, inline] = optionName(w.text);
    if (w.text === '-f' || w.text === '--format') inspect.format = words[++i];
    else if ((w.text.startsWith('--format=') || w.text.startsWith('-f=')) && inline !== undefined) inspect.format = valuePart(w, inline);
    else if (w.text.startsWith('-f') && !w.text.startsWith('--') && w.text.length > 2) inspect.format = valuePart(w, w.text.slice(2));
    else if (name === 'type' && !w.text.includes('=')) {
      const t = words[++i]?.text;
      if (t === 'container' || t === 'image' || t === 'volume') inspect.object = t;
    } else if (name === 'type' && (inline === 'container' || inline === 'image' || inline === 'volume')) inspect.object = inline;
  }
  return inspect;
}
