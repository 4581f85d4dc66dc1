import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import { mayHaveFindings, scanFroms } from '../../src/engine/fast-path.js';
import { lintModel, lintText, loadShellAnalysis } from '../../src/engine/linter.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { buildBaseImageTable } from '../../src/model/base-images.js';
import { buildModel, fromImagesOf, parseForModel } from '../../src/model/build.js';
import { platformOf } from '../../src/model/from-lines.js';
import type { DockerfileModel } from '../../src/model/types.js';
import { corpusTexts, hasCorpus, warnIfNoCorpus } from '../helpers/corpus.js';

/** The full path of lintText, without the fast path in front of it. */
function fullPath(text: string, config: ResolvedConfig): { model: DockerfileModel; result: LintResult } {
  const baseImages = buildBaseImageTable(config.baseImages, config.configFile ?? 'config');
  const model = buildModel(text, { buildArgs: config.buildArgs, baseImages });
  return { model, result: lintModel(model, { filePath: 'Dockerfile', config, rules }) };
}

/** Why a file needs the full path, from the model: what the scan must never miss. */
function hasVolumeScope(model: DockerfileModel): boolean {
  return model.instructions.some((i) => i.keyword === 'VOLUME' || i.volumes.length > 0);
}

const fastPath = (text: string, config: ResolvedConfig = DEFAULT_CONFIG): boolean =>
  !mayHaveFindings(text, buildBaseImageTable(config.baseImages, config.configFile ?? 'config'), config.buildArgs);

/** The fast path as `--resolve-images` takes it: the FROM words come from the scan that read the images to resolve. */
const fastPathAfterScan = (text: string, config: ResolvedConfig = DEFAULT_CONFIG): boolean | undefined => {
  const words = scanFroms(text, config.buildArgs)?.words;
  return words && !mayHaveFindings(text, buildBaseImageTable(config.baseImages, config.configFile ?? 'config'), config.buildArgs, undefined, words);
};

/** The images the model's stages are based on, with the platform each FROM asks for. */
function modelImages(model: DockerfileModel): { ref: string; platform: string | undefined }[] {
  return model.stages.flatMap((s) => (s.base.kind === 'image' && s.base.ref !== undefined ? [{ ref: s.base.ref, platform: platformOf(s.from) }] : []));
}

// Common base images given volumes, so that the base-image part of the scan is exercised on most files.
const WIDE_TABLE: ResolvedConfig = {
  ...DEFAULT_CONFIG,
  baseImages: { ubuntu: { volumes: ['/var/lib/app'] }, debian: { volumes: ['/srv'] }, alpine: { volumes: ['/data'] }, 'library/golang': { volumes: ['/go/cache'] } },
};

beforeAll(() => loadShellAnalysis());

