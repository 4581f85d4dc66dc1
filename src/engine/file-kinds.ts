import path from 'node:path';
import { isComposeFileName } from '../compose/names.js';
import { scriptKind, type ScriptKind } from '../scripts/kinds.js';
import type { FileKind } from '../rule-api/types.js';

/** The kind of a file from its name and, for a script without extension, its shebang; anything else is a Dockerfile. */
export function fileKindOf(filePath: string, text = ''): FileKind {
  if (isComposeFileName(path.basename(filePath))) return 'compose';
  if (scriptKind(filePath, text)) return 'script';
  return 'dockerfile';
}

export function scriptKindOf(filePath: string, text: string): ScriptKind {
  return scriptKind(filePath, text) ?? 'shell';
}
