import type { Case } from './cases.js';

export const DEFAULT_SEED = 13;

export function generateCases(_seed: number, _count: number): Case[] {
  return [];
}
