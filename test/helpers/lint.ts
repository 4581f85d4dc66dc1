import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import { lintText } from '../../src/engine/linter.js';
import type { LintMessage } from '../../src/rule-api/types.js';
import type { BuilderProfile } from '../../src/model/types.js';

/** Lints a text with every rule and the default config plus `config`. */
export async function lint(text: string, config: Partial<ResolvedConfig> = {}): Promise<LintMessage[]> {
  const result = await lintText(text, { filePath: 'Dockerfile', config: { ...DEFAULT_CONFIG, ...config }, rules });
  return result.messages;
}

/** The findings of one rule, reduced to what fixture expectations state. */
export async function findings(
  text: string,
  ruleId: string,
  config: Partial<ResolvedConfig> = {},
): Promise<{ line: number; column: number; endLine: number; endColumn: number; ruleId: string | null; severity: number; message: string }[]> {
  return (await lint(text, config))
    .filter((m) => m.ruleId === ruleId)
    .map(({ line, column, endLine, endColumn, severity, message }) => ({ line, column, endLine, endColumn, ruleId, severity, message }));
}

/** `own`: the findings of one rule; `marked`: the source text each of them marks. Builder defaults to portable. */
export function ruleLinter(ruleId: string): {
  own: (text: string, builder?: BuilderProfile, config?: Partial<ResolvedConfig>) => Promise<LintMessage[]>;
  marked: (text: string, builder?: BuilderProfile, config?: Partial<ResolvedConfig>) => Promise<string[]>;
} {
  const own = async (text: string, builder: BuilderProfile = 'portable', config: Partial<ResolvedConfig> = {}) =>
    (await lint(text, { ...config, builder })).filter((m) => m.ruleId === ruleId);
  const marked = async (text: string, builder?: BuilderProfile, config?: Partial<ResolvedConfig>) =>
    (await own(text, builder, config)).map((m) => text.slice(m.range[0], m.range[1]));
  return { own, marked };
}
