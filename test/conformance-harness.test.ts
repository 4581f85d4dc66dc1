// The conformance harness's own logic, without a builder: instrumentation, reading probe logs, ground truth.
// The builds themselves run in `npm run conformance` (docs/conformance.md).
import { describe, expect, it } from 'vitest';
import type { Case } from '../conformance/cases.js';
import { collector, instrument, parseCase } from '../conformance/instrument.js';
import { observe, type VariantResult } from '../conformance/runner.js';
import { caseTruth, mountTargets } from '../conformance/truth.js';
import { randomTwins } from '../conformance/snapshot.js';

function makeCase(id: string, text: string, origin: Case['origin'] = 'fixture'): Case {
  return { id, name: id, text, origin, classes: new Map(), context: new Map() };
}

const entry = (path: string, body: string): string => `E|.${path}|${body}`;
const dir = (path: string, uid = 0, mode = '755'): string => entry(path, `directory|4096|${uid}|0|${mode}`);
const file = (path: string, hash: string): string => `${entry(path, 'regular file|3|0|0|644')}\nH|${hash}  .${path}`;
const record = (tag: string, lines: string[]): string => [`@${tag}`, dir('/'), ...lines].join('\n');

describe('instrument', () => {
  const text = 'FROM debian:12\nRUN mkdir -p /data\nVOLUME /data\nRUN touch /data/x\nCOPY a /data/\n';
  const parsed = parseCase(text);

  it('wraps every shell-form RUN through the stage SHELL, probes after a COPY that no RUN follows, and leaves the final state to a collector', () => {
    const { text: out, plans } = instrument(makeCase('c1', text), parsed, 'written');
    expect(out).toContain('FROM debian:12 AS c1s0\nSHELL ["/.cf/busybox","sh","/.cf/wrap","c1s0","/bin/sh","-c"]\nUSER 0:0\n');
    expect(out).toContain('VOLUME /data\n');
    expect(out).toContain('RUN touch /data/x\nRUN ["/.cf/busybox","sh","/.cf/probe","c1s0"]\nCOPY a /data/\n');
    expect(out.trimEnd().endsWith('COPY a /data/')).toBe(true);
    expect(plans[0]?.expect.map((e) => e.kind)).toEqual(['run-start', 'run-end', 'run-start', 'run-end', 'probe', 'ins', 'probe']);
  });

  it('probes after an observed instruction that no wrapped RUN follows', () => {
    const t = 'FROM debian:12\nCOPY a /x/\nCOPY b /y/\nRUN touch /z\n';
    const { text: out, plans } = instrument(makeCase('c2', t), parseCase(t), 'written');
    expect(out.match(/\/\.cf\/probe/g)).toHaveLength(1);
    expect(plans[0]?.expect.map((e) => e.kind)).toEqual(['ins', 'probe', 'ins', 'run-start', 'run-end', 'probe']);
  });

  it('probes at the end of a stage that ends with a VOLUME, so that Buildah creates its directory there', () => {
    const t = 'FROM debian:12\nRUN touch /a\nVOLUME /data\n';
    const { text: out, plans } = instrument(makeCase('c3', t), parseCase(t), 'written');
    expect(out.trimEnd().endsWith('VOLUME /data\nRUN ["/.cf/busybox","sh","/.cf/probe","c3s0"]')).toBe(true);
    expect(plans[0]?.expect.map((e) => e.kind)).toEqual(['run-start', 'run-end', 'probe', 'probe']);
  });

  it('probes right after the last VOLUME that no RUN follows (Buildah makes its directory only at a RUN)', () => {
    const t = 'FROM debian:12\nVOLUME /srv/data\nCOPY x data/\n';
    const { text: out, plans } = instrument(makeCase('c4', t), parseCase(t), 'written');
    expect(out).toContain('VOLUME /srv/data\nRUN ["/.cf/busybox","sh","/.cf/probe","c4s0"]\nCOPY x data/\n');
    expect(plans[0]?.expect.map((e) => e.kind)).toEqual(['probe', 'ins', 'probe']);
    expect(instrument(makeCase('c4', t), parseCase(t), 'neutral').text).toContain('COPY .cf-empty/ /srv/data/\nRUN ["/.cf/busybox","sh","/.cf/probe","c4s0"]\n');
    expect(instrument(makeCase('c4', t), parseCase(t), 'fixed').text).not.toContain('/.cf/probe');
  });

  it('reads final images in one collector RUN that bind-mounts each stage', () => {
    const out = collector('cf0c0', ['c1s0', 'c1s1']);
    expect(out).toBe(
      'FROM scratch AS cf0c0\nRUN --mount=type=bind,from=c1s0,target=/.m/c1s0 --mount=type=bind,from=c1s1,target=/.m/c1s1 ["/.cf/busybox","sh","/.cf/collect","c1s0","c1s1"]\n',
    );
  });

  it('stands a VOLUME in with a COPY of an empty directory in the neutral build', () => {
    const { text: out } = instrument(makeCase('c1', text), parsed, 'neutral');
    expect(out).toContain('COPY .cf-empty/ /data/\n');
    expect(out).not.toContain('VOLUME');
  });
});

