import { statSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import yargs from 'yargs';
import { rules } from '../../rules/index.js';
import { ConfigError } from '../config/errors.js';
import { formatConfig } from './print-config.js';
import { createConfigResolver, type ConfigOverrides } from '../config/resolve.js';
import { UNUSED_IGNORE_META } from '../engine/ignores.js';
import { cacheFingerprint, LintCache, resolveCacheFile } from '../engine/cache.js';
import { lintBytes } from '../engine/lint-files.js';
import { setImageWarningSink } from '../engine/image-resolution.js';
import { irregularFileResult, lintFiles } from '../engine/lint-many.js';
import { parseSeverity } from '../config/severity.js';
import { fixBytes, fixFile, type FixOptions } from '../fix/fix-files.js';
import { fixMode } from '../fix/options.js';
import type { LintResult, RuleInfo, SeverityName } from '../rule-api/types.js';
import { BUILDER_PROFILES } from '../model/types.js';
import { FORMAT_ALIASES, formatNames, loadChunkedFormatter } from '../report/formats.js';
import { discoverFiles, FILE_KINDS } from './discover.js';
import { DirectoryListings } from '../io/directory-listings.js';
import { packageInfo } from '../config/package-info.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  cwd: string;
  /** Whether stdout is a terminal that shows colour. */
  colorDefault: boolean;
}

/** Exit codes: 0 clean, 1 lint errors (or too many warnings, or a file that could not be linted), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_LINT = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/**
 * `--rule` values: volint's `id=severity`, ESLint's `id: severity` (also as `{id: severity, ...}` and with the
 * severity in brackets, `id: [error]`), several separated by commas; severities as words or 0/1/2.
 */
function parseRuleOption(values: readonly string[], known: ReadonlySet<string>, option = '--rule'): Record<string, SeverityName> {
  const out: Record<string, SeverityName> = {};
  for (const value of values) {
    const body = value.trim().replace(/^\{([^]*)\}$/, '$1');
    for (const item of body.split(',')) {
      if (item.trim() === '') continue;
      const match = /^\s*["']?([^"'=:\s]+)["']?\s*[=:]\s*\[?\s*["']?([^"'\]\s]*)["']?\s*\]?\s*$/.exec(item);
      if (!match) throw new UsageError(`${option} takes RULE=SEVERITY or 'RULE: SEVERITY', got '${item.trim()}'.`);
      const [, id = '', sev = ''] = match;
      const severity = parseSeverity(sev);
      if (!known.has(id)) throw new UsageError(`Unknown rule '${id}' in ${option}. Run 'volint --list-rules' for the rule ids.`);
      if (severity === undefined) throw new UsageError(`Bad severity '${sev}' for rule '${id}' in ${option}: use off, warn or error.`);
      out[id] = severity;
    }
  }
  return out;
}

/** `--ignore RULE` (hadolint's habit), repeatable and comma-separated: the same as `--rule RULE=off`. */
function parseIgnoreOption(values: readonly string[], known: ReadonlySet<string>): Record<string, SeverityName> {
  const ids = values.flatMap((v) => v.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  return parseRuleOption(ids.map((id) => `${id}=off`), known, '--ignore');
}

/** `--max-warnings`: an integer; -1 (as in ESLint) means no limit, which is also the default. */
function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(value) || Number(value) < -1) {
    throw new UsageError(`--max-warnings takes a number of warnings (0 or more, or -1 for no limit), got '${value}'.`);
  }
  const limit = Number(value);
  return limit === -1 ? undefined : limit;
}

