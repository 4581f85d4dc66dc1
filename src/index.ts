/**
 * volint's programmatic API: the same engine the CLI and the language server run.
 *
 *   const config = await createConfigResolver({}, { ruleIds: [...rules.map((r) => r.meta.id), UNUSED_IGNORE_META.id] }).configFor(file);
 *   const result = await lintText(text, { filePath: file, config, rules });
 */
export { rules } from '../rules/index.js';
export { createConfigResolver, type ConfigOverrides, type ConfigResolver } from './config/resolve.js';
export { DEFAULT_CONFIG, type ResolvedConfig } from './config/types.js';
export { lintText, type LintOptions } from './engine/linter.js';
export { lintFile, lintBytes, type FileLintOptions } from './engine/lint-files.js';
export { UNUSED_IGNORE_META } from './engine/ignores.js';
export type {
  Applicability,
  DockerfileContext,
  DockerfileRule,
  FileKind,
  FileKinds,
  Fix,
  LintMessage,
  LintResult,
  Rule,
  RuleContext,
  RuleFor,
  RuleInfo,
  RuleMeta,
  RuleNeed,
  Suggestion,
  TextEdit,
} from './rule-api/types.js';
export { ALL_FIXES, applyFixes, lintAndFix, SAFE_FIXES } from './fix/apply.js';
export { applyFix } from './engine/normalize-fixes.js';
export {
  buildBaseImageTable,
  defaultBaseImageTable,
  lookupImageFacts,
  parseImageRef,
  type BaseImageTable,
  type ImageFacts,
  type ImageFactsInput,
} from './model/base-images.js';
export { buildModel } from './model/build.js';
export type { BuilderProfile, DockerfileModel, InstructionModel, VolumeDecl } from './model/types.js';
export { formatNames, loadFormatter } from './report/formats.js';
