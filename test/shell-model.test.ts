import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../src/model/build.js';
import type { InstructionModel } from '../src/model/types.js';
import { analyzeRun, isShellParserLoaded, loadShellParser } from '../src/shell/index.js';
import { CORPUS, corpusTexts, hasCorpus } from './helpers/corpus.js';


beforeAll(async () => {
  await loadShellParser();
});

/** Effects of every RUN (and ONBUILD RUN) of a Dockerfile, as `command: kind path @source-of-range`. */
function runEffects(dockerfile: string, buildArgs?: Record<string, string>): string[] {
  const model = buildModel(dockerfile, buildArgs ? { buildArgs } : {});
  return model.instructions
    .filter((instr) => instr.keyword === 'RUN')
    .flatMap((instr) => analyzeRun(instr, model).effects)
    .map((e) => `${e.command}: ${e.kind} ${e.path.prefix === undefined ? '?' : e.path.text} @${dockerfile.slice(e.range.start, e.range.end)}`);
}

describe('through buildModel', () => {
  test('the parser loads once and reports it', async () => {
    await loadShellParser();
    expect(isShellParserLoaded()).toBe(true);
  });

  test.each([
    ['FROM debian\nWORKDIR /srv\nRUN cd data && touch x', ['touch: touch /srv/data/x @touch x']],
    ['FROM debian\nENV DATA=/var/lib/app\nRUN mkdir -p "$DATA" && chown app "$DATA"', [
      'mkdir: mkdir /var/lib/app @mkdir -p "$DATA"', 'chown: permission /var/lib/app @chown app "$DATA"',
    ]],
    ['FROM debian\nARG DIR=/opt/x\nRUN mkdir $DIR', ['mkdir: mkdir /opt/x @mkdir $DIR']],
    ['FROM debian\nARG DIR\nRUN mkdir $DIR/x', ['mkdir: mkdir ? @mkdir $DIR/x']],
    ['FROM mycompany/base\nRUN touch relative', ['touch: touch ? @touch relative']],
    // debian sets no WORKDIR: the shipped facts know the stage starts in /.
    ['FROM debian\nRUN touch relative', ['touch: touch /relative @touch relative']],
    ['FROM scratch\nRUN touch relative', ['touch: touch /relative @touch relative']],
    ['FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y x && rm -rf /var/cache/apt/* /var/lib/apt/lists/*', [
      'rm: delete /var/lib/apt/lists/* @rm -rf /var/cache/apt/* /var/lib/apt/lists/*',
    ]],
    ['FROM debian\nRUN ["mkdir", "-p", "/data"]', ['mkdir: mkdir /data @"mkdir", "-p", "/data"']],
    ['FROM debian\nRUN ["/bin/sh", "-c", "chown -R app /data"]', ['chown: permission /data @chown -R app /data']],
    ['FROM debian\nRUN <<EOF\nset -e\nchown -R app /data\nEOF\n', ['chown: permission /data @chown -R app /data']],
    ['FROM debian\nRUN set -eux; \\\n    # make the data dir\n    mkdir /data; \\\n    chmod 700 /data\n', [
      'mkdir: mkdir /data @mkdir /data', 'chmod: permission /data @chmod 700 /data',
    ]],
    ['FROM debian\r\nWORKDIR /w\r\nRUN touch a \\\r\n  b\r\n', ['touch: touch /w/a @touch a \\\r\n  b', 'touch: touch /w/b @touch a \\\r\n  b']],
    ['FROM debian\nONBUILD RUN mkdir /data && touch /data/x', ['mkdir: mkdir /data @mkdir /data', 'touch: touch /data/x @touch /data/x']],
    ['FROM debian\nSHELL ["pwsh", "-c"]\nRUN New-Item -Path /data', []],
  ])('%j', (dockerfile, expected) => {
    expect(runEffects(dockerfile)).toEqual(expected);
  });

  test('build args given to the model reach the shell', () => {
    expect(runEffects('FROM debian\nARG DIR\nRUN mkdir $DIR', { DIR: '/given' })).toEqual(['mkdir: mkdir /given @mkdir $DIR']);
  });

  test('a default applies when the variable is known unset, and only then', () => {
    expect(runEffects('FROM scratch\nRUN touch ${DATA_DIR:-/data}/x ${HOME:-/h}/y "${X-/x}" ${Y:+/y}')).toEqual([
      'touch: touch /data/x @touch ${DATA_DIR:-/data}/x ${HOME:-/h}/y "${X-/x}" ${Y:+/y}',
      'touch: touch ? @touch ${DATA_DIR:-/data}/x ${HOME:-/h}/y "${X-/x}" ${Y:+/y}',
      'touch: touch /x @touch ${DATA_DIR:-/data}/x ${HOME:-/h}/y "${X-/x}" ${Y:+/y}',
    ]);
    expect(runEffects('FROM registry.example.com/app:1\nRUN touch ${DATA_DIR:-/data}/x')).toEqual(['touch: touch ? @touch ${DATA_DIR:-/data}/x']);
    expect(runEffects('FROM scratch\nARG DATA_DIR\nRUN touch ${DATA_DIR:-/data}/x')).toEqual(['touch: touch ? @touch ${DATA_DIR:-/data}/x']);
  });

  test('a backtick escape on a Linux image continues lines with a backtick', () => {
    expect(runEffects('# escape=`\nFROM debian:12\nRUN mkdir -p /tmp/a && `\n    touch /data/x')).toEqual([
      'mkdir: mkdir /tmp/a @mkdir -p /tmp/a', 'touch: touch /data/x @touch /data/x',
    ]);
  });

  test('a Windows stage does not stop the analysis of the Linux stages', () => {
    expect(runEffects('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS win\nRUN echo hi > C:\\x\nFROM debian:12\nRUN touch /data/x')).toEqual([
      'touch: touch /data/x @touch /data/x',
    ]);
  });

  test('a Windows Dockerfile is not analysed as a POSIX shell script', () => {
    const dockerfile = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN mkdir C:\\data `\n    && echo x > C:\\data\\x';
    expect(runEffects(dockerfile)).toEqual([]);
  });

  test('ONBUILD RUN ranges lie in the trigger', () => {
    const dockerfile = 'FROM debian\nONBUILD RUN touch /data/x\n';
    const model = buildModel(dockerfile);
    const trigger = model.instructions.find((i) => i.keyword === 'RUN');
    expect(trigger?.onbuild).toBeDefined();
    const [effect] = trigger ? analyzeRun(trigger, model).effects : [];
    expect(effect && dockerfile.slice(effect.pathRange.start, effect.pathRange.end)).toBe('/data/x');
  });
});

describe('corpus', () => {
  const present = hasCorpus;
  test.skipIf(!present)('every RUN of every corpus Dockerfile: no exception, every range inside its instruction', () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(1000);
    const outside: string[] = [];
    let runs = 0;
    for (const { name: file, text } of texts) {
      const model = buildModel(text);
      for (const instr of model.instructions) {
        if (instr.keyword !== 'RUN') continue;
        runs++;
        for (const effect of analyzeRun(instr, model).effects) {
          for (const range of [effect.range, effect.pathRange]) {
            if (!inside(range, instr)) outside.push(`${file}:${String(model.lines.positionAt(instr.range.start).line + 1)}`);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(10_000);
    expect(outside).toEqual([]);
  }, 300_000);
  if (!present) test.skip(`corpus folder ${CORPUS} is absent: corpus check skipped`, () => undefined);
});

function inside(range: { start: number; end: number }, instr: InstructionModel): boolean {
  return range.start >= instr.range.start && range.end <= instr.range.end && range.start <= range.end;
}