describe('fast path edge cases', () => {
  const needsFullPath: [string, string, ResolvedConfig?][] = [
    ['VOLUME keyword split by a line continuation', 'FROM debian:12\nVOL\\\nUME /data\nRUN touch /data/x\n'],
    ['lowercase volume', 'FROM debian:12\nvolume /data\n'],
    ['ONBUILD VOLUME', 'FROM debian:12\nONBUILD VOLUME /data\n'],
    ['backtick escape directive, split keyword', '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOL`\nUME C:\\data\n'],
    ['FROM of a variable that resolves to a known image', 'ARG IMG=postgres:16\nFROM $IMG\nRUN touch /var/lib/postgresql/data/x\n'],
    ['FROM of a variable with a default', 'ARG TAG=16\nFROM postgres:${TAG}\nRUN true\n'],
    ['image name split by a line continuation', 'FROM post\\\ngres:16\nRUN true\n'],
    ['quoted image', 'FROM "postgres:16"\nRUN true\n'],
    ['image quoted in pieces', 'FROM post"gres":16\nRUN true\n'],
    ['fully qualified image', 'FROM docker.io/library/postgres:16 AS db\nRUN true\n'],
    ['image after --platform', 'FROM --platform=linux/amd64 postgres:16\nRUN true\n'],
    ['comment and blank line inside the FROM continuation', 'FROM \\\n# the database\n\npostgres:16\nRUN true\n'],
    ['FROM keyword split by a line continuation', 'FR\\\nOM postgres:16\nRUN true\n'],
    ['CRLF line endings', 'FROM debian:12\r\nVOLUME /data\r\nRUN touch /data/x\r\n'],
    ['an image the config adds', 'FROM ubuntu:24.04\nRUN touch /var/lib/app/x\n', WIDE_TABLE],
    ['an image a --build-arg names', 'ARG BASE=debian:12\nFROM $BASE\nRUN touch /var/lib/postgresql/data/x\n', { ...DEFAULT_CONFIG, buildArgs: { BASE: 'postgres:16' } }],
    ['a variable default in the FROM', 'ARG TAG=\nARG IMG=postgres\nFROM ${IMG}:${TAG:-16}\nRUN true\n'],
    ['an ARG after a line that only looks like FROM', 'fromage x\nARG IMG=postgres:16\nFROM $IMG\nRUN true\n'],
    ['a quoted ARG value', 'ARG IMG="postgres:16"\nFROM $IMG\nRUN true\n'],
  ];
  it.each(needsFullPath)('takes the full path for %s, where the model has a volume in scope', (_name, text, config = DEFAULT_CONFIG) => {
    expect(fastPath(text, config)).toBe(false);
    expect(fastPathAfterScan(text, config)).not.toBe(true);
    expect(hasVolumeScope(fullPath(text, config).model)).toBe(true);
  });

  it('takes the full path for a volint comment, which can give an unused-ignore warning', () => {
    const text = '# volint global ignore=volume-syntax\nFROM debian:12\n';
    expect(fastPath(text)).toBe(false);
    expect(fullPath(text, DEFAULT_CONFIG).result.messages.map((m) => m.ruleId)).toEqual(['unused-ignore']);
  });

  it.each([
    ['a plain build', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]\n'],
    ['a multi-stage build', 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n'],
    ['an image the shipped table does not know', 'FROM ubuntu:24.04\nRUN touch /var/lib/app/x\n'],
    ['a FROM of variables naming an unknown image', '# syntax=docker/dockerfile:1\nARG GO=1.22\nARG BASE=golang\nFROM $BASE:$GO AS build\nRUN go build\n'],
  ])('answers %s without a parse', async (_name, text) => {
    expect(fastPath(text)).toBe(true);
    expect(fastPathAfterScan(text)).toBe(true);
    const fast = await lintText(text, { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules });
    expect(fast).toEqual(fullPath(text, DEFAULT_CONFIG).result);
  });
});

describe('the images the FROMs name, read without the model', () => {
  const cases: [string, string, Record<string, string>?][] = [
    ['a stage named by its name or index, scratch', 'FROM golang:1.22 AS build\nFROM build\nFROM 0\nFROM 3\nFROM scratch\nFROM --platform=linux/arm64 alpine\n'],
    ['plain ARGs before the FROM, a --build-arg over one', 'ARG BASE=debian\nARG TAG=12\nFROM $BASE:${TAG}\nARG LATE=x\nFROM ${LATE:-busybox}\n', { TAG: '11' }],
    ['a quoted ARG (the scan gives up, the parse reads it)', 'ARG IMG="postgres:16"\nFROM $IMG AS db\nFROM db\n'],
    ['a stage name only the next FROM may use', 'FROM app\nFROM node:20 AS app\n'],
    ['a FROM line inside a heredoc', 'FROM alpine AS base\nRUN <<EOF\nFROM x AS postgres\nEOF\nFROM postgres\n'],
    ['a FROM line inside an indented heredoc, then a real one', 'FROM alpine\nCOPY <<-EOT /Dockerfile\n\tFROM x\n\tEOT\nFROM debian:12\n'],
    ['a FROM line inside a continued RUN, a word that starts with FROM', '# escape=`\nFROM alpine\nRUN echo `\n# a comment\nFROM busybox `\n  FROM_X=1\n'],
  ];
  it.each(cases)('reads %s as the model does', (_name, text, buildArgs = {}) => {
    const model = buildModel(text, { buildArgs });
    expect(fromImagesOf(parseForModel(text), buildArgs)).toEqual(modelImages(model));
  });

  it('lets the model reuse the parse that read the FROMs', () => {
    const text = 'ARG IMG="postgres:16"\nFROM $IMG\nRUN mkdir -p /var/lib/postgresql/data/x\n';
    const parsed = parseForModel(text);
    expect(fromImagesOf(parsed)).toEqual([{ ref: 'postgres:16', platform: undefined }]);
    const shape = (m: DockerfileModel): unknown =>
      m.instructions.map((i) => [i.keyword, i.args.map((a) => a.value), [...i.env.keys()].map((k) => [k, i.env.get(k)]), i.workdir, i.volumes.map((v) => v.path)]);
    expect(shape(buildModel(parsed))).toEqual(shape(buildModel(text)));
  });

  it('leaves a FROM line that may belong to another instruction to the parse, and skips a word that only starts with FROM', () => {
    expect(scanFroms('FROM alpine AS base\nRUN <<EOF\nFROM x AS postgres\nEOF\nFROM postgres\n')).toBeNull();
    expect(scanFroms('FROM alpine\nRUN echo \\\n\nFROM busybox\n')).toBeNull();
    expect(scanFroms('FROM alpine\nRUN <<EOF\necho hi\nEOF\nFROM busybox AS b\nFROMAGE x\n')?.images.map((i) => i.ref)).toEqual(['alpine', 'busybox']);
  });

  it('tests every FROM word in the fast path, stage references included', () => {
    const text = 'FROM postgres:16 AS db\nFROM db\nRUN touch /var/lib/postgresql/data/x\n';
    expect(scanFroms(text)).toEqual({ images: [{ ref: 'postgres:16', platform: undefined }], words: ['postgres:16', 'db'] });
    expect(fastPathAfterScan(text)).toBe(false);
  });
});

describe.skipIf(!hasCorpus)('fast path over the corpus', () => {
  warnIfNoCorpus('the fast-path corpus test');

  it.each([
    ['the default config', DEFAULT_CONFIG],
    ['a config that gives common base images volumes', WIDE_TABLE],
  ] as [string, ResolvedConfig][])('gives the full path result for every file it answers, with %s', async (_name, config) => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(5000);
    const differing: string[] = [];
    let answered = 0;
    for (const { name, text } of texts) {
      if (text.trim() === '') continue;
      // With --resolve-images, the scan's FROM words stand in for the fast path's own reading of the FROMs.
      if (fastPathAfterScan(text, config) === false && fastPath(text, config)) differing.push(`${name}: the scan's FROM words send it to the full path`);
      if (fastPathAfterScan(text, config) === true && !fastPath(text, config) && hasVolumeScope(fullPath(text, config).model)) differing.push(`${name}: the scan's FROM words skip a volume in scope`);
      if (!fastPath(text, config)) continue;
      answered++;
      const full = fullPath(text, config);
      const fast = await lintText(text, { filePath: 'Dockerfile', config, rules });
      if (hasVolumeScope(full.model)) differing.push(`${name}: the model has a volume in scope`);
      else if (JSON.stringify(fast) !== JSON.stringify(full.result)) differing.push(`${name}: ${JSON.stringify(full.result.messages)}`);
    }
    expect(differing).toEqual([]);
    // The fast path must keep paying for itself: about half the corpus declares or inherits no volume.
    expect(answered).toBeGreaterThan(texts.length * (config === DEFAULT_CONFIG ? 0.4 : 0.15));
  });

  it('reads the images of every FROM as the model does, by the scan where it can and by a parse elsewhere', () => {
    const differing: string[] = [];
    let scanned = 0;
    for (const { name, text } of corpusTexts()) {
      let model: DockerfileModel;
      try {
        model = buildModel(text);
      } catch {
        continue;
      }
      const expected = modelImages(model);
      if (JSON.stringify(fromImagesOf(parseForModel(text))) !== JSON.stringify(expected)) differing.push(`${name}: parse`);
      const scan = scanFroms(text);
      if (!scan) continue;
      scanned++;
      if (JSON.stringify(scan.images) !== JSON.stringify(expected)) differing.push(`${name}: scan ${JSON.stringify(scan.images)} != ${JSON.stringify(expected)}`);
    }
    expect(differing).toEqual([]);
    expect(scanned).toBeGreaterThan(corpusTexts().length * 0.9);
  });
});
