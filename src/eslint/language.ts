import { readFileSync } from 'node:fs';
import type { File, Language, OkParseResult, ParseResult } from '@eslint/core';
import { decodeSource } from '../engine/source.js';
import { rules } from '../../rules/index.js';
import { applicableRules } from '../engine/linter.js';
import { needsShellAnalysis, type AnalyzeRun } from '../engine/rule-run.js';
import { rulesReading } from '../rule-api/types.js';
import { buildModel } from '../model/build.js';
import type { DockerfileModel } from '../model/types.js';
import { analyzeRun, loadShellParserSync } from '../shell/index.js';
import { buildTree, VISITOR_KEYS, type DockerfileNode, type DockerfileSyntaxNode } from './ast.js';
import { languageSettings, validateLanguageOptions, type DockerfileLanguageOptions } from './language-options.js';
import { DockerfileSourceCode } from './source-code.js';

const DOCKERFILE_RULES = rulesReading(rules, 'dockerfile');

/** What parse() hands to createSourceCode() besides the tree. */
interface DockerfileParseResult extends OkParseResult<DockerfileNode> {
  model: DockerfileModel;
  analyzeRun: AnalyzeRun | undefined;
}

/**
 * ESLint's Language contract for Dockerfiles: the file is parsed into volint's model (synchronously, as ESLint
 * requires), the tree of ast.ts is built over it, and the shell analysis is loaded only for files whose RUNs it must
 * read (a RUN with a volume in scope, or any RUN in a file that declares a VOLUME: the engine's own condition).
 */
export const dockerfileLanguage: Language<{
  LangOptions: DockerfileLanguageOptions;
  Code: DockerfileSourceCode;
  RootNode: DockerfileNode;
  Node: DockerfileSyntaxNode;
}> = {
  fileType: 'text',
  lineStart: 1,
  columnStart: 0,
  nodeTypeKey: 'type',
  visitorKeys: VISITOR_KEYS,
  defaultLanguageOptions: {},

  validateLanguageOptions(options) {
    validateLanguageOptions(options);
  },

  parse(file: File, context): ParseResult<DockerfileNode> {
    const text = String(file.body);
    const unreadable = undecodable(file, text);
    if (unreadable !== undefined) return failure(unreadable);
    if (text.trim() === '') return failure('File is empty: there is nothing to build.');
    const { config, baseImages } = languageSettings(context.languageOptions);
    let model: DockerfileModel;
    try {
      model = buildModel(text, { buildArgs: config.buildArgs, baseImages });
    } catch (error) {
      return failure(`Could not parse the Dockerfile: ${(error as Error).message}`);
    }
    // Any rule of the language may be enabled: parse() runs before ESLint knows which, so all are counted.
    const needsShell = needsShellAnalysis(applicableRules(DOCKERFILE_RULES, model, baseImages), model);
    if (needsShell) loadShellParserSync();
    const result: DockerfileParseResult = { ok: true, ast: buildTree(model), model, analyzeRun: needsShell ? analyzeRun : undefined };
    return result;
  },

  createSourceCode(file: File, input: OkParseResult<DockerfileNode>, context) {
    const { model, analyzeRun: analyze } = input as DockerfileParseResult;
    const settings = languageSettings(context.languageOptions);
    return new DockerfileSourceCode({
      text: String(file.body),
      ast: input.ast,
      model,
      settings,
      analyzeRun: analyze,
      // The scripts a RUN executes are read from the build context as the CLI reads them (ESLint's cache does not
      // know about them: a change to such a script alone is seen after the Dockerfile changes, or with --no-cache).
      origin: { filePath: file.physicalPath, context: settings.config.context },
    });
  },
};

/** ESLint passes a parse error's position through as given: 1:1, where the CLI puts its fatal messages. */
function failure(message: string): ParseResult<DockerfileNode> {
  return { ok: false, errors: [{ message, line: 1, column: 1 }] };
}

/**
 * Why the file is not a UTF-8 Dockerfile, as the CLI says it (engine/source.ts), when ESLint's text shows signs of
 * that (NUL characters, or replacement characters where bytes were not UTF-8): then its bytes are read again and
 * checked as the CLI checks them. UTF-16 text read as UTF-8 would otherwise be linted as garbage.
 */
function undecodable(file: File, text: string): string | undefined {
  if (!/[\0\uFFFD]/.test(text)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file.physicalPath);
  } catch {
    // Text given to ESLint directly (stdin, the editor): only what it holds can be checked.
    bytes = Buffer.from(text, 'utf8');
  }
  const decoded = decodeSource(bytes);
  return decoded.ok ? undefined : decoded.reason;
}
