import type { ResolvedConfig } from '../config/types.js';
import { collectIgnores, type IgnoreEntry } from '../engine/ignores.js';
import type { ImageResolution } from '../engine/image-resolution.js';
import { lintText } from '../engine/linter.js';
import { isDockerfileRule, type DockerfileContext, type FileKind, type LintMessage, type LintResult, type Rule, type TextEdit } from '../rule-api/types.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import { ignoreCommentFix } from './ignore-comment.js';

export interface DocumentLint {
  result: LintResult;
  /** The edit that adds an ignore comment for a message, for every message a rule reported. */
  ignoreFixFor(message: LintMessage): TextEdit | undefined;
}

function key(ruleId: string, start: number, end: number, messageId: string | undefined): string {
  return `${ruleId}\u0000${String(start)}\u0000${String(end)}\u0000${messageId ?? ''}`;
}

/**
 * Lints a document's text with the CLI's engine. The engine's messages do not say which instruction a finding
 * belongs to, yet the ignore comment must go above exactly that instruction; so each rule's reports are watched
 * on their way to the engine to note the instruction.
 */
export async function lintDocument(
  text: string,
  options: { filePath: string; config: ResolvedConfig; rules: readonly Rule[]; imageResolution?: ImageResolution; kind?: FileKind; readFile?: (absPath: string) => string | undefined },
): Promise<DocumentLint> {
  const reported = new Map<string, InstructionModel>();
  let model: DockerfileModel | undefined;
  const watched = options.rules.map<Rule>((rule) => (!isDockerfileRule(rule) ? rule : {
    meta: rule.meta,
    check(context: DockerfileContext) {
      model = context.model;
      rule.check({
        model: context.model,
        settings: context.settings,
        runEffects: (instr) => context.runEffects(instr),
        report(descriptor) {
          reported.set(key(rule.meta.id, descriptor.range.start, descriptor.range.end, descriptor.messageId), descriptor.instruction);
          context.report(descriptor);
        },
      });
    },
  }));
  const result = await lintText(text, {
    filePath: options.filePath,
    config: options.config,
    rules: watched,
    ...(options.imageResolution ? { imageResolution: options.imageResolution } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.readFile ? { readFile: options.readFile } : {}),
  });

  let ignores: IgnoreEntry[] | undefined;
  return {
    result,
    ignoreFixFor(message) {
      if (!model || message.ruleId === null) return undefined;
      const instruction = reported.get(key(message.ruleId, message.range[0], message.range[1], message.messageId));
      if (!instruction) return undefined;
      ignores ??= collectIgnores(model);
      return ignoreCommentFix(model, ignores, instruction, message.ruleId);
    },
  };
}
