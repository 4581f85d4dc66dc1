import { derivedWord, wordSuffix, type ArgWord } from './argv.js';
import { ParsedArgs, parseOptions, type OptionSpec } from './options.js';
import { baseName } from '../model/paths.js';
import type { EffectKind } from './types.js';

/** What a command can do, as the walk that runs it offers. */
export interface CommandIO {
  /** The word naming the command. */
  readonly nameWord: ArgWord;
  /** Records an effect on the path `word` names, resolved against `base` (itself against the cwd) or the cwd. */
  effect(kind: EffectKind, word: ArgWord, options?: { recursive?: boolean; base?: ArgWord }): void;
  /** Runs another command line: what a wrapper starts, or the command of `find -exec`. */
  exec(argv: readonly ArgWord[], options?: { cwd?: ArgWord; unknownCwd?: boolean; inProcess?: boolean }): void;
  /** Runs `word` as a script in a child shell (`sh -c`, `su -c`). */
  script(word: ArgWord, options?: { unknownCwd?: boolean }): void;
  /** A shell reading its script from standard input: the heredoc or here-string given to this command. */
  stdinScript(): void;
}

export interface CommandSpec {
  /** How arguments are parsed; without it every argument is an operand. */
  readonly options?: OptionSpec;
  /** Rewrites the arguments before parsing (old-style `tar xzf` bundles, `+o` shell options). */
  readonly rewrite?: (args: readonly ArgWord[]) => readonly ArgWord[];
  readonly effects: (args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]) => void;
}

/** The working directory, standing in for a command that writes there without naming it. */
function here(word: ArgWord): ArgWord {
  return derivedWord(word, '.');
}

function isStdio(word: ArgWord | undefined): boolean {
  return word?.value === '-';
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

/** Every operand gets the same effect (`mkdir a b`, `rm -r a b`). */
function eachOperand(kind: EffectKind, recursiveFlags: readonly string[] = []): CommandSpec['effects'] {
  return (args, io) => {
    const recursive = args.has(...recursiveFlags);
    for (const operand of args.operands) io.effect(kind, operand, { recursive });
  };
}

/** `cp`/`mv`/`install`/`rsync`: sources then a destination, or `-t DIR` and sources. */
function copyLike(sourceKind: EffectKind, recursiveFlags: readonly string[]): CommandSpec['effects'] {
  return (args, io) => {
    const target = args.value('t', 'target-directory');
    const operands = args.operands;
    const destination = target ?? (operands.length >= 2 ? lastOf(operands) : undefined);
    if (!destination) return;
    const sources = target ? operands : operands.slice(0, -1);
    for (const source of sources) io.effect(sourceKind, source);
    io.effect('write', destination, { recursive: args.has(...recursiveFlags) });
  };
}

/** chown/chmod/chgrp: the first operand is the owner or mode, unless `--reference` gives it. */
function permissionAfterFirst(args: ParsedArgs, io: CommandIO): void {
  const reference = args.value('reference');
  if (reference) io.effect('read', reference);
  const files = reference ? args.operands : args.operands.slice(1);
  const recursive = args.has('R', 'recursive');
  for (const file of files) io.effect('permission', file, { recursive });
}

/** Options and effects of `sh`, `bash` and friends: `-c SCRIPT`, stdin, or a script file (not analysed). */
const SHELL: CommandSpec = {
  options: { value: ['o', 'O', 'rcfile', 'init-file'], stopAtOperand: true },
  rewrite: (args) => {
    const kept: ArgWord[] = [];
    for (let i = 0; i < args.length; i++) {
      const word = args[i];
      if (word?.value === '+o' || word?.value === '+O') i++;
      else if (word && !word.value?.startsWith('+')) kept.push(word);
    }
    return kept;
  },
  effects: (args, io) => {
    const [first] = args.operands;
    if (args.has('c')) {
      if (first) io.script(first);
    } else if (!first || args.has('s')) {
      io.stdinScript();
    }
  },
};

/** A wrapper's command line: its operands after any `NAME=value` (`sudo`, `env`). */
function afterAssignments(operands: readonly ArgWord[]): readonly ArgWord[] {
  const start = operands.findIndex((w) => !/^\w+=/.test(w.value ?? ''));
  return start < 0 ? [] : operands.slice(start);
}

/** A wrapper whose operands are the command line it runs. */
function wrapper(options: OptionSpec, inProcess = false): CommandSpec {
  return { options: { ...options, stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands, { inProcess }); } };
}

