import type { ResolvedConfig } from '../config/types.js';
import type { RuleInfo, SeverityName } from '../rule-api/types.js';

export function severityLevel(name: SeverityName): 0 | 1 | 2 {
  return name === 'error' ? 2 : name === 'warn' ? 1 : 0;
}

/** The configured severity, else the rule's default for the builder profile. */
export function resolveSeverity(meta: RuleInfo, config: ResolvedConfig): 0 | 1 | 2 {
  const configured = config.rules[meta.id];
  if (configured !== undefined) return severityLevel(configured);
  const d = meta.defaultSeverity;
  return severityLevel(typeof d === 'string' ? d : d[config.builder]);
}
