import { wordSuffix, type ArgWord } from './argv.js';

/** How a command reads its options; anything not listed is a flag without a value. */
export interface OptionSpec {
  /** Options that take a value, by short letter or long name: `-t DIR`, `-tDIR`, `--target-directory DIR`. */
  readonly value?: readonly string[];
  /** Short options whose value, when present, is attached: `sed -i.bak`. */
  readonly attachedValue?: readonly string[];
  /** POSIX order: the first operand ends the options (wrappers, shells, `find`). GNU tools permute instead. */
  readonly stopAtOperand?: boolean;
  /** Arguments that look like options but are operands, such as the mode of `chmod -x`. */
  readonly operand?: RegExp;
}

export interface ParsedOption {
  /** Short letter or long name, without dashes. */
  readonly name: string;
  readonly value: ArgWord | undefined;
  readonly word: ArgWord;
}

export class ParsedArgs {
  constructor(
    readonly options: readonly ParsedOption[],
    readonly operands: readonly ArgWord[],
  ) {}

  has(...names: string[]): boolean {
    return this.options.some((o) => names.includes(o.name));
  }

  /** Value of the last occurrence of any of the options. */
  value(...names: string[]): ArgWord | undefined {
    for (let i = this.options.length - 1; i >= 0; i--) {
      const option = this.options[i];
      if (option && names.includes(option.name)) return option.value;
    }
    return undefined;
  }

  values(...names: string[]): ArgWord[] {
    const found: ArgWord[] = [];
    for (const option of this.options) if (option.value && names.includes(option.name)) found.push(option.value);
    return found;
  }
}

/** getopt_long-style parsing: combined short flags, attached or separate values, `--opt=value`, and `--`. */
export function parseOptions(args: readonly ArgWord[], spec: OptionSpec): ParsedArgs {
  const withValue = new Set(spec.value);
  const attached = new Set(spec.attachedValue);
  const options: ParsedOption[] = [];
  const operands: ArgWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word) continue;
    const text = word.value;
    const isOption = text !== undefined && text.length > 1 && text.startsWith('-') && !(spec.operand?.test(text) ?? false);
    if (!isOption) {
      operands.push(word);
      if (spec.stopAtOperand) {
        operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    if (text === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = text.slice(2, eq < 0 ? undefined : eq);
      let value: ArgWord | undefined;
      if (eq >= 0) value = wordSuffix(word, eq + 1);
      else if (withValue.has(name)) value = args[++i];
      options.push({ name, value, word });
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const name = text.charAt(j);
      if (withValue.has(name)) {
        const value = j + 1 < text.length ? wordSuffix(word, j + 1) : args[++i];
        options.push({ name, value, word });
        break;
      }
      if (attached.has(name)) {
        options.push({ name, value: j + 1 < text.length ? wordSuffix(word, j + 1) : undefined, word });
        break;
      }
      options.push({ name, value: undefined, word });
    }
  }
  return new ParsedArgs(options, operands);
}
