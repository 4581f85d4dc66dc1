import { describe, expect, it } from 'vitest';
import { lookupBaseImageVolumes, buildBaseImageTable, parseImageRef } from '../src/model/base-images.js';
import { buildModel } from '../src/model/build.js';
import type { InstructionModel } from '../src/model/types.js';

const find = (instrs: readonly InstructionModel[], keyword: string, nth = 0): InstructionModel => {
  const found = instrs.filter((i) => i.keyword === keyword)[nth];
  if (!found) throw new Error(`no ${keyword} #${nth}`);
  return found;
};

describe('stages', () => {
  it('names stages, resolves FROM <stage> and inherits ENV, WORKDIR and volumes', () => {
    const m = buildModel('FROM debian AS base\nENV D=/data\nWORKDIR /srv\nVOLUME $D\nFROM base AS child\nRUN true\n');
    expect(m.stages.map((s) => s.name)).toEqual(['base', 'child']);
    const child = m.stages[1];
    expect(child?.base.kind).toBe('stage');
    expect(child?.parent).toBe(m.stages[0]);
    const run = find(m.instructions, 'RUN');
    expect(run.env.get('D')).toBe('/data');
    expect(run.workdir).toBe('/srv');
    expect(run.volumes.map((v) => [v.path, v.origin])).toEqual([['/data', 'ancestor']]);
  });

  it('resolves stage names case-insensitively and by index', () => {
    const m = buildModel('FROM alpine AS Build\nVOLUME /x\nFROM build\nFROM 0\n');
    expect(m.stages[1]?.parent).toBe(m.stages[0]);
    expect(m.stages[2]?.parent).toBe(m.stages[0]);
  });

  it('knows scratch and external images', () => {
    const m = buildModel('FROM scratch\nRUN x\nFROM docker.io/library/debian:12\nRUN y\nFROM mycompany/base\nRUN z\n');
    expect(m.stages[0]?.base.kind).toBe('scratch');
    expect(find(m.instructions, 'RUN', 0).workdir).toBe('/');
    const b = m.stages[1]?.base;
    expect(b?.kind === 'image' ? b.ref : undefined).toBe('docker.io/library/debian:12');
    // debian sets no WORKDIR (the shipped facts know it); an image volint does not know leaves it unknown.
    expect(find(m.instructions, 'RUN', 1).workdir).toBe('/');
    expect(find(m.instructions, 'RUN', 2).workdir).toBeUndefined();
  });
});

describe('variables', () => {
  it('keeps a global ARG out of the stage unless redeclared', () => {
    const m = buildModel('ARG DIR=/data\nFROM debian\nRUN a\nARG DIR\nRUN b\n');
    expect(find(m.instructions, 'RUN', 0).env.has('DIR')).toBe(false);
    expect(find(m.instructions, 'RUN', 1).env.get('DIR')).toBe('/data');
  });

  it('uses the global ARG in FROM and --build-arg overrides', () => {
    const text = 'ARG IMG=debian\nFROM $IMG\n';
    const base = (t: string, args?: Record<string, string>) => {
      const b = buildModel(t, args ? { buildArgs: args } : {}).stages[0]?.base;
      return b?.kind === 'image' ? b.ref : undefined;
    };
    expect(base(text)).toBe('debian');
    expect(base(text, { IMG: 'alpine' })).toBe('alpine');
  });

  it('expands ${X}, ${X:-d}, ${X:+v} and leaves unknown values unresolved', () => {
    const m = buildModel(
      'FROM mycompany/base\nARG NODEF\nENV A=/a\nENV B=${A}/b C=${UNSET:-/c} E=${A:+/yes} F=$NODEF/x G=${A}/same-env H=\\$A\nVOLUME $B $C $E $F\n',
    );
    const vol = find(m.instructions, 'VOLUME');
    expect(vol.args.map((a) => a.value)).toEqual(['/a/b', undefined, '/yes', undefined]);
    expect(vol.env.get('H')).toBe('$A');
  });

  it('substitutes in one ENV only the values from before it, as Docker does', () => {
    expect(find(buildModel('FROM mycompany/base\nENV A=/a B=${A}/b\nRUN x\n').instructions, 'RUN').env.get('B')).toBeUndefined();
    // debian:latest is known not to set A.
    expect(find(buildModel('FROM debian\nENV A=/a B=${A}/b\nRUN x\n').instructions, 'RUN').env.get('B')).toBe('/b');
  });

  it('lets ENV win over ARG of the same name', () => {
    const m = buildModel('FROM debian\nENV P=/env\nARG P=/arg\nRUN x\n');
    expect(find(m.instructions, 'RUN').env.get('P')).toBe('/env');
  });

  it('reads the legacy `ENV NAME value` form', () => {
    const m = buildModel('FROM debian\nENV HOME_DIR /home/app\nRUN x\n');
    expect(find(m.instructions, 'RUN').env.get('HOME_DIR')).toBe('/home/app');
  });
});

