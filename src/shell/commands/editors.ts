import type { ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import type { CommandFamily, CommandIO } from './spec.js';

function sedEffects(args: ParsedArgs, io: CommandIO): void {
  if (!args.has('i', 'in-place')) return;
  const files = args.has('e', 'expression', 'f', 'file') ? args.operands : args.operands.slice(1);
  for (const file of files) io.effect('write', file);
}

/**
 * `perl -pi -e CODE FILE...`, `perl -i.bak -pe CODE FILE`: with `-i` the files are rewritten in place. Perl's switches
 * bundle (`-pi`, `-lpi`, `-0777`); `-e`/`-E` take the code (attached or next); without them the first operand is the
 * script. Switches stop at the first operand or `--`.
 */
function perlEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  let inPlace = false;
  let code = false;
  let i = 0;
  for (; i < raw.length; i++) {
    const text = raw[i]?.value;
    if (text === undefined) return;
    if (text === '--') {
      i++;
      break;
    }
    if (!text.startsWith('-') || text === '-') break;
    for (let j = 1; j < text.length; j++) {
      const c = text.charAt(j);
      if (c === 'i') {
        inPlace = true;
        break;
      }
      if (c === 'e' || c === 'E') {
        code = true;
        if (j === text.length - 1) i++;
        break;
      }
      // Switches whose value is the rest of the word: `-0777`, `-l0`, `-Mmodule`, `-Idir`, `-x`, `-C`, `-d:Mod`.
      if ('0lMmIxCdD'.includes(c)) break;
    }
  }
  if (!inPlace) return;
  const files = raw.slice(code ? i : i + 1);
  for (const file of files) io.effect('write', file);
}

/** Editors that change files in place. */
export const EDITOR_COMMANDS: CommandFamily = [
  ['perl', { effects: perlEffects }],
  ['sed', { options: { value: ['e', 'expression', 'f', 'file', 'l', 'line-length'], attachedValue: ['i'] }, effects: sedEffects }],
];
