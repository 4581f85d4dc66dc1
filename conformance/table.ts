import type { CaseVerdict, Disagreement } from './verdict.js';
import { LOSS_RULES } from './verdict.js';

interface Row {
  lost: number;
  reported: number;
  agree: number;
  missed: number;
  falseFindings: number;
}

function empty(): Row {
  return { lost: 0, reported: 0, agree: 0, missed: 0, falseFindings: 0 };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function print(title: string, rows: Map<string, Row>): void {
  const width = Math.max(title.length, ...[...rows.keys()].map((k) => k.length)) + 2;
  console.log(`${pad(title, width)}${lpad('lost', 7)}${lpad('reported', 10)}${lpad('agree', 7)}${lpad('missed', 8)}${lpad('false', 7)}`);
  const total = empty();
  for (const [k, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`${pad(k, width)}${lpad(String(r.lost), 7)}${lpad(String(r.reported), 10)}${lpad(String(r.agree), 7)}${lpad(String(r.missed), 8)}${lpad(String(r.falseFindings), 7)}`);
    total.lost += r.lost;
    total.reported += r.reported;
    total.agree += r.agree;
    total.missed += r.missed;
    total.falseFindings += r.falseFindings;
  }
  console.log(`${pad('total', width)}${lpad(String(total.lost), 7)}${lpad(String(total.reported), 10)}${lpad(String(total.agree), 7)}${lpad(String(total.missed), 8)}${lpad(String(total.falseFindings), 7)}`);
}

/**
 * The agreement tables: one row per rule and one per command class, counting instructions. `lost`: the builder lost
 * a change of the instruction; `reported`: volint has a finding of a loss rule on it; `agree`: both; `missed`: lost
 * and not reported; `false`: reported and nothing lost.
 */
export function printTables(verdicts: CaseVerdict[], disagreements: Disagreement[]): void {
  const byRule = new Map<string, Row>(LOSS_RULES.map((r) => [r, empty()]));
  const byClass = new Map<string, Row>();
  for (const v of verdicts) {
    for (const ins of v.instructions) {
      const ruleRow = byRule.get(ins.rule ?? '?') ?? empty();
      byRule.set(ins.rule ?? '?', ruleRow);
      const classRow = byClass.get(ins.cls) ?? empty();
      byClass.set(ins.cls, classRow);
      for (const row of [ruleRow, classRow]) {
        if (ins.lost) row.lost++;
        if (ins.reported) row.reported++;
        if (ins.lost && ins.reported) row.agree++;
        if (ins.lost && !ins.reported) row.missed++;
        if (!ins.lost && ins.reported) row.falseFindings++;
      }
    }
  }
  console.log('agreement by rule (instructions; volint --builder classic against Buildah 1.28):');
  print('rule', byRule);
  console.log('');
  console.log('agreement by command class:');
  print('class', byClass);
  const other = new Map<string, number>();
  for (const d of disagreements) if (d.kind !== 'missed' && d.kind !== 'false') other.set(d.kind, (other.get(d.kind) ?? 0) + 1);
  if (other.size) {
    console.log('');
    console.log('other disagreements: ' + [...other].map(([k, n]) => `${k} ${n}`).join(', '));
  }
}