describe('WORKDIR and SHELL', () => {
  it('resolves a relative WORKDIR against the previous one', () => {
    const m = buildModel('FROM debian\nWORKDIR /srv\nWORKDIR app/../data\nRUN x\n');
    expect(find(m.instructions, 'RUN').workdir).toBe('/srv/data');
  });

  it('leaves a relative WORKDIR unknown on an unknown base', () => {
    expect(find(buildModel('FROM mycompany/base\nWORKDIR app\nRUN x\n').instructions, 'RUN').workdir).toBeUndefined();
    expect(find(buildModel('FROM debian:bookworm\nWORKDIR app\nRUN x\n').instructions, 'RUN').workdir).toBe('/app');
  });

  it('marks powershell and cmd stages as non-POSIX, and Windows images', () => {
    const m = buildModel(
      'FROM debian\nSHELL ["powershell", "-Command"]\nRUN a\nSHELL ["/bin/bash", "-c"]\nRUN b\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN c\n',
    );
    expect(m.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.shell)).toEqual(['other', 'posix', 'other']);
    expect(m.windows).toBe(true);
  });

  it('treats a backtick escape directive as a Windows file', () => {
    const m = buildModel('# escape=`\nFROM microsoft/nanoserver\nRUN dir\n');
    expect(m.escapeChar).toBe('`');
    expect(find(m.instructions, 'RUN').shell).toBe('other');
  });

  it('takes a backtick escape on an image known to be Linux for the escape character only', () => {
    for (const image of ['debian:12', 'ubuntu', 'docker.io/library/alpine:3', 'registry.access.redhat.com/ubi9/ubi-minimal']) {
      const m = buildModel(`# escape=\`\nFROM ${image}\nRUN ls\n`);
      expect(find(m.instructions, 'RUN').shell, image).toBe('posix');
    }
    expect(find(buildModel('# escape=`\nFROM mycorp/build:1\nRUN dir\n').instructions, 'RUN').shell).toBe('other');
  });

  it('keeps Windows a property of the stage', () => {
    const m = buildModel('ARG ARCH\nFROM containerutil-windows-${ARCH} AS w\nRUN dir\nFROM debian\nRUN ls\n');
    expect(m.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.shell)).toEqual(['other', 'posix']);
  });
});

describe('volumes in scope', () => {
  it('lists JSON and shell form volumes with exact word ranges', () => {
    const text = 'FROM debian\nVOLUME ["/a", "/b/"]\nVOLUME /c \\\n  /d\nRUN x\n';
    const m = buildModel(text);
    const vols = find(m.instructions, 'RUN').volumes;
    expect(vols.map((v) => v.path)).toEqual(['/a', '/b', '/c', '/d']);
    expect(vols.map((v) => text.slice(v.word.range.start, v.word.range.end))).toEqual(['"/a"', '"/b/"', '/c', '/d']);
    expect(find(m.instructions, 'VOLUME', 0).volumes).toEqual([]);
  });

  it('does not resolve relative or broken volume words', () => {
    const m = buildModel("FROM debian\nVOLUME ['/data']\nVOLUME /x # note\nRUN x\n");
    expect(find(m.instructions, 'RUN').volumes.map((v) => v.path)).toEqual([undefined, '/x', undefined, undefined]);
  });

  it('brings in the volumes of a known base image with their source', () => {
    const m = buildModel('FROM postgres:16-alpine\nRUN x\n');
    const [v] = find(m.instructions, 'RUN').volumes;
    expect(v?.path).toBe('/var/lib/postgresql/data');
    expect(v?.origin).toBe('base-image');
    expect(v?.source).toContain('docker-library/postgres');
  });

  it('gives ONBUILD triggers every volume of the stage', () => {
    const m = buildModel('FROM debian\nONBUILD RUN touch /data/x\nVOLUME /data\n');
    const trigger = m.instructions.find((i) => i.onbuild !== undefined);
    expect(trigger?.keyword).toBe('RUN');
    expect(trigger?.volumes.map((v) => v.path)).toEqual(['/data']);
  });
});

describe('comments', () => {
  it('keeps only top-level comments', () => {
    const m = buildModel('# top\nFROM debian\nRUN a \\\n  # inside\n  && b\n');
    expect(m.comments.map((c) => c.text)).toEqual(['top']);
  });
});

