import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Copy, DockerfileParser } from 'dockerfile-ast';
import type { Case } from './cases.js';

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/(^|\.)Dockerfile$|^Dockerfile\./.test(e.name) && !/\.(fixed|unsafe-fixed|suggested)\.Dockerfile$/.test(e.name)) out.push(p);
  }
}

/**
 * The build context a Dockerfile's COPY/ADD sources need: a small file for every local source (a directory for `.`
 * or a trailing slash), so that a fixture is buildable when only its context files are missing. URLs, heredocs and
 * `--from` sources are left alone.
 */
export function contextFor(text: string, prefix: string): Map<string, string> {
  const ctx = new Map<string, string>();
  const df = DockerfileParser.parse(text);
  for (const ins of df.getInstructions()) {
    if (!(ins instanceof Copy) && ins.getKeyword().toUpperCase() !== 'ADD') continue;
    if (ins instanceof Copy && ins.getFromFlag()) continue;
    const args = ins.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
    let sources = args.slice(0, -1);
    const raw = ins.getRawArgumentsContent() ?? '';
    if (raw.trimStart().startsWith('[')) {
      try {
        const parsed = JSON.parse(raw.slice(raw.indexOf('['))) as unknown;
        if (Array.isArray(parsed)) sources = parsed.slice(0, -1).map(String);
      } catch {
        // Not valid JSON: the builder treats it as shell form too.
      }
    }
    for (const s of sources) {
      if (s.startsWith('<<') || /^[a-z]+:\/\//i.test(s) || s.includes('$')) continue;
      const clean = s.replace(/^\.\//, '');
      if (clean === '.' || clean === '' || clean.endsWith('/')) {
        ctx.set(`${clean === '.' ? '' : clean}${prefix}-content`, `${prefix} ${s}\n`);
        continue;
      }
      if (clean.includes('*') || clean.includes('?')) {
        ctx.set(clean.replace(/[*?]/g, 'x'), `${prefix} ${s}\n`);
        continue;
      }
      ctx.set(clean, `context file ${clean}\n`);
    }
  }
  return ctx;
}

/** Every Dockerfile under fixtures/ (the `.fixed`, `.unsafe-fixed` and `.suggested` expectations of the fix tests are outputs, not inputs). */
export function fixtureCases(root: string): Case[] {
  const files: string[] = [];
  walk(join(root, 'fixtures'), files);
  files.sort();
  return files.map((file, i) => {
    const text = readFileSync(file, 'utf8');
    const id = `f${i}`;
    return { id, name: relative(root, file), text, origin: 'fixture', classes: new Map(), context: contextFor(text, id) };
  });
}
