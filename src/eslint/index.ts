/**
 * volint as an ESLint plugin: the Dockerfile language, volint's rules and one config per builder profile.
 *
 *   // eslint.config.js
 *   import volint from 'volint/eslint';
 *   export default [volint.configs.recommended];
 *
 * Loading it changes nothing in the host process (no V8 flag, no patched prototype, no top-level await): it loads
 * with `import` and with `require()`, which returns the plugin itself.
 */
import type { Plugin, RulesConfig } from '@eslint/core';
import { rules as volintRules } from '../../rules/index.js';
import { packageInfo } from '../config/package-info.js';
import { DEFAULT_CONFIG } from '../config/types.js';
import { UNUSED_IGNORE_META } from '../engine/ignores.js';
import { resolveSeverity } from '../engine/severity.js';
import type { RuleInfo } from '../rule-api/types.js';
import { BUILDER_PROFILES, type BuilderProfile } from '../model/types.js';
import { dockerfileLanguage } from './language.js';
import { dockerfileRules, eslintRule, unusedIgnoreRule } from './rules.js';

export { dockerfileLanguage } from './language.js';
export { DockerfileSourceCode } from './source-code.js';
export type { DockerfileLanguageOptions } from './language-options.js';
export type { CommentNode, DockerfileNode, InstructionNode } from './ast.js';

const PREFIX = 'volint';
const SEVERITY = ['off', 'warn', 'error'] as const;

/** A glob that matches `word` in any letter case (ESLint matches globs case-sensitively). */
const anyCase = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const NAMES = ['dockerfile', 'containerfile'].map(anyCase);

/**
 * The files the configs lint: the names `volint .` picks up in a directory (src/cli/discover.ts): Dockerfile,
 * Containerfile, Dockerfile.dev, Dockerfile-dev, api.Dockerfile…, in any letter case; test/eslint checks the two agree.
 */
export const files: string[] = NAMES.flatMap((name) => [`**/${name}`, `**/${name}[._-]*`, `**/*.${name}`]);
/** Files named like Dockerfiles that are not (Dockerfile.md, Dockerfile.template…). */
export const ignores: string[] = [
  ...['md', 'txt', 'rst', 'orig', 'bak', 'swp', 'tmpl', 'template', 'j2', 'erb', 'sh', 'ps1', 'json', 'yml', 'yaml', 'toml'],
  ...['dockerignore', 'lock', 'log', 'patch', 'diff', 'go', 'cs', 'py', 'js', 'ts'],
].map((ext) => `**/*.${anyCase(ext)}`);

const shipped = dockerfileRules(volintRules);
const metas: RuleInfo[] = [...shipped.map((r) => r.meta), UNUSED_IGNORE_META];

export interface DockerfileConfig {
  name: string;
  files: string[];
  ignores: string[];
  plugins: Record<string, Plugin>;
  language: string;
  languageOptions: { builder: BuilderProfile };
  rules: RulesConfig;
}

/** The plugin's shape, written out: the package's declarations are emitted file by file (.ci/compile.mjs). */
export interface VolintPlugin {
  meta: { name: string; version: string; namespace: string };
  languages: { dockerfile: typeof dockerfileLanguage };
  rules: Record<string, ReturnType<typeof eslintRule>>;
  configs: Record<'recommended' | BuilderProfile, DockerfileConfig>;
}

const plugin: VolintPlugin = {
  meta: { name: 'volint', version: packageInfo().version, namespace: PREFIX },
  languages: { dockerfile: dockerfileLanguage },
  rules: {
    ...Object.fromEntries(shipped.map((rule) => [rule.meta.id, eslintRule(rule)])),
    [UNUSED_IGNORE_META.id]: unusedIgnoreRule(new Set(volintRules.map((r) => r.meta.id))),
  },
  configs: {} as Record<'recommended' | BuilderProfile, DockerfileConfig>,
};

/** volint's default severities for a builder profile, as the CLI applies them without a config file. */
function configFor(builder: BuilderProfile, name: string): DockerfileConfig {
  const rules: RulesConfig = {};
  for (const meta of metas) rules[`${PREFIX}/${meta.id}`] = SEVERITY[resolveSeverity(meta, { ...DEFAULT_CONFIG, builder })];
  return {
    name: `${PREFIX}/${name}`,
    files,
    ignores,
    plugins: { [PREFIX]: plugin },
    language: `${PREFIX}/dockerfile`,
    languageOptions: { builder },
    rules,
  };
}

plugin.configs.recommended = configFor(DEFAULT_CONFIG.builder, 'recommended');
for (const builder of BUILDER_PROFILES) plugin.configs[builder] = configFor(builder, builder);

export default plugin;
// What require('volint/eslint') returns (Node 20.19 and later): the plugin, as `import` gives it.
export { plugin as 'module.exports' };
