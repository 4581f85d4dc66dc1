import { describe, expect, it } from 'vitest';
import { CASES, RULE_IDS } from './heldout/issue-14-cases.js';
import { lint } from './helpers/lint.js';

const SCORED = new Set(Object.values(RULE_IDS));

/** One finding as `rule@line`. */
function key(rule: string, line: number): string {
  return `${rule}@${String(line)}`;
}

describe('issue 14 held-out cases', () => {
  it('reaches precision >= 0.98 and recall >= 0.97', async () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const misses: string[] = [];
    for (const c of CASES) {
      const lines = c.text.split('\n');
      const expected = c.expect.map(([rule, marker]) => {
        const line = lines.findIndex((l) => l.startsWith(marker)) + 1;
        if (line === 0) throw new Error(`${c.name}: no line starts with ${marker}`);
        return key(RULE_IDS[rule], line);
      });
      const actual = (await lint(c.text)).filter((m) => m.ruleId !== null && SCORED.has(m.ruleId)).map((m) => key(m.ruleId ?? '', m.line));
      const unmatched = [...actual];
      for (const e of expected) {
        const at = unmatched.indexOf(e);
        if (at >= 0) {
          truePositives++;
          unmatched.splice(at, 1);
        } else {
          falseNegatives++;
          misses.push(`missed ${e}: ${c.name}`);
        }
      }
      falsePositives += unmatched.length;
      for (const u of unmatched) misses.push(`extra ${u}: ${c.name}`);
    }
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, truePositives + falseNegatives);
    console.log(`issue 14 held-out: ${String(CASES.length)} cases, TP ${String(truePositives)}, FP ${String(falsePositives)}, FN ${String(falseNegatives)}; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${misses.join('\n')}`);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });
});