describe('base image table', () => {
  const table = buildBaseImageTable({ 'registry.example.com/team/app:2': ['/srv/data'] });
  const paths = (ref: string) => lookupBaseImageVolumes(table, ref).map((v) => v.path);

  it('parses references with registry, library prefix, tag and digest', () => {
    expect(parseImageRef('docker.io/library/postgres:16@sha256:abc')).toEqual({ repository: 'postgres', tag: '16' });
    expect(parseImageRef('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: undefined });
  });

  it('maps postgres 18+ and latest to /var/lib/postgresql, earlier ones to the data directory', () => {
    expect(paths('postgres')).toEqual(['/var/lib/postgresql']);
    expect(paths('postgres:18')).toEqual(['/var/lib/postgresql']);
    expect(paths('postgres:16')).toEqual(['/var/lib/postgresql/data']);
    expect(paths('library/postgres:13-bookworm')).toEqual(['/var/lib/postgresql/data']);
  });

  it('matches variants by shared volumes and the user additions', () => {
    expect(paths('mysql:5.7')).toEqual(['/var/lib/mysql']);
    expect(paths('wordpress:php8.2-fpm-alpine')).toEqual(['/var/www/html']);
    expect(paths('registry.example.com/team/app:2')).toEqual(['/srv/data']);
    expect(paths('debian:12')).toEqual([]);
  });
});

describe('JSON form', () => {
  it('decodes strings exactly, spaces and escapes included', () => {
    const m = buildModel('FROM debian\nVOLUME ["/my data", "/\\u0074mp"]\nRUN ["/bin/sh", "-c", "chown -R app /data"]\n');
    expect(find(m.instructions, 'VOLUME').args.map((a) => a.value)).toEqual(['/my data', '/tmp']);
    expect(find(m.instructions, 'RUN').args.map((a) => a.value)).toEqual(['/bin/sh', '-c', 'chown -R app /data']);
  });

  it('takes the exec form only for a whole JSON array of strings', () => {
    const m = buildModel('FROM debian\nVOLUME ["/a"] # note\nVOLUME ["/b",]\nVOLUME ["/c", \\\n  "/d"]\n');
    const vols = m.instructions.filter((i) => i.keyword === 'VOLUME');
    expect(vols.map((v) => v.json)).toEqual([false, false, true]);
    expect(vols[0]?.args.map((a) => a.raw)).toEqual(['["/a"]', '#', 'note']);
    expect(vols[2]?.args.map((a) => a.value)).toEqual(['/c', '/d']);
  });

  it('recognises a Windows base image named through an unresolved variable', () => {
    const m = buildModel('ARG nanoserverImage\nFROM ${nanoserverImage}\nRUN echo hi\n');
    expect(find(m.instructions, 'RUN').shell).toBe('other');
  });
});

describe('known unset variables', () => {
  const volume = (text: string): string | undefined => find(buildModel(text).instructions, 'VOLUME').args[0]?.value;

  it('takes the default of ${X:-d} where X is known unset: FROM scratch, and the scope of FROM', () => {
    expect(volume('FROM scratch\nVOLUME ${DATA:-/data}\n')).toBe('/data');
    expect(volume('FROM scratch\nVOLUME /a${UNSET}/b\n')).toBe('/a/b');
    expect(find(buildModel('FROM ${BASE:-postgres:16}\n').instructions, 'FROM').args[0]?.value).toBe('postgres:16');
  });

  it('keeps it unknown on an image whose config volint does not know, and for an ARG without a value', () => {
    expect(volume('FROM mycompany/base\nVOLUME ${DATA:-/data}\n')).toBeUndefined();
    expect(volume('FROM scratch\nARG DATA\nVOLUME ${DATA:-/data}\n')).toBeUndefined();
    expect(find(buildModel('ARG BASE\nFROM ${BASE:-debian}\n').instructions, 'FROM').args[0]?.value).toBeUndefined();
  });

  it('hands the knowledge down to a stage built FROM a stage', () => {
    expect(volume('FROM scratch AS a\nFROM a\nVOLUME ${DATA:-/data}\n')).toBe('/data');
  });

  it('hands ARG values down to a stage built FROM a stage', () => {
    const m = buildModel('FROM debian AS base\nARG STATE_DIR=/var/lib/state\nFROM base\nRUN touch ${STATE_DIR}/x\nFROM debian\nRUN x\n');
    const runs = m.instructions.filter((i) => i.keyword === 'RUN');
    expect(runs[0]?.env.get('STATE_DIR')).toBe('/var/lib/state');
    expect(runs[1]?.env.has('STATE_DIR')).toBe(false);
  });
});
