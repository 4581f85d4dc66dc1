#!/usr/bin/env node
// Compiles src/ and rules/ into dist/ file by file: TypeScript syntax stripped by Oxc (through rolldown, which the
// bundle step uses anyway) and declarations written from each file's own annotations (isolated declarations). Types
// are checked by `npm run typecheck`, not here. tsc did the same emit in ~7 s of CPU, building a whole program to do
// it; this takes well under a second, and it runs on every `npm pack`, including pre-commit's install of the hook
// (issue 11: the first commit with the hook within 30 s).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { isolatedDeclarationSync, transformSync } from 'rolldown/experimental';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['src', 'rules'].flatMap((dir) =>
  readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.c?ts$/.test(e.name) && !/\.d\.c?ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name)),
);

/** A `.cts` file (the bin's launcher, which must start without ESM) with its `import`s turned into `require`s. */
async function commonJs(file) {
  const bundle = await rolldown({ input: file, platform: 'node', external: /^node:/, logLevel: 'warn' });
  try {
    const { output } = await bundle.generate({ format: 'cjs' });
    return { code: output[0].code, errors: [] };
  } finally {
    await bundle.close();
  }
}

const problems = [];
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(root, file);
  const cjs = file.endsWith('.cts');
  const js = cjs ? await commonJs(file) : transformSync(file, text, { lang: 'ts', sourceType: 'module', target: 'es2022' });
  const dts = isolatedDeclarationSync(file, text, { stripInternal: false });
  for (const error of [...js.errors, ...dts.errors]) problems.push(`${rel}: ${error.message}${error.labels?.[0] ? ` (offset ${String(error.labels[0].start)})` : ''}`);
  const out = path.join(root, 'dist', rel.replace(/\.c?ts$/, ''));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out + (cjs ? '.cjs' : '.js'), js.code);
  writeFileSync(out + (cjs ? '.d.cts' : '.d.ts'), dts.code);
}
if (problems.length > 0) {
  console.error(`compile: ${String(problems.length)} problem(s); a declaration needs an explicit type where it cannot be read from the file alone:\n${problems.join('\n')}`);
  process.exit(1);
}
