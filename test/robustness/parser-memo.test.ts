import { createRequire } from 'node:module';
import type * as DockerfileAst from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/model/parse-dockerfile.js';
import { corpusTexts, hasCorpus, warnIfNoCorpus } from '../helpers/corpus.js';

type Ast = typeof DockerfileAst;

/** A second copy of dockerfile-ast, loaded after the cache entries of the first are set aside: not memoised. */
function pristineDockerfileAst(): Ast {
  const require = createRequire(import.meta.url);
  const saved = Object.entries(require.cache).filter(([key]) => key.includes('/dockerfile-ast/'));
  for (const [key] of saved) Reflect.deleteProperty(require.cache, key);
  try {
    return require('dockerfile-ast') as Ast;
  } finally {
    for (const [key, module] of saved) require.cache[key] = module;
  }
}

interface Span {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
type Ranged = { getRange(): Span };
const at = (r: Span): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const ranged = (x: Ranged & { getValue(): string | null }): string => `${x.getValue() ?? '∅'}@${at(x.getRange())}`;

/** Everything the model reads from an instruction, as text. */
function describeInstruction(ast: Ast, node: DockerfileAst.Instruction): unknown {
  const out: Record<string, unknown> = {
    keyword: node.getKeyword(),
    range: at(node.getRange()),
    keywordRange: at(node.getInstructionRange()),
    args: node.getArguments().map(ranged),
  };
  if (node instanceof ast.ModifiableInstruction) {
    out.flags = node.getFlags().map((f) => `${f.getName()}=${f.getValue() ?? '∅'}@${at(f.getRange())}`);
  }
  if (node instanceof ast.JSONInstruction) {
    out.json = [node.getOpeningBracket()?.getValue(), node.getClosingBracket()?.getValue(), ...node.getJSONStrings().map(ranged)];
  }
  if (node instanceof ast.Run || node instanceof ast.Copy) {
    out.heredocs = node.getHeredocs().map((h) => {
      const content = h.getContentRange();
      const delimiter = h.getDelimiterRange();
      return [h.getName(), at(h.getStartRange()), content && at(content), delimiter && at(delimiter)];
    });
  }
  if (node instanceof ast.Onbuild) {
    const trigger = node.getTriggerInstruction();
    out.trigger = trigger === null ? null : describeInstruction(ast, trigger);
  }
  return out;
}

function describeFile(ast: Ast, dockerfile: DockerfileAst.Dockerfile): unknown {
  return {
    escape: dockerfile.getEscapeCharacter(),
    directives: dockerfile.getDirectives().map((d) => `${d.getName()}=${d.getValue()}@${at(d.getRange())}`),
    comments: dockerfile.getComments().map((c) => `${c.getContent()}@${at(c.getRange())}`),
    instructions: dockerfile.getInstructions().map((i) => describeInstruction(ast, i)),
  };
}

describe.skipIf(!hasCorpus)('dockerfile-ast asked once per instruction', () => {
  warnIfNoCorpus('the parser memo test');

  // An untouched dockerfile-ast needs seconds for the whole corpus: a third of it, plus every file with the rarer
  // syntax (heredocs, ONBUILD, the escape directive), keeps the test quick.
  const RARE = /<<|onbuild|escape/i;

  it('parses the corpus exactly as an untouched dockerfile-ast does', async () => {
    const pristine = pristineDockerfileAst();
    const memoised: Ast = await import('dockerfile-ast');
    expect(pristine.Instruction).not.toBe(memoised.Instruction);
    const differing: string[] = [];
    const sample = corpusTexts().filter(({ text }, i) => i % 3 === 0 || RARE.test(text));
    expect(sample.length).toBeGreaterThan(1500);
    for (const { name, text } of sample) {
      const expected = JSON.stringify(describeFile(pristine, pristine.DockerfileParser.parse(text)));
      // Read twice: a memo that handed out its own array would lose the flags the second time.
      const dockerfile = parseDockerfile(text);
      describeFile(memoised, dockerfile);
      if (JSON.stringify(describeFile(memoised, dockerfile)) !== expected) differing.push(name);
    }
    expect(differing).toEqual([]);
  });
});
