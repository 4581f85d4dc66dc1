import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import { mayHaveFindings } from '../../src/engine/fast-path.js';
import { lintModel, lintText, loadShellAnalysis } from '../../src/engine/linter.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { buildBaseImageTable } from '../../src/model/base-images.js';
import { buildModel } from '../../src/model/build.js';
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
    const fast = await lintText(text, { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules });
    expect(fast).toEqual(fullPath(text, DEFAULT_CONFIG).result);
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
      if (text.trim() === '' || !fastPath(text, config)) continue;
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
});