const TAR_VALUE_LETTERS = 'fbCgKLNTVXHIF';

/** `tar xzf FILE -C DIR`: the first argument is a bundle of letters whose values follow in order. */
function tarBundle(args: readonly ArgWord[]): readonly ArgWord[] {
  const [bundle, ...rest] = args;
  const letters = bundle?.value;
  if (!bundle || letters === undefined || !/^[A-Za-z]+$/.test(letters)) return args;
  const expanded: ArgWord[] = [];
  let next = 0;
  for (const letter of letters) {
    expanded.push(derivedWord(bundle, '-' + letter));
    const value = TAR_VALUE_LETTERS.includes(letter) ? rest[next] : undefined;
    if (value) {
      expanded.push(value);
      next++;
    }
  }
  return [...expanded, ...rest.slice(next)];
}

function tarEffects(args: ParsedArgs, io: CommandIO): void {
  const archive = args.value('f', 'file');
  const directory = args.value('C', 'directory');
  const hasArchive = archive !== undefined && !isStdio(archive);
  if (args.has('x', 'extract', 'get')) {
    if (archive && hasArchive) io.effect('read', archive);
    if (!args.has('O', 'to-stdout', 'to-command')) io.effect('write', directory ?? here(io.nameWord), { recursive: true });
  } else if (args.has('c', 'create', 'r', 'append', 'u', 'update', 'A', 'catenate', 'concatenate', 'delete')) {
    if (archive && hasArchive) io.effect('write', archive);
    for (const member of args.operands) io.effect('read', member, directory ? { base: directory } : {});
  } else if (archive && hasArchive) {
    io.effect('read', archive);
  }
}

function curlEffects(args: ParsedArgs, io: CommandIO): void {
  const directory = args.value('output-dir');
  const base = directory ? { base: directory } : {};
  const urls = [...args.operands, ...args.values('url')];
  let nextUrl = 0;
  for (const option of args.options) {
    if (option.name === 'o' || option.name === 'output') {
      nextUrl++;
      if (option.value && !isStdio(option.value)) io.effect('write', option.value, base);
    } else if (option.name === 'O' || option.name === 'remote-name') {
      io.effect('write', here(urls[nextUrl++] ?? option.word), base);
    } else if (['D', 'dump-header', 'c', 'cookie-jar'].includes(option.name)) {
      if (option.value && !isStdio(option.value)) io.effect('write', option.value);
    } else if (option.name === 'T' || option.name === 'upload-file') {
      if (option.value && !isStdio(option.value)) io.effect('read', option.value);
    }
  }
  if (args.has('remote-name-all')) for (const url of urls.slice(nextUrl)) io.effect('write', here(url), base);
}

function wgetEffects(args: ParsedArgs, io: CommandIO): void {
  for (const log of args.values('o', 'output-file', 'a', 'append-output')) io.effect('write', log);
  const document = args.value('O', 'output-document');
  if (document) {
    if (!isStdio(document)) io.effect('write', document);
    return;
  }
  const directory = args.value('P', 'directory-prefix');
  const recursive = args.has('r', 'recursive', 'm', 'mirror');
  for (const url of args.operands) io.effect('write', directory ?? here(url), { recursive });
}

/** The directory `git clone URL` creates: the last path component of the URL, without `.git`. */
function cloneDirectory(url: string | undefined, bare: boolean): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.replace(/\/+$/, '').replace(/\/\.git$/, '');
  const name = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1).replace(/\.git$/, '');
  if (name === '') return undefined;
  return bare ? name + '.git' : name;
}

const CLONE_OPTIONS: OptionSpec = {
  value: ['b', 'branch', 'o', 'origin', 'u', 'upload-pack', 'depth', 'c', 'config', 'reference', 'reference-if-able', 'j', 'jobs',
    'template', 'separate-git-dir', 'filter', 'shallow-since', 'shallow-exclude', 'server-option', 'bundle-uri', 'ref-format', 'revision'],
};

function gitEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand, ...rest] = args.operands;
  if (subcommand?.value !== 'clone') return;
  const clone = parseOptions(rest, CLONE_OPTIONS);
  const [url, directory] = clone.operands;
  if (!url) return;
  const target = directory ?? derivedWord(url, cloneDirectory(url.value, clone.has('bare', 'mirror')));
  const workTree = args.value('C');
  io.effect('write', target, { recursive: true, ...(workTree ? { base: workTree } : {}) });
}

/** Package managers that install into the project directory: subcommands that do, and how to move it. */
function projectInstall(subcommands: readonly string[], directoryOptions: readonly string[], globalFlags: readonly string[], installWhenBare = false): CommandSpec['effects'] {
  return (args, io) => {
    const [subcommand] = args.operands;
    if (subcommand === undefined ? !installWhenBare : !subcommands.includes(subcommand.value ?? '')) return;
    if (args.has(...globalFlags) || args.values('location').some((w) => w.value === 'global')) return;
    io.effect('write', args.value(...directoryOptions) ?? here(subcommand ?? io.nameWord), { recursive: true });
  };
}

function yarnEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand] = args.operands;
  if (subcommand !== undefined && !['install', 'add'].includes(subcommand.value ?? '')) return;
  const modules = args.value('modules-folder');
  if (modules) io.effect('write', modules, { recursive: true });
  else io.effect('write', args.value('cwd') ?? here(subcommand ?? io.nameWord), { recursive: true });
}

function pipEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand] = args.operands;
  let target: ArgWord | undefined;
  if (subcommand?.value === 'install') target = args.value('t', 'target', 'prefix', 'root');
  else if (subcommand?.value === 'download') target = args.value('d', 'dest') ?? here(subcommand);
  else if (subcommand?.value === 'wheel') target = args.value('w', 'wheel-dir') ?? here(subcommand);
  if (target) io.effect('write', target, { recursive: true });
}

const FIND_VALUE_PRIMARIES = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type',
  '-xtype', '-perm', '-user', '-group', '-uid', '-gid', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer',
  '-anewer', '-cnewer', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-printf', '-lname', '-ilname', '-context', '-used',
  '-fstype', '-regextype', '-files0-from']);

const NARROWING_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-samefile', '-inum', '-newer', '-user', '-nouser', '-uid', '-group', '-nogroup', '-gid', '-perm', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-empty', '-links']);

function someEntriesBelow(path: ArgWord): ArgWord {
  return { ...derivedWord(path, path.value === undefined ? undefined : `${path.value.replace(/\/+$/, '')}/*`), glob: path.value !== undefined };
}

/**
 * `find PATH... EXPR`: `-delete` and `-exec CMD {} ;` act on every entry below each PATH, so their effects
 * take the PATH word, marked as standing for the entries below it.
 */
function findEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  let i = 0;
  while (i < raw.length && /^-(?:[HLP]|O\d*)$/.test(raw[i]?.value ?? '')) i++;
  if (raw[i]?.value === '-D') i += 2;
  const paths: ArgWord[] = [];
  for (; i < raw.length; i++) {
    const word = raw[i];
    if (!word || (word.value !== undefined && (word.value.startsWith('-') || ['(', ')', '!', ','].includes(word.value)))) break;
    paths.push(word);
  }
  if (paths.length === 0) paths.push(here(io.nameWord));
  for (; i < raw.length; i++) {
    const value = raw[i]?.value ?? '';
    if (value === '-delete') {
      for (const path of paths) io.effect('delete', path, { recursive: true });
    } else if (['-exec', '-execdir', '-ok', '-okdir'].includes(value)) {
      const start = i + 1;
      let end = start;
      while (end < raw.length && raw[end]?.value !== ';' && !(raw[end]?.value === '+' && raw[end - 1]?.value === '{}')) end++;
      const command = raw.slice(start, end);
      // With a name or path test only matching entries are touched: they stand for "some entries below PATH", which
      // is a change inside PATH but not proof of one in every directory below it.
      const narrowed = raw.some((w) => NARROWING_TESTS.has(w.value ?? ''));
      for (const path of paths) {
        io.exec(command.map((word) => {
          if (word.value === '{}') return narrowed ? someEntriesBelow(path) : derivedWord(path, path.value, true);
          return word.value?.includes('{}') ? derivedWord(word, undefined) : word;
        }));
      }
      i = end;
    } else if (['-fprint', '-fprint0', '-fls', '-fprintf'].includes(value)) {
      const file = raw[++i];
      if (file) io.effect('write', file);
      if (value === '-fprintf') i++;
    } else if (FIND_VALUE_PRIMARIES.has(value) || value.startsWith('-newer')) {
      i++;
    }
  }
}

function ddEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  for (const word of raw) {
    if (word.value?.startsWith('of=')) io.effect('write', wordSuffix(word, 3));
    else if (word.value?.startsWith('if=')) io.effect('read', wordSuffix(word, 3));
  }
}

function lnEffects(args: ParsedArgs, io: CommandIO): void {
  const target = args.value('t', 'target-directory');
  const operands = args.operands;
  const link = lastOf(operands);
  if (target) io.effect('write', target);
  else if (operands.length === 1 && link) io.effect('write', derivedWord(link, link.value === undefined ? undefined : baseName(link.value)));
  else if (link) io.effect('write', link);
}

function sedEffects(args: ParsedArgs, io: CommandIO): void {
  if (!args.has('i', 'in-place')) return;
  const files = args.has('e', 'expression', 'f', 'file') ? args.operands : args.operands.slice(1);
  for (const file of files) io.effect('write', file);
}

function unzipEffects(args: ParsedArgs, io: CommandIO): void {
  const [archive] = args.operands;
  if (!archive) return;
  io.effect('read', archive);
  if (args.has('l', 't', 'p', 'Z', 'z', 'v')) return;
  io.effect('write', args.value('d') ?? here(io.nameWord), { recursive: true });
}

function setcapEffects(args: ParsedArgs, io: CommandIO): void {
  const files = args.has('r') ? args.operands : args.operands.filter((_, index) => index % 2 === 1);
  for (const file of files) io.effect('permission', file);
}

function setfaclEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.has('restore')) return;
  const recursive = args.has('R', 'recursive');
  for (const file of args.operands) io.effect('permission', file, { recursive });
}

function rsyncEffects(args: ParsedArgs, io: CommandIO): void {
  const operands = args.operands;
  const destination = lastOf(operands);
  if (operands.length < 2 || !destination) return;
  const isRemote = (word: ArgWord): boolean => /^[^/]*:/.test(word.value ?? '');
  for (const source of operands.slice(0, -1)) if (!isRemote(source)) io.effect('read', source);
  if (!isRemote(destination)) io.effect('write', destination, { recursive: args.has('r', 'recursive', 'a', 'archive') });
}

function readerAfterPattern(args: ParsedArgs, io: CommandIO): void {
  const files = args.has('e', 'regexp', 'f', 'file') ? args.operands : args.operands.slice(1);
  for (const file of files) io.effect('read', file);
}

function sortEffects(args: ParsedArgs, io: CommandIO): void {
  for (const file of args.operands) io.effect('read', file);
  const output = args.value('o', 'output');
  if (output) io.effect('write', output);
}