describe('observe and caseTruth', () => {
  const text = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';
  const parsed = parseCase(text);
  const plan = instrument(makeCase('c1', text), parsed, 'written').plans[0];
  const base = new Map([['/', { type: 'directory', size: 0, uid: 0, gid: 0, mode: '755' }]]);

  function result(variant: VariantResult['variant'], log: string): VariantResult {
    if (!plan) throw new Error('no plan');
    return { variant, stages: new Map([['c1s0', observe(plan, log, base)]]), buildErrors: new Map(), builds: 1, seconds: 0 };
  }

  it('takes the final state from the collector, after the records the plan expects (an ONBUILD trigger of a later stage may log more)', () => {
    if (!plan) throw new Error('no plan');
    const log = [record('run', [dir('/data')]), record('end 0', [dir('/data'), file('/data/x', 'd41d')]), record('run', [dir('/data')]), record('end 0', [dir('/data', 1000)])].join('\n');
    const obs = observe(plan, log, base, record('probe', [dir('/data'), dir('/final')]));
    expect(obs.complete).toBe(true);
    expect([...(obs.final?.keys() ?? [])]).toEqual(['/', '/data', '/final']);
    expect(observe(plan, log, base, '').complete).toBe(false);
  });

  it('turns a change the builder undid into a loss of the instruction that made it', () => {
    const written = result('written', [record('run', [dir('/data')]), record('end 0', [dir('/data'), file('/data/x', 'd41d')]), record('probe', [dir('/data')])].join('\n'));
    const neutral = result('neutral', [record('run', [dir('/data')]), record('end 0', [dir('/data'), file('/data/x', 'd41d')]), record('probe', [dir('/data'), file('/data/x', 'd41d')])].join('\n'));
    const truth = caseTruth('c1', parsed, written, neutral);
    expect(truth.losses).toEqual([{ ins: 2, path: '/data/x', change: 'content' }]);
    expect(truth.unexplained).toEqual([]);
    expect(truth.builtWritten && truth.builtNeutral).toBe(true);
  });

  it('finds no loss when the builder keeps the change, and records a failing RUN', () => {
    const kept = [record('run', [dir('/data')]), record('end 0', [dir('/data', 1000)]), record('probe', [dir('/data', 1000)])].join('\n');
    expect(caseTruth('c1', parsed, result('written', kept), result('neutral', kept)).losses).toEqual([]);
    const failing = [record('run', [dir('/data')]), record('end 1', [dir('/data')]), record('probe', [dir('/data')])].join('\n');
    const truth = caseTruth('c1', parsed, result('written', failing), result('neutral', kept));
    expect(truth.builtWritten).toBe(false);
    expect(truth.stopAt).toBe(2);
  });
});

describe('harness details', () => {
  it('reads absolute RUN --mount targets', () => {
    expect(mountTargets('RUN --mount=type=cache,target=/data/cache/ --mount=type=tmpfs,dst=/t --mount=type=bind,target=$X rm -rf /data/cache/*')).toEqual(['/data/cache', '/t']);
  });

  it('pairs randomly named entries only', () => {
    expect(randomTwins('/tmp/tmp.zD0E17', '/tmp/tmp.rSAV0p')).toBe(true);
    expect(randomTwins('/data/stamp-1733036400', '/data/stamp-1733036412')).toBe(true);
    expect(randomTwins('/data/a', '/data/b')).toBe(false);
    expect(randomTwins('/tmp/tmp.zD0E17', '/var/tmp.rSAV0p')).toBe(false);
    expect(randomTwins('/tmp/tmp.zD0E17', '/tmp/tmp-rSAV0p')).toBe(false);
  });
});
