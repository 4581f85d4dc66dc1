import { describe, expect, it } from 'vitest';
import { buildBaseImageTable } from '../src/model/base-images.js';
import { buildModel } from '../src/model/build.js';
import { pathPattern, reaches, type Reach } from '../src/model/path-pattern.js';
import { PersistentMap } from '../src/model/persistent-map.js';
import type { VolumeDecl, VolumeOrigin } from '../src/model/types.js';

/** What VolumeScope.mostSpecific replaces: every volume in scope read in order, the longest reached path first. */
function bruteForce(volumes: readonly VolumeDecl[], value: string, glob: boolean, reach: Reach, origins: ReadonlySet<VolumeOrigin>): VolumeDecl | undefined {
  const pattern = pathPattern(value, glob, '/');
  let best: VolumeDecl | undefined;
  for (const v of volumes) {
    if (v.path === undefined || !origins.has(v.origin) || reaches(pattern, v.path, reach) !== 'yes') continue;
    if ((best?.path?.length ?? -1) < v.path.length) best = v;
  }
  return best;
}

/** A small deterministic generator, so that a failure names its seed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const PATHS = ['/', '/data', '/data/a', '/data/a/b', '/data/b', '/srv', '/srv/data', '/var/lib/app', '/var', '/x', 'C:\\data', 'c:/Data/x'];
const VALUES = ['/data/a/b/c', '/data', '/data/a', '/data/*', '/data/?', '/srv/*/x', '/var/lib/app/f', '/', '/*', '/x', '/xy', '/data/\uFFFF', '/data/a/\uFFFFz'];
const REACHES: Reach[] = [
  { kind: 'write', recursive: false },
  { kind: 'write', recursive: true },
  { kind: 'create', recursive: false },
  { kind: 'change', recursive: true },
  { kind: 'change', recursive: false },
];
const ORIGIN_SETS: ReadonlySet<VolumeOrigin>[] = [
  new Set(['stage', 'ancestor']),
  new Set(['base-image']),
  new Set(['stage']),
  new Set(['ancestor']),
  new Set(['stage', 'ancestor', 'base-image']),
];

describe('volume scope', () => {
  const table = buildBaseImageTable({ 'svc:1': { volumes: ['/data/a', '/srv'] } });

  it('answers as a scan of every volume in scope would, on random chains of stages', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
      const lines: string[] = [];
      const stages = 1 + Math.floor(next() * 5);
      for (let s = 0; s < stages; s++) {
        const base = s > 0 && next() < 0.7 ? `s${Math.floor(next() * s)}` : pick(['svc:1', 'scratch', 'debian']);
        lines.push(`FROM ${base} AS s${s}`);
        for (let k = Math.floor(next() * 5); k > 0; k--) {
          lines.push(next() < 0.6 ? `VOLUME ${pick(PATHS)}${next() < 0.3 ? ` ${pick(PATHS)}` : ''}` : 'RUN true');
        }
        lines.push('RUN true');
      }
      const model = buildModel(lines.join('\n') + '\n', { baseImages: table });
      for (const instr of model.instructions) {
        const listed = instr.volumes;
        expect(instr.volumeScope.size, `seed ${seed}`).toBe(listed.length);
        for (const value of VALUES) {
          for (const reach of REACHES) {
            for (const origins of ORIGIN_SETS) {
              const glob = value.includes('*') || value.includes('?');
              const expected = bruteForce(listed, value, glob, reach, origins);
              const actual = instr.volumeScope.mostSpecific(pathPattern(value, glob, '/'), reach, origins);
              expect(actual, `seed ${seed}, ${value}, ${JSON.stringify(reach)}, ${[...origins].join('+')}`).toBe(expected);
            }
          }
        }
      }
    }
  });

  it('shares one ancestor view of a volume between the stages built from its stage', () => {
    const model = buildModel('FROM debian AS a\nVOLUME /data\nFROM a AS b\nRUN true\nFROM b AS c\nRUN true\n');
    const [first, second] = model.instructions.filter((i) => i.keyword === 'RUN');
    expect(first?.volumes[0]?.origin).toBe('ancestor');
    expect(first?.volumes[0]).toBe(second?.volumes[0]);
  });

  it('counts volumes by origin as the stage sees them', () => {
    const model = buildModel('FROM svc:1 AS a\nVOLUME /x\nRUN true\nFROM a\nRUN true\n', { baseImages: table });
    const [own, child] = model.instructions.filter((i) => i.keyword === 'RUN');
    expect(own?.volumeScope.hasAny(new Set(['ancestor']))).toBe(false);
    expect(own?.volumeScope.hasAny(new Set(['stage']))).toBe(true);
    expect(child?.volumeScope.hasAny(new Set(['stage']))).toBe(false);
    expect(child?.volumeScope.hasAny(new Set(['ancestor', 'base-image']))).toBe(true);
  });
});

describe('persistent map', () => {
  it('keeps every version as a Map would, in key order, and answers ranges', () => {
    const next = random(7);
    const first: [PersistentMap<number>, Map<string, number>] = [PersistentMap.empty<number>(), new Map<string, number>()];
    const versions = [first];
    for (let i = 0; i < 2000; i++) {
      const [map, model] = versions[Math.floor(next() * versions.length)] ?? first;
      const key = `/k${Math.floor(next() * 300)}`;
      versions.push([map.with(key, i), new Map(model).set(key, i)]);
    }
    for (const [map, model] of versions.filter((_, i) => i % 97 === 0)) {
      const sorted = [...model].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      expect([...map]).toEqual(sorted);
      expect(map.size).toBe(model.size);
      expect(map.has('/k1')).toBe(model.has('/k1'));
      expect([...map.valuesBetween('/k1', '/k2')]).toEqual(sorted.filter(([k]) => k >= '/k1' && k < '/k2').map(([, v]) => v));
    }
  });
});
