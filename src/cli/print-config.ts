import { resolveSeverity } from '../engine/severity.js';
import type { RuleInfo, SeverityName } from '../rule-api/types.js';
import type { ResolvedConfig } from '../config/types.js';

const NAMES: readonly SeverityName[] = ['off', 'warn', 'error'];

/**
 * `--print-config` output: the settings that apply to one file as JSON, with every rule's effective severity
 * (configured, else its default for the builder) so that nothing has to be looked up elsewhere.
 */
export function formatConfig(config: ResolvedConfig, metas: readonly RuleInfo[]): string {
  const rules: Record<string, SeverityName> = {};
  for (const meta of metas) rules[meta.id] = NAMES[resolveSeverity(meta, config)] ?? 'off';
  const shown = {
    configFile: config.configFile ?? null,
    builder: config.builder,
    rules,
    buildArgs: config.buildArgs,
    baseImages: config.baseImages,
    resolveImages: config.resolveImages,
    ignorePatterns: config.ignorePatterns,
  };
  return JSON.stringify(shown, null, 2) + '\n';
}
