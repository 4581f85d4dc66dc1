import {
  doubleQuoted,
  endOfLine,
  hostPathShape,
  readShellFormVolume,
  spanOf,
  type ShellFormVolume,
} from '../src/analysis/volume-args.js';
import { isJsonStringArray } from '../src/model/json-form.js';
import type { DockerfileContext, DockerfileRule, Fix, TextEdit } from '../src/rule-api/types.js';
import { redeclareApplicability } from '../src/fix/redeclare.js';
import { ruleDocUrl } from '../src/model/builders.js';
import { isWindowsPath } from '../src/model/paths.js';
import type { InstructionModel, Word } from '../src/model/types.js';
import { clip } from '../src/text/clip.js';

export const volumeSyntax: DockerfileRule = {
  meta: {
    id: 'volume-syntax',
    type: 'problem',
    reads: 'dockerfile',
    needs: ['declared-volume'],
    docs: {
      description:
        'A VOLUME that does not declare what it seems to: single-quoted or broken JSON, commas in shell form, a trailing `# comment`, a relative path, no path at all.',
      url: ruleDocUrl('volume-syntax'),
    },
    defaultSeverity: 'error',
    fixable: 'code',
    messages: {
      singleQuotes: 'VOLUME {{text}} is not JSON (single quotes), so it declares the path `{{declared}}`; use double quotes.',
      badJson: 'VOLUME {{text}} is not valid JSON, so it declares the path `{{declared}}`; write ["/a", "/b"] or /a /b.',
      comma: 'VOLUME `{{word}}` declares a path with the comma in it (`{{declared}}`); separate the paths with spaces.',
      comment: 'VOLUME has no trailing comments: `{{comment}}` declares {{count}} more volume(s); put the comment on its own line.',
      relative: 'VOLUME `{{arg}}` is a relative path, which the build or `docker run` rejects; write the absolute path, such as `/{{arg}}`.',
      empty: 'VOLUME without a path fails the build; name the absolute path to declare, or delete the instruction.',
    },
  },
  check(context) {
    const { model } = context;
    for (const instr of model.instructions) {
      if (instr.keyword !== 'VOLUME') continue;
      // The model's JSON form is the builders' (src/model/json-form.ts): `["/a"] # note` is shell form there.
      if (instr.json) checkJsonForm(context, instr);
      else checkShellForm(context, instr, instr.args);
    }
  },
};

function checkJsonForm(context: DockerfileContext, instr: InstructionModel): void {
  if (instr.args.length === 0) {
    context.report({ messageId: 'empty', range: instr.keywordRange, instruction: instr });
    return;
  }
  for (const word of instr.args) checkPath(context, instr, word);
}

function checkShellForm(context: DockerfileContext, instr: InstructionModel, args: readonly Word[]): void {
  const text = context.model.text;
  const volume = readShellFormVolume(args, text);
  if (volume.comment) reportComment(context, instr, volume);
  const meant = spanOf(volume.meant);
  if (!meant) {
    if (!volume.comment) context.report({ messageId: 'empty', range: instr.keywordRange, instruction: instr });
    return;
  }
  const written = text.slice(meant.start, meant.end);
  if (written.startsWith('[')) {
    // The author meant JSON form; only a `#` after it kept the parser from seeing it, or it is not JSON at all.
    if (isJsonStringArray(written)) return;
    const declared = clip(volume.meant.map((w) => w.value ?? w.raw).join('`, `'));
    const fixed = written.includes("'") ? doubleQuoted(written) : undefined;
    context.report({
      messageId: fixed === undefined ? 'badJson' : 'singleQuotes',
      data: { text: clip(written), declared },
      range: meant,
      instruction: instr,
      ...(fixed === undefined
        ? {}
        : { fix: { applicability: redeclareApplicability(context.model, instr), edits: [{ range: [meant.start, meant.end], text: fixed }] } }),
    });
    return;
  }
  // Shell-form words that expand to nothing are dropped; only when all of them do is the VOLUME empty (BuildKit: "VOLUME
  // specified can not be an empty string"). A word whose value is unknown may hold a path: no finding then.
  if (volume.meant.every((w) => w.value === '')) {
    context.report({ messageId: 'empty', range: meant, instruction: instr });
    return;
  }
  for (const word of volume.meant) {
    if (word.value === '') continue;
    if (hasStrayComma(word)) {
      const edit = commaFix(word);
      const fix: Fix | undefined = edit && { applicability: redeclareApplicability(context.model, instr), edits: [edit] };
      context.report({
        messageId: 'comma',
        data: { word: clip(word.raw), declared: clip(word.value ?? word.raw) },
        range: word.range,
        instruction: instr,
        ...(fix ? { fix } : {}),
      });
      continue;
    }
    checkPath(context, instr, word);
  }
}

