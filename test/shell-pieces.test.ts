import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { buildModel } from '../src/model/build.js';
import type { DockerfileModel } from '../src/model/types.js';
import { analyzeRunInput } from '../src/shell/analyze.js';
import { loadShellParser } from '../src/shell/index.js';
import { scriptPieces, statementCuts } from '../src/shell/pieces.js';
import { shellFormSource } from '../src/shell/run-script.js';
import type { RunAnalysis } from '../src/shell/types.js';
import { corpusTexts, hasCorpus, warnIfNoCorpus } from './helpers/corpus.js';
import { repoRoot } from './helpers/cli.js';

warnIfNoCorpus('the corpus part of the piecewise parse test');

beforeAll(async () => {
  await loadShellParser();
});

/** The statements a script is cut into, as text; undefined when it is left whole. */
function statements(script: string): string[] | undefined {
  const cuts = statementCuts(script);
  if (!cuts) return undefined;
  const out: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    out.push(script.slice(start, cut.start).trim());
    start = cut.end;
  }
  out.push(script.slice(start).trim());
  return out;
}

describe('where a script is cut', () => {
  test.each([
    ['a && b || c; d', ['a', 'b', 'c', 'd']],
    ['a | b > f 2>&1 && c &> g', ['a | b > f 2>&1', 'c &> g']],
    ['echo "x && y; z" \'p || q\' $\'\\\' && r\' && s', ['echo "x && y; z" \'p || q\' $\'\\\' && r\'', 's']],
    ['x=$(a && b) && echo ${x:-a;b} "$(c "d && e")" && $((1 + (2)))', ['x=$(a && b)', 'echo ${x:-a;b} "$(c "d && e")"', '$((1 + (2)))']],
    ['a &&\n  b\n\nc # d && e\nf', ['a', 'b', 'c # d && e', 'f']],
    ['[ -d /a ] && b', ['[ -d /a ]', 'b']],
    ['! a && b <(c; d) > >(e)', ['! a', 'b <(c; d) > >(e)']],
    ['a\\;b && c\\&\\&d', ['a\\;b', 'c\\&\\&d']],
  ])('%j', (script, expected) => {
    expect(statements(script)).toEqual(expected);
  });

  test.each([
    ['if a; then b; fi && c'],
    ['for x in a b; do c; done'],
    ['while a; do b; done'],
    ['f() { a; } && f'],
    ['function f { a; }'],
    ['(cd /a && b) && c'],
    ['{ a; b; } > f'],
    ['x=$(case a in a) b;; esac) && c'],
    ['cat <<EOF && b\nx\nEOF'],
    ['a <<< x && b'],
    ['a `b && c` && d'],
    ['a & b'],
    ['a && && b'],
    ['a &&'],
    ['; a'],
    ['echo "a && b'],
    ['[ a && b ] && c'],
    ['[[ a && b ]] && c'],
    ['x=(a b) && c'],
    ['echo /a/{b,c} && d'],
    ['x=$(a # ) \n) && b'],
  ])('left whole: %j', (script) => {
    expect(statementCuts(script)).toBeUndefined();
  });

  test('pieces are runs of whole statements of at least the asked length', () => {
    const script = Array.from({ length: 100 }, (_, i) => `touch /d/${i}`).join(' && ');
    const pieces = scriptPieces(script, 200) ?? [];
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces.slice(0, -1)) expect(piece.end - piece.start).toBeGreaterThanOrEqual(200);
    expect(pieces.map((p) => script.slice(p.start, p.end)).join('&&')).toBe(script);
    expect(scriptPieces(script, script.length)).toBeUndefined();
  });
});

/** What a RUN's analysis finds, in a comparable form. */
function summary(analysis: RunAnalysis): unknown {
  return { effects: analysis.effects.map((e) => ({ ...e, path: { ...e.path } })), accounts: analysis.accounts, clean: analysis.clean };
}

/** Every shell-form RUN of `model`, analysed whole and cut at every statement. */
function compareRuns(model: DockerfileModel, name: string, differences: string[]): number {
  let cut = 0;
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN' || instr.json || instr.shell !== 'posix') continue;
    const input = {
      text: model.text, range: instr.range, keywordRange: instr.keywordRange, flags: instr.flags, escapeChar: model.escapeChar, env: instr.env, workdir: instr.workdir,
    };
    const whole = summary(analyzeRunInput({ ...input, pieceLength: Number.MAX_SAFE_INTEGER }));
    const pieces = summary(analyzeRunInput({ ...input, pieceLength: 1 }));
    if (JSON.stringify(whole) !== JSON.stringify(pieces)) differences.push(`${name}: ${model.text.slice(instr.range.start, instr.range.end).slice(0, 200)}`);
    if (statementCuts(model.text.slice(instr.keywordRange.end, instr.range.end))?.length) cut++;
  }
  return cut;
}

describe('a script walked in pieces finds what the whole script does', () => {
  it('every fixture', () => {
    const dir = path.join(repoRoot, 'fixtures');
    const differences: string[] = [];
    let cut = 0;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/Dockerfile/i.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      cut += compareRuns(buildModel(readFileSync(file, 'utf8')), path.relative(dir, file), differences);
    }
    expect(differences).toEqual([]);
    expect(cut).toBeGreaterThan(20);
  });

  it.skipIf(!hasCorpus)('a quarter of the corpus', () => {
    const differences: string[] = [];
    let cut = 0;
    corpusTexts().forEach(({ name, text }, i) => {
      if (i % 4 !== 0) return;
      let model: DockerfileModel;
      try {
        model = buildModel(text);
      } catch {
        return;
      }
      cut += compareRuns(model, name, differences);
    });
    expect(differences).toEqual([]);
    expect(cut).toBeGreaterThan(1000);
  }, 120_000);

  it('the long RUN of the many-findings bench is cut', () => {
    const lines = Array.from({ length: 4000 }, (_, i) => ` \\\n  && touch /data/a${i} /data/b${i} && echo x > /data/c${i}`);
    const text = `FROM debian:12\nVOLUME /data\nRUN set -e${lines.join('')}\n`;
    const model = buildModel(text);
    const run = model.instructions.find((i) => i.keyword === 'RUN');
    if (!run) throw new Error('no RUN');
    const input = { text, range: run.range, keywordRange: run.keywordRange, flags: run.flags, escapeChar: '\\', env: run.env, workdir: run.workdir };
    const script = shellFormSource(text, run.keywordRange.end, run.range.end, '\\').text;
    expect(scriptPieces(script, 32 * 1024)?.length).toBeGreaterThan(4);
    const pieces = analyzeRunInput(input);
    expect(pieces.effects).toHaveLength(12_000);
    expect(summary(pieces)).toEqual(summary(analyzeRunInput({ ...input, pieceLength: Number.MAX_SAFE_INTEGER })));
  });
});
