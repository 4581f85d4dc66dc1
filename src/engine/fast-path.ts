import { parseImageRef, type BaseImageTable } from '../model/base-images.js';
import type { FromImage } from '../model/from-lines.js';
import type { Environment } from '../model/types.js';
import { environment, extended, fromScope } from '../model/environment.js';
import { expandDockerfileWord } from '../model/words.js';
import type { RuleNeed } from '../rule-api/types.js';

/*
 * Each rule declares what it needs to report (RuleNeed in types.ts): a VOLUME declared in the file, a base image of
 * the table, or either. The only other findings are about `# volint` ignore comments. So a text in which no enabled
 * rule's need can be met has no findings, and a scan far cheaper than a parse can say so. The scan may say "maybe"
 * for a file without findings (that file takes the full path), never the reverse: each test below accepts a superset
 * of what the parser accepts, and a FROM with a variable is expanded only when the ARGs before it are plain.
 * test/robustness/fast-path.test.ts checks the outcome against the full path over the corpus, and the fuzz test
 * over mutated files.
 */

/**
 * What the parser may drop inside an instruction keyword: an escape character (`\` or, with the escape directive,
 * a backtick) before a line break, the break, blank lines and `#` after it. `VOL\` + newline + `UME` is VOLUME
 * to Docker and to the parser alike.
 */
const KEYWORD_GAP = '[\\\\`\\s#]*';

function keywordPattern(letters: readonly string[], flags: string, prefix = ''): RegExp {
  return new RegExp(prefix + letters.join(KEYWORD_GAP), flags);
}

/** VOLUME anywhere, even in a RUN script or a comment: cheaper to over-match than to find instruction starts. */
const VOLUME = keywordPattern(['v', 'o', 'l', 'u', 'm', 'e'], 'i');
/** `# volint ignore=...` comments, and anything else that mentions the name. */
const VOLINT = /volint/i;
/** A FROM keyword at the start of a line (where every instruction starts), leading blanks allowed. */
const FROM = keywordPattern(['f', 'r', 'o', 'm'], 'gim', '^[ \\t\\ufeff]*');
/** Line ends with an escape character, so the instruction may go on (either escape character: over-matching). */
const CONTINUED = /[\\`][ \t]*$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
/** `ARG NAME` or `ARG NAME=value` with a plain value: nothing to quote, escape, expand or continue. */
const PLAIN_ARG = /^[ \t]*arg[ \t]+([A-Za-z_][A-Za-z0-9_]*)(?:=([^\s"'\\`$]*))?[ \t]*$/i;
const PLAIN_FROM = /^[ \t]*from[ \t]/i;

/** What a text must show for some rule to report: a VOLUME keyword, a FROM naming an image of the table, or either. */
export interface FastPathScope {
  volume: boolean;
  baseImage: boolean;
}

/** What the rules need, as the scan can look for it; null when some rule may report on any file. */
export function fastPathScope(rules: readonly { meta: { needs: readonly RuleNeed[] } }[]): FastPathScope | null {
  const scope: FastPathScope = { volume: false, baseImage: false };
  for (const { meta } of rules) {
    const declared = meta.needs.includes('declared-volume');
    const base = meta.needs.includes('base-image-facts');
    const either = meta.needs.includes('volume-in-scope');
    if (!declared && !base && !either) return null;
    // A rule needing both a declared volume and a known base image reports only when both hold: one check suffices.
    if (declared || either) scope.volume = true;
    if (either || (base && !declared)) scope.baseImage = true;
  }
  return scope;
}

/** Rules of every kind of need: what the scan looks for when the rules are not known. */
export const ANY_VOLUME: FastPathScope = { volume: true, baseImage: true };

/**
 * False when the text cannot produce a finding with rules of scope `scope`, base-image table `table` and
 * `--build-arg` values `buildArgs`: no `volint` comment, and none of what the rules need (a VOLUME keyword
 * anywhere, a FROM that could name an image of the table). `fromWords`, when the caller has read the FROMs
 * (scanFroms, or fromImagesOf from a parse), are the image words they hold, and spare the scan reading them again.
 */
export function mayHaveFindings(
  text: string,
  table: BaseImageTable,
  buildArgs: Readonly<Record<string, string>> = {},
  scope: FastPathScope | null = ANY_VOLUME,
  fromWords?: readonly string[],
): boolean {
  return needsModel(text, scope) || mayNameKnownImage(text, table, buildArgs, scope, fromWords);
}

