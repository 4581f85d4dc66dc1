import type { ChunkedFormatter, Formatter } from './types.js';

export const formatNames = ['stylish', 'json', 'sarif', 'checkstyle', 'junit', 'github', 'gitlab', 'compact'] as const;
export type FormatName = (typeof formatNames)[number];

/** Other tools' names for a format: hadolint calls its terminal format `tty`. */
export const FORMAT_ALIASES: Readonly<Record<string, FormatName>> = { tty: 'stylish' };

interface FormatterModule {
  format?: Formatter;
  default?: Formatter;
  /** Formats whose reports grow large (one entry per finding) also give their text in pieces. */
  formatChunks?: ChunkedFormatter;
}

// One dynamic import per format so a run loads only the formatter it prints with.
const loaders: Record<FormatName, () => Promise<FormatterModule>> = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  checkstyle: () => import('./checkstyle.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  compact: () => import('./compact.js'),
};

export function isFormatName(name: string): name is FormatName {
  return (formatNames as readonly string[]).includes(name);
}

export async function loadFormatter(name: string): Promise<Formatter> {
  const module = await loadModule(name);
  const formatter = module.format ?? module.default;
  if (!formatter) throw new Error(`The '${name}' format module exports no formatter.`);
  return formatter;
}

/** A format's text in pieces: its own chunked formatter, or its whole text as one piece. */
export async function loadChunkedFormatter(name: string): Promise<ChunkedFormatter> {
  const module = await loadModule(name);
  if (module.formatChunks) return module.formatChunks;
  const formatter = await loadFormatter(name);
  return (results, context) => [formatter(results, context)];
}

async function loadModule(name: string): Promise<FormatterModule> {
  if (!isFormatName(name)) throw new Error(`Unknown format '${name}'. Formats: ${formatNames.join(', ')}.`);
  return loaders[name]();
}