function checkPath(context: DockerfileContext, instr: InstructionModel, word: Word): void {
  const value = word.value;
  if (value === undefined) return;
  if (value === '') {
    context.report({ messageId: 'empty', range: word.range, instruction: instr });
    return;
  }
  if (value.startsWith('/') || isWindowsPath(value)) return;
  // `\data` is rooted on the current drive in a Windows image.
  if (context.model.windows && value.startsWith('\\')) return;
  // volume-host-path explains `~`, `./`, `../` and `host:container` better.
  if (hostPathShape(value)) return;
  context.report({ messageId: 'relative', data: { arg: clip(value) }, range: word.range, instruction: instr });
}

/** `/a,` and `,/b` are paths with a comma glued on; `/a,b` may be a real name and is left alone. */
function hasStrayComma(word: Word): boolean {
  const v = word.value ?? word.raw;
  return v.endsWith(',') || v.startsWith(',') || v.includes(',/');
}

/** Drops the commas of an unquoted word: `/a,` → `/a`, `/a,/b` → `/a /b`, a lone `,` disappears. */
function commaFix(word: Word): TextEdit | undefined {
  if (word.value !== word.raw) return undefined;
  const text = word.raw
    .split(',')
    .filter((part) => part !== '')
    .join(' ');
  return { range: [word.range.start, word.range.end], text };
}

function reportComment(context: DockerfileContext, instr: InstructionModel, volume: ShellFormVolume): void {
  const comment = volume.comment;
  if (!comment) return;
  const text = context.model.text;
  const commentText = text.slice(comment.range.start, comment.range.end);
  context.report({
    messageId: 'comment',
    data: { comment: clip(commentText), count: String(comment.words.length) },
    range: comment.range,
    instruction: instr,
    ...(moveCommentFix(context, instr, volume, commentText) ?? {}),
  });
}

/**
 * Moves `# comment` to its own line above the instruction, with the instruction's indentation and the file's line
 * ending. Only when the comment ends the instruction and something is left to declare.
 */
function moveCommentFix(
  context: DockerfileContext,
  instr: InstructionModel,
  volume: ShellFormVolume,
  commentText: string,
): { fix: TextEdit[] } | undefined {
  const { model } = context;
  const comment = volume.comment;
  const lastMeant = volume.meant.at(-1);
  if (!comment || !lastMeant || volume.afterComment.length > 0) return undefined;
  const lineEnd = endOfLine(model.text, comment.range.end);
  // A continuation after the comment would pull the next line into this instruction: leave such a case alone.
  if (model.text.slice(comment.range.end, lineEnd).trim() !== '') return undefined;
  const line = model.lines.positionAt(instr.range.start).line;
  const lineStart = model.lines.offsetAt({ line, character: 0 });
  const indent = /^[ \t]*/.exec(model.lines.lineText(line))?.[0] ?? '';
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  return {
    fix: [
      { range: [lineStart, lineStart], text: indent + commentText + eol },
      { range: [lastMeant.range.end, comment.range.end], text: '' },
    ],
  };
}
