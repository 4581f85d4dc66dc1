import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { loadShellParser, parseShell } from '../src/shell/parser.js';
import { ChainParts, isChain } from '../src/shell/tree.js';

beforeAll(async () => {
  await loadShellParser();
});

/** A step of a chain walk: the text of a part that runs, and of the redirects the shell gives it. */
type Step = string;

/**
 * The walk ChainParts replaced: every part of every list pushed on a stack at once (Node#namedChildren), each
 * redirected list's redirects handed to the last part of its body.
 */
function stackWalk(root: Node, text: string): Step[] {
  const steps: Step[] = [];
  const work: { node: Node; redirects: readonly Node[] }[] = [{ node: root, redirects: [] }];
  for (let item = work.pop(); item; item = work.pop()) {
    const { node, redirects } = item;
    if (node.type === 'list') {
      const parts = node.namedChildren.filter((c) => c.type !== 'comment');
      for (let i = parts.length - 1; i >= 0; i--) {
        const part = parts[i];
        if (part) work.push({ node: part, redirects: i === parts.length - 1 ? redirects : [] });
      }
      continue;
    }
    const body = node.type === 'redirected_statement' ? node.childForFieldName('body') : null;
    const own = node.type === 'redirected_statement' ? node.children.filter((_, i) => node.fieldNameForChild(i) === 'redirect' || node.children[i]?.type === 'herestring_redirect') : [];
    if (body?.type === 'list' && own.every((r) => r.type === 'file_redirect')) work.push({ node: body, redirects: [...own, ...redirects] });
    else steps.push(step(node, redirects, text));
  }
  return steps;
}

/** The same walk with ChainParts, as ScriptWalker.chain does it. */
function cursorWalk(root: Node, text: string): Step[] {
  const steps: Step[] = [];
  const work: ({ node: Node; redirects: readonly Node[] } | ChainParts)[] = [{ node: root, redirects: [] }];
  for (let item = work.pop(); item; item = work.pop()) {
    if (item instanceof ChainParts) {
      const part = item.next();
      if (part) work.push(item, part);
      continue;
    }
    if (isChain(item.node)) work.push(new ChainParts(item.node, item.redirects));
    else steps.push(step(item.node, item.redirects, text));
  }
  return steps;
}

function step(node: Node, redirects: readonly Node[], text: string): Step {
  const slice = (n: Node): string => text.slice(n.startIndex, n.endIndex);
  return [slice(node), ...redirects.map(slice)].join(' ⟶ ');
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const COMMANDS = ['a', 'b x', 'echo "$v" > /f', 'c 2>&1', 'd >> /log', '(e && f) > /g', '{ g || h; } >/i', 'cat <<< w', 'k | l > /m', '! n'];
const JOINERS = [' && ', ' || ', ' && \\\n  ', ' &&\n  # note\n  '];

describe('chain parts', () => {
  it('walks a chain in the order and with the redirects of a walk that holds every part', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      let script = COMMANDS[Math.floor(next() * COMMANDS.length)] ?? 'a';
      for (let n = Math.floor(next() * 12); n > 0; n--) {
        script += (JOINERS[Math.floor(next() * JOINERS.length)] ?? ' && ') + (COMMANDS[Math.floor(next() * COMMANDS.length)] ?? 'a');
        if (next() < 0.25) script += ` > /r${n}`;
      }
      const tree = parseShell(script);
      if (!tree) throw new Error('no tree');
      try {
        for (const statement of tree.rootNode.namedChildren) {
          expect(cursorWalk(statement, script), `seed ${seed}: ${script}`).toEqual(stackWalk(statement, script));
        }
      } finally {
        tree.delete();
      }
    }
  });

  it('walks a chain of 20,000 commands with redirects', () => {
    const script = Array.from({ length: 20_000 }, (_, i) => `echo ${i} > /tmp/${i}`).join(' && ');
    const tree = parseShell(script);
    if (!tree) throw new Error('no tree');
    try {
      const [statement] = tree.rootNode.namedChildren;
      if (!statement) throw new Error('no statement');
      const steps = cursorWalk(statement, script);
      expect(steps).toHaveLength(20_000);
      expect(steps[0]).toBe('echo 0 > /tmp/0');
      expect(steps[19_999]).toBe('echo 19999 ⟶ > /tmp/19999');
    } finally {
      tree.delete();
    }
  });
});