function parseBuildArgs(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--build-arg needs NAME=VALUE, got '${value}'.`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

function listRules(metas: readonly RuleInfo[]): string {
  const width = Math.max(...metas.map((m) => m.id.length));
  return (
    metas
      .map((m) => {
        const sev = typeof m.defaultSeverity === 'string' ? m.defaultSeverity : `${m.defaultSeverity.portable} (portable)`;
        const flags = [m.fixable ? 'fixable' : '', m.hasSuggestions ? 'suggestions' : ''].filter(Boolean).join(', ');
        return `${m.id.padEnd(width)}  ${sev.padEnd(16)}  ${m.docs.description}${flags ? ` [${flags}]` : ''}\n${' '.repeat(width + 20)}${m.docs.url}`;
      })
      .join('\n') + '\n'
  );
}

/** `--list-rules --format json`: each rule's public meta (ESLint's shape), its doc link in `docs.url`. */
function listRulesJson(metas: readonly RuleInfo[]): string {
  const shown = metas.map((m) => ({
    id: m.id,
    type: m.type,
    docs: m.docs,
    defaultSeverity: m.defaultSeverity,
    fixable: m.fixable ?? null,
    hasSuggestions: m.hasSuggestions ?? false,
  }));
  return JSON.stringify(shown, null, 2) + '\n';
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { version } = packageInfo();
  // Rule modules plus the engine's own check: what --rule, --list-rules, the cache key and reporters know of.
  const allMetas: readonly RuleInfo[] = [...rules.map((r) => r.meta), UNUSED_IGNORE_META];
  const knownRules = new Set(allMetas.map((m) => m.id));
  let helpText: string | undefined;
  const parser = yargs([...argv])
    .scriptName('volint')
    .usage('$0 [paths..]\n\nLint Dockerfiles for what they get wrong about VOLUME.\nPaths are files or directories (searched for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*).')
    .option('format', { alias: 'f', type: 'string', default: 'stylish', choices: [...formatNames, ...Object.keys(FORMAT_ALIASES)], describe: 'Output format (tty: stylish, as hadolint calls it)' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of stdout' })
    .option('builder', { type: 'string', choices: BUILDER_PROFILES, describe: 'Which builder the findings assume (default: portable)' })
    // Repeatable, one value each: `array: true` would swallow the paths that follow.
    .option('rule', { type: 'string', describe: "Set a rule severity: id=off|warn|error or 'id: off' (repeatable)" })
    .option('ignore', { type: 'string', describe: 'Turn a rule off, as --rule id=off (repeatable)' })
    .option('build-arg', { type: 'string', describe: 'NAME=VALUE, as docker build --build-arg (repeatable)' })
    .option('resolve-images', { type: 'boolean', describe: "Read each FROM image's real config (local store or registry), cached" })
    .option('offline', { type: 'boolean', describe: 'With --resolve-images: use only the image cache, never the network' })
    .option('platform', { type: 'string', describe: 'With --resolve-images: platform to take from multi-platform images (default: host)' })
    .option('context', { type: 'string', describe: 'The build context directory, as the last argument of docker build (default: each Dockerfile\'s directory)' })
    .option('config', { alias: 'c', type: 'string', describe: 'Use this config file for every file (no .volintrc / package.json lookup)' })
    .option('print-config', { type: 'string', requiresArg: true, describe: 'Print the configuration that applies to this file and exit' })
    .option('fix', { type: 'boolean', default: false, describe: 'Fix what can be fixed safely, in place' })
    .option('fix-dry-run', { type: 'boolean', default: false, describe: 'Fix without writing: JSON results get `output`' })
    .option('fix-type', { type: 'string', array: true, nargs: 1, describe: 'Fix only rules of these types: problem, suggestion, layout' })
    .option('unsafe-fixes', { type: 'boolean', default: false, describe: 'With --fix or --fix-dry-run, also apply unsafe fixes (each rule doc says which)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
    .option('max-warnings', { type: 'string', describe: 'Exit 1 when there are more warnings than this (-1: no limit)' })
    .option('color', { type: 'boolean', describe: 'Colour the stylish output (--no-color to turn it off)' })
    .option('stdin', { type: 'boolean', default: false, describe: "Lint the text on standard input (also: the path '-')" })
    .option('stdin-filename', { type: 'string', describe: 'File name to report for --stdin' })
    .option('kind', { type: 'string', array: true, nargs: 1, choices: FILE_KINDS, describe: 'Kinds of file a directory walk picks up (repeatable; default: all)' })
    .option('compose-file', { type: 'string', array: true, nargs: 1, describe: 'Compose files merged in this order, as docker compose -f (repeatable)' })
    .option('list-rules', { type: 'boolean', default: false, describe: 'List the rules and exit' })
    .option('cache', { type: 'boolean', default: false, describe: 'Lint only files whose content changed since the last run (not with --fix)' })
    .option('cache-location', { type: 'string', describe: 'Cache file, or a directory to keep .volint-cache in (default: ./.volint-cache)' })
    .help('help')
    .alias('help', 'h')
    .version('version', 'Print the version and exit', version)
    .alias('version', 'v')
    // Only options: `usage` declares no command, so strict() would reject every path as an unknown argument.
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err instanceof Error ? err : new UsageError(msg);
    });

  let args;
  try {
    args = await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      if (output) helpText = output;
    });
  } catch (error) {
    io.stderr(`volint: ${(error as Error).message}\n\nRun 'volint --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (helpText !== undefined) {
    io.stdout(helpText + '\n');
    return EXIT_OK;
  }
  const format = FORMAT_ALIASES[args.format] ?? args.format;
  if (args.listRules) {
    if (format !== 'stylish' && format !== 'json') {
      io.stderr(`volint: --list-rules prints a table (the default format) or JSON (--format json), not ${args.format}.\n`);
      return EXIT_USAGE;
    }
    io.stdout(format === 'json' ? listRulesJson(allMetas) : listRules(allMetas));
    return EXIT_OK;
  }

  // Written together once the files are linted: a run over a big tree can warn about a thousand images, and one write
  // per warning cost that run ~30 ms.
  const imageWarnings: string[] = [];
  setImageWarningSink((message) => {
    imageWarnings.push(`volint: warning: ${message}\n`);
  });
  let overrides: ConfigOverrides;
  let maxWarnings: number | undefined;
  try {
    maxWarnings = parseMaxWarnings(args.maxWarnings);
    overrides = {
      ...(args.builder === undefined ? {} : { builder: args.builder }),
      rules: { ...parseIgnoreOption(repeated(args.ignore), knownRules), ...parseRuleOption(repeated(args.rule), knownRules) },
      buildArgs: parseBuildArgs(repeated(args.buildArg)),
      ...(args.resolveImages === undefined ? {} : { resolveImages: args.resolveImages }),
      ...(args.offline === undefined ? {} : { offline: args.offline }),
      ...(args.platform === undefined ? {} : { platform: args.platform }),
      ...(args.context === undefined ? {} : { context: path.resolve(io.cwd, args.context) }),
    };
  } catch (error) {
    io.stderr(`volint: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (overrides.context !== undefined && !isDirectory(overrides.context)) {
    io.stderr(`volint: --context: '${String(args.context)}' is not a directory.\n`);
    return EXIT_USAGE;
  }
  // One listing of each directory per run, for the walk and the config lookup alike.
  const listings = new DirectoryListings();
  const resolver = createConfigResolver(overrides, { cwd: io.cwd, ruleIds: [...knownRules], listings, ...(args.config === undefined ? {} : { configFile: args.config }) });
  const paths = args._.map(String);
  if (args.printConfig !== undefined) {
    // As in ESLint: the settings depend on the file (its nearest config file), so a file is required, and only one.
    if (args.printConfig.trim() === '' || paths.length > 0) {
      io.stderr(`volint: --print-config takes one file: the settings that apply to it are printed${paths.length > 0 ? ` (got also ${paths.join(', ')})` : ''}.\n`);
      return EXIT_USAGE;
    }
    try {
      const config = await resolver.configFor(path.resolve(io.cwd, args.printConfig));
      io.stdout(formatConfig(config, allMetas));
      return EXIT_OK;
    } catch (error) {
      return configFailure(error, io);
    }
  }
  // hadolint's habit: the path `-` is standard input.
  const stdin = args.stdin || (paths.length === 1 && paths[0] === '-');
  if (paths.includes('-') && paths.length > 1) {
    io.stderr("volint: the path '-' (standard input) cannot be combined with other paths.\n");
    return EXIT_USAGE;
  }
  if (args.stdin && paths.length > 0) {
    io.stderr('volint: --stdin lints standard input; do not also name paths.\n');
    return EXIT_USAGE;
  }
  if (!stdin && paths.length === 0) {
    io.stderr("volint: name the Dockerfiles or directories to lint (for example 'volint .'), or use --stdin.\n");
    return EXIT_USAGE;
  }
  const fix = fixMode(
    { fix: args.fix, fixDryRun: args.fixDryRun, fixType: args.fixType, unsafeFixes: args.unsafeFixes, stdin, quiet: args.quiet },
    new Map(rules.map((r) => [r.meta.id, r.meta.type])),
  );
  if ('error' in fix) {
    io.stderr(`volint: ${fix.error}\n`);
    return EXIT_USAGE;
  }

  const composeFiles = (args.composeFile ?? []).map((f) => path.resolve(io.cwd, f));
  const lintOptions = { rules, configFor: (f: string) => resolver.configFor(f), ...(composeFiles.length > 0 ? { composeFiles } : {}) };
  const unwritten: string[] = [];
  const fixOptions: FixOptions | undefined = fix.mode && {
    ...lintOptions,
    ...fix.mode,
    onWriteError(file, reason) {
      unwritten.push(file);
      io.stderr(`volint: cannot write the fixes to ${file}: ${reason}\n`);
    },
  };
  let results: LintResult[];
  // How stylish shows each file: as the user named it, or the path it was found under.
  const shownAs = new Map<string, string>();
  try {
    if (stdin) {
      const name = path.resolve(io.cwd, args.stdinFilename ?? 'Dockerfile');
      shownAs.set(name, args.stdinFilename ?? 'Dockerfile');
      const bytes = await io.readStdin();
      results = [fixOptions ? await fixBytes(bytes, name, fixOptions) : await lintBytes(bytes, name, lintOptions)];
    } else {
      const found = discoverFiles(paths, io.cwd, args.kind ?? FILE_KINDS, listings);
      for (const w of found.warnings) io.stderr(`volint: ${w}\n`);
      if (found.missing.length > 0) {
        io.stderr(found.missing.map((m) => `volint: No such file or directory: ${m}\n`).join(''));
        return EXIT_USAGE;
      }
      if (found.files.length === 0) {
        io.stderr(`volint: no Dockerfiles, Compose files or docker scripts found in ${paths.join(', ')}.\n`);
        return EXIT_USAGE;
      }
      const named = new Set(paths.map((p) => path.resolve(io.cwd, p)));
      const files: string[] = [];
      for (const file of found.files) shownAs.set(file, pathAsGiven(file, paths, io.cwd));
      for (const file of found.files) {
        // Naming a file on the command line asks for it to be linted, whatever ignorePatterns say.
        if (named.has(file) || !(await resolver.isIgnored(file))) files.push(file);
      }
      if (fixOptions) {
        results = [];
        for (const file of files) results.push(irregularFileResult(file) ?? (await fixFile(file, fixOptions)));
      } else {
        const cache = args.cache ? await LintCache.open(await resolveCacheFile(args.cacheLocation, io.cwd), cacheFingerprint(version, allMetas)) : undefined;
        results = await lintFiles(files, { ...lintOptions, cache });
        // A cache that cannot be written costs the next run time, not this run its result.
        await cache?.save().catch((error: unknown) => {
          io.stderr(`volint: cannot write the cache ${cache.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        });
      }
    }
  } catch (error) {
    return configFailure(error, io);
  } finally {
    if (imageWarnings.length > 0) io.stderr(imageWarnings.splice(0).join(''));
  }

  if (args.quiet) results = results.map(onlyErrors);
  const formatter = await loadChunkedFormatter(format);
  const metas = new Map(allMetas.map((m) => [m.id, m] as const));
  // Written a piece at a time: the report of a file with 100,000 findings is never one string in memory.
  const report = formatter(results, {
    cwd: io.cwd,
    rules: metas,
    version,
    color: args.color ?? io.colorDefault,
    shownPath: (file) => shownAs.get(file) ?? path.relative(io.cwd, file),
  });
  if (args.outputFile !== undefined) {
    const cannotWrite = (error: unknown): number => {
      io.stderr(`volint: cannot write ${args.outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return EXIT_USAGE;
    };
    let file: FileHandle;
    try {
      // As ESLint does, the report's directory is created when missing.
      const outputFile = path.resolve(io.cwd, args.outputFile);
      await mkdir(path.dirname(outputFile), { recursive: true });
      file = await open(outputFile, 'w');
    } catch (error) {
      return cannotWrite(error);
    }
    // Only the file's errors are "cannot write": a formatter's own failure stays an internal error.
    try {
      for (const chunk of report) {
        try {
          await file.write(chunk);
        } catch (error) {
          return cannotWrite(error);
        }
      }
    } finally {
      await file.close();
    }
  } else {
    for (const chunk of report) if (chunk) io.stdout(chunk);
  }

  if (unwritten.length > 0) return EXIT_USAGE;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return EXIT_LINT;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`volint found too many warnings (maximum: ${maxWarnings}).\n`);
    return EXIT_LINT;
  }
  return EXIT_OK;
}

/**
 * A found file as the user would write it: absolute when the path argument it came from is absolute, else relative
 * to the working directory (`../x/Dockerfile` when they named `../x`), as ESLint's stylish keeps absolute paths.
 */
function pathAsGiven(file: string, given: readonly string[], cwd: string): string {
  const from = given.find((p) => {
    const relative = path.relative(path.resolve(cwd, p), file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
  return from !== undefined && path.isAbsolute(from) ? file : path.relative(cwd, file) || file;
}

/** A broken config file is a usage error (exit 2); anything else is a bug and propagates. */
function configFailure(error: unknown, io: CliIo): number {
  if (!(error instanceof ConfigError)) throw error;
  io.stderr(`volint: ${error.message}\n`);
  return EXIT_USAGE;
}

/** A repeatable string option: yargs gives a string once and an array when repeated. */
function repeated(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function onlyErrors(r: LintResult): LintResult {
  const messages = r.messages.filter((m) => m.severity === 2);
  return { ...r, messages, warningCount: 0, fixableWarningCount: 0 };
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