const MKDIR_EACH = eachOperand('mkdir');
const INSTALL_FILES = copyLike('read', []);
const CP_OPTIONS: OptionSpec = { value: ['t', 'target-directory', 'S', 'suffix'] };
const CHOWN_OPTIONS: OptionSpec = { value: ['from', 'reference'] };
const READER: CommandSpec = { options: {}, effects: eachOperand('read') };
const HASHER: CommandSpec = { options: { value: ['c'] }, effects: eachOperand('read') };
const GREP: CommandSpec = {
  options: { value: ['e', 'f', 'm', 'A', 'B', 'C', 'd', 'D', 'regexp', 'file', 'max-count', 'after-context', 'before-context', 'context',
    'label', 'include', 'exclude', 'exclude-dir', 'exclude-from', 'binary-files', 'directories', 'devices', 'color', 'colour', 'group-separator'] },
  effects: readerAfterPattern,
};
const PIP: CommandSpec = {
  options: { value: ['r', 'requirement', 'c', 'constraint', 'e', 'editable', 't', 'target', 'i', 'index-url', 'extra-index-url', 'f',
    'find-links', 'prefix', 'root', 'src', 'upgrade-strategy', 'platform', 'python-version', 'implementation', 'abi', 'log', 'proxy',
    'retries', 'timeout', 'exists-action', 'trusted-host', 'cert', 'client-cert', 'cache-dir', 'progress-bar', 'C', 'config-settings',
    'global-option', 'no-binary', 'only-binary', 'd', 'dest', 'w', 'wheel-dir', 'report', 'python', 'use-feature', 'use-deprecated',
    'keyring-provider', 'root-user-action', 'index', 'requirements'] },
  effects: pipEffects,
};
const TAR: CommandSpec = {
  options: { value: ['f', 'file', 'C', 'directory', 'T', 'files-from', 'X', 'exclude-from', 'b', 'blocking-factor', 'g', 'listed-incremental',
    'K', 'starting-file', 'N', 'newer', 'after-date', 'L', 'tape-length', 'V', 'label', 'H', 'format', 'I', 'use-compress-program', 'F',
    'info-script', 'new-volume-script', 'exclude', 'transform', 'xform', 'strip-components', 'owner', 'group', 'mode', 'mtime', 'sort',
    'suffix', 'record-size', 'to-command', 'index-file', 'newer-mtime', 'pax-option', 'quoting-style', 'rmt-command', 'rsh-command',
    'volno-file', 'level', 'exclude-tag', 'exclude-tag-under', 'exclude-tag-all', 'group-map', 'owner-map', 'xattrs-include',
    'xattrs-exclude', 'hole-detection', 'checkpoint-action', 'warning'] },
  rewrite: tarBundle,
  effects: tarEffects,
};

/**
 * The command table: every command volint knows, by the name it runs under. A command not listed has no
 * effect on paths (`apt-get`, `make`...); `xargs` is deliberately absent, since the paths it gets are unknown.
 */