/** True when the text takes the full path whatever its FROMs name: a `volint` comment, or a VOLUME keyword the rules look for. */
export function needsModel(text: string, scope: FastPathScope | null): boolean {
  return scope === null || VOLINT.test(text) || (scope.volume && VOLUME.test(text));
}

/** The other half of mayHaveFindings: whether a FROM could name an image of the table that a rule of `scope` needs. */
export function mayNameKnownImage(
  text: string,
  table: BaseImageTable,
  buildArgs: Readonly<Record<string, string>>,
  scope: FastPathScope | null,
  fromWords?: readonly string[],
): boolean {
  if (scope === null) return true;
  if (!scope.baseImage) return false;
  // A rule needing base-image facts can report only on a stage whose base is one of these.
  if (fromWords) return fromWords.some((ref) => table.mayDeclareVolumes(parseImageRef(ref).repository));
  // Read on the first FROM that uses a variable; null when they cannot be read without the parser.
  let globals: Environment | null | undefined;
  FROM.lastIndex = 0;
  for (let m = FROM.exec(text); m !== null; m = FROM.exec(text)) {
    const args = fromArguments(text, m.index + m[0].length);
    if (!args.includes('$')) {
      if (wordsNameKnownImage(args.replace(/["'\\`]/g, ''), table)) return true;
      continue;
    }
    globals ??= globalArgs(text, buildArgs);
    if (globals === null || /["'\\`]/.test(args)) return true;
    const env = globals;
    if (wordsNameKnownImage(args, table, (word) => expandDockerfileWord(word, env, '\\'))) return true;
  }
  return false;
}

/**
 * The ARGs a FROM sees, when the lines before the first FROM are plain ARGs, comments and blank lines (as in most
 * files that use one): then they are exactly the instructions the parser finds there, and `--build-arg` values
 * replace their defaults as in the model. Null for anything else.
 */
function globalArgs(text: string, buildArgs: Readonly<Record<string, string>>): Environment | null {
  const args: [string, string | undefined][] = [];
  // Line by line up to the first FROM, which most files reach within a few lines.
  for (let pos = 0; pos < text.length; ) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end);
    pos = nextLineStart(text, end);
    // A FROM sees these ARGs and nothing else: any other name is unset there, as in the model.
    if (PLAIN_FROM.test(line)) return extended(fromScope(), args);
    if (BLANK_OR_COMMENT.test(line)) continue;
    const arg = PLAIN_ARG.exec(line);
    if (!arg) return null;
    const name = arg[1] ?? '';
    args.push([name, Object.hasOwn(buildArgs, name) ? buildArgs[name] : arg[2]]);
  }
  return environment(args, false);
}

/**
 * The arguments of a FROM as one string: its lines joined as the parser joins them (escape character and line
 * break removed, blank and comment lines inside the continuation skipped). Joining on either escape character can
 * only append text after the real instruction's last word.
 */
function fromArguments(text: string, start: number): string {
  let out = '';
  let pos = start;
  let continued = false;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end);
    pos = nextLineStart(text, end);
    if (continued && BLANK_OR_COMMENT.test(line)) continue;
    continued = CONTINUED.test(line);
    out += continued ? line.replace(CONTINUED, '') : line;
    if (!continued) break;
  }
  return out;
}

/**
 * True when some word of the FROM, as `value` gives it, is a repository of the table. Every word is tried, flags
 * and stage names included: that over-matches, never under-matches. Without variables, quotes and escape
 * characters are dropped before (the builder removes them); with variables, there are none.
 */
function wordsNameKnownImage(args: string, table: BaseImageTable, value: (word: string) => string | undefined = (w) => w): boolean {
  for (const word of args.split(/\s+/)) {
    const ref = word === '' ? undefined : value(word);
    if (ref !== undefined && table.mayDeclareVolumes(parseImageRef(ref).repository)) return true;
  }
  return false;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function nextLineStart(text: string, end: number): number {
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/** The FROMs of a text, as the scan reads them. */
export interface FromScan {
  /** The external images the FROMs name, expanded as the model expands them (stage names and `scratch` left out). */
  images: FromImage[];
  /**
   * The image word of every FROM, expanded, stage references included: what mayHaveFindings may test in place of its
   * own scan. A line inside a heredoc or a continued RUN can look like `FROM x AS name` to the scan and make a later
   * FROM of an image look like a reference to that stage; testing every word keeps the fast path a superset.
   */
  words: string[];
}

/**
 * The FROMs of a text, without parsing the file; null when a FROM cannot be read that way (quotes, escapes, ARGs that
 * are not plain), and the caller must parse it (fromImagesOf in model/build.ts).
 */
export function scanFroms(text: string, buildArgs: Readonly<Record<string, string>> = {}): FromScan | null {
  let globals: Environment | null | undefined;
  const stages = new Set<string>();
  let count = 0;
  const images: FromImage[] = [];
  const words: string[] = [];
  FROM.lastIndex = 0;
  let heredocs: [number, number][] | undefined;
  for (let m = FROM.exec(text); m !== null; m = FROM.exec(text)) {
    const after = m.index + m[0].length;
    // `FROM_DOCKERFILE=1`, `fromage`: another word, so no FROM (inside a RUN, or an instruction the parser rejects).
    if (after < text.length && !/[\s\\`]/.test(text.charAt(after))) continue;
    // The line may be part of another instruction, which only a parse can tell: a continued line, or a heredoc's body.
    if (continuesInstruction(text, m.index)) return null;
    heredocs ??= text.includes('<<') ? heredocBodies(text) : [];
    if (heredocs.some(([start, end]) => m.index > start && m.index < end)) return null;
    const args = fromArguments(text, after);
    if (/["'\\`]/.test(args)) return null;
    let value = (word: string): string | undefined => word;
    if (args.includes('$')) {
      globals ??= globalArgs(text, buildArgs);
      if (globals === null) return null;
      const env = globals;
      value = (word) => expandDockerfileWord(word, env, '\\');
    }
    const split = args.split(/\s+/).filter((w) => w !== '');
    let platform: string | undefined;
    let i = 0;
    for (; i < split.length && split[i]?.startsWith('--'); i++) {
      const flag = /^--platform=(.*)$/i.exec(split[i] ?? '');
      if (flag) platform = value(flag[1] ?? '');
    }
    const ref = split[i] === undefined ? undefined : value(split[i] ?? '');
    // A FROM names an earlier stage by its name or index, never one declared below.
    const stage = ref !== undefined && (stages.has(ref.toLowerCase()) || (/^\d+$/.test(ref) && Number(ref) < count));
    if (split[i + 1]?.toLowerCase() === 'as' && split[i + 2] !== undefined) stages.add((split[i + 2] ?? '').toLowerCase());
    count++;
    if (ref === undefined) continue;
    words.push(ref);
    if (ref.toLowerCase() !== 'scratch' && !stage) images.push({ ref, platform });
  }
  return { images, words };
}

/** Whether the line starting at `lineStart` continues an instruction: the last line before it that is neither blank nor a comment ends with an escape character. */
function continuesInstruction(text: string, lineStart: number): boolean {
  let end = lineStart;
  while (end > 0) {
    // Back over the line break before `end`, then to the start of that line.
    let stop = end - 1;
    if (text.charCodeAt(stop) === 10 && text.charCodeAt(stop - 1) === 13) stop--;
    let start = stop;
    while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
    const line = text.slice(start, stop);
    if (!BLANK_OR_COMMENT.test(line)) return CONTINUED.test(line);
    end = start;
  }
  return false;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;

/**
 * Where heredoc bodies may be (`RUN <<EOF` … `EOF`): from each `<<WORD` to the line that ends it, or to the end of the
 * text. Anything that looks like a heredoc counts (`<<` in a comment, a shift): the caller then parses, which costs
 * time, never a wrong answer.
 */
function heredocBodies(text: string): [number, number][] {
  const out: [number, number][] = [];
  HEREDOC.lastIndex = 0;
  for (let m = HEREDOC.exec(text); m !== null; m = HEREDOC.exec(text)) {
    const word = (m[3] ?? '').replace(/[.-]/g, '\\$&');
    const terminator = new RegExp(`^${m[1] === '-' ? '\\t*' : ''}${word}\\r?$`, 'gm');
    const lineEnd = text.indexOf('\n', m.index);
    terminator.lastIndex = lineEnd < 0 ? text.length : lineEnd + 1;
    const found = terminator.exec(text);
    out.push([m.index, found ? found.index + found[0].length : text.length]);
  }
  return out;
}
