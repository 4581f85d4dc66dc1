import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import js from '@eslint/js';
import { ESLint, Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { isDockerfileName } from '../../src/model/file-name.js';
import volint from '../../src/eslint/index.js';
import { repoRoot } from '../helpers/cli.js';
import { corpusFiles, hasCorpus, warnIfNoCorpus } from '../helpers/corpus.js';

const linter = new Linter({ configType: 'flat' });
const verify = (code: string, config: Linter.Config[] = []): Linter.LintMessage[] =>
  linter.verify(code, [volint.configs.recommended, ...config], 'Dockerfile');
const summary = (messages: Linter.LintMessage[]): string[] => messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`);

const temp = mkdtempSync(path.join(os.tmpdir(), 'volint-eslint-'));
afterAll(() => { rmSync(temp, { recursive: true, force: true }); });

describe('loading volint/eslint leaves the host process alone', () => {
  // The built package, as users load it (npm test builds before it runs the tests).
  const run = (script: string, type: 'commonjs' | 'module') =>
    spawnSync(process.execPath, [`--input-type=${type}`, '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

  it('loads with require(), which returns the plugin that import gives, and lints without touching dockerfile-ast or web-tree-sitter', () => {
    const script = `
      const ast = require('dockerfile-ast');
      const { Parser: AstParser } = require('dockerfile-ast/lib/parser.js');
      const before = [ast.Instruction.prototype.getArguments, AstParser.prototype.createInstruction, Object.keys(ast.Instruction.prototype).length];
      const plugin = require('volint/eslint');
      const { Linter } = require('eslint');
      const messages = new Linter().verify('FROM debian\\nVOLUME /data\\nRUN touch /data/x\\n', [plugin.configs.recommended], 'Dockerfile');
      const after = [ast.Instruction.prototype.getArguments, AstParser.prototype.createInstruction, Object.keys(ast.Instruction.prototype).length];
      // The host's own web-tree-sitter was never started: volint's runs in a realm of its own.
      let hostStarted = true;
      try { new (require('web-tree-sitter').Parser)(); } catch { hostStarted = false; }
      import('volint/eslint').then((m) => {
        console.log(JSON.stringify({
          samePlugin: m.default === plugin, prototypes: before.every((x, i) => x === after[i]), hostStarted,
          rules: messages.map((m) => m.ruleId),
        }));
      });
    `;
    const result = run(script, 'commonjs');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      samePlugin: true,
      prototypes: true,
      hostStarted: false,
      rules: ['volint/volume-write-after-declare'],
    });
  });

  it('sets no V8 flag: nothing the plugin or the API loads calls v8.setFlagsFromString (only the CLI launcher does)', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, , spec] of text.matchAll(/(?:from|import\()\s*(['"])(\.{1,2}\/[^'"]+)\1/g)) visit(path.resolve(path.dirname(file), spec ?? ''));
    };
    visit(path.join(repoRoot, 'dist/src/eslint/index.js'));
    visit(path.join(repoRoot, 'dist/src/index.js'));
    expect(seen.size).toBeGreaterThan(40);
    const flagged = [...seen].filter((file) => readFileSync(file, 'utf8').includes('setFlagsFromString'));
    expect(flagged).toEqual([]);
    expect(readFileSync(path.join(repoRoot, 'src/cli/launcher.cts'), 'utf8')).toContain("v8.setFlagsFromString('--liftoff-only')");
  });
});

describe('the Dockerfile language', () => {
  it('rejects bad volint language options with the key and the reason, and leaves other keys alone', () => {
    expect(() => verify('FROM debian\n', [{ languageOptions: { builder: 'docker' } }])).toThrow(/languageOptions: builder: "docker" is not allowed/);
    expect(() => verify('FROM debian\n', [{ languageOptions: { buildArgs: { 'NOT OK': 'x' } } }])).toThrow(/buildArgs\["NOT OK"\]/);
    expect(() => verify('FROM debian\n', [{ languageOptions: { resolveImages: true } }])).toThrow(/resolveImages: not available under ESLint/);
    expect(verify('FROM debian\n', [{ languageOptions: { globals: { window: 'readonly' }, ecmaVersion: 2022 } }])).toEqual([]);
  });

  it('reports an empty file as volint does', () => {
    expect(verify('\n\n').map((m) => [m.fatal, m.message])).toEqual([[true, 'Parsing error: File is empty: there is nothing to build.']]);
  });

  it('gives custom rules a tree of instructions with the model behind them', () => {
    const keywords: string[] = [];
    const plugin = {
      rules: {
        keywords: {
          meta: { type: 'problem' as const, schema: [], languages: ['volint/dockerfile'] },
          create() {
            return { 'Instruction[keyword="VOLUME"]': (node: { instruction: { volumes: unknown[] }; keyword: string; trigger: unknown }) => void keywords.push(`${node.keyword}:${node.instruction.volumes.length}`), 'Instruction > Instruction': (node: { keyword: string }) => void keywords.push(`trigger ${node.keyword}`) };
          },
        },
      },
    };
    linter.verify('FROM debian\nVOLUME /a\nONBUILD RUN true\nVOLUME /b\n', [{ ...volint.configs.recommended, plugins: { ...volint.configs.recommended.plugins, own: plugin }, rules: { 'own/keywords': 'error' } }], 'Dockerfile');
    expect(keywords).toEqual(['VOLUME:0', 'trigger RUN', 'VOLUME:1']);
  });
});

describe('disable directives in # comments', () => {
  const file = 'FROM debian:12\nVOLUME /data\n';

  it('honours eslint-disable-next-line, also inside a continued RUN, and eslint-disable / eslint-enable', () => {
    expect(summary(verify(`${file}RUN touch /data/a\n`))).toEqual(['3:5 volint/volume-write-after-declare']);
    expect(verify(`${file}# eslint-disable-next-line volint/volume-write-after-declare -- seeded at run time\nRUN touch /data/a\n`)).toEqual([]);
    expect(summary(verify(`${file}RUN true && \\\n# eslint-disable-next-line volint/volume-write-after-declare\n    touch /data/a && \\\n    touch /data/b\n`))).toEqual([
      '6:5 volint/volume-write-after-declare',
    ]);
    expect(summary(verify(`${file}# eslint-disable\nRUN touch /data/a\n# eslint-enable\nRUN touch /data/b\n`))).toEqual(['6:5 volint/volume-write-after-declare']);
  });

  it('reads inline config and reports unused directives as ESLint does', () => {
    expect(verify(`# eslint volint/volume-write-after-declare: off\n${file}RUN touch /data/a\n`)).toEqual([]);
    const unused = verify(`${file}# eslint-disable-next-line volint/volume-syntax\nRUN true\n`);
    expect(unused.map((m) => [m.line, m.message])).toEqual([[3, "Unused eslint-disable directive (no problems were reported from 'volint/volume-syntax')."]]);
  });

  it('keeps volint ignore comments working, with unused-ignore as in the CLI', () => {
    expect(verify(`${file}# volint ignore=volume-write-after-declare\nRUN touch /data/a\n`)).toEqual([]);
    expect(summary(verify(`${file}# volint ignore=volume-syntax\nRUN touch /data/a\n`))).toEqual(['3:17 volint/unused-ignore', '4:5 volint/volume-write-after-declare']);
  });
});