const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['mkdir', { options: { value: ['m', 'mode'] }, effects: eachOperand('mkdir') }],
  ['touch', { options: { value: ['d', 'date', 'r', 'reference', 't'] }, effects: eachOperand('touch') }],
  ['rm', { options: {}, effects: eachOperand('delete', ['r', 'R', 'recursive']) }],
  ['rmdir', { options: {}, effects: eachOperand('delete') }],
  ['unlink', { options: {}, effects: eachOperand('delete') }],
  ['tee', { options: {}, effects: eachOperand('write') }],
  ['truncate', { options: { value: ['s', 'size', 'r', 'reference'] }, effects: eachOperand('write') }],
  ['fallocate', { options: { value: ['l', 'length', 'o', 'offset'] }, effects: eachOperand('write') }],
  ['cp', { options: CP_OPTIONS, effects: copyLike('read', ['r', 'R', 'recursive', 'a', 'archive']) }],
  ['mv', { options: CP_OPTIONS, effects: copyLike('delete', []) }],
  ['install', {
    options: { value: ['m', 'mode', 'o', 'owner', 'g', 'group', 'S', 'suffix', 't', 'target-directory', 'strip-program'] },
    effects: (args, io, raw) => {
      (args.has('d', 'directory') ? MKDIR_EACH : INSTALL_FILES)(args, io, raw);
    },
  }],
  ['ln', { options: { value: ['t', 'target-directory', 'S', 'suffix'] }, effects: lnEffects }],
  ['rsync', {
    options: { value: ['e', 'rsh', 'f', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'T', 'temp-dir', 'B',
      'block-size', 'chown', 'chmod', 'usermap', 'groupmap', 'log-file', 'partial-dir', 'compare-dest', 'copy-dest', 'link-dest',
      'backup-dir', 'suffix', 'timeout', 'contimeout', 'port', 'password-file', 'bwlimit', 'info', 'debug', 'out-format', 'M',
      'remote-option', 'max-size', 'min-size', 'max-delete', 'iconv', 'protocol', 'checksum-choice', 'compress-choice',
      'compress-level', 'skip-compress', 'outbuf', 'modify-window', 'stop-after', 'stop-at'] },
    effects: rsyncEffects,
  }],
  ['sed', { options: { value: ['e', 'expression', 'f', 'file', 'l', 'line-length'], attachedValue: ['i'] }, effects: sedEffects }],
  ['tar', TAR],
  ['gtar', TAR],
  ['bsdtar', TAR],
  ['unzip', { options: { value: ['d', 'P'] }, effects: unzipEffects }],
  ['curl', {
    options: { value: ['A', 'b', 'c', 'C', 'd', 'D', 'e', 'E', 'F', 'H', 'K', 'm', 'o', 'P', 'Q', 'r', 'T', 't', 'u', 'U', 'w', 'x', 'X',
      'y', 'Y', 'z', 'user-agent', 'cookie', 'cookie-jar', 'continue-at', 'data', 'data-binary', 'data-raw', 'data-urlencode',
      'data-ascii', 'dump-header', 'referer', 'cert', 'cert-type', 'key', 'key-type', 'form', 'form-string', 'header', 'config',
      'max-time', 'output', 'output-dir', 'ftp-port', 'quote', 'range', 'upload-file', 'telnet-option', 'user', 'proxy-user',
      'write-out', 'proxy', 'request', 'speed-time', 'speed-limit', 'time-cond', 'retry', 'retry-delay', 'retry-max-time',
      'connect-timeout', 'max-filesize', 'cacert', 'capath', 'ciphers', 'limit-rate', 'interface', 'resolve', 'connect-to',
      'dns-servers', 'noproxy', 'proxy-header', 'preproxy', 'url', 'oauth2-bearer', 'aws-sigv4', 'max-redirs', 'keepalive-time',
      'local-port', 'netrc-file', 'pinnedpubkey', 'proto', 'proto-redir', 'proto-default', 'unix-socket', 'abstract-unix-socket',
      'expect100-timeout', 'stderr', 'trace', 'trace-ascii', 'etag-save', 'etag-compare', 'hsts', 'json', 'variable', 'url-query',
      'tls-max', 'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'pass', 'crlfile', 'doh-url', 'engine', 'rate', 'parallel-max',
      'proxy-cacert', 'proxy-cert', 'proxy-key', 'proxy-pass', 'tlsuser', 'tlspassword', 'mail-from', 'mail-rcpt', 'login-options'] },
    effects: curlEffects,
  }],
  ['wget', {
    options: { value: ['O', 'o', 'a', 'P', 't', 'T', 'w', 'e', 'U', 'i', 'B', 'l', 'A', 'R', 'D', 'I', 'X', 'Q', 'output-document',
      'output-file', 'append-output', 'directory-prefix', 'tries', 'timeout', 'wait', 'execute', 'user-agent', 'input-file', 'base',
      'level', 'accept', 'reject', 'domains', 'exclude-domains', 'include-directories', 'exclude-directories', 'quota', 'header',
      'user', 'password', 'http-user', 'http-password', 'ftp-user', 'ftp-password', 'proxy-user', 'proxy-password', 'ca-certificate',
      'ca-directory', 'certificate', 'certificate-type', 'private-key', 'private-key-type', 'load-cookies', 'save-cookies',
      'post-data', 'post-file', 'body-data', 'body-file', 'method', 'referer', 'limit-rate', 'dns-timeout', 'connect-timeout',
      'read-timeout', 'waitretry', 'bind-address', 'secure-protocol', 'progress', 'max-redirect', 'restrict-file-names',
      'default-page', 'cut-dirs', 'config', 'accept-regex', 'reject-regex', 'regex-type', 'follow-tags', 'ignore-tags'] },
    effects: wgetEffects,
  }],
  ['git', { options: { value: ['C', 'c', 'git-dir', 'work-tree', 'namespace', 'config-env'], stopAtOperand: true }, effects: gitEffects }],
  ['dd', { effects: ddEffects }],
  ['npm', {
    options: { value: ['prefix', 'C', 'registry', 'cache', 'loglevel', 'omit', 'include', 'userconfig', 'globalconfig', 'tag', 'w',
      'workspace', 'location', 'only', 'also', 'install-strategy', 'script-shell'] },
    effects: projectInstall(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci',
      'clean-install', 'ic', 'install-clean', 'isntall-clean', 'it', 'install-test', 'cit', 'install-ci-test', 'update', 'up', 'upgrade'],
    ['prefix', 'C'], ['g', 'global']),
  }],
  ['yarn', {
    options: { value: ['cwd', 'modules-folder', 'cache-folder', 'network-timeout', 'registry', 'mutex', 'network-concurrency'] },
    effects: yarnEffects,
  }],
  ['pnpm', {
    options: { value: ['C', 'dir', 'store-dir', 'filter', 'F', 'registry', 'reporter', 'loglevel', 'virtual-store-dir', 'modules-dir'] },
    effects: projectInstall(['install', 'i', 'add', 'update', 'up', 'upgrade'], ['C', 'dir'], ['g', 'global']),
  }],
  ['composer', {
    options: { value: ['d', 'working-dir', 'prefer-install'] },
    effects: projectInstall(['install', 'i', 'require', 'req', 'update', 'u', 'upgrade'], ['d', 'working-dir'], ['g', 'global']),
  }],
  ['bundle', {
    options: { value: ['path', 'gemfile', 'jobs', 'j', 'retry', 'without', 'with', 'shebang'] },
    effects: projectInstall(['install'], ['path'], ['system']),
  }],
  ['pip', PIP],
  ['python', {
    options: { value: ['m', 'c', 'W', 'X', 'Q'], stopAtOperand: true },
    effects: (args, io) => {
      const module = args.value('m');
      if (module?.value === 'pip') io.exec([module, ...args.operands]);
    },
  }],
  ['useradd', {
    options: { value: ['d', 'home-dir', 'b', 'base-dir', 'c', 'comment', 'e', 'expiredate', 'f', 'inactive', 'g', 'gid', 'G', 'groups',
      'k', 'skel', 'K', 'key', 'p', 'password', 's', 'shell', 'u', 'uid', 'R', 'root', 'P', 'prefix', 'Z', 'selinux-user'] },
    effects: (args, io) => {
      const home = args.value('d', 'home-dir');
      if (home && args.has('m', 'create-home')) io.effect('mkdir', home);
    },
  }],
  ['chown', { options: CHOWN_OPTIONS, effects: permissionAfterFirst }],
  ['chgrp', { options: CHOWN_OPTIONS, effects: permissionAfterFirst }],
  // GNU chmod takes `-x`, `-w` and `-rwx` as modes: only R, c, f and v are its short options.
  ['chmod', { options: { value: ['reference'], operand: /^-(?!-)[Rcfv]*[^Rcfv]/ }, effects: permissionAfterFirst }],
  ['setfacl', {
    options: { value: ['m', 'modify', 'x', 'remove', 'M', 'modify-file', 'X', 'remove-file', 'set', 'set-file', 'restore'] },
    effects: setfaclEffects,
  }],
  ['setcap', { options: { value: ['n'] }, effects: setcapEffects }],
  ['find', { effects: findEffects }],
  ['cat', READER],
  ['ls', { options: { value: ['w', 'width', 'T', 'tabsize', 'I', 'ignore', 'hide', 'format', 'sort', 'time', 'time-style', 'color',
    'block-size', 'quoting-style', 'indicator-style'] }, effects: eachOperand('read') }],
  ['head', { options: { value: ['n', 'c', 'lines', 'bytes'] }, effects: eachOperand('read') }],
  ['tail', { options: { value: ['n', 'c', 's', 'lines', 'bytes', 'pid', 'sleep-interval', 'max-unchanged-stats'] }, effects: eachOperand('read') }],
  ['stat', { options: { value: ['c', 'format', 'printf'] }, effects: eachOperand('read') }],
  ['wc', READER],
  ['md5sum', HASHER],
  ['sha1sum', HASHER],
  ['sha256sum', HASHER],
  ['sha512sum', HASHER],
  ['grep', GREP],
  ['egrep', GREP],
  ['fgrep', GREP],
  ['sort', { options: { value: ['o', 'output', 'k', 'key', 't', 'field-separator', 'S', 'buffer-size', 'T', 'temporary-directory'] }, effects: sortEffects }],
  // A sourced file is not followed: the variables it may set keep the values known before it.
  ['source', { options: { stopAtOperand: true }, effects: (args, io) => { const [file] = args.operands; if (file) io.effect('read', file); } }],
  ['sh', SHELL],
  ['bash', SHELL],
  ['dash', SHELL],
  ['ash', SHELL],
  ['ksh', SHELL],
  ['mksh', SHELL],
  ['zsh', SHELL],
  ['sudo', {
    options: { value: ['u', 'g', 'C', 'D', 'h', 'p', 'r', 't', 'U', 'T', 'chdir', 'user', 'group', 'close-from', 'host', 'prompt', 'role',
      'type', 'other-user', 'command-timeout'], stopAtOperand: true },
    effects: (args, io) => {
      const directory = args.value('D', 'chdir');
      io.exec(afterAssignments(args.operands), { ...(directory ? { cwd: directory } : {}), unknownCwd: args.has('i', 'login') });
    },
  }],
  ['doas', wrapper({ value: ['u', 'C'] })],
  ['gosu', { options: { stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands.slice(1)); } }],
  ['su-exec', { options: { stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands.slice(1)); } }],
  ['su', {
    options: { value: ['c', 'command', 's', 'shell', 'g', 'group', 'G', 'supp-group', 'w', 'whitelist-environment', 'session-command'] },
    effects: (args, io) => {
      const script = args.value('c', 'command');
      if (script) io.script(script, { unknownCwd: args.has('l', 'login') || args.operands.some((w) => w.value === '-') });
    },
  }],
  ['runuser', {
    options: { value: ['u', 'user', 'g', 'group', 'G', 'supp-group', 'c', 'command', 's', 'shell', 'w', 'whitelist-environment'] },
    effects: (args, io) => {
      const script = args.value('c', 'command');
      if (script) io.script(script, { unknownCwd: args.has('l', 'login') || args.operands.some((w) => w.value === '-') });
      else if (args.has('u', 'user')) io.exec(args.operands);
    },
  }],
  ['env', {
    options: { value: ['u', 'unset', 'C', 'chdir', 'S', 'split-string'], stopAtOperand: true },
    effects: (args, io) => {
      if (args.has('S', 'split-string')) return;
      const directory = args.value('C', 'chdir');
      io.exec(afterAssignments(args.operands), directory ? { cwd: directory } : {});
    },
  }],
  ['nice', wrapper({ value: ['n', 'adjustment'] })],
  ['nohup', wrapper({})],
  ['stdbuf', wrapper({ value: ['i', 'o', 'e', 'input', 'output', 'error'] })],
  ['fakeroot', wrapper({ value: ['l', 'lib', 'faked', 's', 'i'] })],
  ['busybox', wrapper({})],
  ['time', wrapper({ value: ['f', 'format', 'o', 'output'] }, true)],
  ['exec', wrapper({ value: ['a'] }, true)],
  ['builtin', wrapper({}, true)],
  ['command', {
    options: { stopAtOperand: true },
    effects: (args, io) => { if (!args.has('v', 'V')) io.exec(args.operands, { inProcess: true }); },
  }],
  ['timeout', {
    options: { value: ['s', 'signal', 'k', 'kill-after'], stopAtOperand: true },
    effects: (args, io) => { io.exec(args.operands.slice(1)); },
  }],
]);

/** The table entry for a command name as run (`/bin/mkdir`, `python3.11`, `pip3`). */
export function lookupCommand(path: string): { name: string; spec: CommandSpec } | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const spec = COMMANDS.get(/^(?:python|pip)[\d.]+$/.test(name) ? name.replace(/[\d.]+$/, '') : name);
  return spec ? { name, spec } : undefined;
}

/** Parses and runs one command line through its table entry. */
export function runCommand(spec: CommandSpec, args: readonly ArgWord[], io: CommandIO): void {
  const rewritten = spec.rewrite ? spec.rewrite(args) : args;
  spec.effects(spec.options ? parseOptions(rewritten, spec.options) : new ParsedArgs([], rewritten), io, rewritten);
}
