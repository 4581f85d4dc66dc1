import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { decodeSource } from '../../src/engine/source.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { lintAndFix } from '../../src/fix/apply.js';
import { buildModel } from '../../src/model/build.js';
import type { DockerfileModel } from '../../src/model/types.js';
import { CORPUS, corpusFiles, hasCorpus } from '../helpers/corpus.js';

/**
 * The Evidence of the autofix issue over the corpus: fixing never breaks a Dockerfile. Every distinct corpus text is
 * linted with fixing on: nothing fixable may be left, and where the text changed, the fixed text must re-parse with
 * the same instructions and comments in a valid order (a VOLUME only moves later inside its own stage), a second
 * run must change nothing, and no finding may appear that was not there before. Texts where a rule that can fix or
 * suggest reports anything get the same checks on a CRLF copy made in memory, whose fixed text must be the CRLF
 * form of the LF one. (A CRLF copy of every file would double the run time for files that no fix can touch.)
 *
 * The corpus is split into shards, one per test file, so that a machine with several cores checks them at once.
 */
export const corpus = CORPUS;
export const corpusPresent = hasCorpus;

const options = { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules };
const fixAll = (): boolean => true;

/**
 * The parts of a model a fix must keep: per stage, its FROM, its instructions other than VOLUME in order, and how
 * many VOLUMEs it has (volume-syntax rewrites their words; the move fix only shifts them within the stage, leaving
 * a `RUN mkdir -p`, run as root, where a VOLUME created directories).
 */
function shape(model: DockerfileModel): string {
  const text = (r: { range: { start: number; end: number } }): string => model.text.slice(r.range.start, r.range.end).replace(/\r/g, '');
  const preamble = model.instructions.filter((i) => i.stage === undefined).map(text);
  const stages = model.stages.map((s) => ({
    from: text(s.from),
    others: withoutCreation(s.instructions.filter((i) => i.keyword !== 'VOLUME').map(text)),
    volumes: s.instructions.filter((i) => i.keyword === 'VOLUME').length,
  }));
  return JSON.stringify({ preamble, stages });
}

/** Drops what the move fix leaves where a VOLUME stood: `RUN mkdir -p …`, with `USER 0:0` and the USER it restores. */
function withoutCreation(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i] ?? '';
    if (t === 'USER 0:0' && texts[i + 1]?.startsWith('RUN mkdir -p ') && texts[i + 2]?.startsWith('USER ')) i += 2;
    else if (!t.startsWith('RUN mkdir -p ')) out.push(t);
  }
  return out;
}

/** Findings as what they mark, so they can be compared across texts where lines moved. */
function findings(text: string, result: LintResult): string[] {
  return result.messages.map((m) => `${m.ruleId ?? ''} ${m.messageId ?? ''} ${text.slice(m.range[0], m.range[1]).replace(/\r/g, '')}`);
}

function isSubMultiset(part: readonly string[], whole: readonly string[]): boolean {
  const counts = new Map<string, number>();
  for (const k of whole) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const k of part) {
    const n = counts.get(k) ?? 0;
    if (n === 0) return false;
    counts.set(k, n - 1);
  }
  return true;
}

export interface Tally {
  texts: number;
  fixed: number;
  problems: string[];
}

const repairing = new Set(rules.filter((r) => r.meta.fixable !== undefined || r.meta.hasSuggestions === true).map((r) => r.meta.id));

/** Lints `text` with fixing on, checks the result, and returns the fixed text (undefined when unchanged). */
async function check(name: string, text: string, tally: Tally): Promise<{ output: string | undefined; repairable: boolean }> {
  tally.texts++;
  const result = await lintAndFix(text, options, fixAll);
  const problem = (what: string): void => {
    tally.problems.push(`${name}: ${what}`);
  };
  if (result.fixableErrorCount + result.fixableWarningCount > 0) problem('fixable findings are left');
  const output = result.output;
  const repairable = output !== undefined || result.messages.some((m) => m.ruleId !== null && repairing.has(m.ruleId));
  if (output === undefined) return { output, repairable };
  tally.fixed++;
  const [fixedModel, model] = [buildModel(output), buildModel(text)];
  if (shape(fixedModel) !== shape(model)) problem('instructions changed beyond a VOLUME moving within its stage');
  // A trailing `# comment` of a VOLUME may become a comment line; no comment may be lost.
  if (!isSubMultiset(model.comments.map((c) => c.text), fixedModel.comments.map((c) => c.text))) problem('a comment was lost');
  const again = await lintAndFix(output, options, fixAll);
  if (again.output !== undefined) problem('a second run changed the text again');
  const before = await lintAndFix(text, options, () => false);
  if (!isSubMultiset(findings(output, result), findings(text, before))) problem('the fix added a finding');
  return { output, repairable };
}

const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** Checks every `count`th corpus file, starting at `shard`, once per distinct text. */
export async function checkCorpusShard(shard: number, count: number): Promise<Tally> {
  const tally: Tally = { texts: 0, fixed: 0, problems: [] };
  const seen = new Set<string>();
  for (const [index, file] of corpusFiles().entries()) {
    if (index % count !== shard) continue;
    const decoded = decodeSource(readFileSync(file));
    if (!decoded.ok || seen.has(decoded.text)) continue;
    seen.add(decoded.text);
    const name = path.relative(corpus, file);
    const lf = await check(name, decoded.text, tally);
    const crlf = toCrlf(decoded.text);
    if (!lf.repairable || crlf === decoded.text) continue;
    const fixedCrlf = await check(`${name} (CRLF copy)`, crlf, tally);
    if (!decoded.text.includes('\r') && fixedCrlf.output !== (lf.output === undefined ? undefined : toCrlf(lf.output))) {
      tally.problems.push(`${name}: the CRLF copy was fixed differently`);
    }
  }
  return tally;
}

/** One shard of the property test as its own test file, so that vitest runs the shards on separate cores. */
export function describeCorpusShard(index: number, count: number): void {
  const name = `shard ${String(index + 1)} of ${String(count)}`;
  if (!corpusPresent) console.log(`Skipping the autofix corpus property test (${name}): ${corpus} is absent.`);
  describe.skipIf(!corpusPresent)(`autofix over the corpus, ${name}`, () => {
    it('never breaks a file, settles in one run, leaves nothing fixable and adds no finding', async () => {
      const tally = await checkCorpusShard(index, count);
      console.log(`autofix corpus ${name}: ${String(tally.texts)} texts checked, ${String(tally.fixed)} changed by fixing`);
      expect(tally.problems).toEqual([]);
      expect(tally.fixed).toBeGreaterThan(0);
    });
  });
}