describe('configs', () => {
  it('has recommended and one config per builder profile, with the CLI default severities', () => {
    expect(Object.keys(volint.configs).sort()).toEqual(['buildah', 'buildah-compat', 'buildkit', 'classic', 'kaniko', 'portable', 'recommended']);
    expect(volint.configs.recommended.rules).toEqual(volint.configs.portable.rules);
    expect(volint.configs.buildkit.rules['volint/volume-write-after-declare']).toBe('warn');
    expect(volint.configs.classic.rules['volint/volume-write-after-declare']).toBe('error');
    expect(volint.configs.buildkit.languageOptions).toEqual({ builder: 'buildkit' });
  });

  it.skipIf(!hasCorpus)('lints exactly the files volint picks up in a directory', async () => {
    warnIfNoCorpus('the file-name check over the corpus');
    const eslint = new ESLint({ cwd: temp, overrideConfigFile: true, overrideConfig: [volint.configs.recommended] });
    const names = new Set([
      ...corpusFiles().map((f) => path.basename(f)),
      ...['Dockerfile', 'dockerfile', 'DockerFile', 'Containerfile', 'Dockerfile.dev', 'Dockerfile-dev', 'api.Dockerfile', 'x.containerfile'],
      ...['Dockerfile.md', 'Dockerfile.JSON', 'dockerfile.sh', 'Dockerfile.dockerignore', 'README', 'Dockerfiles', 'package.json'],
    ]);
    const disagree: string[] = [];
    for (const name of names) {
      const matched = (await eslint.calculateConfigForFile(path.join(temp, name))) !== undefined;
      if (matched !== isDockerfileName(name)) disagree.push(name);
    }
    expect(names.size).toBeGreaterThan(100);
    expect(disagree).toEqual([]);
  });

  it("works with ESLint's cache: a second run answers from it with the same results", async () => {
    const dir = mkdtempSync(path.join(temp, 'cache-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n');
    const options: ESLint.Options = { cwd: dir, overrideConfigFile: true, overrideConfig: [volint.configs.buildkit], cache: true, cacheLocation: path.join(dir, '.eslintcache') };
    const first = await new ESLint(options).lintFiles(['.']);
    const second = await new ESLint(options).lintFiles(['.']);
    expect(first[0]?.messages.map((m) => [m.ruleId, m.severity])).toEqual([['volint/volume-write-after-declare', 1]]);
    expect(second.map((r) => r.messages)).toEqual(first.map((r) => r.messages));
    expect(readFileSync(path.join(dir, '.eslintcache'), 'utf8')).toContain('Dockerfile');
  });

  it('runs beside a JavaScript config without files (js.configs.recommended) without crashing', async () => {
    const dir = mkdtempSync(path.join(temp, 'mixed-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n');
    writeFileSync(path.join(dir, 'Dockerfile.dev'), 'FROM debian:12\nRUN true\n');
    writeFileSync(path.join(dir, 'index.js'), 'const unused = 1;\n');
    const config = [js.configs.recommended, { languageOptions: { globals: { process: 'readonly' } } }, volint.configs.recommended] as Linter.Config[];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
    const results = await eslint.lintFiles(['.']);
    const byFile = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId)]));
    expect(byFile).toEqual({ Dockerfile: ['volint/volume-write-after-declare'], 'Dockerfile.dev': [], 'index.js': ['no-unused-vars'] });
  });
});
