// Types of the generated inputs that tests share with the bench (bench/inputs.mjs).
export function bigRun(bytes: number): string;
export function manyStages(count: number, chained?: boolean, withVariables?: boolean): string;
export function manyFindings(lines: number): string;
export function manyFindingsCount(lines: number): number;
export const MANY_FINDINGS_LINES: readonly number[];
export const MANY_FINDINGS_MAX_RSS_MB: number;
export const LARGE_INPUTS: readonly { name: string; family: string; make: () => string; unit: string; amount: number }[];
