// Types of .ci/rules-table.mjs, for test/rules/registry.test.ts.
import type { RuleInfo } from '../src/rule-api/types.js';
export const README: string;
export function rulesTable(metas: readonly RuleInfo[]): string;
export function withTable(readme: string, table: string): string;
